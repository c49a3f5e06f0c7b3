// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"disclose/internal/browsertest"
	"disclose/internal/foi"
)

// TestRegulatorViewInABrowser: an admin's dashboard with the regulator's
// view (the month table opened) passes axe-core, its evidence pack opens
// from the button and passes too, and the public statistics page, reached
// from the footer, passes with its table.
func TestRegulatorViewInABrowser(t *testing.T) {
	f := newStaffFixture(t)
	_, old := regulatorCases(t, f)
	b := browsertest.New(t)
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(b, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	browserSignIn(t, b, f, foi.RoleAdmin)
	do("dashboard", chromedp.Navigate(f.srv.URL+"/staff/dashboard"), waitFor("/staff/dashboard"))
	// Open "Each month of the last twelve" from the keyboard.
	do("open the months", chromedp.Evaluate[chromedp.Void](`document.querySelector('#regulator ~ details summary').focus()`),
		chromedp.KeyEvent("\r"),
		waitUntil(`document.querySelector('#regulator ~ details').open`))
	if n, err := chromedp.Run(b, chromedp.Evaluate[int](`document.querySelectorAll('#bands-months tbody tr').length`)); err != nil || n != 24 {
		t.Errorf("the month table has %d rows (%v), want 12 months x FOIA and EIR", n, err)
	}
	if s, _ := chromedp.Run(b, chromedp.Evaluate[string](`document.querySelector('#backlog-list').innerText`)); !strings.Contains(s, old.Reference.String()) {
		t.Errorf("the backlog list lacks %s:\n%s", old.Reference, s)
	}
	browsertest.CheckAxe(t, b, "dashboard with the regulator's view")
	screenshotter(t, b)("regulator-view")

	do("evidence pack", click(`a[href^="/staff/regulator/evidence"]`),
		waitUntil(`document.readyState === 'complete' && location.pathname === '/staff/regulator/evidence' && document.querySelector('main') !== null`))
	if s, _ := chromedp.Run(b, chromedp.Evaluate[string](`document.querySelector('#backlog').innerText`)); !strings.Contains(s, old.Reference.String()) {
		t.Errorf("the evidence pack's backlog lacks %s", old.Reference)
	}
	browsertest.CheckAxe(t, b, "evidence pack")

	do("public statistics from the footer", chromedp.Navigate(f.srv.URL+"/disclosure-log"), waitFor("/disclosure-log"),
		click(`.govuk-footer a[href="/statistics"]`), waitFor("/statistics"))
	if s, _ := chromedp.Run(b, chromedp.Evaluate[string](`document.querySelector('#statistics-table').innerText`)); !strings.Contains(s, "July to September 2026") {
		t.Errorf("the statistics table:\n%s", s)
	}
	browsertest.CheckAxe(t, b, "public statistics")
	screenshotter(t, b)("public-statistics")
}
