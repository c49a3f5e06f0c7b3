// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"disclose/internal/foi"
)

// Time limits after a decision notice. ICO decision notices usually order
// steps within 35 calendar days; an appeal to the First-tier Tribunal
// (FOIA s.57) must be lodged within 28 days of the notice. Under FOISA an
// appeal on a point of law goes to the Court of Session (s.56); its 42-day
// limit is the Rules of the Court of Session 41.20 period, which we have
// not confirmed (docs/statutory-rules.md §8, §13): staff should check it.
const (
	complianceDays      = 35
	tribunalAppealDays  = 28
	courtOfSessionDays  = 42
	regulatorICO        = "ICO"
	regulatorScottishIC = "SIC"
)

func regulatorFor(r foi.Regime) string {
	if r.Scottish() {
		return regulatorScottishIC
	}
	return regulatorICO
}

// ComplaintRoute is where a requester still unhappy after an internal
// review may go, and by when.
type ComplaintRoute struct {
	Regulator string    // "Information Commissioner's Office"
	Law       string    // the provision that gives the right: "FOIA s.50"
	Website   string    // where to complain
	By        time.Time // the last day to complain
	Limit     string    // the time limit as the requester reads it
}

// ComplaintAfterReview is the route to the regulator from a review decided
// (or due) on from. The ICO asks for complaints within six weeks of the
// authority's final response (its complaint pages; FOIA s.50, applied to
// the EIR by reg 18). FOISA s.47(4)(b) allows six months for an
// application to the Scottish Information Commissioner (EISR reg 17
// applies it).
func ComplaintAfterReview(r foi.Regime, from time.Time) ComplaintRoute {
	from = foi.Date(from)
	reg := foi.RegulatorOn(r, from)
	switch r {
	case foi.FOISA, foi.EISR:
		law := "FOISA s.47"
		if r == foi.EISR {
			law = "EISR reg 17 (applying FOISA s.47)"
		}
		return ComplaintRoute{Regulator: reg.Name, Law: law, Website: reg.Website, By: from.AddDate(0, 6, 0),
			Limit: "within six months"}
	}
	law := "FOIA s.50"
	if r == foi.EIR {
		law = "EIR reg 18 (applying FOIA s.50)"
	}
	return ComplaintRoute{Regulator: reg.Name, Law: law, Website: reg.Website, By: from.AddDate(0, 0, 42),
		Limit: "within six weeks"}
}

// DecisionOutcomes are what a decision notice can decide about the
// complaint (ICO and SIC decision notices use these words).
var DecisionOutcomes = []string{"complaint upheld", "partly upheld", "not upheld"}

// LogComplaint records that the requester complained to the regulator
// about a request. The regulator's own case reference is required: it is
// how the case is followed with them, and what the decision notice cites.
func (s *Service) LogComplaint(ctx context.Context, actor *foi.User, ref foi.Reference, caseRef string, on time.Time, note string) (*foi.RegulatorCase, error) {
	if err := requireCaseworker(actor); err != nil {
		return nil, err
	}
	if strings.TrimSpace(caseRef) == "" {
		return nil, foi.Errorf(foi.EINVALID, "case_reference is required: the regulator's reference for the complaint, like IC-123456-A1B2")
	}
	on, err := s.pastDate(on, "complaint_on")
	if err != nil {
		return nil, err
	}
	var c *foi.RegulatorCase
	err = s.Store.Update(ctx, func(tx foi.Tx) error {
		r, err := tx.FindRequest(ctx, ref)
		if err != nil {
			return err
		}
		if on.Before(r.ReceivedOn) {
			return foi.Errorf(foi.EINVALID, "complaint_on %s is before the request was received", foi.FormatDate(on))
		}
		c = &foi.RegulatorCase{RequestID: r.ID, Regulator: regulatorFor(r.Regime), CaseReference: strings.TrimSpace(caseRef),
			ComplaintOn: on, Note: strings.TrimSpace(note)}
		if err := tx.CreateRegulatorCase(ctx, c); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: foi.EventRegulatorComplaint, On: on, ActorID: actor.ID, Actor: actor.Name,
			Note: strings.TrimSpace(fmt.Sprintf("complaint to the %s %s\n%s", foi.RegulatorOn(r.Regime, on).Name, c.CaseReference, c.Note))})
	})
	return c, err
}

// Decision is what a decision notice says.
type Decision struct {
	Number          string // the notice's own reference
	On              time.Time
	Outcome         string    // "complaint upheld", "partly upheld", "not upheld"
	ComplianceDueOn time.Time // when the notice orders steps; 35 days after it when zero
	Steps           string    // what the notice requires
	Note            string
}

// RecordDecisionNotice records the regulator's decision notice, with the
// date its steps are due and the last day to appeal.
func (s *Service) RecordDecisionNotice(ctx context.Context, actor *foi.User, ref foi.Reference, caseID int64, d Decision) (*foi.RegulatorCase, error) {
	if err := requireCaseworker(actor); err != nil {
		return nil, err
	}
	on, err := s.pastDate(d.On, "on")
	if err != nil {
		return nil, err
	}
	switch d.Outcome = strings.TrimSpace(d.Outcome); {
	case d.Outcome == "":
		return nil, foi.Errorf(foi.EINVALID, "outcome is required: what did the decision notice decide (%s)?", strings.Join(DecisionOutcomes, ", "))
	case !slices.Contains(DecisionOutcomes, d.Outcome):
		return nil, foi.Errorf(foi.EINVALID, "outcome %q is not a decision notice's outcome: want one of %s", d.Outcome, strings.Join(DecisionOutcomes, ", "))
	}
	return s.updateRegulatorCase(ctx, actor, ref, caseID, func(r *foi.Request, c *foi.RegulatorCase) (*foi.Event, error) {
		if on.Before(c.ComplaintOn) {
			return nil, foi.Errorf(foi.EINVALID, "the decision (%s) cannot come before the complaint (%s)", foi.FormatDate(on), foi.FormatDate(c.ComplaintOn))
		}
		c.DecisionOn, c.DecisionOutcome = on, strings.TrimSpace(d.Outcome)
		c.DecisionNumber, c.Steps = strings.TrimSpace(d.Number), strings.TrimSpace(d.Steps)
		c.ComplianceDueOn = foi.Date(d.ComplianceDueOn)
		if d.ComplianceDueOn.IsZero() {
			c.ComplianceDueOn = on.AddDate(0, 0, complianceDays)
		}
		appealDays := tribunalAppealDays
		if c.Regulator == regulatorScottishIC {
			appealDays = courtOfSessionDays
		}
		c.AppealDueOn = on.AddDate(0, 0, appealDays)
		c.Note = strings.TrimSpace(c.Note + "\n" + d.Note)
		return &foi.Event{Type: foi.EventDecisionNotice, On: on,
			Note: strings.TrimSpace(fmt.Sprintf("decision notice %s: %s; steps due %s; appeal by %s\n%s", c.DecisionNumber, c.DecisionOutcome,
				foi.FormatDate(c.ComplianceDueOn), foi.FormatDate(c.AppealDueOn), c.Steps))}, nil
	})
}

// RecordAppeal records an appeal against the decision notice, by either side.
func (s *Service) RecordAppeal(ctx context.Context, actor *foi.User, ref foi.Reference, caseID int64, on time.Time, note string) (*foi.RegulatorCase, error) {
	if err := requireCaseworker(actor); err != nil {
		return nil, err
	}
	on, err := s.pastDate(on, "on")
	if err != nil {
		return nil, err
	}
	return s.updateRegulatorCase(ctx, actor, ref, caseID, func(r *foi.Request, c *foi.RegulatorCase) (*foi.Event, error) {
		if c.DecisionOn.IsZero() {
			return nil, foi.Errorf(foi.ECONFLICT, "record the decision notice before an appeal against it")
		}
		if on.Before(c.DecisionOn) {
			return nil, foi.Errorf(foi.EINVALID, "the appeal (%s) cannot come before the decision notice (%s)", foi.FormatDate(on), foi.FormatDate(c.DecisionOn))
		}
		c.AppealedOn = on
		late := ""
		if on.After(c.AppealDueOn) {
			late = fmt.Sprintf(" (after the time limit of %s)", foi.FormatDate(c.AppealDueOn))
		}
		return &foi.Event{Type: foi.EventTribunalAppeal, On: on, Note: strings.TrimSpace("appeal lodged" + late + "\n" + note)}, nil
	})
}

// CloseRegulatorCase records the end of a regulator case and its outcome.
func (s *Service) CloseRegulatorCase(ctx context.Context, actor *foi.User, ref foi.Reference, caseID int64, on time.Time, outcome string) (*foi.RegulatorCase, error) {
	if err := requireCaseworker(actor); err != nil {
		return nil, err
	}
	on, err := s.pastDate(on, "on")
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(outcome) == "" {
		return nil, foi.Errorf(foi.EINVALID, "outcome is required: how did the regulator case end (for example, steps taken, or the appeal's result)?")
	}
	return s.updateRegulatorCase(ctx, actor, ref, caseID, func(r *foi.Request, c *foi.RegulatorCase) (*foi.Event, error) {
		if on.Before(c.ComplaintOn) {
			return nil, foi.Errorf(foi.EINVALID, "the case cannot close (%s) before the complaint (%s)", foi.FormatDate(on), foi.FormatDate(c.ComplaintOn))
		}
		c.ClosedOn = on
		if !c.AppealedOn.IsZero() {
			c.AppealOutcome = strings.TrimSpace(outcome)
		}
		return &foi.Event{Type: foi.EventRegulatorClosed, On: on, Note: strings.TrimSpace(outcome)}, nil
	})
}

// updateRegulatorCase applies change to one of a request's open regulator
// cases and records the event it returns, in one transaction.
func (s *Service) updateRegulatorCase(ctx context.Context, actor *foi.User, ref foi.Reference, caseID int64,
	change func(*foi.Request, *foi.RegulatorCase) (*foi.Event, error)) (*foi.RegulatorCase, error) {
	var c *foi.RegulatorCase
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		r, err := tx.FindRequest(ctx, ref)
		if err != nil {
			return err
		}
		cases, err := tx.FindRegulatorCases(ctx, r.ID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(cases, func(c *foi.RegulatorCase) bool { return c.ID == caseID })
		if i < 0 {
			return foi.Errorf(foi.ENOTFOUND, "%s has no regulator case %d", r.Reference, caseID)
		}
		c = cases[i]
		if !c.ClosedOn.IsZero() {
			return foi.Errorf(foi.ECONFLICT, "regulator case %d of %s is closed", caseID, r.Reference)
		}
		e, err := change(r, c)
		if err != nil {
			return err
		}
		if err := tx.UpdateRegulatorCase(ctx, c); err != nil {
			return err
		}
		e.RequestID, e.ActorID, e.Actor = r.ID, actor.ID, actor.Name
		return tx.AddEvent(ctx, e)
	})
	return c, err
}

// pastDate reads an optional date input: today when zero, never the future.
func (s *Service) pastDate(t time.Time, field string) (time.Time, error) {
	if t.IsZero() {
		return s.today(), nil
	}
	d := foi.Date(t)
	if d.After(s.today()) {
		return d, foi.Errorf(foi.EINVALID, "%s %s is in the future", field, foi.FormatDate(d))
	}
	return d, nil
}
