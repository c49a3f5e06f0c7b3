// SPDX-License-Identifier: AGPL-3.0-or-later

package stats

import (
	"fmt"
	"time"

	"disclose/internal/foi"
)

// The regulator's view: the ICO's FOI self-assessment toolkit (Topic 1,
// timeliness) bands an authority's latest quarter Good at 95% or more of
// requests answered in time, Adequate from 90% to under 95%, and
// Unsatisfactory below 90%, for requests and, separately, for internal
// reviews (docs/statistics.md). The Scottish Information Commissioner
// reads the same figures from the quarterly return.

// Band is where a timeliness rate falls in the ICO's self-assessment.
type Band string

const (
	BandGood           Band = "good"
	BandAdequate       Band = "adequate"
	BandUnsatisfactory Band = "unsatisfactory"
	BandNone           Band = "none" // nothing was due: no band, not Good
)

// Title is the band as the toolkit words it.
func (b Band) Title() string {
	switch b {
	case BandGood:
		return "Good"
	case BandAdequate:
		return "Adequate"
	case BandUnsatisfactory:
		return "Unsatisfactory"
	}
	return "No requests"
}

// Rate is how many of those that fell due were met in time.
type Rate struct {
	InTime int `json:"in_time"`
	Of     int `json:"of"`
}

// Percent is the rate as a percentage, 0 when nothing was due.
func (r Rate) Percent() float64 {
	if r.Of == 0 {
		return 0
	}
	return 100 * float64(r.InTime) / float64(r.Of)
}

// Band compares in whole numbers (100·in time against 95·due), so exactly
// 95% is Good and exactly 90% Adequate, with no rounding at the edges.
func (r Rate) Band() Band {
	switch {
	case r.Of == 0:
		return BandNone
	case 100*r.InTime >= 95*r.Of:
		return BandGood
	case 100*r.InTime >= 90*r.Of:
		return BandAdequate
	}
	return BandUnsatisfactory
}

// String is "96.2% (25 of 26)", or "no requests".
func (r Rate) String() string {
	if r.Of == 0 {
		return "no requests"
	}
	return fmt.Sprintf("%.1f%% (%d of %d)", r.Percent(), r.InTime, r.Of)
}

// RequestRate is the requests answered in time (counting a permitted
// extension met as in time, as the Cabinet Office does) out of those
// answered plus those still open past their deadline: a request left
// unanswered has already missed it, and leaving it out would reward a
// backlog.
func (c Counts) RequestRate() Rate {
	return Rate{InTime: c.InTime + c.InTimeExtended, Of: c.Responded + c.Overdue}
}

// ReviewRate is the internal reviews decided by their due date out of
// those decided plus those still open past it.
func (c Counts) ReviewRate() Rate {
	return Rate{InTime: c.ReviewsInTime, Of: c.ReviewsInTime + c.ReviewsLate + c.ReviewsOverdue}
}

// Period is a run of whole months, from the first day of From's month to
// the last day of To's.
type Period struct {
	From, To time.Time
}

// Label names the period as a page would: "July to September 2026",
// "December 2026".
func (p Period) Label() string {
	if p.From.Year() == p.To.Year() && p.From.Month() == p.To.Month() {
		return p.From.Format("January 2006")
	}
	if p.From.Year() == p.To.Year() {
		return p.From.Format("January") + " to " + p.To.Format("January 2006")
	}
	return p.From.Format("January 2006") + " to " + p.To.Format("January 2006")
}

// QuarterOf is the three months (January to March, April to June, July
// to September, October to December: the same blocks whether a year is
// counted from January or April) that d falls in.
func QuarterOf(d time.Time) Period {
	from := time.Date(d.Year(), time.Month((int(d.Month())-1)/3*3+1), 1, 0, 0, 0, 0, time.UTC)
	return Period{From: from, To: from.AddDate(0, 3, -1)}
}

// LatestCompleteQuarter is the last quarter that ended before asOf.
func LatestCompleteQuarter(asOf time.Time) Period {
	return QuarterOf(QuarterOf(asOf).From.AddDate(0, 0, -1))
}

// LastQuarters is the n complete quarters before asOf, oldest first.
func LastQuarters(asOf time.Time, n int) []Period {
	out := make([]Period, n)
	q := LatestCompleteQuarter(asOf)
	for i := n - 1; i >= 0; i-- {
		out[i] = q
		q = QuarterOf(q.From.AddDate(0, 0, -1))
	}
	return out
}

// BandRow is one regime's timeliness over a period, against the bands.
type BandRow struct {
	Regime   foi.Regime `json:"regime"`
	Requests Rate       `json:"requests"`
	Reviews  Rate       `json:"reviews"`
}

// BandPeriod is every regime's row for one period.
type BandPeriod struct {
	Period Period
	Rows   []BandRow
}

// Bands is the regulator's view of a report: the latest complete quarter
// before asOf, then each month of the report, newest first, each with a
// row per regime in regimes. Requests and reviews are those of requests
// received in the period, like every other figure here.
type Bands struct {
	Quarter BandPeriod
	Months  []BandPeriod
}

// Bands builds the regulator's view from the report's months.
func (r *Report) Bands(asOf time.Time, regimes []foi.Regime) Bands {
	b := Bands{Quarter: r.BandsOf(LatestCompleteQuarter(asOf), regimes)}
	for m := time.Date(r.To.Year(), r.To.Month(), 1, 0, 0, 0, 0, time.UTC); !m.Before(time.Date(r.From.Year(), r.From.Month(), 1, 0, 0, 0, 0, time.UTC)); m = m.AddDate(0, -1, 0) {
		b.Months = append(b.Months, r.BandsOf(Period{From: m, To: m.AddDate(0, 1, -1)}, regimes))
	}
	return b
}

// BandsOf is each regime's row for the months of p.
func (r *Report) BandsOf(p Period, regimes []foi.Regime) BandPeriod {
	bp := BandPeriod{Period: p}
	for _, reg := range regimes {
		c := r.Sum(reg, p.From, p.To)
		bp.Rows = append(bp.Rows, BandRow{Regime: reg, Requests: c.RequestRate(), Reviews: c.ReviewRate()})
	}
	return bp
}

// RegimesOf lists the regimes an authority reports under: the pair it
// answers under by default (FOIA and the EIR, or FOISA and the EISR for a
// Scottish one), each shown even with no requests, and any other regime
// the report has requests under; in the catalogue's order.
func (r *Report) RegimesOf(def foi.Regime) []foi.Regime {
	seen := map[foi.Regime]bool{foi.FOIA: !def.Scottish(), foi.EIR: !def.Scottish(), foi.FOISA: def.Scottish(), foi.EISR: def.Scottish()}
	for _, g := range r.ByRegime {
		if g.Counts.Received > 0 {
			seen[foi.Regime(g.Key)] = true
		}
	}
	var out []foi.Regime
	for _, reg := range foi.Regimes {
		if seen[reg] {
			out = append(out, reg)
		}
	}
	return out
}

// RegulatorWindow is the period the dashboard's regulator view reads:
// the twelve months to asOf, month by month, which always hold the latest
// complete quarter.
func RegulatorWindow(asOf time.Time) (from, to time.Time) {
	return time.Date(asOf.Year(), asOf.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -11, 0), asOf
}

// QuartersIn is every quarter from the one from falls in to the one to
// falls in, oldest first.
func QuartersIn(from, to time.Time) []Period {
	var out []Period
	for q := QuarterOf(from); !q.From.After(to); q = QuarterOf(q.To.AddDate(0, 0, 1)) {
		out = append(out, q)
	}
	return out
}
