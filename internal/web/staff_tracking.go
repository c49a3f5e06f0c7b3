// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// The requester's tracking link on the case page: staff see whether one
// works and since when, revoke it (a forwarded or leaked link) and issue
// a new one, shown once.

type trackingView struct {
	Slug    string // the case's
	Working []*foi.TrackingToken
	Revoked int
}

// trackingLinks fills the case page's tracking section for caseworkers.
func (s *Server) trackingLinks(r *http.Request, u *foi.User, req *foi.Request) (*trackingView, error) {
	if !casework.Can(u, casework.PermWorkCases) {
		return nil, nil
	}
	links, err := s.Service.TrackingLinks(r.Context(), u, req)
	if err != nil {
		return nil, err
	}
	v := &trackingView{Slug: req.Reference.Slug()}
	for _, l := range links {
		if l.Revoked() {
			v.Revoked++
		} else {
			v.Working = append(v.Working, l)
		}
	}
	return v, nil
}

func (s *Server) trackingRevoke(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, err := caseRef(r)
	if err != nil {
		return err
	}
	if _, err := s.Service.RevokeTrackingLinks(r.Context(), u, ref); err != nil {
		return err
	}
	backToCase(w, r, ref, "tracking-revoked", "tracking")
	return nil
}

type trackingIssuedPage struct {
	Page
	Ref  foi.Reference
	Link string
}

// trackingIssue makes a new link and shows it once, to give the
// requester (by post, or in a reply).
func (s *Server) trackingIssue(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, err := caseRef(r)
	if err != nil {
		return err
	}
	secret, err := s.Service.IssueTrackingLink(r.Context(), u, ref)
	if err != nil {
		return err
	}
	p := &trackingIssuedPage{Ref: ref, Link: baseURL(r) + casework.TrackingPath(secret)}
	p.Title, p.Staff = "New tracking link for "+ref.String(), u
	return s.render(w, r, http.StatusOK, "staff/tracking-issued.html", p)
}
