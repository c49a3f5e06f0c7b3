// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

// The law as dated data: the figures of the law that have changed or may
// change — the s.12 cost limits and hourly rate, the regulator's name,
// website and address — as one table (CurrentLaw), each row dated by the
// day it takes effect. Calculations read the figures by a request's date
// of receipt (the law the request was made under); the regulator is named
// as on the day a letter or page is written (the body a requester can
// complain to when they read it). A change in the law is a new row and a
// test, not a change to the code that uses it (docs/statutory-rules.md §15).

import (
	"fmt"
	"sort"
	"time"
)

// Regulator is the body a requester complains to about a regime's request.
type Regulator struct {
	Name    string // "Information Commissioner's Office"
	Short   string // "ICO"
	Website string // "www.ico.org.uk"
	Address string // the postal address, lines joined with ", "
}

// AppropriateLimit is the appropriate limit of FOIA s.12 (or FOISA s.12's
// prescribed amount) and the rate staff time is costed at, in pence.
type AppropriateLimit struct {
	Central int // Part I of Schedule 1 (FOIA); FOISA has one amount for all
	Other   int
	Hourly  int // per person per hour
	// Counted is what the estimate may include, as the regulations say.
	Counted string
	Source  string
}

// Limit is the limit for an authority that is (or is not) central
// government.
func (c AppropriateLimit) Limit(central bool) int {
	if central {
		return c.Central
	}
	return c.Other
}

// Hours is the limit as staff time: £450 at £25 an hour is 18 hours.
func (c AppropriateLimit) Hours(central bool) float64 {
	return float64(c.Limit(central)) / float64(c.Hourly)
}

// LawFigures are the law's figures for one regime on one day.
type LawFigures struct {
	Regime    Regime
	From      time.Time // the day the newest figure of these took effect
	Regulator Regulator
	// Limit is nil where the regime has none: the EIR and EISR refuse
	// a burdensome request as manifestly unreasonable (EIR reg 12(4)(b);
	// EISR reg 10(4)(b)) instead.
	Limit *AppropriateLimit
}

// LawChange is one row of the table: from the day From (a request received on
// or after it), the regimes named take the values given. A zero field
// leaves the value before it in force.
type LawChange struct {
	From      string // YYYY-MM-DD
	Regimes   []Regime
	Regulator *Regulator
	Limit     *AppropriateLimit
	NoLimit   bool // the regime has no cost limit from this day
	Source    string
}

// LawTable is the law's figures over time: rows in date order.
type LawTable []LawChange

var (
	uk       = []Regime{FOIA, EIR}
	scotland = []Regime{FOISA, EISR}
)

// CurrentLaw is the table Disclose applies. Add a row when the law changes,
// with the day it takes effect and its source, and a test of the day
// before and the day.
//
// To come: the Data (Use and Access) Act 2025 (s.117 and Schedule 13, as
// reported) abolishes the Information Commissioner and sets up the
// Information Commission in its place, from a day commencement regulations
// appoint; no day was fixed when this was written. Its row will give the
// Commission's name from that day.
var CurrentLaw = LawTable{
	{
		// FOIA's and the EIR's right of access came into force on 1
		// January 2005 (FOIA s.87(3); SI 2004/3391 reg 1). The
		// Information Commissioner (so named by FOIA s.18(1)) hears
		// complaints under FOIA s.50, applied to the EIR by reg 18.
		// Address, checked December 2026: Wycliffe House, Wilmslow, was the
		// ICO's head office (infotec.news "Manchester move for ICO", 5 June
		// 2025; Westminster Hall debate on the ICO's relocation, 16 July
		// 2025); "Water Lane" and the postcode SK9 5AF were not found in
		// any source at hand. Unsure: the same sources say the ICO moves to
		// No.3 Circle Square, Oxford Road, Manchester, in autumn 2026; its
		// new postal address was not found, so this row keeps Wilmslow.
		// No letter prints this address (they give the website); confirm
		// it on ico.org.uk before one does.
		From: "2005-01-01", Regimes: uk,
		Regulator: &Regulator{Name: "Information Commissioner's Office", Short: "ICO", Website: "www.ico.org.uk",
			Address: "Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF"},
		Source: "FOIA s.18, s.50, s.87(3); EIR regs 1 and 18",
	},
	{
		// SI 2004/3244 reg 3: £600 for Part I of Schedule 1, £450 for
		// every other authority; reg 4(4): £25 per person per hour;
		// reg 4(3): only the four activities count.
		From: "2005-01-01", Regimes: []Regime{FOIA},
		Limit: &AppropriateLimit{Central: 60000, Other: 45000, Hourly: 2500,
			Counted: "determining whether the information is held, locating it, retrieving it and extracting it (SI 2004/3244 reg 4(3))",
			Source:  "FOIA s.12; SI 2004/3244 regs 3 and 4"},
		Source: "SI 2004/3244 regs 3 and 4",
	},
	{
		From: "2005-01-01", Regimes: []Regime{EIR}, NoLimit: true,
		Source: "EIR reg 12(4)(b): no cost limit; a burdensome request is manifestly unreasonable",
	},
	{
		// FOISA s.12 and SSI 2004/467 reg 5: the prescribed amount is
		// £600 for every Scottish authority; reg 3: staff time at no more
		// than £15 an hour, so the estimate uses £15 (the most it may).
		// The Scottish Information Commissioner hears applications under
		// FOISA s.47 (EISR reg 17). Address, checked December 2026: the
		// Commissioner's decision notices (e.g. Decision 218/2011,
		// 019/2011) and the Accountant in Bankruptcy's FOI complaints page
		// (aib.gov.uk) give Kinburn Castle, Doubledykes Road, St Andrews,
		// Fife KY16 9DS; the website is foi.scot (decisions published there
		// in 2025; older pages give itspublicknowledge.info).
		From: "2005-01-01", Regimes: scotland,
		Regulator: &Regulator{Name: "Scottish Information Commissioner", Short: "SIC", Website: "www.foi.scot",
			Address: "Kinburn Castle, Doubledykes Road, St Andrews, Fife KY16 9DS"},
		Source: "FOISA s.42, s.47; EISR reg 17",
	},
	{
		From: "2005-01-01", Regimes: []Regime{FOISA},
		Limit: &AppropriateLimit{Central: 60000, Other: 60000, Hourly: 1500,
			Counted: "the cost of locating, retrieving and providing the information, not of deciding whether it is held or should be given (SSI 2004/467 reg 3)",
			Source:  "FOISA s.12; SSI 2004/467 regs 3 and 5"},
		Source: "SSI 2004/467 regs 3 and 5",
	},
	{
		From: "2005-01-01", Regimes: []Regime{EISR}, NoLimit: true,
		Source: "EISR reg 10(4)(b): no cost limit; a burdensome request is manifestly unreasonable",
	},
}

// LawOn returns the figures of the current table for regime r on the day
// on (a request's date of receipt).
func LawOn(r Regime, on time.Time) (LawFigures, error) { return CurrentLaw.On(r, on) }

// On returns t's figures for regime r on the day on: each figure the value
// of the last row, on or before that day, that gives it. A day before the
// regime's first row is an error: no right of access was in force.
func (t LawTable) On(r Regime, on time.Time) (LawFigures, error) {
	if _, err := ParseRegime(string(r)); err != nil {
		return LawFigures{}, err
	}
	if on.IsZero() {
		return LawFigures{}, Errorf(EINVALID, "no date to read the law by")
	}
	day := Date(on)
	f := LawFigures{Regime: r}
	rows := append(LawTable(nil), t...)
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].From < rows[j].From })
	found := false
	for _, c := range rows {
		from, err := ParseDate(c.From)
		if err != nil {
			return LawFigures{}, fmt.Errorf("law table: row %q: %v", c.From, err)
		}
		if from.After(day) || !names(c.Regimes, r) {
			continue
		}
		found = true
		f.From = from
		if c.Regulator != nil {
			f.Regulator = *c.Regulator
		}
		switch {
		case c.NoLimit:
			f.Limit = nil
		case c.Limit != nil:
			limit := *c.Limit
			f.Limit = &limit
		}
	}
	if !found || f.Regulator.Name == "" {
		return LawFigures{}, Errorf(EINVALID, "no %s figures in force on %s: the right of access began on 1 January 2005", r.Title(), FormatDate(day))
	}
	return f, nil
}

func names(list []Regime, r Regime) bool {
	for _, x := range list {
		if x == r {
			return true
		}
	}
	return false
}

// RegulatorOn is the regulator for regime r on the day on. A day the table
// does not cover (before 2005, or no day at all) gives the earliest
// regulator of the regime: a name is always printable, and no request in
// Disclose can be older than the right of access.
func RegulatorOn(r Regime, on time.Time) Regulator {
	if on.IsZero() || on.Before(time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC)) {
		on = time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if _, err := ParseRegime(string(r)); err != nil {
		r = FOIA // an unknown regime cannot reach a letter; name the ICO
	}
	f, err := CurrentLaw.On(r, on)
	if err != nil {
		panic(err) // the table's own rows are tested
	}
	return f.Regulator
}

// Pounds writes pence as a letter does: £450, £12.50.
func Pounds(pence int) string {
	if pence%100 == 0 {
		return fmt.Sprintf("£%d", pence/100)
	}
	return fmt.Sprintf("£%d.%02d", pence/100, pence%100)
}
