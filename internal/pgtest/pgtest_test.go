// SPDX-License-Identifier: AGPL-3.0-or-later

package pgtest

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

func TestStartGivesFreshEmptyDatabases(t *testing.T) {
	if dir, err := Binaries(); err == nil {
		t.Logf("PostgreSQL binaries: %s", dir)
	}
	ctx := context.Background()
	a, b := Start(t), Start(t)
	if a == b {
		t.Fatalf("two calls gave the same database %s", a)
	}
	for _, dsn := range []string{a, b} {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatalf("connect %s: %v", dsn, err)
		}
		defer conn.Close(ctx)
		var tables int
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`).Scan(&tables); err != nil {
			t.Fatal(err)
		}
		if tables != 0 {
			t.Errorf("database %s has %d tables, want none", dsn, tables)
		}
	}
	// A table in one database is not in the other.
	ca, err := pgx.Connect(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	defer ca.Close(ctx)
	if _, err := ca.Exec(ctx, `CREATE TABLE t (x int)`); err != nil {
		t.Fatal(err)
	}
	cb, err := pgx.Connect(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Close(ctx)
	if _, err := cb.Exec(ctx, `SELECT * FROM t`); err == nil {
		t.Errorf("a table created in one test database is visible in another")
	}
}

func TestStartDurableKeepsFsyncOn(t *testing.T) {
	if os.Getenv("DISCLOSE_TEST_POSTGRES") != "" {
		t.Skip("an external server's settings are its own")
	}
	ctx := context.Background()
	for _, tt := range []struct {
		name  string
		start func(testing.TB) string
		want  string
	}{{"Start", Start, "off"}, {"StartDurable", StartDurable, "on"}} {
		conn, err := pgx.Connect(ctx, tt.start(t))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		var fsync string
		if err := conn.QueryRow(ctx, `SHOW fsync`).Scan(&fsync); err != nil {
			t.Fatal(err)
		}
		if fsync != tt.want {
			t.Errorf("%s: fsync = %s, want %s", tt.name, fsync, tt.want)
		}
	}
}
