package main

import (
	"context"
	"fmt"
	"io"

	"disclose/internal/foi"
	"disclose/internal/logfile"
)

// runExport is `disclose export --db DSN`: every case and its publication
// as JSONL on stdout, in the format `disclose import` reads back.
//
// Requesters' names and addresses are personal data (UK GDPR): an export
// leaves them out unless --include-personal-data is given, so a file made
// for a data migration or an open-data release cannot leak them by
// default. The audit trail is not exported; it stays with the database.
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
	n, err := exportAll(ctx, store, w, *personal)
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		return fail(stderr, "export", fmt.Errorf("after %d cases: %w", n, err))
	}
	fmt.Fprintf(stderr, "exported %s cases\n", thousands(n))
	return 0
}

// exportAll writes every case in deadline order (then by reference), an
// order that the file itself carries, so an export of an import of an
// export is the same file.
func exportAll(ctx context.Context, store foi.Store, w *logfile.Writer, personal bool) (int, error) {
	const pageSize = 1000
	n := 0
	for offset := 0; ; offset += pageSize {
		list, total, err := store.FindRequests(ctx, foi.RequestFilter{Order: foi.OrderDue, Limit: pageSize, Offset: offset})
		if err != nil {
			return n, err
		}
		for _, r := range list {
			p, err := store.FindPublication(ctx, r.Reference)
			if foi.IsNotFound(err) {
				p, err = nil, nil
			}
			if err != nil {
				return n, err
			}
			if err := w.Write(logfile.EntryOf(r, p, personal)); err != nil {
				return n, err
			}
			n++
		}
		if offset+pageSize >= total {
			return n, nil
		}
	}
}
