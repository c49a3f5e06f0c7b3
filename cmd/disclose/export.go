// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"context"
	"fmt"
	"io"

	"disclose/internal/logfile"
)

// runExport is `disclose export --db DSN`: the public disclosure log as
// JSONL on stdout, each entry as published, in the format `disclose
// import` reads back.
//
// Requesters' details are personal data (UK GDPR), and so may be the
// words of a request as the requester wrote them (a sign-off, their
// address), which the log publishes only as redacted. So an export carries
// only what the public can read: entries in the log now, their texts as
// published. --include-personal-data exports every case as it is kept
// (the original texts, the requester, cases never published or taken
// down), for a migration between databases. The audit trail is not
// exported; it stays with the database.
func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("export", stderr)
	dsn := dbFlag(fs)
	personal := fs.Bool("include-personal-data", false, "include requesters' names and contact details (personal data: handle the file accordingly)")
	if err := parseFlags(fs, args, 0); err != nil {
		return 2
	}
	store, err := openStore(ctx, *dsn)
	if err != nil {
		return fail(stderr, "export", err)
	}
	defer store.Close()
	w := logfile.NewWriter(stdout)
	n, err := logfile.Export(ctx, store, w, *personal)
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		return fail(stderr, "export", fmt.Errorf("after %d cases: %w", n, err))
	}
	what := "public log entries, as published (--include-personal-data exports every case as kept)"
	if *personal {
		what = "cases, with their requesters' personal data"
	}
	fmt.Fprintf(stderr, "exported %s %s\n", thousands(n), what)
	return 0
}
