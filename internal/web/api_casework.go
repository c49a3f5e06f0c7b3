// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"
	"strconv"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

type answerJSON struct {
	Answer         string   `json:"answer"`
	Outcome        string   `json:"outcome"`
	Exemptions     []string `json:"exemptions"`
	PublicInterest string   `json:"public_interest"`
}

// answerPart is PATCH /api/v1/requests/{ref}/parts/{n}.
func (s *Server) answerPart(w http.ResponseWriter, r *http.Request) error {
	actor, ref, err := s.staffAndRef(r)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 {
		return foi.Errorf(foi.ENOTFOUND, "part %q: parts are numbered from 1", r.PathValue("n"))
	}
	var in answerJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	req, err := s.Service.AnswerPart(r.Context(), actor, ref, n, casework.Answer{
		Text: in.Answer, Outcome: foi.Outcome(in.Outcome), Exemptions: in.Exemptions, PublicInterest: in.PublicInterest,
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, partsJSON(req.Parts)[n-1])
	return nil
}

type clockEventJSON struct {
	Type string `json:"type"`
	On   string `json:"on"`
	Note string `json:"note"`
}

type clockStateJSON struct {
	Reference string   `json:"reference"`
	Status    string   `json:"status"`
	DueOn     jsonDate `json:"due_on"`
	Outcome   string   `json:"outcome,omitempty"`
}

// recordEvent is POST /api/v1/requests/{ref}/events.
func (s *Server) recordEvent(w http.ResponseWriter, r *http.Request) error {
	actor, ref, err := s.staffAndRef(r)
	if err != nil {
		return err
	}
	var in clockEventJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	ev := casework.ClockEvent{Type: in.Type, Note: in.Note}
	if in.On != "" {
		if ev.On, err = foi.ParseDate(in.On); err != nil {
			return foi.Errorf(foi.EINVALID, "on: %s", foi.ErrorMessage(err))
		}
	}
	req, err := s.Service.RecordEvent(r.Context(), actor, ref, ev)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, clockStateJSON{
		Reference: req.Reference.String(), Status: string(req.Status), DueOn: jsonDate(req.DueOn), Outcome: string(req.Outcome),
	})
	return nil
}

// pathReference reads {ref} in either form: "FOI 12748" or "foi-12748".
func pathReference(r *http.Request) (foi.Reference, error) {
	ref, err := foi.ParseReference(r.PathValue("ref"))
	if err != nil {
		return ref, foi.Errorf(foi.ENOTFOUND, "%s", foi.ErrorMessage(err))
	}
	return ref, nil
}
