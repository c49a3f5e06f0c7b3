// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"
	"strconv"
	"strings"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// Disclosure safety on the case page: the findings panel (make a clean
// copy, redact, override with a reason), the redaction form and log, and
// publishing, which the findings can block.

// redactOption is a text that can be redacted, for the redaction form.
type redactOption struct{ Value, Text string }

// redactOptions lists the texts of a case that can be redacted.
func redactOptions(r *foi.Request, letters []*foi.Letter) []redactOption {
	out := []redactOption{{foi.SubjectRequest, "The request text, as published"}}
	for _, p := range r.Parts {
		out = append(out, redactOption{foi.SubjectQuestion(p.Number), "The question of part " + strconv.Itoa(p.Number) + ", as published"})
	}
	for _, p := range r.Parts {
		if strings.TrimSpace(p.Answer) != "" {
			out = append(out, redactOption{foi.SubjectPart(p.Number), "The answer to part " + strconv.Itoa(p.Number)})
		}
	}
	for _, l := range letters {
		if l.SentAt.IsZero() {
			out = append(out, redactOption{foi.SubjectLetter(l.ID), "Letter " + strconv.FormatInt(l.ID, 10) + " (" + l.Kind + ", not sent)"})
		}
	}
	return out
}

// redactable reports whether a finding is in a text at known characters,
// so that its match can be redacted directly.
func redactable(f casework.CaseFinding) bool {
	return f.Redactable
}

func (s *Server) findingOverride(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, id, err := refAndID(r)
	if err != nil {
		return err
	}
	field := "finding-" + strconv.FormatInt(id, 10) + "-reason"
	if _, err := s.Service.OverrideFinding(r.Context(), u, ref, id, r.PostFormValue("reason")); err != nil {
		return s.refused(w, r, u, err, field, 0)
	}
	backToCase(w, r, ref, "overridden", "safety")
	return nil
}

func (s *Server) findingRedact(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, id, err := refAndID(r)
	if err != nil {
		return err
	}
	field := "finding-" + strconv.FormatInt(id, 10) + "-exemption"
	if _, err := s.Service.RedactFinding(r.Context(), u, ref, id, r.PostFormValue("reason")); err != nil {
		return s.refused(w, r, u, err, field, 0)
	}
	backToCase(w, r, ref, "redacted", "safety")
	return nil
}

func (s *Server) attachmentClean(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, id, err := refAndID(r)
	if err != nil {
		return err
	}
	if _, err := s.Service.MakeCleanCopy(r.Context(), u, ref, id); err != nil {
		return s.refused(w, r, u, err, "safety", 0)
	}
	backToCase(w, r, ref, "clean-copy", "safety")
	return nil
}

func (s *Server) redactionAdd(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, err := caseRef(r)
	if err != nil {
		return err
	}
	in := casework.Redact{Subject: r.PostFormValue("subject"), Phrase: r.PostFormValue("phrase"), Reason: r.PostFormValue("reason")}
	if _, err := s.Service.RedactText(r.Context(), u, ref, in); err != nil {
		return s.refused(w, r, u, err, "redact-phrase", 0)
	}
	backToCase(w, r, ref, "redacted", "redactions")
	return nil
}

// attachmentRedact blacks out phrases (one a line) in a PDF attachment:
// the flattened copy is released instead of the original.
func (s *Server) attachmentRedact(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, err := caseRef(r)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PostFormValue("attachment"), 10, 64)
	if err != nil {
		return s.refused(w, r, u, foi.Errorf(foi.EINVALID, "Choose the PDF to redact"), "redact-pdf-phrases", 0)
	}
	in := casework.RedactFile{Phrases: strings.Split(r.PostFormValue("phrases"), "\n"), Reason: r.PostFormValue("reason")}
	if _, err := s.Service.RedactPDF(r.Context(), u, ref, id, in); err != nil {
		return s.refused(w, r, u, err, "redact-pdf-phrases", 0)
	}
	backToCase(w, r, ref, "pdf-redacted", "redactions")
	return nil
}

func (s *Server) casePublish(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, err := caseRef(r)
	if err != nil {
		return err
	}
	in := casework.PublishInput{Title: r.PostFormValue("title"), Category: r.PostFormValue("category"), Summary: r.PostFormValue("summary")}
	for _, v := range r.PostForm["file"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return s.refused(w, r, u, foi.Errorf(foi.EINVALID, "Choose files from the list"), "publish-files", 0)
		}
		in.Files = append(in.Files, id)
	}
	if r.PostFormValue("wdtk_link") != "" { // the opt-in (layout/wdtk.html)
		if in.WDTKPage = strings.TrimSpace(r.PostFormValue("wdtk_page")); in.WDTKPage == "" {
			return s.refused(w, r, u, foi.Errorf(foi.EINVALID, "Enter the address of the request's WhatDoTheyKnow page, or untick the box to publish without the link"), "publish-wdtk", 0)
		}
	}
	if v := strings.TrimSpace(r.PostFormValue("published_on")); v != "" {
		if in.PublishedOn, err = foi.ParseDate(v); err != nil {
			return s.refused(w, r, u, foi.Errorf(foi.EINVALID, "Enter the publication date like 2026-11-25"), "publish-title", 0)
		}
	}
	if _, err := s.Service.Publish(r.Context(), u, ref, in); err != nil {
		field := "publish-title"
		if strings.Contains(foi.ErrorMessage(err), "categories") {
			field = "publish-category"
		} else if strings.Contains(foi.ErrorMessage(err), "WhatDoTheyKnow page") {
			field = "publish-wdtk"
		}
		return s.refused(w, r, u, err, field, 0)
	}
	backToCase(w, r, ref, "published", "publish")
	return nil
}

// refAndID reads {ref} and {id}.
func refAndID(r *http.Request) (foi.Reference, int64, error) {
	ref, err := caseRef(r)
	if err != nil {
		return ref, 0, err
	}
	id, err := pathID(r, "id")
	return ref, id, err
}

// letterBlockers are the open findings that stop a letter being sent: in
// its own text, and for a response or refusal in the files it releases.
func letterBlockers(sf *casework.Safety, l *foi.Letter) []casework.CaseFinding {
	var out []casework.CaseFinding
	for _, f := range sf.BlockSend {
		if f.Subject == foi.SubjectLetter(l.ID) || (f.AttachmentID != 0 && (l.Kind == foi.LetterResponse || l.Kind == foi.LetterRefusal)) {
			out = append(out, f)
		}
	}
	return out
}
