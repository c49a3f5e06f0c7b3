// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// The internal review in the browser: the review section of the case page
// (staff_case.go renders it), the reviewer's decision page, and the queue
// of reviews under way.

// reviewView is one internal review on the case page.
type reviewView struct {
	*foi.Review
	Reviewer    string
	Rule        string // the time limit and its source
	CanExtend   bool
	DaysLeft    int
	HasDaysLeft bool
	Letter      *foi.Letter // the outcome letter, once drafted
}

// reviewViews builds the case page's reviews, newest first.
func (s *Server) reviewViews(req *foi.Request, reviews []*foi.Review, letters []*foi.Letter, names map[int64]string) []reviewView {
	var out []reviewView
	for i := len(reviews) - 1; i >= 0; i-- {
		rv := reviews[i]
		v := reviewView{Review: rv, Reviewer: names[rv.ReviewerID], Rule: casework.ReviewRule(req.Regime, rv.Extended),
			CanExtend: rv.Open() && !rv.Extended && casework.CanExtendReview(req.Regime)}
		if rv.Open() {
			v.DaysLeft, v.HasDaysLeft = s.Service.ReviewDaysLeft(req, rv)
		} else if i == len(reviews)-1 {
			for _, l := range letters {
				if l.Kind == foi.LetterReviewOutcome && !l.CreatedAt.Before(rv.CompletedOn) {
					v.Letter = l
				}
			}
		}
		out = append(out, v)
	}
	return out
}

// reviewAssign is POST /staff/cases/{ref}/review/assign.
func (s *Server) reviewAssign(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, err := caseRef(r)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PostFormValue("reviewer"), 10, 64)
	if err != nil {
		return s.refused(w, r, u, foi.Errorf(foi.EINVALID, "Choose who will decide the review"), "reviewer", 0)
	}
	if _, err := s.Service.AssignReviewer(r.Context(), u, ref, id); err != nil {
		if foi.ErrorCode(err) == foi.EFORBIDDEN || foi.IsNotFound(err) {
			err = foi.Errorf(foi.EINVALID, "%s", foi.ErrorMessage(err))
		}
		return s.refused(w, r, u, err, "reviewer", 0)
	}
	backToCase(w, r, ref, "reviewer", "review")
	return nil
}

// reviewExtend is POST /staff/cases/{ref}/review/extend.
func (s *Server) reviewExtend(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, err := caseRef(r)
	if err != nil {
		return err
	}
	if _, err := s.Service.ExtendReview(r.Context(), u, ref, r.PostFormValue("reason")); err != nil {
		return s.refused(w, r, u, err, "review-reason", 0)
	}
	backToCase(w, r, ref, "review-extended", "review")
	return nil
}

// reviewPart is one part on the decision page: as first answered, and the
// new answer the reviewer gives when they change it.
type reviewPart struct {
	foi.Part
	Change                    bool
	Outcome, Answer, PIReason string
	Exemptions                []string
}

type reviewPage struct {
	Page
	R          *foi.Request
	Review     reviewView
	Parts      []reviewPart
	Outcomes   []foi.Outcome
	Exemptions []foi.Exemption
	Decisions  []foi.ReviewOutcome
	Outcome    string // chosen
	Note       string
	Blocked    string // why this member of staff may not decide it
}

// reviewShow is GET /staff/cases/{ref}/review: the decision form.
func (s *Server) reviewShow(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	return s.renderReview(w, r, u, http.StatusOK, nil, nil)
}

func (s *Server) renderReview(w http.ResponseWriter, r *http.Request, u *foi.User, status int, errs []FieldError, form url.Values) error {
	ref, err := caseRef(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	req, _, err := s.Service.FindRequest(ctx, u, ref)
	if err != nil {
		return err
	}
	extras, err := s.Service.FindCaseExtras(ctx, u, req)
	if err != nil {
		return err
	}
	var open *foi.Review
	for _, rv := range extras.Reviews {
		if rv.Open() {
			open = rv
		}
	}
	if open == nil {
		return foi.Errorf(foi.ECONFLICT, "%s has no internal review under way to decide", req.Reference)
	}
	users, err := s.Service.Store.FindUsers(ctx)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, x := range users {
		names[x.ID] = x.Name
	}
	p := &reviewPage{R: req, Review: s.reviewViews(req, []*foi.Review{open}, nil, names)[0], Outcomes: foi.Outcomes,
		Exemptions: foi.Exemptions(req.Regime), Decisions: []foi.ReviewOutcome{foi.ReviewUpheld, foi.ReviewPartlyUpheld, foi.ReviewOverturned}}
	p.Title, p.Staff, p.Errors = "Decide the internal review of "+req.Reference.String(), u, errs
	eligible, err := s.Service.EligibleReviewers(ctx, u, req)
	if err != nil {
		return err
	}
	p.Blocked = u.Name + " took part in the original decision, or is not a reviewer or administrator: another reviewer must decide it."
	for _, e := range eligible {
		if e.ID == u.ID {
			p.Blocked = ""
		}
	}
	for _, part := range req.Parts {
		rp := reviewPart{Part: part, Outcome: string(part.Outcome), Answer: part.Answer, PIReason: part.PublicInterest, Exemptions: part.Exemptions}
		if form != nil {
			k := "part-" + strconv.Itoa(part.Number) + "-"
			rp.Change = form.Get(k+"change") == "yes"
			rp.Outcome, rp.Answer, rp.PIReason, rp.Exemptions = form.Get(k+"outcome"), form.Get(k+"answer"), form.Get(k+"pi"), form[k+"exemptions"]
		}
		p.Parts = append(p.Parts, rp)
	}
	if form != nil {
		p.Outcome, p.Note = form.Get("outcome"), form.Get("note")
	}
	return s.render(w, r, status, "staff/review.html", p)
}

// reviewDecide is POST /staff/cases/{ref}/review: the reviewer's decision.
func (s *Server) reviewDecide(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, err := caseRef(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return foi.Errorf(foi.EINVALID, "the form could not be read")
	}
	f := r.PostForm
	d := casework.ReviewDecision{Outcome: foi.ReviewOutcome(f.Get("outcome")), Note: f.Get("note"), Parts: map[int]casework.Answer{}}
	for key := range f {
		var n int
		if _, err := fmt.Sscanf(key, "part-%d-change", &n); err != nil || f.Get(key) != "yes" {
			continue
		}
		k := "part-" + strconv.Itoa(n) + "-"
		d.Parts[n] = casework.Answer{Text: f.Get(k + "answer"), Outcome: foi.Outcome(f.Get(k + "outcome")),
			Exemptions: f[k+"exemptions"], PublicInterest: f.Get(k + "pi")}
	}
	field := "outcome"
	switch {
	case d.Outcome == "":
		return s.renderReview(w, r, u, http.StatusBadRequest, []FieldError{{"outcome", "Choose the review's decision"}}, f)
	case strings.TrimSpace(d.Note) == "":
		field = "note"
	}
	if _, err := s.Service.CompleteReview(r.Context(), u, ref, d); err != nil {
		switch foi.ErrorCode(err) {
		case foi.EINVALID, foi.ECONFLICT, foi.EFORBIDDEN, foi.ENOTFOUND:
			status := http.StatusBadRequest
			if foi.ErrorCode(err) == foi.EFORBIDDEN {
				status = http.StatusForbidden
			}
			return s.renderReview(w, r, u, status, []FieldError{{field, foi.ErrorMessage(err)}}, f)
		}
		return err
	}
	backToCase(w, r, ref, "review-decided", "review")
	return nil
}

type reviewsPage struct {
	Page
	Mine, Unassigned, Others []casework.QueuedReview
}

// reviewQueue is GET /staff/reviews: the internal reviews under way, the
// signed-in reviewer's own first.
func (s *Server) reviewQueue(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	q, err := s.Service.ReviewQueue(r.Context(), u)
	if err != nil {
		return err
	}
	p := &reviewsPage{}
	p.Title, p.Staff = "Internal reviews", u
	for _, x := range q {
		switch {
		case x.Mine:
			p.Mine = append(p.Mine, x)
		case x.Reviewer == "":
			p.Unassigned = append(p.Unassigned, x)
		default:
			p.Others = append(p.Others, x)
		}
	}
	return s.render(w, r, http.StatusOK, "staff/reviews.html", p)
}
