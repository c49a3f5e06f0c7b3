// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlite

// Backups, checks and restores of a database file, for `disclose backup`,
// `check` and `restore`. They work on the file through their own
// connections, never through a Store: a Store migrates what it opens, and a
// check or a backup must not change the database it looks at.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	sqlite3 "modernc.org/sqlite/lib"

	"disclose/internal/foi"
	"disclose/internal/sqlstore"
)

// Backup writes a consistent copy of the database file src to dst, which
// must not exist, while other processes go on using src. VACUUM INTO reads
// one snapshot (a WAL read transaction, which blocks no writer) and writes
// a compact, self-contained file: every transaction committed before it
// began is in the copy, none committed after. The copy is written under a
// temporary name, synced, checked and only then renamed to dst, so dst
// exists only as a complete, sound backup. It returns the copy's quick
// check, with its counts.
func Backup(ctx context.Context, src, dst string) (*foi.CheckReport, error) {
	if err := checkPath(src); err != nil {
		return nil, err
	}
	if _, err := os.Stat(src); err != nil {
		return nil, fmt.Errorf("sqlite: backup: %w", err)
	}
	if _, err := os.Lstat(dst); err == nil {
		return nil, fmt.Errorf("sqlite: backup: %s already exists; choose a new file name", dst)
	}
	tmp := dst + ".partial"
	_ = os.Remove(tmp) // left by a backup that was stopped
	if err := vacuumInto(ctx, src, tmp); err != nil {
		os.Remove(tmp)
		return nil, err
	}
	rep, err := Check(ctx, tmp, true)
	if err == nil && len(rep.Problems) > 0 {
		err = fmt.Errorf("sqlite: backup: the copy is not sound: %s", strings.Join(rep.Problems, "; "))
	}
	if err != nil {
		os.Remove(tmp)
		return nil, err
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return nil, fmt.Errorf("sqlite: backup: %w", err)
	}
	return rep, syncDir(filepath.Dir(dst))
}

// vacuumInto copies src to the new file dst with VACUUM INTO and syncs it
// (VACUUM INTO itself does not).
func vacuumInto(ctx context.Context, src, dst string) error {
	db, err := sql.Open("sqlite", src+fmt.Sprintf("?_pragma=busy_timeout(%d)", busyTimeout.Milliseconds()))
	if err != nil {
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", dst); err != nil {
		return fmt.Errorf("sqlite: backup of %s: %w", src, err)
	}
	f, err := os.Open(dst)
	if err != nil {
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sqlite: backup: sync: %w", err)
	}
	return f.Close()
}

// Check verifies the database file at path without changing it: SQLite's
// integrity check (quick_check when quick: it skips comparing indexes with
// their tables), foreign keys, the migrations applied against those this
// Disclose has, and the rows in foi.CheckedTables. An error means the file
// could not be read at all; what was wrong with it is in the report.
func Check(ctx context.Context, path string, quick bool) (*foi.CheckReport, error) {
	if err := checkPath(path); err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); err != nil { // opening would create it
		return nil, fmt.Errorf("sqlite: check: %w", err)
	}
	db, err := sql.Open("sqlite", path+fmt.Sprintf("?_pragma=busy_timeout(%d)&_pragma=query_only(1)", busyTimeout.Milliseconds()))
	if err != nil {
		return nil, fmt.Errorf("sqlite: check: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	// One read transaction, so the counts and the migrations are of one
	// moment even while a server writes.
	t, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("sqlite: check %s: %w", path, err)
	}
	defer t.Rollback()
	rep := &foi.CheckReport{Engine: "sqlite"}
	pragma := "PRAGMA integrity_check"
	if quick {
		pragma = "PRAGMA quick_check"
	}
	lines, err := sqlstore.Strings(ctx, sqlQuerier{t}, pragma)
	if err != nil {
		if sqliteCode(err)&0xff == sqlite3.SQLITE_NOTADB {
			return nil, fmt.Errorf("sqlite: check: %s is not a SQLite database", path)
		}
		return nil, fmt.Errorf("sqlite: check %s: %w", path, err)
	}
	if len(lines) != 1 || lines[0] != "ok" {
		rep.Problems = append(rep.Problems, lines...)
	}
	err = sqlstore.Each(ctx, sqlQuerier{t}, func(rows sqlstore.Rows) error {
		var table, parent string
		var rowid sql.NullInt64
		var fkid int
		err := rows.Scan(&table, &rowid, &parent, &fkid)
		rep.Problems = append(rep.Problems, fmt.Sprintf("%s row %d refers to a missing row of %s", table, rowid.Int64, parent))
		return err
	}, "PRAGMA foreign_key_check")
	if err != nil {
		return nil, fmt.Errorf("sqlite: check %s: %w", path, err)
	}
	ms, err := migrations()
	if err != nil {
		return nil, err
	}
	if err := sqlstore.CheckSchema(ctx, sqlQuerier{t}, "SELECT name FROM sqlite_schema WHERE type = 'table'", ms, rep); err != nil {
		return nil, fmt.Errorf("sqlite: check %s: %w", path, err)
	}
	return rep, nil
}

// ErrInUse is returned by Restore when another process has the database
// open.
var ErrInUse = errors.New("the database is in use by another process (stop disclose serve first)")

// InUse reports whether another connection has the database file open. In
// WAL mode every open connection holds a shared lock on the file, so an
// exclusive lock, asked for without waiting, is refused while one does.
func InUse(ctx context.Context, path string) (bool, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(0)")
	if err != nil {
		return false, err
	}
	defer db.Close()
	c, err := db.Conn(ctx)
	if err != nil {
		return false, err
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, "PRAGMA locking_mode = EXCLUSIVE"); err != nil {
		return false, err
	}
	if _, err := c.ExecContext(ctx, "BEGIN EXCLUSIVE"); err != nil {
		if sqliteCode(err)&0xff == sqlite3.SQLITE_BUSY {
			return true, nil
		}
		return false, err
	}
	var n int
	err = c.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n)
	_, _ = c.ExecContext(ctx, "ROLLBACK")
	if sqliteCode(err)&0xff == sqlite3.SQLITE_BUSY {
		return true, nil
	}
	return false, err
}

// Restore makes the database file dst a copy of the backup src. It checks
// src first and refuses one that is not sound or has migrations this
// Disclose does not know (those it lacks are applied when Disclose next
// opens the file). It refuses to replace an existing dst unless force is
// set, and never replaces one another process has open. The copy is made
// beside dst and renamed over it, and dst's old WAL files are removed
// first, so a reader sees the old database or the new one, never a mix.
func Restore(ctx context.Context, src, dst string, force bool) (*foi.CheckReport, error) {
	if err := checkPath(dst); err != nil {
		return nil, err
	}
	rep, err := Check(ctx, src, false)
	if err != nil {
		return nil, err
	}
	if len(rep.Problems) > 0 || len(rep.Unknown) > 0 {
		return rep, fmt.Errorf("sqlite: restore: %s fails its check; nothing was changed", src)
	}
	if _, err := os.Lstat(dst); err == nil {
		if !force {
			return rep, fmt.Errorf("sqlite: restore: %s already exists; add --force to replace it", dst)
		}
		busy, err := InUse(ctx, dst)
		if err != nil {
			return rep, fmt.Errorf("sqlite: restore: %w", err)
		}
		if busy {
			return rep, fmt.Errorf("sqlite: restore: %s: %w", dst, ErrInUse)
		}
	}
	tmp := dst + ".restoring"
	_ = os.Remove(tmp)
	if err := vacuumInto(ctx, src, tmp); err != nil {
		os.Remove(tmp)
		return rep, err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(dst + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			os.Remove(tmp)
			return rep, fmt.Errorf("sqlite: restore: %w", err)
		}
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return rep, fmt.Errorf("sqlite: restore: %w", err)
	}
	return rep, syncDir(filepath.Dir(dst))
}

// checkPath refuses paths the connection string cannot carry.
func checkPath(path string) error {
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") || strings.ContainsAny(path, "?#") {
		return foi.Errorf(foi.EINVALID, "sqlite: %q is not a database file path (no ? or #, not file: or :memory:)", path)
	}
	return nil
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sqlite: sync %s: %w", dir, err)
	}
	return nil
}
