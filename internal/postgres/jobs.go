package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"disclose/internal/foi"
)

// ClaimJob inserts the day's run, or takes over a claim that lapsed. ON
// CONFLICT waits for a concurrent claim of the same run to commit, then
// sees it, so two processes never both win.
func (tx *Tx) ClaimJob(ctx context.Context, job string, day time.Time, worker string, lease time.Duration) (bool, error) {
	var by string
	err := tx.q.QueryRow(ctx, `INSERT INTO job_runs (job, day, claimed_by, claimed_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (job, day) DO UPDATE SET claimed_by = excluded.claimed_by, claimed_at = excluded.claimed_at
		WHERE job_runs.finished_at IS NULL AND job_runs.claimed_at < $5
		RETURNING claimed_by`,
		job, pgDate(day), worker, pgTime(tx.now), pgTime(tx.now.Add(-lease))).Scan(&by)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, mapError(err, "claim job")
	}
	return true, nil
}

// FinishJob marks the run finished if worker still holds it.
func (tx *Tx) FinishJob(ctx context.Context, job string, day time.Time, worker string) error {
	tag, err := tx.q.Exec(ctx, `UPDATE job_runs SET finished_at = $1
		WHERE job = $2 AND day = $3 AND claimed_by = $4 AND finished_at IS NULL`,
		pgTime(tx.now), job, pgDate(day), worker)
	if err != nil {
		return mapError(err, "finish job")
	}
	if tag.RowsAffected() == 0 {
		return foi.Errorf(foi.ECONFLICT, "%s run of %s is not claimed by %s", job, foi.FormatDate(day), worker)
	}
	return nil
}
