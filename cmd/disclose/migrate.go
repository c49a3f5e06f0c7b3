// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"context"
	"fmt"
	"io"
)

func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("migrate", stderr)
	dsn := dbFlag(fs)
	if err := parseFlags(fs, args, 0); err != nil {
		return 2
	}
	store, err := openStore(ctx, *dsn) // opening applies pending migrations
	if err != nil {
		return fail(stderr, "migrate", err)
	}
	defer store.Close()
	v, err := store.SchemaVersion(ctx)
	if err != nil {
		return fail(stderr, "migrate", err)
	}
	fmt.Fprintf(stdout, "database is at schema version %d\n", v)
	return 0
}
