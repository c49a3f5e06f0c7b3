// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"disclose/internal/clock"
	"disclose/internal/foi"
)

// runHolidays imports a newer GOV.UK bank-holidays.json into the database
// as a new calendar version. Deadlines computed afterwards record it.
func runHolidays(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintln(stderr, "usage: disclose holidays import --db DSN FILE")
		return 2
	}
	fs := newFlagSet("holidays import", stderr)
	dsn := dbFlag(fs)
	if err := parseFlags(fs, args[1:], 1); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "disclose holidays import: name the GOV.UK bank-holidays.json FILE to import")
		return 2
	}
	file := fs.Arg(0)
	data, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintf(stderr, "disclose holidays import: %v\n", err)
		return 2
	}
	cal, err := clock.ParseGovUK(data)
	if err != nil {
		fmt.Fprintf(stderr, "disclose holidays import: %s: %v\n", file, err)
		return 2
	}
	store, err := openStore(ctx, *dsn)
	if err != nil {
		return fail(stderr, "holidays import", err)
	}
	defer store.Close()
	first, last := cal.Years()
	stored := &foi.Calendar{Version: cal.Version(), Data: data, Source: filepath.Base(file)}
	if err := stored.Validate(); err != nil {
		return fail(stderr, "holidays import", err)
	}
	err = store.Update(ctx, func(tx foi.Tx) error {
		if err := tx.CreateCalendar(ctx, stored); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{Type: foi.EventCalendarAdded, Actor: "command line",
			Note: fmt.Sprintf("bank holidays %d-%d imported from %s as %s", first, last, filepath.Base(file), cal.Version())})
	})
	if err != nil {
		return fail(stderr, "holidays import", err)
	}
	fmt.Fprintf(stdout, "imported calendar %s covering %d-%d\n", cal.Version(), first, last)
	return 0
}
