// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// The case page's parts are one form (issue 15, item 3): saving part 1
// used to reload the page and lose what was typed in part 2. Every part's
// fields carry its number ("answer-2"), so one save sends them all, and
// every part the writer changed is saved; each save button only says
// which part to come back to. The department contact's input is sent the
// same way.

// answersSave saves every part whose answer the writer changed on the page.
func (s *Server) answersSave(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, err := caseRef(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return foi.Errorf(foi.EINVALID, "the form could not be read")
	}
	forms := partForms(r.PostForm, "was")
	var saved []int
	var errs []FieldError
	for _, n := range sortedParts(forms) {
		f := forms[n]
		a := casework.Answer{Text: f.Get("answer"), Outcome: foi.Outcome(f.Get("outcome")),
			Exemptions: f["exemptions"], PublicInterest: f.Get("public_interest"), Unchanged: f.Get("was")}
		if casework.Fingerprint(a.Outcome, a.Text, a.Exemptions, a.PublicInterest) == a.Unchanged {
			continue // not changed on this page: leave it as it is
		}
		if _, err := s.Service.AnswerPart(r.Context(), u, ref, n, a); err != nil {
			switch foi.ErrorCode(err) {
			case foi.EINVALID, foi.ECONFLICT:
				errs = append(errs, FieldError{"part-" + strconv.Itoa(n) + "-outcome", foi.ErrorMessage(err)})
				continue
			}
			return err
		}
		saved = append(saved, n)
		delete(forms, n) // saved: the page shows it as stored
	}
	back := r.PostForm.Get("save")
	if back == saveAndDraft && len(errs) == 0 {
		return s.draftResponse(w, r, u, ref, saved)
	}
	if len(errs) > 0 {
		if len(saved) > 0 {
			errs = append(errs, FieldError{"parts", "Saved: " + partList(saved) + ". The parts below with an error were not saved; what you typed in them is kept."})
		}
		status := http.StatusBadRequest
		return s.renderCaseForms(w, r, u, status, errs, nil, forms)
	}
	u2 := "/staff/cases/" + ref.Slug() + "?notice=answer"
	if len(saved) == 0 {
		u2 = "/staff/cases/" + ref.Slug() + "?notice=answer-unchanged"
	} else {
		u2 += "&parts=" + joinNumbers(saved, ",")
	}
	if _, err := strconv.Atoi(back); err == nil {
		u2 += "#part-" + back
	}
	http.Redirect(w, r, u2, http.StatusSeeOther)
	return nil
}

// saveAndDraft is the save button's value that, once every changed part
// is saved, drafts the response: the routine case's answers and its letter
// in one page load (issue 15). The letter is only drafted; the officer reads
// it on its own page, and sending it passes the same gate and approval.
const saveAndDraft = "draft-response"

// draftResponse drafts the response letter after the answers were saved
// and opens it. Refused (a part has no outcome yet), the case page says
// why beside the button, with the answers that were saved named.
func (s *Server) draftResponse(w http.ResponseWriter, r *http.Request, u *foi.User, ref foi.Reference, saved []int) error {
	l, err := s.Service.DraftLetter(r.Context(), u, ref, foi.LetterResponse, "")
	if err != nil {
		if c := foi.ErrorCode(err); c != foi.EINVALID && c != foi.ECONFLICT {
			return err
		}
		msg := foi.ErrorMessage(err)
		if len(saved) > 0 {
			msg = "Saved the answers to " + partList(saved) + ", but the response was not drafted: " + msg
		}
		return s.renderCaseForms(w, r, u, http.StatusConflict, []FieldError{{saveAndDraft, upperFirst(msg)}}, nil, nil)
	}
	next := "/staff/cases/" + ref.Slug() + "/letters/" + strconv.FormatInt(l.ID, 10) + "?notice=letter"
	if len(saved) > 0 {
		next += "-answers&parts=" + joinNumbers(saved, ",")
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// inputsSend sends a department contact's input on every part they wrote in.
func (s *Server) inputsSend(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, err := caseRef(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return foi.Errorf(foi.EINVALID, "the form could not be read")
	}
	forms := partForms(r.PostForm, "input")
	var sent []int
	var errs []FieldError
	for _, n := range sortedParts(forms) {
		if strings.TrimSpace(forms[n].Get("input")) == "" {
			continue
		}
		if err := s.Service.AddPartInput(r.Context(), u, ref, n, forms[n].Get("input")); err != nil {
			if foi.ErrorCode(err) == foi.EINVALID {
				errs = append(errs, FieldError{"part-" + strconv.Itoa(n) + "-input", foi.ErrorMessage(err)})
				continue
			}
			return err
		}
		sent = append(sent, n)
		delete(forms, n)
	}
	if len(sent) == 0 && len(errs) == 0 {
		n := r.PostForm.Get("send")
		if _, err := strconv.Atoi(n); err != nil {
			n = "1"
		}
		errs = append(errs, FieldError{"part-" + n + "-input", "Write your input before sending it"})
	}
	if len(errs) > 0 {
		return s.renderCaseForms(w, r, u, http.StatusBadRequest, errs, nil, forms)
	}
	back := "/staff/cases/" + ref.Slug() + "?notice=input&parts=" + joinNumbers(sent, ",")
	if _, err := strconv.Atoi(r.PostForm.Get("send")); err == nil {
		back += "#part-" + r.PostForm.Get("send")
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// partForms splits a form whose fields end in a part number ("answer-2")
// into one form a part, with the plain names the part's template reads.
// A part is in it when its key field (always sent) is.
func partForms(form url.Values, key string) map[int]url.Values {
	out := map[int]url.Values{}
	for name, vs := range form {
		i := strings.LastIndexByte(name, '-')
		if i < 0 {
			continue
		}
		n, err := strconv.Atoi(name[i+1:])
		if err != nil || n < 1 {
			continue
		}
		if out[n] == nil {
			out[n] = url.Values{}
		}
		out[n][name[:i]] = vs
	}
	for n, f := range out {
		if _, ok := f[key]; !ok {
			delete(out, n)
		}
	}
	return out
}

func sortedParts(forms map[int]url.Values) []int {
	var ns []int
	for n := range forms {
		ns = append(ns, n)
	}
	slices.Sort(ns)
	return ns
}

// partList is "part 2", "parts 1 and 2" or "parts 1, 3 and 4".
func partList(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	switch len(s) {
	case 0:
		return ""
	case 1:
		return "part " + s[0]
	}
	return "parts " + strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// caseNotice is the case page's one-off confirmation, naming the parts
// a save covered (parts=1,2 in the address, numbers only).
func caseNotice(q url.Values) string {
	notice := notices[q.Get("notice")]
	var ns []int
	for _, v := range strings.Split(q.Get("parts"), ",") {
		if n, err := strconv.Atoi(v); err == nil && n > 0 && len(ns) < 100 {
			ns = append(ns, n)
		}
	}
	if len(ns) == 0 || notice == "" {
		return notice
	}
	switch q.Get("notice") {
	case "answer":
		if len(ns) == 1 {
			return "Saved the answer to " + partList(ns)
		}
		return "Saved the answers to " + partList(ns)
	case "input":
		return "Your input on " + partList(ns) + " has been sent to the case officer"
	case "letter-answers":
		return "Saved the answers to " + partList(ns) + " and drafted the response: read it before it is sent"
	}
	return notice
}
