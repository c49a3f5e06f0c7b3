package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"disclose/internal/foi"
)

var _ foi.GaugeReader = (*Store)(nil)

// Gauges reads the operator's counts in one repeatable-read, read-only
// transaction (/metrics), each from an index.
func (s *Store) Gauges(ctx context.Context, today time.Time) (*foi.Gauges, error) {
	g := &foi.Gauges{Outbox: map[foi.OutboxStatus]int64{}, Inbound: map[foi.InboundStatus]int64{}, Cases: map[foi.Status]int64{}}
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		group := func(query string, put func(string, int64)) error {
			rows, err := tx.Query(ctx, query)
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
		var failed int64
		if err := tx.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE in_doubt) FROM outbox WHERE status = 'failed'`).
			Scan(&failed, &g.OutboxInDoubt); err != nil {
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
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM requests
			WHERE status IN ('open', 'extended') AND due_on < $1`, today.Format(foi.DateLayout)).Scan(&g.Overdue); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT job, count(finished_at), max(finished_at) FROM job_runs GROUP BY job ORDER BY job`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var j foi.JobGauge
			var last pgtype.Timestamptz
			if err := rows.Scan(&j.Job, &j.Finished, &last); err != nil {
				return err
			}
			if last.Valid {
				j.LastFinished = last.Time
			}
			g.Jobs = append(g.Jobs, j)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: gauges: %w", err)
	}
	return g, nil
}
