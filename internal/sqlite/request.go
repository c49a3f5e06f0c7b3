package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"disclose/internal/foi"
)

// referenceCounter names the row of counters that holds the next reference.
const referenceCounter = "reference"

// requestColumns are read by scanRequest, in this order.
const requestColumns = `r.id, r.ref_prefix, r.ref_number, r.regime, r.channel, r.received_at, r.received_on,
	r.text, r.preamble, r.status, r.due_on, r.calendar_version, r.assignee_id, r.responded_on, r.outcome,
	r.created_at, r.updated_at, r.version, q.name, q.email, q.address, q.phone`

const requestFrom = ` FROM requests r JOIN requesters q ON q.id = r.requester_id`

func scanRequest(row interface{ Scan(...any) error }) (*foi.Request, error) {
	r := &foi.Request{}
	err := row.Scan(&r.ID, &r.Reference.Prefix, &r.Reference.Number, &r.Regime, &r.Channel,
		scanInstant(&r.ReceivedAt), scanDate(&r.ReceivedOn), &r.Text, &r.Preamble, &r.Status,
		scanDate(&r.DueOn), &r.CalendarVersion, scanID(&r.AssigneeID), scanDate(&r.RespondedOn), &r.Outcome,
		scanInstant(&r.CreatedAt), scanInstant(&r.UpdatedAt), &r.Version,
		&r.Requester.Name, &r.Requester.Email, &r.Requester.Address, &r.Requester.Phone)
	return r, err
}

// FindRequest finds a request by its number; the prefix does not matter.
// Inside a transaction the request is locked because the whole database is:
// a write transaction holds SQLite's one write lock from its first statement.
func (r reader) FindRequest(ctx context.Context, ref foi.Reference) (*foi.Request, error) {
	name := ref.String()
	if ref.IsZero() {
		name = "with no reference"
	}
	return r.findRequest(ctx, "r.ref_number = ?", ref.Number, name)
}

// FindRequestByID finds a request by its database id.
func (r reader) FindRequestByID(ctx context.Context, id int64) (*foi.Request, error) {
	return r.findRequest(ctx, "r.id = ?", id, fmt.Sprintf("id %d", id))
}

func (r reader) findRequest(ctx context.Context, where string, arg any, name string) (*foi.Request, error) {
	var req *foi.Request
	err := r.view(ctx, func(q querier) error {
		var err error
		req, err = scanRequest(q.QueryRowContext(ctx, `SELECT `+requestColumns+requestFrom+` WHERE `+where, arg))
		if errors.Is(err, sql.ErrNoRows) {
			return foi.Errorf(foi.ENOTFOUND, "request %s not found", name)
		}
		if err != nil {
			return err
		}
		return loadParts(ctx, q, []*foi.Request{req})
	})
	if err != nil {
		return nil, wrap("find request", err)
	}
	return req, nil
}

// loadParts fills in the parts of rs with one query, however many there are.
func loadParts(ctx context.Context, q querier, rs []*foi.Request) error {
	if len(rs) == 0 {
		return nil
	}
	byID := make(map[int64]*foi.Request, len(rs))
	ids := make([]int64, 0, len(rs))
	for _, r := range rs {
		byID[r.ID] = r
		ids = append(ids, r.ID)
	}
	idList, _ := json.Marshal(ids)
	// json_each takes the ids as one parameter, so a page of any size is one
	// statement with no limit on bound variables.
	rows, err := q.QueryContext(ctx, `SELECT request_id, number, label, text, answer, outcome, exemptions, public_interest
		FROM parts WHERE request_id IN (SELECT value FROM json_each(?))
		ORDER BY request_id, number`, string(idList))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id         int64
			p          foi.Part
			exemptions string
		)
		if err := rows.Scan(&id, &p.Number, &p.Label, &p.Text, &p.Answer, &p.Outcome, &exemptions,
			&p.PublicInterest); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(exemptions), &p.Exemptions); err != nil {
			return fmt.Errorf("part %d of request %d: exemptions: %w", p.Number, id, err)
		}
		if len(p.Exemptions) == 0 {
			p.Exemptions = nil
		}
		if r := byID[id]; r != nil {
			r.Parts = append(r.Parts, p)
		}
	}
	return rows.Err()
}

// FindRequests returns one page of the requests that match f, with their
// parts and requester, and how many match in all.
func (r reader) FindRequests(ctx context.Context, f foi.RequestFilter) ([]*foi.Request, int, error) {
	where, args, err := requestWhere(f)
	if err != nil {
		return nil, 0, err
	}
	var order string
	switch f.Order {
	case foi.OrderReceived:
		order = `r.received_at DESC, r.ref_number DESC`
	default: // due (foi.RequestFilter.Validate refuses any other)
		// Requests with no deadline (yet) go last, not first as NULLs would.
		order = `r.due_on IS NULL, r.due_on, r.ref_number`
	}
	limit := f.Limit
	if limit == 0 {
		limit = 50
	}

	var (
		list  []*foi.Request
		total int
	)
	err = r.view(ctx, func(q querier) error {
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM requests r`+where, args...).Scan(&total); err != nil {
			return err
		}
		if total <= f.Offset {
			return nil
		}
		// The page is chosen on ids alone, which the indexes cover, and only
		// its rows are then read in full: a deep OFFSET skips index entries,
		// not joined rows.
		rows, err := q.QueryContext(ctx, `SELECT `+requestColumns+`
			FROM (SELECT r.id FROM requests r`+where+` ORDER BY `+order+` LIMIT ? OFFSET ?) page
			JOIN requests r ON r.id = page.id JOIN requesters q ON q.id = r.requester_id
			ORDER BY `+order, append(args, limit, f.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			req, err := scanRequest(rows)
			if err != nil {
				return err
			}
			list = append(list, req)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return loadParts(ctx, q, list)
	})
	if err != nil {
		return nil, 0, wrap("find requests", err)
	}
	return list, total, nil
}

// requestWhere turns a filter into a WHERE clause on requests r.
func requestWhere(f foi.RequestFilter) (string, []any, error) {
	var (
		conds []string
		args  []any
	)
	if len(f.Statuses) > 0 {
		marks := make([]string, len(f.Statuses))
		for i, s := range f.Statuses {
			marks[i] = "?"
			args = append(args, string(s))
		}
		conds = append(conds, "r.status IN ("+strings.Join(marks, ", ")+")")
	}
	if f.Regime != "" {
		conds = append(conds, "r.regime = ?")
		args = append(args, string(f.Regime))
	}
	if f.AssigneeID != 0 {
		conds = append(conds, "r.assignee_id = ?")
		args = append(args, f.AssigneeID)
	}
	if e := foi.NormaliseEmail(f.RequesterEmail); e != "" {
		conds = append(conds, "r.requester_id IN (SELECT id FROM requesters WHERE lower(email) = ?)")
		args = append(args, e)
	}
	if f.ContributorID != 0 {
		conds = append(conds, "r.id IN (SELECT request_id FROM part_assignments WHERE user_id = ?)")
		args = append(args, f.ContributorID)
	}
	if !f.DueBy.IsZero() {
		conds = append(conds, "r.due_on <= ?")
		args = append(args, date(f.DueBy))
	}
	if number, words := f.TextMatch(); number > 0 || len(words) > 0 {
		// LIKE folds ASCII letters only; full-text search is the
		// Searcher's job.
		var match, all []string
		if number > 0 {
			match = append(match, "r.ref_number = ?")
			args = append(args, number)
		}
		for _, w := range words {
			all = append(all, `r.text LIKE ? ESCAPE '\'`)
			args = append(args, "%"+escapeLike(w)+"%")
		}
		if len(all) > 0 {
			match = append(match, "("+strings.Join(all, " AND ")+")")
		}
		conds = append(conds, "("+strings.Join(match, " OR ")+")")
	}
	if len(conds) == 0 {
		return "", nil, nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args, nil
}

// escapeLike makes s match itself literally in a LIKE pattern with ESCAPE '\'.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// CreateRequest stores a new request, its requester and its parts, and
// assigns its reference when it has none.
func (t *tx) CreateRequest(ctx context.Context, r *foi.Request) error {
	ref, err := t.allocateReference(ctx, r.Reference, r.Regime)
	if err != nil {
		return wrap("create request", err)
	}

	res, err := t.tx.ExecContext(ctx, `INSERT INTO requesters (name, email, address, phone) VALUES (?, ?, ?, ?)`,
		r.Requester.Name, r.Requester.Email, r.Requester.Address, r.Requester.Phone)
	if err != nil {
		return wrap("create requester", err)
	}
	requesterID, err := res.LastInsertId()
	if err != nil {
		return wrap("create requester", err)
	}
	res, err = t.tx.ExecContext(ctx, `INSERT INTO requests (ref_prefix, ref_number, regime, channel, requester_id,
			received_at, received_on, text, preamble, status, due_on, calendar_version, assignee_id,
			responded_on, outcome, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		ref.Prefix, ref.Number, r.Regime, r.Channel, requesterID,
		instant(r.ReceivedAt), date(r.ReceivedOn), r.Text, r.Preamble, r.Status, date(r.DueOn),
		r.CalendarVersion, nullID(r.AssigneeID), date(r.RespondedOn), r.Outcome,
		instant(t.now), instant(t.now))
	if isUnique(err) { // allocateReference checked, so only a bug gets here
		return foi.Errorf(foi.ECONFLICT, "reference %s already exists", ref)
	}
	if err != nil {
		return wrap("create request", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return wrap("create request", err)
	}
	if err := t.insertParts(ctx, id, ref, r.Parts); err != nil {
		return err
	}
	r.ID, r.Reference, r.Version = id, ref, 1
	r.CreatedAt, r.UpdatedAt = t.now, t.now
	return nil
}

// allocateReference returns the reference a new request gets and moves the
// single sequence past it. given is a historical reference to keep, or zero.
//
// The sequence is a counter row, read and written inside the write
// transaction; BEGIN IMMEDIATE means no other transaction can run between
// the read and the write, so two requests never get the same number.
func (t *tx) allocateReference(ctx context.Context, given foi.Reference, regime foi.Regime) (foi.Reference, error) {
	next, err := t.nextReference(ctx)
	if err != nil {
		return foi.Reference{}, err
	}
	ref := given
	if ref.IsZero() {
		ref = foi.Reference{Prefix: regime.ReferencePrefix(), Number: next}
		// Skip numbers taken by historical requests stored out of turn: the
		// first free number at or after next.
		var taken bool
		if err := t.tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM requests WHERE ref_number = ?)`,
			next).Scan(&taken); err != nil {
			return foi.Reference{}, err
		}
		if taken {
			if err := t.tx.QueryRowContext(ctx, `SELECT min(a.ref_number) + 1 FROM requests a
				WHERE a.ref_number >= ? AND NOT EXISTS (SELECT 1 FROM requests b WHERE b.ref_number = a.ref_number + 1)`,
				next).Scan(&ref.Number); err != nil {
				return foi.Reference{}, err
			}
		}
	} else {
		if ref.Prefix == "" {
			ref.Prefix = regime.ReferencePrefix()
		}
		var existing foi.Reference
		err := t.tx.QueryRowContext(ctx, `SELECT ref_prefix, ref_number FROM requests WHERE ref_number = ?`,
			ref.Number).Scan(&existing.Prefix, &existing.Number)
		if err == nil {
			return foi.Reference{}, foi.Errorf(foi.ECONFLICT, "reference %s already exists", existing)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return foi.Reference{}, err
		}
	}
	if _, err := t.tx.ExecContext(ctx, `INSERT INTO counters (name, next) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET next = max(next, excluded.next)`,
		referenceCounter, max(next, ref.Number+1)); err != nil {
		return foi.Reference{}, err
	}
	return ref, nil
}

// nextReference is the next number of the sequence: the counter, but never
// below the reference_start setting, so an authority that sets its start
// after a few trial requests still gets the numbers it asked for.
func (t *tx) nextReference(ctx context.Context) (int, error) {
	start := 1
	if v, err := t.FindSetting(ctx, foi.SettingReferenceStart); err == nil {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n <= 0 {
			return 0, foi.Errorf(foi.EINVALID, "setting %s is %q, want a positive whole number",
				foi.SettingReferenceStart, v)
		}
		start = n
	} else if !foi.IsNotFound(err) {
		return 0, err
	}
	var next int
	err := t.tx.QueryRowContext(ctx, `SELECT next FROM counters WHERE name = ?`, referenceCounter).Scan(&next)
	if errors.Is(err, sql.ErrNoRows) {
		return start, nil
	}
	if err != nil {
		return 0, err
	}
	return max(next, start), nil
}

// insertParts stores the parts of request id.
func (t *tx) insertParts(ctx context.Context, id int64, ref foi.Reference, parts []foi.Part) error {
	for _, p := range parts {
		_, err := t.tx.ExecContext(ctx, `INSERT INTO parts (request_id, number, label, text, answer, outcome,
				exemptions, public_interest)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			id, p.Number, p.Label, p.Text, p.Answer, p.Outcome, jsonStrings(p.Exemptions), p.PublicInterest)
		if isUnique(err) {
			return foi.Errorf(foi.EINVALID, "request %s has two parts numbered %d", ref, p.Number)
		}
		if err != nil {
			return wrap("save parts", err)
		}
	}
	return nil
}

// UpdateRequest saves r if nobody else has changed it since it was read.
// The reference is the request's identity and is not changed.
func (t *tx) UpdateRequest(ctx context.Context, r *foi.Request) error {
	res, err := t.tx.ExecContext(ctx, `UPDATE requests SET regime = ?, channel = ?, received_at = ?,
			received_on = ?, text = ?, preamble = ?, status = ?, due_on = ?, calendar_version = ?,
			assignee_id = ?, responded_on = ?, outcome = ?, updated_at = ?, version = version + 1
		WHERE id = ? AND version = ?`,
		r.Regime, r.Channel, instant(r.ReceivedAt), date(r.ReceivedOn), r.Text, r.Preamble, r.Status,
		date(r.DueOn), r.CalendarVersion, nullID(r.AssigneeID), date(r.RespondedOn), r.Outcome,
		instant(t.now), r.ID, r.Version)
	if err != nil {
		return wrap("update request", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return wrap("update request", err)
	}
	if n == 0 {
		var stored foi.Reference
		err := t.tx.QueryRowContext(ctx, `SELECT ref_prefix, ref_number FROM requests WHERE id = ?`,
			r.ID).Scan(&stored.Prefix, &stored.Number)
		if errors.Is(err, sql.ErrNoRows) {
			return foi.Errorf(foi.ENOTFOUND, "request %s not found", r.Reference)
		}
		if err != nil {
			return wrap("update request", err)
		}
		return foi.Errorf(foi.ECONFLICT, "request %s was changed by someone else; reload and try again", stored)
	}
	if _, err := t.tx.ExecContext(ctx, `UPDATE requesters SET name = ?, email = ?, address = ?, phone = ?
		WHERE id = (SELECT requester_id FROM requests WHERE id = ?)`,
		r.Requester.Name, r.Requester.Email, r.Requester.Address, r.Requester.Phone, r.ID); err != nil {
		return wrap("update requester", err)
	}
	if _, err := t.tx.ExecContext(ctx, `DELETE FROM parts WHERE request_id = ?`, r.ID); err != nil {
		return wrap("save parts", err)
	}
	if err := t.insertParts(ctx, r.ID, r.Reference, r.Parts); err != nil {
		return err
	}
	r.Version++
	r.UpdatedAt = t.now
	return nil
}
