// Package stats builds the statistics an FOI team reports: requests
// received, timeliness (in time, in time with a permitted extension, late),
// outcomes in the Cabinet Office categories, exemptions used, internal
// reviews and complaints to the regulator — over a period, by quarter,
// month, regime and disclosure-log category. It reads only foi.CaseSummary,
// which carries no personal data, so everything here may be published.
package stats

import (
	"context"
	"fmt"
	"sort"
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

// add counts one request. Timeliness compares the response date with the
// deadline the case carries: the 20-working-day date, or the extended date
// when an extension was taken (which is then "in time with a permitted
// extension" if met). Clarification and fee pauses are already in the date.
func (c *Counts) add(s *foi.CaseSummary, asOf time.Time) {
	c.Received++
	switch {
	case s.Status == foi.StatusWithdrawn || s.Outcome == foi.Withdrawn:
		c.Withdrawn++
	case s.Status == foi.StatusLapsed || s.Outcome == foi.Lapsed:
		c.Lapsed++
	case s.Status.Open():
		c.Outstanding++
		if !s.DueOn.IsZero() && asOf.After(s.DueOn) {
			c.Overdue++
		}
	case !s.RespondedOn.IsZero():
		c.Responded++
		switch {
		case s.DueOn.IsZero() || s.RespondedOn.After(s.DueOn):
			c.Late++
		case s.Extended:
			c.InTimeExtended++
		default:
			c.InTime++
		}
	}
	if s.Outcome != "" {
		c.Outcomes[s.Outcome]++
	}
	for _, e := range s.Exemptions {
		c.Exemptions[e]++
	}
	c.ReviewsOpen += s.ReviewsOpen
	for _, o := range s.Reviews {
		c.ReviewsCompleted++
		c.ReviewOutcomes[o]++
	}
	c.Complaints += s.Complaints
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
}

// Build reads the requests received from from to to (both included) and
// counts them. asOf is the date outstanding requests are judged overdue on.
func Build(ctx context.Context, store foi.StatsReader, from, to, asOf time.Time) (*Report, error) {
	if to.Before(from) {
		return nil, foi.Errorf(foi.EINVALID, "the period ends (%s) before it starts (%s)", foi.FormatDate(to), foi.FormatDate(from))
	}
	r := &Report{From: from, To: to, AsOf: asOf, Total: newCounts()}
	quarters, months, regimes, categories := groups{}, groups{}, groups{}, groups{}
	err := store.SummariseRequests(ctx, from, to, func(s *foi.CaseSummary) error {
		r.Total.add(s, asOf)
		quarters.get(Quarter(s.ReceivedOn)).add(s, asOf)
		months.get(s.ReceivedOn.Format("2006-01")).add(s, asOf)
		regimes.get(string(s.Regime)).add(s, asOf)
		category := s.Category
		if category == "" {
			category = "Not published"
		}
		categories.get(category).add(s, asOf)
		return nil
	})
	if err != nil {
		return nil, err
	}
	r.ByQuarter, r.ByMonth, r.ByRegime, r.ByCategory = quarters.sorted(), months.sorted(), regimes.sorted(), categories.sorted()
	return r, nil
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
