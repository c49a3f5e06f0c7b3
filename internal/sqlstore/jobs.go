// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlstore

import (
	"context"
	"errors"
	"time"

	"disclose/internal/foi"
)

// ClaimJob inserts the day's run, or takes over a claim that lapsed. Two
// processes' claims are one after the other: SQLite's writer lock, and on
// PostgreSQL ON CONFLICT waits for a concurrent claim of the same run to
// commit, then sees it, so two processes never both win.
func (t *Tx) ClaimJob(ctx context.Context, job string, day time.Time, worker string, lease time.Duration) (bool, error) {
	var by string
	err := t.Q.QueryRow(ctx, `INSERT INTO job_runs (job, day, claimed_by, claimed_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (job, day) DO UPDATE SET claimed_by = excluded.claimed_by, claimed_at = excluded.claimed_at
		WHERE job_runs.finished_at IS NULL AND job_runs.claimed_at < ?
		RETURNING claimed_by`,
		job, t.D.Date(day), worker, t.D.Instant(t.Now), t.D.Instant(t.Now.Add(-lease))).Scan(&by)
	if errors.Is(err, ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, t.D.Wrap("claim job", err)
	}
	return true, nil
}

// FinishJob marks the run finished if worker still holds it.
func (t *Tx) FinishJob(ctx context.Context, job string, day time.Time, worker string) error {
	n, err := t.Q.Exec(ctx, `UPDATE job_runs SET finished_at = ?
		WHERE job = ? AND day = ? AND claimed_by = ? AND finished_at IS NULL`,
		t.D.Instant(t.Now), job, t.D.Date(day), worker)
	return changed(t.D, "finish job", n, err, foi.ECONFLICT, "%s run of %s is not claimed by %s", job, foi.FormatDate(day), worker)
}

// ReleaseJob removes worker's unfinished claim.
func (t *Tx) ReleaseJob(ctx context.Context, job string, day time.Time, worker string) error {
	_, err := t.Q.Exec(ctx, `DELETE FROM job_runs WHERE job = ? AND day = ? AND claimed_by = ? AND finished_at IS NULL`,
		job, t.D.Date(day), worker)
	return t.D.Wrap("release job", err)
}
