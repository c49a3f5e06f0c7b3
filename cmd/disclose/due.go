// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"disclose/internal/clock"
)

const dueUsage = `usage: disclose due --regime foia|eir|foisa|eir-scotland --received YYYY-MM-DD
         [--clarification-received DATE] [--fee-notice DATE --fee-paid DATE]...
         [--extended] [--stage request|review] [--explain] [--holidays FILE]
       disclose due --regime foia --received DATE --school-terms FILE
       disclose due --regime foia --received DATE --variation archives|armed-forces|held-abroad [--specified DATE]

Prints the statutory deadline as YYYY-MM-DD on stdout. At the review stage
--received is the day the review was asked for. --explain writes the
day-by-day count to stderr. --holidays counts with a GOV.UK-format
bank-holidays.json instead of the embedded calendar. --fee-notice and
--fee-paid may be given more than once, in the order the notices were given:
the n-th --fee-paid is the payment of the n-th notice, and every notice's
days to its payment are disregarded (FOIA s.10(2)).

The Time for Compliance Regulations (SI 2004/3364, FOIA only):
--school-terms FILE counts a school's or academy's deadline, the 20th school
day or the 60th working day, whichever is first (reg 3), from the school's
terms, one a line ("2025-09-03 2025-10-24"); a day outside them is an error.
--variation gives the archives deadline (30th working day) or, for the armed
forces or information held abroad, checks the --specified day the
Commissioner set (no later than the 60th working day).

Flags:
`

// runDue implements "disclose due": it prints the due date alone on stdout
// and returns 0, or prints one line beginning "disclose due: " on stderr and
// returns 2 for any bad input, including a date the calendar does not cover.
func runDue(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("disclose due", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported below, in one line
	regime := fs.String("regime", "", "the `regime`: foia, eir, foisa or eir-scotland (required)")
	received := fs.String("received", "", "the `date` the request (or, with --stage review, the review request) was received (required)")
	clarified := fs.String("clarification-received", "", "the `date` clarification was received: the count starts again")
	var feeNotices, feesPaid []string
	fs.Func("fee-notice", "the `date` a fees notice was given (repeat for each notice)", func(v string) error {
		feeNotices = append(feeNotices, v)
		return nil
	})
	fs.Func("fee-paid", "the `date` the fee was received (repeat: the n-th pays the n-th notice)", func(v string) error {
		feesPaid = append(feesPaid, v)
		return nil
	})
	extended := fs.Bool("extended", false, "apply the regime's extension (FOIA public interest, EIR/EISR complex and voluminous; FOISA has none)")
	stage := fs.String("stage", "request", "the `stage`: request or review")
	explain := fs.Bool("explain", false, "write the day-by-day count to stderr")
	holidays := fs.String("holidays", "", "a GOV.UK bank-holidays.json `file` to use instead of the embedded calendar")
	schoolTerms := fs.String("school-terms", "", "a `file` of the school's terms, one a line: first and last day (SI 2004/3364 reg 3)")
	variation := fs.String("variation", "", "an SI 2004/3364 `variation`: archives, armed-forces or held-abroad")
	specified := fs.String("specified", "", "the `date` the Commissioner specified (armed-forces, held-abroad)")

	fail := func(format string, a ...any) int {
		msg := strings.Join(strings.Fields(fmt.Sprintf(format, a...)), " ") // one line, whatever the cause
		fmt.Fprintln(stderr, "disclose due: "+msg)
		return 2
	}

	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, dueUsage)
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return 0
		}
		return fail("%v", err)
	}
	if fs.NArg() > 0 {
		return fail("unexpected argument %q", fs.Arg(0))
	}

	if *regime == "" {
		return fail("--regime is required (foia, eir, foisa or eir-scotland)")
	}
	r, err := clock.ParseRegime(*regime)
	if err != nil {
		return fail("--regime: %v", err)
	}
	st, err := clock.ParseStage(*stage)
	if err != nil {
		return fail("--stage: %v", err)
	}
	if *received == "" {
		return fail("--received is required (YYYY-MM-DD)")
	}
	k := clock.Case{Regime: r, Stage: st, Extended: *extended}
	for _, f := range []struct {
		name  string
		value string
		into  *clock.Date
	}{
		{"received", *received, &k.Received},
		{"clarification-received", *clarified, &k.ClarificationReceived},
	} {
		if f.value == "" {
			continue
		}
		if *f.into, err = clock.ParseDate(f.value); err != nil {
			return fail("--%s: %v", f.name, err)
		}
	}
	if len(feesPaid) > len(feeNotices) {
		return fail("--fee-paid needs --fee-notice (the day the fees notice was given)")
	}
	for n, v := range feeNotices {
		var f clock.Fee
		if f.Notice, err = clock.ParseDate(v); err != nil {
			return fail("--fee-notice: %v", err)
		}
		if n < len(feesPaid) {
			if f.Paid, err = clock.ParseDate(feesPaid[n]); err != nil {
				return fail("--fee-paid: %v", err)
			}
		}
		k.Fees = append(k.Fees, f)
	}

	cal, source := clock.Embedded(), "embedded"
	if *holidays != "" {
		data, err := os.ReadFile(*holidays)
		if err != nil {
			return fail("--holidays: %v", err)
		}
		if cal, err = clock.ParseGovUK(data); err != nil {
			return fail("--holidays %s: %v", *holidays, err)
		}
		source = *holidays
	}

	if *schoolTerms != "" || *variation != "" {
		return dueVaried(stdout, fail, cal, k, *schoolTerms, *variation, *specified, len(feeNotices) > 0 || *clarified != "" || *extended || st == clock.StageReview)
	}
	if *specified != "" {
		return fail("--specified goes with --variation armed-forces or held-abroad")
	}
	due, steps, err := cal.Explain(k)
	if err != nil {
		return fail("%v", err)
	}
	if *explain {
		writeExplanation(stderr, cal, source, k, steps)
	}
	fmt.Fprintln(stdout, due)
	return 0
}

// writeExplanation writes the --explain report: what was counted, under
// which rules and calendar, and every day of the count.
func writeExplanation(w io.Writer, cal *clock.Calendar, source string, k clock.Case, steps []clock.Step) {
	first, last := cal.Years()
	stage := "request"
	if k.Stage == clock.StageReview {
		stage = "review"
	}
	fmt.Fprintf(w, "%s (%s), %s stage\n", k.Regime.Name(), k.Regime.Title(), stage)
	fmt.Fprintf(w, "calendar %s: bank holidays %d-%d (%s)\n", cal.Version(), first, last, source)
	fmt.Fprintln(w, "rules:")
	for _, rule := range clock.Rules(k) {
		fmt.Fprintf(w, "  - %s\n", rule)
	}
	fmt.Fprintln(w, "count:")
	for _, s := range steps {
		n := "  -"
		if s.Count > 0 {
			n = fmt.Sprintf("%3d", s.Count)
		}
		line := fmt.Sprintf("  %s %s %s  %s", s.Date, s.Date.Weekday().String()[:3], n, s.Note)
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
	due := steps[len(steps)-1].Date
	fmt.Fprintf(w, "due: %s (%s)\n", due, due.Time().Format("Monday 2 January 2006"))
}

// dueVaried prints a deadline under the Time for Compliance Regulations.
// They replace the 20th working day of a plain request; combined with
// clarification, fees, an extension or a review they are not counted
// here (refused, not guessed).
func dueVaried(stdout io.Writer, fail func(string, ...any) int, cal *clock.Calendar, k clock.Case, termsFile, variation, specified string, other bool) int {
	if termsFile != "" && variation != "" {
		return fail("--school-terms and --variation are different regulations: give one")
	}
	if other {
		return fail("--school-terms and --variation count a plain request: not with fees, clarification, --extended or a review")
	}
	if k.Regime != clock.FOIA {
		return fail("SI 2004/3364 varies the time for compliance under FOIA only, not %s", k.Regime.Name())
	}
	if termsFile != "" {
		data, err := os.ReadFile(termsFile)
		if err != nil {
			return fail("--school-terms: %v", err)
		}
		terms, err := clock.ParseTerms(string(data))
		if err != nil {
			return fail("--school-terms %s: %v", termsFile, err)
		}
		due, err := cal.SchoolDeadline(k.Received, terms)
		if err != nil {
			return fail("%v", err)
		}
		fmt.Fprintln(stdout, due)
		return 0
	}
	var on clock.Date
	if specified != "" {
		var err error
		if on, err = clock.ParseDate(specified); err != nil {
			return fail("--specified: %v", err)
		}
	}
	v, err := cal.VariedDeadline(k.Regime, k.Received, clock.Variation(variation), on)
	if err != nil {
		return fail("%v", err)
	}
	fmt.Fprintln(stdout, v.Due)
	return 0
}
