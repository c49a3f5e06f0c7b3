// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"

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

// adminWelsh saves whether the public pages offer Welsh and put it first.
func (s *Server) adminWelsh(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ws := casework.WelshSettings{Offered: r.PostFormValue("welsh_offered") == "yes", WelshFirst: r.PostFormValue("welsh_first") == "yes"}
	if err := s.Service.SetWelshSettings(r.Context(), u, ws); err != nil {
		return err
	}
	s.forgetAuthority()
	http.Redirect(w, r, "/staff/admin?notice=welsh#welsh", http.StatusSeeOther)
	return nil
}
