// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"

	"disclose/internal/foi"
)

// The letters API: draft a letter from the authority's template, approve
// it (reviewers and admins) and send it, with the same rules as the pages.

type letterJSON struct {
	ID         int64  `json:"id"`
	Reference  string `json:"reference"`
	Kind       string `json:"kind"`
	Body       string `json:"body"`
	CreatedBy  string `json:"created_by"`
	ApprovedBy string `json:"approved_by,omitempty"`
	ApprovedAt string `json:"approved_at,omitempty"`
	SentBy     string `json:"sent_by,omitempty"`
	SentAt     string `json:"sent_at,omitempty"`
	Delivery   string `json:"delivery,omitempty"`  // "email" or "post", once sent
	PostedOn   string `json:"posted_on,omitempty"` // the day it was posted
}

func toLetterJSON(ref foi.Reference, l *foi.Letter) letterJSON {
	out := letterJSON{ID: l.ID, Reference: ref.String(), Kind: l.Kind, Body: l.Body, CreatedBy: l.CreatedBy,
		ApprovedBy: l.ApprovedBy, SentBy: l.SentBy, Delivery: l.Delivery}
	if !l.PostedOn.IsZero() {
		out.PostedOn = foi.FormatDate(l.PostedOn)
	}
	if !l.ApprovedAt.IsZero() {
		out.ApprovedAt = l.ApprovedAt.UTC().Format("2006-01-02T15:04:05Z")
	}
	if !l.SentAt.IsZero() {
		out.SentAt = l.SentAt.UTC().Format("2006-01-02T15:04:05Z")
	}
	return out
}

type draftLetterJSON struct {
	Kind    string `json:"kind"`
	Details string `json:"details"`
}

// draftLetterAPI is POST /api/v1/requests/{ref}/letters.
func (s *Server) draftLetterAPI(w http.ResponseWriter, r *http.Request) error {
	actor, ref, err := s.staffAndRef(r)
	if err != nil {
		return err
	}
	var in draftLetterJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	l, err := s.Service.DraftLetter(r.Context(), actor, ref, in.Kind, in.Details)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toLetterJSON(ref, l))
	return nil
}

// approveLetterAPI is POST /api/v1/requests/{ref}/letters/{id}/approve.
func (s *Server) approveLetterAPI(w http.ResponseWriter, r *http.Request) error {
	return s.letterAPIAction(w, r, func(actor *foi.User, ref foi.Reference, id int64) error {
		return s.Service.ApproveLetter(r.Context(), actor, ref, id)
	})
}

type sendLetterJSON struct {
	By       string `json:"by"`        // "email" (the default) or "post"
	PostedOn string `json:"posted_on"` // for "post": the day it was posted, today when empty
}

// sendLetterAPI is POST /api/v1/requests/{ref}/letters/{id}/send: email
// it, or with {"by": "post"} record it as posted.
func (s *Server) sendLetterAPI(w http.ResponseWriter, r *http.Request) error {
	var in sendLetterJSON
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, &in); err != nil {
			return err
		}
	}
	return s.letterAPIAction(w, r, func(actor *foi.User, ref foi.Reference, id int64) error {
		switch in.By {
		case "", foi.LetterByEmail:
			_, err := s.Service.SendLetter(r.Context(), actor, ref, id)
			return err
		case foi.LetterByPost:
			on, err := optionalDate("posted_on", in.PostedOn)
			if err != nil {
				return err
			}
			_, err = s.Service.PostLetter(r.Context(), actor, ref, id, on)
			return err
		}
		return foi.Errorf(foi.EINVALID, `by must be "email" or "post", not %q`, in.By)
	})
}

func (s *Server) letterAPIAction(w http.ResponseWriter, r *http.Request, act func(*foi.User, foi.Reference, int64) error) error {
	actor, ref, err := s.staffAndRef(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return foi.Errorf(foi.ENOTFOUND, "no letter %q", r.PathValue("id"))
	}
	if err := act(actor, ref, id); err != nil {
		return err
	}
	_, l, err := s.Service.Letter(r.Context(), actor, ref, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toLetterJSON(ref, l))
	return nil
}
