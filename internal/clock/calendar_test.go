// SPDX-License-Identifier: AGPL-3.0-or-later

package clock

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
)

// govukFile is the embedded file decoded for tests that alter it.
func govukFile(t *testing.T) map[string]*govukDivision {
	t.Helper()
	var f map[string]*govukDivision
	if err := json.Unmarshal(EmbeddedData(), &f); err != nil {
		t.Fatal(err)
	}
	return f
}

func encode(t *testing.T, f any) []byte {
	t.Helper()
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// without returns the embedded data less the events for which drop is true.
func without(t *testing.T, drop func(div string, e govukEvent) bool) []byte {
	t.Helper()
	f := govukFile(t)
	for slug, div := range f {
		var kept []govukEvent
		for _, e := range div.Events {
			if !drop(slug, e) {
				kept = append(kept, e)
			}
		}
		div.Events = kept
	}
	return encode(t, f)
}

func TestEmbeddedCalendar(t *testing.T) {
	c := Embedded()
	if first, last := c.Years(); first != 2017 || last != 2028 {
		t.Errorf("Years() = %d, %d, want 2017, 2028", first, last)
	}
	if v := c.Version(); !strings.HasPrefix(v, "govuk-") || len(v) != len("govuk-")+12 {
		t.Errorf("Version() = %q, want govuk- and 12 hex digits", v)
	}
	if Embedded() != c {
		t.Error("Embedded() parsed twice")
	}
}

func TestVersionIdentifiesTheData(t *testing.T) {
	base := Embedded().Version()

	// Same events, different layout and order: same version.
	f := govukFile(t)
	for _, div := range f {
		for i, j := 0, len(div.Events)-1; i < j; i, j = i+1, j-1 {
			div.Events[i], div.Events[j] = div.Events[j], div.Events[i]
		}
	}
	compact := encode(t, f)
	c, err := ParseGovUK(compact)
	if err != nil {
		t.Fatal(err)
	}
	if c.Version() != base {
		t.Errorf("reordered data: Version() = %s, want %s", c.Version(), base)
	}

	// One event fewer (the 2026 World Cup holiday): a different version.
	c, err = ParseGovUK(without(t, func(_ string, e govukEvent) bool { return e.Title == "World Cup bank holiday" }))
	if err != nil {
		t.Fatal(err)
	}
	if c.Version() == base {
		t.Error("changed data kept the same version")
	}
}

func TestParseGovUKErrors(t *testing.T) {
	noScotland := govukFile(t)
	delete(noScotland, "scotland")

	wrongDivision := govukFile(t)
	wrongDivision["scotland"].Division = "england-and-wales"

	badDate := govukFile(t)
	badDate["northern-ireland"].Events[3].Date = "2017-02-30"

	noTitle := govukFile(t)
	noTitle["england-and-wales"].Events[0].Title = " "

	empty := govukFile(t)
	empty["england-and-wales"].Events = nil

	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"not JSON", []byte("<html>"), "not in the GOV.UK bank-holidays.json format"},
		{"JSON array", []byte("[]"), "not in the GOV.UK bank-holidays.json format"},
		{"null", []byte("null"), "not in the GOV.UK bank-holidays.json format"},
		{"missing division", encode(t, noScotland), `no "scotland" division`},
		{"division mismatch", encode(t, wrongDivision), `says it is division "england-and-wales"`},
		{"impossible date", encode(t, badDate), `invalid date "2017-02-30"`},
		{"no title", encode(t, noTitle), "has no title"},
		{"no events", encode(t, empty), `division "england-and-wales" has no events`},
		{"a year missing in the middle", without(t, func(div string, e govukEvent) bool {
			return div == "scotland" && strings.HasPrefix(e.Date, "2021-")
		}), `division "scotland" has no data for 2021 although it covers 2017–2028`},
		{"no year in common", without(t, func(div string, e govukEvent) bool {
			return div == "scotland" && e.Date < "2025" || div == "northern-ireland" && e.Date >= "2025"
		}), "no year in common"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseGovUK(tc.data)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
		})
	}
}

func TestCoverageIsTheYearsAllDivisionsHave(t *testing.T) {
	// Northern Ireland ends in 2027; a truncated 2028 (January only) in
	// Scotland is not trusted either.
	data := without(t, func(div string, e govukEvent) bool {
		return div == "northern-ireland" && e.Date >= "2028"
	})
	c, err := ParseGovUK(data)
	if err != nil {
		t.Fatal(err)
	}
	if first, last := c.Years(); first != 2017 || last != 2027 {
		t.Errorf("Years() = %d, %d, want 2017, 2027", first, last)
	}
	_, _, err = c.WorkingDay(FOISA, MustParseDate("2028-06-01"))
	var nc *NotCoveredError
	if !errors.As(err, &nc) || nc.Year != 2028 {
		t.Errorf("WorkingDay in 2028 = %v, want not covered (2028)", err)
	}

	truncated := without(t, func(div string, e govukEvent) bool {
		return div == "scotland" && e.Date >= "2028-02"
	})
	c, err = ParseGovUK(truncated)
	if err != nil {
		t.Fatal(err)
	}
	if _, last := c.Years(); last != 2027 {
		t.Errorf("a year with January only: last = %d, want 2027", last)
	}
}

func TestWorkingDay(t *testing.T) {
	c := Embedded()
	tests := []struct {
		regime  Regime
		date    string
		working bool
		reason  string
	}{
		{FOIA, "2026-02-09", true, ""},
		{FOIA, "2026-02-07", false, "Saturday"},
		{FOISA, "2026-02-08", false, "Sunday"},
		{FOIA, "2025-12-25", false, "Christmas Day"},
		{FOISA, "2025-12-25", false, "Christmas Day"},
		{EIR, "2026-04-03", false, "Good Friday"},
		{EISR, "2026-04-03", false, "Good Friday"}, // a Scottish bank holiday too
		{FOIA, "2026-04-06", false, "Easter Monday (England and Wales, Northern Ireland)"},
		{FOISA, "2026-04-06", true, ""}, // not a bank holiday in Scotland
		{FOIA, "2025-12-01", false, "St Andrew's Day, substitute day (Scotland)"},
		{FOISA, "2025-12-01", false, "St Andrew's Day, substitute day (Scotland)"},
		{FOIA, "2024-11-29", true, ""},
		{FOIA, "2026-03-17", false, "St Patrick's Day (Northern Ireland)"},
		{FOISA, "2026-03-17", true, ""},
		{FOIA, "2024-07-12", false, "Battle of the Boyne (Orangemen's Day) (Northern Ireland)"},
		{EISR, "2024-07-12", true, ""},
		{FOIA, "2026-01-02", false, "2nd January (Scotland)"},
		{EIR, "2026-01-02", false, "2nd January (Scotland)"},
		{FOISA, "2026-01-02", false, "2nd January (Scotland)"},
		{FOIA, "2026-01-01", false, "New Year's Day (England and Wales, Scotland, Northern Ireland)"},
		{FOIA, "2024-08-05", false, "Summer bank holiday (Scotland)"},
		{FOIA, "2024-08-26", false, "Summer bank holiday (England and Wales, Northern Ireland)"},
		{FOISA, "2024-08-26", true, ""},
		{FOIA, "2026-06-15", false, "World Cup bank holiday (Scotland)"},
		{FOIA, "2023-05-08", false, "Bank holiday for the coronation of King Charles III (England and Wales, Scotland, Northern Ireland)"},
		{FOIA, "2027-12-27", false, "Christmas Day, substitute day (England and Wales, Scotland, Northern Ireland)"},
		{FOISA, "2028-01-04", false, "2nd January, substitute day (Scotland)"},
		// Different titles on one day in different divisions.
		{FOIA, "2017-01-02", false, "New Year's Day, substitute day (England and Wales, Northern Ireland); 2nd January (Scotland)"},
	}
	for _, tc := range tests {
		t.Run(string(tc.regime)+" "+tc.date, func(t *testing.T) {
			working, reason, err := c.WorkingDay(tc.regime, MustParseDate(tc.date))
			if err != nil {
				t.Fatal(err)
			}
			if working != tc.working || reason != tc.reason {
				t.Errorf("WorkingDay = %v, %q, want %v, %q", working, reason, tc.working, tc.reason)
			}
		})
	}
}

func TestWorkingDayOutsideTheData(t *testing.T) {
	c := Embedded()
	for _, tc := range []struct {
		date string
		year int
		hint string
	}{
		{"2016-12-30", 2016, "import an older calendar"},
		{"2029-01-02", 2029, "import a newer calendar"},
	} {
		_, _, err := c.WorkingDay(FOIA, MustParseDate(tc.date))
		var nc *NotCoveredError
		if !errors.As(err, &nc) || nc.Year != tc.year {
			t.Fatalf("WorkingDay(%s) error = %v, want *NotCoveredError for %d", tc.date, err, tc.year)
		}
		want := "no bank-holiday data for " + strconv.Itoa(tc.year) + " (this calendar covers 2017–2028): " + tc.hint + ` with "disclose holidays import"`
		if err.Error() != want {
			t.Errorf("error = %q\nwant    %q", err, want)
		}
	}
	if _, _, err := c.WorkingDay("fois", MustParseDate("2026-01-05")); !errors.Is(err, ErrInvalid) {
		t.Errorf("unknown regime: error = %v, want ErrInvalid", err)
	}
}

// Christmas Day and Good Friday are named in FOIA s.10(6) and FOISA s.73
// (Good Friday as a Scottish bank holiday): they never become working days
// because the data leaves them out.
func TestChristmasAndGoodFridayByRule(t *testing.T) {
	c, err := ParseGovUK(without(t, func(_ string, e govukEvent) bool {
		return e.Title == "Christmas Day" || e.Title == "Good Friday"
	}))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range Regimes {
		for _, s := range []string{"2025-12-25", "2026-04-03", "2024-03-29", "2028-12-25", "2028-04-14"} {
			working, reason, err := c.WorkingDay(r, MustParseDate(s))
			if err != nil {
				t.Fatal(err)
			}
			if working {
				t.Errorf("%s %s is a working day without the data; want %q", r, s, reason)
			}
		}
	}
	// The substitute day comes only from the data (it is a 1971-Act bank
	// holiday when 25 December falls at a weekend).
	if working, _, _ := c.WorkingDay(FOIA, MustParseDate("2027-12-27")); !working {
		t.Error("27 Dec 2027 without its data entry: want a working day (only the data makes it a holiday)")
	}
}

// The rule-based Good Friday must agree with every Good Friday in the data.
func TestGoodFridayMatchesTheData(t *testing.T) {
	for slug, div := range govukFile(t) {
		n := 0
		for _, e := range div.Events {
			if e.Title == "Good Friday" {
				d := MustParseDate(e.Date)
				if goodFriday(d.Year()) != d {
					t.Errorf("%s: Good Friday %s, rule gives %s", slug, d, goodFriday(d.Year()))
				}
				n++
			}
		}
		if n != 12 {
			t.Errorf("%s: %d Good Fridays in 2017–2028, want 12", slug, n)
		}
	}
}
