// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"database/sql"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"disclose/internal/browsertest"
	"disclose/internal/foi"
)

// TestAdminVerifiesTheAuditTrailInABrowser: an administrator verifies the
// audit trail from the settings page and sees how far it verified; after
// an event is edited directly in the database, the same button shows that
// it does not verify and names the event. Both pages pass axe.
func TestAdminVerifiesTheAuditTrailInABrowser(t *testing.T) {
	f := newStaffFixture(t)
	b := browsertest.New(t)
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(b, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	result := func() string {
		t.Helper()
		s, err := chromedp.Run(b, chromedp.Evaluate[string](`document.querySelector('#audit-result').innerText`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	browserSignIn(t, b, f, foi.RoleAdmin)
	do("open settings", chromedp.Navigate(f.srv.URL+"/staff/admin"), waitFor("/staff/admin"))
	if got := result(); !strings.Contains(got, "not been verified") {
		t.Errorf("before any verification the page says %q", got)
	}
	verify := func() {
		t.Helper()
		do("verify the audit trail",
			chromedp.Evaluate[chromedp.Void](`document.querySelector('#audit-result').dataset.old = '1'`),
			click(`form[action="/staff/admin/audit"] button`),
			waitUntil(`location.hash === '#audit' && document.readyState === 'complete' && !document.querySelector('#audit-result').dataset.old`))
	}
	verify()
	if got := result(); !strings.Contains(got, "Verified") || !strings.Contains(got, "are as they were written") || !strings.Contains(got, "by Ada Admin") {
		t.Errorf("after verifying the page says %q", got)
	}
	browsertest.CheckAxe(t, b, "settings, audit trail verified")

	// Someone edits the case's first event in the database itself.
	events, err := f.svc.Store.FindEvents(ctx, fixtureCase(t, f).ID)
	if err != nil || len(events) == 0 {
		t.Fatalf("the fixture's case has no events: %v", err)
	}
	db, err := sql.Open("sqlite", f.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `DROP TRIGGER events_no_update`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `UPDATE events SET note = 'nothing happened' WHERE id = ?`, events[0].ID); err != nil {
		t.Fatal(err)
	}
	verify()
	got := result()
	if !strings.Contains(got, "did not verify") || !strings.Contains(got, "event "+strconv.FormatInt(events[0].ID, 10)+" (sequence") {
		t.Errorf("after an edit in the database the page says %q; want it naming event %d", got, events[0].ID)
	}
	browsertest.CheckAxe(t, b, "settings, audit trail not verified")
}

func fixtureCase(t *testing.T, f *staffFixture) *foi.Request {
	t.Helper()
	r, err := f.svc.Store.FindRequest(ctx, f.ref)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
