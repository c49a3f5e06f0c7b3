// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// runReport writes a report; "regulator" is the evidence pack for the ICO
// or the Scottish Information Commissioner (docs/statistics.md).
func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "regulator" {
		fmt.Fprintln(stderr, "usage: disclose report regulator --db DSN --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE]")
		return 2
	}
	fs := newFlagSet("report regulator", stderr)
	dsn := dbFlag(fs)
	from := fs.String("from", "", "first day of receipt, YYYY-MM-DD (required)")
	to := fs.String("to", "", "last day of receipt, YYYY-MM-DD (required)")
	out := fs.String("out", "", "write the HTML document to this file (default standard output)")
	asOf := fs.String("as-of", "", "judge deadlines and the backlog on this date (default today)")
	if err := parseFlags(fs, args[1:], 0); err != nil {
		return 2
	}
	bad := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "disclose report regulator: "+format+"\n", a...)
		return 2
	}
	fromDate, toDate, err := parsePeriod(*from, *to)
	if err != nil {
		return bad("%v", err)
	}
	now := time.Now()
	if *asOf != "" {
		day, err := foi.ParseDate(*asOf)
		if err != nil {
			return bad("--as-of: %v", err)
		}
		now = time.Date(day.Year(), day.Month(), day.Day(), 12, 0, 0, 0, casework.UK)
	}
	store, err := openStore(ctx, *dsn)
	if err != nil {
		return fail(stderr, "report", err)
	}
	defer store.Close()
	svc, err := casework.New(ctx, store)
	if err != nil {
		return fail(stderr, "report", err)
	}
	svc.Now = func() time.Time { return now }
	// Whoever runs the command line holds the database itself; the pack
	// is read as an administrator would read it on the dashboard.
	operator := &foi.User{Name: "disclose report", Role: foi.RoleAdmin}
	var doc bytes.Buffer
	if err := casework.WriteEvidence(ctx, svc, operator, fromDate, toDate, &doc); err != nil {
		return fail(stderr, "report", err)
	}
	if *out == "" {
		_, err = doc.WriteTo(stdout)
	} else {
		err = os.WriteFile(*out, doc.Bytes(), 0o644)
	}
	if err != nil {
		return fail(stderr, "report", err)
	}
	return 0
}
