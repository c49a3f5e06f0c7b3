// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"disclose/internal/browsertest"
	"disclose/internal/casework"
	"disclose/internal/foi"
)

// TestAggregationInABrowser: the officer sees the related request from
// the same person among the candidates; a request from months before,
// given by its reference, is refused beside the form with what was typed
// kept (SI 2004/3244 reg 5(2)(c): 60 consecutive working days), axe-clean;
// the related request chosen with a reason, the estimate adds its time and
// goes over the £450 limit, and the s.12 refusal drafted from the page
// sets out both requests and the total.
func TestAggregationInABrowser(t *testing.T) {
	f := newStaffFixture(t)
	b := browsertest.New(t)
	officer := f.users[foi.RoleOfficer]
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
	submitOn := func(on time.Time, text string) foi.Reference {
		t.Helper()
		r, err := f.svc.SubmitRequest(ctx, officer, casework.NewRequest{Requester: foi.Requester{Name: "Sam Researcher", Email: "sam@example.org"},
			Text: text, Regime: foi.FOIA, Channel: foi.ChannelEmail, ReceivedOn: on})
		if err != nil {
			t.Fatal(err)
		}
		return r.Reference
	}
	related := submitOn(time.Date(2026, 11, 9, 0, 0, 0, 0, time.UTC), "How many children were placed with each independent fostering agency in 2022?")
	old := submitOn(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), "How many children were placed out of the county in 2021?")
	for _, x := range []struct {
		ref     foi.Reference
		minutes int
	}{{f.ref, 600}, {related, 540}} {
		if _, err := f.svc.RecordSearch(ctx, officer, x.ref, casework.SearchInput{Part: 1, Where: "Placements database", Activity: "locate", Minutes: x.minutes}); err != nil {
			t.Fatal(err)
		}
	}
	casePath := f.srv.URL + "/staff/cases/" + f.ref.Slug()
	form := `form[action$="/aggregations"]`
	reason := "Both ask about children's placements with fostering agencies in 2022"

	browserSignIn(t, b, f, foi.RoleOfficer)
	do("the case page", chromedp.Navigate(casePath), waitFor(f.ref.Slug()))
	if got := text(`document.querySelector('#estimate-total').innerText`); !strings.Contains(got, "10 hours, £250") || !strings.Contains(got, "Within the limit") {
		t.Errorf("the estimate alone reads %q; want 10 hours, £250, within", got)
	}
	if got := text(`document.querySelector('#aggregation').textContent`); !strings.Contains(got, related.String()) || strings.Contains(got, old.String()+",") {
		t.Errorf("the candidates are:\n%s\nwant %s (and not %s, outside 60 working days)", got, related, old)
	}
	do("aggregate the old request",
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#aggregate-details').open = true`),
		chromedp.SetValue(chromedp.CSS("#aggregate-other"), old.String()),
		click("#aggregate-basis-same-person"),
		chromedp.SetValue(chromedp.CSS("#aggregate-reason"), reason),
		click(form+" button[type=submit]"),
		waitUntil(`document.readyState === 'complete' && document.querySelector('#aggregate-error') !== null`))
	if msg := text(`document.querySelector('#aggregate-error').innerText`); !strings.Contains(msg, "60 consecutive working days") || !strings.Contains(msg, "reg 5(2)(c)") {
		t.Errorf("the refusal says %q", msg)
	}
	if kept := text(`document.querySelector('#aggregate-reason').value`); kept != reason {
		t.Errorf("the form kept %q", kept)
	}
	browsertest.CheckAxe(t, b, "case page with an aggregation refused")

	do("aggregate the related request",
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#aggregate-other').value = ''`),
		click(`input[name=related][value="`+related.String()+`"]`),
		click(form+" button[type=submit]"), waitFor("notice=aggregated"))
	// 600 + 540 = 1,140 minutes: 19 hours, £475 against £450.
	if got := text(`document.querySelector('#estimate-aggregated').innerText`); !strings.Contains(got, "19 hours, £475") || !strings.Contains(got, "Over the limit") {
		t.Errorf("the aggregated estimate reads %q; want 19 hours, £475, over", got)
	}
	if got := text(`document.querySelector('#aggregated tbody').innerText`); !strings.Contains(got, related.String()) || !strings.Contains(got, reason) || !strings.Contains(got, "9") {
		t.Errorf("the aggregated table shows:\n%s", got)
	}
	browsertest.CheckAxe(t, b, "case page with a request aggregated")
	screenshotter(t, b)("cost-aggregation")

	r, _, err := f.svc.FindRequest(ctx, officer, f.ref)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range r.Parts {
		if _, err := f.svc.AnswerPart(ctx, officer, f.ref, p.Number, casework.Answer{Text: "Refused on cost with the related request.", Outcome: foi.CostLimit}); err != nil {
			t.Fatal(err)
		}
	}
	do("draft the refusal", chromedp.Navigate(casePath), waitFor(f.ref.Slug()),
		chromedp.SetValue(chromedp.CSS("#letter-kind"), "refusal"),
		chromedp.SetValue(chromedp.CSS("#letter-details"), "If you ask about one year only, we expect to be able to answer."),
		click(`form[action$="/letters"] button[type=submit]`), waitFor("notice=letter"))
	body := text(`document.querySelector('#body').value`)
	for _, want := range []string{"complying with this request alone would take 10 hours, costing £250",
		"- " + related.String() + ", received on 9 November 2026, made by you: 9 hours (£225)",
		"Together, complying would take 19 hours, costing £475, which is more than the limit of £450."} {
		if !strings.Contains(body, want) {
			t.Errorf("the refusal lacks %q:\n%s", want, body)
		}
	}
}
