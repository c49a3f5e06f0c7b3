// SPDX-License-Identifier: AGPL-3.0-or-later

package stats

import (
	"slices"
	"strconv"
	"time"

	"disclose/internal/foi"
)

// The backlog by age, as the ICO's enforcement notices count it ("open
// requests over a month old, with more possibly unlogged"): open requests
// over 20 working days, over six months and over a year since receipt,
// and the messages in the FOI mailbox's holding pen that nobody has yet
// made a request or filed. Nothing here names a requester or quotes a
// message: the list is references, dates, ages and statuses.

// OpenCase is an open request as the backlog lists it.
type OpenCase struct {
	Reference   foi.Reference
	Regime      foi.Regime
	Status      foi.Status
	ReceivedOn  time.Time `json:"-"`
	DueOn       time.Time `json:"-"`
	WorkingDays int       `json:"working_days"` // since receipt (day 0), in the regime's calendar
}

// HeldMessage is a message waiting in the holding pen, without its sender
// or subject.
type HeldMessage struct {
	ID          int64
	ReceivedOn  time.Time `json:"-"`
	WorkingDays int
}

// AgeCounts count by age; each band includes the older ones (a request a
// year old is also over six months and over 20 working days).
type AgeCounts struct {
	All         int
	Over20Days  int
	Over6Months int
	OverAYear   int
}

func (a *AgeCounts) add(received time.Time, workingDays int, asOf time.Time) {
	a.All++
	if workingDays > 20 {
		a.Over20Days++
	}
	if received.Before(asOf.AddDate(0, -6, 0)) {
		a.Over6Months++
	}
	if received.Before(asOf.AddDate(-1, 0, 0)) {
		a.OverAYear++
	}
}

// Backlog is the open requests and the unsorted mail by age on AsOf.
type Backlog struct {
	AsOf     time.Time
	Open     AgeCounts
	Old      []OpenCase // open over 20 working days, oldest first
	Held     AgeCounts
	HeldList []HeldMessage // oldest first
	// HeldCapped says the holding pen held more than was read: its counts
	// are "at least".
	HeldCapped bool
}

// NewBacklog sorts and counts open requests and held messages by age.
func NewBacklog(asOf time.Time, open []OpenCase, held []HeldMessage) *Backlog {
	b := &Backlog{AsOf: asOf}
	for _, c := range open {
		b.Open.add(c.ReceivedOn, c.WorkingDays, asOf)
		if c.WorkingDays > 20 {
			b.Old = append(b.Old, c)
		}
	}
	slices.SortStableFunc(b.Old, func(x, y OpenCase) int {
		if n := x.ReceivedOn.Compare(y.ReceivedOn); n != 0 {
			return n
		}
		return x.Reference.Number - y.Reference.Number
	})
	for _, m := range held {
		b.Held.add(m.ReceivedOn, m.WorkingDays, asOf)
	}
	b.HeldList = slices.Clone(held)
	slices.SortStableFunc(b.HeldList, func(x, y HeldMessage) int { return x.ReceivedOn.Compare(y.ReceivedOn) })
	return b
}

// CalendarAge is "1 year 2 months", "3 months", "12 days": how long ago
// received was, on asOf.
func CalendarAge(received, asOf time.Time) string {
	months := (asOf.Year()-received.Year())*12 + int(asOf.Month()) - int(received.Month())
	if asOf.Day() < received.Day() {
		months--
	}
	if months < 1 {
		days := int(asOf.Sub(received).Hours() / 24)
		return plural(days, "day")
	}
	y, m := months/12, months%12
	switch {
	case y == 0:
		return plural(m, "month")
	case m == 0:
		return plural(y, "year")
	}
	return plural(y, "year") + " " + plural(m, "month")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}
