// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"
	"strconv"
	"strings"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/i18n"
)

type templateView struct {
	Kind      string
	Text      string
	IsDefault bool
	Lang      i18n.Lang // each letter has an English and a Welsh template
}

// ID is the template's form field: "template-response", "template-cy-response".
func (t templateView) ID() string { return templateID(t.Kind, t.Lang) }

func templateID(kind string, lang i18n.Lang) string {
	if lang == i18n.Welsh {
		return "template-cy-" + kind
	}
	return "template-" + kind
}

type adminPage struct {
	Page
	NeedApproval bool
	Templates    []templateView
	Fields       []string
	DigestDays   string
	DigestTime   string
	Welsh        casework.WelshSettings // staff_language.go
}

// letterFields documents what a template can use (casework.LetterData).
var letterFields = []string{
	"{{.Authority.Name}}", "{{.Authority.FOIEmail}}", "{{.Authority.CopyrightOwner}}", "{{.Authority.ReviewTeam}}",
	"{{.Reference}}", "{{.RegimeShort}}", "{{.RegimeTitle}}", "{{.Regulator}}", "{{.RegulatorShort}}", "{{.RegulatorWebsite}}",
	"{{.Date}}", "{{.ReceivedOn}}", "{{.DueOn}}", "{{.Requester.Name}}", "{{.Preamble}}", "{{.Officer}}", "{{.Details}}",
	"{{range .Parts}}{{.Label}} {{.Question}} {{.Answer}} {{.QuestionAndAnswer}} {{.OutcomeTitle}} {{.PublicInterest}}{{end}}",
	"{{range .Withheld}}…{{range .Exemptions}}{{.Title}} {{.Section}}{{end}}{{end}}",
	"{{.Scottish}}", "{{.Review.RequestedOn}} {{.Review.CompletedOn}} {{.Review.Outcome}} {{.Review.Reasons}}",
	"{{range .Review.Decisions}}{{.Label}} {{.Question}} {{.Overturned}} {{.Before.Answer}} {{.After.Answer}} {{.After.OutcomeTitle}}{{end}}",
}

func (s *Server) adminShow(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	return s.renderAdmin(w, r, u, http.StatusOK, "", "", nil)
}

// adminDigest saves the reminder digest's settings; a bad value is shown
// beside its field and nothing is saved.
func (s *Server) adminDigest(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	daysText, at := strings.TrimSpace(r.PostFormValue("digest_days")), strings.TrimSpace(r.PostFormValue("digest_time"))
	days, err := strconv.Atoi(daysText)
	if err != nil {
		return s.renderAdminWith(w, r, u, http.StatusBadRequest, "", "",
			[]FieldError{{"digest_days", "Enter a number of working days from 0 to 60, like 5"}}, daysText, at)
	}
	if err := s.Service.SetDigestSettings(r.Context(), u, days, at); err != nil {
		if foi.ErrorCode(err) != foi.EINVALID {
			return err
		}
		field := "digest_days"
		if strings.Contains(foi.ErrorMessage(err), "time") {
			field = "digest_time"
		}
		return s.renderAdminWith(w, r, u, http.StatusBadRequest, "", "", []FieldError{{field, foi.ErrorMessage(err)}}, daysText, at)
	}
	http.Redirect(w, r, "/staff/admin?notice=settings#digest", http.StatusSeeOther)
	return nil
}

func (s *Server) renderAdmin(w http.ResponseWriter, r *http.Request, u *foi.User, status int, kind, text string, errs []FieldError) error {
	days, at, err := s.Service.DigestSettings(r.Context())
	if err != nil {
		return err
	}
	return s.renderAdminWith(w, r, u, status, kind, text, errs, strconv.Itoa(days), at)
}

// renderAdminWith renders the settings page with the digest form's values
// (as saved, or as refused).
func (s *Server) renderAdminWith(w http.ResponseWriter, r *http.Request, u *foi.User, status int, kind, text string, errs []FieldError, digestDays, digestTime string) error {
	need, err := s.Service.ResponsesNeedApproval(r.Context())
	if err != nil {
		return err
	}
	p := &adminPage{NeedApproval: need, Fields: letterFields, DigestDays: digestDays, DigestTime: digestTime}
	for _, l := range i18n.Langs {
		for _, k := range foi.LetterKinds {
			t, def, err := s.Service.LetterTemplateIn(r.Context(), k, l)
			if err != nil {
				return err
			}
			if templateID(k, l) == kind { // kind is the refused template's ID
				t, def = text, false
			}
			p.Templates = append(p.Templates, templateView{k, t, def, l})
		}
	}
	if p.Welsh, err = s.Service.WelshSettings(r.Context()); err != nil {
		return err
	}
	p.Title, p.Staff, p.Errors = "Settings and letter templates", u, errs
	if status == http.StatusOK {
		p.Notice = notices[r.URL.Query().Get("notice")]
	}
	return s.render(w, r, status, "staff/admin.html", p)
}

func (s *Server) adminApproval(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	if err := s.Service.SetResponsesNeedApproval(r.Context(), u, r.PostFormValue("need_approval") == "yes"); err != nil {
		return err
	}
	http.Redirect(w, r, "/staff/admin?notice=settings", http.StatusSeeOther)
	return nil
}

func (s *Server) adminTemplate(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	kind := r.PathValue("kind")
	text := r.PostFormValue("template")
	if r.PostFormValue("reset") == "yes" {
		text = ""
	}
	lang := i18n.English
	if l, ok := i18n.Parse(r.PostFormValue("lang")); ok {
		lang = l
	}
	id := templateID(kind, lang)
	if err := s.Service.SetLetterTemplateIn(r.Context(), u, kind, lang, text); err != nil {
		if foi.ErrorCode(err) == foi.EINVALID {
			return s.renderAdmin(w, r, u, http.StatusBadRequest, id, text, []FieldError{{id, foi.ErrorMessage(err)}})
		}
		return err
	}
	http.Redirect(w, r, "/staff/admin?notice=template#"+id, http.StatusSeeOther)
	return nil
}

func canApprove(u *foi.User) bool { return casework.Can(u, casework.PermApprove) }
func canSend(u *foi.User) bool    { return casework.Can(u, casework.PermSend) }
