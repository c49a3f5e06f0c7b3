// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// Regulator cases on the case page: the complaint to the ICO (FOIA s.50;
// EIR reg 18) or the Scottish Information Commissioner (FOISA s.47), the
// decision notice with the date its steps are due, the appeal, the end.

// regulatorCaseView is one regulator case on the case page.
type regulatorCaseView struct {
	*foi.RegulatorCase
	StepsDaysLeft int // calendar days to the steps' due date; negative when past
	AppealBody    string
}

func (s *Server) regulatorCaseViews(req *foi.Request, cases []*foi.RegulatorCase) []regulatorCaseView {
	today := s.Service.Today()
	var out []regulatorCaseView
	for _, c := range cases {
		v := regulatorCaseView{RegulatorCase: c, AppealBody: "the First-tier Tribunal (General Regulatory Chamber), FOIA s.57"}
		if req.Regime.Scottish() {
			v.AppealBody = "the Court of Session, on a point of law (FOISA s.56)"
		}
		if !c.ComplianceDueOn.IsZero() {
			v.StepsDaysLeft = int(c.ComplianceDueOn.Sub(today).Hours() / 24)
		}
		out = append(out, v)
	}
	return out
}

// formDate reads an optional date field: zero when empty.
func formDate(r *http.Request, name, what string) (time.Time, error) {
	v := strings.TrimSpace(r.PostFormValue(name))
	if v == "" {
		return time.Time{}, nil
	}
	d, err := foi.ParseDate(v)
	if err != nil {
		return d, foi.Errorf(foi.EINVALID, "Enter %s as a date, like 2026-11-25", what)
	}
	return d, nil
}

// regulatorComplaint is POST /staff/cases/{ref}/regulator.
func (s *Server) regulatorComplaint(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, err := caseRef(r)
	if err != nil {
		return err
	}
	on, err := formDate(r, "complaint_on", "the date the complaint was received")
	if err != nil {
		return s.refused(w, r, u, err, "complaint-on", 0)
	}
	if strings.TrimSpace(r.PostFormValue("note")) == "" {
		return s.refused(w, r, u, foi.Errorf(foi.EINVALID, "Say what the requester complains of"), "complaint-note", 0)
	}
	if _, err := s.Service.LogComplaint(r.Context(), u, ref, r.PostFormValue("case_reference"), on, r.PostFormValue("note")); err != nil {
		return s.refused(w, r, u, err, "complaint-on", 0)
	}
	backToCase(w, r, ref, "complaint", "regulator")
	return nil
}

// regulatorUpdate handles POST /staff/cases/{ref}/regulator/{id}/ACTION:
// the decision notice, an appeal, or the end of the case.
func (s *Server) regulatorUpdate(action string) staffHandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, u *foi.User) error {
		return s.regulatorChange(w, r, u, action)
	}
}

func (s *Server) regulatorChange(w http.ResponseWriter, r *http.Request, u *foi.User, action string) error {
	ref, err := caseRef(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	field := "reg-" + strconv.FormatInt(id, 10) + "-" + action
	on, err := formDate(r, "on", "the date")
	if err != nil {
		return s.refused(w, r, u, err, field, 0)
	}
	ctx := r.Context()
	switch action {
	case "decision":
		due, err := formDate(r, "compliance_due_on", "the date the steps are due")
		if err != nil {
			return s.refused(w, r, u, err, field, 0)
		}
		_, err = s.Service.RecordDecisionNotice(ctx, u, ref, id, casework.Decision{Number: r.PostFormValue("number"), On: on,
			Outcome: r.PostFormValue("outcome"), ComplianceDueOn: due, Steps: r.PostFormValue("steps")})
		if err != nil {
			return s.refused(w, r, u, err, field, 0)
		}
	case "appeal":
		if _, err := s.Service.RecordAppeal(ctx, u, ref, id, on, r.PostFormValue("note")); err != nil {
			return s.refused(w, r, u, err, field, 0)
		}
	case "close":
		if _, err := s.Service.CloseRegulatorCase(ctx, u, ref, id, on, r.PostFormValue("outcome")); err != nil {
			return s.refused(w, r, u, err, field, 0)
		}
	default:
		return foi.Errorf(foi.ENOTFOUND, "Page not found")
	}
	backToCase(w, r, ref, "regulator-"+action, "regulator")
	return nil
}
