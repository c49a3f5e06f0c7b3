// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"disclose/internal/browsertest"
	"disclose/internal/foi"
)

// TestSchoolTermsInABrowser: an administrator makes the authority a school
// on the settings page. Terms that stop before an open request's count
// ends are refused beside the field, naming the request, with what was
// typed kept (axe-clean); whole terms are saved, and the case page then
// shows the deadline counted in school days, with the count explained.
func TestSchoolTermsInABrowser(t *testing.T) {
	f := newStaffFixture(t)
	b := browsertest.New(t)
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(b, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	browserSignIn(t, b, f, foi.RoleAdmin)
	do("settings", chromedp.Navigate(f.srv.URL+"/staff/admin#school"), waitFor("/staff/admin"))
	browsertest.CheckAxe(t, b, "settings with the school form")
	short := "2026-09-02 2026-10-23\n2026-11-02 2026-11-13"
	do("terms that stop too soon", click("#authority_kind-school"),
		chromedp.SetValue(chromedp.CSS("#school_terms"), short),
		click(`form[action="/staff/admin/school"] button[type=submit]`),
		waitUntil(`document.readyState === 'complete' && document.querySelector('#school_terms-error') !== null`))
	msg, _ := chromedp.Run(b, chromedp.Evaluate[string](`document.querySelector('#school_terms-error').innerText`))
	if !strings.Contains(msg, f.ref.String()) || !strings.Contains(msg, "2026-11-16 is outside the entered terms") {
		t.Errorf("the refusal says %q; want it to name %s and 2026-11-16", msg, f.ref)
	}
	if kept, _ := chromedp.Run(b, chromedp.Evaluate[string](`document.querySelector('#school_terms').value`)); kept != short {
		t.Errorf("the form kept %q, want what was typed", kept)
	}
	if checked, _ := chromedp.Run(b, chromedp.Evaluate[bool](`document.querySelector('#authority_kind-school').checked`)); !checked {
		t.Error("the form lost the kind chosen")
	}
	browsertest.CheckAxe(t, b, "settings with the terms refused")
	if r, _ := f.svc.Store.FindRequest(ctx, f.ref); foi.FormatDate(r.DueOn) != "2026-12-01" {
		t.Errorf("after the refusal, due %s; want 2026-12-01 unchanged", foi.FormatDate(r.DueOn))
	}

	// An INSET day on Friday 20 November is outside the terms: received
	// Monday 2 November, the 20th school day is 2 December, not 1 December.
	whole := "2026-09-02 2026-10-23\n2026-11-02 2026-11-19\n2026-11-23 2026-12-18\n2027-01-05 2027-02-12"
	do("whole terms", chromedp.SetValue(chromedp.CSS("#school_terms"), whole),
		click(`form[action="/staff/admin/school"] button[type=submit]`), waitFor("notice=settings"))
	if v, _ := chromedp.Run(b, chromedp.Evaluate[string](`document.querySelector('#school_terms').value`)); v != whole {
		t.Errorf("saved terms read back as %q", v)
	}
	do("the case", chromedp.Navigate(f.srv.URL+"/staff/cases/"+f.ref.Slug()), waitFor(f.ref.Slug()))
	if due, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS("#due"))); !strings.Contains(due, "2 December 2026") {
		t.Errorf("the case page's due date reads %q; want 2 December 2026", due)
	}
	explained, _ := chromedp.Run(b, chromedp.Evaluate[string](`document.querySelector('main details').textContent`))
	if !strings.Contains(explained, "not a school day") || !strings.Contains(explained, "deadline: school day 20") {
		t.Errorf("the explanation does not count school days:\n%s", explained)
	}
	browsertest.CheckAxe(t, b, "case page of a school")
}
