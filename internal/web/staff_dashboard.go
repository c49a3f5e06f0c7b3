// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/stats"
)

// The dashboard: the signed-in member of staff's cases overdue and due
// soon (the same lists as their daily digest), and, for those who handle
// cases, the statistics of a period with the charts, each beside its
// table, and the downloads.

type dashboardPage struct {
	Page
	Work      *casework.Workload
	Team      *casework.Team // every case still to answer, by officer (for those who handle cases)
	ShowStats bool
	From, To  string // the period's form values
	Report    *stats.Report
	// RoundRobins counts the period's requests linked with another as one
	// round robin (the same questions from different requesters).
	RoundRobins int
	Charts      []dashboardChart
	Downloads   []download
	// Departments is the bar chart beside the department table.
	Departments any
	// Regulator is the regulator's view (staff_regulator.go).
	Regulator *regulatorView
}

type download struct{ Href, Label string }

type dashboardChart struct {
	ID      string
	Chart   stats.Chart
	SVG     any // template.HTML from the stats package
	Stacked bool
}

// statsPeriod reads the from/to form, defaulting to the financial year
// (1 April to 31 March) that today falls in.
func statsPeriod(q url.Values, today time.Time) (from, to time.Time, errs []FieldError) {
	start := time.Date(today.Year(), time.April, 1, 0, 0, 0, 0, time.UTC)
	if today.Before(start) {
		start = start.AddDate(-1, 0, 0)
	}
	from, to = start, start.AddDate(1, 0, -1)
	var err error
	if v := strings.TrimSpace(q.Get("from")); v != "" {
		if from, err = foi.ParseDate(v); err != nil {
			errs = append(errs, FieldError{"from", "Enter the start date as YYYY-MM-DD, like 2026-04-01"})
		}
	}
	if v := strings.TrimSpace(q.Get("to")); v != "" {
		if to, err = foi.ParseDate(v); err != nil {
			errs = append(errs, FieldError{"to", "Enter the end date as YYYY-MM-DD, like 2027-03-31"})
		}
	}
	if len(errs) == 0 && to.Before(from) {
		errs = append(errs, FieldError{"to", "The end date must be on or after the start date"})
	}
	if len(errs) == 0 && to.Sub(from) > 5*366*24*time.Hour {
		errs = append(errs, FieldError{"to", "Choose a period of five years or less"})
	}
	return from, to, errs
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	work, err := s.Service.Workload(r.Context(), u)
	if err != nil {
		return err
	}
	p := &dashboardPage{Work: work, ShowStats: casework.Can(u, casework.PermWorkCases)}
	p.Title, p.Staff = "Dashboard", u
	if !p.ShowStats {
		return s.render(w, r, http.StatusOK, "staff/dashboard.html", p)
	}
	if p.Team, err = s.Service.TeamWorkload(r.Context(), u); err != nil {
		return err
	}
	today := s.Service.Today()
	from, to, errs := statsPeriod(r.URL.Query(), today)
	p.From, p.To = foi.FormatDate(from), foi.FormatDate(to)
	if q := r.URL.Query(); len(errs) > 0 {
		// The regulator's view does not depend on the period: it stays, with
		// the evidence pack offered for the default one.
		defFrom, defTo, _ := statsPeriod(url.Values{}, today)
		if p.Regulator, err = s.regulatorView(r.Context(), u, foi.FormatDate(defFrom), foi.FormatDate(defTo)); err != nil {
			return err
		}
		p.From, p.To, p.Errors = q.Get("from"), q.Get("to"), errs
		return s.render(w, r, http.StatusBadRequest, "staff/dashboard.html", p)
	}
	if p.Report, err = stats.Build(r.Context(), s.Service.Store, from, to, today); err != nil {
		return err
	}
	if p.RoundRobins, err = s.Service.Store.CountRoundRobinCases(r.Context(), from, to); err != nil {
		return err
	}
	if p.Regulator, err = s.regulatorView(r.Context(), u, p.From, p.To); err != nil {
		return err
	}
	q := "?" + url.Values{"from": {p.From}, "to": {p.To}}.Encode()
	p.Downloads = []download{
		{"/staff/statistics/csv" + q, "Download CSV (every measure by quarter, month, regime and category)"},
		{"/staff/statistics/json" + q, "Download JSON"},
		{"/staff/statistics/quarterly-csv" + q, "Download quarterly CSV (the central-government layout)"},
		{"/staff/statistics/s45-csv" + q, "Download the s.45 Code of Practice quarterly set (CSV; whole quarters)"},
		{"/staff/statistics/s45-json" + q, "Download the s.45 Code of Practice quarterly set (JSON)"},
		{"/staff/statistics/sic-csv" + q, "Download the Scottish Information Commissioner's quarterly return (CSV; whole quarters)"},
	}
	tl, vc, oc, dc := p.Report.TimelinessByMonth(), p.Report.VolumeByCategory(), p.Report.Outcomes(), p.Report.VolumeByDepartment()
	p.Departments = dc.Bars()
	p.Charts = []dashboardChart{
		{ID: "timeliness", Chart: tl, SVG: tl.Columns(), Stacked: true},
		{ID: "categories", Chart: vc, SVG: vc.Bars()},
		{ID: "outcomes", Chart: oc, SVG: oc.Bars()},
	}
	return s.render(w, r, http.StatusOK, "staff/dashboard.html", p)
}

// statsDownload serves the period's statistics as CSV (long form), JSON or
// the central-government quarterly CSV.
func (s *Server) statsDownload(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	formats := map[string]struct {
		write func(*stats.Report, io.Writer) error
		ctype string
		ext   string
	}{
		"csv":           {(*stats.Report).WriteCSV, "text/csv; charset=utf-8", "csv"},
		"json":          {(*stats.Report).WriteJSON, "application/json", "json"},
		"quarterly-csv": {(*stats.Report).WriteQuarterlyCSV, "text/csv; charset=utf-8", "csv"},
	}
	format := r.PathValue("format")
	f, ok := formats[format]
	if !ok && !slices.Contains(stats.ReturnFormats, format) {
		return foi.Errorf(foi.ENOTFOUND, "Page not found")
	}
	today := s.Service.Today()
	from, to, errs := statsPeriod(r.URL.Query(), today)
	if len(errs) > 0 {
		return foi.Errorf(foi.EINVALID, "%s", errs[0].Message)
	}
	if !ok {
		return s.returnDownload(w, r, format, from, to, today)
	}
	report, err := stats.Build(r.Context(), s.Service.Store, from, to, today)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("foi-statistics-%s-to-%s-%s.%s", foi.FormatDate(from), foi.FormatDate(to), r.PathValue("format"), f.ext)
	w.Header().Set("Content-Type", f.ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	return f.write(report, w)
}
