// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"disclose/internal/clock"
	"disclose/internal/foi"
)

// Time for compliance varied under the Freedom of Information (Time for
// Compliance with Request) Regulations 2004 (SI 2004/3364, made under FOIA
// s.10(4)-(5)): a request to an archive for a transferred public record
// (the 30th working day), and information that must be got from the armed
// forces on operations or that is held outside the United Kingdom (the
// day the Commissioner specifies, no later than the 60th working day).
// The clock package holds the rules (clock.VariedDeadline); here an
// officer records one on a case, with the reason, and the case's deadline
// is recounted from it.
//
// What Disclose will not count, it refuses rather than guess: a variation
// with a fees notice, with a public-interest extension, or at a school
// (whose own variation, reg 3, already applies). A clarification received
// after a variation makes a new request (s.1(3), s.10(6)(b)), so the
// variation recorded before it no longer applies.

// VariationInput is an officer's variation of a case's time for compliance.
type VariationInput struct {
	Variation string    // clock.Variation: archives, armed-forces or held-abroad
	Specified time.Time // the day the Commissioner specified (armed forces, held abroad); zero for archives
	Reason    string    // why the regulation applies to this request
}

// variationRecord is what a time-varied event keeps in its After, beside
// the clock state: the variation and the day specified.
type variationRecord struct {
	Status    string `json:"status"`
	DueOn     string `json:"due_on"`
	Variation string `json:"variation"`
	Specified string `json:"specified,omitempty"`
}

// VaryTime records a variation of ref's time for compliance and recounts
// its deadline, audited with the reason. Refused, changing nothing, for a
// regime the regulations do not vary (they vary FOIA s.10(1) only: not the
// EIR, FOISA or the Scottish EIR), a day the regulation does not allow, or
// a case whose clock Disclose could not then count exactly.
func (s *Service) VaryTime(ctx context.Context, actor *foi.User, ref foi.Reference, in VariationInput) (*foi.Request, error) {
	if err := require(actor, PermWorkCases, "vary the time for compliance"); err != nil {
		return nil, err
	}
	v := clock.Variation(strings.TrimSpace(in.Variation))
	reason := strings.TrimSpace(in.Reason)
	switch {
	case reason == "":
		return nil, foi.Errorf(foi.EINVALID, "say why the regulation applies to this request: the reason is kept on the case's record")
	case len(reason) > 1000:
		return nil, foi.Errorf(foi.EINVALID, "the reason is limited to 1,000 characters")
	}
	var r *foi.Request
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		var err error
		if r, err = tx.FindRequest(ctx, ref); err != nil {
			return err
		}
		if r.Regime != foi.FOIA {
			return foi.Errorf(foi.EINVALID, "%s is under the %s: the Time for Compliance Regulations (SI 2004/3364) vary the 20 working days of FOIA s.10(1) only", r.Reference, r.Regime.Title())
		}
		if r.Status != foi.StatusOpen {
			return foi.Errorf(foi.ECONFLICT, "cannot vary the time for compliance: %s is %s", r.Reference, r.Status)
		}
		events, err := tx.FindEvents(ctx, r.ID)
		if err != nil {
			return err
		}
		rec := variationRecord{Variation: string(v)}
		if !in.Specified.IsZero() {
			rec.Specified = foi.FormatDate(in.Specified)
		}
		b, _ := json.Marshal(rec)
		e := &foi.Event{RequestID: r.ID, Type: foi.EventTimeVaried, On: s.today(), ActorID: actor.ID, Actor: actor.Name, After: string(b)}
		before := clockState(r)
		if err := s.recomputeDeadline(ctx, tx, r, append(events, e)); err != nil {
			return err
		}
		k, err := clockCase(ctx, tx, r, append(events, e))
		if err != nil {
			return err
		}
		varied, _, err := s.caseVariation(k, append(events, e))
		if err != nil {
			return err
		}
		rec.Status, rec.DueOn = string(r.Status), foi.FormatDate(r.DueOn)
		b, _ = json.Marshal(rec)
		e.Before, e.After = before, string(b)
		e.Note = fmt.Sprintf("time for compliance varied: due %s (%s): %s", foi.FormatDate(r.DueOn), varied.Source, reason)
		if err := tx.UpdateRequest(ctx, r); err != nil {
			return err
		}
		return tx.AddEvent(ctx, e)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// variation is a case's recorded variation.
type variation struct {
	v         clock.Variation
	specified clock.Date
}

// caseVariation is the variation in force on a case (k and its events)
// and the deadline it gives; false when there is none.
func (s *Service) caseVariation(k clock.Case, events []*foi.Event) (clock.Varied, bool, error) {
	v, ok, err := variationOf(events)
	if err != nil || !ok {
		return clock.Varied{}, false, err
	}
	d, err := s.variedDue(k, v)
	return d, true, err
}

// variationOf finds the variation in force on a case: the last recorded
// since the last clarification received (a clarified request is a new
// request). A malformed record is an error, never ignored.
func variationOf(events []*foi.Event) (variation, bool, error) {
	var out variation
	found := false
	for _, e := range events {
		switch e.Type {
		case foi.EventClarificationReceived:
			out, found = variation{}, false
		case foi.EventTimeVaried:
			var rec variationRecord
			if err := json.Unmarshal([]byte(e.After), &rec); err != nil {
				return out, false, foi.Errorf(foi.EINTERNAL, "the variation recorded on %s cannot be read: %v", foi.FormatDate(e.On), err)
			}
			out, found = variation{v: clock.Variation(rec.Variation)}, true
			if rec.Specified != "" {
				d, err := clock.ParseDate(rec.Specified)
				if err != nil {
					return out, false, foi.Errorf(foi.EINTERNAL, "the variation recorded on %s has a bad day: %v", foi.FormatDate(e.On), err)
				}
				out.specified = d
			}
		}
	}
	return out, found, nil
}

// variedDue is the deadline of k under variation v, from the request's
// date of receipt (s.10(6): the day the clarification came, if one did).
func (s *Service) variedDue(k clock.Case, v variation) (clock.Varied, error) {
	switch {
	case len(k.Fees) > 0 || k.FeeNotice != 0:
		return clock.Varied{}, foi.Errorf(foi.EINVALID, "the time for compliance is varied under SI 2004/3364 (%s): Disclose does not count a fees notice with a variation, so neither is recorded with the other", v.v)
	case k.Extended:
		return clock.Varied{}, foi.Errorf(foi.EINVALID, "the time for compliance is varied under SI 2004/3364 (%s): a public-interest extension (s.10(3)) is not counted with it", v.v)
	case k.SchoolTerms != nil:
		return clock.Varied{}, foi.Errorf(foi.EINVALID, "this authority is a school: its time for compliance is already varied by SI 2004/3364 reg 3 (school days), and Disclose does not count another variation with it")
	}
	start := k.Received
	if k.ClarificationReceived != 0 {
		start = k.ClarificationReceived
	}
	d, err := s.Calendar().VariedDeadline(clock.FOIA, start, v.v, v.specified)
	if err != nil {
		return clock.Varied{}, foi.Errorf(foi.EINVALID, "%v", err)
	}
	return d, nil
}

// VariationEvent is the event of the variation in force on a case (the
// last recorded since the last clarification received), or nil.
func VariationEvent(events []*foi.Event) *foi.Event {
	var out *foi.Event
	for _, e := range events {
		switch e.Type {
		case foi.EventClarificationReceived:
			out = nil
		case foi.EventTimeVaried:
			out = e
		}
	}
	return out
}

// Variations lists the variations a form offers, with what each allows.
var Variations = []struct{ Value, Title string }{
	{string(clock.VariationHeldAbroad), "Information held outside the UK (reg 6): the day the Commissioner specifies, up to the 60th working day"},
	{string(clock.VariationArmedForces), "Information from the armed forces on operations (reg 5): the day the Commissioner specifies, up to the 60th working day"},
	{string(clock.VariationArchives), "A transferred public record at an archive (reg 4): the 30th working day"},
}
