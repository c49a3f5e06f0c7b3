// SPDX-License-Identifier: AGPL-3.0-or-later

// Package postgres is the foi.Store on PostgreSQL, through pgx: the engine
// for authorities that run several `disclose serve` processes against one
// shared database. It owns its schema (embedded, numbered migrations) and
// maps database errors to foi errors at this boundary; it holds no rules
// of casework, which belong to the service layer.
//
// Nothing here assumes a single process: the reference sequence is a
// counter row whose lock serialises allocation, migrations take an
// advisory lock, and requests carry a version for optimistic concurrency.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"disclose/internal/foi"
	"disclose/internal/sqlstore"
)

var (
	_ foi.Store       = (*Store)(nil)
	_ foi.GaugeReader = (*Store)(nil)
)

// Store is a Disclose database on PostgreSQL. It is safe for concurrent use.
type Store struct {
	sqlstore.Reader // the shared SQL's single-statement reads, on the pool
	pool            *pgxpool.Pool
	// Now is the clock; it is read once per transaction, so every row a
	// transaction writes carries the same time. Tests may replace it.
	Now func() time.Time
}

// Open connects to the database at dsn (a postgres:// URL or keyword/value
// string; pool_max_conns and the other pgxpool parameters are honoured)
// and migrates it.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	// pgx prepares every statement, and after five runs PostgreSQL may
	// plan it once for any parameters: a search then walks the key index
	// for a rare word instead of asking the GIN index (31 ms instead of
	// 3.5 ms at 100,000 entries). Each run is planned for its parameters.
	if _, set := cfg.ConnConfig.RuntimeParams["plan_cache_mode"]; !set {
		cfg.ConnConfig.RuntimeParams["plan_cache_mode"] = "force_custom_plan"
	}
	p, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	s := &Store{Reader: shared(p), pool: p, Now: time.Now}
	s.Reader.View = func(ctx context.Context, fn func(*sqlstore.Reader) error) error {
		return s.view(ctx, func(rd *reader) error { r := shared(rd.q); return fn(&r) })
	}
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// IndexImported has nothing to do here: an imported entry's search vector
// is a column of its row, indexed (GIN) in the transaction that stores it.
func (s *Store) IndexImported(context.Context) (int, error) { return 0, nil }

// Close closes the store's connections.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// now is the store's clock in UTC, cut to the microseconds PostgreSQL keeps
// so that what a caller holds equals what it reads back.
func (s *Store) now() time.Time {
	return s.Now().UTC().Truncate(time.Microsecond)
}

// Update runs fn in one READ COMMITTED transaction. That is enough: the
// reference counter row lock serialises allocation, FindRequest locks the
// request it reads, and UpdateRequest checks the version.
func (s *Store) Update(ctx context.Context, fn func(tx foi.Tx) error) (err error) {
	c, err := s.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	defer c.Release() // a connection left in a transaction (a panic) is closed, not reused
	ptx, err := c.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		return fmt.Errorf("postgres: begin: %w", err)
	}
	defer func() {
		if err != nil {
			ptx.Rollback(context.WithoutCancel(ctx))
		}
	}()
	now := s.now()
	t := &Tx{reader: reader{q: ptx, lock: true}, Tx: sqlstore.Tx{Reader: shared(ptx), Now: now}, now: now}
	t.Tx.Locking = true
	if err := fn(t); err != nil {
		return err
	}
	if err := t.Tx.Seal(ctx); err != nil { // link the events written into the audit chain
		return err
	}
	if err := ptx.Commit(ctx); err != nil {
		return mapError(err, "commit")
	}
	return nil
}

// view runs fn on a read-only REPEATABLE READ transaction, so that a read of
// several statements (a page and its count and parts) sees one snapshot.
func (s *Store) view(ctx context.Context, fn func(r *reader) error) error {
	c, err := s.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	defer c.Release()
	return pgx.BeginTxFunc(ctx, c, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly},
		func(tx pgx.Tx) error { return fn(&reader{q: tx}) })
}

// querier is what reader needs of a transaction.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
	CopyFrom(ctx context.Context, table pgx.Identifier, columns []string, rows pgx.CopyFromSource) (int64, error)
	Begin(ctx context.Context) (pgx.Tx, error)
}

// reader implements foi.Reader on one transaction. lock is set inside
// Update, where FindRequest locks the row it returns.
type reader struct {
	q    querier
	lock bool
}

// Tx is a foi.Tx: one read-write transaction.
type Tx struct {
	reader
	sqlstore.Tx           // the shared SQL's reads and writes
	now         time.Time // fixed for the transaction
}

var _ foi.Tx = (*Tx)(nil)

// savepoint runs fn inside a savepoint, so that a failed statement (a
// unique violation) leaves the transaction usable, as it does in SQLite:
// the caller decides whether to give up.
func (tx *Tx) savepoint(ctx context.Context, fn func(q querier) error) error {
	sp, err := tx.q.Begin(ctx)
	if err != nil {
		return mapError(err, "savepoint")
	}
	if err := fn(sp); err != nil {
		sp.Rollback(context.WithoutCancel(ctx))
		return err
	}
	if err := sp.Commit(ctx); err != nil {
		return mapError(err, "release savepoint")
	}
	return nil
}

// Reader methods of the Store: each runs in its own read-only transaction.

// Errors.

// PostgreSQL error codes we map.
const (
	codeUniqueViolation     = "23505"
	codeForeignKeyViolation = "23503"
	codeNotNullViolation    = "23502"
	codeCheckViolation      = "23514"
)

// pgError returns the PostgreSQL error in err, or nil.
func pgError(err error) *pgconn.PgError {
	var e *pgconn.PgError
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// isConstraint reports whether err is a violation (code) of the named constraint.
func isConstraint(err error, code, constraint string) bool {
	e := pgError(err)
	return e != nil && e.Code == code && e.ConstraintName == constraint
}

// mapError turns an error that no caller handled more specifically into a
// foi error where it has a meaning for the user, or wraps it as internal.
func mapError(err error, what string) error {
	if err == nil {
		return nil
	}
	var fe *foi.Error
	if errors.As(err, &fe) {
		return err
	}
	if e := pgError(err); e != nil {
		switch e.Code {
		case codeUniqueViolation:
			return foi.Errorf(foi.ECONFLICT, "%s: that already exists", what)
		case codeNotNullViolation:
			return foi.Errorf(foi.EINVALID, "%s: %s is required", what, e.ColumnName)
		case codeCheckViolation:
			return foi.Errorf(foi.EINVALID, "%s: a value is out of range (%s)", what, e.ConstraintName)
		}
	}
	return fmt.Errorf("postgres: %s: %w", what, err)
}

// Values to and from the database. Zero times and ids are NULL.

func pgDate(t time.Time) pgtype.Date {
	if t.IsZero() {
		return pgtype.Date{}
	}
	return pgtype.Date{Time: foi.Date(t), Valid: true}
}

func fromDate(d pgtype.Date) time.Time {
	if !d.Valid {
		return time.Time{}
	}
	return foi.Date(d.Time)
}

func pgTime(t time.Time) pgtype.Timestamptz {
	if t.IsZero() {
		return pgtype.Timestamptz{}
	}
	return pgtype.Timestamptz{Time: t.UTC(), Valid: true}
}

func fromTimestamp(t pgtype.Timestamptz) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

func pgID(n int64) pgtype.Int8 { return pgtype.Int8{Int64: n, Valid: n != 0} }
