// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"io"
	"time"

	"disclose/internal/clock"
	"disclose/internal/foi"
	"disclose/internal/stats"
)

// heldLimit bounds how many unsorted messages the backlog reads of each
// kind; a holding pen that full is reported as "at least".
const heldLimit = 10000

// Backlog is the open requests and the unsorted mail by age today, for the
// regulator's view (stats.Backlog): references, dates, ages and statuses,
// never who asked or what a message says. Open means any status whose
// clock has not finished: running, extended, or stopped for clarification
// or a fee.
func (s *Service) Backlog(ctx context.Context, actor *foi.User) (*stats.Backlog, error) {
	if err := require(actor, PermWorkCases, "see the backlog"); err != nil {
		return nil, err
	}
	today := s.today()
	cal := s.Calendar()
	// workingDays is the count from day 0 (receipt) to today in the
	// regime's calendar; before the calendar's first year, weekdays.
	workingDays := func(regime foi.Regime, from time.Time) int {
		n, err := cal.WorkingDaysBetween(regime, clock.DateOf(from), clock.DateOf(today))
		if err != nil {
			n = 0
			for d := from.AddDate(0, 0, 1); !d.After(today); d = d.AddDate(0, 0, 1) {
				if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
					n++
				}
			}
		}
		return n
	}
	var open []stats.OpenCase
	f := foi.RequestFilter{Statuses: []foi.Status{foi.StatusOpen, foi.StatusAwaitingClarification, foi.StatusAwaitingFee, foi.StatusExtended},
		Limit: 1000}
	for {
		list, total, err := s.Store.FindRequests(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, r := range list {
			open = append(open, stats.OpenCase{Reference: r.Reference, Regime: r.Regime, Status: r.Status,
				ReceivedOn: r.ReceivedOn, DueOn: r.DueOn, WorkingDays: workingDays(r.Regime, r.ReceivedOn)})
		}
		f.Offset += len(list)
		if len(list) == 0 || f.Offset >= total {
			break
		}
	}
	var held []stats.HeldMessage
	capped := false
	a, err := s.Authority(ctx)
	if err != nil {
		return nil, err
	}
	for _, status := range []foi.InboundStatus{foi.InboundHoldingPen, foi.InboundNew} {
		list, err := s.Store.FindInboundMessages(ctx, foi.InboundFilter{Status: status, Limit: heldLimit})
		if err != nil {
			return nil, err
		}
		capped = capped || len(list) == heldLimit
		for _, m := range list {
			on := foi.Date(m.ReceivedAt.In(UK))
			held = append(held, stats.HeldMessage{ID: m.ID, ReceivedOn: on, WorkingDays: workingDays(a.DefaultRegime, on)})
		}
	}
	b := stats.NewBacklog(today, open, held)
	b.HeldCapped = capped
	return b, nil
}

// WriteEvidence writes the regulator's evidence pack (stats.WriteEvidence)
// for the requests received from from to to, judged today: for the
// dashboard's admins and for disclose report regulator, one rule.
func WriteEvidence(ctx context.Context, s *Service, actor *foi.User, from, to time.Time, w io.Writer) error {
	if err := require(actor, PermAdminister, "produce the evidence pack"); err != nil {
		return err
	}
	today := s.today()
	report, err := stats.Build(ctx, s.Store, from, to, today)
	if err != nil {
		return err
	}
	backlog, err := s.Backlog(ctx, actor)
	if err != nil {
		return err
	}
	a, err := s.Authority(ctx)
	if err != nil {
		return err
	}
	return stats.WriteEvidence(w, stats.Evidence{Authority: a.Name, DefaultRegime: a.DefaultRegime, Report: report,
		Backlog: backlog, Generated: today})
}
