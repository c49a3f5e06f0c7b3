// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/i18n"
)

// Making a request: a question page, "Check your answers", then the
// confirmation. Nothing is stored until the requester sends the request:
// the answers travel between the pages as form fields (never in a URL, so
// no personal data reaches logs or browser history), which also keeps the
// flow working without JavaScript or cookies.

// maxFormBody bounds a public form's body; the fields' own limits are
// casework's (casework.CheckField), the same on every way in.
const maxFormBody = 256 << 10

// honeypotField is a text box people never see (hidden by CSS, skipped by
// keyboard and screen readers) that form-filling robots fill in.
const honeypotField = "website"

// requestForm is what the requester has typed so far.
type requestForm struct {
	Name    string
	Email   string
	Address string
	Text    string
}

func readRequestForm(r *http.Request) requestForm {
	return requestForm{
		Name:    strings.TrimSpace(r.PostFormValue("name")),
		Email:   strings.TrimSpace(r.PostFormValue("email")),
		Address: strings.TrimSpace(strings.ReplaceAll(r.PostFormValue("address"), "\r\n", "\n")),
		Text:    strings.TrimSpace(strings.ReplaceAll(r.PostFormValue("request-text"), "\r\n", "\n")),
	}
}

// validate returns one error per field, in the order of the page, with
// messages that say what to do (GOV.UK error message style). The limits are
// casework's; this only words them for the form.
func (f requestForm) validate(tr *i18n.Printer) []FieldError {
	var errs []FieldError
	add := func(field, msg string, args ...any) {
		errs = append(errs, FieldError{Field: field, Message: tr.T(msg, args...)})
	}
	switch fault := casework.CheckField(casework.FieldName, f.Name); {
	case f.Name == "":
		add("name", "Enter your name")
	case fault == casework.FaultTooLong:
		add("name", "Your name must be %s characters or fewer", itoa(casework.MaxNameChars))
	case fault != casework.FaultNone:
		add("name", "Your name must only include letters, spaces and punctuation")
	}
	switch {
	case f.Email == "" && f.Address == "":
		add("email", "Enter an email address or a postal address, so we can send you our response")
	case f.Email != "" && casework.CheckField(casework.FieldEmail, f.Email) != casework.FaultNone:
		add("email", "Enter an email address in the correct format, like name@example.com")
	case f.Email != "" && (foi.Requester{Name: "x", Email: f.Email}).Validate() != nil:
		add("email", "Enter an email address in the correct format, like name@example.com")
	}
	switch casework.CheckField(casework.FieldAddress, f.Address) {
	case casework.FaultNone:
	case casework.FaultTooLong:
		add("address", "Your postal address must be %s characters or fewer", itoa(casework.MaxAddressChars))
	default:
		add("address", "Your postal address must only include letters, numbers, spaces and punctuation")
	}
	switch fault := casework.CheckField(casework.FieldText, f.Text); {
	case f.Text == "":
		add("request-text", "Enter the information you want")
	case fault == casework.FaultTooLong:
		add("request-text", "Your request must be %s characters or fewer (it has %s)", itoa(casework.MaxRequestChars), itoa(utf8.RuneCountInString(f.Text)))
	case fault != casework.FaultNone:
		add("request-text", "Your request must only include letters, numbers, spaces and punctuation")
	}
	return errs
}

type requestFormPage struct {
	Page
	Form      requestForm
	MaxChars  int
	FocusOn   string // the field a Change link came back for
	Honeypot  string
	Published []similarEntry // similar published answers (on the check page)
	// SimilarError says the similar-answers search failed; the page says so
	// instead of pretending there are none.
	SimilarError bool
}

func (s *Server) newRequestPage(r *http.Request, f requestForm) *requestFormPage {
	p := &requestFormPage{Form: f, MaxChars: casework.MaxRequestChars, Honeypot: honeypotField}
	p.Title = s.tr(r).T("Make a freedom of information request")
	return p
}

// requestNew shows the empty form.
func (s *Server) requestNew(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "public/request_form.html", s.newRequestPage(r, requestForm{}))
}

// requestNewPost handles the question page: "Continue" checks the answers
// and shows "Check your answers"; a Change button on that page comes back
// here with the answers to show the form again.
func (s *Server) requestNewPost(w http.ResponseWriter, r *http.Request) error {
	if err := s.readPublicForm(w, r); err != nil {
		return err
	}
	f := readRequestForm(r)
	if change := r.PostFormValue("change"); change != "" {
		p := s.newRequestPage(r, f)
		p.FocusOn = change
		return s.render(w, r, http.StatusOK, "public/request_form.html", p)
	}
	if errs := f.validate(s.tr(r)); len(errs) > 0 {
		p := s.newRequestPage(r, f)
		p.Errors = errs
		return s.render(w, r, http.StatusBadRequest, "public/request_form.html", p)
	}
	p := s.newRequestPage(r, f)
	p.Title = s.tr(r).T("Check your answers before sending your request")
	p.Published, p.SimilarError = s.similarTo(r, f.Text)
	return s.render(w, r, http.StatusOK, "public/request_check.html", p)
}

// requestSend stores the request and sends the requester to the
// confirmation, which lives behind their new tracking link (so reloading
// it does not send the request twice).
func (s *Server) requestSend(w http.ResponseWriter, r *http.Request) error {
	if err := s.readPublicForm(w, r); err != nil {
		return err
	}
	if r.PostFormValue(honeypotField) != "" {
		return foi.Errorf(foi.EINVALID, "%s", s.tr(r).T("Your request was not sent because the form was filled in automatically. If you are a person, please go back, check your answers and send them again."))
	}
	f := readRequestForm(r)
	if errs := f.validate(s.tr(r)); len(errs) > 0 {
		p := s.newRequestPage(r, f)
		p.Errors = errs
		return s.render(w, r, http.StatusBadRequest, "public/request_form.html", p)
	}
	_, secret, err := s.Service.SubmitPublicRequest(r.Context(), s.clientKey(r), casework.NewRequest{
		Requester: foi.Requester{Name: f.Name, Email: f.Email, Address: f.Address},
		Text:      f.Text,
		// The language of the form they used is their choice for
		// correspondence (Welsh Language Standards, standard 2).
		Language: foi.RequestLanguage{Lang: string(s.langOf(r)), Source: foi.LanguageFromPage},
	})
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/track/"+url.PathEscape(secret)+"/confirmation", http.StatusSeeOther)
	return nil
}

// readPublicForm bounds and parses a public form, and counts it against
// the sender's FormLimit.
func (s *Server) readPublicForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		return foi.Errorf(foi.EINVALID, "%s", s.tr(r).T("The form could not be read: it may be larger than %d KB. Shorten your answers and try again.", maxFormBody>>10))
	}
	return s.Service.CheckRate(r.Context(), s.clientKey(r), casework.FormLimit)
}

// clientKey is the rate-limit identity of the request's sender (see
// clientAddress).
func (s *Server) clientKey(r *http.Request) string {
	return casework.ClientKey(s.clientAddress(r))
}

func itoa(n int) string {
	return formatCount(n)
}
