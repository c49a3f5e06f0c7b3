// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"disclose/internal/foi"
	"disclose/internal/postgres"
	"disclose/internal/sqlite"
)

// pgDumpHelp is what backup and restore say about a PostgreSQL database:
// its own tools make a consistent dump of a live database.
const pgDumpHelp = `PostgreSQL is backed up with its own tools, which make a consistent dump while disclose serve runs:
  pg_dump -Fc -f disclose.dump 'postgres://...'
  pg_restore --no-owner -d 'postgres://.../new' disclose.dump   # into a new, empty database
then run "disclose check --db" on the restored database (docs/operations.md)`

// sqlitePath returns the file a sqlite: DSN names, or "" for PostgreSQL.
func sqlitePath(dsn string) (string, error) {
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		if p := strings.TrimPrefix(dsn, "sqlite:"); p != "" {
			return p, nil
		}
		return "", fmt.Errorf("DSN %q names no file: want sqlite:PATH", dsn)
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return "", nil
	}
	return "", fmt.Errorf("unknown database %q: want sqlite:PATH or a postgres:// URL", dsn)
}

func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("backup", stderr)
	dsn := dbFlag(fs)
	pos, err := parseWithArgs(fs, args, 1, "FILE")
	if err != nil {
		return 2
	}
	path, err := sqlitePath(*dsn)
	if err != nil {
		fmt.Fprintln(stderr, "disclose backup:", err)
		return 2
	}
	if path == "" {
		fmt.Fprintln(stderr, "disclose backup: not for PostgreSQL. "+pgDumpHelp)
		return 2
	}
	rep, err := sqlite.Backup(ctx, path, pos[0])
	if err != nil {
		return fail(stderr, "backup", err)
	}
	fmt.Fprintf(stdout, "backed up %s to %s\n", path, pos[0])
	printCounts(stdout, rep)
	return 0
}

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("check", stderr)
	dsn := dbFlag(fs)
	quick := fs.Bool("quick", false, "SQLite: quick_check instead of the full integrity_check (does not compare indexes with their tables)")
	if _, err := parseWithArgs(fs, args, 0, ""); err != nil {
		return 2
	}
	path, err := sqlitePath(*dsn)
	if err != nil {
		fmt.Fprintln(stderr, "disclose check:", err)
		return 2
	}
	var rep *foi.CheckReport
	if path != "" {
		rep, err = sqlite.Check(ctx, path, *quick)
	} else {
		rep, err = postgres.Check(ctx, *dsn)
	}
	if err != nil {
		return fail(stderr, "check", err)
	}
	printReport(stdout, rep)
	if !rep.OK() {
		fmt.Fprintln(stderr, "disclose check: the database failed its check")
		return 1
	}
	return 0
}

func runRestore(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("restore", stderr)
	dsn := dbFlag(fs)
	force := fs.Bool("force", false, "replace an existing database file (never one a running process has open)")
	pos, err := parseWithArgs(fs, args, 1, "FILE")
	if err != nil {
		return 2
	}
	path, err := sqlitePath(*dsn)
	if err != nil {
		fmt.Fprintln(stderr, "disclose restore:", err)
		return 2
	}
	if path == "" {
		fmt.Fprintln(stderr, "disclose restore: not for PostgreSQL. "+pgDumpHelp)
		return 2
	}
	rep, err := sqlite.Restore(ctx, pos[0], path, *force)
	if rep != nil && err != nil && (len(rep.Problems) > 0 || len(rep.Unknown) > 0) {
		printReport(stderr, rep)
	}
	if err != nil {
		return fail(stderr, "restore", err)
	}
	fmt.Fprintf(stdout, "restored %s from %s\n", path, pos[0])
	printCounts(stdout, rep)
	if len(rep.Missing) > 0 {
		fmt.Fprintf(stdout, "%d migrations will be applied when Disclose next opens it (disclose migrate)\n", len(rep.Missing))
	}
	return 0
}

// printReport writes a check's findings, one per line.
func printReport(w io.Writer, rep *foi.CheckReport) {
	fmt.Fprintf(w, "engine: %s\n", rep.Engine)
	if rep.Engine == "sqlite" {
		if len(rep.Problems) == 0 {
			fmt.Fprintln(w, "integrity: ok")
		}
		for _, p := range rep.Problems {
			fmt.Fprintf(w, "integrity: %s\n", p)
		}
	}
	fmt.Fprintf(w, "schema version: %d\n", rep.SchemaVersion)
	switch {
	case len(rep.Missing) == 0 && len(rep.Unknown) == 0:
		fmt.Fprintln(w, "migrations: all applied")
	default:
		if len(rep.Missing) > 0 {
			fmt.Fprintf(w, "migrations not applied: %s (disclose migrate applies them)\n", strings.Join(rep.Missing, ", "))
		}
		if len(rep.Unknown) > 0 {
			fmt.Fprintf(w, "migrations this Disclose does not know: %s (made by a newer or a changed Disclose)\n", strings.Join(rep.Unknown, ", "))
		}
	}
	printCounts(w, rep)
}

func printCounts(w io.Writer, rep *foi.CheckReport) {
	for _, c := range rep.Counts {
		fmt.Fprintf(w, "%s: %d\n", c.Table, c.Rows)
	}
}

// parseWithArgs parses flags that may come before or after the want
// positional arguments (`disclose restore FILE --db DSN`), named by what
// in the error.
func parseWithArgs(fs *flag.FlagSet, args []string, want int, what string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(pos) != want {
		var err error
		if len(pos) > want {
			err = fmt.Errorf("unexpected argument %q", pos[want])
		} else {
			err = errors.New("missing " + what)
		}
		fmt.Fprintf(fs.Output(), "%s: %v\n", fs.Name(), err)
		return nil, err
	}
	return pos, nil
}
