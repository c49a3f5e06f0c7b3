// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"disclose/internal/auth"
	"disclose/internal/foi"
)

var totpSecretShown = regexp.MustCompile(`id="totp-secret">([A-Z2-7]+)<`)

// offeredSecret is the second-factor secret the account page offers c.
func (f *staffFixture) offeredSecret(t *testing.T, c *http.Client) string {
	t.Helper()
	_, body := f.get(t, c, "/staff/account")
	m := totpSecretShown.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the account page offers no second-factor secret")
	}
	return m[1]
}

// The secret is made on the server: one the browser chooses (and so
// someone else may know) cannot be turned on, and reloading the page
// keeps the secret the app already scanned.
func TestSecondFactorSecretIsTheServers(t *testing.T) {
	f := newStaffFixture(t)
	c := f.signedIn(t, foi.RoleOfficer)
	offered := f.offeredSecret(t, c)
	if again := f.offeredSecret(t, c); again != offered {
		t.Errorf("reloading the page offered %s, then %s", offered, again)
	}
	chosen := auth.NewTOTPSecret()
	code, _ := auth.TOTPCode(chosen, f.now)
	if resp := f.post(t, c, "/staff/account/second-factor", url.Values{"secret": {chosen}, "code": {code}}); resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("a secret chosen by the browser, with its code: %d, want refused", resp.StatusCode)
	}
	if on, _ := f.svc.HasSecondFactor(ctx, f.users[foi.RoleOfficer].ID); on {
		t.Fatal("a secret chosen by the browser was turned on")
	}
	// Another session is offered its own secret.
	if other := f.offeredSecret(t, f.signedIn(t, foi.RoleOfficer)); other == offered {
		t.Error("two sessions were offered the same secret")
	}
}

// Turning the second factor off needs the password or a current code: a
// session left open is not enough.
func TestRemovingSecondFactorNeedsProof(t *testing.T) {
	f := newStaffFixture(t)
	c := f.signedIn(t, foi.RoleOfficer)
	secret := f.offeredSecret(t, c)
	code, _ := auth.TOTPCode(secret, f.now)
	if resp := f.post(t, c, "/staff/account/second-factor", url.Values{"code": {code}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("turning on: %d", resp.StatusCode)
	}
	officer := f.users[foi.RoleOfficer].ID
	for name, form := range map[string]url.Values{
		"nothing":        {},
		"wrong password": {"password": {"not the password at all"}},
		"wrong code":     {"confirm_code": {"000000"}},
		"spent code":     {"confirm_code": {code}},
	} {
		resp, body := f.postBody(t, c, "/staff/account/second-factor/remove", form)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "govuk-error-message") {
			t.Errorf("removing with %s: %d, want a clear refusal", name, resp.StatusCode)
		}
		if on, _ := f.svc.HasSecondFactor(ctx, officer); !on {
			t.Fatalf("removing with %s turned the second factor off", name)
		}
	}
	f.now = f.now.Add(time.Minute)
	next, _ := auth.TOTPCode(secret, f.now)
	if resp := f.post(t, c, "/staff/account/second-factor/remove", url.Values{"confirm_code": {next}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("removing with a current code: %d", resp.StatusCode)
	}
	if on, _ := f.svc.HasSecondFactor(ctx, officer); on {
		t.Fatal("still on after a current code")
	}
	// And with the password.
	secret = f.offeredSecret(t, c)
	f.now = f.now.Add(time.Minute)
	code, _ = auth.TOTPCode(secret, f.now)
	if resp := f.post(t, c, "/staff/account/second-factor", url.Values{"code": {code}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("turning on again: %d", resp.StatusCode)
	}
	if resp := f.post(t, c, "/staff/account/second-factor/remove", url.Values{"password": {testPassword}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("removing with the password: %d", resp.StatusCode)
	}
	if on, _ := f.svc.HasSecondFactor(ctx, officer); on {
		t.Fatal("still on after the password")
	}
}
