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

// TestEmailPagesInABrowser: an officer sorts the holding pen and works a
// case's email in a real browser, with axe-core on every page: the list,
// a held message made into a request, a case with a reply to confirm and
// a delivery failure to send again.
func TestEmailPagesInABrowser(t *testing.T) {
	f := newStaffFixture(t)
	officer := f.users[foi.RoleOfficer]
	if _, err := f.svc.RecordEvent(ctx, officer, f.ref, casework.ClockEvent{Type: foi.EventClarificationRequested}); err != nil {
		t.Fatal(err)
	}
	reply := f.holdEmail(t, strings.Replace(heldEmail, "held-1", "reply-1", 1))
	if _, err := f.svc.ThreadHeldEmail(ctx, officer, reply, f.ref); err != nil {
		t.Fatal(err)
	}
	r := mustFind(t, f, f.ref)
	f.failedMessage(t, r, "ack-failed", false)
	f.failedMessage(t, r, "ack-doubt", true)

	b := browsertest.New(t)
	shot := screenshotter(t, b)
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(b, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	browserSignIn(t, b, f, foi.RoleOfficer)
	do("open email to sort", click(`a[href="/staff/mail"]`), waitFor("/staff/mail"))
	browsertest.CheckAxe(t, b, "email to sort")
	shot("holding-pen")
	do("open the email set aside", click(`a[href="/staff/mail?show=set-aside"]`), waitFor("show=set-aside"))
	browsertest.CheckAxe(t, b, "email set aside")
	do("back to the email to sort", click(`main a[href="/staff/mail"]`), waitUntil(`!location.href.includes('set-aside') && document.readyState === 'complete'`))
	do("open the held message", click(`main a[href^="/staff/mail/"]`), waitFor("/staff/mail/"),
		waitUntil(`document.querySelector('#email-text') !== null`))
	browsertest.CheckAxe(t, b, "a held email")
	shot("held-email")
	do("try to make a request without a name", click(`form[action$="/request"] button`),
		waitUntil(`document.querySelector('.govuk-error-summary') !== null`))
	browsertest.CheckAxe(t, b, "a held email with an error")
	do("make a request of it", chromedp.SetValue(chromedp.CSS("#name"), "Pat Driver"),
		click(`form[action$="/request"] button`), waitFor("notice=created"))
	if got, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS("#attachments + .dsc-table-scroll table"))); !strings.Contains(got, "orsett road.pdf") {
		t.Errorf("the new case's attachments read %q, want the PDF from the email", got)
	}

	do("open the case with email", chromedp.Navigate(f.srv.URL+"/staff/cases/"+f.ref.Slug()), waitFor(f.ref.Slug()),
		waitUntil(`document.querySelector('#email-failed') !== null`))
	browsertest.CheckAxe(t, b, "case page with email")
	shot("case-email")
	do("record the clarification", click(`form[action$="/confirm"] button`), waitFor("notice=event"))
	if got := mustFind(t, f, f.ref); got.Status != foi.StatusOpen {
		t.Errorf("after one click the case is %s, want open (the clarification received)", got.Status)
	}
	do("send the failed message again", click(`#outbox button[value=resend]`), waitFor("notice=email-resent"))
	browsertest.CheckAxe(t, b, "case page after resending")
	list, _ := f.svc.Store.FindMessages(ctx, foi.OutboxFilter{RequestID: r.ID, Status: foi.OutboxQueued})
	if len(list) != 1 {
		t.Errorf("%d messages queued again, want 1", len(list))
	}
}
