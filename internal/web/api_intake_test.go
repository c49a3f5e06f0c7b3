// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// The anonymous API is a public way in like the form: off unless the site
// turns it on, and then under the form's limits, so it cannot be used to
// make the council's mailbox send anyone anything.
func TestAnonymousAPIRequestsHaveThePublicFormsLimits(t *testing.T) {
	f := newFixture(t)
	body := func(name, email, text string) string {
		b, _ := json.Marshal(map[string]any{"requester": map[string]string{"name": name, "email": email}, "request": text})
		return string(b)
	}
	if status, got := f.call(t, "POST", "/api/v1/requests", "", body("Sam", "sam@example.org", "How many?")); status != http.StatusUnauthorized ||
		!strings.Contains(got["error"].(string), "--public-api-requests") {
		t.Errorf("anonymous API request on a site that did not turn it on = %d %v, want 401 saying how", status, got)
	}

	f.site.PublicAPIRequests = true
	for _, tt := range []struct{ name, body, msg string }{
		{"100,000-character name", body(strings.Repeat("n", 100_000), "a@example.org", "How many?"), "the requester's name is 100000 characters"},
		{"text is a NUL", body("Sam", "a@example.org", "\x00"), "the request text contains a NUL"},
		{"header in the name", body("Sam\r\nBcc: b@example.org", "a@example.org", "How many?"), "control character (U+000D)"},
		{"text is spaces", body("Sam", "a@example.org", " \n "), "the request text is required"},
	} {
		if status, got := f.call(t, "POST", "/api/v1/requests", "", tt.body); status != http.StatusBadRequest || !strings.Contains(got["error"].(string), tt.msg) {
			t.Errorf("%s = %d %v, want 400 containing %q", tt.name, status, got, tt.msg)
		}
	}
	// 15 from one address in a minute: the first SubmitLimit.Max only.
	created := 0
	for i := range 15 {
		status, got := f.call(t, "POST", "/api/v1/requests", "", body("Sam", fmt.Sprintf("sam%d@example.org", i), "How many?"))
		switch status {
		case http.StatusCreated:
			created++
		case http.StatusTooManyRequests:
			if !strings.Contains(got["error"].(string), "Try again after") {
				t.Errorf("429 without saying when: %v", got)
			}
		default:
			t.Fatalf("request %d = %d %v", i+1, status, got)
		}
	}
	if created != casework.SubmitLimit.Max {
		t.Errorf("%d of 15 anonymous API requests from one address created, want %d", created, casework.SubmitLimit.Max)
	}
	if _, n, _ := f.store.FindRequests(ctx, foi.RequestFilter{}); n != casework.SubmitLimit.Max {
		t.Errorf("%d requests stored, want %d", n, casework.SubmitLimit.Max)
	}
	// Staff with a token are not the public: their requests are not counted.
	if status, got := f.call(t, "POST", "/api/v1/requests", f.tokens[foi.RoleOfficer], body("Sam", "sam@example.org", "By post")); status != http.StatusCreated {
		t.Errorf("officer = %d %v", status, got)
	}
}

// Staff logging a request meet the same field limits, each error beside
// its field on the form.
func TestStaffNewRequestFormShowsFieldLimits(t *testing.T) {
	f := newStaffFixture(t)
	c := f.signedIn(t, foi.RoleOfficer)
	before, _, _ := f.svc.Store.FindRequests(ctx, foi.RequestFilter{})
	for field, form := range map[string]url.Values{
		"phone":   {"phone": {strings.Repeat("1", 41)}, "address": {"1 High St"}},
		"address": {"address": {strings.Repeat("a", 1001)}},
		"name":    {"name": {"Ann\x1b[2J"}, "address": {"1 High St"}},
	} {
		form.Set("received_on", "2026-11-20")
		form.Set("channel", "post")
		form.Set("regime", "foia")
		form.Set("text", "How many?")
		if form.Get("name") == "" {
			form.Set("name", "Ann")
		}
		resp, body := f.postBody(t, c, "/staff/cases/new", form)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="`+field+`-error"`) {
			t.Errorf("%s over the limit: %d, want 400 with the error beside the %s field", field, resp.StatusCode, field)
		}
	}
	if after, _, _ := f.svc.Store.FindRequests(ctx, foi.RequestFilter{}); len(after) != len(before) {
		t.Errorf("refused requests were stored")
	}
}
