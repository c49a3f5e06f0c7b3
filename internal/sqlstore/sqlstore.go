// SPDX-License-Identifier: AGPL-3.0-or-later

// Package sqlstore is the foi.Store's SQL written once for both engines.
// Each method runs on a Querier (one transaction, or the engine's pool for
// a single-statement read) with ? placeholders, and asks the engine's
// Dialect only what truly differs: how an instant and a date are written,
// how a constraint violation is recognised, and how a failed statement is
// kept from spoiling its transaction (a savepoint on PostgreSQL). Values
// are read back with the scanners here, which take either engine's form.
//
// internal/sqlite and internal/postgres are the dialects: they open the
// database, run migrations, begin transactions, allocate references, and
// keep what is specific to one engine (full-text search, the bulk-import
// path). This package imports neither of them.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"disclose/internal/foi"
)

// ErrNoRows is what a Row's Scan returns, on either engine, when the query
// matched nothing.
var ErrNoRows = errors.New("sqlstore: no rows")

// Querier runs statements on one engine. Queries use ? placeholders.
type Querier interface {
	// Exec runs a statement and returns how many rows it changed.
	Exec(ctx context.Context, query string, args ...any) (int64, error)
	Query(ctx context.Context, query string, args ...any) (Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) Row
}

// Rows is a query's result, read row by row.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// Row is a single-row result; Scan returns ErrNoRows when there is none.
type Row interface {
	Scan(dest ...any) error
}

// Dialect is what the shared SQL asks of an engine.
type Dialect interface {
	// Instant and Date are the stored forms of an instant and a calendar
	// date; both are NULL for the zero time.
	Instant(t time.Time) any
	Date(t time.Time) any
	IsUnique(err error) bool
	IsForeignKey(err error) bool
	IsCheck(err error) bool
	// Strings and ScanStrings write and read a list of strings (a JSON
	// array on SQLite, text[] on PostgreSQL).
	Strings(list []string) any
	ScanStrings(list *[]string) any
	// ForUpdate locks the rows a SELECT inside a transaction reads, and
	// SkipLocked makes a claim pass over rows another transaction holds;
	// both are "" where transactions never overlap (SQLite's one writer).
	ForUpdate() string
	SkipLocked() string
	// ILike is the operator that matches a pattern in any case.
	ILike() string
	// LockKey serialises the transactions that lock the same key until
	// they end (nothing to do under SQLite's one writer).
	LockKey(ctx context.Context, q Querier, key string) error
	// StatsSQL is the statistics queries' part that follows each engine's
	// schema.
	StatsSQL() StatsSQL
	// Wrap names the operation an engine error came from, or maps it to a
	// foi error where it has a meaning for the user; nil stays nil.
	Wrap(op string, err error) error
	// Savepoint runs fn so that a statement of it that fails leaves the
	// transaction usable, whatever fn returns.
	Savepoint(ctx context.Context, q Querier, fn func(q Querier) error) error
	Importer

	// Log is the disclosure log's SQL that follows each engine's schema.
	Log() LogSQL
	// Category returns the stored value of the named category (what
	// LogSQL.CategoryColumn holds), adding it when create is set; nil
	// when there is no such category.
	Category(ctx context.Context, q Querier, name string, create bool) (any, error)
	// IndexPublication adds the public entry with this key to the
	// engine's search index, or removes it, while its row holds what was
	// indexed.
	IndexPublication(ctx context.Context, q Querier, key int64, remove bool) error
	// SearchPublications fills page with the public entries that match
	// f.Query, in the category given by its stored value (nil for all).
	SearchPublications(ctx context.Context, r *Reader, f foi.PublicationFilter, category any, page *foi.PublicationPage) error
}

// StatsSQL is what the statistics queries need of an engine's schema.
type StatsSQL struct {
	Month        func(dateColumn string) string // "YYYY-MM" of a date
	CategoryJoin string                         // joins the entry p to its category name
	Category     string                         // the category name, '' when unpublished
	// Exemptions counts the requests received in [?, ?] by month, regime,
	// category and exemption cited.
	Exemptions string
}

// Reader is the shared read methods on a Querier: a transaction, or a pool
// when every read is one statement.
type Reader struct {
	Q Querier
	D Dialect
	// Locking is set inside a transaction, where some reads lock what
	// they read (Dialect.ForUpdate).
	Locking bool
	// View runs fn on one snapshot, for a read of several statements; nil
	// inside a transaction, which is one already.
	View func(ctx context.Context, fn func(r *Reader) error) error
}

// snapshot runs fn on one snapshot of the database.
func (r *Reader) snapshot(ctx context.Context, fn func(r *Reader) error) error {
	if r.View == nil {
		return fn(r)
	}
	return r.View(ctx, fn)
}

// Tx is the shared write methods in one transaction.
type Tx struct {
	Reader
	Now time.Time // fixed for the transaction, UTC, in microseconds

	pending []*foi.Event // written, to be linked into the audit chain at commit (Seal)
}

// ID stores 0 (nobody, no request) as NULL.
func ID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// ScanInstant reads a nullable instant column into *t, as either engine
// returns it (text on SQLite, a time on PostgreSQL).
func ScanInstant(t *time.Time) sql.Scanner { return timeScanner{t, InstantLayout, false} }

// ScanDate reads a nullable calendar-date column into *t.
func ScanDate(t *time.Time) sql.Scanner { return timeScanner{t, foi.DateLayout, true} }

// ScanID reads a nullable id column, NULL meaning 0.
func ScanID(id *int64) sql.Scanner { return idScanner{id} }

// InstantLayout is how SQLite stores an instant: fixed-width UTC text with
// microseconds, which sorts correctly as text.
const InstantLayout = "2006-01-02T15:04:05.000000Z"

type timeScanner struct {
	t      *time.Time
	layout string
	date   bool
}

func (s timeScanner) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*s.t = time.Time{}
	case string:
		t, err := time.Parse(s.layout, v)
		if err != nil {
			return fmt.Errorf("bad stored time %q: %w", v, err)
		}
		*s.t = t
	case time.Time:
		if s.date {
			*s.t = foi.Date(v)
		} else {
			*s.t = v.UTC()
		}
	default:
		return fmt.Errorf("stored time is %T, want text or a time", v)
	}
	return nil
}

type idScanner struct{ id *int64 }

func (s idScanner) Scan(v any) error {
	var n sql.NullInt64
	if err := n.Scan(v); err != nil {
		return err
	}
	*s.id = n.Int64
	return nil
}

// Each runs query and calls row for each row of its result.
func Each(ctx context.Context, q Querier, row func(Rows) error, query string, args ...any) error {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// List runs query and returns its rows, each read by scan; nil for none.
func List[T any](ctx context.Context, q Querier, scan func(Row) (T, error), query string, args ...any) ([]T, error) {
	var out []T
	err := Each(ctx, q, func(rows Rows) error {
		v, err := scan(rows)
		out = append(out, v)
		return err
	}, query, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// found returns v, or for a missing row the ENOTFOUND error the format
// describes, or another error wrapped as op.
func found[T any](d Dialect, op string, v T, err error, format string, args ...any) (T, error) {
	var zero T
	switch {
	case errors.Is(err, ErrNoRows):
		return zero, foi.Errorf(foi.ENOTFOUND, format, args...)
	case err != nil:
		return zero, d.Wrap(op, err)
	}
	return v, nil
}

// changed returns nil when a statement changed a row, the error code's
// error when it changed none, and another error wrapped as op.
func changed(d Dialect, op string, n int64, err error, code, format string, args ...any) error {
	switch {
	case err != nil:
		return d.Wrap(op, err)
	case n == 0:
		return foi.Errorf(code, format, args...)
	}
	return nil
}
