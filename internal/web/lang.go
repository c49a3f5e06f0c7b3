// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"disclose/internal/i18n"
)

// The reader's language, remembered without an account: a page asked for
// with ?lang=cy (or ?lang=en) is in that language and sets the lang cookie,
// which every later page follows. Without either, pages are English. Staff
// pages are English whatever the choice (issue 19: staff pages stay English).
const (
	langParam  = "lang"
	langCookie = "lang"
)

// langOf is the language a public page is written in for r: English when
// the authority does not offer Welsh; else the reader's choice; else Welsh
// when the authority puts Welsh first, English otherwise.
func (s *Server) langOf(r *http.Request) i18n.Lang {
	if isStaffPath(r) {
		return i18n.English // staff pages, and their error pages, stay English
	}
	a, err := s.authority(r)
	if err == nil && !a.Welsh.Offered {
		return i18n.English
	}
	if l, ok := chosenLang(r); ok {
		return l
	}
	if err == nil && a.Welsh.WelshFirst {
		return i18n.Welsh
	}
	return i18n.English
}

// isStaffPath reports a staff page (its sign-in and error pages included).
func isStaffPath(r *http.Request) bool {
	return r.URL.Path == "/staff" || strings.HasPrefix(r.URL.Path, "/staff/")
}

// chosenLang is the language the reader chose: ?lang=, a form's lang field,
// or the lang cookie.
func chosenLang(r *http.Request) (i18n.Lang, bool) {
	if l, ok := i18n.Parse(r.URL.Query().Get(langParam)); ok {
		return l, true
	}
	if r.PostForm != nil { // a public form carries its page's language
		if l, ok := i18n.Parse(r.PostForm.Get(langParam)); ok {
			return l, true
		}
	}
	if c, err := r.Cookie(langCookie); err == nil {
		if l, ok := i18n.Parse(c.Value); ok {
			return l, true
		}
	}
	return "", false
}

// rememberLang sets the cookie when the page was asked for in a language.
func (s *Server) rememberLang(w http.ResponseWriter, r *http.Request) {
	l, ok := i18n.Parse(r.URL.Query().Get(langParam))
	if !ok {
		return
	}
	if c, err := r.Cookie(langCookie); err == nil && c.Value == string(l) {
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: langCookie, Value: string(l), Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: s.BehindTLS, SameSite: http.SameSiteLaxMode,
	})
}

// tr is the printer for r's language, for words a handler writes.
func (s *Server) tr(r *http.Request) *i18n.Printer {
	return s.printer(s.langOf(r))
}

func (s *Server) printer(l i18n.Lang) *i18n.Printer {
	p := i18n.NewPrinter(l)
	p.Missing = func(key string) {
		if s.missingWelsh != nil {
			s.missingWelsh(key)
		}
	}
	return p
}

// langHref is this page's address in language l (?lang= replaced).
func langHref(r *http.Request, l i18n.Lang) string {
	q := r.URL.Query()
	q.Set(langParam, string(l))
	u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
	return u.String()
}

// langOption is one language of the switch and of the hreflang links.
type langOption struct {
	Lang    i18n.Lang
	Name    string // in itself: "Cymraeg"
	Label   string // for screen readers, in that language: "Newid yr iaith i'r Gymraeg"
	Href    string
	Current bool
}

func langOptions(r *http.Request, current i18n.Lang, welshFirst bool) []langOption {
	var out []langOption
	langs := i18n.Langs
	if welshFirst {
		langs = []i18n.Lang{i18n.Welsh, i18n.English}
	}
	for _, l := range langs {
		label := "Change the language to English"
		if l == i18n.Welsh {
			label = "Newid yr iaith i’r Gymraeg"
		}
		out = append(out, langOption{Lang: l, Name: l.Name(), Label: label, Href: langHref(r, l), Current: l == current})
	}
	return out
}

// langFuncs are the template helpers that depend on the page's language;
// each language has its own parsed set of templates (page.go).
func (s *Server) langFuncs(l i18n.Lang) template.FuncMap {
	p := s.printer(l)
	// A catalogue message with no arguments reads the same every time, and
	// formatting it was a tenth of an entry page's rendering: it is
	// translated once (the catalogue bounds what is kept).
	var fixed sync.Map
	return template.FuncMap{
		"t": func(key string, args ...any) string {
			if len(args) > 0 || !i18n.Has(key) {
				return p.T(key, args...)
			}
			if v, ok := fixed.Load(key); ok {
				return v.(string)
			}
			v := p.T(key, args...)
			fixed.Store(key, v)
			return v
		},
		"th":        func(key string, args ...any) template.HTML { return p.HTML(key, args...) },
		"date":      l.Date,
		"monthName": func(m string) string { return monthName(l, m) },
		// authorityText is the authority's own words from its settings,
		// marked lang="en" on a Welsh page unless it is a Welsh value
		// (casework.AuthorityWelsh), for a sentence made with th.
		"authorityText": func(text string) template.HTML {
			if cy := s.authorityCy(); l == i18n.English || (text != "" && (text == cy.Name || text == cy.ReviewTeam || text == cy.CopyrightOwner)) {
				return template.HTML(template.HTMLEscapeString(text))
			}
			return template.HTML(`<span lang="en">` + template.HTMLEscapeString(text) + `</span>`)
		},
		"months": func() []string {
			out := make([]string, 12)
			for i := range out {
				out[i] = l.Month(time.Month(i + 1))
			}
			return out
		},
	}
}

// link is an HTML link for a sentence made with th.
func htmlLink(href, text string) template.HTML {
	return template.HTML(`<a class="govuk-link" href="` + template.HTMLEscapeString(href) + `">` + template.HTMLEscapeString(text) + `</a>`)
}

// typedLink is htmlLink with the type of what it links to (a feed, JSON).
func typedLink(href, typ, text string) template.HTML {
	return template.HTML(`<a class="govuk-link" href="` + template.HTMLEscapeString(href) + `" type="` +
		template.HTMLEscapeString(typ) + `">` + template.HTMLEscapeString(text) + `</a>`)
}

// mailto is a link to an email address, for a sentence made with th.
func mailto(addr string) template.HTML {
	return htmlLink("mailto:"+addr, addr)
}

// code is a literal to type (a parameter, a value), for a sentence made
// with th; it is marked lang="en" as it is the same in every language.
func code(text string) template.HTML {
	return template.HTML(`<code lang="en">` + template.HTMLEscapeString(text) + "</code>")
}

// strong is bold text, for a sentence made with th.
func strong(text string) template.HTML {
	return template.HTML("<strong>" + template.HTMLEscapeString(text) + "</strong>")
}
