// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-pdf/fpdf"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

func (s *Server) letterDraft(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, err := caseRef(r)
	if err != nil {
		return err
	}
	l, err := s.Service.DraftLetter(r.Context(), u, ref, r.PostFormValue("kind"), r.PostFormValue("details"))
	if err != nil {
		return s.refused(w, r, u, err, "letter-kind", 0)
	}
	http.Redirect(w, r, "/staff/cases/"+ref.Slug()+"/letters/"+strconv.FormatInt(l.ID, 10)+"?notice=letter", http.StatusSeeOther)
	return nil
}

type letterPage struct {
	Page
	Ref        foi.Reference
	L          *foi.Letter
	Body       string
	CanApprove bool
	// NotYours says why the signed-in reviewer may not approve this letter
	// (they wrote it, or answers in it): four eyes.
	NotYours     string
	CanSend      bool
	NeedApproval bool
	Route        casework.LetterRoute // how it can go, while unsent
	Today        string
	PostedOn     string // as typed into the posting form, when refused
	// BlockedBy are the open findings that stop this letter being sent.
	BlockedBy []casework.CaseFinding
	// EnglishToWelsh warns that this letter reads as English but the
	// requester chose Welsh (staff_language.go).
	EnglishToWelsh bool
	// EnglishSettings name the authority's settings this Welsh letter has
	// in English, for want of their Welsh (casework.EnglishSettingsIn).
	EnglishSettings []string
}

func (s *Server) letterShow(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	return s.renderLetter(w, r, u, http.StatusOK, "", nil)
}

func (s *Server) renderLetter(w http.ResponseWriter, r *http.Request, u *foi.User, status int, body string, errs []FieldError) error {
	ref, id, err := refAndID(r)
	if err != nil {
		return err
	}
	req, l, err := s.Service.Letter(r.Context(), u, ref, id)
	if err != nil {
		return err
	}
	need, err := s.Service.ResponsesNeedApproval(r.Context())
	if err != nil {
		return err
	}
	p := &letterPage{Ref: ref, L: l, Body: l.Body, CanApprove: canApprove(u), CanSend: canSend(u),
		NeedApproval: need && (l.Kind == foi.LetterResponse || l.Kind == foi.LetterRefusal)}
	if body != "" {
		p.Body = body
	}
	lang, err := s.Service.RequestLanguage(r.Context(), req.ID)
	if err != nil {
		return err
	}
	p.EnglishToWelsh = l.SentAt.IsZero() && englishToWelsh(lang, p.Body)
	if l.SentAt.IsZero() && lang.Welsh() {
		if p.EnglishSettings, err = s.Service.EnglishSettingsIn(r.Context(), p.Body); err != nil {
			return err
		}
	}
	if p.CanApprove && p.NeedApproval && l.ApprovedAt.IsZero() && l.SentAt.IsZero() {
		if p.NotYours, err = s.Service.ApprovalRefused(r.Context(), u, req, l); err != nil {
			return err
		}
		p.CanApprove = p.NotYours == ""
	}
	if l.SentAt.IsZero() {
		sf, err := s.Service.CaseSafety(r.Context(), u, req)
		if err != nil {
			return err
		}
		p.BlockedBy = letterBlockers(sf, l)
		p.Route = s.Service.LetterRoute(req)
	}
	p.Today = foi.FormatDate(s.Service.Today())
	p.PostedOn = p.Today
	if v := r.PostFormValue("posted_on"); v != "" {
		p.PostedOn = v
	}
	p.Title = strings.ToUpper(l.Kind[:1]) + strings.ReplaceAll(l.Kind[1:], "-", " ") + " letter, " + ref.String()
	p.Staff, p.Errors = u, errs
	if status == http.StatusOK {
		p.Notice = caseNotice(r.URL.Query())
	}
	return s.render(w, r, status, "staff/letter.html", p)
}

func (s *Server) letterEdit(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, id, err := refAndID(r)
	if err != nil {
		return err
	}
	body := r.PostFormValue("body")
	if err := s.Service.EditLetter(r.Context(), u, ref, id, body); err != nil {
		if c := foi.ErrorCode(err); c == foi.EINVALID || c == foi.ECONFLICT {
			return s.renderLetter(w, r, u, http.StatusBadRequest, body, []FieldError{{"body", foi.ErrorMessage(err)}})
		}
		return err
	}
	http.Redirect(w, r, r.URL.Path+"?notice=letter-saved", http.StatusSeeOther)
	return nil
}

func (s *Server) letterApprove(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	return s.letterAction(w, r, u, "approved", func(ref foi.Reference, id int64) error {
		return s.Service.ApproveLetter(r.Context(), u, ref, id)
	})
}

func (s *Server) letterSend(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	return s.letterAction(w, r, u, "sent", func(ref foi.Reference, id int64) error {
		_, err := s.Service.SendLetter(r.Context(), u, ref, id)
		return err
	})
}

// letterApproveSend approves a letter and sends it by email in one step,
// for a reviewer who may do both: four eyes still holds (ApproveLetter
// refuses the letter's authors) and the send passes the same gate. When
// the approval is made but the send is refused, the page says so.
func (s *Server) letterApproveSend(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, id, err := refAndID(r)
	if err != nil {
		return err
	}
	if !canSend(u) {
		return foi.Errorf(foi.EFORBIDDEN, "Your role (%s) does not allow sending letters.", u.Role)
	}
	if err := s.Service.ApproveLetter(r.Context(), u, ref, id); err != nil {
		return s.letterAction(w, r, u, "approved", func(foi.Reference, int64) error { return err })
	}
	if _, err := s.Service.SendLetter(r.Context(), u, ref, id); err != nil {
		if c := foi.ErrorCode(err); c == foi.EINVALID || c == foi.ECONFLICT || c == foi.EFORBIDDEN {
			return s.renderLetter(w, r, u, http.StatusConflict, "", []FieldError{{"body", "Approved, but not sent: " + foi.ErrorMessage(err)}})
		}
		return err
	}
	http.Redirect(w, r, "/staff/cases/"+ref.Slug()+"/letters/"+strconv.FormatInt(id, 10)+"?notice=approved-sent", http.StatusSeeOther)
	return nil
}

// letterPost records a letter as posted on the day given.
func (s *Server) letterPost(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	return s.letterAction(w, r, u, "posted", func(ref foi.Reference, id int64) error {
		on, err := formDate(r, "posted_on", "the day it was posted")
		if err != nil {
			return err
		}
		_, err = s.Service.PostLetter(r.Context(), u, ref, id, on)
		return err
	})
}

func (s *Server) letterAction(w http.ResponseWriter, r *http.Request, u *foi.User, notice string, act func(foi.Reference, int64) error) error {
	ref, id, err := refAndID(r)
	if err != nil {
		return err
	}
	if err := act(ref, id); err != nil {
		// Refused for this letter (bad text, its state, or four eyes: its
		// author may not approve it): say why on the letter's page.
		switch c := foi.ErrorCode(err); {
		case c == foi.EINVALID && notice == "posted":
			return s.renderLetter(w, r, u, http.StatusBadRequest, "", []FieldError{{"posted-on", foi.ErrorMessage(err)}})
		case c == foi.EINVALID || c == foi.ECONFLICT:
			return s.renderLetter(w, r, u, http.StatusConflict, "", []FieldError{{"body", foi.ErrorMessage(err)}})
		case c == foi.EFORBIDDEN:
			return s.renderLetter(w, r, u, http.StatusForbidden, "", []FieldError{{"body", foi.ErrorMessage(err)}})
		}
		return err
	}
	http.Redirect(w, r, "/staff/cases/"+ref.Slug()+"/letters/"+strconv.FormatInt(id, 10)+"?notice="+notice, http.StatusSeeOther)
	return nil
}

// letterPDF renders a letter as an A4 PDF with a Go library, so the
// server needs no browser or office suite.
func (s *Server) letterPDF(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, id, err := refAndID(r)
	if err != nil {
		return err
	}
	_, l, err := s.Service.Letter(r.Context(), u, ref, id)
	if err != nil {
		return err
	}
	b, err := LetterPDF(ref.String()+" "+l.Kind, l.Body)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+ref.Slug()+"-"+l.Kind+"-"+strconv.FormatInt(id, 10)+`.pdf"`)
	_, err = w.Write(b)
	return err
}

// LetterPDF typesets a plain-text letter on A4 pages. The core Helvetica
// font covers Windows-1252, which has the curly quotes and bullets letters
// use; anything outside it prints as "?" rather than failing.
func LetterPDF(title, body string) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle(title, true)
	pdf.SetCreator("Disclose", true)
	pdf.SetMargins(25, 20, 25)
	pdf.SetAutoPageBreak(true, 20)
	pdf.AddPage()
	pdf.SetFont("Helvetica", "", 11)
	tr := pdf.UnicodeTranslatorFromDescriptor("cp1252")
	pdf.MultiCell(0, 5.5, tr(body), "", "L", false)
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
