// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"
	"strconv"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/i18n"
)

// Staff pages stay English, but show the requester's language prominently
// and warn before an English letter goes to someone who chose Welsh
// (issue 19; the Welsh Language Standards, standards 1-5).

func init() {
	notices["language"] = "Language for letters and emails saved"
	notices["welsh"] = "Welsh settings saved"
	notices["welsh-entry"] = "Welsh version saved"
}

// caseLanguage records the language a requester asked staff for.
func (s *Server) caseLanguage(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, err := caseRef(r)
	if err != nil {
		return err
	}
	if err := s.Service.SetRequesterLanguage(r.Context(), u, ref, r.PostFormValue("language")); err != nil {
		return s.refused(w, r, u, err, "language-choice", 0)
	}
	backToCase(w, r, ref, "language", "language")
	return nil
}

// languageSource says where a recorded language came from, for staff.
func languageSource(source string) string {
	switch source {
	case foi.LanguageFromPage:
		return "the language of the web form they used"
	case foi.LanguageFromEmail:
		return "the language their email was written in"
	case foi.LanguageFromStaff:
		return "set by staff"
	}
	return "not recorded"
}

// englishToWelsh reports a letter about to go in English to a requester
// who chose Welsh (a letter whose text i18n.Detect does not find Welsh).
func englishToWelsh(l foi.RequestLanguage, body string) bool {
	return l.Welsh() && i18n.Detect(body) != i18n.Welsh
}

// adminWelsh saves whether the public pages offer Welsh and put it first,
// and the authority's settings in Welsh.
func (s *Server) adminWelsh(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ws := casework.WelshSettings{Offered: r.PostFormValue("welsh_offered") == "yes", WelshFirst: r.PostFormValue("welsh_first") == "yes"}
	if _, ok := r.PostForm["authority_name_cy"]; ok { // the authority's settings in Welsh, for Welsh letters and emails
		cy := casework.AuthorityWelsh{Name: r.PostFormValue("authority_name_cy"), ReviewTeam: r.PostFormValue("review_team_cy"),
			CopyrightOwner: r.PostFormValue("copyright_owner_cy")}
		if err := s.Service.SetAuthorityWelsh(r.Context(), u, cy); err != nil {
			if foi.ErrorCode(err) != foi.EINVALID {
				return err
			}
			return s.renderAdmin(w, r, u, http.StatusBadRequest, "", "", []FieldError{{"authority_name_cy", foi.ErrorMessage(err)}})
		}
	}
	if err := s.Service.SetWelshSettings(r.Context(), u, ws); err != nil {
		return err
	}
	s.forgetAuthority()
	http.Redirect(w, r, "/staff/admin?notice=welsh#welsh", http.StatusSeeOther)
	return nil
}

// welshEntryPage is the form for an entry's Welsh version, beside its English.
type welshEntryPage struct {
	Page
	Entry *foi.Publication
	Welsh foi.WelshPublication
}

// WelshPart is the Welsh typed for part n (for the form).
func (p *welshEntryPage) WelshPart(n int) foi.WelshPart {
	wp, _ := p.Welsh.Part(n)
	return wp
}

func (s *Server) welshEntryShow(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	return s.renderWelshEntry(w, r, u, http.StatusOK, nil, nil)
}

func (s *Server) renderWelshEntry(w http.ResponseWriter, r *http.Request, u *foi.User, status int, typed *foi.WelshPublication, errs []FieldError) error {
	ref, err := caseRef(r)
	if err != nil {
		return err
	}
	req, _, err := s.Service.FindRequest(r.Context(), u, ref) // the case's own access check (audited)
	if err != nil {
		return err
	}
	p, err := s.Service.Disclosure(r.Context(), req.Reference)
	if foi.IsNotFound(err) {
		return foi.Errorf(foi.ECONFLICT, "publish %s in English before adding its Welsh version", req.Reference)
	}
	if err != nil {
		return err
	}
	page := &welshEntryPage{Entry: p}
	if typed != nil {
		page.Welsh = *typed
	} else if cur, err := s.Service.WelshEntry(r.Context(), req.ID); err == nil {
		page.Welsh = *cur
	} else if !foi.IsNotFound(err) {
		return err
	}
	page.Title, page.Staff, page.Errors = "The Welsh version of "+req.Reference.String(), u, errs
	page.Notice = notices[r.URL.Query().Get("notice")]
	return s.render(w, r, status, "staff/welsh_entry.html", page)
}

func (s *Server) welshEntrySave(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, err := caseRef(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return foi.Errorf(foi.EINVALID, "the form could not be read")
	}
	f := r.PostForm
	in := foi.WelshPublication{Title: f.Get("title"), Summary: f.Get("summary"), Request: f.Get("request")}
	for _, n := range f["part"] {
		num, err := strconv.Atoi(n)
		if err != nil {
			return foi.Errorf(foi.EINVALID, "part %q is not a number", n)
		}
		in.Parts = append(in.Parts, foi.WelshPart{Number: num, Text: f.Get("text-" + n), Answer: f.Get("answer-" + n)})
	}
	if err := s.Service.SetWelshEntry(r.Context(), u, ref, in); err != nil {
		if code := foi.ErrorCode(err); code == foi.EINVALID || code == foi.ECONFLICT {
			return s.renderWelshEntry(w, r, u, http.StatusBadRequest, &in, []FieldError{{"title", foi.ErrorMessage(err)}})
		}
		return err
	}
	http.Redirect(w, r, "/staff/cases/"+ref.Slug()+"/welsh?notice=welsh-entry", http.StatusSeeOther)
	return nil
}
