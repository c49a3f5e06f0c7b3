// SPDX-License-Identifier: AGPL-3.0-or-later

// Package sqlite is the embedded foi.Store: one database file, read and
// written through modernc.org/sqlite (pure Go, no cgo).
//
// The file is in WAL mode with synchronous=FULL, so a transaction that
// Update reports committed has reached stable storage and survives a kill -9
// or a power cut: a requester told "we received your request" must never be
// wrong. All writes go through a single connection and start with BEGIN
// IMMEDIATE, which makes SQLite's one-writer rule explicit instead of a
// source of SQLITE_BUSY errors half-way through a transaction; reads use a
// separate pool of query_only connections that WAL lets run alongside the
// writer.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"time"

	"modernc.org/sqlite"

	"disclose/internal/foi"
	"disclose/internal/sqlstore"
)

var (
	_ foi.Store       = (*Store)(nil)
	_ foi.GaugeReader = (*Store)(nil)
)

// busyTimeout is how long a connection waits for a lock held by another
// process (a `disclose user add` next to `disclose serve`) before failing.
const busyTimeout = 10 * time.Second

// Store is a Disclose database in one SQLite file. It is safe for
// concurrent use.
type Store struct {
	sqlstore.Reader // the shared SQL's reads, on the read pool

	path string
	w    *sql.DB // the single writer connection
	r    *sql.DB // query_only read connections
	// stmts are the read pool's prepared statements (stmt.go).
	stmts *stmtCache

	// Now is the clock; each transaction reads it once, so every row a
	// transaction writes carries the same time. Tests may replace it before
	// the store is used.
	Now func() time.Time
}

// Option changes how Open sets up the connections.
type Option func(*options)

type options struct {
	mmap int64 // bytes of the file the writer reads through memory mapping
}

// ForBulkImport tunes the writer for a long import (`disclose import`):
// it reads the file through a memory map (SQLite's maximum, 2 GiB), so
// the index pages an import revisits batch after batch are not copied in
// by a system call each time. A serving process does not
// use it: mapped pages would count towards its resident memory.
func ForBulkImport() Option { return func(o *options) { o.mmap = 2<<30 - 1<<16 } }

// pageSize is the page size of a database file Open creates. 8 KiB rather
// than SQLite's 4 KiB: a published entry (request, answers, parts) is often
// longer than half a 4 KiB page, so most took a page each, and an import
// spent its time splitting pages. A file keeps the page size it was made
// with.
const pageSize = 8192

// Open opens the database file at path, creating it when it does not exist,
// and applies any pending migrations. Entries an import left waiting for
// the search index (a process stopped part-way) are indexed before it
// returns.
func Open(ctx context.Context, path string, opts ...Option) (*Store, error) {
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") {
		// An in-memory database would be a different, empty database on
		// each pooled connection.
		return nil, foi.Errorf(foi.EINVALID, "sqlite: %q is not a database file path", path)
	}
	if strings.ContainsAny(path, "?#") {
		return nil, foi.Errorf(foi.EINVALID, "sqlite: database path %q may not contain ? or #", path)
	}
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	s := &Store{path: path, Now: time.Now}
	if err := create(ctx, path); err != nil {
		return nil, err
	}

	w, err := sql.Open("sqlite", dsn(path, true, o))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	// One connection, never recycled: database/sql queues writers for it,
	// which is SQLite's own rule made visible.
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	s.w = w
	if err := s.checkDurable(ctx, w); err != nil {
		w.Close()
		return nil, err
	}
	if err := s.Migrate(ctx); err != nil {
		w.Close()
		return nil, err
	}
	// Refresh the planner's statistics where they are missing or stale, as
	// SQLite advises for long-lived connections; analysis_limit bounds the
	// work on a large file.
	if _, err := w.ExecContext(ctx, "PRAGMA optimize = 0x10002"); err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: open %s: optimize: %w", path, err)
	}

	r, err := sql.Open("sqlite", dsn(path, false, o))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	s.r = r
	if err := s.checkDurable(ctx, r); err != nil {
		s.Close()
		return nil, err
	}
	s.stmts = newStmtCache(r)
	// Reads outside a transaction keep search counts (search.go). A read
	// of several statements runs in a read transaction on the pool, which
	// in WAL mode sees one commit and blocks no writer.
	d := dialect{cache: newSearchCache()}
	s.Reader = sqlstore.Reader{Q: sqlQuerier{cachedDB{r, s.stmts}}, D: d}
	s.Reader.View = func(ctx context.Context, fn func(*sqlstore.Reader) error) error {
		t, err := r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return fmt.Errorf("sqlite: begin read: %w", err)
		}
		defer t.Rollback() // nothing to commit
		return fn(&sqlstore.Reader{Q: sqlQuerier{&cachedTx{Tx: t, stmts: s.stmts}}, D: d})
	}
	if _, err := s.IndexImported(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// create makes a new database file with pageSize pages and in WAL mode
// (after which the page size cannot change); an existing file is left
// alone.
func create(ctx context.Context, path string) error {
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return fmt.Errorf("sqlite: create %s: %w", path, err)
	}
	defer db.Close()
	for _, q := range []string{fmt.Sprintf("PRAGMA page_size = %d", pageSize), "PRAGMA journal_mode = WAL"} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("sqlite: create %s: %w", path, err)
		}
	}
	return db.Close()
}

// dsn builds the connection string. Pragmas go in the DSN, not in a
// statement after opening, so that every connection database/sql opens,
// now or later, gets them.
func dsn(path string, writer bool, o options) string {
	q := []string{
		fmt.Sprintf("_pragma=busy_timeout(%d)", busyTimeout.Milliseconds()),
		"_pragma=foreign_keys(1)",
		"_pragma=journal_mode(WAL)",
		"_pragma=synchronous(FULL)",
	}
	if writer {
		// The writer's page cache is 64 MiB rather than SQLite's 2 MiB: a
		// large write (an import batch) touches index pages all over a big
		// file, and with a small cache each is read again from the OS on
		// every visit. Readers keep the default, so memory stays small
		// while serving.
		//
		// Statement journals and temporary sorts stay in memory: every
		// multi-row INSERT keeps one, and as files they cost a system call
		// per page.
		q = append(q, "_pragma=analysis_limit(1000)", "_pragma=cache_size(-65536)", "_pragma=temp_store(MEMORY)",
			"_txlock=immediate")
		if o.mmap > 0 {
			q = append(q, fmt.Sprintf("_pragma=mmap_size(%d)", o.mmap))
		}
	} else {
		q = append(q, "_pragma=query_only(1)")
	}
	return path + "?" + strings.Join(q, "&")
}

// checkDurable refuses a database that did not take the settings the
// durability promise rests on (a file system without shared memory cannot
// use WAL, for instance).
func (s *Store) checkDurable(ctx context.Context, db *sql.DB) error {
	var mode string
	var sync int
	if err := db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("sqlite: open %s: %w", s.path, err)
	}
	if err := db.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync); err != nil {
		return fmt.Errorf("sqlite: open %s: %w", s.path, err)
	}
	if !strings.EqualFold(mode, "wal") || sync != 2 {
		return fmt.Errorf("sqlite: open %s: journal_mode=%s synchronous=%d, want wal and 2 (FULL)", s.path, mode, sync)
	}
	return nil
}

// Close closes the database. Transactions still running fail.
func (s *Store) Close() error {
	var errs []error
	if s.w != nil {
		// Keep the statistics current for the next start (best effort).
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_, _ = s.w.ExecContext(ctx, "PRAGMA optimize")
		cancel()
	}
	if s.stmts != nil {
		s.stmts.close()
	}
	if s.r != nil {
		errs = append(errs, s.r.Close())
	}
	if s.w != nil {
		errs = append(errs, s.w.Close())
	}
	return errors.Join(errs...)
}

// Update runs fn in one write transaction on the writer connection. It
// commits when fn returns nil (with synchronous=FULL the commit is on disk
// when Update returns) and rolls back otherwise, returning fn's error as it
// is. Calls queue for the single writer, so fn must not call Update itself.
func (s *Store) Update(ctx context.Context, fn func(foi.Tx) error) (err error) {
	sqlTx, err := s.w.BeginTx(ctx, nil) // BEGIN IMMEDIATE, from the DSN
	if err != nil {
		return fmt.Errorf("sqlite: begin: %w", err)
	}
	committed := false
	defer func() {
		if !committed {
			_ = sqlTx.Rollback()
		}
	}()
	ct := &cachedTx{Tx: sqlTx}
	t := &tx{Tx: sqlstore.Tx{Reader: shared(ct), Now: s.now()}, tx: ct}
	t.Tx.Locking = true
	if err := fn(t); err != nil {
		return err
	}
	if err := t.Tx.Seal(ctx); err != nil { // link the events written into the audit chain
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("sqlite: commit: %w", err)
	}
	committed = true
	return nil
}

// now is the store's clock in UTC, cut to the microseconds the database
// keeps, so a value set on a struct equals the value read back.
func (s *Store) now() time.Time {
	return s.Now().UTC().Truncate(time.Microsecond)
}

// querier is what a *sql.DB and a *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// tx is one write transaction.
type tx struct {
	sqlstore.Tx // the shared SQL's reads and writes
	tx          *cachedTx
}

// sqliteCode returns the extended result code of a driver error, or 0.
func sqliteCode(err error) int {
	var e *sqlite.Error
	if errors.As(err, &e) {
		return e.Code()
	}
	return 0
}
