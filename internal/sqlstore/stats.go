// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlstore

import (
	"context"
	"time"

	"disclose/internal/foi"
)

// CountRequests counts the requests received in [from, to] for statistics,
// grouping in the database. Each request is joined to its public
// disclosure-log entry for the category (Dialect.StatsSQL: the engines keep
// categories differently) by its unique request_id index.
func (r *Reader) CountRequests(ctx context.Context, from, to, asOf time.Time) (out *foi.StatsCounts, err error) {
	err = r.snapshot(ctx, func(r *Reader) error { out, err = r.countRequests(ctx, from, to, asOf); return err })
	return out, err
}

func (r *Reader) countRequests(ctx context.Context, from, to, asOf time.Time) (*foi.StatsCounts, error) {
	out := &foi.StatsCounts{}
	sq := r.D.StatsSQL()
	from_ := `FROM requests r LEFT JOIN publications p ON p.request_id = r.id AND p.unpublished_at IS NULL ` + sq.CategoryJoin
	key := sq.Month("r.received_on") + `, r.regime, ` + sq.Category
	where := `WHERE r.received_on BETWEEN ? AND ?`
	period := []any{r.D.Date(from), r.D.Date(to)}
	scan := func(query string, args []any, row func(Rows) error) error {
		return r.D.Wrap("count requests", Each(ctx, r.Q, row, query, args...))
	}
	// A contributor answering for a department counts as the department;
	// a shared department contact's name is the department's.
	names := map[int64]string{}
	err := scan(`SELECT id, CASE WHEN department <> '' THEN department ELSE name END FROM users`, nil, func(rows Rows) error {
		var id int64
		var name string
		err := rows.Scan(&id, &name)
		names[id] = name
		return err
	})
	if err != nil {
		return nil, err
	}
	err = scan(`SELECT `+key+`, r.status, r.outcome,
		CASE WHEN r.responded_on IS NULL THEN ''
		     WHEN r.due_on IS NULL OR r.responded_on > r.due_on THEN 'late'
		     WHEN EXISTS (SELECT 1 FROM events e WHERE e.request_id = r.id AND e.type = 'extended') THEN 'extended'
		     ELSE 'in-time' END,
		COALESCE(r.responded_on IS NULL AND r.due_on < ?, ?), r.departments, count(*)
		`+from_+` `+where+` GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`,
		append([]any{r.D.Date(asOf), false}, period...), func(rows Rows) error {
			var c foi.RequestCount
			var depts string
			err := rows.Scan(&c.Month, &c.Regime, &c.Category, &c.Status, &c.Outcome, &c.Timeliness, &c.Overdue, &depts, &c.N)
			c.Departments = foi.DepartmentList(depts, names)
			out.Requests = append(out.Requests, c)
			return err
		})
	if err != nil {
		return nil, err
	}
	err = scan(sq.Exemptions, period, func(rows Rows) error {
		var c foi.ExemptionCount
		err := rows.Scan(&c.Month, &c.Regime, &c.Category, &c.Exemption, &c.N)
		out.Exemptions = append(out.Exemptions, c)
		return err
	})
	if err != nil {
		return nil, err
	}
	err = scan(`SELECT `+key+`, rv.outcome, rv.completed_on IS NULL,
		CASE WHEN rv.completed_on IS NULL THEN '' WHEN rv.completed_on > rv.due_on THEN 'late' ELSE 'in-time' END,
		rv.completed_on IS NULL AND rv.due_on < ?, count(*) `+from_+`
		JOIN reviews rv ON rv.request_id = r.id `+where+` GROUP BY 1, 2, 3, 4, 5, 6, 7`,
		append([]any{r.D.Date(asOf)}, period...), func(rows Rows) error {
			var c foi.ReviewCount
			err := rows.Scan(&c.Month, &c.Regime, &c.Category, &c.Outcome, &c.Open, &c.Timeliness, &c.Overdue, &c.N)
			out.Reviews = append(out.Reviews, c)
			return err
		})
	if err != nil {
		return nil, err
	}
	err = scan(`SELECT `+key+`, count(*) `+from_+`
		JOIN regulator_cases rc ON rc.request_id = r.id `+where+` GROUP BY 1, 2, 3`, period, func(rows Rows) error {
		var c foi.ComplaintCount
		err := rows.Scan(&c.Month, &c.Regime, &c.Category, &c.N)
		out.Complaints = append(out.Complaints, c)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
