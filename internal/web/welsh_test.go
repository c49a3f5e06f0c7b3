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

	"disclose/internal/foi"
	"disclose/internal/i18n"
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
	officer, _ := f.store.FindUserByEmail(ctx, "officer@council.example")
	cyRef := publishAnswered(t, f, "Park opening times", "Parks", "When do the parks open?", "At dawn.")
	wasteContractEntry(t, f) // a question withheld under s.43(2), for the log's filters
	if err := f.svc.SetWelshEntry(ctx, officer, cyRef, foi.WelshPublication{Title: "Amseroedd agor parciau",
		Parts: []foi.WelshPart{{Number: 1, Text: "Pryd mae’r parciau’n agor?", Answer: "Gyda’r wawr."}}}); err != nil {
		t.Fatal(err)
	}

	// Data: words that are the same in both languages because nobody
	// translates them (names, references, what people wrote).
	data := []string{"Library opening hours", "Libraries", "What are the opening hours?", "How many visitors?",
		"Nine to five.", "Ten thousand.", "Sam Requester", "sam@example.org", "High Street", "How many libraries?",
		"What did they cost?", "Alex Asker", "alex@example.org", "How many parks?", "Answer to", ref.String(),
		"Disclose", "English", "CSV", "JSON", "API", "FOIA", "www.ico.org.uk", "Park opening times", "Parks", cyRef.String(),
		"When do the parks open?", "At dawn.", "Waste contract prices", "Waste", "Who holds the contract?",
		"What is the unit price?", "Greenway Waste Ltd.", "Contract prices for waste collection.",
		"s43(2)"}
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
		{"GET", "/disclosure-log?outcome=partially-withheld&exemption=foia:s43(2)", nil},
		{"GET", "/disclosure-log?q=price&outcome=granted&exemption=foia:s40(2)", nil},
		{"GET", "/disclosure-log/" + ref.Slug(), nil},
		{"GET", "/disclosure-log/" + cyRef.Slug(), nil},
		{"GET", "/disclosure-log?q=parciau", nil},
		{"GET", "/statistics", nil},
		{"GET", "/exemptions", nil},
		{"GET", "/open-data", nil},
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

// TestStaffSeeAndSetTheRequestersLanguage: the case page shows the
// requester's language, staff can change it, a letter that reads as
// English to a requester who chose Welsh is flagged before sending, and
// the administrator edits the Welsh letter templates beside the English.
func TestStaffSeeAndSetTheRequestersLanguage(t *testing.T) {
	f := newStaffFixture(t)
	officer := f.signedIn(t, foi.RoleOfficer)
	casePath := "/staff/cases/" + f.ref.Slug()
	letterPath := casePath + "/letters/" + itoa(f.letterID)
	if _, page := f.get(t, officer, casePath); !strings.Contains(page, `id="language"`) || strings.Contains(page, `govuk-tag--purple">Welsh`) {
		t.Fatal("the case page does not show the language, or shows Welsh for an English requester")
	}
	if _, page := f.get(t, officer, letterPath); strings.Contains(page, "english-to-welsh") {
		t.Error("an English letter to an English requester is flagged")
	}
	resp := f.post(t, officer, casePath+"/language", url.Values{"language": {"cy"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("setting Welsh = %d", resp.StatusCode)
	}
	_, page := f.get(t, officer, casePath)
	if !strings.Contains(page, `govuk-tag--purple">Welsh</strong> Write to them in Welsh`) || !strings.Contains(page, "set by staff") {
		t.Error("the case page does not show Welsh prominently after staff set it")
	}
	if _, page := f.get(t, officer, letterPath); !strings.Contains(page, `id="english-to-welsh"`) {
		t.Error("the English letter to a Welsh requester is not flagged before sending")
	}
	if resp, body := f.postBody(t, officer, casePath+"/language", url.Values{"language": {"fr"}}); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "unknown language") {
		t.Errorf("French = %d", resp.StatusCode)
	}
	if resp := f.post(t, f.signedIn(t, foi.RoleContributor), casePath+"/language", url.Values{"language": {"en"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a contributor setting the language = %d, want 403", resp.StatusCode)
	}

	admin := f.signedIn(t, foi.RoleAdmin)
	if _, page := f.get(t, admin, "/staff/admin"); !strings.Contains(page, `id="template-cy-response"`) || !strings.Contains(page, "Annwyl {{.Requester.Name}}") {
		t.Fatal("the settings page does not offer the Welsh templates")
	}
	resp = f.post(t, admin, "/staff/admin/templates/acknowledgement", url.Values{"lang": {"cy"}, "template": {"Annwyl {{.Requester.Name}}, diolch."}})
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.HasSuffix(loc, "#template-cy-acknowledgement") {
		t.Fatalf("saving the Welsh template = %d to %q", resp.StatusCode, loc)
	}
	if text, def, _ := f.svc.LetterTemplateIn(ctx, foi.LetterAcknowledgement, i18n.Welsh); def || text != "Annwyl {{.Requester.Name}}, diolch." {
		t.Errorf("the Welsh template = %q", text)
	}
	if _, def, _ := f.svc.LetterTemplate(ctx, foi.LetterAcknowledgement); !def {
		t.Error("saving the Welsh template changed the English")
	}
	if resp, body := f.postBody(t, admin, "/staff/admin/templates/acknowledgement", url.Values{"lang": {"cy"}, "template": {"{{.Nope}}"}}); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="template-cy-acknowledgement-error"`) && !strings.Contains(body, "govuk-form-group--error") {
		t.Errorf("a broken Welsh template = %d", resp.StatusCode)
	}
}

// TestTheWebFormRecordsItsLanguage: a request sent from the Welsh form is
// recorded as Welsh, from the page; one from the English form as English.
func TestTheWebFormRecordsItsLanguage(t *testing.T) {
	f := newFixture(t)
	cy := langClient(t, f.srv.URL, "cy")
	resp, err := cy.PostForm(f.srv.URL+"/requests/new", requestForm("Siân", "sian@example.org", "", "Faint o lyfrgelloedd sydd?"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	_, _ = io.Copy(&b, resp.Body)
	resp.Body.Close()
	if !strings.Contains(b.String(), "Gwiriwch eich atebion") {
		t.Fatal("the check page is not Welsh")
	}
	resp, err = cy.PostForm(f.srv.URL+"/requests/new/send", hiddenFields(t, b.String()))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	sendRequest(t, f, requestForm("Sam", "sam@example.org", "", "How many libraries?"))
	rs, _, _ := f.store.FindRequests(ctx, foi.RequestFilter{Order: foi.OrderReceived})
	got := map[string]foi.RequestLanguage{}
	for _, r := range rs {
		got[r.Requester.Name], _ = f.store.FindRequestLanguage(ctx, r.ID)
	}
	if got["Siân"] != (foi.RequestLanguage{Lang: foi.LangWelsh, Source: foi.LanguageFromPage}) || got["Sam"] != (foi.RequestLanguage{Lang: foi.LangEnglish, Source: foi.LanguageFromPage}) {
		t.Errorf("recorded languages: %+v", got)
	}
}

// TestWelshSettings: the administrator can stop offering Welsh (no switch,
// ?lang=cy ignored) or put Welsh first (a first visit is Welsh, and
// Cymraeg comes first in the switch).
func TestWelshSettings(t *testing.T) {
	f := newStaffFixture(t)
	admin := f.signedIn(t, foi.RoleAdmin)
	public := func(path string) string {
		t.Helper()
		_, page := f.get(t, client(t), path)
		return page
	}
	if page := public("/"); !strings.Contains(page, `<html lang="en"`) || !strings.Contains(page, "dsc-language-select") {
		t.Fatal("by default the home page is English with a language switch")
	}
	set := func(form url.Values) {
		t.Helper()
		if resp := f.post(t, admin, "/staff/admin/welsh", form); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("saving Welsh settings = %d", resp.StatusCode)
		}
	}
	set(url.Values{"welsh_offered": {"yes"}, "welsh_first": {"yes"}})
	page := public("/")
	if !strings.Contains(page, `<html lang="cy"`) {
		t.Error("with Welsh first, a first visit is not Welsh")
	}
	if cy, en := strings.Index(page, ">Cymraeg<"), strings.Index(page, ">English<"); cy < 0 || en < 0 || cy > en {
		t.Error("with Welsh first, Cymraeg does not come first in the switch")
	}
	if page := public("/?lang=en"); !strings.Contains(page, `<html lang="en"`) {
		t.Error("with Welsh first, the reader cannot choose English")
	}
	set(url.Values{})
	if page := public("/?lang=cy"); !strings.Contains(page, `<html lang="en"`) || strings.Contains(page, "dsc-language-select") || strings.Contains(page, `hreflang="cy"`) || strings.Contains(page, "We welcome correspondence in Welsh") {
		t.Error("with Welsh not offered, the page is still Welsh or still offers Welsh")
	}
	if _, page := f.get(t, admin, "/staff/admin"); !strings.Contains(page, `id="welsh_offered"`) || strings.Contains(page, `id="welsh_offered" name="welsh_offered" type="checkbox" value="yes" checked`) {
		t.Error("the settings page does not show Welsh as turned off")
	}
	if resp := f.post(t, f.signedIn(t, foi.RoleOfficer), "/staff/admin/welsh", url.Values{"welsh_offered": {"yes"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an officer changing the Welsh settings = %d, want 403", resp.StatusCode)
	}
}

// TestBilingualEntry: an entry with a Welsh version shows the reader's
// language with the other a link away, its Welsh is found by a search, and
// staff publish the Welsh from the case page's form.
func TestBilingualEntry(t *testing.T) {
	sf := newStaffFixture(t)
	f := &fixture{store: sf.svc.Store, svc: sf.svc}
	ref := publishAnswered(t, f, "Library opening hours", "Libraries", "1. What are the opening hours?\n2. How many visitors?", "Nine to five.", "Ten thousand.")
	officer := sf.signedIn(t, foi.RoleOfficer)
	form := "/staff/cases/" + ref.Slug() + "/welsh"
	if _, page := sf.get(t, officer, "/staff/cases/"+ref.Slug()); !strings.Contains(page, `href="`+form+`"`) {
		t.Fatal("the case page does not link to the Welsh version's form")
	}
	if resp, page := sf.get(t, officer, form); resp.StatusCode != 200 || !strings.Contains(page, "English: Library opening hours") {
		t.Fatalf("the Welsh form = %d", resp.StatusCode)
	}
	resp := sf.post(t, officer, form, url.Values{"title": {"Oriau agor llyfrgelloedd"}, "summary": {"Yr oriau a nifer yr ymwelwyr"},
		"part": {"1", "2"}, "text-1": {"Beth yw’r oriau agor?"}, "answer-1": {"Naw tan bump."}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("publishing the Welsh = %d", resp.StatusCode)
	}
	if resp, body := sf.postBody(t, officer, form, url.Values{"summary": {"heb deitl"}}); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "give the Welsh title") {
		t.Errorf("Welsh without a title = %d", resp.StatusCode)
	}

	cy, en := langClient(t, sf.srv.URL, "cy"), langClient(t, sf.srv.URL, "en")
	get := func(c *http.Client, path string) string {
		t.Helper()
		resp, err := c.Get(sf.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b strings.Builder
		_, _ = io.Copy(&b, resp.Body)
		return b.String()
	}
	entry := "/disclosure-log/" + ref.Slug()
	page := get(cy, entry)
	for _, want := range []string{`<h1 class="govuk-heading-xl">Oriau agor llyfrgelloedd</h1>`, "Yr oriau a nifer yr ymwelwyr",
		"Beth yw’r oriau agor?", "Naw tan bump.", `hreflang="en" lang="en">Read this response in English</a>`,
		`<div class="dsc-part__question" lang="en">`} { // part 2 has no Welsh: English, marked
		if !strings.Contains(page, want) {
			t.Errorf("the Welsh entry page lacks %q", want)
		}
	}
	if strings.Contains(page, "yn Saesneg yn unig") {
		t.Error("the Welsh entry page says it is English only")
	}
	page = get(en, entry)
	if !strings.Contains(page, `<h1 class="govuk-heading-xl">Library opening hours</h1>`) || !strings.Contains(page, `hreflang="cy" lang="cy">Darllen yr ymateb hwn yn Gymraeg</a>`) {
		t.Error("the English entry page does not show the English with the Welsh a link away")
	}
	for _, c := range []*http.Client{cy, en} {
		if page := get(c, "/disclosure-log?q=llyfrgelloedd"); !strings.Contains(page, `id="welsh-matches"`) || !strings.Contains(page, ">Oriau agor llyfrgelloedd</a>") {
			t.Error("a Welsh search does not find the Welsh version")
		}
	}
	if page := get(en, "/disclosure-log?q=opening+hours"); strings.Contains(page, `id="welsh-matches"`) {
		t.Error("an entry the search found is listed again under the Welsh matches")
	}
}

// TestStaffPagesStayEnglish: a reader who chose Welsh still gets English
// staff pages, sign-in and staff error pages (issue 19), with no switch.
func TestStaffPagesStayEnglish(t *testing.T) {
	f := newFixture(t)
	cy := langClient(t, f.srv.URL, "cy")
	for _, path := range []string{"/staff/sign-in", "/staff/no-such-page", "/staff/sign-in?lang=cy"} {
		resp, err := cy.Get(f.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		_, _ = io.Copy(&b, resp.Body)
		resp.Body.Close()
		if !strings.Contains(b.String(), `<html lang="en"`) || strings.Contains(b.String(), "dsc-language-select") {
			t.Errorf("%s (%d) is not English, or offers a language switch", path, resp.StatusCode)
		}
	}
}

// TestTheLanguageChoiceIsRemembered: ?lang=cy answers in Welsh and sets the
// lang cookie that later pages follow; every public page links both
// versions with hreflang, and says its language in Content-Language.
func TestTheLanguageChoiceIsRemembered(t *testing.T) {
	f := newFixture(t)
	c := langClient(t, f.srv.URL, "") // no choice yet
	get := func(path string) (*http.Response, string) {
		t.Helper()
		resp, err := c.Get(f.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b strings.Builder
		_, _ = io.Copy(&b, resp.Body)
		return resp, b.String()
	}
	if _, page := get("/disclosure-log"); !strings.Contains(page, `<html lang="en"`) {
		t.Fatal("a first visit is not English")
	}
	resp, page := get("/disclosure-log?lang=cy")
	var cookie *http.Cookie
	for _, k := range resp.Cookies() {
		if k.Name == "lang" {
			cookie = k
		}
	}
	if cookie == nil || cookie.Value != "cy" || cookie.MaxAge < 30*24*3600 || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
		t.Errorf("?lang=cy set the cookie %+v", cookie)
	}
	if !strings.Contains(page, `<html lang="cy"`) || resp.Header.Get("Content-Language") != "cy" {
		t.Error("?lang=cy is not Welsh")
	}
	for _, want := range []string{`<link rel="alternate" hreflang="en" href="/disclosure-log?lang=en">`, `<link rel="alternate" hreflang="cy" href="/disclosure-log?lang=cy">`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if _, page := get("/statistics"); !strings.Contains(page, `<html lang="cy"`) || !strings.Contains(page, "Ystadegau rhyddid gwybodaeth") {
		t.Error("the next page does not remember Welsh")
	}
	if _, page := get("/statistics?lang=en"); !strings.Contains(page, `<html lang="en"`) {
		t.Error("switching back to English does not work")
	}
	if _, page := get("/"); !strings.Contains(page, `<html lang="en"`) {
		t.Error("English is not remembered after switching back")
	}
}

// TestTheAPITakesTheRequestersLanguage: a request made through the API can
// say the requester chose Welsh; anything but en or cy is refused.
func TestTheAPITakesTheRequestersLanguage(t *testing.T) {
	f := newFixture(t)
	status, got := f.call(t, "POST", "/api/v1/requests", f.tokens[foi.RoleOfficer],
		`{"requester":{"name":"Siân","email":"sian@example.org"},"request":"Faint o barciau sydd?","language":"cy","channel":"email"}`)
	if status != http.StatusCreated {
		t.Fatalf("POST = %d %v", status, got)
	}
	ref, _ := foi.ParseReference(got["reference"].(string))
	r, _ := f.store.FindRequest(ctx, ref)
	if l, _ := f.store.FindRequestLanguage(ctx, r.ID); l != (foi.RequestLanguage{Lang: foi.LangWelsh, Source: foi.LanguageFromStaff}) {
		t.Errorf("recorded %+v", l)
	}
	if status, got := f.call(t, "POST", "/api/v1/requests", f.tokens[foi.RoleOfficer],
		`{"requester":{"name":"Sam","email":"sam@example.org"},"request":"How many?","language":"fr"}`); status != http.StatusBadRequest || !strings.Contains(errText(got), "language") {
		t.Errorf("French = %d %v", status, got)
	}
}

// TestTheAPIGivesTheWelshVersion: GET /api/v1/disclosures/{ref} carries the
// Welsh version of an entry that has one, and none for one that has not.
func TestTheAPIGivesTheWelshVersion(t *testing.T) {
	f := newFixture(t)
	ref := publishAnswered(t, f, "Park opening times", "Parks", "When do the parks open?", "At dawn.")
	other := publishAnswered(t, f, "Bin collections", "Waste", "When are bins collected?", "Weekly.")
	officer, _ := f.store.FindUserByEmail(ctx, "officer@council.example")
	if err := f.svc.SetWelshEntry(ctx, officer, ref, foi.WelshPublication{Title: "Amseroedd agor parciau",
		Parts: []foi.WelshPart{{Number: 1, Text: "Pryd mae’r parciau’n agor?", Answer: "Gyda’r wawr."}}}); err != nil {
		t.Fatal(err)
	}
	status, got := f.call(t, "GET", "/api/v1/disclosures/"+ref.Slug(), "", "")
	w, _ := got["welsh"].(map[string]any)
	if status != 200 || w["title"] != "Amseroedd agor parciau" || len(w["parts"].([]any)) != 1 {
		t.Errorf("the entry's JSON = %d %v", status, got)
	}
	if _, got := f.call(t, "GET", "/api/v1/disclosures/"+other.Slug(), "", ""); got["welsh"] != nil {
		t.Errorf("an entry with no Welsh has %v", got["welsh"])
	}
}
