// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"disclose/internal/foi"
)

// ReferenceCounter names the row of counters that holds the next reference.
const ReferenceCounter = "reference"

// requestColumns are read by scanRequest, in this order.
const requestColumns = `r.id, r.ref_prefix, r.ref_number, r.regime, r.channel, r.received_at, r.received_on,
	r.text, r.preamble, r.status, r.due_on, r.calendar_version, r.assignee_id, r.responded_on, r.outcome,
	r.created_at, r.updated_at, r.version, r.subject, q.name, q.email, q.address, q.phone`

const requestFrom = ` FROM requests r JOIN requesters q ON q.id = r.requester_id`

func scanRequest(row Row) (*foi.Request, error) {
	r := &foi.Request{}
	err := row.Scan(&r.ID, &r.Reference.Prefix, &r.Reference.Number, &r.Regime, &r.Channel,
		ScanInstant(&r.ReceivedAt), ScanDate(&r.ReceivedOn), &r.Text, &r.Preamble, &r.Status,
		ScanDate(&r.DueOn), &r.CalendarVersion, ScanID(&r.AssigneeID), ScanDate(&r.RespondedOn), &r.Outcome,
		ScanInstant(&r.CreatedAt), ScanInstant(&r.UpdatedAt), &r.Version, &r.Subject,
		&r.Requester.Name, &r.Requester.Email, &r.Requester.Address, &r.Requester.Phone)
	return r, err
}

// FindRequest finds a request by its number; the prefix does not matter.
// Inside a transaction the request is locked until the transaction ends
// (on SQLite the whole database is, from a write transaction's start).
func (r *Reader) FindRequest(ctx context.Context, ref foi.Reference) (*foi.Request, error) {
	name := ref.String()
	if ref.IsZero() {
		name = "with no reference"
	}
	return r.findRequest(ctx, "r.ref_number = ?", ref.Number, name)
}

// FindRequestByID finds a request by its database id.
func (r *Reader) FindRequestByID(ctx context.Context, id int64) (*foi.Request, error) {
	return r.findRequest(ctx, "r.id = ?", id, fmt.Sprintf("id %d", id))
}

func (r *Reader) findRequest(ctx context.Context, where string, arg any, name string) (req *foi.Request, err error) {
	query := `SELECT ` + requestColumns + requestFrom + ` WHERE ` + where
	if r.Locking {
		query += r.D.ForUpdate()
	}
	err = r.snapshot(ctx, func(r *Reader) error {
		req, err = scanRequest(r.Q.QueryRow(ctx, query, arg))
		if errors.Is(err, ErrNoRows) {
			return foi.Errorf(foi.ENOTFOUND, "request %s not found", name)
		}
		if err != nil {
			return err
		}
		return r.loadParts(ctx, []*foi.Request{req})
	})
	if err != nil {
		return nil, r.D.Wrap("find request", err)
	}
	return req, nil
}

// loadParts fills in the parts of rs with one query, however many there are.
func (r *Reader) loadParts(ctx context.Context, rs []*foi.Request) error {
	if len(rs) == 0 {
		return nil
	}
	byID := make(map[int64]*foi.Request, len(rs))
	ids := make([]any, 0, len(rs))
	for _, req := range rs {
		byID[req.ID] = req
		ids = append(ids, req.ID)
	}
	return Each(ctx, r.Q, func(rows Rows) error {
		var (
			id int64
			p  foi.Part
		)
		if err := rows.Scan(&id, &p.Number, &p.Label, &p.Text, &p.Answer, &p.Outcome, r.D.ScanStrings(&p.Exemptions),
			&p.PublicInterest, &p.CopiedFrom); err != nil {
			return fmt.Errorf("part %d of request %d: %w", p.Number, id, err)
		}
		if len(p.Exemptions) == 0 {
			p.Exemptions = nil
		}
		if req := byID[id]; req != nil {
			req.Parts = append(req.Parts, p)
		}
		return nil
	}, `SELECT request_id, number, label, text, answer, outcome, exemptions, public_interest, copied_from
		FROM parts WHERE request_id IN (?`+strings.Repeat(", ?", len(ids)-1)+`) ORDER BY request_id, number`, ids...)
}

// FindRequests returns one page of the requests that match f, with their
// parts and requester, and how many match in all.
func (r *Reader) FindRequests(ctx context.Context, f foi.RequestFilter) ([]*foi.Request, int, error) {
	where, args := r.RequestWhere(f)
	var order string
	switch f.Order {
	case foi.OrderReceived:
		order = `r.received_at DESC, r.ref_number DESC`
	case foi.OrderStatus:
		order = statusOrder + `, r.due_on IS NULL, r.due_on, r.ref_number`
	case foi.OrderAssignee:
		order = `r.assignee_id IS NULL, (SELECT lower(name) FROM users WHERE users.id = r.assignee_id), r.due_on IS NULL, r.due_on, r.ref_number`
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
	err := r.snapshot(ctx, func(r *Reader) error {
		if err := r.Q.QueryRow(ctx, `SELECT count(*) FROM requests r`+where, args...).Scan(&total); err != nil {
			return err
		}
		if total <= f.Offset {
			return nil
		}
		// The page is chosen on ids alone, which the indexes cover, and only
		// its rows are then read in full: a deep OFFSET skips index entries,
		// not joined rows.
		var err error
		list, err = List(ctx, r.Q, scanRequest, `SELECT `+requestColumns+`
			FROM (SELECT r.id FROM requests r`+where+` ORDER BY `+order+` LIMIT ? OFFSET ?) page
			JOIN requests r ON r.id = page.id JOIN requesters q ON q.id = r.requester_id
			ORDER BY `+order, append(args, limit, f.Offset)...)
		if err != nil {
			return err
		}
		return r.loadParts(ctx, list)
	})
	if err != nil {
		return nil, 0, r.D.Wrap("find requests", err)
	}
	return list, total, nil
}

// statusOrder sorts by status in the order of foi.Statuses: the work in
// hand first, in the order a case goes through.
var statusOrder = func() string {
	var b strings.Builder
	b.WriteString("CASE r.status")
	for i, st := range foi.Statuses {
		fmt.Fprintf(&b, " WHEN '%s' THEN %d", st, i)
	}
	fmt.Fprintf(&b, " ELSE %d END", len(foi.Statuses))
	return b.String()
}()

// RequestWhere turns a filter into a WHERE clause on requests r (exported
// for the engines' tests of query plans).
func (r *Reader) RequestWhere(f foi.RequestFilter) (string, []any) {
	var (
		conds []string
		args  []any
	)
	if len(f.Statuses) > 0 {
		conds = append(conds, "r.status IN (?"+strings.Repeat(", ?", len(f.Statuses)-1)+")")
		for _, s := range f.Statuses {
			args = append(args, string(s))
		}
	}
	if f.Regime != "" {
		conds, args = append(conds, "r.regime = ?"), append(args, string(f.Regime))
	}
	if f.AssigneeID != 0 {
		conds, args = append(conds, "r.assignee_id = ?"), append(args, f.AssigneeID)
	}
	if f.Unassigned {
		conds = append(conds, "r.assignee_id IS NULL")
	}
	if q := strings.TrimSpace(f.Requester); q != "" {
		conds = append(conds, `r.requester_id IN (SELECT id FROM requesters WHERE name `+r.D.ILike()+` ? ESCAPE '\' OR email `+r.D.ILike()+` ? ESCAPE '\')`)
		like := "%" + escapeLike(q) + "%"
		args = append(args, like, like)
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
		conds, args = append(conds, "r.due_on <= ?"), append(args, r.D.Date(f.DueBy))
	}
	if number, words := f.TextMatch(); number > 0 || len(words) > 0 {
		// Every word in the text, in any case (Dialect.ILike; SQLite folds
		// ASCII letters only); full-text search is the Searcher's job.
		var match, all []string
		if number > 0 {
			match, args = append(match, "r.ref_number = ?"), append(args, number)
		}
		for _, w := range words {
			all = append(all, `r.text `+r.D.ILike()+` ? ESCAPE '\'`)
			args = append(args, "%"+escapeLike(w)+"%")
		}
		if len(all) > 0 {
			match = append(match, "("+strings.Join(all, " AND ")+")")
		}
		conds = append(conds, "("+strings.Join(match, " OR ")+")")
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// escapeLike makes s match itself literally in a LIKE pattern with ESCAPE '\'.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// CreateRequest stores a new request, its requester and its parts, and
// assigns its reference when it has none.
func (t *Tx) CreateRequest(ctx context.Context, r *foi.Request) error {
	var ref foi.Reference
	var id int64
	err := t.D.Savepoint(ctx, t.Q, func(q Querier) error {
		var err error
		if ref, err = t.allocateReference(ctx, q, r.Reference, r.Regime); err != nil {
			return err
		}
		var requesterID int64
		if err := q.QueryRow(ctx, `INSERT INTO requesters (name, email, address, phone) VALUES (?, ?, ?, ?) RETURNING id`,
			r.Requester.Name, r.Requester.Email, r.Requester.Address, r.Requester.Phone).Scan(&requesterID); err != nil {
			return t.D.Wrap("create requester", err)
		}
		err = q.QueryRow(ctx, `INSERT INTO requests (ref_prefix, ref_number, regime, channel, requester_id,
				received_at, received_on, text, preamble, status, due_on, calendar_version, assignee_id,
				responded_on, outcome, created_at, updated_at, version, subject)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?) RETURNING id`,
			ref.Prefix, ref.Number, string(r.Regime), string(r.Channel), requesterID,
			t.D.Instant(r.ReceivedAt), t.D.Date(r.ReceivedOn), r.Text, r.Preamble, string(r.Status), t.D.Date(r.DueOn),
			r.CalendarVersion, ID(r.AssigneeID), t.D.Date(r.RespondedOn), string(r.Outcome),
			t.D.Instant(t.Now), t.D.Instant(t.Now), r.Subject).Scan(&id)
		if t.D.IsUnique(err) { // allocateReference checked, so only a bug gets here
			return foi.Errorf(foi.ECONFLICT, "reference %s already exists", ref)
		}
		if err != nil {
			return t.D.Wrap("create request", err)
		}
		if err := t.insertParts(ctx, q, id, ref, r.Parts); err != nil {
			return err
		}
		return t.indexQuestions(ctx, q, id, r.Parts)
	})
	if err != nil {
		return t.D.Wrap("create request", err)
	}
	r.ID, r.Reference, r.Version = id, ref, 1
	r.CreatedAt, r.UpdatedAt = t.Now, t.Now
	return nil
}

// ReserveReferences moves the reference counter past through, so that an
// import storing its file's references never collides with requests made
// beside it (the counter row is the one allocateReference locks).
func (t *Tx) ReserveReferences(ctx context.Context, through int) error {
	_, err := t.Q.Exec(ctx, `INSERT INTO counters (name, next) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET next = CASE WHEN excluded.next > counters.next THEN excluded.next ELSE counters.next END`,
		ReferenceCounter, through+1)
	return err
}

// allocateReference returns the reference a new request gets and moves the
// single sequence past it. given is a historical reference to keep, or zero.
//
// The sequence is a counter row, read and written inside the transaction
// with its row locked (Dialect.ForUpdate; SQLite's one writer), which every
// allocation in every process queues on until its transaction ends, so two
// requests never get the same number. The next number is never below the
// reference_start setting, so an authority that sets its start after a few
// trial requests still gets the numbers it asked for.
func (t *Tx) allocateReference(ctx context.Context, q Querier, given foi.Reference, regime foi.Regime) (foi.Reference, error) {
	start := 1
	if v, err := t.FindSetting(ctx, foi.SettingReferenceStart); err == nil {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n <= 0 {
			return foi.Reference{}, foi.Errorf(foi.EINVALID, "setting %s is %q, want a positive whole number",
				foi.SettingReferenceStart, v)
		}
		start = n
	} else if !foi.IsNotFound(err) {
		return foi.Reference{}, err
	}
	if _, err := q.Exec(ctx, `INSERT INTO counters (name, next) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`,
		ReferenceCounter, start); err != nil {
		return foi.Reference{}, err
	}
	var next int
	if err := q.QueryRow(ctx, `SELECT next FROM counters WHERE name = ?`+t.D.ForUpdate(), ReferenceCounter).Scan(&next); err != nil {
		return foi.Reference{}, err
	}
	next = max(next, start)
	ref := given
	if ref.IsZero() {
		// Skip numbers taken by historical requests stored out of turn: the
		// first free number at or after next.
		ref = foi.Reference{Prefix: regime.ReferencePrefix(), Number: next}
		if err := q.QueryRow(ctx, `SELECT CASE
				WHEN NOT EXISTS (SELECT 1 FROM requests WHERE ref_number = ?) THEN ?
				ELSE (SELECT min(a.ref_number) + 1 FROM requests a WHERE a.ref_number >= ?
					AND NOT EXISTS (SELECT 1 FROM requests b WHERE b.ref_number = a.ref_number + 1))
			END`, next, next, next).Scan(&ref.Number); err != nil {
			return foi.Reference{}, err
		}
	} else {
		if ref.Prefix == "" {
			ref.Prefix = regime.ReferencePrefix()
		}
		var existing foi.Reference
		err := q.QueryRow(ctx, `SELECT ref_prefix, ref_number FROM requests WHERE ref_number = ?`,
			ref.Number).Scan(&existing.Prefix, &existing.Number)
		if err == nil {
			return foi.Reference{}, foi.Errorf(foi.ECONFLICT, "reference %s already exists", existing)
		}
		if !errors.Is(err, ErrNoRows) {
			return foi.Reference{}, err
		}
	}
	if _, err := q.Exec(ctx, `UPDATE counters SET next = ? WHERE name = ?`,
		max(next, ref.Number+1), ReferenceCounter); err != nil {
		return foi.Reference{}, err
	}
	return ref, nil
}

// insertParts stores the parts of request id.
func (t *Tx) insertParts(ctx context.Context, q Querier, id int64, ref foi.Reference, parts []foi.Part) error {
	for _, p := range parts {
		_, err := q.Exec(ctx, `INSERT INTO parts (request_id, number, label, text, answer, outcome,
				exemptions, public_interest, copied_from)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, p.Number, p.Label, p.Text, p.Answer, string(p.Outcome), t.D.Strings(p.Exemptions), p.PublicInterest, p.CopiedFrom)
		if t.D.IsUnique(err) {
			return foi.Errorf(foi.EINVALID, "request %s has two parts numbered %d", ref, p.Number)
		}
		if err != nil {
			return t.D.Wrap("save parts", err)
		}
	}
	return nil
}

// UpdateRequest saves r if nobody else has changed it since it was read.
// The reference is the request's identity and is not changed.
func (t *Tx) UpdateRequest(ctx context.Context, r *foi.Request) error {
	return t.D.Savepoint(ctx, t.Q, func(q Querier) error {
		n, err := q.Exec(ctx, `UPDATE requests SET regime = ?, channel = ?, received_at = ?,
				received_on = ?, text = ?, preamble = ?, status = ?, due_on = ?, calendar_version = ?,
				assignee_id = ?, responded_on = ?, outcome = ?, updated_at = ?, subject = ?, version = version + 1
			WHERE id = ? AND version = ?`,
			string(r.Regime), string(r.Channel), t.D.Instant(r.ReceivedAt), t.D.Date(r.ReceivedOn), r.Text, r.Preamble,
			string(r.Status), t.D.Date(r.DueOn), r.CalendarVersion, ID(r.AssigneeID), t.D.Date(r.RespondedOn),
			string(r.Outcome), t.D.Instant(t.Now), r.Subject, r.ID, r.Version)
		if err != nil {
			return t.D.Wrap("update request", err)
		}
		if n == 0 {
			var stored foi.Reference
			err := q.QueryRow(ctx, `SELECT ref_prefix, ref_number FROM requests WHERE id = ?`,
				r.ID).Scan(&stored.Prefix, &stored.Number)
			if errors.Is(err, ErrNoRows) {
				return foi.Errorf(foi.ENOTFOUND, "request %s not found", r.Reference)
			}
			if err != nil {
				return t.D.Wrap("update request", err)
			}
			return foi.Errorf(foi.ECONFLICT, "request %s was changed by someone else; reload and try again", stored)
		}
		if _, err := q.Exec(ctx, `UPDATE requesters SET name = ?, email = ?, address = ?, phone = ?
			WHERE id = (SELECT requester_id FROM requests WHERE id = ?)`,
			r.Requester.Name, r.Requester.Email, r.Requester.Address, r.Requester.Phone, r.ID); err != nil {
			return t.D.Wrap("update requester", err)
		}
		if _, err := q.Exec(ctx, `DELETE FROM parts WHERE request_id = ?`, r.ID); err != nil {
			return t.D.Wrap("save parts", err)
		}
		if err := t.insertParts(ctx, q, r.ID, r.Reference, r.Parts); err != nil {
			return err
		}
		if err := t.indexQuestions(ctx, q, r.ID, r.Parts); err != nil {
			return err
		}
		r.Version++
		r.UpdatedAt = t.Now
		return nil
	})
}
