// SPDX-License-Identifier: AGPL-3.0-or-later

package clock

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// The three GOV.UK divisions, in the order they are reported.
var divisions = []struct{ slug, name string }{
	{"england-and-wales", "England and Wales"},
	{"scotland", "Scotland"},
	{"northern-ireland", "Northern Ireland"},
}

// divScotland is the index of Scotland in divisions.
const divScotland = 1

// Day sets: which bank holidays stop the clock.
const (
	setUK       = 0 // FOIA s.10(6), EIR reg 2(1): a bank holiday in any part of the UK
	setScotland = 1 // FOISA s.73, EISR reg 2(1): a bank holiday in Scotland
)

// Calendar is one version of the bank-holiday data, with the working days of
// each regime precomputed over the years it covers. A Calendar is immutable
// and safe for concurrent use.
type Calendar struct {
	version     string
	first, last int  // years covered by every division
	base        Date // 1 January of first
	ndays       int  // days from base to 31 December of last, inclusive

	// holidays holds the data's events that fall within the covered years.
	holidays map[Date][]event

	sets [2]daySet
}

// event is one bank holiday of one division.
type event struct {
	div          int // index into divisions
	title, notes string
}

// daySet is the working-day index of one day set over the covered range.
// Offsets are days since Calendar.base.
type daySet struct {
	// cum[i] is the number of working days among offsets 0..i-1, so the
	// working days in (a, b] number cum[b+1]-cum[a+1].
	cum []int32
	// wd lists the offsets of the working days in order, so the k-th working
	// day (0-based) of the range is base+wd[k].
	wd []int32
	// reason says why a non-working offset is not a working day ("" when it is).
	reason []string
}

// The GOV.UK bank-holidays.json shape (https://www.gov.uk/bank-holidays.json).
type govukDivision struct {
	Division string       `json:"division"`
	Events   []govukEvent `json:"events"`
}

type govukEvent struct {
	Title   string `json:"title"`
	Date    string `json:"date"`
	Notes   string `json:"notes"`
	Bunting bool   `json:"bunting"`
}

// ParseGovUK parses bank-holiday data in the GOV.UK bank-holidays.json format
// and builds the working-day index. All three divisions must be present with
// valid dates. The covered years are those for which every division has data
// (a division's year counts when it has both a January and a December event,
// so a truncated final year is left out rather than trusted); a missing year
// inside that range is an error, because the file is then incomplete.
func ParseGovUK(data []byte) (*Calendar, error) {
	var raw map[string]*govukDivision
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("bank-holiday data is not in the GOV.UK bank-holidays.json format: %v", err)
	}
	if raw == nil {
		return nil, fmt.Errorf("bank-holiday data is not in the GOV.UK bank-holidays.json format: want an object keyed by division")
	}

	type dated struct {
		date Date
		event
	}
	var all []dated
	first, last := 0, 1<<30
	for di, dv := range divisions {
		div := raw[dv.slug]
		if div == nil {
			return nil, fmt.Errorf("bank-holiday data has no %q division (want england-and-wales, scotland and northern-ireland)", dv.slug)
		}
		if div.Division != "" && div.Division != dv.slug {
			return nil, fmt.Errorf("bank-holiday data: the %q entry says it is division %q", dv.slug, div.Division)
		}
		if len(div.Events) == 0 {
			return nil, fmt.Errorf("bank-holiday data: division %q has no events", dv.slug)
		}
		jan := map[int]bool{}
		decm := map[int]bool{}
		for i, e := range div.Events {
			d, err := ParseDate(e.Date)
			if err != nil {
				return nil, fmt.Errorf("bank-holiday data: %s event %d (%q): %v", dv.slug, i+1, e.Title, err)
			}
			if strings.TrimSpace(e.Title) == "" {
				return nil, fmt.Errorf("bank-holiday data: %s event %d (%s) has no title", dv.slug, i+1, e.Date)
			}
			switch d.Month() {
			case time.January:
				jan[d.Year()] = true
			case time.December:
				decm[d.Year()] = true
			}
			all = append(all, dated{d, event{div: di, title: e.Title, notes: e.Notes}})
		}
		// The division's whole years, and the range common to all divisions.
		var years []int
		for y := range jan {
			if decm[y] {
				years = append(years, y)
			}
		}
		if len(years) == 0 {
			return nil, fmt.Errorf("bank-holiday data: division %q has no complete year (each year needs its January and December holidays)", dv.slug)
		}
		slices.Sort(years)
		lo, hi := years[0], years[len(years)-1]
		if len(years) != hi-lo+1 {
			for y := lo; y <= hi; y++ {
				if _, ok := slices.BinarySearch(years, y); !ok {
					return nil, fmt.Errorf("bank-holiday data: division %q has no data for %d although it covers %d–%d: the file looks incomplete",
						dv.slug, y, lo, hi)
				}
			}
		}
		first = max(first, lo)
		last = min(last, hi)
	}
	if first > last {
		return nil, fmt.Errorf("bank-holiday data: the three divisions have no year in common")
	}

	c := &Calendar{
		first:    first,
		last:     last,
		base:     fromCivil(first, 1, 1),
		holidays: map[Date][]event{},
	}
	c.ndays = int(fromCivil(last, 12, 31)-c.base) + 1

	// Version: a hash of the canonicalised events (sorted, one per line), so
	// the same data gives the same version however the file is laid out.
	slices.SortFunc(all, func(a, b dated) int {
		if a.div != b.div {
			return a.div - b.div
		}
		if a.date != b.date {
			return int(a.date - b.date)
		}
		return strings.Compare(a.title+"\x00"+a.notes, b.title+"\x00"+b.notes)
	})
	h := sha256.New()
	for i, e := range all {
		if i > 0 && all[i-1] == e {
			continue // an exact duplicate says nothing new
		}
		fmt.Fprintf(h, "%s\t%s\t%s\t%s\n", divisions[e.div].slug, e.date, e.title, e.notes)
		if y := e.date.Year(); y >= first && y <= last {
			c.holidays[e.date] = append(c.holidays[e.date], e.event)
		}
	}
	c.version = "govuk-" + hex.EncodeToString(h.Sum(nil))[:12]

	c.sets[setUK] = c.buildSet(setUK)
	c.sets[setScotland] = c.buildSet(setScotland)
	return c, nil
}

// buildSet precomputes the working days of one day set.
func (c *Calendar) buildSet(set int) daySet {
	s := daySet{
		cum:    make([]int32, c.ndays+1),
		wd:     make([]int32, 0, c.ndays),
		reason: make([]string, c.ndays),
	}
	goodFridays := map[Date]bool{}
	for y := c.first; y <= c.last; y++ {
		goodFridays[goodFriday(y)] = true
	}
	for i := 0; i < c.ndays; i++ {
		d := c.base + Date(i)
		s.reason[i] = c.nonWorkingReason(set, d, goodFridays[d])
		s.cum[i+1] = s.cum[i]
		if s.reason[i] == "" {
			s.cum[i+1]++
			s.wd = append(s.wd, int32(i))
		}
	}
	return s
}

// nonWorkingReason says why d is not a working day in the day set, or "" if
// it is one.
func (c *Calendar) nonWorkingReason(set int, d Date, isGoodFriday bool) string {
	switch d.Weekday() {
	case time.Saturday:
		return "Saturday"
	case time.Sunday:
		return "Sunday"
	}
	// Christmas Day and Good Friday are named in FOIA s.10(6) and (Christmas
	// Day) FOISA s.73 because they are common-law holidays rather than
	// 1971-Act bank holidays in England and Wales. They are applied by rule,
	// not only from the data, so that a gap in the data can never make them
	// working days. Good Friday is also a Scottish bank holiday (1971 Act
	// Sch 1 para 2), so the rule holds for FOISA and EISR too.
	if d.Month() == time.December && d.Day() == 25 {
		return "Christmas Day"
	}
	if isGoodFriday {
		return "Good Friday"
	}
	// Bank holidays from the data: FOIA s.10(6) and EIR reg 2(1) take a bank
	// holiday "in any part of the United Kingdom" (the union of the three
	// divisions); FOISA s.73 and EISR take only a bank holiday in Scotland.
	var groups []string
	var divs [][]string
	for _, e := range c.holidays[d] {
		if set == setScotland && e.div != divScotland {
			continue
		}
		label := strings.ReplaceAll(e.title, "\u2019", "'")
		if e.notes != "" {
			label += ", " + strings.ToLower(e.notes)
		}
		j := slices.Index(groups, label)
		if j < 0 {
			groups = append(groups, label)
			divs = append(divs, nil)
			j = len(groups) - 1
		}
		if name := divisions[e.div].name; !slices.Contains(divs[j], name) {
			divs[j] = append(divs[j], name)
		}
	}
	parts := make([]string, len(groups))
	for j, g := range groups {
		parts[j] = g + " (" + strings.Join(divs[j], ", ") + ")"
	}
	return strings.Join(parts, "; ")
}

//go:embed data/uk-bank-holidays.json
var embeddedData []byte

var embedded = sync.OnceValue(func() *Calendar {
	c, err := ParseGovUK(embeddedData)
	if err != nil {
		panic("clock: embedded bank-holiday data: " + err.Error())
	}
	return c
})

// Embedded returns the calendar built from the bank-holiday data compiled
// into the binary (a copy of GOV.UK's bank-holidays.json). It is parsed once.
func Embedded() *Calendar { return embedded() }

// EmbeddedData returns a copy of the raw embedded GOV.UK file.
func EmbeddedData() []byte { return bytes.Clone(embeddedData) }

// Version identifies the data: "govuk-" and the first 12 hex digits of the
// SHA-256 of the canonicalised events. The same events give the same version
// whatever the file's layout or order. Record it beside each computed
// deadline so that a later correction of the data can be traced.
func (c *Calendar) Version() string { return c.version }

// Years returns the first and last years for which all three divisions have
// data. Dates outside these years cannot be counted.
func (c *Calendar) Years() (first, last int) { return c.first, c.last }

// offset returns d's offset in the working-day index, or a *NotCoveredError.
func (c *Calendar) offset(d Date) (int, error) {
	i := int(d - c.base)
	if i < 0 || i >= c.ndays {
		return 0, c.notCovered(d.Year())
	}
	return i, nil
}

func (c *Calendar) notCovered(year int) error {
	return &NotCoveredError{Year: year, First: c.first, Last: c.last}
}

// WorkingDay reports whether d is a working day under regime r and, when it
// is not, why: "Saturday", "Sunday", "Christmas Day", "Good Friday", or the
// bank holiday's title and division(s), e.g. "St Andrew's Day (Scotland)" or
// "Easter Monday (England and Wales, Northern Ireland)". A date in a year
// the calendar does not cover is a *NotCoveredError.
func (c *Calendar) WorkingDay(r Regime, d Date) (bool, string, error) {
	s, err := c.set(r)
	if err != nil {
		return false, "", err
	}
	if d == 0 {
		return false, "", invalidf("no date given")
	}
	i, err := c.offset(d)
	if err != nil {
		return false, "", err
	}
	return s.reason[i] == "", s.reason[i], nil
}

// set returns the day set regime r counts in.
func (c *Calendar) set(r Regime) (*daySet, error) {
	rr, err := rulesFor(r)
	if err != nil {
		return nil, err
	}
	return &c.sets[rr.set], nil
}
