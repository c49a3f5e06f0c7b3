package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"disclose/internal/foi"
)

// ClaimJob inserts the day's run, or takes over a claim that lapsed; the
// writer lock makes the two processes' claims one after the other.
func (t *tx) ClaimJob(ctx context.Context, job string, day time.Time, worker string, lease time.Duration) (bool, error) {
	var by string
	err := t.tx.QueryRowContext(ctx, `INSERT INTO job_runs (job, day, claimed_by, claimed_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (job, day) DO UPDATE SET claimed_by = excluded.claimed_by, claimed_at = excluded.claimed_at
		WHERE job_runs.finished_at IS NULL AND job_runs.claimed_at < ?
		RETURNING claimed_by`,
		job, date(day), worker, instant(t.now), instant(t.now.Add(-lease))).Scan(&by)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, wrap("claim job", err)
	}
	return true, nil
}

// FinishJob marks the run finished if worker still holds it.
func (t *tx) FinishJob(ctx context.Context, job string, day time.Time, worker string) error {
	res, err := t.tx.ExecContext(ctx, `UPDATE job_runs SET finished_at = ?
		WHERE job = ? AND day = ? AND claimed_by = ? AND finished_at IS NULL`,
		instant(t.now), job, date(day), worker)
	if err != nil {
		return wrap("finish job", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return foi.Errorf(foi.ECONFLICT, "%s run of %s is not claimed by %s", job, foi.FormatDate(day), worker)
	}
	return nil
}
