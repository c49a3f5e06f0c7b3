// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"errors"
	"net/http"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/sso"
)

// Single sign-on in the browser: the sign-in page's button starts a flow
// (state, nonce and PKCE verifier in a ten-minute cookie scoped to the
// callback) and sends the browser to the provider; the provider sends it
// back to the callback, which checks everything (sso.Provider.Finish),
// lets casework decide the role, and signs the browser in.

const ssoFlowCookie = "disclose_sso"

func (s *Server) ssoStart(w http.ResponseWriter, r *http.Request) error {
	if s.SSO == nil {
		return foi.Errorf(foi.ENOTFOUND, "Page not found")
	}
	f := sso.NewFlow(safeNext(r.URL.Query().Get("next")))
	s.setCookie(w, r, ssoFlowCookie, f.Encode(), sso.CallbackPath, 600)
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, s.SSO.AuthURL(f), http.StatusSeeOther)
	return nil
}

func (s *Server) ssoCallback(w http.ResponseWriter, r *http.Request) error {
	if s.SSO == nil {
		return foi.Errorf(foi.ENOTFOUND, "Page not found")
	}
	w.Header().Set("Cache-Control", "no-store")
	var flow sso.Flow
	ok := false
	if c, err := r.Cookie(ssoFlowCookie); err == nil {
		flow, ok = sso.DecodeFlow(c.Value)
	}
	s.clearCookie(w, r, ssoFlowCookie, sso.CallbackPath) // a flow is used once
	if !ok {
		return s.ssoRefused(w, r, http.StatusBadRequest, "Sign in again",
			"This sign-in did not start here, or took longer than ten minutes. Start again from the sign-in page.")
	}
	id, err := s.SSO.Finish(r.Context(), flow, r.URL.Query())
	var bad *sso.Error
	if errors.As(err, &bad) {
		s.logger().Warn("single sign-on refused", "reason", bad.Detail, "client", s.clientAddress(r))
		return s.ssoRefused(w, r, http.StatusUnauthorized, "Sign-in failed", bad.Message+". Start again from the sign-in page.")
	}
	if err != nil {
		return err
	}
	in, err := s.Service.SignInSSO(r.Context(), id, s.clientAddress(r))
	var refused *casework.NoRoleError
	if errors.As(err, &refused) {
		return s.ssoRefused(w, r, http.StatusForbidden, "You cannot use Disclose yet", refused.Reason)
	}
	if err != nil {
		return err
	}
	s.setCookie(w, r, sessionCookie, in.SessionID, "/", 0)
	http.Redirect(w, r, safeNext(flow.Next), http.StatusSeeOther)
	return nil
}

// ssoRefused is the clear page of a sign-in that did not let someone in.
func (s *Server) ssoRefused(w http.ResponseWriter, r *http.Request, status int, title, message string) error {
	e := &errorPage{Status: status, Message: message, Back: &link{"/staff/sign-in", "Back to the sign-in page"}}
	e.Title = title
	return s.render(w, r, status, "error.html", e)
}
