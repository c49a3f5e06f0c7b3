// SPDX-License-Identifier: AGPL-3.0-or-later

package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"disclose/internal/foi"
	"disclose/internal/sqlstore"
)

// dialect is PostgreSQL's part of the shared SQL (internal/sqlstore).
type dialect struct{}

// Instant and Date are NULL for the zero time.
func (dialect) Instant(t time.Time) any {
	return pgtype.Timestamptz{Time: t.UTC(), Valid: !t.IsZero()}
}

func (dialect) Date(t time.Time) any {
	return pgtype.Date{Time: foi.Date(t), Valid: !t.IsZero()}
}

func (dialect) Wrap(op string, err error) error { return mapError(err, op) }

func (dialect) IsUnique(err error) bool {
	e := pgError(err)
	return e != nil && e.Code == codeUniqueViolation
}

func (dialect) IsForeignKey(err error) bool {
	e := pgError(err)
	return e != nil && e.Code == codeForeignKeyViolation
}

// Savepoint runs fn in a savepoint: a failed statement aborts a PostgreSQL
// transaction, and the savepoint keeps the rest of it usable, as in SQLite.
func (dialect) Savepoint(ctx context.Context, q sqlstore.Querier, fn func(sqlstore.Querier) error) error {
	pq, ok := q.(pgQuerier)
	if !ok {
		return fn(q)
	}
	sp, err := pq.q.Begin(ctx)
	if err != nil {
		return mapError(err, "savepoint")
	}
	if err := fn(pgQuerier{sp}); err != nil {
		sp.Rollback(context.WithoutCancel(ctx))
		return err
	}
	return mapError(sp.Commit(ctx), "release savepoint")
}

// pgxQuerier is what pgQuerier needs: a transaction or the pool.
type pgxQuerier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Begin(ctx context.Context) (pgx.Tx, error)
	CopyFrom(ctx context.Context, table pgx.Identifier, columns []string, rows pgx.CopyFromSource) (int64, error)
}

// shared returns the shared SQL's reader on q.
func shared(q pgxQuerier) sqlstore.Reader { return sqlstore.Reader{Q: pgQuerier{q}, D: dialect{}} }

// pgQuerier runs the shared SQL through pgx, numbering its placeholders.
type pgQuerier struct{ q pgxQuerier }

func (p pgQuerier) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := p.q.Exec(ctx, rebind(query), args...)
	return tag.RowsAffected(), err
}

func (p pgQuerier) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	return p.q.Query(ctx, rebind(query), args...)
}

func (p pgQuerier) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return pgRow{p.q.QueryRow(ctx, rebind(query), args...)}
}

type pgRow struct{ pgx.Row }

func (r pgRow) Scan(dest ...any) error {
	if err := r.Row.Scan(dest...); !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	return sqlstore.ErrNoRows
}

// rebound holds each query with its ? placeholders numbered ($1, $2, ...).
var rebound sync.Map

// rebind numbers the ? placeholders of query, outside quoted text.
func rebind(query string) string {
	if q, ok := rebound.Load(query); ok {
		return q.(string)
	}
	var b strings.Builder
	n, quoted := 0, false
	for _, c := range query {
		switch {
		case c == '\'':
			quoted = !quoted
		case c == '?' && !quoted:
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	rebound.Store(query, b.String())
	return b.String()
}

func (dialect) IsCheck(err error) bool {
	e := pgError(err)
	return e != nil && e.Code == codeCheckViolation
}

func (dialect) Strings(list []string) any {
	if list == nil {
		return []string{}
	}
	return list
}
func (dialect) ScanStrings(list *[]string) any { return list }
func (dialect) ForUpdate() string              { return " FOR UPDATE" }
func (dialect) SkipLocked() string             { return " FOR UPDATE SKIP LOCKED" }

// StatsSQL: an entry keeps its category's name, and a part its exemptions
// as text[].
func (dialect) StatsSQL() sqlstore.StatsSQL {
	return sqlstore.StatsSQL{
		Month:    func(col string) string { return "to_char(" + col + ", 'YYYY-MM')" },
		Category: `COALESCE(p.category, '')`,
		Exemptions: `SELECT to_char(r.received_on, 'YYYY-MM'), r.regime, COALESCE(p.category, ''), x, count(DISTINCT r.id)
			FROM requests r LEFT JOIN publications p ON p.request_id = r.id AND p.unpublished_at IS NULL
			JOIN parts pt ON pt.request_id = r.id CROSS JOIN unnest(pt.exemptions) x
			WHERE r.received_on BETWEEN ? AND ? GROUP BY 1, 2, 3, 4`,
	}
}

func (dialect) ILike() string { return "ILIKE" }

// LockKey takes a transaction-scoped advisory lock on the key's hash.
func (dialect) LockKey(ctx context.Context, q sqlstore.Querier, key string) error {
	_, err := q.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended(?, 0))`, key)
	return err
}
