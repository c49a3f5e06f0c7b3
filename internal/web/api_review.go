// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"
	"strconv"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

type reviewJSON struct {
	ID          int64              `json:"id"`
	RequestedOn jsonDate           `json:"requested_on"`
	Late        bool               `json:"late"`
	Grounds     string             `json:"grounds,omitempty"`
	DueOn       jsonDate           `json:"due_on"`
	Extended    bool               `json:"extended"`
	Outcome     string             `json:"outcome,omitempty"`
	Note        string             `json:"note,omitempty"`
	CompletedOn jsonDate           `json:"completed_on"`
	Decisions   []partDecisionJSON `json:"decisions,omitempty"`
}

type partDecisionJSON struct {
	Number  int      `json:"number"`
	Outcome string   `json:"outcome"`
	Before  partJSON `json:"before"`
	After   partJSON `json:"after"`
}

func reviewsJSON(rs []*foi.Review) []reviewJSON {
	out := []reviewJSON{}
	for _, rv := range rs {
		j := reviewJSON{ID: rv.ID, RequestedOn: jsonDate(rv.RequestedOn), Late: rv.Late, Grounds: rv.Grounds,
			DueOn: jsonDate(rv.DueOn), Extended: rv.Extended, Outcome: string(rv.Outcome), Note: rv.Note,
			CompletedOn: jsonDate(rv.CompletedOn)}
		for _, d := range rv.Decisions {
			j.Decisions = append(j.Decisions, partDecisionJSON{Number: d.Number, Outcome: string(d.Outcome),
				Before: partsJSON([]foi.Part{d.Before})[0], After: partsJSON([]foi.Part{d.After})[0]})
		}
		out = append(out, j)
	}
	return out
}

type regulatorCaseJSON struct {
	ID              int64    `json:"id"`
	Regulator       string   `json:"regulator"`
	CaseReference   string   `json:"case_reference,omitempty"`
	ComplaintOn     jsonDate `json:"complaint_on"`
	DecisionOn      jsonDate `json:"decision_on"`
	DecisionNumber  string   `json:"decision_number,omitempty"`
	DecisionOutcome string   `json:"decision_outcome,omitempty"`
	Steps           string   `json:"steps,omitempty"`
	ComplianceDueOn jsonDate `json:"compliance_due_on"`
	AppealDueOn     jsonDate `json:"appeal_due_on"`
	AppealedOn      jsonDate `json:"appealed_on"`
	AppealOutcome   string   `json:"appeal_outcome,omitempty"`
	ClosedOn        jsonDate `json:"closed_on"`
	Note            string   `json:"note,omitempty"`
}

func regulatorCasesJSON(cs []*foi.RegulatorCase) []regulatorCaseJSON {
	out := []regulatorCaseJSON{}
	for _, c := range cs {
		out = append(out, regulatorCaseJSON{ID: c.ID, Regulator: c.Regulator, CaseReference: c.CaseReference,
			ComplaintOn: jsonDate(c.ComplaintOn), DecisionOn: jsonDate(c.DecisionOn), DecisionNumber: c.DecisionNumber,
			DecisionOutcome: c.DecisionOutcome, Steps: c.Steps,
			ComplianceDueOn: jsonDate(c.ComplianceDueOn), AppealDueOn: jsonDate(c.AppealDueOn),
			AppealedOn: jsonDate(c.AppealedOn), AppealOutcome: c.AppealOutcome, ClosedOn: jsonDate(c.ClosedOn), Note: c.Note})
	}
	return out
}

type reviewDecisionJSON struct {
	Outcome string           `json:"outcome"`
	Note    string           `json:"note"`
	Parts   []answerPartJSON `json:"parts"`
}

type answerPartJSON struct {
	Number int `json:"number"`
	answerJSON
}

// decideReview is POST /api/v1/requests/{ref}/review.
func (s *Server) decideReview(w http.ResponseWriter, r *http.Request) error {
	actor, ref, err := s.staffAndRef(r)
	if err != nil {
		return err
	}
	var in reviewDecisionJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	d := casework.ReviewDecision{Outcome: foi.ReviewOutcome(in.Outcome), Note: in.Note, Parts: map[int]casework.Answer{}}
	for _, p := range in.Parts {
		d.Parts[p.Number] = casework.Answer{Text: p.Answer, Outcome: foi.Outcome(p.Outcome), Exemptions: p.Exemptions, PublicInterest: p.PublicInterest}
	}
	rv, err := s.Service.CompleteReview(r.Context(), actor, ref, d)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, reviewsJSON([]*foi.Review{rv})[0])
	return nil
}

type reviewActionJSON struct {
	Reviewer string `json:"reviewer"` // email, to assign
	Extend   bool   `json:"extend"`
	Reason   string `json:"reason"`
}

// changeReview is PATCH /api/v1/requests/{ref}/review: assign the reviewer
// or extend the review.
func (s *Server) changeReview(w http.ResponseWriter, r *http.Request) error {
	actor, ref, err := s.staffAndRef(r)
	if err != nil {
		return err
	}
	var in reviewActionJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	var rv *foi.Review
	switch {
	case in.Reviewer != "" && in.Extend:
		return foi.Errorf(foi.EINVALID, "assign a reviewer or extend the review, one at a time")
	case in.Reviewer != "":
		u, err := s.Service.Store.FindUserByEmail(r.Context(), in.Reviewer)
		if err != nil {
			return foi.Errorf(foi.EINVALID, "reviewer: no user has the email %s", in.Reviewer)
		}
		rv, err = s.Service.AssignReviewer(r.Context(), actor, ref, u.ID)
		if err != nil {
			return err
		}
	case in.Extend:
		if rv, err = s.Service.ExtendReview(r.Context(), actor, ref, in.Reason); err != nil {
			return err
		}
	default:
		return foi.Errorf(foi.EINVALID, `say what to change: {"reviewer": EMAIL} or {"extend": true, "reason": "..."}`)
	}
	writeJSON(w, http.StatusOK, reviewsJSON([]*foi.Review{rv})[0])
	return nil
}

type regulatorJSON struct {
	Action          string `json:"action"` // complaint, decision, appeal, close
	CaseReference   string `json:"case_reference"`
	On              string `json:"on"`
	Outcome         string `json:"outcome"`
	ComplianceDueOn string `json:"compliance_due_on"`
	Number          string `json:"number"` // the decision notice's own reference
	Steps           string `json:"steps"`  // what the decision notice requires
	Note            string `json:"note"`
}

// logComplaint is POST /api/v1/requests/{ref}/regulator-cases.
func (s *Server) logComplaint(w http.ResponseWriter, r *http.Request) error {
	actor, ref, err := s.staffAndRef(r)
	if err != nil {
		return err
	}
	var in regulatorJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	on, err := optionalDate("on", in.On)
	if err != nil {
		return err
	}
	c, err := s.Service.LogComplaint(r.Context(), actor, ref, in.CaseReference, on, in.Note)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, regulatorCasesJSON([]*foi.RegulatorCase{c})[0])
	return nil
}

// updateRegulatorCase is PATCH /api/v1/requests/{ref}/regulator-cases/{id}
// with action decision, appeal or close.
func (s *Server) updateRegulatorCase(w http.ResponseWriter, r *http.Request) error {
	actor, ref, err := s.staffAndRef(r)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return foi.Errorf(foi.ENOTFOUND, "regulator case %q not found", r.PathValue("id"))
	}
	var in regulatorJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	on, err := optionalDate("on", in.On)
	if err != nil {
		return err
	}
	var c *foi.RegulatorCase
	switch in.Action {
	case "decision":
		due, err := optionalDate("compliance_due_on", in.ComplianceDueOn)
		if err != nil {
			return err
		}
		c, err = s.Service.RecordDecisionNotice(r.Context(), actor, ref, id, casework.Decision{Number: in.Number, On: on, Outcome: in.Outcome,
			ComplianceDueOn: due, Steps: in.Steps, Note: in.Note})
		if err != nil {
			return err
		}
	case "appeal":
		if c, err = s.Service.RecordAppeal(r.Context(), actor, ref, id, on, in.Note); err != nil {
			return err
		}
	case "close":
		if c, err = s.Service.CloseRegulatorCase(r.Context(), actor, ref, id, on, in.Outcome); err != nil {
			return err
		}
	default:
		return foi.Errorf(foi.EINVALID, "action must be decision, appeal or close, not %q", in.Action)
	}
	writeJSON(w, http.StatusOK, regulatorCasesJSON([]*foi.RegulatorCase{c})[0])
	return nil
}

// staffAndRef reads the bearer token's user and the {ref} of the path.
func (s *Server) staffAndRef(r *http.Request) (*foi.User, foi.Reference, error) {
	actor, err := s.requireStaff(r)
	if err != nil {
		return nil, foi.Reference{}, err
	}
	ref, err := pathReference(r)
	return actor, ref, err
}

func optionalDate(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	d, err := foi.ParseDate(s)
	if err != nil {
		return d, foi.Errorf(foi.EINVALID, "%s: %s", field, foi.ErrorMessage(err))
	}
	return d, nil
}
