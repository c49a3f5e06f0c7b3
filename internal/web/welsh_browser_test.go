// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"disclose/internal/browsertest"
	"disclose/internal/foi"
)

// TestWelshJourneyInABrowser switches to Welsh with the language switch and
// walks the Welsh request journey (errors, check answers, confirmation,
// tracking), a Welsh tracking page with a response, a Welsh entry page and
// search, in Chromium, with axe-core on each page.
func TestWelshJourneyInABrowser(t *testing.T) {
	f := newFixture(t)
	ctx0 := ctx
	ref := publishAnswered(t, f, "Library opening hours", "Libraries", "1. What are the opening hours?\n2. How many visitors?", "Nine to five.", "Ten thousand.")
	officer, _ := f.store.FindUserByEmail(ctx0, "officer@council.example")
	if err := f.svc.SetWelshEntry(ctx0, officer, ref, foi.WelshPublication{Title: "Oriau agor llyfrgelloedd",
		Parts: []foi.WelshPart{{Number: 1, Text: "Beth yw’r oriau agor?", Answer: "Naw tan bump."}}}); err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.New(t)
	run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	lang := func() string {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}

	run("open the English form", chromedp.Navigate(f.srv.URL+"/requests/new"))
	run("choose Cymraeg", click(`.dsc-language-select a[hreflang="cy"]`), waitUntil(`document.documentElement.lang === "cy" && document.readyState === "complete"`))
	if h1 := text(t, ctx, "h1"); h1 != "Gwneud cais rhyddid gwybodaeth" || lang() != "cy" {
		t.Fatalf("after choosing Cymraeg the page is %q (lang %q)", h1, lang())
	}
	if got := text(t, ctx, ".govuk-character-count__status"); !strings.Contains(got, "nod yn weddill") {
		t.Errorf("the character count speaks English: %q", got)
	}
	browsertest.CheckAxe(t, ctx, "Welsh request form")
	screenshot(t, ctx, "cy-request-form")

	run("send it empty", click(`form button.govuk-button`), waitUntil(`document.querySelector(".govuk-error-summary") !== null`))
	if got := text(t, ctx, ".govuk-error-summary"); !strings.Contains(got, "Mae problem wedi codi") || !strings.Contains(got, "Rhowch eich enw") {
		t.Errorf("the Welsh error summary = %q", got)
	}
	browsertest.CheckAxe(t, ctx, "Welsh request form with errors")

	run("fill it in",
		chromedp.SetValue(chromedp.CSS(`#name`), "Siân Ceisydd"),
		chromedp.SetValue(chromedp.CSS(`#email`), "sian@example.org"),
		chromedp.SetValue(chromedp.CSS(`#request-text`), "Faint o lyfrgelloedd sydd ar agor ar ddydd Sul?"),
		click(`form button.govuk-button`),
		waitUntil(`document.querySelector(".govuk-summary-list") !== null && document.readyState === "complete"`))
	if h1 := text(t, ctx, "h1"); h1 != "Gwiriwch eich atebion cyn anfon eich cais" {
		t.Fatalf("the check page is %q", h1)
	}
	browsertest.CheckAxe(t, ctx, "Welsh check answers")
	screenshot(t, ctx, "cy-request-check")

	run("send", click(`form[action="/requests/new/send"] button.govuk-button`), waitUntil(`document.querySelector(".govuk-panel") !== null && document.readyState === "complete"`))
	if got := text(t, ctx, ".govuk-panel"); !strings.Contains(got, "Cais wedi’i anfon") {
		t.Errorf("the confirmation panel = %q", got)
	}
	if got := text(t, ctx, "main"); !strings.Contains(got, "25 Tachwedd 2026") {
		t.Errorf("the confirmation does not give the date in Welsh: %q", got)
	}
	browsertest.CheckAxe(t, ctx, "Welsh confirmation")
	screenshot(t, ctx, "cy-request-confirmation")

	run("follow it", chromedp.Evaluate[chromedp.Void](`setTimeout(() => [...document.querySelectorAll("main a")].find(a => a.textContent.trim() === "Dilyn eich cais").click(), 0)`),
		waitUntil(`document.querySelector(".govuk-tag") !== null && document.readyState === "complete"`))
	if got := text(t, ctx, ".govuk-tag"); got != "Yn cael sylw" || lang() != "cy" {
		t.Errorf("the Welsh tracking page's status = %q (lang %q)", got, lang())
	}
	browsertest.CheckAxe(t, ctx, "Welsh tracking page")
	screenshot(t, ctx, "cy-track")

	// Answered: the response, the review and the regulator, in Welsh.
	respondAsStaff(t, f, "2026-11-25")
	run("reload", chromedp.Reload(), waitUntil(`document.querySelector("#next") !== null`))
	if got := text(t, ctx, "main"); !strings.Contains(got, "Gofyn am adolygiad mewnol") || !strings.Contains(got, "Swyddfa’r Comisiynydd Gwybodaeth") {
		t.Errorf("the answered Welsh tracking page lacks the review and regulator: %q", got)
	}
	browsertest.CheckAxe(t, ctx, "Welsh tracking page, answered")
	screenshot(t, ctx, "cy-track-answered")

	run("open the entry", chromedp.Navigate(f.srv.URL+"/disclosure-log/"+ref.Slug()))
	if got := text(t, ctx, ".dsc-entry-meta"); !strings.Contains(got, "Dyddiad cyhoeddi") || !strings.Contains(got, "20 Hydref 2026") {
		t.Errorf("the Welsh entry's details = %q", got)
	}
	browsertest.CheckAxe(t, ctx, "Welsh entry")
	screenshot(t, ctx, "cy-entry")
	if h1 := text(t, ctx, "h1"); h1 != "Oriau agor llyfrgelloedd" {
		t.Errorf("the Welsh entry's title = %q", h1)
	}
	if got := text(t, ctx, ".dsc-entry-response"); !strings.Contains(got, "Naw tan bump.") || !strings.Contains(got, "Ten thousand.") {
		t.Errorf("the Welsh entry's answers (Welsh, and English where there is no Welsh) = %q", got)
	}
	run("Welsh search", chromedp.Navigate(f.srv.URL+"/disclosure-log?q=llyfrgelloedd"))
	if got := text(t, ctx, "#welsh-matches + ul"); !strings.Contains(got, "Oriau agor llyfrgelloedd") {
		t.Errorf("the Welsh search's matches = %q", got)
	}
	browsertest.CheckAxe(t, ctx, "Welsh search of Welsh entries")
	run("the entry in English", chromedp.Navigate(f.srv.URL+"/disclosure-log/"+ref.Slug()+"?lang=en"))
	if h1 := text(t, ctx, "h1"); h1 != "Library opening hours" {
		t.Errorf("the entry in English = %q", h1)
	}
	browsertest.CheckAxe(t, ctx, "bilingual entry in English")
	run("back to Welsh", chromedp.Navigate(f.srv.URL+"/disclosure-log/"+ref.Slug()+"?lang=cy"))

	run("search", chromedp.Navigate(f.srv.URL+"/disclosure-log?q=opening+hours"))
	if got := text(t, ctx, "#result-count"); !strings.Contains(got, "1 ymateb ar gyfer ‘opening hours’") {
		t.Errorf("the Welsh result count = %q", got)
	}
	browsertest.CheckAxe(t, ctx, "Welsh search")

	run("back to English", click(`.dsc-language-select a[hreflang="en"]`), waitUntil(`document.documentElement.lang === "en" && document.readyState === "complete" && document.querySelector("#result-count") !== null`))
	if got := text(t, ctx, "#result-count"); !strings.Contains(got, "1 response for ‘opening hours’") {
		t.Errorf("after switching back the count = %q", got)
	}
}
