// SPDX-License-Identifier: AGPL-3.0-or-later

package clock

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

// d is MustParseDate, short for tables; "" is the zero (unset) Date.
func d(s string) Date {
	if s == "" {
		return 0
	}
	return MustParseDate(s)
}

type deadlineTest struct {
	name string
	k    Case
	due  string
}

func runDeadlineTests(t *testing.T, tests []deadlineTest) {
	t.Helper()
	c := Embedded()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.Deadline(tc.k)
			if err != nil {
				t.Fatalf("Deadline: %v", err)
			}
			if got.String() != tc.due {
				t.Errorf("Deadline = %s (%s), want %s", got, got.Weekday(), tc.due)
			}
			// Explain must reach the same day, ending on the N-th working day.
			due, steps, err := c.Explain(tc.k)
			if err != nil || due != got {
				t.Fatalf("Explain = %s, %v; Deadline = %s", due, err, got)
			}
			last := steps[len(steps)-1]
			if last.Date != got || last.Count == 0 {
				t.Errorf("last step = %+v, want a counted %s", last, got)
			}
		})
	}
}

// Worked examples (docs/statutory-rules.md §12): dates computed by hand
// from GOV.UK's data on the ICO reading, and published examples whose
// dates are inside the data (V8).
func TestRulesDigestVectors(t *testing.T) {
	runDeadlineTests(t, []deadlineTest{
		{"C1 FOIA Easter 2024", Case{Regime: FOIA, Received: d("2024-03-21")}, "2024-04-22"},
		{"C1s FOISA Easter Monday is a working day in Scotland", Case{Regime: FOISA, Received: d("2024-03-21")}, "2024-04-19"},
		{"C2 FOIA St Patrick's Day and Easter 2026", Case{Regime: FOIA, Received: d("2026-03-13")}, "2026-04-15"},
		{"C2s FOISA neither 17 Mar nor Easter Monday", Case{Regime: FOISA, Received: d("2026-03-13")}, "2026-04-13"},
		{"C3 FOIA Christmas 2025, 1 and 2 Jan", Case{Regime: FOIA, Received: d("2025-12-08")}, "2026-01-09"},
		{"C3 FOISA", Case{Regime: FOISA, Received: d("2025-12-08")}, "2026-01-09"},
		{"C4 FOIA Christmas 2027 substitutes", Case{Regime: FOIA, Received: d("2027-12-10")}, "2028-01-13"},
		{"C4 FOISA", Case{Regime: FOISA, Received: d("2027-12-10")}, "2028-01-13"},
		{"C5 FOIA Scottish St Andrew's substitute stops an English clock", Case{Regime: FOIA, Received: d("2025-11-24")}, "2025-12-23"},
		{"C6 FOIA received on a Scottish holiday (ICO reading)", Case{Regime: FOIA, Received: d("2025-12-01")}, "2025-12-31"},
		{"C7 FOIA NI Boyne substitute", Case{Regime: FOIA, Received: d("2025-06-30")}, "2025-07-29"},
		{"C7s FOISA 14 Jul is a working day", Case{Regime: FOISA, Received: d("2025-06-30")}, "2025-07-28"},
		{"C8 FOIA both summer holidays", Case{Regime: FOIA, Received: d("2024-08-01")}, "2024-09-02"},
		{"C8s FOISA only 5 Aug", Case{Regime: FOISA, Received: d("2024-08-01")}, "2024-08-30"},
		{"C9 FOIA Early May and Coronation 2023", Case{Regime: FOIA, Received: d("2023-04-24")}, "2023-05-24"},
		{"C10 FOIA World Cup holiday 15 Jun 2026", Case{Regime: FOIA, Received: d("2026-06-01")}, "2026-06-30"},
		{"C10 FOISA", Case{Regime: FOISA, Received: d("2026-06-01")}, "2026-06-30"},
		{"C11 FOIA received Saturday (ICO reading)", Case{Regime: FOIA, Received: d("2026-02-07")}, "2026-03-06"},
		{"C11 FOIA received Sunday", Case{Regime: FOIA, Received: d("2026-02-08")}, "2026-03-06"},
		{"C12 FOIA received Good Friday (ICO reading)", Case{Regime: FOIA, Received: d("2026-04-03")}, "2026-05-05"},
		{"C13 FOIA received Christmas Day (ICO reading)", Case{Regime: FOIA, Received: d("2025-12-25")}, "2026-01-27"},
		{"C14 EIR 20 working days", Case{Regime: EIR, Received: d("2025-12-01")}, "2025-12-31"},
		{"C14 EIR extended, complex and voluminous", Case{Regime: EIR, Received: d("2025-12-01"), Extended: true}, "2026-01-30"},
		{"C15 FOIA s.17 notice", Case{Regime: FOIA, Received: d("2025-10-06")}, "2025-11-03"},
		{"C15 FOIA public interest extension", Case{Regime: FOIA, Received: d("2025-10-06"), Extended: true}, "2025-12-02"},
		{"C16 FOIA without the fee", Case{Regime: FOIA, Received: d("2026-02-02")}, "2026-03-02"},
		{"C16 FOIA fees pause, notice and payment days included", Case{Regime: FOIA, Received: d("2026-02-02"), FeeNotice: d("2026-02-16"), FeePaid: d("2026-03-04")}, "2026-03-20"},
		{"C17 FOIA clarification restarts the count", Case{Regime: FOIA, Received: d("2026-02-02"), ClarificationReceived: d("2026-02-12")}, "2026-03-12"},
		{"C18 FOIA internal review target", Case{Regime: FOIA, Stage: StageReview, Received: d("2026-01-09")}, "2026-02-06"},
		{"C18 FOIA internal review maximum", Case{Regime: FOIA, Stage: StageReview, Received: d("2026-01-09"), Extended: true}, "2026-03-06"},
		{"C20 EIR reg 11 reconsideration", Case{Regime: EIR, Stage: StageReview, Received: d("2026-03-02")}, "2026-04-30"},
		{"V8 FOISA SIC Decision 135/2025", Case{Regime: FOISA, Received: d("2024-11-29")}, "2025-01-03"},
	})
}

func TestReviewWindowC19(t *testing.T) {
	c := Embedded()
	for _, r := range Regimes {
		got, err := c.ReviewWindow(r, d("2025-12-05"))
		if err != nil {
			t.Fatal(err)
		}
		if got.String() != "2026-02-05" {
			t.Errorf("%s: ReviewWindow(2025-12-05) = %s, want 2026-02-05", r, got)
		}
	}
}

// The §9.1 vectors from 2007–2015 are outside the data: the answer is an
// error naming the year, never a guess.
func TestRulesDigestVectorsOutsideTheData(t *testing.T) {
	c := Embedded()
	tests := []struct {
		name string
		k    Case
		year int
	}{
		{"V1", Case{Regime: FOIA, Received: d("2009-03-12")}, 2009},
		{"V2 Friday", Case{Regime: FOIA, Received: d("2009-03-13")}, 2009},
		{"V2 Saturday", Case{Regime: FOIA, Received: d("2009-03-14")}, 2009},
		{"V2 Sunday", Case{Regime: FOIA, Received: d("2009-03-15")}, 2009},
		{"V3", Case{Regime: FOIA, Received: d("2009-03-16")}, 2009},
		{"V4 leap year", Case{Regime: FOIA, Received: d("2008-02-01")}, 2008},
		{"V4 October", Case{Regime: FOIA, Received: d("2008-10-01")}, 2008},
		{"V5", Case{Regime: FOIA, Received: d("2014-03-16")}, 2014},
		{"V6", Case{Regime: FOIA, Received: d("2014-12-02")}, 2014},
		{"V7", Case{Regime: FOIA, Received: d("2014-12-01")}, 2014},
		{"V10 school", Case{Regime: FOIA, Received: d("2007-10-14")}, 2007},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.Deadline(tc.k)
			var nc *NotCoveredError
			if !errors.As(err, &nc) {
				t.Fatalf("Deadline = %s, %v; want *NotCoveredError", got, err)
			}
			if nc.Year != tc.year || !strings.Contains(err.Error(), "no bank-holiday data for "+strconv.Itoa(tc.year)) {
				t.Errorf("error = %q, want it to name %d", err, tc.year)
			}
		})
	}
}

func TestDeadline(t *testing.T) {
	runDeadlineTests(t, []deadlineTest{
		// Cross-nation holidays.
		{"FOIA 12 July (NI) is not a working day", Case{Regime: FOIA, Received: d("2024-07-01")}, "2024-07-30"},
		{"FOISA 12 July is a working day", Case{Regime: FOISA, Received: d("2024-07-01")}, "2024-07-29"},
		{"EIR counts as FOIA", Case{Regime: EIR, Received: d("2024-07-01")}, "2024-07-30"},
		{"EISR counts as FOISA", Case{Regime: EISR, Received: d("2024-07-01")}, "2024-07-29"},
		{"FOIA 2 January (Scotland) stops the clock", Case{Regime: FOIA, Received: d("2025-12-31")}, "2026-01-30"},
		{"FOISA 2 January", Case{Regime: FOISA, Received: d("2025-12-31")}, "2026-01-30"},
		{"FOIA St Andrew's Day substitute 2025", Case{Regime: FOIA, Received: d("2025-11-21")}, "2025-12-22"},
		{"FOISA St Andrew's Day substitute 2025", Case{Regime: FOISA, Received: d("2025-11-21")}, "2025-12-22"},
		{"FOISA Easter Monday 2025 counts", Case{Regime: FOISA, Received: d("2025-04-10")}, "2025-05-12"},
		{"FOIA Easter Monday 2025 does not", Case{Regime: FOIA, Received: d("2025-04-10")}, "2025-05-13"},

		// Day of receipt is day 0 whatever day it is.
		{"received Friday", Case{Regime: FOIA, Received: d("2026-02-06")}, "2026-03-06"},
		{"received Saturday: as Friday", Case{Regime: FOIA, Received: d("2026-02-07")}, "2026-03-06"},
		{"received on a bank holiday (Early May 2026)", Case{Regime: FOIA, Received: d("2026-05-04")}, "2026-06-02"},
		{"FOISA received on St Andrew's substitute", Case{Regime: FOISA, Received: d("2025-12-01")}, "2025-12-31"},

		// Clarification.
		{"clarification on the day of receipt changes nothing", Case{Regime: FOIA, Received: d("2026-02-02"), ClarificationReceived: d("2026-02-02")}, "2026-03-02"},
		{"clarification received on a Saturday is day 0", Case{Regime: FOIA, Received: d("2026-02-02"), ClarificationReceived: d("2026-02-14")}, "2026-03-13"},
		{"FOISA clarification", Case{Regime: FOISA, Received: d("2026-02-02"), ClarificationReceived: d("2026-02-12")}, "2026-03-12"},
		{"clarification then fees", Case{Regime: FOIA, Received: d("2026-02-02"), ClarificationReceived: d("2026-02-12"), FeeNotice: d("2026-02-13"), FeePaid: d("2026-02-13")}, "2026-03-13"},

		// Fees: the pause includes the notice day and the payment day.
		{"notice and payment on one working day: one day more", Case{Regime: FOIA, Received: d("2026-02-02"), FeeNotice: d("2026-02-10"), FeePaid: d("2026-02-10")}, "2026-03-03"},
		{"notice Saturday, paid Sunday: nothing lost", Case{Regime: FOIA, Received: d("2026-02-02"), FeeNotice: d("2026-02-07"), FeePaid: d("2026-02-08")}, "2026-03-02"},
		{"notice on the day of receipt", Case{Regime: FOIA, Received: d("2026-02-02"), FeeNotice: d("2026-02-02"), FeePaid: d("2026-02-04")}, "2026-03-04"},
		{"notice on the last day", Case{Regime: FOIA, Received: d("2026-02-02"), FeeNotice: d("2026-03-02"), FeePaid: d("2026-03-02")}, "2026-03-03"},
		{"paid on the last day before the lapse", Case{Regime: FOIA, Received: d("2026-02-02"), FeeNotice: d("2026-02-16"), FeePaid: d("2026-05-15")}, "2026-06-02"},
		{"FOISA fees (OSIC: 10 days used, 10 left)", Case{Regime: FOISA, Received: d("2026-02-02"), FeeNotice: d("2026-02-17"), FeePaid: d("2026-03-04")}, "2026-03-18"},
		{"EIR advance payment pause", Case{Regime: EIR, Received: d("2026-02-02"), FeeNotice: d("2026-02-16"), FeePaid: d("2026-03-04")}, "2026-03-20"},
		{"fees with the public interest extension", Case{Regime: FOIA, Received: d("2026-02-02"), FeeNotice: d("2026-02-16"), FeePaid: d("2026-03-04"), Extended: true}, "2026-04-21"},

		// Extensions per regime.
		{"FOIA extended", Case{Regime: FOIA, Received: d("2026-02-02"), Extended: true}, "2026-03-31"},
		{"EIR extended", Case{Regime: EIR, Received: d("2026-02-02"), Extended: true}, "2026-03-31"},
		{"EISR extended", Case{Regime: EISR, Received: d("2026-02-02"), Extended: true}, "2026-03-30"},
		{"EISR not extended", Case{Regime: EISR, Received: d("2026-02-02")}, "2026-03-02"},

		// Review stage per regime.
		{"FOIA review", Case{Regime: FOIA, Stage: StageReview, Received: d("2026-03-02")}, "2026-03-31"},
		{"FOIA review extended", Case{Regime: FOIA, Stage: StageReview, Received: d("2026-03-02"), Extended: true}, "2026-04-30"},
		{"EIR reconsideration: 40", Case{Regime: EIR, Stage: StageReview, Received: d("2026-03-02")}, "2026-04-30"},
		{"FOISA review: 20 (s.21)", Case{Regime: FOISA, Stage: StageReview, Received: d("2026-03-02")}, "2026-03-30"},
		{"EISR review: 20 (reg 16)", Case{Regime: EISR, Stage: StageReview, Received: d("2026-03-02")}, "2026-03-30"},
		{"explicit request stage", Case{Regime: FOIA, Stage: StageRequest, Received: d("2026-02-02")}, "2026-03-02"},

		// The edges of the data.
		{"first day of the data", Case{Regime: FOIA, Received: d("2017-01-01")}, "2017-01-31"},
		{"a deadline at the end of the data", Case{Regime: FOIA, Received: d("2028-11-28")}, "2028-12-29"},
	})
}

func TestDeadlineErrors(t *testing.T) {
	c := Embedded()
	tests := []struct {
		name string
		k    Case
		want string
		is   func(error) bool
	}{
		{"no regime", Case{Received: d("2026-02-02")}, "no regime given", invalid},
		{"unknown regime", Case{Regime: "gdpr", Received: d("2026-02-02")}, `unknown regime "gdpr" (want foia, eir, foisa or eir-scotland)`, invalid},
		{"unknown stage", Case{Regime: FOIA, Stage: "appeal", Received: d("2026-02-02")}, `unknown stage "appeal" (want request or review)`, invalid},
		{"no receipt date", Case{Regime: FOIA}, "the date the request was received is missing", invalid},
		{"no review date", Case{Regime: FOIA, Stage: StageReview}, "the date the review was asked for is missing", invalid},
		{"FOISA extended", Case{Regime: FOISA, Received: d("2026-02-02"), Extended: true}, "FOISA has no extension of the time for compliance (FOISA s.10)", invalid},
		{"EIR review extended", Case{Regime: EIR, Stage: StageReview, Received: d("2026-02-02"), Extended: true}, "EIR has no extension of the time for reconsideration (EIR reg 11(4))", invalid},
		{"FOISA review extended", Case{Regime: FOISA, Stage: StageReview, Received: d("2026-02-02"), Extended: true}, "FOISA has no extension", invalid},
		{"EISR review extended", Case{Regime: EISR, Stage: StageReview, Received: d("2026-02-02"), Extended: true}, "EISR has no extension of the time for a review (EISR reg 16(4))", invalid},
		{"clarification at review", Case{Regime: FOIA, Stage: StageReview, Received: d("2026-02-02"), ClarificationReceived: d("2026-02-03")}, "clarification applies to a request, not to a review", invalid},
		{"fees at review", Case{Regime: FOIA, Stage: StageReview, Received: d("2026-02-02"), FeeNotice: d("2026-02-03")}, "fees notices apply to a request, not to a review", invalid},
		{"clarification before receipt", Case{Regime: FOIA, Received: d("2026-02-02"), ClarificationReceived: d("2026-02-01")}, "clarification received (2026-02-01) before the request was received (2026-02-02)", invalid},
		{"fee paid before the notice", Case{Regime: FOIA, Received: d("2026-01-20"), FeeNotice: d("2026-02-16"), FeePaid: d("2026-02-01")}, "fee paid (2026-02-01) before the fees notice (2026-02-16)", invalid},
		{"fee paid without a notice", Case{Regime: FOIA, Received: d("2026-02-02"), FeePaid: d("2026-02-10")}, "fee paid (2026-02-10) but no fees notice given", invalid},
		{"clarification received before it was asked for", Case{Regime: FOIA, Received: d("2026-02-02"), ClarificationRequested: d("2026-02-10"), ClarificationReceived: d("2026-02-09")}, "clarification received (2026-02-09) before it was asked for (2026-02-10)", invalid},
		{"clarification at review", Case{Regime: FOIA, Stage: StageReview, Received: d("2026-02-02"), ClarificationRequested: d("2026-02-03")}, "clarification applies to a request, not to a review", invalid},
		{"notice before receipt", Case{Regime: FOIA, Received: d("2026-02-02"), FeeNotice: d("2026-01-30"), FeePaid: d("2026-02-10")}, "fees notice (2026-01-30) before the request was received (2026-02-02)", invalid},
		{"notice before clarification", Case{Regime: FOIA, Received: d("2026-02-02"), ClarificationReceived: d("2026-02-12"), FeeNotice: d("2026-02-10"), FeePaid: d("2026-02-20")}, "fees notice (2026-02-10) before clarification was received (2026-02-12)", invalid},
		{"notice after the deadline", Case{Regime: FOIA, Received: d("2026-02-02"), FeeNotice: d("2026-03-03"), FeePaid: d("2026-03-04")}, "fees notice (2026-03-03) given after the time for compliance ended (2026-03-02): it must be given within 20 working days (FOIA s.10(1))", invalid},
		{"notice after 20 days of an extended case", Case{Regime: FOIA, Received: d("2026-02-02"), Extended: true, FeeNotice: d("2026-03-03"), FeePaid: d("2026-03-04")}, "given after the time for compliance ended", invalid},
		{"paid after the lapse", Case{Regime: FOIA, Received: d("2026-02-02"), FeeNotice: d("2026-02-16"), FeePaid: d("2026-05-16")}, "fee paid (2026-05-16) after the request lapsed: it had to be paid by 2026-05-15 (FOIA s.9(2))", invalid},
		{"EIR paid after 60 working days", Case{Regime: EIR, Received: d("2026-02-02"), FeeNotice: d("2026-02-16"), FeePaid: d("2026-05-18")}, "fee paid (2026-05-18) after the request lapsed: it had to be paid by 2026-05-15 (EIR reg 8(5))", invalid},
		{"awaiting the fee", Case{Regime: FOIA, Received: d("2026-02-02"), FeeNotice: d("2026-02-16")}, "the clock is stopped awaiting the fee (fees notice 2026-02-16): the request lapses unless the fee is paid by 2026-05-15 (FOIA s.9(2))", awaitingFee},
		{"received before the data", Case{Regime: FOIA, Received: d("2016-12-30")}, "no bank-holiday data for 2016", notCovered(2016)},
		{"deadline after the data", Case{Regime: FOIA, Received: d("2028-12-20")}, "no bank-holiday data for 2029", notCovered(2029)},
		{"extension runs past the data", Case{Regime: EIR, Received: d("2028-11-28"), Extended: true}, "no bank-holiday data for 2029", notCovered(2029)},
		{"EIR review runs past the data", Case{Regime: EIR, Stage: StageReview, Received: d("2028-11-01")}, "no bank-holiday data for 2029", notCovered(2029)},
		{"received after the data", Case{Regime: FOISA, Received: d("2029-01-05")}, "no bank-holiday data for 2029", notCovered(2029)},
		{"fee paid after the data", Case{Regime: FOIA, Received: d("2028-12-01"), FeeNotice: d("2028-12-04"), FeePaid: d("2029-01-02")}, "no bank-holiday data for 2029", notCovered(2029)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.Deadline(tc.k)
			if err == nil {
				t.Fatalf("Deadline = %s, want an error", got)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %q\nwant it to contain %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
			if !tc.is(err) {
				t.Errorf("error %q (%T) is of the wrong kind", err, err)
			}
			if _, _, err2 := c.Explain(tc.k); err2 == nil || err2.Error() != err.Error() {
				t.Errorf("Explain error = %v, want %v", err2, err)
			}
		})
	}
}

func invalid(err error) bool { return errors.Is(err, ErrInvalid) }

func awaitingFee(err error) bool {
	var af *AwaitingFeeError
	return errors.As(err, &af) && !errors.Is(err, ErrInvalid) && af.Lapses == d("2026-05-15")
}

func notCovered(year int) func(error) bool {
	return func(err error) bool {
		var nc *NotCoveredError
		return errors.As(err, &nc) && nc.Year == year && !errors.Is(err, ErrInvalid)
	}
}

func TestExplain(t *testing.T) {
	c := Embedded()
	due, steps, err := c.Explain(Case{Regime: FOIA, Received: d("2026-02-02"), ClarificationReceived: d("2026-02-07"), FeeNotice: d("2026-02-16"), FeePaid: d("2026-02-17")})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Step{
		"2026-02-02": {Note: "request received; the count restarts from the clarification (FOIA s.1(3), s.10(6)(b))"},
		"2026-02-07": {Note: "clarification received: the count starts again (day 0); Saturday"},
		"2026-02-08": {Note: "Sunday"},
		"2026-02-09": {Count: 1},
		"2026-02-13": {Count: 5},
		"2026-02-16": {Note: "fees notice given: the clock stops (FOIA s.10(2))"},
		"2026-02-17": {Note: "fee received: the clock restarts the next day (FOIA s.10(2))"},
		"2026-02-18": {Count: 6},
		"2026-03-09": {Count: 19},
		"2026-03-10": {Count: 20, Note: "deadline: working day 20"},
	}
	if due != d("2026-03-10") {
		t.Errorf("due = %s, want 2026-03-10", due)
	}
	if steps[0].Date != d("2026-02-02") || steps[1].Date != d("2026-02-07") || steps[len(steps)-1].Date != due {
		t.Errorf("steps run %s, %s ... %s", steps[0].Date, steps[1].Date, steps[len(steps)-1].Date)
	}
	seen := 0
	for _, s := range steps {
		if w, ok := want[s.Date.String()]; ok {
			seen++
			if s.Count != w.Count || s.Note != w.Note {
				t.Errorf("%s: got {%d %q}, want {%d %q}", s.Date, s.Count, s.Note, w.Count, w.Note)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("saw %d of the %d expected days", seen, len(want))
	}

	_, steps, _ = c.Explain(Case{Regime: EIR, Stage: StageReview, Received: d("2026-03-02")})
	if steps[0].Note != "review requested (day 0)" {
		t.Errorf("review day 0 note = %q", steps[0].Note)
	}
}

func TestRules(t *testing.T) {
	got := strings.Join(Rules(Case{Regime: FOISA, Received: d("2026-02-02"), FeeNotice: d("2026-02-03")}), "\n")
	for _, want := range []string{"bank holidays in Scotland (FOISA s.73)", "20 working days after receipt (FOISA s.10(1))", "(FOISA s.10(2))", "three months"} {
		if !strings.Contains(got, want) {
			t.Errorf("Rules lacks %q:\n%s", want, got)
		}
	}
	if Rules(Case{Regime: "nope"}) != nil {
		t.Error("Rules of an unknown regime is not nil")
	}
}

func TestAddWorkingDaysAndBetween(t *testing.T) {
	c := Embedded()
	from, to := d("2026-02-02"), d("2026-03-02")
	if got, err := c.AddWorkingDays(FOIA, from, 0); err != nil || got != from {
		t.Errorf("AddWorkingDays(0) = %s, %v; want %s", got, err, from)
	}
	if got, err := c.AddWorkingDays(FOIA, from, 20); err != nil || got != to {
		t.Errorf("AddWorkingDays(20) = %s, %v; want %s", got, err, to)
	}
	if _, err := c.AddWorkingDays(FOIA, from, -1); !errors.Is(err, ErrInvalid) {
		t.Errorf("AddWorkingDays(-1): error = %v, want ErrInvalid", err)
	}
	if _, err := c.AddWorkingDays(FOIA, 0, 1); !errors.Is(err, ErrInvalid) {
		t.Errorf("AddWorkingDays(zero date): error = %v, want ErrInvalid", err)
	}
	for _, tc := range []struct {
		r        Regime
		from, to string
		want     int
	}{
		{FOIA, "2026-02-02", "2026-03-02", 20},
		{FOIA, "2026-03-02", "2026-02-02", -20},
		{FOIA, "2026-02-02", "2026-02-02", 0},
		{FOIA, "2026-02-06", "2026-02-08", 0},  // Friday to Sunday
		{FOIA, "2026-02-06", "2026-02-09", 1},  // Friday to Monday
		{FOIA, "2026-03-16", "2026-03-18", 1},  // over St Patrick's Day
		{FOISA, "2026-03-16", "2026-03-18", 2}, // a working day in Scotland
	} {
		got, err := c.WorkingDaysBetween(tc.r, d(tc.from), d(tc.to))
		if err != nil || got != tc.want {
			t.Errorf("WorkingDaysBetween(%s, %s, %s) = %d, %v; want %d", tc.r, tc.from, tc.to, got, err, tc.want)
		}
	}
	if _, err := c.WorkingDaysBetween(FOIA, from, d("2029-01-10")); !notCovered(2029)(err) {
		t.Errorf("WorkingDaysBetween into 2029: error = %v", err)
	}
	if _, err := c.ReviewWindow(FOIA, 0); !errors.Is(err, ErrInvalid) {
		t.Errorf("ReviewWindow(zero): error = %v", err)
	}
}

func TestFeeDeadline(t *testing.T) {
	c := Embedded()
	for _, tc := range []struct {
		r            Regime
		notice, want string
	}{
		{FOIA, "2026-02-16", "2026-05-15"},  // three months (s.9(2))
		{FOISA, "2026-02-16", "2026-05-15"}, // three months (s.9)
		{EIR, "2026-02-16", "2026-05-15"},   // 60 working days (reg 8(5))
		{EISR, "2026-02-16", "2026-05-13"},  // 60 Scottish working days
	} {
		got, err := c.FeeDeadline(tc.r, d(tc.notice))
		if err != nil || got.String() != tc.want {
			t.Errorf("FeeDeadline(%s, %s) = %s, %v; want %s", tc.r, tc.notice, got, err, tc.want)
		}
	}
}

func TestParseRegimeAndStage(t *testing.T) {
	for _, r := range Regimes {
		if got, err := ParseRegime(string(r)); err != nil || got != r {
			t.Errorf("ParseRegime(%q) = %q, %v", r, got, err)
		}
	}
	if _, err := ParseRegime("FOIA"); err == nil {
		t.Error(`ParseRegime("FOIA"): codes are lower case`)
	}
	if FOIA.Name() != "FOIA" || EISR.Name() != "EISR" {
		t.Error("Name()")
	}
	if s, err := ParseStage(""); err != nil || s != StageRequest {
		t.Errorf(`ParseStage("") = %q, %v`, s, err)
	}
}

// Every fees notice pauses the clock, not only the last (FOIA s.10(2);
// EIR reg 8(6); FOISA s.10(2)). 10 Apr 2023 is Easter Monday (day 0 all the
// same); 1 and 8 May 2023 are bank holidays (8 May: the coronation).
func TestEveryFeesNoticePauses(t *testing.T) {
	two := []Fee{{Notice: d("2023-04-21"), Paid: d("2023-04-21")}, {Notice: d("2023-04-28"), Paid: d("2023-04-28")}}
	runDeadlineTests(t, []deadlineTest{
		{"FOIA two notices, each paid the same day", Case{Regime: FOIA, Received: d("2023-04-10"), Fees: two}, "2023-05-12"},
		{"FOIA the same, the last in the single-notice fields", Case{Regime: FOIA, Received: d("2023-04-10"), Fees: two[:1], FeeNotice: d("2023-04-28"), FeePaid: d("2023-04-28")}, "2023-05-12"},
		{"FOIA one notice of the two", Case{Regime: FOIA, Received: d("2023-04-10"), Fees: two[1:]}, "2023-05-11"},
		{"EIR two advance-payment notices", Case{Regime: EIR, Received: d("2023-04-10"), Fees: two}, "2023-05-12"},
		// Scotland: 10 Apr 2023 is not a holiday, 1 and 8 May are.
		{"FOISA two notices", Case{Regime: FOISA, Received: d("2023-04-10"), Fees: two}, "2023-05-12"},
		{"EISR two notices", Case{Regime: EISR, Received: d("2023-04-10"), Fees: two}, "2023-05-12"},
		{"FOIA three notices over a week each", Case{Regime: FOIA, Received: d("2026-02-02"), Fees: []Fee{
			{Notice: d("2026-02-09"), Paid: d("2026-02-13")}, // 5 working days
			{Notice: d("2026-02-16"), Paid: d("2026-02-17")}, // 2
			{Notice: d("2026-02-23"), Paid: d("2026-02-23")}, // 1
		}}, "2026-03-12"},
		{"FOIA overlapping notices count their days once", Case{Regime: FOIA, Received: d("2026-02-02"), Fees: []Fee{
			{Notice: d("2026-02-09"), Paid: d("2026-02-13")},
			{Notice: d("2026-02-11"), Paid: d("2026-02-16")}, // adds only 16 Feb
		}}, "2026-03-10"},
		// The second notice is in time on the 20th working day counted with the first pause disregarded.
		{"FOIA second notice within the time as extended by the first", Case{Regime: FOIA, Received: d("2026-02-02"), Fees: []Fee{
			{Notice: d("2026-02-09"), Paid: d("2026-02-13")},
			{Notice: d("2026-03-09"), Paid: d("2026-03-09")},
		}}, "2026-03-10"},
	})
}

func TestFeesNoticesRefusedWhenTheyCannotBe(t *testing.T) {
	c := Embedded()
	for _, tc := range []struct {
		name string
		k    Case
		want string
		is   func(error) bool
	}{
		{"earlier notice unpaid", Case{Regime: FOIA, Received: d("2026-02-02"), Fees: []Fee{{Notice: d("2026-02-09")}, {Notice: d("2026-02-16"), Paid: d("2026-02-17")}}}, "awaiting the fee (fees notice 2026-02-09)", func(err error) bool {
			var af *AwaitingFeeError
			return errors.As(err, &af) && af.Notice == d("2026-02-09")
		}},
		{"second paid before its notice", Case{Regime: FOIA, Received: d("2026-02-02"), Fees: []Fee{{Notice: d("2026-02-09"), Paid: d("2026-02-10")}, {Notice: d("2026-02-16"), Paid: d("2026-02-12")}}}, "fee paid (2026-02-12) before the fees notice (2026-02-16)", invalid},
		{"out of order", Case{Regime: FOIA, Received: d("2026-02-02"), Fees: []Fee{{Notice: d("2026-02-16"), Paid: d("2026-02-17")}, {Notice: d("2026-02-09"), Paid: d("2026-02-10")}}}, "listed after a later one", invalid},
		{"second notice after the time as extended", Case{Regime: FOIA, Received: d("2026-02-02"), Fees: []Fee{{Notice: d("2026-02-09"), Paid: d("2026-02-13")}, {Notice: d("2026-03-10"), Paid: d("2026-03-10")}}}, "given after the time for compliance ended (2026-03-09)", invalid},
		{"fee without its notice", Case{Regime: FOIA, Received: d("2026-02-02"), Fees: []Fee{{Paid: d("2026-02-10")}}}, "fee paid (2026-02-10) but no fees notice given", invalid},
		{"fees at review", Case{Regime: FOIA, Stage: StageReview, Received: d("2026-02-02"), Fees: []Fee{{Notice: d("2026-02-03")}}}, "fees notices apply to a request, not to a review", invalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.Deadline(tc.k)
			if err == nil || !tc.is(err) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one saying %q", err, tc.want)
			}
		})
	}
}

func TestExplainShowsEveryFeesPause(t *testing.T) {
	_, steps, err := Embedded().Explain(Case{Regime: FOIA, Received: d("2023-04-10"), Fees: []Fee{{Notice: d("2023-04-21"), Paid: d("2023-04-21")}, {Notice: d("2023-04-28"), Paid: d("2023-04-28")}}})
	if err != nil {
		t.Fatal(err)
	}
	stops := 0
	for _, s := range steps {
		if strings.Contains(s.Note, "fees notice given") {
			stops++
			if s.Count != 0 {
				t.Errorf("%s counted although paused", s.Date)
			}
		}
	}
	if stops != 2 {
		t.Errorf("%d fees stops explained, want 2", stops)
	}
}
