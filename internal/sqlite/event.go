package sqlite

import (
	"context"

	"disclose/internal/foi"
)

// AddEvent appends e to the audit trail. The table's triggers refuse any
// later UPDATE or DELETE, so this is the only way an event is ever written.
func (t *tx) AddEvent(ctx context.Context, e *foi.Event) error {
	at := e.At
	if at.IsZero() {
		at = t.now
	}
	res, err := t.tx.ExecContext(ctx, `INSERT INTO events (request_id, type, on_date, at, actor_id, actor, note,
			before, after)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		nullID(e.RequestID), e.Type, date(e.On), instant(at), nullID(e.ActorID), e.Actor, e.Note, e.Before, e.After)
	if isForeignKey(err) {
		return foi.Errorf(foi.ENOTFOUND, "cannot record %s: request %d not found", e.Type, e.RequestID)
	}
	if err != nil {
		return wrap("add event", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return wrap("add event", err)
	}
	e.ID, e.At = id, at
	return nil
}

// FindEvents returns the audit trail of a request, oldest first. A request
// with no events (or no request at all) has an empty trail.
func (r reader) FindEvents(ctx context.Context, requestID int64) ([]*foi.Event, error) {
	rows, err := r.q().QueryContext(ctx, `SELECT id, request_id, type, on_date, at, actor_id, actor, note, before, after
		FROM events WHERE request_id = ? ORDER BY id`, requestID)
	if err != nil {
		return nil, wrap("find events", err)
	}
	defer rows.Close()
	var list []*foi.Event
	for rows.Next() {
		e := &foi.Event{}
		if err := rows.Scan(&e.ID, scanID(&e.RequestID), &e.Type, scanDate(&e.On), scanInstant(&e.At),
			scanID(&e.ActorID), &e.Actor, &e.Note, &e.Before, &e.After); err != nil {
			return nil, wrap("find events", err)
		}
		list = append(list, e)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("find events", err)
	}
	return list, nil
}
