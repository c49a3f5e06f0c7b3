package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"disclose/internal/foi"
)

// The statistics queries group in the database, as in the SQLite store.
const (
	statsFrom  = `FROM requests r LEFT JOIN publications p ON p.request_id = r.id AND p.unpublished_at IS NULL`
	statsKey   = `to_char(r.received_on, 'YYYY-MM'), r.regime, COALESCE(p.category, '')`
	statsWhere = `WHERE r.received_on BETWEEN $1 AND $2`
)

func (s *Store) CountRequests(ctx context.Context, from, to, asOf time.Time) (c *foi.StatsCounts, err error) {
	err = s.view(ctx, func(rd *reader) error { c, err = rd.CountRequests(ctx, from, to, asOf); return err })
	return c, err
}

// CountRequests counts the requests received in [from, to] for statistics.
func (rd *reader) CountRequests(ctx context.Context, from, to, asOf time.Time) (*foi.StatsCounts, error) {
	out := &foi.StatsCounts{}
	scan := func(query string, args []any, row func(pgx.Rows) error) error {
		rows, err := rd.q.Query(ctx, query, args...)
		if err != nil {
			return mapError(err, "count requests")
		}
		defer rows.Close()
		for rows.Next() {
			if err := row(rows); err != nil {
				return mapError(err, "count requests")
			}
		}
		return mapError(rows.Err(), "count requests")
	}
	names := map[int64]string{}
	err := scan(`SELECT id, name FROM users`, nil, func(rows pgx.Rows) error {
		var id int64
		var name string
		err := rows.Scan(&id, &name)
		names[id] = name
		return err
	})
	if err != nil {
		return nil, err
	}
	period := []any{pgDate(from), pgDate(to)}
	var regime, status, outcome, timeliness, category string
	err = scan(`SELECT `+statsKey+`, r.status, r.outcome,
		CASE WHEN r.responded_on IS NULL THEN ''
		     WHEN r.due_on IS NULL OR r.responded_on > r.due_on THEN 'late'
		     WHEN EXISTS (SELECT 1 FROM events e WHERE e.request_id = r.id AND e.type = 'extended') THEN 'extended'
		     ELSE 'in-time' END,
		COALESCE(r.responded_on IS NULL AND r.due_on < $3, false), r.departments, count(*)
		`+statsFrom+` `+statsWhere+` GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`,
		append(period, pgDate(asOf)), func(rows pgx.Rows) error {
			var c foi.RequestCount
			var n int64
			var depts string
			err := rows.Scan(&c.Month, &regime, &category, &status, &outcome, &timeliness, &c.Overdue, &depts, &n)
			c.Departments = foi.DepartmentList(depts, names)
			c.Regime, c.Category, c.Status, c.Outcome, c.Timeliness, c.N = foi.Regime(regime), category, foi.Status(status),
				foi.Outcome(outcome), foi.Timeliness(timeliness), int(n)
			out.Requests = append(out.Requests, c)
			return err
		})
	if err != nil {
		return nil, err
	}
	err = scan(`SELECT `+statsKey+`, x, count(DISTINCT r.id) `+statsFrom+`
		JOIN parts pt ON pt.request_id = r.id CROSS JOIN unnest(pt.exemptions) x
		`+statsWhere+` GROUP BY 1, 2, 3, 4`, period, func(rows pgx.Rows) error {
		var c foi.ExemptionCount
		var n int64
		err := rows.Scan(&c.Month, &regime, &c.Category, &c.Exemption, &n)
		c.Regime, c.N = foi.Regime(regime), int(n)
		out.Exemptions = append(out.Exemptions, c)
		return err
	})
	if err != nil {
		return nil, err
	}
	err = scan(`SELECT `+statsKey+`, rv.outcome, rv.completed_on IS NULL,
		CASE WHEN rv.completed_on IS NULL THEN '' WHEN rv.completed_on > rv.due_on THEN 'late' ELSE 'in-time' END,
		rv.completed_on IS NULL AND rv.due_on < $3, count(*) `+statsFrom+`
		JOIN reviews rv ON rv.request_id = r.id `+statsWhere+` GROUP BY 1, 2, 3, 4, 5, 6, 7`, append(period, pgDate(asOf)), func(rows pgx.Rows) error {
		var c foi.ReviewCount
		var n int64
		err := rows.Scan(&c.Month, &regime, &c.Category, &outcome, &c.Open, &timeliness, &c.Overdue, &n)
		c.Regime, c.Outcome, c.Timeliness, c.N = foi.Regime(regime), foi.ReviewOutcome(outcome), foi.Timeliness(timeliness), int(n)
		out.Reviews = append(out.Reviews, c)
		return err
	})
	if err != nil {
		return nil, err
	}
	err = scan(`SELECT `+statsKey+`, count(*) `+statsFrom+`
		JOIN regulator_cases rc ON rc.request_id = r.id `+statsWhere+` GROUP BY 1, 2, 3`, period, func(rows pgx.Rows) error {
		var c foi.ComplaintCount
		var n int64
		err := rows.Scan(&c.Month, &regime, &c.Category, &n)
		c.Regime, c.N = foi.Regime(regime), int(n)
		out.Complaints = append(out.Complaints, c)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
