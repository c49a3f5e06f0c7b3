// SPDX-License-Identifier: AGPL-3.0-or-later

// Package stats builds the statistics an FOI team reports: requests
// received, timeliness (in time, in time with a permitted extension, late),
// outcomes in the Cabinet Office categories, exemptions used, internal
// reviews and complaints to the regulator — over a period, by quarter,
// month, regime and disclosure-log category. It reads only foi.CaseSummary,
// which carries no personal data, so everything here may be published.
// regulator.go, returns.go, backlog.go and evidence.go are the regulator's
// view of the same figures: the ICO's bands, the official returns, the
// backlog by age (references and dates only) and the evidence pack
// (docs/statistics.md).
package stats

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"disclose/internal/foi"
)

// Counts are the measures of one group of requests.
type Counts struct {
	Received       int `json:"received"`
	Outstanding    int `json:"outstanding"` // not answered yet (open, awaiting clarification or fee, extended)
	Overdue        int `json:"overdue"`     // outstanding and past the deadline on the report date
	Responded      int `json:"responded"`
	InTime         int `json:"in_time"`                // answered by the 20-working-day deadline
	InTimeExtended int `json:"in_time_with_extension"` // answered late for 20 days but within a permitted extension
	Late           int `json:"late"`
	Withdrawn      int `json:"withdrawn"`
	Lapsed         int `json:"lapsed"`

	Outcomes   map[foi.Outcome]int `json:"outcomes"`
	Exemptions map[string]int      `json:"exemptions"` // requests citing each exemption

	ReviewsCompleted int                       `json:"reviews_completed"`
	ReviewsOpen      int                       `json:"reviews_open"`
	ReviewOutcomes   map[foi.ReviewOutcome]int `json:"review_outcomes"`
	Complaints       int                       `json:"regulator_complaints"`

	// ClockStopped is the outstanding requests whose clock waits for the
	// requester: awaiting clarification (s.1(3)) or a fee (s.9).
	ClockStopped int `json:"clock_stopped"`
	// Extended is the requests that took a permitted extension and either
	// met it or are still open under it (one answered late after an
	// extension counts as late only: the rows do not say it was extended).
	Extended int `json:"extended"`
	// Review timeliness: decided by the due date, after it, and still open
	// past it on the report date.
	ReviewsInTime  int `json:"reviews_in_time"`
	ReviewsLate    int `json:"reviews_late"`
	ReviewsOverdue int `json:"reviews_overdue"`
}

func newCounts() Counts {
	return Counts{Outcomes: map[foi.Outcome]int{}, Exemptions: map[string]int{}, ReviewOutcomes: map[foi.ReviewOutcome]int{}}
}

// InTimePercent is the share of answered requests answered in time,
// counting permitted extensions as in time, as the Cabinet Office does.
func (c Counts) InTimePercent() float64 {
	if c.Responded == 0 {
		return 0
	}
	return 100 * float64(c.InTime+c.InTimeExtended) / float64(c.Responded)
}

// addRequests counts a group of requests. Timeliness compares the
// response date with the deadline the case carries (foi.Timeliness): the
// 20-working-day date, or the extended one when a permitted extension was
// taken, which is then "in time with a permitted extension" if met.
// Clarification and fee pauses are already in the date.
func (c *Counts) addRequests(rc foi.RequestCount) {
	n := rc.N
	c.Received += n
	switch {
	case rc.Status == foi.StatusWithdrawn || rc.Outcome == foi.Withdrawn:
		c.Withdrawn += n
	case rc.Status == foi.StatusLapsed || rc.Outcome == foi.Lapsed:
		c.Lapsed += n
	case rc.Status.Open():
		c.Outstanding += n
		if rc.Overdue {
			c.Overdue += n
		}
		switch rc.Status {
		case foi.StatusAwaitingClarification, foi.StatusAwaitingFee:
			c.ClockStopped += n
		case foi.StatusExtended:
			c.Extended += n
		}
	case rc.Timeliness != foi.NotResponded:
		c.Responded += n
		switch rc.Timeliness {
		case foi.InTime:
			c.InTime += n
		case foi.InTimeExtended:
			c.InTimeExtended += n
			c.Extended += n
		default:
			c.Late += n
		}
	}
	if rc.Outcome != "" {
		c.Outcomes[rc.Outcome] += n
	}
}

// Group is the counts of requests sharing a key (a quarter, a regime...).
type Group struct {
	Key    string `json:"key"`
	Counts Counts `json:"counts"`
}

// Report is the statistics of the requests received in a period.
type Report struct {
	From       time.Time `json:"-"`
	To         time.Time `json:"-"`
	AsOf       time.Time `json:"-"` // overdue is judged on this date
	Total      Counts    `json:"total"`
	ByQuarter  []Group   `json:"by_quarter"`
	ByMonth    []Group   `json:"by_month"`
	ByRegime   []Group   `json:"by_regime"`
	ByCategory []Group   `json:"by_category"` // "" is "Not published"
	// ByDepartment counts requests by the department (contributor) asked
	// for input on them: a request asked of two departments counts in
	// both; NoDepartment is those asked of none. Only request measures
	// (received, timeliness, outcomes) are counted by department.
	ByDepartment []Group `json:"by_department"`
	// ByRegimeMonth is each regime's counts month by month (key
	// "foia 2026-01"), which the regulator's bands (regulator.go) and the
	// official returns (returns.go) sum into quarters.
	ByRegimeMonth []Group `json:"by_regime_month"`
}

// NoDepartment names the group of requests no department was asked about.
const NoDepartment = "No department"

// Build counts the requests received from from to to (both included).
// asOf is the date outstanding requests are judged overdue on.
func Build(ctx context.Context, store foi.StatsReader, from, to, asOf time.Time) (*Report, error) {
	if to.Before(from) {
		return nil, foi.Errorf(foi.EINVALID, "the period ends (%s) before it starts (%s)", foi.FormatDate(to), foi.FormatDate(from))
	}
	counts, err := store.CountRequests(ctx, from, to, asOf)
	if err != nil {
		return nil, err
	}
	r := &Report{From: from, To: to, AsOf: asOf, Total: newCounts()}
	quarters, months, regimes, categories, depts, regimeMonths := groups{}, groups{}, groups{}, groups{}, groups{}, groups{}
	// each applies f to the total and to every group the key belongs to.
	each := func(k foi.StatsKey, f func(*Counts)) {
		category := k.Category
		if category == "" {
			category = "Not published"
		}
		f(&r.Total)
		f(quarters.get(quarterOfMonth(k.Month)))
		f(months.get(k.Month))
		f(regimes.get(string(k.Regime)))
		f(categories.get(category))
		f(regimeMonths.get(regimeMonth(k.Regime, k.Month)))
	}
	for _, rc := range counts.Requests {
		each(rc.StatsKey, func(c *Counts) { c.addRequests(rc) })
		if len(rc.Departments) == 0 {
			depts.get(NoDepartment).addRequests(rc)
		}
		for _, d := range rc.Departments {
			depts.get(d).addRequests(rc)
		}
	}
	for _, ec := range counts.Exemptions {
		each(ec.StatsKey, func(c *Counts) { c.Exemptions[ec.Exemption] += ec.N })
	}
	for _, rv := range counts.Reviews {
		each(rv.StatsKey, func(c *Counts) {
			if rv.Open {
				c.ReviewsOpen += rv.N
				return
			}
			c.ReviewsCompleted += rv.N
			c.ReviewOutcomes[rv.Outcome] += rv.N
		})
		each(rv.StatsKey, func(c *Counts) {
			switch {
			case rv.Open && rv.Overdue:
				c.ReviewsOverdue += rv.N
			case rv.Timeliness == foi.InTime:
				c.ReviewsInTime += rv.N
			case rv.Timeliness == foi.Late:
				c.ReviewsLate += rv.N
			}
		})
	}
	for _, cc := range counts.Complaints {
		each(cc.StatsKey, func(c *Counts) { c.Complaints += cc.N })
	}
	r.ByQuarter, r.ByMonth, r.ByRegime, r.ByCategory = quarters.sorted(), months.sorted(), regimes.sorted(), categories.sorted()
	r.ByDepartment, r.ByRegimeMonth = depts.sorted(), regimeMonths.sorted()
	return r, nil
}

// regimeMonth is the key of a regime's month in ByRegimeMonth.
func regimeMonth(r foi.Regime, month string) string { return string(r) + " " + month }

// add adds o's counts to c.
func (c *Counts) add(o Counts) {
	c.Received += o.Received
	c.Outstanding += o.Outstanding
	c.Overdue += o.Overdue
	c.Responded += o.Responded
	c.InTime += o.InTime
	c.InTimeExtended += o.InTimeExtended
	c.Late += o.Late
	c.Withdrawn += o.Withdrawn
	c.Lapsed += o.Lapsed
	for k, v := range o.Outcomes {
		c.Outcomes[k] += v
	}
	for k, v := range o.Exemptions {
		c.Exemptions[k] += v
	}
	c.ReviewsCompleted += o.ReviewsCompleted
	c.ReviewsOpen += o.ReviewsOpen
	for k, v := range o.ReviewOutcomes {
		c.ReviewOutcomes[k] += v
	}
	c.Complaints += o.Complaints
	c.ClockStopped += o.ClockStopped
	c.Extended += o.Extended
	c.ReviewsInTime += o.ReviewsInTime
	c.ReviewsLate += o.ReviewsLate
	c.ReviewsOverdue += o.ReviewsOverdue
}

// Sum is the counts of regime's requests received from the month of from
// to the month of to (both included); "" is every regime.
func (r *Report) Sum(regime foi.Regime, from, to time.Time) Counts {
	out := newCounts()
	first, last := from.Format("2006-01"), to.Format("2006-01")
	for _, g := range r.ByRegimeMonth {
		reg, month, _ := strings.Cut(g.Key, " ")
		if (regime == "" || foi.Regime(reg) == regime) && month >= first && month <= last {
			out.add(g.Counts)
		}
	}
	return out
}

// quarterOfMonth is Quarter for a "YYYY-MM" month.
func quarterOfMonth(month string) string {
	t, err := time.Parse("2006-01", month)
	if err != nil {
		return month
	}
	return Quarter(t)
}

// Quarter names a calendar quarter as the central-government statistics
// do: "2026 Q1" is January to March.
func Quarter(d time.Time) string {
	return fmt.Sprintf("%d Q%d", d.Year(), (int(d.Month())-1)/3+1)
}

type groups map[string]*Counts

func (g groups) get(key string) *Counts {
	c, ok := g[key]
	if !ok {
		n := newCounts()
		c = &n
		g[key] = c
	}
	return c
}

func (g groups) sorted() []Group {
	out := make([]Group, 0, len(g))
	for k, c := range g {
		out = append(out, Group{Key: k, Counts: *c})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}
