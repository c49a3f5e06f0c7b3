package web

import (
	"context"
	"html/template"
	"time"

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
	Old      []stats.OpenCase // the first backlogShown of Backlog.Old
	Evidence string           // the evidence pack's address, for admins; "" for others
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
