// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	sqlite3 "modernc.org/sqlite/lib"

	"disclose/internal/foi"
	"disclose/internal/sqlstore"
)

// dialect is SQLite's part of the shared SQL (internal/sqlstore).
type dialect struct {
	cache *searchCache // search counts; nil inside a transaction (search.go)
}

// Instant is fixed-width UTC text with microseconds, which sorts as text
// (RFC 3339 with trimmed fractions does not); NULL for the zero time.
func (dialect) Instant(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(sqlstore.InstantLayout)
}

func (dialect) Date(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format(foi.DateLayout)
}

func (dialect) IsUnique(err error) bool {
	c := sqliteCode(err)
	return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

func (dialect) IsForeignKey(err error) bool {
	return sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
}

// Wrap gives a driver error the operation it came from. It stays an
// internal error: only the errors mapped at each call site are safe to show.
func (dialect) Wrap(op string, err error) error {
	var fe *foi.Error
	if err == nil || errors.As(err, &fe) {
		return err
	}
	return fmt.Errorf("sqlite: %s: %w", op, err)
}
func (dialect) Savepoint(ctx context.Context, q sqlstore.Querier, fn func(sqlstore.Querier) error) error {
	return fn(q) // a statement that fails undoes only itself
}

// shared returns the shared SQL's reader on q.
func shared(q querier) sqlstore.Reader { return sqlstore.Reader{Q: sqlQuerier{q}, D: dialect{}} }

// sqlQuerier runs the shared SQL through database/sql.
type sqlQuerier struct{ q querier }

func (s sqlQuerier) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := s.q.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (s sqlQuerier) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	rows, err := s.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

func (s sqlQuerier) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return sqlRow{s.q.QueryRowContext(ctx, query, args...)}
}

type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { r.Rows.Close() }

type sqlRow struct{ *sql.Row }

func (r sqlRow) Scan(dest ...any) error {
	if err := r.Row.Scan(dest...); !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return sqlstore.ErrNoRows
}

func (dialect) IsCheck(err error) bool {
	return sqliteCode(err) != 0 && strings.Contains(err.Error(), "CHECK")
}

// Strings is a JSON array, [] for none.
func (dialect) Strings(list []string) any {
	if len(list) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(list) // []string always marshals
	return string(b)
}

func (dialect) ScanStrings(list *[]string) any { return jsonScanner{list} }
func (dialect) ForUpdate() string              { return "" }
func (dialect) SkipLocked() string             { return "" }

// jsonScanner reads a JSON array of strings stored as text.
type jsonScanner struct{ list *[]string }

func (s jsonScanner) Scan(v any) error {
	text, ok := v.(string)
	if !ok {
		return fmt.Errorf("sqlite: a stored list is %T, want text", v)
	}
	return json.Unmarshal([]byte(text), s.list)
}

// StatsSQL: categories have their own table here, and part_exemptions
// (kept by triggers, migration 0008) is walked by date of receipt.
func (dialect) StatsSQL() sqlstore.StatsSQL {
	return sqlstore.StatsSQL{
		Month:        func(col string) string { return "substr(" + col + ", 1, 7)" },
		CategoryJoin: `LEFT JOIN publication_categories c ON c.id = p.category_id`,
		Category:     `COALESCE(c.name, '')`,
		Exemptions: `SELECT substr(pe.received_on, 1, 7), r.regime, COALESCE(c.name, ''), pe.exemption, count(DISTINCT r.id)
			FROM part_exemptions pe JOIN requests r ON r.id = pe.request_id
			LEFT JOIN publications p ON p.request_id = r.id AND p.unpublished_at IS NULL
			LEFT JOIN publication_categories c ON c.id = p.category_id
			WHERE pe.received_on BETWEEN ? AND ? GROUP BY 1, 2, 3, 4`,
	}
}

// ILike is LIKE, which folds ASCII letters here.
func (dialect) ILike() string { return "LIKE" }

func (dialect) LockKey(context.Context, sqlstore.Querier, string) error { return nil }
