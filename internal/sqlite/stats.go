package sqlite

import (
	"context"
	"encoding/json"
	"time"

	"disclose/internal/foi"
)

// summaryQuery reads one row per request for statistics: everything is
// computed per request by index lookups (events, parts, reviews,
// publications by request id), so a year's walk costs one range scan of
// requests_received_on plus a few probes a row.
const summaryQuery = `SELECT r.ref_prefix, r.ref_number, r.regime, r.received_on, r.due_on, r.responded_on, r.status, r.outcome,
	EXISTS (SELECT 1 FROM events e WHERE e.request_id = r.id AND e.type = 'extended'),
	COALESCE((SELECT c.name FROM publications p JOIN publication_categories c ON c.id = p.category_id
		WHERE p.request_id = r.id AND p.unpublished_at IS NULL), ''),
	COALESCE((SELECT json_group_array(DISTINCT j.value) FROM parts pt, json_each(pt.exemptions) j WHERE pt.request_id = r.id), '[]'),
	COALESCE((SELECT json_group_array(rv.outcome) FROM reviews rv WHERE rv.request_id = r.id AND rv.completed_on IS NOT NULL), '[]'),
	(SELECT count(*) FROM reviews rv WHERE rv.request_id = r.id AND rv.completed_on IS NULL),
	(SELECT count(*) FROM regulator_cases rc WHERE rc.request_id = r.id)
FROM requests r WHERE r.received_on BETWEEN ? AND ? ORDER BY r.received_on, r.id`

// SummariseRequests walks the requests received in [from, to] for statistics.
func (r reader) SummariseRequests(ctx context.Context, from, to time.Time, fn func(*foi.CaseSummary) error) error {
	return r.view(ctx, func(q querier) error {
		rows, err := q.QueryContext(ctx, summaryQuery, date(from), date(to))
		if err != nil {
			return wrap("summarise requests", err)
		}
		defer rows.Close()
		for rows.Next() {
			var (
				c                   foi.CaseSummary
				exemptions, reviews string
			)
			if err := rows.Scan(&c.Reference.Prefix, &c.Reference.Number, &c.Regime, scanDate(&c.ReceivedOn), scanDate(&c.DueOn),
				scanDate(&c.RespondedOn), &c.Status, &c.Outcome, &c.Extended, &c.Category, &exemptions, &reviews,
				&c.ReviewsOpen, &c.Complaints); err != nil {
				return wrap("summarise requests", err)
			}
			if err := json.Unmarshal([]byte(exemptions), &c.Exemptions); err != nil {
				return wrap("summarise requests: exemptions", err)
			}
			if err := json.Unmarshal([]byte(reviews), &c.Reviews); err != nil {
				return wrap("summarise requests: reviews", err)
			}
			if err := fn(&c); err != nil {
				return err
			}
		}
		return wrap("summarise requests", rows.Err())
	})
}
