// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"errors"
	"strings"
	"time"

	"disclose/internal/clock"
	"disclose/internal/foi"
)

// ClockStop is a request's stopped clock as staff read it: since when, why
// and what starts it again. While the requester is asked to clarify the
// request (FOIA s.1(3)) or to pay a fee (s.9, s.10(2)) no working days
// count, so no "days left" may be shown.
type ClockStop struct {
	Since    time.Time // the day the clarification was asked for or the fees notice given
	Why      string    // "clarification asked for"
	Restarts string    // what starts the count again, with its source
	Lapses   time.Time // for a fee: the day the request lapses unpaid
}

// StoppedClock reports whether r's clock is stopped and why, from its
// audit trail.
func (s *Service) StoppedClock(r *foi.Request, events []*foi.Event) (ClockStop, bool) {
	var typ string
	switch r.Status {
	case foi.StatusAwaitingClarification:
		typ = foi.EventClarificationRequested
	case foi.StatusAwaitingFee:
		typ = foi.EventFeeNotice
	default:
		return ClockStop{}, false
	}
	var st ClockStop
	for _, e := range events {
		if e.Type == typ {
			st.Since = e.On
		}
	}
	k := ClockCase(r, events)
	if typ == foi.EventClarificationRequested {
		st.Why = "clarification asked for"
		k.ClarificationReceived = clock.DateOf(s.today())
		st.Restarts = "when the requester's clarification is received: the count starts again from that day" + ruleSource(k, "clarification: ")
		return st, true
	}
	st.Why = "fees notice given"
	st.Restarts = "when the fee is paid: the count goes on from where it stopped" + ruleSource(k, "fees: working days")
	var awaiting *clock.AwaitingFeeError
	if _, err := s.Calendar().Deadline(k); errors.As(err, &awaiting) {
		st.Lapses = awaiting.Lapses.Time()
	}
	return st, true
}

// ruleSource is the source the clock gives for one of its rules, found
// by the rule's opening words: " (FOIA s.10(2))".
func ruleSource(k clock.Case, prefix string) string {
	for _, l := range clock.Rules(k) {
		if i := strings.LastIndex(l, " ("); strings.HasPrefix(l, prefix) && i > 0 {
			return l[i:]
		}
	}
	return ""
}

// StoppedClockOf reads r's audit trail and reports its stopped clock, for
// lists that do not have the trail to hand. Only a request waiting on the
// requester is read.
func (s *Service) StoppedClockOf(ctx context.Context, r *foi.Request) (ClockStop, bool, error) {
	if r.Status != foi.StatusAwaitingClarification && r.Status != foi.StatusAwaitingFee {
		return ClockStop{}, false, nil
	}
	events, err := s.Store.FindEvents(ctx, r.ID)
	if err != nil {
		return ClockStop{}, false, err
	}
	st, ok := s.StoppedClock(r, events)
	return st, ok, nil
}
