// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"disclose/internal/browsertest"
	"disclose/internal/casework"
	"disclose/internal/foi"
)

// TestSearchesAndCostLimitInABrowser: the department contact records a
// search on their part (a refused one first: the error beside the form,
// what was typed kept, axe-clean); the officer records an estimate of the
// time left, and the case page shows the running estimate over the £450
// limit; the officer drafts the refusal with advice, and the letter sets
// out the estimate part by part (FOIA s.12, s.16, s.17(5)).
func TestSearchesAndCostLimitInABrowser(t *testing.T) {
	f := newStaffFixture(t)
	b := browsertest.New(t)
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(b, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(js string) string {
		t.Helper()
		s, err := chromedp.Run(b, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return s
	}
	casePath := f.srv.URL + "/staff/cases/" + f.ref.Slug()
	form := `form[action$="/parts/1/searches"]`

	browserSignIn(t, b, f, foi.RoleContributor)
	do("the contact's case page", chromedp.Navigate(casePath), waitFor(f.ref.Slug()),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#part-1-searches details').open = true`),
		chromedp.SetValue(chromedp.CSS("#part-1-search-terms"), "placements 2022"),
		chromedp.SetValue(chromedp.CSS("#part-1-search-minutes"), "ninety"),
		click(form+" button[type=submit]"),
		waitUntil(`document.readyState === 'complete' && document.querySelector('#part-1-search-error') !== null`))
	if msg := text(`document.querySelector('#part-1-search-error').innerText`); !strings.Contains(msg, "whole number of minutes") {
		t.Errorf("the refusal says %q", msg)
	}
	if kept := text(`document.querySelector('#part-1-search-terms').value`); kept != "placements 2022" {
		t.Errorf("the form kept %q", kept)
	}
	browsertest.CheckAxe(t, b, "contact's case page with a search refused")
	do("record the search",
		chromedp.SetValue(chromedp.CSS("#part-1-search-where"), "Placements database"),
		chromedp.SetValue(chromedp.CSS("#part-1-search-activity"), "locate"),
		chromedp.SetValue(chromedp.CSS("#part-1-search-minutes"), "120"),
		click(form+" button[type=submit]"), waitFor("notice=search"))
	if row := text(`document.querySelector('#part-1-searches tbody').innerText`); !strings.Contains(row, "Placements database") || !strings.Contains(row, "Children's Services") {
		t.Errorf("the contact's part shows:\n%s", row)
	}

	browserSignIn(t, b, f, foi.RoleOfficer)
	do("the officer's case page", chromedp.Navigate(casePath), waitFor(f.ref.Slug()),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#part-1-searches details').open = true`),
		chromedp.SetValue(chromedp.CSS("#part-1-search-where"), "Paper case files, 2022"),
		chromedp.SetValue(chromedp.CSS("#part-1-search-activity"), "extract"),
		chromedp.SetValue(chromedp.CSS("#part-1-search-minutes"), "1020"),
		click("#part-1-search-estimated"),
		click(form+" button[type=submit]"), waitFor("notice=search"))
	// 120 + 1,020 = 1,140 minutes: 19 hours, £475 against £450 (18 hours).
	if total := text(`document.querySelector('#estimate-total').innerText`); !strings.Contains(total, "19 hours, £475") || !strings.Contains(total, "Over the limit") {
		t.Errorf("the estimate reads %q; want 19 hours, £475, over the limit", total)
	}
	if limit := text(`document.querySelector('#estimate-limit').innerText`); !strings.Contains(limit, "£450 (18 hours)") {
		t.Errorf("the limit reads %q", limit)
	}
	browsertest.CheckAxe(t, b, "case page with searches and the estimate")
	screenshotter(t, b)("cost-estimate")

	// Every part answered (the answer form is tested elsewhere); part 1 on cost.
	officer := f.users[foi.RoleOfficer]
	r, _, err := f.svc.FindRequest(ctx, officer, f.ref)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range r.Parts {
		a := casework.Answer{Text: "Held; see the table.", Outcome: foi.Granted}
		if p.Number == 1 {
			a = casework.Answer{Text: "Finding this would exceed the cost limit.", Outcome: foi.CostLimit}
		}
		if _, err := f.svc.AnswerPart(ctx, officer, f.ref, p.Number, a); err != nil {
			t.Fatal(err)
		}
	}
	advice := "If you limit part 1 to placements made in one quarter, we expect to be able to answer it."
	do("draft the refusal", chromedp.Navigate(casePath), waitFor(f.ref.Slug()),
		chromedp.SetValue(chromedp.CSS("#letter-kind"), "refusal"),
		chromedp.SetValue(chromedp.CSS("#letter-details"), advice),
		click(`form[action$="/letters"] button[type=submit]`), waitFor("notice=letter"))
	body := text(`document.querySelector('#body').value`)
	for _, want := range []string{"Why the cost limit applies", "which for us is £450, or 18 hours", "complying would take 19 hours, costing £475",
		"- Placements database: 120 minutes locating", "- Paper case files, 2022: 1020 minutes extracting (estimated)", advice} {
		if !strings.Contains(body, want) {
			t.Errorf("the refusal lacks %q:\n%s", want, body)
		}
	}
	browsertest.CheckAxe(t, b, "s.12 refusal letter")
}
