// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlstore

import (
	"context"
	"time"

	"disclose/internal/foi"
)

// Gauges reads the operator's counts on one snapshot (/metrics). Each
// query is answered from an index: outbox_due and outbox_failed,
// inbound_status, requests_status_due, and job_runs' primary key.
func (r *Reader) Gauges(ctx context.Context, today time.Time) (g *foi.Gauges, err error) {
	g = &foi.Gauges{Outbox: map[foi.OutboxStatus]int64{}, Inbound: map[foi.InboundStatus]int64{}, Cases: map[foi.Status]int64{}}
	err = r.snapshot(ctx, func(r *Reader) error {
		group := func(query string, put func(string, int64), args ...any) error {
			return Each(ctx, r.Q, func(rows Rows) error {
				var k string
				var n int64
				err := rows.Scan(&k, &n)
				put(k, n)
				return err
			}, query, args...)
		}
		if err := group(`SELECT status, count(*) FROM outbox WHERE status IN ('queued', 'sending') GROUP BY status`,
			func(k string, n int64) { g.Outbox[foi.OutboxStatus(k)] = n }); err != nil {
			return err
		}
		var failed int64
		if err := r.Q.QueryRow(ctx, `SELECT count(*), coalesce(sum(CASE WHEN in_doubt THEN 1 ELSE 0 END), 0)
			FROM outbox WHERE status = 'failed'`).Scan(&failed, &g.OutboxInDoubt); err != nil {
			return err
		}
		g.Outbox[foi.OutboxFailed] = failed
		if err := group(`SELECT status, count(*) FROM inbound GROUP BY status`,
			func(k string, n int64) { g.Inbound[foi.InboundStatus(k)] = n }); err != nil {
			return err
		}
		if err := group(`SELECT status, count(*) FROM requests
			WHERE status IN ('open', 'awaiting-clarification', 'awaiting-fee', 'extended', 'in-review') GROUP BY status`,
			func(k string, n int64) { g.Cases[foi.Status(k)] = n }); err != nil {
			return err
		}
		if err := r.Q.QueryRow(ctx, `SELECT count(*) FROM requests
			WHERE status IN ('open', 'extended') AND due_on IS NOT NULL AND due_on < ?`, r.D.Date(today)).Scan(&g.Overdue); err != nil {
			return err
		}
		g.Jobs, err = List(ctx, r.Q, func(row Row) (j foi.JobGauge, err error) {
			return j, row.Scan(&j.Job, &j.Finished, ScanInstant(&j.LastFinished))
		}, `SELECT job, count(finished_at), max(finished_at) FROM job_runs GROUP BY job ORDER BY job`)
		return err
	})
	if err != nil {
		return nil, r.D.Wrap("gauges", err)
	}
	return g, nil
}
