// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// The current table, regime by regime: FOIA s.12 and SI 2004/3244 regs 3-4
// (£600 / £450 at £25 an hour: 24 and 18 hours); FOISA s.12 and SSI 2004/467
// regs 3 and 5 (£600, at most £15 an hour: 40 hours); no cost limit under
// the EIR (reg 12(4)(b)) or EISR (reg 10(4)(b)); the ICO for FOIA and the
// EIR (FOIA s.50, EIR reg 18), the Scottish Information Commissioner for
// FOISA and the EISR (FOISA s.47, EISR reg 17).
func TestCurrentTable(t *testing.T) {
	for _, tc := range []struct {
		regime         Regime
		regulator      string
		central, other int
		hourly         int
		hoursCentral   float64
		hoursOther     float64
		limit          bool
	}{
		{FOIA, "Information Commissioner's Office", 60000, 45000, 2500, 24, 18, true},
		{EIR, "Information Commissioner's Office", 0, 0, 0, 0, 0, false},
		{FOISA, "Scottish Information Commissioner", 60000, 60000, 1500, 40, 40, true},
		{EISR, "Scottish Information Commissioner", 0, 0, 0, 0, 0, false},
	} {
		t.Run(string(tc.regime), func(t *testing.T) {
			f, err := LawOn(tc.regime, day("2026-11-25"))
			if err != nil {
				t.Fatal(err)
			}
			website := map[bool]string{false: "www.ico.org.uk", true: "www.foi.scot"}[tc.regime.Scottish()]
			if f.Regulator.Name != tc.regulator || f.Regulator.Address == "" || f.Regulator.Website != website {
				t.Errorf("regulator = %+v; want %s with an address and %s", f.Regulator, tc.regulator, website)
			}
			if (f.Limit != nil) != tc.limit {
				t.Fatalf("cost limit = %+v; want one: %v", f.Limit, tc.limit)
			}
			if !tc.limit {
				return
			}
			c := f.Limit
			if c.Limit(true) != tc.central || c.Limit(false) != tc.other || c.Hourly != tc.hourly ||
				c.Hours(true) != tc.hoursCentral || c.Hours(false) != tc.hoursOther || c.Source == "" || c.Counted == "" {
				t.Errorf("cost limit = %+v (hours %v / %v)", c, c.Hours(true), c.Hours(false))
			}
		})
	}
}

// Before the right of access there are no figures: an error, not today's.
func TestNoFiguresBeforeTheRightOfAccess(t *testing.T) {
	if _, err := LawOn(FOIA, day("2004-12-31")); ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), "1 January 2005") {
		t.Errorf("On(31 Dec 2004) = %v; want an error naming 1 January 2005", err)
	}
	if f, err := LawOn(FOIA, day("2005-01-01")); err != nil || f.Limit == nil {
		t.Errorf("On(1 Jan 2005) = %+v, %v; want the figures", f, err)
	}
	if _, err := LawOn("gdpr", day("2026-01-01")); ErrorCode(err) != EINVALID {
		t.Errorf("an unknown regime: %v", err)
	}
}

// A change is a row: with one added (the Information Commission replacing
// the ICO, and a new hourly rate, on a day of the test's choosing), a
// request received the day before reads the old figures and one received
// on the day the new, for the regimes the row names only; figures the row
// does not give stay as they were.
func TestAChangeAppliesByTheDateOfReceipt(t *testing.T) {
	commission := Regulator{Name: "Information Commission", Short: "IC", Website: "www.ico.org.uk", Address: "Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF"}
	table := append(append(LawTable(nil), CurrentLaw...),
		LawChange{From: "2027-04-01", Regimes: []Regime{FOIA, EIR}, Regulator: &commission},
		LawChange{From: "2027-06-01", Regimes: []Regime{FOIA}, Limit: &AppropriateLimit{Central: 60000, Other: 45000, Hourly: 3000, Counted: "x", Source: "a future SI"}},
	)
	for _, tc := range []struct {
		regime    Regime
		on        string
		regulator string
		hourly    int
	}{
		{FOIA, "2027-03-31", "Information Commissioner's Office", 2500},
		{FOIA, "2027-04-01", "Information Commission", 2500},
		{EIR, "2027-04-01", "Information Commission", 0},
		{FOISA, "2027-04-01", "Scottish Information Commissioner", 1500},
		{FOIA, "2027-05-31", "Information Commission", 2500},
		{FOIA, "2027-06-01", "Information Commission", 3000},
	} {
		f, err := table.On(tc.regime, day(tc.on))
		if err != nil {
			t.Fatal(err)
		}
		hourly := 0
		if f.Limit != nil {
			hourly = f.Limit.Hourly
		}
		if f.Regulator.Name != tc.regulator || hourly != tc.hourly {
			t.Errorf("%s on %s: %s at %d p/h; want %s at %d", tc.regime, tc.on, f.Regulator.Name, hourly, tc.regulator, tc.hourly)
		}
	}
	// The current table has no such row: the ICO today.
	if r := RegulatorOn(FOIA, day("2027-04-01")); r.Short != "ICO" {
		t.Errorf("RegulatorOn = %+v", r)
	}
}

func TestPounds(t *testing.T) {
	for pence, want := range map[int]string{45000: "£450", 60000: "£600", 1250: "£12.50", 5: "£0.05"} {
		if got := Pounds(pence); got != want {
			t.Errorf("Pounds(%d) = %s, want %s", pence, got, want)
		}
	}
}
