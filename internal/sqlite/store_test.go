// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"disclose/internal/foi"
	"disclose/internal/storetest"
)

var ctx = context.Background()

// openTest opens a new database in a temporary directory and closes it
// when the test ends.
func openTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "disclose.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) foi.Store {
		s, err := Open(ctx, filepath.Join(t.TempDir(), "disclose.db"))
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		return s
	})
}

func TestAuditChain(t *testing.T) {
	storetest.RunAudit(t, func(t *testing.T) (foi.Store, storetest.Tamper) {
		path := filepath.Join(t.TempDir(), "disclose.db")
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		return s, func(t *testing.T, statements ...string) {
			t.Helper()
			// A connection of the attacker's own, without foreign keys,
			// and the append-only triggers dropped.
			db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(10000)")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'trigger'`)
			if err != nil {
				t.Fatal(err)
			}
			var triggers []string
			for rows.Next() {
				var n string
				if err := rows.Scan(&n); err != nil {
					t.Fatal(err)
				}
				triggers = append(triggers, n)
			}
			rows.Close()
			for _, n := range triggers {
				statements = append([]string{"DROP TRIGGER " + n}, statements...)
			}
			for _, q := range statements {
				if _, err := db.ExecContext(ctx, q); err != nil {
					t.Fatalf("tamper: %s: %v", q, err)
				}
			}
		}
	})
}
