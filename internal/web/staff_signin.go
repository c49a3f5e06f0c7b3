// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"cmp"
	"errors"
	"net/http"
	"strconv"

	"disclose/internal/auth"
	"disclose/internal/casework"
	"disclose/internal/foi"
)

// deviceCookie marks a browser someone has signed in on: the throttle does
// not slow or lock it out for failures elsewhere (casework.KnownDeviceAge).
const deviceCookie = "disclose_device"

// deviceMark is the browser's known-device mark, or "".
func deviceMark(r *http.Request) string {
	if c, err := r.Cookie(deviceCookie); err == nil {
		return c.Value
	}
	return ""
}

type signInPage struct {
	Page
	Email string
	Next  string
	// SSOName names the single sign-on provider when it is on; with
	// PasswordOff the password form is for break-glass administrators.
	SSOName     string
	PasswordOff bool
}

func (s *Server) newSignInPage(next string) *signInPage {
	p := &signInPage{Next: safeNext(next), PasswordOff: s.Service.PasswordSignInOff}
	if s.SSO != nil {
		p.SSOName = cmp.Or(s.SSOName, "your organisation's account")
	}
	p.Title = "Sign in"
	return p
}

func (s *Server) signInForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "staff/sign-in.html", s.newSignInPage(r.URL.Query().Get("next")))
}

// signIn checks the password; with a second factor it asks for the code.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request) error {
	p := s.newSignInPage(r.PostFormValue("next"))
	p.Email = r.PostFormValue("email")
	if p.Email == "" || r.PostFormValue("password") == "" {
		if p.Email == "" {
			p.Errors = append(p.Errors, FieldError{"email", "Enter your email address"})
		}
		if r.PostFormValue("password") == "" {
			p.Errors = append(p.Errors, FieldError{"password", "Enter your password"})
		}
		return s.render(w, r, http.StatusBadRequest, "staff/sign-in.html", p)
	}
	in, err := s.Service.SignIn(r.Context(), p.Email, r.PostFormValue("password"), s.clientAddress(r), deviceMark(r))
	var throttled *casework.ThrottledError
	switch {
	case errors.As(err, &throttled):
		p.Errors = []FieldError{{"email", throttled.Error()}}
		w.Header().Set("Retry-After", strconv.Itoa(int(throttled.RetryAfter.Seconds()+0.999)))
		return s.render(w, r, http.StatusTooManyRequests, "staff/sign-in.html", p)
	case foi.ErrorCode(err) == foi.EUNAUTH:
		p.Errors = []FieldError{{"email", foi.ErrorMessage(err)}}
		return s.render(w, r, http.StatusUnauthorized, "staff/sign-in.html", p)
	case err != nil:
		return err
	}
	if in.NeedsSecondFactor {
		s.setCookie(w, r, pendingCookie, in.SessionID, "/staff/sign-in", 600)
		http.Redirect(w, r, "/staff/sign-in/code?next="+urlQuery(p.Next), http.StatusSeeOther)
		return nil
	}
	s.setCookie(w, r, sessionCookie, in.SessionID, "/", 0)
	s.setCookie(w, r, deviceCookie, in.Device, "/staff/sign-in", int(casework.KnownDeviceAge.Seconds()))
	http.Redirect(w, r, p.Next, http.StatusSeeOther)
	return nil
}

func (s *Server) codeForm(w http.ResponseWriter, r *http.Request) error {
	p := &signInPage{Next: safeNext(r.URL.Query().Get("next"))}
	p.Title = "Enter your security code"
	return s.render(w, r, http.StatusOK, "staff/sign-in-code.html", p)
}

func (s *Server) code(w http.ResponseWriter, r *http.Request) error {
	p := &signInPage{Next: safeNext(r.PostFormValue("next"))}
	p.Title = "Enter your security code"
	c, err := r.Cookie(pendingCookie)
	if err != nil {
		http.Redirect(w, r, "/staff/sign-in", http.StatusSeeOther)
		return nil
	}
	in, err := s.Service.VerifySecondFactor(r.Context(), c.Value, r.PostFormValue("code"), s.clientAddress(r), deviceMark(r))
	var throttled *casework.ThrottledError
	switch {
	case errors.As(err, &throttled):
		p.Errors = []FieldError{{"code", throttled.Error()}}
		w.Header().Set("Retry-After", strconv.Itoa(int(throttled.RetryAfter.Seconds()+0.999)))
		return s.render(w, r, http.StatusTooManyRequests, "staff/sign-in-code.html", p)
	case foi.ErrorCode(err) == foi.EUNAUTH:
		s.clearCookie(w, r, pendingCookie, "/staff/sign-in")
		http.Redirect(w, r, "/staff/sign-in", http.StatusSeeOther)
		return nil
	case foi.ErrorCode(err) == foi.EINVALID:
		p.Errors = []FieldError{{"code", foi.ErrorMessage(err)}}
		return s.render(w, r, http.StatusBadRequest, "staff/sign-in-code.html", p)
	case err != nil:
		return err
	}
	s.clearCookie(w, r, pendingCookie, "/staff/sign-in")
	s.setCookie(w, r, sessionCookie, in.SessionID, "/", 0)
	s.setCookie(w, r, deviceCookie, in.Device, "/staff/sign-in", int(casework.KnownDeviceAge.Seconds()))
	http.Redirect(w, r, p.Next, http.StatusSeeOther)
	return nil
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.Service.SignOut(r.Context(), u, c.Value); err != nil {
			return err
		}
	}
	s.clearCookie(w, r, sessionCookie, "/")
	// Signed in through the provider: sign out there too, or the next
	// "Sign in" would go straight back in without a password.
	if s.SSO != nil && u != nil && u.Subject != "" {
		if out := s.SSO.LogoutURL(baseURL(r) + "/staff/sign-in"); out != "" {
			http.Redirect(w, r, out, http.StatusSeeOther)
			return nil
		}
	}
	http.Redirect(w, r, "/staff/sign-in", http.StatusSeeOther)
	return nil
}

type accountPage struct {
	Page
	HasSecondFactor bool
	HasPassword     bool
	Secret          string // the secret offered to this session for setting up
	URI             string
}

func sessionID(r *http.Request) string {
	if c, err := r.Cookie(sessionCookie); err == nil {
		return c.Value
	}
	return ""
}

func (s *Server) account(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	return s.renderAccount(w, r, u, http.StatusOK, nil)
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, u *foi.User, status int, errs []FieldError) error {
	has, err := s.Service.HasSecondFactor(r.Context(), u.ID)
	if err != nil {
		return err
	}
	a, err := s.authority(r)
	if err != nil {
		return err
	}
	p := &accountPage{HasSecondFactor: has, HasPassword: u.HasPassword()}
	// A second factor here guards password sign-in; with single sign-on
	// the provider asks for one.
	if !has && u.HasPassword() {
		if p.Secret, err = s.Service.OfferSecondFactor(r.Context(), u, sessionID(r)); err != nil {
			return err
		}
		p.URI = auth.TOTPURI("Disclose "+a.ShortName, u.Email, p.Secret)
	}
	p.Title, p.Staff, p.Errors = "Your account", u, errs
	p.Notice = notices[r.URL.Query().Get("notice")]
	return s.render(w, r, status, "staff/account.html", p)
}

func (s *Server) enableSecondFactor(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	err := s.Service.EnableSecondFactor(r.Context(), u, sessionID(r), r.PostFormValue("code"))
	if foi.ErrorCode(err) == foi.EINVALID {
		return s.renderAccount(w, r, u, http.StatusBadRequest, []FieldError{{"code", foi.ErrorMessage(err)}})
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/staff/account?notice=second-factor-on", http.StatusSeeOther)
	return nil
}

func (s *Server) disableSecondFactor(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	err := s.Service.DisableSecondFactor(r.Context(), u, u.ID, r.PostFormValue("password"), r.PostFormValue("confirm_code"))
	if foi.ErrorCode(err) == foi.EINVALID {
		return s.renderAccount(w, r, u, http.StatusBadRequest, []FieldError{{"password", foi.ErrorMessage(err)}})
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/staff/account?notice=second-factor-off", http.StatusSeeOther)
	return nil
}

// notices are the confirmations a redirect may ask for by key, so that no
// text from the address is ever shown on a page.
var notices = map[string]string{
	"second-factor-on":      "Your second factor is on: you will be asked for a code when you sign in",
	"second-factor-off":     "Your second factor is off",
	"second-factor-removed": "Second factor removed: they sign in with their password alone until they set up a new one",
	"role":                  "Role changed: it applies from their next page",
	"disabled":              "Account disabled: their sessions have ended and their API tokens are revoked",
	"enabled":               "Account enabled: they can sign in again (revoked tokens stay revoked)",
	"token-revoked":         "API token revoked: it is refused from now on",
	"tracking-revoked":      "Tracking link revoked: it no longer opens this request",
	"search":                "Search recorded",
	"answer-unchanged":      "No answer had changed, so nothing was saved",
	"bulk-assigned":         "The selected cases are assigned",
	"answer":                "Answer saved",
	"answered-like":         "Earlier published answers copied as drafts: review each one and record its outcome before the response is sent",
	"event":                 "Event recorded and the due date updated",
	"assigned":              "Assignment saved",
	"part-assigned":         "Department asked for input",
	"input":                 "Your input has been sent to the case officer",
	"parts":                 "Parts updated",
	"letter":                "Letter drafted",
	"letter-answers":        "Answers saved and the response drafted: read it before it is sent",
	"approved-sent":         "Letter approved and sent",
	"category-merged":       "Categories merged",
	"letter-saved":          "Letter saved",
	"approved":              "Letter approved",
	"sent":                  "Letter sent",
	"attachment":            "Attachment uploaded",
	"release":               "Attachment updated",
	"created":               "Request logged",
	"settings":              "Settings saved",
	"template":              "Letter template saved",
	"email-threaded":        "Email filed on this case",
	"email-discarded":       "Email discarded",
	"email-resent":          "Email queued to be sent again",
	"email-marked-sent":     "Email recorded as sent",
	"overridden":            "Finding overridden: the reason is on the case's history",
	"redacted":              "Redacted: the redaction log records it",
	"clean-copy":            "Clean copy made and marked for release instead of the original",
	"pdf-redacted":          "Redacted copy made (every page flattened to an image) and marked for release instead of the original",
	"published":             "Published in the disclosure log",
	"reviewer":              "Reviewer assigned",
	"review-extended":       "Review extended",
	"complaint":             "Complaint to the regulator logged",
	"regulator-decision":    "Decision notice recorded",
	"regulator-appeal":      "Appeal recorded",
	"regulator-close":       "Regulator case closed",
	"review-decided":        "Review decided: now draft and send the outcome letter",
}
