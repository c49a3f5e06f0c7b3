package sqlite

import (
	"context"
	"database/sql"
	"time"

	"disclose/internal/foi"
)

var _ foi.GaugeReader = (*Store)(nil)

// Gauges reads the operator's counts in one read transaction (/metrics).
// Each query is answered from an index: outbox_due and outbox_failed,
// inbound_status, requests_status_due, and job_runs' primary key.
func (s *Store) Gauges(ctx context.Context, today time.Time) (*foi.Gauges, error) {
	g := &foi.Gauges{Outbox: map[foi.OutboxStatus]int64{}, Inbound: map[foi.InboundStatus]int64{}, Cases: map[foi.Status]int64{}}
	err := s.reader.view(ctx, func(q querier) error {
		group := func(query string, put func(string, int64), args ...any) error {
			rows, err := q.QueryContext(ctx, query, args...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var k string
				var n int64
				if err := rows.Scan(&k, &n); err != nil {
					return err
				}
				put(k, n)
			}
			return rows.Err()
		}
		if err := group(`SELECT status, count(*) FROM outbox WHERE status IN ('queued', 'sending') GROUP BY status`,
			func(k string, n int64) { g.Outbox[foi.OutboxStatus(k)] = n }); err != nil {
			return err
		}
		if err := q.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(in_doubt), 0) FROM outbox WHERE status = 'failed'`).
			Scan(intPtr(g, foi.OutboxFailed), &g.OutboxInDoubt); err != nil {
			return err
		}
		if err := group(`SELECT status, count(*) FROM inbound GROUP BY status`,
			func(k string, n int64) { g.Inbound[foi.InboundStatus(k)] = n }); err != nil {
			return err
		}
		if err := group(`SELECT status, count(*) FROM requests
			WHERE status IN ('open', 'awaiting-clarification', 'awaiting-fee', 'extended', 'in-review') GROUP BY status`,
			func(k string, n int64) { g.Cases[foi.Status(k)] = n }); err != nil {
			return err
		}
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM requests
			WHERE status IN ('open', 'extended') AND due_on IS NOT NULL AND due_on < ?`, date(today)).Scan(&g.Overdue); err != nil {
			return err
		}
		rows, err := q.QueryContext(ctx, `SELECT job, count(finished_at), max(finished_at) FROM job_runs GROUP BY job ORDER BY job`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var j foi.JobGauge
			var last sql.NullString
			if err := rows.Scan(&j.Job, &j.Finished, &last); err != nil {
				return err
			}
			if last.Valid {
				j.LastFinished, _ = time.Parse(instantLayout, last.String)
			}
			g.Jobs = append(g.Jobs, j)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, wrap("gauges", err)
	}
	return g, nil
}

// intPtr scans a count into the outbox map.
func intPtr(g *foi.Gauges, st foi.OutboxStatus) sql.Scanner {
	return countScanner(func(n int64) { g.Outbox[st] = n })
}

type countScanner func(int64)

func (f countScanner) Scan(v any) error {
	var n sql.NullInt64
	if err := n.Scan(v); err != nil {
		return err
	}
	f(n.Int64)
	return nil
}
