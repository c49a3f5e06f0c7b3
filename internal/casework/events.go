// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"disclose/internal/clock"
	"disclose/internal/foi"
)

// ClockEvent is something that happened to a request which moves its
// status or its statutory clock.
type ClockEvent struct {
	Type string    // one of foi.ClockEvents
	On   time.Time // the day it happened; today when zero
	Note string

	byLetter bool // recorded by sending a letter, which is emailed itself
}

// RecordEvent records a clock event on a request, moves its status and
// recomputes its deadline, all in one transaction.
func (s *Service) RecordEvent(ctx context.Context, actor *foi.User, ref foi.Reference, ev ClockEvent) (*foi.Request, error) {
	if err := requireCaseworker(actor); err != nil {
		return nil, err
	}
	if ev.Type == foi.EventResponded && s.Mail != nil {
		// Recording the response emails the files marked for release:
		// inspect them first, so what is found is kept if it is refused.
		if err := s.refreshFindings(ctx, actor, ref, s.releasedScope); err != nil {
			return nil, err
		}
	}
	var r *foi.Request
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		var err error
		if r, err = tx.FindRequest(ctx, ref); err != nil {
			return err
		}
		_, err = s.applyEvent(ctx, tx, actor, r, ev, nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// applyEvent records a clock event on r inside tx: the transition check,
// the status, the deadline, the event itself, and what the event starts or
// ends (an internal review). d is the reviewer's decision when a review is
// completed through CompleteReview, nil otherwise.
func (s *Service) applyEvent(ctx context.Context, tx foi.Tx, actor *foi.User, r *foi.Request, ev ClockEvent, d *ReviewDecision) (*foi.Event, error) {
	// The statuses each clock event may be recorded from, and the one it
	// leads to, are the event table's (foi.EventTable).
	rule, ok := foi.LookupEvent(ev.Type)
	if !ok || !rule.ClockEvent() {
		return nil, foi.Errorf(foi.EINVALID, "unknown event type %q (want one of %s)", ev.Type, strings.Join(foi.ClockEvents, ", "))
	}
	on := s.today()
	if !ev.On.IsZero() {
		on = foi.Date(ev.On)
	}
	if on.After(s.today()) {
		return nil, foi.Errorf(foi.EINVALID, "%s on %s is in the future", ev.Type, foi.FormatDate(on))
	}
	if on.Before(r.ReceivedOn) {
		return nil, foi.Errorf(foi.EINVALID, "%s on %s is before the request was received (%s)",
			ev.Type, foi.FormatDate(on), foi.FormatDate(r.ReceivedOn))
	}
	if !statusIn(r.Status, rule.From) {
		return nil, foi.Errorf(foi.ECONFLICT, "cannot record %s: %s is %s", ev.Type, r.Reference, r.Status)
	}
	if ev.Type == foi.EventResponded {
		if missing := unanswered(r.Parts); len(missing) > 0 {
			return nil, foi.Errorf(foi.ECONFLICT, "cannot record the response: part(s) %s have no outcome yet", strings.Join(missing, ", "))
		}
		r.RespondedOn = on
	}
	if ev.Type == foi.EventWithdrawn {
		r.Outcome = foi.Withdrawn
	}
	events, err := tx.FindEvents(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	e := &foi.Event{RequestID: r.ID, Type: ev.Type, On: on, ActorID: actor.ID, Actor: actor.Name, Note: strings.TrimSpace(ev.Note)}
	switch ev.Type {
	case foi.EventReviewRequested:
		if _, err := s.openReview(ctx, tx, r, e, ev.Note); err != nil {
			return nil, err
		}
	case foi.EventReviewCompleted:
		if err := s.closeReview(ctx, tx, actor, r, events, e, d); err != nil {
			return nil, err
		}
	}
	before := clockState(r)
	events = append(events, e)
	r.Status = rule.To
	if r.Status == foi.StatusOpen && ClockCase(r, events).Extended {
		r.Status = foi.StatusExtended // the clock restarts with the extension it had
	}
	if err := s.recomputeDeadline(ctx, tx, r, events); err != nil {
		return nil, err
	}
	e.Before, e.After = before, clockState(r)
	if err := tx.UpdateRequest(ctx, r); err != nil {
		return nil, err
	}
	if err := tx.AddEvent(ctx, e); err != nil {
		return nil, err
	}
	return e, s.queueForEvent(ctx, tx, r, e, ev)
}

func statusIn(s foi.Status, set []foi.Status) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}

func unanswered(parts []foi.Part) []string {
	var out []string
	for _, p := range parts {
		if p.Outcome == "" {
			out = append(out, fmt.Sprint(p.Number))
		}
	}
	return out
}

func clockState(r *foi.Request) string {
	b, _ := json.Marshal(map[string]string{"status": string(r.Status), "due_on": foi.FormatDate(r.DueOn)})
	return string(b)
}

// ClockCase builds the clock's view of a request from its audit trail, in
// the order events were recorded: a clarification restarts the count and
// drops any earlier fees notice (s.1(3): the clarified request is the
// request); every fees notice since pauses the clock until its fee is paid
// (FOIA s.10(2): each notice's period is disregarded, not only the last).
func ClockCase(r *foi.Request, events []*foi.Event) clock.Case {
	k := clock.Case{Regime: r.Regime, Received: clock.DateOf(r.ReceivedOn)}
	for _, e := range events {
		on := clock.DateOf(e.On)
		switch e.Type {
		case foi.EventClarificationRequested:
			k.ClarificationRequested = on
		case foi.EventClarificationReceived:
			k.ClarificationReceived, k.Fees = on, nil
		case foi.EventFeeNotice:
			k.Fees = append(k.Fees, clock.Fee{Notice: on})
		case foi.EventFeePaid:
			if n := len(k.Fees); n > 0 {
				k.Fees[n-1].Paid = on
			} else {
				k.FeePaid = on // refused by the clock: a fee paid without a notice
			}
		case foi.EventExtended:
			k.Extended = true
		}
	}
	return k
}

// recomputeDeadline sets r.DueOn from its events while the request is
// open. While the clock waits on the requester (clarification or fee) the
// last deadline is kept: the status says the clock is stopped, and the
// date moves when it restarts. Once answered, the deadline stays as it was
// so timeliness can be judged against it.
func (s *Service) recomputeDeadline(ctx context.Context, tx foi.Reader, r *foi.Request, events []*foi.Event) error {
	if r.Status == foi.StatusAwaitingClarification || !r.Status.Open() {
		return nil
	}
	k, err := clockCase(ctx, tx, r, events)
	if err != nil {
		return err
	}
	cal := s.Calendar()
	if varied, ok, err := s.caseVariation(k, events); ok || err != nil { // SI 2004/3364 (variation.go)
		if err != nil {
			return err
		}
		r.DueOn, r.CalendarVersion = varied.Due.Time(), cal.Version()
		return nil
	}
	due, err := cal.Deadline(k)
	var awaiting *clock.AwaitingFeeError
	switch {
	case errors.As(err, &awaiting):
		return nil
	case err != nil:
		return foi.Errorf(foi.EINVALID, "%v", err)
	}
	r.DueOn, r.CalendarVersion = due.Time(), cal.Version()
	return nil
}

// ExplainDeadline returns the day-by-day count behind a request's deadline.
func (s *Service) ExplainDeadline(ctx context.Context, r *foi.Request, events []*foi.Event) (clock.Date, []clock.Step, error) {
	k, err := clockCase(ctx, s.Store, r, events)
	if err != nil {
		return 0, nil, err
	}
	due, steps, err := s.Calendar().Explain(k)
	if varied, ok, verr := s.caseVariation(k, events); ok || verr != nil { // SI 2004/3364 (variation.go)
		if verr != nil {
			return 0, nil, verr
		}
		n, _ := s.Calendar().WorkingDaysBetween(clock.FOIA, k.Received, varied.Due)
		steps = append(steps, clock.Step{Date: varied.Due, Count: n, Note: "due: the time for compliance varied under " + varied.Source})
		return varied.Due, steps, err
	}
	return due, steps, err
}
