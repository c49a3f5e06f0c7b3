// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"disclose/internal/i18n"
	"disclose/internal/stats"
)

// The public statistics page: the s.45 Code of Practice's quarterly set
// (docs/statistics.md), published by itself from the cases, for the last
// eight complete quarters, with the same figures as CSV and JSON. It reads
// only the statistics rows, which carry no personal data. A report is
// built at most once every few minutes, so the public cannot make the
// server count a busy authority's two years over and over.

// publicQuarters is how many complete quarters are published; the page
// shows the newest publicShown of them.
const (
	publicQuarters = 8
	publicShown    = 4
	publicStatsTTL = 5 * time.Minute
)

type publicStats struct {
	mu      sync.Mutex
	asOf    time.Time
	built   time.Time
	rows    []stats.S45Row
	quarter []stats.Period
}

// publicS45 returns the published rows, building them when the cached
// ones are older than publicStatsTTL or of another day.
func (s *Server) publicS45(ctx context.Context) ([]stats.S45Row, []stats.Period, time.Time, error) {
	c := &s.pubStats
	c.mu.Lock()
	defer c.mu.Unlock()
	today := s.Service.Today()
	if c.rows != nil && c.asOf.Equal(today) && time.Since(c.built) < publicStatsTTL {
		return c.rows, c.quarter, c.asOf, nil
	}
	qs := stats.LastQuarters(today, publicQuarters)
	report, err := stats.Build(ctx, s.Service.Store, qs[0].From, qs[len(qs)-1].To, today)
	if err != nil {
		return nil, nil, today, err
	}
	a, err := s.Service.Authority(ctx)
	if err != nil {
		return nil, nil, today, err
	}
	c.rows, c.quarter, c.asOf, c.built = report.S45(qs, report.RegimesOf(a.DefaultRegime)), qs, today, time.Now()
	return c.rows, c.quarter, c.asOf, nil
}

type statisticsPage struct {
	Page
	AsOf     time.Time
	Quarters []string // newest first
	Measures []statisticsMeasure
}

type statisticsMeasure struct {
	Name   string
	Values []string
}

func (s *Server) statisticsPage(w http.ResponseWriter, r *http.Request) error {
	rows, qs, asOf, err := s.publicS45(r.Context())
	if err != nil {
		return err
	}
	p := &statisticsPage{AsOf: asOf}
	tr := s.tr(r)
	p.Title = tr.T("Freedom of information statistics")
	var shown []stats.S45Row // the "all" rows of the newest quarters, newest first
	for i := len(rows) - 1; i >= 0 && len(shown) < publicShown; i-- {
		if rows[i].Regime == "all" {
			shown = append(shown, rows[i])
		}
	}
	for i := range shown {
		p.Quarters = append(p.Quarters, periodLabel(tr, qs[len(qs)-1-i]))
	}
	measure := func(name string, v func(stats.S45Row) string) {
		m := statisticsMeasure{Name: tr.Text(name)}
		for _, row := range shown {
			m.Values = append(m.Values, v(row))
		}
		p.Measures = append(p.Measures, m)
	}
	n := func(f func(stats.S45Row) int) func(stats.S45Row) string {
		return func(row stats.S45Row) string { return strconv.Itoa(f(row)) }
	}
	measure("Requests received", n(func(r stats.S45Row) int { return r.Received }))
	measure("Still open, including those waiting for the requester", n(func(r stats.S45Row) int { return r.StillOpen }))
	measure("Of which waiting for clarification or a fee", n(func(r stats.S45Row) int { return r.ClockStopped }))
	measure("Answered", n(func(r stats.S45Row) int { return r.Answered }))
	measure("Answered in time", n(func(r stats.S45Row) int { return r.AnsweredInTime }))
	measure("Answered late", n(func(r stats.S45Row) int { return r.AnsweredLate }))
	measure("Answered in time, of those due", func(r stats.S45Row) string {
		if r.InTimePercent == nil {
			return tr.T("None due")
		}
		return fmt.Sprintf("%.1f%%", *r.InTimePercent)
	})
	measure("Deadline extended", n(func(r stats.S45Row) int { return r.Extended }))
	measure("Granted in full", n(func(r stats.S45Row) int { return r.GrantedInFull }))
	measure("Partly withheld", n(func(r stats.S45Row) int { return r.PartlyWithheld }))
	measure("Refused in full", n(func(r stats.S45Row) int { return r.RefusedInFull }))
	measure("Information not held", n(func(r stats.S45Row) int { return r.NotHeld }))
	measure("Advice and assistance only", n(func(r stats.S45Row) int { return r.AdviceOnly }))
	measure("Withdrawn or lapsed", n(func(r stats.S45Row) int { return r.WithdrawnOrLapsed }))
	measure("Referred for internal review", n(func(r stats.S45Row) int { return r.ReferredForReview }))
	return s.render(w, r, http.StatusOK, "public/statistics.html", p)
}

// statisticsData serves the published rows as CSV or JSON.
func (s *Server) statisticsData(w http.ResponseWriter, r *http.Request) error {
	rows, _, asOf, err := s.publicS45(r.Context())
	if err != nil {
		return err
	}
	a, err := s.authority(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	ctype := "text/csv; charset=utf-8"
	if r.URL.Path == "/statistics.json" {
		ctype = "application/json"
		err = stats.WriteS45JSON(&buf, a.Name, asOf, rows)
	} else {
		err = stats.WriteS45CSV(&buf, rows)
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, err = buf.WriteTo(w)
	return err
}

// periodLabel is a period in the page's language: "July to September 2026".
func periodLabel(tr *i18n.Printer, p stats.Period) string {
	l := tr.Lang
	switch {
	case p.From.Year() == p.To.Year() && p.From.Month() == p.To.Month():
		return l.MonthYear(p.From)
	case p.From.Year() == p.To.Year():
		return tr.T("%s to %s", l.Month(p.From.Month()), l.MonthYear(p.To))
	}
	return tr.T("%s to %s", l.MonthYear(p.From), l.MonthYear(p.To))
}
