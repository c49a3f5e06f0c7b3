// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"

	"disclose/internal/foi"
)

// The Welsh version of a published entry through the API (issue 19): what
// the staff page /staff/cases/{ref}/welsh does, through the same casework
// function (SetWelshEntry) and so the same publication gate, which checks
// the Welsh as it checks the English.

// welshEntryJSON is PUT /api/v1/requests/{ref}/welsh's body.
type welshEntryJSON struct {
	Title   string          `json:"title"`
	Summary string          `json:"summary"`
	Request string          `json:"request"`
	Parts   []foi.WelshPart `json:"parts"`
}

// welshJSONOf is an entry's Welsh version as the API gives it.
func welshJSONOf(cy *foi.WelshPublication) *welshJSON {
	w := &welshJSON{Title: cy.Title, Summary: cy.Summary, Request: cy.Request, Parts: cy.Parts}
	if w.Parts == nil {
		w.Parts = []foi.WelshPart{}
	}
	return w
}

// setWelshEntry is PUT /api/v1/requests/{ref}/welsh (staff): publish or
// replace the Welsh version of a published entry; it answers with the
// entry as the public now read it.
func (s *Server) setWelshEntry(w http.ResponseWriter, r *http.Request) error {
	actor, ref, err := s.staffAndRef(r)
	if err != nil {
		return err
	}
	var in welshEntryJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if in.Title == "" {
		return foi.Errorf(foi.EINVALID, "title: the Welsh title is required (DELETE /api/v1/requests/%s/welsh removes the Welsh version)", ref.Slug())
	}
	if err := s.Service.SetWelshEntry(r.Context(), actor, ref, foi.WelshPublication{Title: in.Title, Summary: in.Summary,
		Request: in.Request, Parts: in.Parts}); err != nil {
		return err
	}
	return s.writeDisclosure(w, r, ref, http.StatusOK)
}

// deleteWelshEntry is DELETE /api/v1/requests/{ref}/welsh (staff): the
// entry goes on in English only.
func (s *Server) deleteWelshEntry(w http.ResponseWriter, r *http.Request) error {
	actor, ref, err := s.staffAndRef(r)
	if err != nil {
		return err
	}
	if err := s.Service.SetWelshEntry(r.Context(), actor, ref, foi.WelshPublication{}); err != nil {
		return err
	}
	return s.writeDisclosure(w, r, ref, http.StatusOK)
}

// writeDisclosure writes a public entry with its Welsh version, if any,
// to be revalidated before each use (an entry taken down is gone at once).
func (s *Server) writeDisclosure(w http.ResponseWriter, r *http.Request, ref foi.Reference, status int) error {
	p, err := s.Service.Disclosure(r.Context(), ref)
	if err != nil {
		return err
	}
	revalidate(w)
	d := disclosureOf(p)
	cy, err := s.Service.WelshDisclosure(r.Context(), p)
	if err != nil {
		return err
	}
	if cy != nil {
		d.Welsh = welshJSONOf(cy)
	}
	writeJSON(w, status, d)
	return nil
}
