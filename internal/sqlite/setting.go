package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"disclose/internal/foi"
)

// FindSetting returns an authority setting.
func (r reader) FindSetting(ctx context.Context, key string) (string, error) {
	var v string
	err := r.q().QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", foi.Errorf(foi.ENOTFOUND, "setting %s is not set", key)
	}
	if err != nil {
		return "", wrap("find setting", err)
	}
	return v, nil
}

// SetSetting sets an authority setting, replacing any value it had.
func (t *tx) SetSetting(ctx context.Context, key, value string) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return wrap("set setting", err)
}

// FindCalendar returns the most recently imported calendar.
func (r reader) FindCalendar(ctx context.Context) (*foi.Calendar, error) {
	c := &foi.Calendar{}
	err := r.q().QueryRowContext(ctx, `SELECT version, data, source, imported_at FROM calendars
		ORDER BY imported_at DESC, version DESC LIMIT 1`).Scan(&c.Version, &c.Data, &c.Source, scanInstant(&c.ImportedAt))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, foi.Errorf(foi.ENOTFOUND, "no bank-holiday calendar has been imported")
	}
	if err != nil {
		return nil, wrap("find calendar", err)
	}
	return c, nil
}

// CreateCalendar stores a calendar version, or, when that version is
// already stored, makes it the current one again.
//
// The import time is kept strictly after every earlier import, even if the
// system clock steps back or two imports fall in one microsecond, because
// "most recent import" decides which calendar deadlines are computed with.
func (t *tx) CreateCalendar(ctx context.Context, c *foi.Calendar) error {
	at := c.ImportedAt.UTC().Truncate(time.Microsecond)
	if c.ImportedAt.IsZero() {
		at = t.now
		var latest time.Time
		err := t.tx.QueryRowContext(ctx, `SELECT max(imported_at) FROM calendars`).Scan(scanInstant(&latest))
		if err != nil {
			return wrap("create calendar", err)
		}
		if !at.After(latest) {
			at = latest.Add(time.Microsecond)
		}
	}
	data := c.Data
	if data == nil {
		data = []byte{}
	}
	_, err := t.tx.ExecContext(ctx, `INSERT INTO calendars (version, data, source, imported_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (version) DO UPDATE SET data = excluded.data, source = excluded.source,
			imported_at = excluded.imported_at`,
		c.Version, data, c.Source, instant(at))
	if err != nil {
		return wrap("create calendar", err)
	}
	c.ImportedAt = at
	return nil
}
