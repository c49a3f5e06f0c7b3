// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"disclose/internal/browsertest"
	"disclose/internal/foi"
)

// TestWDTKLinkOptInInABrowser: on a WhatDoTheyKnow case the officer sees
// the opt-in unticked under its warning, with the page found in the
// review message filled in; a page elsewhere is refused beside the box;
// ticked with the right page, the entry links it, in English and Welsh.
// axe-core checks the form, its error and the entry.
func TestWDTKLinkOptInInABrowser(t *testing.T) {
	f := newStaffFixture(t)
	r := wdtkCase(t, f)
	wdtkReview(t, f, r)

	b := browsertest.New(t)
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(b, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	eval := func(js string) string {
		t.Helper()
		s, err := chromedp.Run(b, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	text := func(sel string) string {
		t.Helper()
		return eval(fmt.Sprintf(`(document.querySelector(%q) || {innerText: ''}).innerText`, sel))
	}
	casePage := "/staff/cases/" + r.Reference.Slug()
	browserSignIn(t, b, f, foi.RoleOfficer)
	do("open the case", chromedp.Navigate(f.srv.URL+casePage), waitFor(casePage))
	if got := text("#publish-wdtk-warning"); !strings.Contains(got, "The WhatDoTheyKnow page shows the requester's name") {
		t.Errorf("the opt-in's warning: %q", got)
	}
	if got := eval(`String(document.querySelector('#publish-wdtk').checked) + ' ' + document.querySelector('#publish-wdtk-page').value`); got != "false "+wdtkPageURL {
		t.Errorf("the opt-in starts %q, want unticked with the page from the review message", got)
	}
	browsertest.CheckAxe(t, b, "case page with the WDTK opt-in")

	do("publish with a page elsewhere",
		chromedp.SetValue(chromedp.CSS("#publish-title"), "Social value questions"),
		chromedp.SetValue(chromedp.CSS("#publish-category"), "Children's services"),
		click("#publish-wdtk"),
		chromedp.SetValue(chromedp.CSS("#publish-wdtk-page"), "https://www.whatdotheyknow.com/user/priya_patel"),
		click("#publish-button"),
		waitUntil(`document.querySelector('.govuk-error-summary') !== null`))
	if got := text("#publish-wdtk-error"); !strings.Contains(got, "must be a link like https://www.whatdotheyknow.com/request/") {
		t.Errorf("the refusal beside the box: %q", got)
	}
	if _, err := f.svc.Disclosure(ctx, r.Reference); !foi.IsNotFound(err) {
		t.Fatalf("a refused publication is public: %v", err)
	}
	browsertest.CheckAxe(t, b, "case page, WDTK link refused")

	do("publish with the request's page",
		chromedp.SetValue(chromedp.CSS("#publish-title"), "Social value questions"),
		chromedp.SetValue(chromedp.CSS("#publish-category"), "Children's services"),
		chromedp.SetValue(chromedp.CSS("#publish-wdtk-page"), wdtkPageURL),
		waitUntil(`document.querySelector('#publish-wdtk').checked`),
		click("#publish-button"),
		waitFor("notice=published"))
	for _, lang := range []string{"en", "cy"} {
		do("open the entry in "+lang, chromedp.Navigate(f.srv.URL+"/disclosure-log/"+r.Reference.Slug()+"?lang="+lang), waitFor("/disclosure-log/"))
		want := map[string]string{"en": "This request was also made through WhatDoTheyKnow.", "cy": "Gwnaed y cais hwn drwy WhatDoTheyKnow hefyd."}[lang]
		if got := text("#entry-wdtk"); !strings.Contains(got, want) {
			t.Errorf("the entry (%s) says %q, want %q", lang, got, want)
		}
		if got := eval(`document.querySelector('#entry-wdtk a').href`); got != wdtkPageURL {
			t.Errorf("the entry (%s) links %q", lang, got)
		}
		if strings.Contains(text("main"), "Priya Patel") {
			t.Errorf("the entry (%s) names the requester", lang)
		}
		browsertest.CheckAxe(t, b, "entry linking WhatDoTheyKnow ("+lang+")")
	}
}
