// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"fmt"
	"strings"
	"time"

	"disclose/internal/askedbefore"
	"disclose/internal/clock"
	"disclose/internal/foi"
	"disclose/internal/i18n"
)

// Aggregation for the cost limit (FOIA s.12(4); the Fees Regulations
// 2004, SI 2004/3244 reg 5). Where two or more requests are made by one
// person, or by different persons who appear to the authority to be acting
// in concert or in pursuance of a campaign, for information that relates,
// to any extent, to the same or similar information, and they are received
// within any period of 60 consecutive working days, the estimated cost of
// complying with any of them is the total cost of complying with them all.
// The officer chooses which related requests to aggregate and says why;
// Disclose checks the facts it holds (the regime, who asked, the dates) and
// adds the related requests' recorded searches to the estimate.
//
// Unsure: FOISA's own rules (SSI 2004/467) are not those of reg 5 and are
// not implemented: a Scottish request is refused aggregation here.

// AggregateInput is the officer's choice of one related request.
type AggregateInput struct {
	Related foi.Reference
	Basis   string // foi.AggregationBasis: same-person, concert or campaign
	Reason  string
}

const maxAggregationReason = 1000

// Aggregate adds the related request's estimated cost to ref's for the
// cost limit, audited on both requests. It is refused, changing nothing,
// for a regime without reg 5, a request received outside one period of 60
// consecutive working days with ref and those already aggregated, or one
// made by someone else when the basis is the same person.
func (s *Service) Aggregate(ctx context.Context, actor *foi.User, ref foi.Reference, in AggregateInput) error {
	if err := require(actor, PermWorkCases, "aggregate requests for the cost limit"); err != nil {
		return err
	}
	basis := foi.AggregationBasis(strings.TrimSpace(in.Basis))
	reason := strings.TrimSpace(in.Reason)
	switch {
	case basis != foi.BasisSamePerson && basis != foi.BasisConcert && basis != foi.BasisCampaign:
		return foi.Errorf(foi.EINVALID, "say who made the requests: the same person, persons acting in concert, or persons in a campaign (SI 2004/3244 reg 5(2)(a))")
	case reason == "":
		return foi.Errorf(foi.EINVALID, "say why the requests are for the same or similar information (SI 2004/3244 reg 5(2)(b))%s",
			map[bool]string{true: ", and why the requesters appear to act together", false: ""}[basis != foi.BasisSamePerson])
	case len(reason) > maxAggregationReason:
		return foi.Errorf(foi.EINVALID, "the reason is limited to %d characters", maxAggregationReason)
	}
	return s.Store.Update(ctx, func(tx foi.Tx) error {
		r, o, err := aggregationPair(ctx, tx, ref, in.Related)
		if err != nil {
			return err
		}
		if err := aggregationRegime(r); err != nil {
			return err
		}
		switch {
		case o.ID == r.ID:
			return foi.Errorf(foi.EINVALID, "%s cannot be aggregated with itself", r.Reference)
		case !r.Status.Open():
			return foi.Errorf(foi.ECONFLICT, "%s is %s: its estimate is no longer open to change", r.Reference, r.Status)
		case o.Regime != r.Regime:
			return foi.Errorf(foi.EINVALID, "%s was dealt with under the %s: reg 5 aggregates requests under the %s only", o.Reference, o.Regime.Title(), r.Regime.Title())
		case basis == foi.BasisSamePerson && !askedbefore.SamePerson(r.Requester, o.Requester):
			return foi.Errorf(foi.EINVALID, "%s was not made by the same person as %s (neither the email address nor the name is the same): aggregate it only if the requesters appear to act in concert or in pursuance of a campaign, and say why (SI 2004/3244 reg 5(2)(a))",
				o.Reference, r.Reference)
		}
		existing, err := tx.FindAggregations(ctx, r.ID)
		if err != nil {
			return err
		}
		set := []*foi.Request{r, o}
		for _, a := range existing {
			if a.RelatedID == o.ID {
				return foi.Errorf(foi.ECONFLICT, "%s is already aggregated with %s", o.Reference, r.Reference)
			}
			x, err := tx.FindRequestByID(ctx, a.RelatedID)
			if err != nil {
				return err
			}
			set = append(set, x)
		}
		if err := s.checkAggregationWindow(r.Regime, o, set); err != nil {
			return err
		}
		a := &foi.Aggregation{RequestID: r.ID, RelatedID: o.ID, Basis: basis, Reason: reason, UserID: actor.ID, By: actor.Name}
		if err := tx.AddAggregation(ctx, a); err != nil {
			return err
		}
		if err := tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: foi.EventCostAggregated, On: s.today(), ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("%s aggregated for the cost limit, %s (SI 2004/3244 reg 5): %s", o.Reference, basis.Title(), reason)}); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{RequestID: o.ID, Type: foi.EventCostAggregated, On: s.today(), ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("its estimated cost added to %s's for the cost limit (SI 2004/3244 reg 5)", r.Reference)})
	})
}

// aggregationRegime refuses aggregation for a regime reg 5 does not cover.
func aggregationRegime(r *foi.Request) error {
	switch r.Regime {
	case foi.FOIA:
		return nil
	case foi.EIR, foi.EISR:
		return foi.Errorf(foi.EINVALID, "%s is under the %s, which have no cost limit to aggregate against (a request too costly to answer is manifestly unreasonable: %s)",
			r.Reference, r.Regime.Title(), map[bool]string{false: "EIR reg 12(4)(b)", true: "EISR reg 10(4)(b)"}[r.Regime.Scottish()])
	}
	return foi.Errorf(foi.EINVALID, "%s is under the %s: aggregation under the Scottish fees regulations (SSI 2004/467) differs from SI 2004/3244 reg 5 and is not provided here", r.Reference, r.Regime.Title())
}

// checkAggregationWindow applies reg 5(2)(c): every request of the set is
// received within one period of 60 consecutive working days, so the
// earliest and the latest receipts must be inside it. added is the request
// being added, named in the error.
func (s *Service) checkAggregationWindow(regime foi.Regime, added *foi.Request, set []*foi.Request) error {
	first, last := set[0], set[0]
	for _, x := range set[1:] {
		if x.ReceivedOn.Before(first.ReceivedOn) {
			first = x
		}
		if x.ReceivedOn.After(last.ReceivedOn) {
			last = x
		}
	}
	n, err := s.Calendar().WorkingDaysBetween(regime, clock.DateOf(first.ReceivedOn), clock.DateOf(last.ReceivedOn))
	if err != nil {
		return foi.Errorf(foi.EINVALID, "cannot count the working days between %s and %s: %v", foi.FormatDate(first.ReceivedOn), foi.FormatDate(last.ReceivedOn), err)
	}
	if askedbefore.WithinAggregationWindow(n) {
		return nil
	}
	other := first
	if other == added {
		other = last
	}
	return foi.Errorf(foi.EINVALID, "%s was received on %s, %d working days from %s (received %s): requests are aggregated only when all are received within one period of %d consecutive working days (SI 2004/3244 reg 5(2)(c))",
		added.Reference, foi.FormatDate(added.ReceivedOn), n, other.Reference, foi.FormatDate(other.ReceivedOn), askedbefore.AggregationWindow)
}

// WithdrawAggregation takes a related request's cost out of ref's
// estimate again, audited on both with the officer's reason.
func (s *Service) WithdrawAggregation(ctx context.Context, actor *foi.User, ref, related foi.Reference, reason string) error {
	if err := require(actor, PermWorkCases, "change the aggregation of requests"); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return foi.Errorf(foi.EINVALID, "say why %s is no longer aggregated", related)
	case len(reason) > maxAggregationReason:
		return foi.Errorf(foi.EINVALID, "the reason is limited to %d characters", maxAggregationReason)
	}
	return s.Store.Update(ctx, func(tx foi.Tx) error {
		r, o, err := aggregationPair(ctx, tx, ref, related)
		if err != nil {
			return err
		}
		if !r.Status.Open() {
			return foi.Errorf(foi.ECONFLICT, "%s is %s: its estimate is no longer open to change", r.Reference, r.Status)
		}
		if err := tx.RemoveAggregation(ctx, r.ID, o.ID); foi.IsNotFound(err) {
			return foi.Errorf(foi.EINVALID, "%s is not aggregated with %s", o.Reference, r.Reference)
		} else if err != nil {
			return err
		}
		if err := tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: foi.EventAggregationWithdrawn, On: s.today(), ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("%s no longer aggregated for the cost limit: %s", o.Reference, reason)}); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{RequestID: o.ID, Type: foi.EventAggregationWithdrawn, On: s.today(), ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("its estimated cost no longer added to %s's", r.Reference)})
	})
}

// aggregationPair reads the request whose estimate changes and the related
// one; a related reference that names no request is the officer's mistake.
func aggregationPair(ctx context.Context, tx foi.Tx, ref, related foi.Reference) (r, o *foi.Request, err error) {
	if r, err = tx.FindRequest(ctx, ref); err != nil {
		return nil, nil, err
	}
	o, err = tx.FindRequest(ctx, related)
	if foi.IsNotFound(err) {
		return nil, nil, foi.Errorf(foi.EINVALID, "there is no request %s", related)
	}
	return r, o, err
}

// AggregatedRequest is one related request's share of an aggregated
// estimate.
type AggregatedRequest struct {
	Reference  foi.Reference
	ReceivedOn time.Time
	Basis      foi.AggregationBasis
	Reason     string
	By         string
	Minutes    int // its counted time, from its own search records
	Cost       int // pence, at the hourly rate of the request estimated
}

// HoursText is the related request's counted time in hours.
func (a AggregatedRequest) HoursText() string { return hours(a.Minutes) }

// CostText is its counted time's cost.
func (a AggregatedRequest) CostText() string { return foi.Pounds(a.Cost) }

// aggregate adds to e the requests aggregated with r: each one's counted
// time from its own searches (by its own regime's counted activities),
// costed at e's hourly rate; the total is judged against e's limit.
func aggregate(ctx context.Context, tx foi.Reader, r *foi.Request, e *CostEstimate) error {
	e.TotalMinutes = e.Minutes
	if e.Limit == nil {
		return nil
	}
	list, err := tx.FindAggregations(ctx, r.ID)
	if err != nil {
		return err
	}
	for _, a := range list {
		o, err := tx.FindRequestByID(ctx, a.RelatedID)
		if err != nil {
			return err
		}
		records, err := tx.FindSearches(ctx, o.ID)
		if err != nil {
			return err
		}
		oe, err := estimate(o, records, e.Central)
		if err != nil {
			return err
		}
		e.Aggregated = append(e.Aggregated, AggregatedRequest{Reference: o.Reference, ReceivedOn: o.ReceivedOn, Basis: a.Basis,
			Reason: a.Reason, By: a.By, Minutes: oe.Minutes, Cost: e.penceFor(oe.Minutes)})
		e.TotalMinutes += oe.Minutes
	}
	e.TotalCost = e.penceFor(e.TotalMinutes)
	e.Over = e.TotalCost > e.LimitPence
	return nil
}

// LetterAggregated is one related request as an s.12 refusal sets it
// out: its reference, when it came, why it counts and its time, never
// who asked it.
type LetterAggregated struct {
	Reference, ReceivedOn, Basis, Hours, Cost string
}

// basisIn says an aggregation's basis in a letter's language; the Welsh
// is marked for review like the rest of the Welsh letters.
func basisIn(b foi.AggregationBasis, lang i18n.Lang) string {
	if lang != i18n.Welsh {
		return map[foi.AggregationBasis]string{foi.BasisSamePerson: "made by you",
			foi.BasisConcert:  "made by people who appear to us to be acting in concert with you",
			foi.BasisCampaign: "made by people who appear to us to be acting in pursuance of a campaign"}[b]
	}
	return map[foi.AggregationBasis]string{foi.BasisSamePerson: "a wnaed gennych chi",
		foi.BasisConcert:  "a wnaed gan bobl sy’n ymddangos i ni eu bod yn gweithredu ar y cyd â chi",
		foi.BasisCampaign: "a wnaed gan bobl sy’n ymddangos i ni eu bod yn gweithredu yn unol ag ymgyrch"}[b]
}
