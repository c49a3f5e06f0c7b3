// SPDX-License-Identifier: AGPL-3.0-or-later

package stats

import (
	_ "embed"
	"html/template"
	"io"
	"sort"
	"strings"
	"time"

	"disclose/internal/foi"
)

// The evidence pack: one printable HTML document an authority can send
// the ICO or the Scottish Information Commissioner — timeliness month by
// month and quarter by quarter against the bands, the backlog by age with
// every old request listed, the unsorted mail, internal-review timeliness
// and outcomes, and exemptions used. It holds references, dates, counts
// and statuses only: nothing names a requester or quotes a message.

//go:embed evidence.html
var evidenceHTML string

var evidenceTemplate = template.Must(template.New("evidence").Funcs(template.FuncMap{
	"date":   func(t time.Time) string { return t.Format("2 January 2006") },
	"regime": func(r foi.Regime) string { return r.Title() },
	"age":    CalendarAge,
	"status": func(s foi.Status) string { return strings.ReplaceAll(string(s), "-", " ") },
	"short": func(r foi.Regime) string {
		return map[foi.Regime]string{foi.FOIA: "FOIA", foi.EIR: "EIR", foi.FOISA: "FOISA", foi.EISR: "EISR"}[r]
	},
	"add":     func(a, b int) int { return a + b },
	"sub":     func(a, b int) int { return a - b },
	"reviews": func(c Counts, o string) int { return c.ReviewOutcomes[foi.ReviewOutcome(o)] },
}).Parse(evidenceHTML))

// Evidence is what the pack is written from: a report over the period,
// and the backlog on its as-of date.
type Evidence struct {
	Authority     string
	DefaultRegime foi.Regime
	Report        *Report
	Backlog       *Backlog
	Generated     time.Time
}

type evidenceRegime struct {
	Regime     foi.Regime
	Counts     Counts
	Exemptions []exemptionUse
}

type exemptionUse struct {
	Code  string
	Title string
	N     int
}

// WriteEvidence writes the pack.
func WriteEvidence(w io.Writer, e Evidence) error {
	r := e.Report
	regimes := r.RegimesOf(e.DefaultRegime)
	var months []BandPeriod
	for m := time.Date(r.From.Year(), r.From.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(r.To); m = m.AddDate(0, 1, 0) {
		months = append(months, r.BandsOf(Period{From: m, To: m.AddDate(0, 1, -1)}, regimes))
	}
	var quarters []BandPeriod
	for _, q := range QuartersIn(r.From, r.To) {
		quarters = append(quarters, r.BandsOf(q, regimes))
	}
	total := r.Sum("", r.From, r.To)
	var byRegime []evidenceRegime
	for _, reg := range regimes {
		c := r.Sum(reg, r.From, r.To)
		er := evidenceRegime{Regime: reg, Counts: c}
		for code, n := range c.Exemptions {
			title := "not in the catalogue"
			if ex, err := foi.LookupExemption(reg, code); err == nil {
				title = ex.Title
			}
			er.Exemptions = append(er.Exemptions, exemptionUse{Code: sectionOf(code), Title: title, N: n})
		}
		sort.Slice(er.Exemptions, func(i, j int) bool {
			a, b := er.Exemptions[i], er.Exemptions[j]
			return a.N > b.N || a.N == b.N && a.Code < b.Code
		})
		byRegime = append(byRegime, er)
	}
	return evidenceTemplate.Execute(w, struct {
		Evidence
		Period   Period
		Months   []BandPeriod
		Quarters []BandPeriod
		Regimes  []evidenceRegime
		Received int
		Total    Rate
		Reviews  Rate
	}{e, Period{From: r.From, To: r.To}, months, quarters, byRegime, total.Received, total.RequestRate(), total.ReviewRate()})
}
