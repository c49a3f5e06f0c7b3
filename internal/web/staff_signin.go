// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
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
}

func (s *Server) signInForm(w http.ResponseWriter, r *http.Request) error {
	p := &signInPage{Next: safeNext(r.URL.Query().Get("next"))}
	p.Title = "Sign in"
	return s.render(w, r, http.StatusOK, "staff/sign-in.html", p)
}

// signIn checks the password; with a second factor it asks for the code.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request) error {
	p := &signInPage{Email: r.PostFormValue("email"), Next: safeNext(r.PostFormValue("next"))}
	p.Title = "Sign in"
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
	http.Redirect(w, r, "/staff/sign-in", http.StatusSeeOther)
	return nil
}

type accountPage struct {
	Page
	HasSecondFactor bool
	Secret          string // a new secret offered for setting up
	URI             string
}

func (s *Server) account(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	return s.renderAccount(w, r, u, http.StatusOK, auth.NewTOTPSecret(), nil)
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, u *foi.User, status int, secret string, errs []FieldError) error {
	has, err := s.Service.HasSecondFactor(r.Context(), u.ID)
	if err != nil {
		return err
	}
	a, err := s.authority(r)
	if err != nil {
		return err
	}
	p := &accountPage{HasSecondFactor: has, Secret: secret, URI: auth.TOTPURI("Disclose "+a.ShortName, u.Email, secret)}
	p.Title, p.Staff, p.Errors = "Your account", u, errs
	p.Notice = notices[r.URL.Query().Get("notice")]
	return s.render(w, r, status, "staff/account.html", p)
}

func (s *Server) enableSecondFactor(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	secret := r.PostFormValue("secret")
	c, _ := r.Cookie(sessionCookie)
	err := s.Service.EnableSecondFactor(r.Context(), u, secret, r.PostFormValue("code"), c.Value)
	if foi.ErrorCode(err) == foi.EINVALID {
		return s.renderAccount(w, r, u, http.StatusBadRequest, secret, []FieldError{{"code", foi.ErrorMessage(err)}})
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/staff/account?notice=second-factor-on", http.StatusSeeOther)
	return nil
}

func (s *Server) disableSecondFactor(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	if err := s.Service.DisableSecondFactor(r.Context(), u, u.ID); err != nil {
		return err
	}
	http.Redirect(w, r, "/staff/account?notice=second-factor-off", http.StatusSeeOther)
	return nil
}

// notices are the confirmations a redirect may ask for by key, so that no
// text from the address is ever shown on a page.
var notices = map[string]string{
	"second-factor-on":   "Your second factor is on: you will be asked for a code when you sign in",
	"second-factor-off":  "Your second factor is off",
	"answer":             "Answer saved",
	"answer-unchanged":   "No answer had changed, so nothing was saved",
	"bulk-assigned":      "The selected cases are assigned",
	"event":              "Event recorded and the due date updated",
	"assigned":           "Assignment saved",
	"part-assigned":      "Department asked for input",
	"input":              "Your input has been sent to the case officer",
	"parts":              "Parts updated",
	"letter":             "Letter drafted",
	"letter-saved":       "Letter saved",
	"approved":           "Letter approved",
	"sent":               "Letter sent",
	"attachment":         "Attachment uploaded",
	"release":            "Attachment updated",
	"created":            "Request logged",
	"settings":           "Settings saved",
	"template":           "Letter template saved",
	"email-threaded":     "Email filed on this case",
	"email-discarded":    "Email discarded",
	"email-resent":       "Email queued to be sent again",
	"email-marked-sent":  "Email recorded as sent",
	"overridden":         "Finding overridden: the reason is on the case's history",
	"redacted":           "Redacted: the redaction log records it",
	"clean-copy":         "Clean copy made and marked for release instead of the original",
	"pdf-redacted":       "Redacted copy made (every page flattened to an image) and marked for release instead of the original",
	"published":          "Published in the disclosure log",
	"reviewer":           "Reviewer assigned",
	"review-extended":    "Review extended",
	"complaint":          "Complaint to the regulator logged",
	"regulator-decision": "Decision notice recorded",
	"regulator-appeal":   "Appeal recorded",
	"regulator-close":    "Regulator case closed",
	"review-decided":     "Review decided: now draft and send the outcome letter",
}
