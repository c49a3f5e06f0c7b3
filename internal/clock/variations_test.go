// SPDX-License-Identifier: AGPL-3.0-or-later

package clock

import (
	"strings"
	"testing"
)

// An English school's year 2025/26 with its half terms out, as an
// administrator enters it.
var schoolYear = []Term{
	{d("2025-09-03"), d("2025-10-24")}, {d("2025-11-03"), d("2025-12-19")},
	{d("2026-01-05"), d("2026-02-13")}, {d("2026-02-23"), d("2026-03-27")},
	{d("2026-04-13"), d("2026-05-22")}, {d("2026-06-01"), d("2026-07-22")},
}

// SI 2004/3364 reg 3 (as amended by SI 2010/2768): the 20th school day or
// the 60th working day after receipt, whichever is first.
func TestSchoolDeadline(t *testing.T) {
	autumn26 := append(append([]Term(nil), schoolYear...), Term{d("2026-09-02"), d("2026-10-23")})
	closed := append(append([]Term(nil), schoolYear...), Term{d("2026-11-02"), d("2026-12-18")})
	c := Embedded()
	for _, tc := range []struct {
		name     string
		received string
		terms    []Term
		want     string
	}{
		// School days 3-6 Feb (4), 9-13 (9), half term, 23-27 (14), 2-6 Mar (19), 9 Mar (20).
		{"in term, over half term", "2026-02-02", schoolYear, "2026-03-09"},
		// 21-22 Jul (2), the summer holiday, then 2 Sep on: the 20th school day is 25 Sep,
		// before the 60th working day (14 Oct 2026: 3 Aug, Scotland's, and 31 Aug are bank holidays).
		{"over the summer holiday", "2026-07-20", autumn26, "2026-09-25"},
		// No school days from 23 Jul to 1 Nov: the 60th working day comes first.
		{"the 60th working day first", "2026-07-20", closed, "2026-10-14"},
		// 16 Mar (1), 17 Mar St Patrick's Day is no working day, 18-27 Mar (9), the Easter
		// holiday, 13-17 Apr (14), 20-24 Apr (19), 27 Apr (20).
		{"over the Easter holiday", "2026-03-13", schoolYear, "2026-04-27"},
		// Received in half term: 23 Feb-13 Mar (15), 16 Mar (16), 18-20 Mar (19), 23 Mar (20).
		{"received on a holiday", "2026-02-15", schoolYear, "2026-03-23"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.SchoolDeadline(d(tc.received), tc.terms)
			if err != nil || got.String() != tc.want {
				t.Errorf("SchoolDeadline(%s) = %s, %v; want %s", tc.received, got, err, tc.want)
			}
		})
	}
}

func TestSchoolDeadlineNeverGuessesTerms(t *testing.T) {
	c := Embedded()
	for _, tc := range []struct {
		name     string
		received string
		terms    []Term
		want     string
	}{
		{"the count runs past the last term", "2026-07-20", schoolYear, "2026-07-23 is outside the entered terms (2025-09-03 to 2026-07-22)"},
		{"received before the first term", "2025-09-01", schoolYear, "2025-09-02 is outside the entered terms"},
		{"no terms", "2026-02-02", nil, "no term dates entered"},
		{"a term ending before it starts", "2026-02-02", []Term{{d("2026-03-01"), d("2026-01-01")}}, "term 1 ends (2026-01-01) before it starts (2026-03-01)"},
		{"overlapping terms", "2026-02-02", []Term{{d("2026-01-05"), d("2026-02-13")}, {d("2026-02-10"), d("2026-03-27")}}, "term 2 (from 2026-02-10) starts before the term before it ends (2026-02-13)"},
		{"no date of receipt", "", schoolYear, "the date the request was received is missing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.SchoolDeadline(d(tc.received), tc.terms)
			if !invalid(err) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("= %s, %v; want an error saying %q", got, err, tc.want)
			}
		})
	}
}

// SI 2004/3364's other variations: archives the 30th working day; armed
// forces and information held abroad the day the Commissioner specifies,
// up to the 60th. Received 2 Feb 2026: the 20th working day is 2 Mar, the
// 30th 16 Mar, the 60th 30 Apr (17 Mar, 3 and 6 Apr are bank holidays).
func TestVariedDeadline(t *testing.T) {
	c := Embedded()
	for _, tc := range []struct {
		name      string
		r         Regime
		v         Variation
		specified string
		want      string // a date, or the error
	}{
		{"archives", FOIA, VariationArchives, "", "2026-03-16"},
		{"armed forces on the day specified", FOIA, VariationArmedForces, "2026-04-01", "2026-04-01"},
		{"held abroad on the 60th day", FOIA, VariationHeldAbroad, "2026-04-30", "2026-04-30"},
		{"after the 60th day", FOIA, VariationHeldAbroad, "2026-05-01", "the day specified (2026-05-01) is after the 60th working day (2026-04-30), the latest SI 2004/3364 reg 6 allows"},
		{"not after the 20th", FOIA, VariationArmedForces, "2026-03-02", "is not after the 20th working day (2026-03-02)"},
		{"no day specified", FOIA, VariationArmedForces, "", "no day specified for armed-forces"},
		{"a day given for archives", FOIA, VariationArchives, "2026-03-20", "the day for archives is fixed"},
		{"EIR has none", EIR, VariationArchives, "", "under FOIA only, not EIR"},
		{"FOISA has none", FOISA, VariationHeldAbroad, "2026-04-01", "under FOIA only, not FOISA"},
		{"unknown", FOIA, "space", "", "unknown variation"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.VariedDeadline(tc.r, d("2026-02-02"), tc.v, d(tc.specified))
			if _, perr := ParseDate(tc.want); perr == nil {
				if err != nil || got.Due.String() != tc.want || got.Reason != tc.v || !strings.HasPrefix(got.Source, "SI 2004/3364 reg") {
					t.Errorf("= %+v, %v; want %s with the reason", got, err, tc.want)
				}
				return
			}
			if !invalid(err) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("= %+v, %v; want an error saying %q", got, err, tc.want)
			}
		})
	}
}

func TestParseTerms(t *testing.T) {
	got, err := ParseTerms("# autumn\n2025-09-03 2025-10-24\n\n2025-11-03 to 2025-12-19\r\n2026-01-05 - 2026-02-13\n")
	want := []Term{{d("2025-09-03"), d("2025-10-24")}, {d("2025-11-03"), d("2025-12-19")}, {d("2026-01-05"), d("2026-02-13")}}
	if err != nil || len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("ParseTerms = %v, %v", got, err)
	}
	for _, bad := range []string{"2025-09-03", "2025-09-03 2025-13-01", "2025-09-03 2025-10-24 2025-11-01"} {
		if _, err := ParseTerms(bad); !invalid(err) {
			t.Errorf("ParseTerms(%q) = %v, want an error", bad, err)
		}
	}
}

// A school's terms go through Deadline with the rest of the clock: each
// fees notice pauses both limbs (FOIA s.10(2)); clarification starts the
// school-day count again (s.1(3), s.10(6)(b)); a fees notice is in time
// until the school's time ends (s.9(1)), not the 20th working day; the
// public-interest extension runs 20 working days beyond the school's time.
func TestDeadlineOfASchool(t *testing.T) {
	c := Embedded()
	for _, tc := range []struct {
		name string
		k    Case
		want string
	}{
		{"no events", Case{Received: d("2026-02-02")}, "2026-03-09"},
		// 3 Feb (1), 4-6 Feb paused, 9-13 (6), half term, 23 Feb-6 Mar (16), 9-12 Mar (20).
		{"a fees notice pauses school days", Case{Received: d("2026-02-02"), Fees: []Fee{{d("2026-02-04"), d("2026-02-06")}}}, "2026-03-12"},
		// Given on 4 Mar, after the 20th working day (2 Mar) but within the school's time:
		// 3 Feb-3 Mar (16), 4-5 Mar paused, 6 Mar (17), 9-11 Mar (20).
		{"a fees notice after the 20th working day", Case{Received: d("2026-02-02"), Fees: []Fee{{d("2026-03-04"), d("2026-03-05")}}}, "2026-03-11"},
		{"clarification restarts the count", Case{Received: d("2026-02-02"), ClarificationRequested: d("2026-02-03"), ClarificationReceived: d("2026-02-16")}, "2026-03-23"},
		// 9 Mar, then 10-16 Mar (5), 17 Mar St Patrick's Day, 18 Mar-2 Apr (17),
		// Good Friday and Easter Monday, 7-9 Apr (20).
		{"extended", Case{Received: d("2026-02-02"), Extended: true}, "2026-04-09"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.k.Regime, tc.k.SchoolTerms = FOIA, schoolYear
			got, err := c.Deadline(tc.k)
			if err != nil || got.String() != tc.want {
				t.Errorf("Deadline = %s, %v; want %s", got, err, tc.want)
			}
			due, steps, err := c.Explain(tc.k)
			if err != nil || due != got || steps[len(steps)-1].Date != got {
				t.Errorf("Explain = %s, %d steps, %v; want it to end on %s", due, len(steps), err, got)
			}
		})
	}
	for _, tc := range []struct {
		name string
		k    Case
		want string
	}{
		{"EIR", Case{Regime: EIR, Received: d("2026-02-02")}, "FOIA only"},
		{"a review", Case{Regime: FOIA, Stage: StageReview, Received: d("2026-02-02")}, "not to a review"},
		{"a fees notice after the school's time", Case{Regime: FOIA, Received: d("2026-02-02"), Fees: []Fee{{d("2026-03-10"), d("2026-03-10")}}}, "after the time for compliance ended (2026-03-09)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.k.SchoolTerms = schoolYear
			if got, err := c.Deadline(tc.k); !invalid(err) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Deadline = %s, %v; want an error saying %q", got, err, tc.want)
			}
		})
	}
}

// The explanation of a school's count numbers school days and says which
// limb of reg 3 gave the date.
func TestExplainASchool(t *testing.T) {
	c := Embedded()
	_, steps, err := c.Explain(Case{Regime: FOIA, Received: d("2026-02-02"), SchoolTerms: schoolYear})
	if err != nil {
		t.Fatal(err)
	}
	notes := map[string]Step{}
	for _, s := range steps {
		notes[s.Date.String()] = s
	}
	if s := notes["2026-02-16"]; s.Count != 0 || !strings.Contains(s.Note, "working day 10, not a school day") {
		t.Errorf("16 Feb (half term) = %+v; want no count, working day 10, not a school day", s)
	}
	if s := notes["2026-03-09"]; s.Count != 20 || !strings.Contains(s.Note, "deadline: school day 20") {
		t.Errorf("9 Mar = %+v; want school day 20, the deadline", s)
	}
	closed := append(append([]Term(nil), schoolYear...), Term{d("2026-11-02"), d("2026-12-18")})
	_, steps, err = c.Explain(Case{Regime: FOIA, Received: d("2026-07-20"), SchoolTerms: closed})
	if err != nil {
		t.Fatal(err)
	}
	if last := steps[len(steps)-1]; last.Date.String() != "2026-10-14" || !strings.Contains(last.Note, "the 60th working day, before the 20th school day") {
		t.Errorf("last step = %+v; want 14 Oct 2026, the 60th working day", last)
	}
}
