// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlstore

import (
	"context"
	"time"

	"disclose/internal/audit"
	"disclose/internal/foi"
)

// FindSetting returns an authority setting.
func (r *Reader) FindSetting(ctx context.Context, key string) (string, error) {
	var v string
	err := r.Q.QueryRow(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	return found(r.D, "find setting", v, err, "setting %s is not set", key)
}

// SetSetting sets an authority setting, replacing any value it had.
func (t *Tx) SetSetting(ctx context.Context, key, value string) error {
	_, err := t.Q.Exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return t.D.Wrap("set setting", err)
}

// FindCalendar returns the most recently imported calendar.
func (r *Reader) FindCalendar(ctx context.Context) (*foi.Calendar, error) {
	c := &foi.Calendar{}
	err := r.Q.QueryRow(ctx, `SELECT version, data, source, imported_at FROM calendars
		ORDER BY imported_at DESC, version DESC LIMIT 1`).Scan(&c.Version, &c.Data, &c.Source, ScanInstant(&c.ImportedAt))
	return found(r.D, "find calendar", c, err, "no bank-holiday calendar has been imported")
}

// CreateCalendar stores a calendar version, or, when that version is
// already stored, makes it the current one again.
//
// The import time is kept strictly after every earlier import, even if the
// system clock steps back or two imports fall in one microsecond, because
// "most recent import" decides which calendar deadlines are computed with.
func (t *Tx) CreateCalendar(ctx context.Context, c *foi.Calendar) error {
	at := c.ImportedAt.UTC().Truncate(time.Microsecond)
	if c.ImportedAt.IsZero() {
		at = t.Now
		var latest time.Time
		err := t.Q.QueryRow(ctx, `SELECT max(imported_at) FROM calendars`).Scan(ScanInstant(&latest))
		if err != nil {
			return t.D.Wrap("create calendar", err)
		}
		if !at.After(latest) {
			at = latest.Add(time.Microsecond)
		}
	}
	data := c.Data
	if data == nil {
		data = []byte{}
	}
	_, err := t.Q.Exec(ctx, `INSERT INTO calendars (version, data, source, imported_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (version) DO UPDATE SET data = excluded.data, source = excluded.source,
			imported_at = excluded.imported_at`,
		c.Version, data, c.Source, t.D.Instant(at))
	if err != nil {
		return t.D.Wrap("create calendar", err)
	}
	c.ImportedAt = at
	return nil
}

// AddEvent appends e to the audit trail, and queues it to be linked into
// the audit chain when the transaction commits (audit.go). The table's
// triggers refuse any later UPDATE or DELETE, except retention's removal
// of personal data (RedactEvent).
func (t *Tx) AddEvent(ctx context.Context, e *foi.Event) error {
	at := e.At
	if at.IsZero() {
		at = t.Now
	}
	at = audit.EventAt(at) // what the chain hashes is what is stored
	err := t.D.Savepoint(ctx, t.Q, func(q Querier) error {
		return q.QueryRow(ctx, `INSERT INTO events (request_id, type, on_date, at, actor_id, actor, note, before, after)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			ID(e.RequestID), e.Type, t.D.Date(e.On), t.D.Instant(at), ID(e.ActorID), e.Actor, e.Note, e.Before, e.After).Scan(&e.ID)
	})
	if t.D.IsForeignKey(err) {
		return foi.Errorf(foi.ENOTFOUND, "cannot record %s: request %d not found", e.Type, e.RequestID)
	}
	if err != nil {
		return t.D.Wrap("add event", err)
	}
	e.At = at
	t.ChainEvent(e)
	return nil
}

// FindEvents returns the audit trail of a request, oldest first. A request
// with no events (or no request at all) has an empty trail.
func (r *Reader) FindEvents(ctx context.Context, requestID int64) ([]*foi.Event, error) {
	list, err := List(ctx, r.Q, func(row Row) (*foi.Event, error) {
		e := &foi.Event{}
		return e, row.Scan(&e.ID, ScanID(&e.RequestID), &e.Type, ScanDate(&e.On), ScanInstant(&e.At),
			ScanID(&e.ActorID), &e.Actor, &e.Note, &e.Before, &e.After)
	}, `SELECT id, request_id, type, on_date, at, actor_id, actor, note, before, after
		FROM events WHERE request_id = ? ORDER BY id`, requestID)
	return list, r.D.Wrap("find events", err)
}

// InitSetting sets key only when it is unset and returns the stored value.
// ON CONFLICT DO NOTHING waits for a concurrent insert of the same key, so
// every process reads the one value that won.
func (t *Tx) InitSetting(ctx context.Context, key, value string) (string, error) {
	if _, err := t.Q.Exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`,
		key, value); err != nil {
		return "", t.D.Wrap("init setting", err)
	}
	return t.FindSetting(ctx, key)
}
