// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"disclose/internal/browsertest"
	"disclose/internal/casework"
	"disclose/internal/clock"
	"disclose/internal/foi"
)

// TestTimeVariationInABrowser: the officer varies a FOIA request's time
// for compliance because the information is held abroad (SI 2004/3364):
// a day after the 60th working day is refused beside the form, with what
// was typed kept, axe-clean; a day the regulation allows recounts the due
// date, which the case page, the case list and the dashboard then show,
// with the reason on the case's record.
func TestTimeVariationInABrowser(t *testing.T) {
	f := newStaffFixture(t)
	b := browsertest.New(t)
	officer := f.users[foi.RoleOfficer]
	if err := f.svc.AssignCase(ctx, officer, f.ref, officer.ID); err != nil {
		t.Fatal(err)
	}
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
	nth := func(n int) string {
		d, err := f.svc.Calendar().AddWorkingDays(clock.FOIA, clock.DateOf(time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)), n)
		if err != nil {
			t.Fatal(err)
		}
		return d.String()
	}
	casePath := f.srv.URL + "/staff/cases/" + f.ref.Slug()
	reason := "The placement records for 2022 are held by our contractor's office in Dublin"

	browserSignIn(t, b, f, foi.RoleOfficer)
	do("the case page", chromedp.Navigate(casePath), waitFor(f.ref.Slug()),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#time-variation').open = true`),
		click("#variation-held-abroad"),
		chromedp.SetValue(chromedp.CSS("#variation-specified"), nth(61)),
		chromedp.SetValue(chromedp.CSS("#variation-reason"), reason),
		click(`form[action$="/variation"] button[type=submit]`),
		waitUntil(`document.readyState === 'complete' && document.querySelector('#variation-error') !== null`))
	if msg := text(`document.querySelector('#variation-error').innerText`); !strings.Contains(msg, "after the 60th working day") {
		t.Errorf("the refusal says %q", msg)
	}
	if kept := text(`document.querySelector('#variation-reason').value`); kept != reason {
		t.Errorf("the form kept %q", kept)
	}
	browsertest.CheckAxe(t, b, "case page with a variation refused")

	// The 22nd working day, 3 December 2026: still due within the week.
	do("vary to the 22nd working day",
		chromedp.SetValue(chromedp.CSS("#variation-specified"), nth(22)),
		click(`form[action$="/variation"] button[type=submit]`), waitFor("notice=time-varied"))
	if got := text(`document.querySelector('#variation-current').textContent`); !strings.Contains(got, "due 2026-12-03") || !strings.Contains(got, "SI 2004/3364 reg 6") || !strings.Contains(got, reason) {
		t.Errorf("the variation in force reads %q", got)
	}
	if got := text(`document.querySelector('#clock-explained summary').innerText`); !strings.Contains(got, "3 December 2026") {
		t.Errorf("the due date reads %q; want 3 December 2026", got)
	}
	browsertest.CheckAxe(t, b, "case page with the time varied")
	for _, page := range []string{"/staff/cases", "/staff/dashboard"} {
		do(page, chromedp.Navigate(f.srv.URL+page), waitFor(page))
		row := text(`(() => { const a = [...document.querySelectorAll('a')].find(a => a.textContent.trim() === '` + f.ref.String() + `'); return a ? a.closest('tr').innerText : '' })()`)
		if !strings.Contains(row, "3 December 2026") {
			t.Errorf("%s shows %s as %q; want due 3 December 2026", page, f.ref, row)
		}
	}

	// An EIR request: the page offers no form, and a post is refused.
	eir, err := f.svc.SubmitRequest(ctx, officer, casework.NewRequest{Requester: foi.Requester{Name: "Sam Researcher", Email: "sam@example.org"},
		Text: "Air quality readings abroad?", Regime: foi.EIR, Channel: foi.ChannelEmail, ReceivedOn: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	c := f.signedIn(t, foi.RoleOfficer)
	resp, body := f.postBody(t, c, "/staff/cases/"+eir.Reference.Slug()+"/variation", url.Values{"variation": {"held-abroad"}, "specified": {nth(30)}, "reason": {reason}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "vary the 20 working days of FOIA s.10(1) only") {
		t.Errorf("varying an EIR request: %d", resp.StatusCode)
	}
}
