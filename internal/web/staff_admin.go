// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"
	"strconv"
	"strings"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

type templateView struct {
	Kind      string
	Text      string
	IsDefault bool
	// The preview asked for: the case it was made on, and the letter.
	PreviewRef string
	Preview    string
}

type adminPage struct {
	Page
	NeedApproval bool
	Templates    []templateView
	Fields       []string
	DigestDays   string
	DigestTime   string
	Categories   string // the disclosure log's categories, one a line
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

// adminPreview renders the template as typed on the case named, without
// saving it, and shows the letter under its form.
func (s *Server) adminPreview(w http.ResponseWriter, r *http.Request, u *foi.User, kind, text string) error {
	refText := strings.TrimSpace(r.PostFormValue("preview_ref"))
	field := "preview-" + kind
	ref, err := foi.ParseReference(refText)
	if err != nil {
		if n, nerr := strconv.Atoi(refText); nerr == nil && n > 0 {
			ref, err = foi.Reference{Prefix: "FOI", Number: n}, nil // one sequence numbers every prefix
		}
	}
	if err != nil {
		return s.renderAdminPreview(w, r, u, http.StatusBadRequest, kind, text, refText, "", []FieldError{{field, "Enter the reference of a case to preview the letter on, like FOI 12748"}})
	}
	body, err := s.Service.PreviewLetter(r.Context(), u, kind, text, ref)
	switch foi.ErrorCode(err) {
	case "":
	case foi.EINVALID, foi.ECONFLICT, foi.ENOTFOUND:
		return s.renderAdminPreview(w, r, u, http.StatusBadRequest, kind, text, refText, "", []FieldError{{field, foi.ErrorMessage(err)}})
	default:
		return err
	}
	return s.renderAdminPreview(w, r, u, http.StatusOK, kind, text, refText, body, nil)
}

func (s *Server) renderAdminPreview(w http.ResponseWriter, r *http.Request, u *foi.User, status int, kind, text, ref, body string, errs []FieldError) error {
	days, at, err := s.Service.DigestSettings(r.Context())
	if err != nil {
		return err
	}
	return s.renderAdminWithPreview(w, r, u, status, kind, text, errs, strconv.Itoa(days), at, ref, body)
}

// renderAdminWith renders the settings page with the digest form's values
// (as saved, or as refused).
func (s *Server) renderAdminWith(w http.ResponseWriter, r *http.Request, u *foi.User, status int, kind, text string, errs []FieldError, digestDays, digestTime string) error {
	return s.renderAdminWithPreview(w, r, u, status, kind, text, errs, digestDays, digestTime, "", "")
}

func (s *Server) renderAdminWithPreview(w http.ResponseWriter, r *http.Request, u *foi.User, status int, kind, text string, errs []FieldError, digestDays, digestTime, previewRef, preview string) error {
	need, err := s.Service.ResponsesNeedApproval(r.Context())
	if err != nil {
		return err
	}
	p := &adminPage{NeedApproval: need, Fields: letterFields, DigestDays: digestDays, DigestTime: digestTime}
	cats, err := s.Service.Categories(r.Context())
	if err != nil {
		return err
	}
	p.Categories = strings.Join(cats, "\n")
	if v, ok := r.PostForm["categories"]; ok {
		p.Categories = strings.Join(v, "") // as typed, when refused
	}
	for _, k := range foi.LetterKinds {
		t, def, err := s.Service.LetterTemplate(r.Context(), k)
		if err != nil {
			return err
		}
		tv := templateView{Kind: k, Text: t, IsDefault: def}
		if k == kind {
			tv.Text, tv.IsDefault = text, false
			tv.PreviewRef, tv.Preview = previewRef, preview
		}
		p.Templates = append(p.Templates, tv)
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
	if r.PostFormValue("preview") == "yes" {
		return s.adminPreview(w, r, u, kind, text)
	}
	if err := s.Service.SetLetterTemplate(r.Context(), u, kind, text); err != nil {
		if foi.ErrorCode(err) == foi.EINVALID {
			return s.renderAdmin(w, r, u, http.StatusBadRequest, kind, text, []FieldError{{"template-" + kind, foi.ErrorMessage(err)}})
		}
		return err
	}
	http.Redirect(w, r, "/staff/admin?notice=template#template-"+kind, http.StatusSeeOther)
	return nil
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
