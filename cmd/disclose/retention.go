// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// runRetention applies the retention schedule: it removes requesters'
// personal data from cases closed long enough ago, and failed sign-in
// records past the throttle's window. --dry-run lists what it would change
// and changes nothing.
func runRetention(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("retention", stderr)
	dsn := dbFlag(fs)
	dryRun := fs.Bool("dry-run", false, "list the cases that are due, change nothing")
	asOf := fs.String("as-of", "", "apply the schedule as on this date, YYYY-MM-DD (default today)")
	if err := parseFlags(fs, args, 0); err != nil {
		return 2
	}
	day := foi.Date(time.Now().In(casework.UK))
	if *asOf != "" {
		var err error
		if day, err = foi.ParseDate(*asOf); err != nil {
			fmt.Fprintf(stderr, "disclose retention: --as-of: %v\n", err)
			return 2
		}
	}
	store, err := openStore(ctx, *dsn)
	if err != nil {
		return fail(stderr, "retention", err)
	}
	defer store.Close()
	svc, err := casework.New(ctx, store)
	if err != nil {
		return fail(stderr, "retention", err)
	}
	due, err := svc.RetentionDue(ctx, day)
	if err != nil {
		return fail(stderr, "retention", err)
	}
	for _, a := range due {
		apply, verb := svc.Anonymise, "removed"
		if *dryRun {
			// The same transaction, rolled back: it lists exactly what a
			// real run would remove, category by category.
			apply, verb = svc.AnonymisePreview, "would remove"
		}
		removed, err := apply(ctx, a)
		if err != nil {
			return fail(stderr, "retention", fmt.Errorf("%s: %w", a.Reference, err))
		}
		fmt.Fprintf(stdout, "%s\t%s %s\t%s\n", a.Reference, verb, strings.Join(removed, ", "), a.Reason)
	}
	verb := "anonymised"
	if *dryRun {
		verb = "due (dry run: nothing changed)"
	}
	fmt.Fprintf(stderr, "disclose retention: %d case(s) %s\n", len(due), verb)
	if !*dryRun {
		n, err := svc.PruneSignInFailures(ctx)
		if err != nil {
			return fail(stderr, "retention", err)
		}
		fmt.Fprintf(stderr, "disclose retention: %d failed sign-in record(s) past the throttle's window removed\n", n)
	}
	return 0
}
