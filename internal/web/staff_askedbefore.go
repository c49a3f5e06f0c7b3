// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"disclose/internal/askedbefore"
	"disclose/internal/foi"
)

// askedBefore fills the case page's asked-before matches, part by part,
// the published entries the officer may answer from, and the round robin.
func (s *Server) askedBefore(ctx context.Context, u *foi.User, p *casePage) error {
	res, linked, err := s.Service.AskedBefore(ctx, u, p.R)
	if err != nil {
		return err
	}
	p.RoundRobin = linked
	byPart := map[int][]askedbefore.Match{}
	any := false
	for _, pr := range res.Parts {
		byPart[pr.Number] = pr.Matches
		any = any || len(pr.Matches) > 0
	}
	if !any {
		return nil
	}
	p.AskedBefore = res
	for i := range p.Parts {
		p.Parts[i].AskedBefore = byPart[p.Parts[i].Number]
	}
	unanswered := false
	for _, part := range p.R.Parts {
		unanswered = unanswered || (part.Outcome == "" && strings.TrimSpace(part.Answer) == "")
	}
	if unanswered && (p.R.Status.Open() || p.R.Status == foi.StatusInReview) {
		for _, e := range res.Earlier {
			if !e.PublishedOn.IsZero() {
				p.AnswerFrom = append(p.AnswerFrom, e)
			}
		}
	}
	return nil
}

// caseAnswerLike is POST /staff/cases/{ref}/answer-like: copy the
// published answers of the entry named by from into the matching parts.
func (s *Server) caseAnswerLike(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, err := caseRef(r)
	if err != nil {
		return err
	}
	from, err := foi.ParseReference(r.PostFormValue("from"))
	if err != nil {
		return s.refused(w, r, u, foi.Errorf(foi.EINVALID, "Choose the published request to answer from"), "asked-before", 0)
	}
	filled, err := s.Service.AnswerLike(r.Context(), u, ref, from)
	if err != nil {
		return s.refused(w, r, u, err, "asked-before", 0)
	}
	backToCase(w, r, ref, "answered-like", fmt.Sprintf("part-%d", filled[0]))
	return nil
}

// matchKinds says in words what an earlier asking may mean: facts for the
// officer, never a decision.
func matchKinds(m askedbefore.Match) string {
	var out []string
	for _, k := range m.Kinds {
		switch k {
		case askedbefore.RoundRobin:
			out = append(out, "round robin: another requester asked it")
		case askedbefore.Repeat:
			out = append(out, fmt.Sprintf("the same requester asked it before and was answered on %s, %d days earlier (s.14(2) if no reasonable interval has passed: your decision)",
				m.Earlier.RespondedOn.Format("2 January 2006"), m.DaysApart))
		case askedbefore.Aggregate:
			out = append(out, fmt.Sprintf("the same requester within %d working days (%d apart): may be aggregated for the cost limit (s.12)",
				askedbefore.AggregationWindow, m.WorkingDaysApart))
		}
	}
	switch {
	case m.SameEmail:
		out = append(out, "same email address")
	case m.SameName:
		out = append(out, "same name, another address")
	}
	return strings.Join(out, "; ")
}
