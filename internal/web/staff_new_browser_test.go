// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"disclose/internal/browsertest"
	"disclose/internal/foi"
)

// An officer logging a phone call under FOIA is told, beside "How it
// arrived", that it must be in writing, with everything typed kept; the
// same call logged under the EIR is accepted. The form says so before
// anything is sent.
func TestSpokenRequestInABrowser(t *testing.T) {
	f := newStaffFixture(t)
	b := browsertest.New(t)
	browserSignIn(t, b, f, foi.RoleOfficer)
	if err := chromedp.Do(b, chromedp.Navigate(f.srv.URL+"/staff/cases/new"), chromedp.WaitVisible(chromedp.CSS("#channel-hint"))); err != nil {
		t.Fatal(err)
	}
	if hint := text(t, b, "#channel-hint"); !strings.Contains(hint, "must be in writing") {
		t.Errorf("the channel hint reads %q", hint)
	}
	before := countRequests(t, f)
	if err := chromedp.Do(b,
		chromedp.SetValue(chromedp.CSS("#received_on"), "2026-11-20"),
		chromedp.SetValue(chromedp.CSS("#channel"), "phone"),
		chromedp.SetValue(chromedp.CSS("#regime"), "foia"),
		chromedp.SetValue(chromedp.CSS("#name"), "Sam Caller"),
		chromedp.SetValue(chromedp.CSS("#address"), "1 High Street, Grays"),
		chromedp.SetValue(chromedp.CSS("#text"), "How many fly-tipping reports were made on Ship Lane?"),
		click("main form button[type=submit]"),
		chromedp.WaitVisible(chromedp.CSS("#channel-error"))); err != nil {
		t.Fatal(err)
	}
	if msg := text(t, b, "#channel-error"); !strings.Contains(msg, "is not valid under the Freedom of Information Act until it is in writing") {
		t.Errorf("the error beside the channel reads %q", msg)
	}
	if kept, _ := chromedp.Run(b, chromedp.Value(chromedp.CSS("#text"))); !strings.Contains(kept, "Ship Lane") {
		t.Errorf("the request text was not kept: %q", kept)
	}
	browsertest.CheckAxe(t, b, "log a request: spoken FOIA refused")
	if n := countRequests(t, f); n != before {
		t.Fatalf("%d requests after the refusal, want %d", n, before)
	}
	if err := chromedp.Do(b, chromedp.SetValue(chromedp.CSS("#regime"), "eir"),
		click("main form button[type=submit]"), waitFor("notice=created")); err != nil {
		t.Fatal(err)
	}
	if n := countRequests(t, f); n != before+1 {
		t.Errorf("%d requests after logging under the EIR, want %d", n, before+1)
	}
}

func countRequests(t *testing.T, f *staffFixture) int {
	t.Helper()
	_, n, err := f.svc.Store.FindRequests(ctx, foi.RequestFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// The API refuses the same spoken FOIA request with the same words.
func TestAPIRefusesSpokenFOIARequest(t *testing.T) {
	f := newFixture(t)
	status, got := f.call(t, "POST", "/api/v1/requests", f.tokens["officer"], `{"requester":{"name":"Sam","address":"1 High St"},
		"request":"How many bins?","channel":"phone","regime":"foia"}`)
	if status != http.StatusBadRequest || !strings.Contains(got["error"].(string), "until it is in writing (s.8(1)(a))") {
		t.Errorf("a FOIA phone request through the API: %d %v", status, got)
	}
}
