package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"disclose/internal/foi"
)

// summaryQuery reads one row per request for statistics, each computed by
// index lookups on the request's id.
const summaryQuery = `SELECT r.ref_prefix, r.ref_number, r.regime, r.received_on, r.due_on, r.responded_on, r.status, r.outcome,
	EXISTS (SELECT 1 FROM events e WHERE e.request_id = r.id AND e.type = 'extended'),
	COALESCE((SELECT p.category FROM publications p WHERE p.request_id = r.id AND p.unpublished_at IS NULL), ''),
	COALESCE((SELECT array_agg(DISTINCT x) FROM parts pt, unnest(pt.exemptions) x WHERE pt.request_id = r.id), '{}'),
	COALESCE((SELECT array_agg(rv.outcome ORDER BY rv.id) FROM reviews rv WHERE rv.request_id = r.id AND rv.completed_on IS NOT NULL), '{}'),
	(SELECT count(*) FROM reviews rv WHERE rv.request_id = r.id AND rv.completed_on IS NULL),
	(SELECT count(*) FROM regulator_cases rc WHERE rc.request_id = r.id)
FROM requests r WHERE r.received_on BETWEEN $1 AND $2 ORDER BY r.received_on, r.id`

func (s *Store) SummariseRequests(ctx context.Context, from, to time.Time, fn func(*foi.CaseSummary) error) error {
	return s.view(ctx, func(rd *reader) error { return rd.SummariseRequests(ctx, from, to, fn) })
}

// SummariseRequests walks the requests received in [from, to] for statistics.
func (rd *reader) SummariseRequests(ctx context.Context, from, to time.Time, fn func(*foi.CaseSummary) error) error {
	rows, err := rd.q.Query(ctx, summaryQuery, pgDate(from), pgDate(to))
	if err != nil {
		return mapError(err, "summarise requests")
	}
	defer rows.Close()
	for rows.Next() {
		var (
			c                        foi.CaseSummary
			prefix, regime, status   string
			outcome                  string
			number                   int64
			received, due, responded pgtype.Date
			reviews                  []string
			open, complaints         int64
		)
		if err := rows.Scan(&prefix, &number, &regime, &received, &due, &responded, &status, &outcome, &c.Extended,
			&c.Category, &c.Exemptions, &reviews, &open, &complaints); err != nil {
			return mapError(err, "summarise requests")
		}
		c.Reference = foi.Reference{Prefix: prefix, Number: int(number)}
		c.Regime, c.Status, c.Outcome = foi.Regime(regime), foi.Status(status), foi.Outcome(outcome)
		c.ReceivedOn, c.DueOn, c.RespondedOn = fromDate(received), fromDate(due), fromDate(responded)
		for _, o := range reviews {
			c.Reviews = append(c.Reviews, foi.ReviewOutcome(o))
		}
		c.ReviewsOpen, c.Complaints = int(open), int(complaints)
		if err := fn(&c); err != nil {
			return err
		}
	}
	return mapError(rows.Err(), "summarise requests")
}
