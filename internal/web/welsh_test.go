// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"
)

// langClient is a browser that chose lang: it carries the lang cookie.
func langClient(t *testing.T, base, lang string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	u, _ := url.Parse(base)
	jar.SetCookies(u, []*http.Cookie{{Name: "lang", Value: lang, Path: "/"}})
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// visibleText lists the text a reader meets in a page in its own language:
// text nodes and the text of aria-label, title, alt and placeholder, leaving
// out scripts and any element marked with another language than want.
func visibleText(t *testing.T, page, want string) []string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(n *html.Node, lang string)
	walk = func(n *html.Node, lang string) {
		if n.Type == html.ElementNode {
			if n.Data == "script" || n.Data == "style" {
				return
			}
			for _, a := range n.Attr {
				switch a.Key {
				case "lang":
					lang = a.Val
				}
			}
			if lang == want {
				for _, a := range n.Attr {
					switch a.Key {
					case "aria-label", "title", "alt", "placeholder":
						out = append(out, a.Val)
					}
				}
			}
		}
		if n.Type == html.TextNode && lang == want {
			if s := strings.Join(strings.Fields(n.Data), " "); s != "" {
				out = append(out, s)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, lang)
		}
	}
	walk(doc, "")
	return out
}

var lettersRE = regexp.MustCompile(`\pL{3,}`)

// TestEveryPublicPageIsWelsh renders every public page in Welsh and fails
// when any of its text has no Welsh: a string the catalogue lacks (the
// printer reports it), or text in the Welsh page that is the same as in
// the English page and is not the authority's or the requester's own words.
func TestEveryPublicPageIsWelsh(t *testing.T) {
	f := newFixture(t)
	var (
		mu      sync.Mutex
		missing []string
	)
	f.site.SetMissingWelsh(func(key string) {
		mu.Lock()
		defer mu.Unlock()
		if !slices.Contains(missing, key) {
			missing = append(missing, key)
		}
	})
	ref := publishAnswered(t, f, "Library opening hours", "Libraries", "1. What are the opening hours?\n2. How many visitors?", "Nine to five.", "Ten thousand.")
	track := sendRequest(t, f, requestForm("Sam Requester", "sam@example.org", "1 High Street", "1. How many libraries?\n2. What did they cost?"))
	respondAsStaff(t, f, "2026-11-25")
	open := sendRequest(t, f, requestForm("Alex Asker", "alex@example.org", "", "How many parks?"))

	// Data: words that are the same in both languages because nobody
	// translates them (names, references, what people wrote).
	data := []string{"Library opening hours", "Libraries", "What are the opening hours?", "How many visitors?",
		"Nine to five.", "Ten thousand.", "Sam Requester", "sam@example.org", "High Street", "How many libraries?",
		"What did they cost?", "Alex Asker", "alex@example.org", "How many parks?", "Answer to", ref.String(),
		"Disclose", "English", "CSV", "JSON", "API", "FOIA", "www.ico.org.uk"}
	if a, err := f.svc.Authority(ctx); err == nil {
		data = append(data, a.Name, a.ShortName, a.FOIEmail, a.CopyrightOwner)
	}
	ownWords := func(s string) bool {
		for _, d := range data {
			if d != "" {
				s = strings.ReplaceAll(s, d, "")
			}
		}
		s = regexp.MustCompile(`(EIR|FOI) \d+|/track/\S+|http\S+`).ReplaceAllString(s, "")
		return !lettersRE.MatchString(s)
	}

	cy, en := langClient(t, f.srv.URL, "cy"), langClient(t, f.srv.URL, "en")
	fetch := func(c *http.Client, method, path string, form url.Values) (int, string) {
		var resp *http.Response
		var err error
		if method == "POST" {
			resp, err = c.PostForm(f.srv.URL+path, form)
		} else {
			resp, err = c.Get(f.srv.URL + path)
		}
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b strings.Builder
		_, _ = io.Copy(&b, resp.Body)
		return resp.StatusCode, b.String()
	}
	pages := []struct {
		method, path string
		form         url.Values
	}{
		{"GET", "/", nil},
		{"GET", "/requests/new", nil},
		{"POST", "/requests/new", url.Values{"name": {""}, "request-text": {""}}},
		{"POST", "/requests/new", requestForm("Sam Requester", "sam@example.org", "1 High Street", "How many libraries?")},
		{"GET", track + "/confirmation", nil},
		{"GET", track, nil},
		{"GET", track + "?done=review", nil},
		{"GET", track + "/review", nil},
		{"POST", track + "/review", url.Values{"reason": {" "}}},
		{"GET", open, nil},
		{"GET", open + "/withdraw", nil},
		{"GET", "/disclosure-log", nil},
		{"GET", "/disclosure-log?q=opening+hours", nil},
		{"GET", "/disclosure-log?q=nothing+matches+this", nil},
		{"GET", "/disclosure-log?category=Libraries&month=2026-10", nil},
		{"GET", "/disclosure-log/" + ref.Slug(), nil},
		{"GET", "/statistics", nil},
		{"GET", "/no-such-page", nil},
		{"GET", "/disclosure-log/FOI-999999", nil},
	}
	for _, pg := range pages {
		status, cyPage := fetch(cy, pg.method, pg.path, pg.form)
		_, enPage := fetch(en, pg.method, pg.path, pg.form)
		name := pg.method + " " + pg.path
		if status >= 500 {
			t.Errorf("%s = %d", name, status)
			continue
		}
		if !strings.Contains(cyPage, `<html lang="cy"`) || !strings.Contains(enPage, `<html lang="en"`) {
			t.Errorf("%s: <html lang> is not cy in Welsh and en in English", name)
		}
		english := map[string]bool{}
		for _, s := range visibleText(t, enPage, "en") {
			english[s] = true
		}
		for _, s := range visibleText(t, cyPage, "cy") {
			if english[s] && !ownWords(s) {
				t.Errorf("%s: %q is English on the Welsh page", name, s)
			}
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d public strings have no Welsh in the catalogue:\n%s", len(missing), strings.Join(missing, "\n"))
	}
}
