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
	// The preview asked for: the case it was made on, and the letter.
	PreviewRef string
	Preview    string
}

// ID is the template's form field: "template-response", "template-cy-response".
func (t templateView) ID() string { return templateID(t.Kind, t.Lang) }

// PreviewID is the id of its preview's field: "preview-response", "preview-cy-response".
func (t templateView) PreviewID() string { return "preview-" + strings.TrimPrefix(t.ID(), "template-") }

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
	Welsh        casework.WelshSettings      // staff_language.go
	AuthorityCy  casework.AuthorityWelsh     // the authority's settings in Welsh (staff_language.go)
	Categories   string                      // the disclosure log's categories, one a line
	Audit        *casework.AuditVerification // the latest verification of the audit trail, nil when none
	// The kind of authority and a school's term dates, as saved or as
	// refused (school.go in casework).
	Kinds     []casework.AuthorityKind
	Kind      casework.AuthorityKind
	TermsText string
	// Department input (inputdue.go in casework): the working days before
	// the statutory date, and each contact's manager.
	InputDays string
	Contacts  []contactManager
}

type contactManager struct {
	ID      int64
	Name    string
	Manager string
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
			[]FieldError{{"digest_days", "Enter a number of working days from 0 to 60, like 5"}}, adminForms{DigestDays: daysText, DigestTime: at})
	}
	if err := s.Service.SetDigestSettings(r.Context(), u, days, at); err != nil {
		if foi.ErrorCode(err) != foi.EINVALID {
			return err
		}
		field := "digest_days"
		if strings.Contains(foi.ErrorMessage(err), "time") {
			field = "digest_time"
		}
		return s.renderAdminWith(w, r, u, http.StatusBadRequest, "", "", []FieldError{{field, foi.ErrorMessage(err)}}, adminForms{DigestDays: daysText, DigestTime: at})
	}
	http.Redirect(w, r, "/staff/admin?notice=settings#digest", http.StatusSeeOther)
	return nil
}

func (s *Server) renderAdmin(w http.ResponseWriter, r *http.Request, u *foi.User, status int, kind, text string, errs []FieldError) error {
	return s.renderAdminWith(w, r, u, status, kind, text, errs, adminForms{})
}

// adminForms are the values a settings form shows when they are not the
// saved ones: what was refused. A zero School shows the saved settings.
type adminForms struct {
	DigestDays, DigestTime string
	PreviewRef, Preview    string // the preview of the template being edited
	School                 *casework.School
	Input                  *adminInputForm
}

type adminInputForm struct {
	Days     string
	Managers map[int64]string
}

// renderAdminWith renders the settings page with the forms' values (as
// saved, or as refused).
func (s *Server) renderAdminWith(w http.ResponseWriter, r *http.Request, u *foi.User, status int, kind, text string, errs []FieldError, f adminForms) error {
	need, err := s.Service.ResponsesNeedApproval(r.Context())
	if err != nil {
		return err
	}
	if f.DigestDays == "" && f.DigestTime == "" {
		days, at, err := s.Service.DigestSettings(r.Context())
		if err != nil {
			return err
		}
		f.DigestDays, f.DigestTime = strconv.Itoa(days), at
	}
	if f.School == nil {
		sc, err := s.Service.SchoolSettings(r.Context())
		if err != nil {
			return err
		}
		f.School = &sc
	}
	p := &adminPage{NeedApproval: need, Fields: letterFields, DigestDays: f.DigestDays, DigestTime: f.DigestTime,
		Kinds: casework.AuthorityKinds, Kind: f.School.Kind, TermsText: f.School.TermsText}
	if err := s.adminInputView(r, p, f.Input); err != nil {
		return err
	}
	if p.Audit, err = s.Service.LastAuditVerification(r.Context(), u); err != nil {
		return err
	}
	cats, err := s.Service.Categories(r.Context())
	if err != nil {
		return err
	}
	p.Categories = strings.Join(cats, "\n")
	if v, ok := r.PostForm["categories"]; ok {
		p.Categories = strings.Join(v, "") // as typed, when refused
	}
	for _, l := range i18n.Langs {
		for _, k := range foi.LetterKinds {
			t, def, err := s.Service.LetterTemplateIn(r.Context(), k, l)
			if err != nil {
				return err
			}
			tv := templateView{Kind: k, Text: t, IsDefault: def, Lang: l}
			if templateID(k, l) == kind { // kind is the refused or previewed template's ID
				tv.Text, tv.IsDefault = text, false
				tv.PreviewRef, tv.Preview = f.PreviewRef, f.Preview
			}
			p.Templates = append(p.Templates, tv)
		}
	}
	if p.Welsh, err = s.Service.WelshSettings(r.Context()); err != nil {
		return err
	}
	if p.AuthorityCy, err = s.Service.AuthorityWelsh(r.Context()); err != nil {
		return err
	}
	p.Title, p.Staff, p.Errors = "Settings and letter templates", u, errs
	if status == http.StatusOK {
		p.Notice = notices[r.URL.Query().Get("notice")]
	}
	return s.render(w, r, status, "staff/admin.html", p)
}

// adminAudit verifies the audit trail now; the page shows the outcome.
func (s *Server) adminAudit(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	if _, err := s.Service.VerifyAudit(r.Context(), u); err != nil {
		return err
	}
	http.Redirect(w, r, "/staff/admin#audit", http.StatusSeeOther)
	return nil
}

// adminSchool saves the kind of authority and a school's term dates; a
// refusal (a bad line, or an open request whose count the terms do not
// cover) is shown beside the term dates with what was typed, and nothing
// is saved.
func (s *Server) adminSchool(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	kind, text := casework.AuthorityKind(r.PostFormValue("authority_kind")), r.PostFormValue("school_terms")
	if err := s.Service.SetSchool(r.Context(), u, kind, text); err != nil {
		if foi.ErrorCode(err) != foi.EINVALID {
			return err
		}
		field := "school_terms"
		if strings.Contains(foi.ErrorMessage(err), "kind of authority") {
			field = "authority_kind"
		}
		return s.renderAdminWith(w, r, u, http.StatusBadRequest, "", "", []FieldError{{field, foi.ErrorMessage(err)}},
			adminForms{School: &casework.School{Kind: kind, TermsText: text}})
	}
	http.Redirect(w, r, "/staff/admin?notice=settings#school", http.StatusSeeOther)
	return nil
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
	if r.PostFormValue("preview") == "yes" {
		return s.adminPreview(w, r, u, kind, lang, text)
	}
	if err := s.Service.SetLetterTemplateIn(r.Context(), u, kind, lang, text); err != nil {
		if foi.ErrorCode(err) == foi.EINVALID {
			return s.renderAdmin(w, r, u, http.StatusBadRequest, id, text, []FieldError{{id, foi.ErrorMessage(err)}})
		}
		return err
	}
	http.Redirect(w, r, "/staff/admin?notice=template#"+id, http.StatusSeeOther)
	return nil
}

// adminPreview renders the template as typed on the case named, without
// saving it, and shows the letter under its form.
func (s *Server) adminPreview(w http.ResponseWriter, r *http.Request, u *foi.User, kind string, lang i18n.Lang, text string) error {
	refText := strings.TrimSpace(r.PostFormValue("preview_ref"))
	tv := templateView{Kind: kind, Lang: lang}
	refuse := func(msg string) error {
		return s.renderAdminWith(w, r, u, http.StatusBadRequest, tv.ID(), text, []FieldError{{tv.PreviewID(), msg}}, adminForms{PreviewRef: refText})
	}
	ref, err := foi.ParseReference(refText)
	if err != nil {
		if n, nerr := strconv.Atoi(refText); nerr == nil && n > 0 {
			ref, err = foi.Reference{Prefix: "FOI", Number: n}, nil // one sequence numbers every prefix
		}
	}
	if err != nil {
		return refuse("Enter the reference of a case to preview the letter on, like FOI 12748")
	}
	body, err := s.Service.PreviewLetter(r.Context(), u, kind, lang, text, ref)
	switch foi.ErrorCode(err) {
	case "":
	case foi.EINVALID, foi.ECONFLICT, foi.ENOTFOUND:
		return refuse(foi.ErrorMessage(err))
	default:
		return err
	}
	return s.renderAdminWith(w, r, u, http.StatusOK, tv.ID(), text, nil, adminForms{PreviewRef: refText, Preview: body})
}

func canApprove(u *foi.User) bool { return casework.Can(u, casework.PermApprove) }
func canSend(u *foi.User) bool    { return casework.Can(u, casework.PermSend) }

// adminCategories saves the disclosure log's categories, one a line.
func (s *Server) adminCategories(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	names := strings.Split(strings.ReplaceAll(r.PostFormValue("categories"), "\r\n", "\n"), "\n")
	if err := s.Service.SetCategories(r.Context(), u, names); err != nil {
		if foi.ErrorCode(err) == foi.EINVALID {
			return s.renderAdmin(w, r, u, http.StatusBadRequest, "", "", []FieldError{{"categories", foi.ErrorMessage(err)}})
		}
		return err
	}
	http.Redirect(w, r, "/staff/admin?notice=settings#categories", http.StatusSeeOther)
	return nil
}
