// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"mime"
	"net/http"
	"strconv"
	"strings"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// The holding pen: received email that could not be sorted, for staff to
// file as a request, thread to a case, or discard with a reason.

type holdingPenPage struct {
	Page
	Messages []*foi.InboundMessage
	SetAside bool // listing the messages set aside, not those waiting
}

func (s *Server) holdingPen(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	setAside := r.URL.Query().Get("show") == "set-aside"
	list, err := s.Service.HoldingPen(r.Context(), u, setAside)
	if err != nil {
		return err
	}
	p := &holdingPenPage{Messages: list, SetAside: setAside}
	p.Title, p.Staff = "Email to sort", u
	if setAside {
		p.Title = "Email set aside"
	}
	p.Notice = notices[r.URL.Query().Get("notice")]
	return s.render(w, r, http.StatusOK, "staff/mail.html", p)
}

type emailPage struct {
	Page
	M                      *foi.InboundMessage
	Held                   bool
	Case                   *foi.Request // the case it was filed on, if any
	Name, Email, Text, Ref string
	Reason, ReasonOther    string
	DiscardReasons         []string
	Headers                []emailHeader
}

type emailHeader struct{ Name, Value string }

// discardReasons are the usual reasons to set a message aside; "other"
// takes a reason typed in.
var discardReasons = []string{"Spam", "An automatic reply or a bounce", "Not for this authority"}

func (s *Server) emailShow(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	return s.renderEmail(w, r, u, http.StatusOK, nil)
}

func (s *Server) renderEmail(w http.ResponseWriter, r *http.Request, u *foi.User, status int, errs []FieldError) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.Service.FindEmail(r.Context(), u, id)
	if err != nil {
		return err
	}
	p := &emailPage{M: m, Held: m.Status == foi.InboundHoldingPen || m.Status == foi.InboundIgnored,
		DiscardReasons: discardReasons}
	p.Title, p.Staff, p.Errors = "Email "+strconv.FormatInt(m.ID, 10), u, errs
	p.Notice = notices[r.URL.Query().Get("notice")]
	if m.RequestID != 0 {
		if p.Case, err = s.Service.EmailCase(r.Context(), u, m); err != nil {
			return err
		}
	}
	p.Headers = rawHeaders(m.Raw, "From", "To", "Cc", "Date", "Subject", "Message-Id", "Auto-Submitted")
	p.Name, p.Email, p.Text = m.FromName, m.FromEmail, m.Text
	if p.Text == "" {
		p.Text = m.Subject
	}
	if errs != nil {
		f := r.PostFormValue
		p.Name, p.Email, p.Text, p.Ref = f("name"), f("email"), f("text"), f("reference")
		p.Reason, p.ReasonOther = f("reason"), f("reason_other")
	}
	return s.render(w, r, status, "staff/email.html", p)
}

// rawHeaders reads the named headers as they arrived, for staff to judge a
// message that could not be parsed. Values are shown as text, escaped.
func rawHeaders(raw []byte, names ...string) []emailHeader {
	head, _, _ := strings.Cut(strings.ReplaceAll(string(raw), "\r\n", "\n"), "\n\n")
	var out []emailHeader
	lines := strings.Split(head, "\n")
	for i := 0; i < len(lines); i++ {
		name, value, ok := strings.Cut(lines[i], ":")
		if !ok {
			continue
		}
		for i+1 < len(lines) && (strings.HasPrefix(lines[i+1], " ") || strings.HasPrefix(lines[i+1], "\t")) {
			i++
			value += " " + strings.TrimSpace(lines[i])
		}
		for _, n := range names {
			if strings.EqualFold(strings.TrimSpace(name), n) {
				dec := new(mime.WordDecoder)
				v := strings.TrimSpace(value)
				if d, err := dec.DecodeHeader(v); err == nil {
					v = d
				}
				out = append(out, emailHeader{n, strings.ToValidUTF8(v, "\uFFFD")})
			}
		}
	}
	return out
}

func (s *Server) emailRaw(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.Service.DownloadEmail(r.Context(), u, id)
	if err != nil {
		return err
	}
	h := w.Header()
	// A download, never rendered: the message is the sender's, not ours.
	h.Set("Content-Type", "message/rfc822")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "email-" + strconv.FormatInt(m.ID, 10) + ".eml"}))
	h.Set("Content-Length", strconv.Itoa(len(m.Raw)))
	h.Set("Content-Security-Policy", "sandbox")
	_, err = w.Write(m.Raw)
	return err
}

// emailRefused re-shows the message with the error of a decision not made.
func (s *Server) emailRefused(w http.ResponseWriter, r *http.Request, u *foi.User, err error, field string) error {
	switch foi.ErrorCode(err) {
	case foi.EINVALID, foi.ECONFLICT, foi.ENOTFOUND:
		status := http.StatusBadRequest
		if foi.ErrorCode(err) == foi.ECONFLICT {
			status = http.StatusConflict
		}
		if foi.ErrorCode(err) == foi.ENOTFOUND && field != "reference" {
			return err
		}
		return s.renderEmail(w, r, u, status, []FieldError{{field, upperFirst(foi.ErrorMessage(err))}})
	}
	return err
}

func (s *Server) emailRequest(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := r.PostFormValue
	in := casework.NewRequest{Requester: foi.Requester{Name: f("name"), Email: f("email")}, Text: f("text")}
	req, err := s.Service.RequestFromHeldEmail(r.Context(), u, id, in)
	if err != nil {
		field := "text"
		if msg := foi.ErrorMessage(err); strings.Contains(msg, "name") {
			field = "name"
		} else if strings.Contains(msg, "email") || strings.Contains(msg, "address") {
			field = "email"
		}
		return s.emailRefused(w, r, u, err, field)
	}
	backToCase(w, r, req.Reference, "created", "")
	return nil
}

func (s *Server) emailThread(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ref, err := foi.ParseReference(strings.TrimSpace(r.PostFormValue("reference")))
	if err != nil {
		return s.emailRefused(w, r, u, foi.Errorf(foi.EINVALID, "Enter the case reference, like FOI 12748"), "reference")
	}
	req, err := s.Service.ThreadHeldEmail(r.Context(), u, id, ref)
	if err != nil {
		return s.emailRefused(w, r, u, err, "reference")
	}
	backToCase(w, r, req.Reference, "email-threaded", "email")
	return nil
}

func (s *Server) emailDiscard(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	reason := r.PostFormValue("reason")
	if reason == "other" {
		reason = r.PostFormValue("reason_other")
	}
	if err := s.Service.DiscardEmail(r.Context(), u, id, reason); err != nil {
		return s.emailRefused(w, r, u, err, "reason")
	}
	http.Redirect(w, r, "/staff/mail?notice=email-discarded", http.StatusSeeOther)
	return nil
}

// caseEmailConfirm records what a reply was suggested to be.
func (s *Server) caseEmailConfirm(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, id, err := refAndID(r)
	if err != nil {
		return err
	}
	if _, err := s.Service.ConfirmSuggestion(r.Context(), u, ref, id); err != nil {
		return s.refused(w, r, u, err, "email", 0)
	}
	backToCase(w, r, ref, "event", "email")
	return nil
}

// caseOutboxResolve sends a failed message again or records it arrived.
func (s *Server) caseOutboxResolve(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, id, err := refAndID(r)
	if err != nil {
		return err
	}
	resend := r.PostFormValue("action") == "resend"
	if !resend && r.PostFormValue("action") != "sent" {
		return s.refused(w, r, u, foi.Errorf(foi.EINVALID, "Choose to send the message again or to mark it sent"), "email", 0)
	}
	if _, err := s.Service.ResolveEmail(r.Context(), u, ref, id, resend); err != nil {
		return s.refused(w, r, u, err, "email", 0)
	}
	notice := "email-marked-sent"
	if resend {
		notice = "email-resent"
	}
	backToCase(w, r, ref, notice, "email")
	return nil
}
