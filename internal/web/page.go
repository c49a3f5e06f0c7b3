// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"sync"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/i18n"
)

//go:embed templates
var templateFS embed.FS

// Page is what the layout needs on every page. Each page's data struct
// embeds it, so templates are checked against typed fields.
type Page struct {
	Title     string // the <title> (the authority's name is appended)
	Authority casework.Authority
	Staff     *foi.User // the signed-in member of staff; nil on public pages
	CSRFToken string    // for staff forms, when sessions are in use
	Errors    []FieldError
	Notice    string // a one-off confirmation shown at the top ("Part 2 saved")
	Path      string // the request path, for navigation state

	Lang       i18n.Lang    // the language the page is written in (lang.go)
	Alternates []langOption // the page in each language, for hreflang links
	Switch     []langOption // the language switch; empty on staff pages
	// English holds messages (from the casework service) that have no
	// translation, so a Welsh page marks them lang="en".
	English map[string]bool
	// ContentLang is "en" on a Welsh page that shows the authority's English
	// content (entry titles, categories), so that text is marked lang="en".
	ContentLang string
}

// translated is msg (an error from the casework service) in the page's
// language where the catalogue has it; otherwise the English, marked.
func (p *Page) translated(tr *i18n.Printer, msg string) string {
	out, ok := tr.Translated(msg)
	if !ok {
		if p.English == nil {
			p.English = map[string]bool{}
		}
		p.English[msg] = true
	}
	return out
}

// LangOf is "en" for a message left in English on a Welsh page, else "".
func (p *Page) LangOf(msg string) string {
	if p.English[msg] {
		return "en"
	}
	return ""
}

func (p *Page) page() *Page { return p }

// pageData is any page struct that embeds Page.
type pageData interface{ page() *Page }

// FieldError is one problem with a form, shown in the GOV.UK error summary
// and beside the field it concerns (Field is the input's id).
type FieldError struct {
	Field   string
	Message string
}

// ErrorFor returns the message for a field, or "".
func (p *Page) ErrorFor(field string) string {
	for _, e := range p.Errors {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// templates holds one parsed template set per page: the layout and
// partials plus that page, so pages can each define "content".
type templates struct {
	pages map[i18n.Lang]map[string]*template.Template
}

// parseTemplates parses every page under templates/ at start-up, once for
// each language (langFuncs binds t and date to it), so a broken template
// stops the server from starting rather than a user's page.
func parseTemplates(funcs template.FuncMap, langFuncs func(i18n.Lang) template.FuncMap) (*templates, error) {
	t := &templates{pages: map[i18n.Lang]map[string]*template.Template{}}
	for _, l := range i18n.Langs {
		pages, err := parseLang(funcs, langFuncs(l))
		if err != nil {
			return nil, err
		}
		t.pages[l] = pages
	}
	return t, nil
}

func parseLang(funcs, langFuncs template.FuncMap) (map[string]*template.Template, error) {
	pages := map[string]*template.Template{}
	shared := []string{"templates/layout/*.html"}
	err := fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(path, "templates/layout/") || !strings.HasSuffix(path, ".html") {
			return err
		}
		name := strings.TrimPrefix(path, "templates/")
		tmpl, err := template.New(name).Funcs(funcs).Funcs(langFuncs).ParseFS(templateFS, append(shared, path)...)
		if err != nil {
			return fmt.Errorf("template %s: %w", name, err)
		}
		pages[name] = tmpl
		return nil
	})
	return pages, err
}

// render executes a page into a buffer first, so a template error becomes
// a clean error page and never half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data pageData) error {
	p := data.page()
	a, err := s.authority(r)
	if err != nil {
		return err
	}
	p.Lang = i18n.English
	public := p.Staff == nil && !strings.HasPrefix(name, "staff/") && !isStaffPath(r)
	if public && a.Welsh.Offered {
		p.Lang = s.langOf(r)
		p.Alternates = langOptions(r, p.Lang, a.Welsh.WelshFirst)
		p.Switch = p.Alternates
		if p.Lang != i18n.English && p.ContentLang == "" {
			p.ContentLang = string(i18n.English) // the authority's entries are English
		}
	}
	tmpl, ok := s.tmpl.pages[p.Lang][name]
	if !ok {
		return fmt.Errorf("no template %q", name)
	}
	p.Authority = a
	if p.Lang == i18n.Welsh { // the authority's own words in Welsh where it gave them (authority_cy.go)
		p.Authority = a.In(i18n.Welsh, s.authorityCy())
	}
	p.Path = r.URL.Path
	var buf bytes.Buffer
	if err := tmpl.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("rendering %s: %w", name, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	if p.Staff != nil {
		h.Set("Cache-Control", "no-store") // staff pages carry personal data
	} else if public && a.Welsh.Offered {
		s.rememberLang(w, r)
		h.Add("Vary", "Cookie") // the page's language follows the lang cookie
		h.Set("Content-Language", string(p.Lang))
	}
	w.WriteHeader(status)
	_, err = buf.WriteTo(w)
	return err
}

// authorityCache keeps the authority's settings for a few seconds: every
// page shows them, and they change rarely.
type authorityCache struct {
	mu      sync.Mutex
	value   casework.Authority
	cy      casework.AuthorityWelsh // its Welsh values, for Welsh pages
	fetched time.Time
}

const authorityTTL = 10 * time.Second

func (s *Server) authority(r *http.Request) (casework.Authority, error) {
	c := &s.authCache
	c.mu.Lock()
	defer c.mu.Unlock()
	if time.Since(c.fetched) < authorityTTL {
		return c.value, nil
	}
	a, err := s.Service.Authority(r.Context())
	if err != nil {
		return a, err
	}
	cy, err := s.Service.AuthorityWelsh(r.Context())
	if err != nil {
		return a, err
	}
	c.value, c.cy, c.fetched = a, cy, time.Now()
	return a, nil
}

// authorityCy is the cached Welsh values (read with the authority).
func (s *Server) authorityCy() casework.AuthorityWelsh {
	s.authCache.mu.Lock()
	defer s.authCache.mu.Unlock()
	return s.authCache.cy
}

// forgetAuthority drops the cached settings after an administrator changes them.
func (s *Server) forgetAuthority() {
	s.authCache.mu.Lock()
	s.authCache.fetched = time.Time{}
	s.authCache.mu.Unlock()
}

// htmlHandler renders a handler's error as an HTML page whose message is
// safe to show; internal errors are logged and shown as a plain apology.
func (s *Server) htmlHandler(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		code := foi.ErrorCode(err)
		if code == foi.EINTERNAL {
			s.logger().Error("page failed", "route", r.Pattern, "err", err) // the pattern: a path can hold a tracking token
		}
		status := statusOf(code)
		tr := s.tr(r)
		page := &errorPage{Status: status}
		title := http.StatusText(status)
		if status == http.StatusConflict {
			title = "This cannot be done now" // "Conflict" means nothing to a reader
		}
		page.Title = tr.Text(title)
		msg := foi.ErrorMessage(err)
		if code == foi.EINTERNAL {
			msg = "Sorry, something went wrong on our side. Please try again later."
		}
		page.Message = page.translated(tr, msg)
		if rerr := s.render(w, r, status, "error.html", page); rerr != nil {
			s.logger().Error("rendering the error page", "err", rerr)
			http.Error(w, page.Message, status)
		}
	})
}

type errorPage struct {
	Page
	Status  int
	Message string
	Back    *link // where to go instead
}

type link struct{ Href, Text string }
