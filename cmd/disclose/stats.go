// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/stats"
)

// runStats prints the statistics of the requests received in a period.
func runStats(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("stats", stderr)
	dsn := dbFlag(fs)
	from := fs.String("from", "", "first day of receipt, YYYY-MM-DD (required)")
	to := fs.String("to", "", "last day of receipt, YYYY-MM-DD (required)")
	format := fs.String("format", "csv", "csv (long form), json, quarterly-csv (the central-government table layout), or an official return over whole quarters: s45-csv, s45-json (the s.45 Code set), sic-csv (the Scottish Information Commissioner's return); docs/statistics.md")
	asOf := fs.String("as-of", "", "judge outstanding requests overdue on this date (default today)")
	if err := parseFlags(fs, args, 0); err != nil {
		return 2
	}
	bad := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "disclose stats: "+format+"\n", a...)
		return 2
	}
	fromDate, toDate, err := parsePeriod(*from, *to)
	if err != nil {
		return bad("%v", err)
	}
	asOfDate := foi.Date(time.Now().In(casework.UK))
	if *asOf != "" {
		if asOfDate, err = foi.ParseDate(*asOf); err != nil {
			return bad("--as-of: %v", err)
		}
	}
	write := map[string]func(*stats.Report, io.Writer) error{
		"csv": (*stats.Report).WriteCSV, "json": (*stats.Report).WriteJSON, "quarterly-csv": (*stats.Report).WriteQuarterlyCSV,
	}[*format]
	official := slices.Contains(stats.ReturnFormats, *format)
	if write == nil && !official {
		return bad("unknown --format %q (want csv, json, quarterly-csv, %s)", *format, strings.Join(stats.ReturnFormats, ", "))
	}
	store, err := openStore(ctx, *dsn)
	if err != nil {
		return fail(stderr, "stats", err)
	}
	defer store.Close()
	if official {
		// An official return counts whole quarters: those the period touches.
		qs := stats.QuartersIn(fromDate, toDate)
		report, err := stats.Build(ctx, store, qs[0].From, qs[len(qs)-1].To, asOfDate)
		if err != nil {
			return fail(stderr, "stats", err)
		}
		svc, err := casework.New(ctx, store)
		if err != nil {
			return fail(stderr, "stats", err)
		}
		a, err := svc.Authority(ctx)
		if err != nil {
			return fail(stderr, "stats", err)
		}
		if err := stats.WriteReturn(stdout, *format, stats.ReturnInput{Report: report, Quarters: qs, Authority: a.Name,
			DefaultRegime: a.DefaultRegime, AsOf: asOfDate}); err != nil {
			return fail(stderr, "stats", err)
		}
		return 0
	}
	report, err := stats.Build(ctx, store, fromDate, toDate, asOfDate)
	if foi.ErrorCode(err) == foi.EINVALID {
		return bad("%v", err)
	} else if err != nil {
		return fail(stderr, "stats", err)
	}
	if err := write(report, stdout); err != nil {
		return fail(stderr, "stats", err)
	}
	return 0
}

// parsePeriod reads the --from and --to of a command that reports on the
// requests received in a period: both required, dates, in order.
func parsePeriod(from, to string) (time.Time, time.Time, error) {
	if from == "" || to == "" {
		return time.Time{}, time.Time{}, errors.New("--from and --to are required")
	}
	f, err := foi.ParseDate(from)
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("--from: %v", err)
	}
	t, err := foi.ParseDate(to)
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("--to: %v", err)
	}
	if t.Before(f) {
		return time.Time{}, time.Time{}, fmt.Errorf("the period ends (%s) before it starts (%s)", to, from)
	}
	return f, t, nil
}
