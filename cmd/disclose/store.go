// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"disclose/internal/foi"
	"disclose/internal/postgres"
	"disclose/internal/sqlite"
)

// defaultDSN is the embedded database a council runs by default.
const defaultDSN = "sqlite:disclose.db"

// envOr returns the environment variable's value, or def when unset.
func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// dbFlag adds the --db flag every database command shares.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", envOr("DISCLOSE_DB", defaultDSN), "database: sqlite:PATH or a postgres:// URL (env DISCLOSE_DB)")
}

// migrator is implemented by both stores.
type migrator interface {
	foi.Store
	Migrate(ctx context.Context) error
	SchemaVersion(ctx context.Context) (int, error)
}

// openStore opens (and migrates) the database a DSN names; opts tune a
// SQLite file.
func openStore(ctx context.Context, dsn string, opts ...sqlite.Option) (migrator, error) {
	var s migrator
	var err error
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		path := strings.TrimPrefix(dsn, "sqlite:")
		if path == "" {
			return nil, fmt.Errorf("DSN %q names no file: want sqlite:PATH", dsn)
		}
		s, err = sqlite.Open(ctx, path, opts...)
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		s, err = postgres.Open(ctx, dsn)
	default:
		return nil, fmt.Errorf("unknown database %q: want sqlite:PATH or a postgres:// URL", dsn)
	}
	if err != nil {
		return nil, err
	}
	// An upgraded database's events join the audit chain before any new one.
	if err := backfillAudit(ctx, s); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// newFlagSet returns a flag set that reports errors itself, in one line.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("disclose "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses args, allowing no positional arguments beyond want.
func parseFlags(fs *flag.FlagSet, args []string, want int) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > want {
		err := fmt.Errorf("unexpected argument %q", fs.Arg(want))
		fmt.Fprintf(fs.Output(), "%s: %v\n", fs.Name(), err)
		return err
	}
	return nil
}

// fail prints a one-line error for a command and returns status 1.
func fail(stderr io.Writer, cmd string, err error) int {
	fmt.Fprintf(stderr, "disclose %s: %v\n", cmd, err)
	return 1
}
