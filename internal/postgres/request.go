package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"disclose/internal/foi"
)

// referenceCounter is the counters row of the single reference sequence.
const referenceCounter = "reference"

// requestColumns are read by scanRequest, in its order.
const requestColumns = `r.id, r.ref_prefix, r.ref_number, r.regime, r.channel, r.received_at, r.received_on,
	r.text, r.preamble, r.status, r.due_on, r.calendar_version, r.assignee_id, r.responded_on, r.outcome,
	r.created_at, r.updated_at, r.version, q.name, q.email, q.address, q.phone`

const requestFrom = ` FROM requests r JOIN requesters q ON q.id = r.requester_id`

// scanRequest reads requestColumns, and then any extra columns into extra.
func scanRequest(row pgx.Row, extra ...any) (*foi.Request, error) {
	var (
		r                                  foi.Request
		number                             int64
		receivedAt, createdAt, updatedAt   pgtype.Timestamptz
		receivedOn, dueOn, respondedOn     pgtype.Date
		assignee                           pgtype.Int8
		regime, channel, status, outcome   string
		prefix, text, preamble, calVersion string
	)
	dest := []any{&r.ID, &prefix, &number, &regime, &channel, &receivedAt, &receivedOn,
		&text, &preamble, &status, &dueOn, &calVersion, &assignee, &respondedOn, &outcome,
		&createdAt, &updatedAt, &r.Version,
		&r.Requester.Name, &r.Requester.Email, &r.Requester.Address, &r.Requester.Phone}
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	r.Reference = foi.Reference{Prefix: prefix, Number: int(number)}
	r.Regime, r.Channel, r.Status, r.Outcome = foi.Regime(regime), foi.Channel(channel), foi.Status(status), foi.Outcome(outcome)
	r.Text, r.Preamble, r.CalendarVersion = text, preamble, calVersion
	r.ReceivedAt, r.ReceivedOn = fromTimestamp(receivedAt), fromDate(receivedOn)
	r.DueOn, r.RespondedOn = fromDate(dueOn), fromDate(respondedOn)
	r.AssigneeID = fromID(assignee)
	r.CreatedAt, r.UpdatedAt = fromTimestamp(createdAt), fromTimestamp(updatedAt)
	return &r, nil
}

// FindRequest finds a request by its number (the prefix does not matter).
// Inside Update it locks the request's row until the transaction ends.
func (rd *reader) FindRequest(ctx context.Context, ref foi.Reference) (*foi.Request, error) {
	if ref.Number <= 0 {
		return nil, foi.Errorf(foi.ENOTFOUND, "there is no request %q", ref.String())
	}
	r, err := rd.findRequest(ctx, "r.ref_number = $1", int64(ref.Number))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, foi.Errorf(foi.ENOTFOUND, "there is no request %s", ref)
	}
	return r, err
}

func (rd *reader) FindRequestByID(ctx context.Context, id int64) (*foi.Request, error) {
	r, err := rd.findRequest(ctx, "r.id = $1", id)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, foi.Errorf(foi.ENOTFOUND, "there is no request with id %d", id)
	}
	return r, err
}

// findRequest returns the one request matching where, with its parts, or
// pgx.ErrNoRows.
func (rd *reader) findRequest(ctx context.Context, where string, arg any) (*foi.Request, error) {
	sql := "SELECT " + requestColumns + requestFrom + " WHERE " + where
	if rd.lock {
		sql += " FOR UPDATE OF r"
	}
	r, err := scanRequest(rd.q.QueryRow(ctx, sql, arg))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, err
	}
	if err != nil {
		return nil, mapError(err, "find request")
	}
	parts, err := rd.loadParts(ctx, []int64{r.ID})
	if err != nil {
		return nil, err
	}
	r.Parts = parts[r.ID]
	return r, nil
}

// loadParts reads the parts of the requests ids in one query.
func (rd *reader) loadParts(ctx context.Context, ids []int64) (map[int64][]foi.Part, error) {
	rows, err := rd.q.Query(ctx, `SELECT request_id, number, label, text, answer, outcome, exemptions, public_interest
		FROM parts WHERE request_id = ANY($1) ORDER BY request_id, number`, ids)
	if err != nil {
		return nil, mapError(err, "find parts")
	}
	defer rows.Close()
	out := make(map[int64][]foi.Part, len(ids))
	for rows.Next() {
		var (
			requestID int64
			p         foi.Part
			outcome   string
		)
		if err := rows.Scan(&requestID, &p.Number, &p.Label, &p.Text, &p.Answer, &outcome, &p.Exemptions, &p.PublicInterest); err != nil {
			return nil, mapError(err, "find parts")
		}
		p.Outcome = foi.Outcome(outcome)
		if len(p.Exemptions) == 0 {
			p.Exemptions = nil
		}
		out[requestID] = append(out[requestID], p)
	}
	if err := rows.Err(); err != nil {
		return nil, mapError(err, "find parts")
	}
	return out, nil
}

// defaultLimit is the page size when the filter sets none.
const defaultLimit = 50

// FindRequests returns one page of the requests matching f, with their
// parts and requesters, and how many match in all.
func (rd *reader) FindRequests(ctx context.Context, f foi.RequestFilter) ([]*foi.Request, int, error) {
	var (
		where []string
		args  []any
	)
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if len(f.Statuses) > 0 {
		statuses := make([]string, len(f.Statuses))
		for i, s := range f.Statuses {
			statuses[i] = string(s)
		}
		where = append(where, "r.status = ANY("+arg(statuses)+")")
	}
	if f.Regime != "" {
		where = append(where, "r.regime = "+arg(string(f.Regime)))
	}
	if f.AssigneeID != 0 {
		where = append(where, "r.assignee_id = "+arg(f.AssigneeID))
	}
	if e := foi.NormaliseEmail(f.RequesterEmail); e != "" {
		where = append(where, "r.requester_id IN (SELECT id FROM requesters WHERE lower(email) = "+arg(e)+")")
	}
	if f.ContributorID != 0 {
		where = append(where, "r.id IN (SELECT request_id FROM part_assignments WHERE user_id = "+arg(f.ContributorID)+")")
	}
	if !f.DueBy.IsZero() {
		where = append(where, "r.due_on <= "+arg(pgDate(f.DueBy)))
	}
	if number, words := f.TextMatch(); number > 0 || len(words) > 0 {
		var match []string
		if number > 0 {
			match = append(match, "r.ref_number = "+arg(int64(number)))
		}
		var all []string
		for _, w := range words {
			all = append(all, "r.text ILIKE "+arg("%"+escapeLike(w)+"%")+` ESCAPE '\'`)
		}
		if len(all) > 0 {
			match = append(match, "("+strings.Join(all, " AND ")+")")
		}
		where = append(where, "("+strings.Join(match, " OR ")+")")
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var order string
	switch f.Order {
	case foi.OrderReceived:
		order = " ORDER BY r.received_at DESC, r.ref_number DESC"
	default: // due (foi.RequestFilter.Validate refuses any other)
		order = " ORDER BY r.due_on ASC NULLS LAST, r.ref_number ASC"
	}
	limit, offset := f.Limit, f.Offset
	if limit <= 0 {
		limit = defaultLimit
	}
	if offset < 0 {
		offset = 0
	}
	condArgs := len(args)
	sql := "SELECT " + requestColumns + ", count(*) OVER ()" + requestFrom + cond + order +
		" LIMIT " + arg(limit) + " OFFSET " + arg(offset)

	rows, err := rd.q.Query(ctx, sql, args...)
	if err != nil {
		return nil, 0, mapError(err, "find requests")
	}
	var (
		out   []*foi.Request
		ids   []int64
		total int64
	)
	for rows.Next() {
		r, err := scanRequest(rows, &total)
		if err != nil {
			rows.Close()
			return nil, 0, mapError(err, "find requests")
		}
		out = append(out, r)
		ids = append(ids, r.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, mapError(err, "find requests")
	}
	if len(out) == 0 {
		if offset == 0 {
			return nil, 0, nil
		}
		// Past the last page the window count has no row to ride on.
		err := rd.q.QueryRow(ctx, "SELECT count(*)"+requestFrom+cond, args[:condArgs]...).Scan(&total)
		if err != nil {
			return nil, 0, mapError(err, "count requests")
		}
		return nil, int(total), nil
	}
	parts, err := rd.loadParts(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	for _, r := range out {
		r.Parts = parts[r.ID]
	}
	return out, int(total), nil
}

// escapeLike escapes the LIKE wildcards in s, with backslash as the escape.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// CreateRequest stores r with its requester and parts, allocating its
// reference number when r has none.
func (tx *Tx) CreateRequest(ctx context.Context, r *foi.Request) error {
	prefix := r.Reference.Prefix
	if prefix == "" {
		prefix = r.Regime.ReferencePrefix()
	}
	var id int64
	var number int
	err := tx.savepoint(ctx, func(q querier) error {
		var err error
		if number, err = allocateReference(ctx, q, r.Reference.Number); err != nil {
			return err
		}
		var requesterID int64
		if err := q.QueryRow(ctx, `INSERT INTO requesters (name, email, address, phone)
			VALUES ($1, $2, $3, $4) RETURNING id`,
			r.Requester.Name, r.Requester.Email, r.Requester.Address, r.Requester.Phone).Scan(&requesterID); err != nil {
			return mapError(err, "create requester")
		}
		err = q.QueryRow(ctx, `INSERT INTO requests (ref_prefix, ref_number, requester_id, regime, channel,
				received_at, received_on, text, preamble, status, due_on, calendar_version, assignee_id,
				responded_on, outcome, created_at, updated_at, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, 1)
			RETURNING id`,
			prefix, int64(number), requesterID, string(r.Regime), string(r.Channel),
			pgTime(r.ReceivedAt), pgDate(r.ReceivedOn), r.Text, r.Preamble, string(r.Status),
			pgDate(r.DueOn), r.CalendarVersion, pgID(r.AssigneeID), pgDate(r.RespondedOn), string(r.Outcome),
			tx.now).Scan(&id)
		if isConstraint(err, codeUniqueViolation, "requests_ref_number_key") {
			// Only reachable if the counter was bypassed; allocateReference checks first.
			return foi.Errorf(foi.ECONFLICT, "reference %s %d already exists", prefix, number)
		}
		if err != nil {
			return mapError(err, "create request")
		}
		return writeParts(ctx, q, id, r.Parts)
	})
	if err != nil {
		return err
	}
	r.ID = id
	r.Reference = foi.Reference{Prefix: prefix, Number: number}
	r.CreatedAt, r.UpdatedAt, r.Version = tx.now, tx.now, 1
	return nil
}

// allocateReference returns the number for a new request: given, if it is
// free, or else the next free number of the sequence. It takes the
// counter row's lock, which every allocation in every process queues on
// until its transaction ends, so numbers are unique and consecutive.
func allocateReference(ctx context.Context, q querier, given int) (int, error) {
	start := int64(1)
	var setting string
	err := q.QueryRow(ctx, "SELECT value FROM settings WHERE key = $1", foi.SettingReferenceStart).Scan(&setting)
	switch {
	case err == nil:
		n, perr := strconv.ParseInt(strings.TrimSpace(setting), 10, 64)
		if perr != nil || n < 1 {
			return 0, foi.Errorf(foi.EINVALID, "the %s setting %q is not a positive number", foi.SettingReferenceStart, setting)
		}
		start = n
	case !errors.Is(err, pgx.ErrNoRows):
		return 0, mapError(err, "read reference start")
	}
	if _, err := q.Exec(ctx, "INSERT INTO counters (name, next) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
		referenceCounter, start); err != nil {
		return 0, mapError(err, "create reference counter")
	}
	var next int64
	if err := q.QueryRow(ctx, "SELECT next FROM counters WHERE name = $1 FOR UPDATE", referenceCounter).Scan(&next); err != nil {
		return 0, mapError(err, "lock reference counter")
	}

	if given > 0 {
		// A historical case keeps its number, which must be free, and the
		// sequence moves past it.
		var prefix string
		err := q.QueryRow(ctx, "SELECT ref_prefix FROM requests WHERE ref_number = $1", int64(given)).Scan(&prefix)
		if err == nil {
			return 0, foi.Errorf(foi.ECONFLICT, "reference %s %d already exists", prefix, given)
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return 0, mapError(err, "check reference")
		}
		if _, err := q.Exec(ctx, "UPDATE counters SET next = GREATEST(next, $2) WHERE name = $1",
			referenceCounter, int64(given)+1); err != nil {
			return 0, mapError(err, "move reference counter")
		}
		return given, nil
	}

	// The next number, from the start setting if it was raised since, and
	// past any run of numbers that requests already hold (imported data).
	candidate := max(next, start)
	var free int64
	if err := q.QueryRow(ctx, `SELECT CASE
			WHEN NOT EXISTS (SELECT 1 FROM requests WHERE ref_number = $1) THEN $1
			ELSE (SELECT min(r.ref_number) + 1 FROM requests r
				WHERE r.ref_number >= $1
				AND NOT EXISTS (SELECT 1 FROM requests n WHERE n.ref_number = r.ref_number + 1))
		END`, candidate).Scan(&free); err != nil {
		return 0, mapError(err, "find free reference")
	}
	if _, err := q.Exec(ctx, "UPDATE counters SET next = $2 WHERE name = $1", referenceCounter, free+1); err != nil {
		return 0, mapError(err, "advance reference counter")
	}
	return int(free), nil
}

// writeParts inserts a request's parts in one round trip.
func writeParts(ctx context.Context, q querier, requestID int64, parts []foi.Part) error {
	if len(parts) == 0 {
		return nil
	}
	b := &pgx.Batch{}
	for _, p := range parts {
		exemptions := p.Exemptions
		if exemptions == nil {
			exemptions = []string{}
		}
		b.Queue(`INSERT INTO parts (request_id, number, label, text, answer, outcome, exemptions, public_interest)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			requestID, p.Number, p.Label, p.Text, p.Answer, string(p.Outcome), exemptions, p.PublicInterest)
	}
	br := q.SendBatch(ctx, b)
	defer br.Close()
	for _, p := range parts {
		_, err := br.Exec()
		switch {
		case isConstraint(err, codeUniqueViolation, "parts_pkey"):
			return foi.Errorf(foi.ECONFLICT, "part %d appears more than once", p.Number)
		case isConstraint(err, codeCheckViolation, "parts_number_check"):
			return foi.Errorf(foi.EINVALID, "part number %d is not positive", p.Number)
		case err != nil:
			return mapError(err, "write parts")
		}
	}
	return mapError(br.Close(), "write parts")
}

// UpdateRequest saves r if nobody has changed it since it was read
// (r.Version is still the stored version), replacing its parts.
func (tx *Tx) UpdateRequest(ctx context.Context, r *foi.Request) error {
	if r.ID == 0 {
		return foi.Errorf(foi.EINVALID, "request %s has not been stored", r.Reference)
	}
	prefix := r.Reference.Prefix
	if prefix == "" {
		prefix = r.Regime.ReferencePrefix()
	}
	err := tx.savepoint(ctx, func(q querier) error {
		var requesterID int64
		err := q.QueryRow(ctx, `UPDATE requests SET ref_prefix = $4, regime = $5, channel = $6,
				received_at = $7, received_on = $8, text = $9, preamble = $10, status = $11, due_on = $12,
				calendar_version = $13, assignee_id = $14, responded_on = $15, outcome = $16,
				updated_at = $17, version = version + 1
			WHERE id = $1 AND version = $2 AND ref_number = $3
			RETURNING requester_id`,
			r.ID, r.Version, int64(r.Reference.Number), prefix, string(r.Regime), string(r.Channel),
			pgTime(r.ReceivedAt), pgDate(r.ReceivedOn), r.Text, r.Preamble, string(r.Status), pgDate(r.DueOn),
			r.CalendarVersion, pgID(r.AssigneeID), pgDate(r.RespondedOn), string(r.Outcome), tx.now,
		).Scan(&requesterID)
		if errors.Is(err, pgx.ErrNoRows) {
			return whyNotUpdated(ctx, q, r)
		}
		if err != nil {
			return mapError(err, "update request")
		}
		if _, err := q.Exec(ctx, "UPDATE requesters SET name = $2, email = $3, address = $4, phone = $5 WHERE id = $1",
			requesterID, r.Requester.Name, r.Requester.Email, r.Requester.Address, r.Requester.Phone); err != nil {
			return mapError(err, "update requester")
		}
		if _, err := q.Exec(ctx, "DELETE FROM parts WHERE request_id = $1", r.ID); err != nil {
			return mapError(err, "update parts")
		}
		return writeParts(ctx, q, r.ID, r.Parts)
	})
	if err != nil {
		return err
	}
	r.Reference.Prefix = prefix
	r.Version++
	r.UpdatedAt = tx.now
	return nil
}

// whyNotUpdated explains an UPDATE that matched no row.
func whyNotUpdated(ctx context.Context, q querier, r *foi.Request) error {
	var (
		number  int64
		prefix  string
		version int
	)
	err := q.QueryRow(ctx, "SELECT ref_number, ref_prefix, version FROM requests WHERE id = $1", r.ID).Scan(&number, &prefix, &version)
	if errors.Is(err, pgx.ErrNoRows) {
		return foi.Errorf(foi.ENOTFOUND, "there is no request %s", r.Reference)
	}
	if err != nil {
		return mapError(err, "update request")
	}
	stored := foi.Reference{Prefix: prefix, Number: int(number)}
	if int(number) != r.Reference.Number {
		return foi.Errorf(foi.EINVALID, "the reference of request %s cannot change", stored)
	}
	return foi.Errorf(foi.ECONFLICT, "request %s was changed by someone else; reload and try again", stored)
}
