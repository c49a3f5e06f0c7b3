// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/stats"
)

// The regulator's view on the dashboard (templates/layout/regulator.html):
// the ICO self-assessment bands for the latest complete quarter and each
// of the last twelve months, per regime; the backlog by age; and the mail
// nobody has logged yet. It is read from its own statistics report over
// those twelve months (stats.RegulatorWindow), the same grouped rows the
// statistics section reads.

// backlogShown caps the old requests listed on the page; the evidence
// pack lists every one.
const backlogShown = 200

type regulatorView struct {
	Bands    stats.Bands
	Backlog  *stats.Backlog
	Old      []stats.OpenCase    // the first backlogShown of Backlog.Old
	Held     []stats.HeldMessage // the first backlogShown of Backlog.HeldList
	Evidence string              // the evidence pack's address, for admins; "" for others
}

func (s *Server) regulatorView(ctx context.Context, u *foi.User, from, to string) (*regulatorView, error) {
	today := s.Service.Today()
	wFrom, wTo := stats.RegulatorWindow(today)
	report, err := stats.Build(ctx, s.Service.Store, wFrom, wTo, today)
	if err != nil {
		return nil, err
	}
	a, err := s.Service.Authority(ctx)
	if err != nil {
		return nil, err
	}
	v := &regulatorView{Bands: report.Bands(today, report.RegimesOf(a.DefaultRegime))}
	if v.Backlog, err = s.Service.Backlog(ctx, u); err != nil {
		return nil, err
	}
	v.Old = v.Backlog.Old[:min(len(v.Backlog.Old), backlogShown)]
	v.Held = v.Backlog.HeldList[:min(len(v.Backlog.HeldList), backlogShown)]
	if casework.Can(u, casework.PermAdminister) {
		v.Evidence = "/staff/regulator/evidence?" + url.Values{"from": {from}, "to": {to}}.Encode()
	}
	return v, nil
}

// regulatorFuncs are the regulator view's template helpers.
func regulatorFuncs() template.FuncMap {
	return template.FuncMap{
		// bandColour is the GOV.UK tag colour of a band.
		"bandColour": func(b stats.Band) string {
			return map[stats.Band]string{stats.BandGood: "green", stats.BandAdequate: "yellow", stats.BandUnsatisfactory: "red"}[b]
		},
		"calendarAge": func(from, asOf time.Time) string { return stats.CalendarAge(from, asOf) },
	}
}

// returnDownload serves an official return (stats.ReturnFormats) for the
// whole quarters the period touches.
func (s *Server) returnDownload(w http.ResponseWriter, r *http.Request, format string, from, to, today time.Time) error {
	qs := stats.QuartersIn(from, to)
	report, err := stats.Build(r.Context(), s.Service.Store, qs[0].From, qs[len(qs)-1].To, today)
	if err != nil {
		return err
	}
	a, err := s.Service.Authority(r.Context())
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := stats.WriteReturn(&buf, format, stats.ReturnInput{Report: report, Quarters: qs, Authority: a.Name,
		DefaultRegime: a.DefaultRegime, AsOf: today}); err != nil {
		return err
	}
	ext, ctype := "csv", "text/csv; charset=utf-8"
	if format == "s45-json" {
		ext, ctype = "json", "application/json"
	}
	name := fmt.Sprintf("foi-%s-%s-to-%s.%s", strings.TrimSuffix(strings.TrimSuffix(format, "-csv"), "-json"),
		foi.FormatDate(qs[0].From), foi.FormatDate(qs[len(qs)-1].To), ext)
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	_, err = buf.WriteTo(w)
	return err
}

// evidencePack serves the regulator's evidence pack for the statistics
// period, as a printable HTML document of its own.
func (s *Server) evidencePack(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	from, to, errs := statsPeriod(r.URL.Query(), s.Service.Today())
	if len(errs) > 0 {
		return foi.Errorf(foi.EINVALID, "%s", errs[0].Message)
	}
	var buf bytes.Buffer
	if err := casework.WriteEvidence(r.Context(), s.Service, u, from, to, &buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, err := buf.WriteTo(w)
	return err
}
