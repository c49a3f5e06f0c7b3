package sqlite

import (
	"context"
	"database/sql"
	"time"

	"disclose/internal/foi"
)

// The statistics queries group in the database. Each request is joined to
// its public disclosure-log entry (for the category) by its unique
// request_id index; timeliness asks the partial events_extended index; the
// departments asked for input are kept on the request by triggers and read
// from the stats index (migration 0015).
const (
	statsFrom = `FROM requests r
	LEFT JOIN publications p ON p.request_id = r.id AND p.unpublished_at IS NULL
	LEFT JOIN publication_categories c ON c.id = p.category_id`
	statsKey   = `substr(r.received_on, 1, 7), r.regime, COALESCE(c.name, '')`
	statsWhere = `WHERE r.received_on BETWEEN ? AND ?`
)

// CountRequests counts the requests received in [from, to] for statistics.
func (r reader) CountRequests(ctx context.Context, from, to, asOf time.Time) (*foi.StatsCounts, error) {
	out := &foi.StatsCounts{}
	err := r.view(ctx, func(q querier) error {
		scan := func(query string, args []any, row func(*sql.Rows) error) error {
			rows, err := q.QueryContext(ctx, query, args...)
			if err != nil {
				return wrap("count requests", err)
			}
			defer rows.Close()
			for rows.Next() {
				if err := row(rows); err != nil {
					return wrap("count requests", err)
				}
			}
			return wrap("count requests", rows.Err())
		}
		names := map[int64]string{}
		err := scan(`SELECT id, name FROM users`, nil, func(rows *sql.Rows) error {
			var id int64
			var name string
			err := rows.Scan(&id, &name)
			names[id] = name
			return err
		})
		if err != nil {
			return err
		}
		period := []any{date(from), date(to)}
		err = scan(`SELECT `+statsKey+`, r.status, r.outcome,
			CASE WHEN r.responded_on IS NULL THEN ''
			     WHEN r.due_on IS NULL OR r.responded_on > r.due_on THEN 'late'
			     WHEN EXISTS (SELECT 1 FROM events e WHERE e.request_id = r.id AND e.type = 'extended') THEN 'extended'
			     ELSE 'in-time' END,
			r.responded_on IS NULL AND r.due_on < ?, r.departments, count(*)
			`+statsFrom+` `+statsWhere+` GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`,
			append([]any{date(asOf)}, period...), func(rows *sql.Rows) error {
				var c foi.RequestCount
				var depts string
				err := rows.Scan(&c.Month, &c.Regime, &c.Category, &c.Status, &c.Outcome, &c.Timeliness, &c.Overdue, &depts, &c.N)
				c.Departments = foi.DepartmentList(depts, names)
				out.Requests = append(out.Requests, c)
				return err
			})
		if err != nil {
			return err
		}
		// part_exemptions (kept by triggers) is walked by date of receipt.
		err = scan(`SELECT substr(pe.received_on, 1, 7), r.regime, COALESCE(c.name, ''), pe.exemption, count(DISTINCT r.id)
			FROM part_exemptions pe JOIN requests r ON r.id = pe.request_id
			LEFT JOIN publications p ON p.request_id = r.id AND p.unpublished_at IS NULL
			LEFT JOIN publication_categories c ON c.id = p.category_id
			WHERE pe.received_on BETWEEN ? AND ? GROUP BY 1, 2, 3, 4`, period, func(rows *sql.Rows) error {
			var c foi.ExemptionCount
			err := rows.Scan(&c.Month, &c.Regime, &c.Category, &c.Exemption, &c.N)
			out.Exemptions = append(out.Exemptions, c)
			return err
		})
		if err != nil {
			return err
		}
		err = scan(`SELECT `+statsKey+`, rv.outcome, rv.completed_on IS NULL,
			CASE WHEN rv.completed_on IS NULL THEN '' WHEN rv.completed_on > rv.due_on THEN 'late' ELSE 'in-time' END,
			rv.completed_on IS NULL AND rv.due_on < ?, count(*) `+statsFrom+`
			JOIN reviews rv ON rv.request_id = r.id `+statsWhere+` GROUP BY 1, 2, 3, 4, 5, 6, 7`, append([]any{date(asOf)}, period...), func(rows *sql.Rows) error {
			var c foi.ReviewCount
			err := rows.Scan(&c.Month, &c.Regime, &c.Category, &c.Outcome, &c.Open, &c.Timeliness, &c.Overdue, &c.N)
			out.Reviews = append(out.Reviews, c)
			return err
		})
		if err != nil {
			return err
		}
		return scan(`SELECT `+statsKey+`, count(*) `+statsFrom+`
			JOIN regulator_cases rc ON rc.request_id = r.id `+statsWhere+` GROUP BY 1, 2, 3`, period, func(rows *sql.Rows) error {
			var c foi.ComplaintCount
			err := rows.Scan(&c.Month, &c.Regime, &c.Category, &c.N)
			out.Complaints = append(out.Complaints, c)
			return err
		})
	})
	return out, err
}
