// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlite

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"disclose/internal/sqlstore"
)

// Check tells a database from a newer or a changed Disclose (a migration
// it does not know, or a known number under another name) and one that is
// not yet migrated; Restore refuses the first kind and changes nothing.
func TestCheckFindsUnknownAndMissingMigrations(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "a.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	rep, err := Check(ctx, path, false)
	if err != nil || !rep.OK() || rep.SchemaVersion != latestVersion(t) {
		t.Fatalf("a fresh database: %+v, %v; want sound and fully migrated", rep, err)
	}

	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '0999_from_the_future.sql', '2030-01-01T00:00:00.000000Z')`,
		`UPDATE schema_migrations SET name = '0002_changed.sql' WHERE version = 2`,
		`DELETE FROM schema_migrations WHERE version = 3`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	rep, err = Check(ctx, path, true)
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK() || rep.SchemaVersion != 999 || len(rep.Missing) != 1 || !strings.HasPrefix(rep.Missing[0], "0003_") ||
		len(rep.Unknown) != 2 || !strings.Contains(strings.Join(rep.Unknown, " "), "0999_from_the_future.sql") ||
		!strings.Contains(strings.Join(rep.Unknown, " "), "0002_changed.sql (this Disclose has 0002_") {
		t.Errorf("check of a changed database: %+v", rep)
	}
	target := filepath.Join(dir, "target.db")
	if _, err := Restore(ctx, path, target, false); err == nil {
		t.Error("a database with unknown migrations was restored")
	}
	if _, err := os.Stat(target); !os.IsNotExist(err) {
		t.Errorf("a refused restore left %s: %v", target, err)
	}
	if _, err := Check(ctx, filepath.Join(dir, "missing.db"), true); err == nil {
		t.Error("check of a file that does not exist passed")
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); !os.IsNotExist(err) {
		t.Error("check created the file it was asked to check")
	}
}

func mustMigrations(t *testing.T) []sqlstore.Migration {
	t.Helper()
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

func latestVersion(t *testing.T) int {
	ms := mustMigrations(t)
	return ms[len(ms)-1].Version
}
