// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlstore

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The schema is a numbered series of SQL files per engine, applied in order,
// each in its own transaction, and recorded in schema_migrations. A file,
// once released, is never edited: a change is a new file, with the same
// number in both engines' folders.

// Migration is one numbered schema change.
type Migration struct {
	Version int
	Name    string // the file name, for the record
	SQL     string
}

// Migrations returns the NNNN_name.sql files of dir in fsys in order of
// number, which must be unique. A gap is allowed: branches that each add a
// migration may be merged in either order, and each file is applied once.
func Migrations(fsys fs.FS, dir string) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var ms []Migration
	seen := map[int]string{}
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration file %q is not named NNNN_name.sql", e.Name())
		}
		if other, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %s and %s have the same number", other, e.Name())
		}
		seen[v] = e.Name()
		b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: e.Name(), SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	return ms, nil
}

// Known maps the migrations' numbers to their file names.
func Known(ms []Migration) map[int]string {
	known := make(map[int]string, len(ms))
	for _, m := range ms {
		known[m.Version] = m.Name
	}
	return known
}

// Migrator is what Migrate needs of an engine.
type Migrator struct {
	Files []Migration
	// Setup creates schema_migrations when it is missing (and does what
	// the engine must before the records are read).
	Setup string
	// Q runs statements outside a migration (under the engine's
	// migration lock, where it has one).
	Q Querier
	D Dialect
	// Apply runs fn in one transaction: q runs statements with
	// parameters, run a migration's text as it is (several statements).
	Apply func(ctx context.Context, fn func(q Querier, run func(sql string) error) error) error
	Now   time.Time
}

// Migrate applies every migration the database does not have yet. It is
// idempotent, and safe when several processes start at once: each
// migration's transaction first checks it is still pending. A database
// from a newer Disclose (a migration recorded past the newest file) is
// refused rather than used.
func Migrate(ctx context.Context, m Migrator) error {
	if _, err := m.Q.Exec(ctx, m.Setup); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	applied, err := Keys(ctx, m.Q, `SELECT version FROM schema_migrations`)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	done := map[int]bool{}
	latest := 0
	if len(m.Files) > 0 {
		latest = m.Files[len(m.Files)-1].Version
	}
	for _, v := range applied {
		if int(v) > latest {
			return fmt.Errorf("the database is at schema version %d but this Disclose knows only %d: upgrade Disclose",
				v, latest)
		}
		done[int(v)] = true
	}
	for _, f := range m.Files {
		if done[f.Version] {
			continue
		}
		err := m.Apply(ctx, func(q Querier, run func(string) error) error {
			var again bool // another process got there first
			if err := q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = ?)`,
				f.Version).Scan(&again); err != nil || again {
				return err
			}
			if err := run(f.SQL); err != nil {
				return err
			}
			_, err := q.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				f.Version, f.Name, m.D.Instant(m.Now))
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", f.Name, err)
		}
	}
	return nil
}
