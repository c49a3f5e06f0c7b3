// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"context"
	"time"
)

// Scheduled jobs run inside every `disclose serve`, so each day's run of a
// job is claimed in the store: the first process to claim it does the
// work, and the others see the claim and do nothing. A claim whose process
// died before finishing lapses after its lease, and another may take over;
// the work must therefore be safe to repeat (the digest is, by outbox key).

// JobWriter claims and finishes the daily runs of scheduled jobs.
type JobWriter interface {
	// ClaimJob claims the run of job for day (a calendar date) for worker,
	// until now+lease. It reports false, changing nothing, when the run has
	// finished or another worker's claim has not yet lapsed.
	ClaimJob(ctx context.Context, job string, day time.Time, worker string, lease time.Duration) (bool, error)
	// FinishJob records that worker finished the run. It fails with
	// ECONFLICT when worker no longer holds the claim.
	FinishJob(ctx context.Context, job string, day time.Time, worker string) error
	// ReleaseJob gives up worker's unfinished claim on the run, so that
	// another process may take it at once instead of after the lease (a
	// process shutting down part-way). It does nothing when worker holds
	// no such claim.
	ReleaseJob(ctx context.Context, job string, day time.Time, worker string) error
}

// Scheduled jobs.
const JobDigest = "digest" // the daily reminder digest to staff
