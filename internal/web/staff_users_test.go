// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"disclose/internal/auth"
	"disclose/internal/browsertest"
	"disclose/internal/foi"
)

// apiStatus is the status of GET /api/v1/requests/{ref} with a token.
func (f *staffFixture) apiStatus(t *testing.T, token string) int {
	t.Helper()
	req, _ := http.NewRequest("GET", f.srv.URL+"/api/v1/requests/"+f.ref.Slug(), nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func (f *staffFixture) token(t *testing.T, role foi.Role, name string) string {
	t.Helper()
	secret, _, err := f.svc.CreateToken(ctx, f.users[foi.RoleAdmin], f.users[role].ID, name)
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

var shownPassword = regexp.MustCompile(`id="new-password-value">([^<]+)<`)

// The administrator's staff pages: change a role, reset a password (shown
// once; the old one and the old sessions stop), revoke a token, disable
// an account (its session and tokens refused at once), and only an
// administrator may.
func TestStaffAccountPages(t *testing.T) {
	f := newStaffFixture(t)
	admin := f.signedIn(t, foi.RoleAdmin)
	officer := f.users[foi.RoleOfficer]
	officerPage := "/staff/users/" + itoa(officer.ID)
	session := f.signedIn(t, foi.RoleOfficer)
	scanner, report := f.token(t, foi.RoleOfficer, "scanner"), f.token(t, foi.RoleOfficer, "weekly report")
	if got := f.apiStatus(t, scanner); got != http.StatusOK {
		t.Fatalf("a new token: %d", got)
	}

	if r, _ := f.get(t, session, "/staff/users"); r.StatusCode != http.StatusForbidden {
		t.Errorf("an officer opening the staff pages: %d, want 403", r.StatusCode)
	}
	r, body := f.get(t, admin, "/staff/users")
	if r.StatusCode != http.StatusOK || !strings.Contains(body, "Olu Officer") || !strings.Contains(body, "weekly report") ||
		!strings.Contains(body, "contributor") {
		t.Fatalf("staff list: %d\n%s", r.StatusCode, body)
	}
	// The used token shows when; the unused one says never.
	if !regexp.MustCompile(`scanner</td>\s*<td[^>]*><a[^>]*>Olu Officer</a></td>\s*<td[^>]*>[^<]+</td>\s*<td[^>]*>\d`).MatchString(body) ||
		!regexp.MustCompile(`weekly report</td>(\s*<td[^>]*>.*?</td>){2}\s*<td[^>]*>Never</td>`).MatchString(body) {
		t.Errorf("the token list does not show their last use:\n%s", body)
	}

	// A refused change says why, beside the field, and changes nothing.
	resp, body := f.postBody(t, admin, officerPage+"/role", url.Values{"role": {"chief"}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "unknown role") {
		t.Errorf("an unknown role: %d", resp.StatusCode)
	}
	if resp := f.post(t, admin, officerPage+"/role", url.Values{"role": {"reviewer"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("changing the role: %d", resp.StatusCode)
	}
	if u, _ := f.svc.Store.FindUser(ctx, officer.ID); u.Role != foi.RoleReviewer {
		t.Errorf("role after the change: %s", u.Role)
	}
	resp, body = f.postBody(t, admin, "/staff/users/"+itoa(f.users[foi.RoleAdmin].ID)+"/disable", nil)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "cannot disable your own account") {
		t.Errorf("disabling yourself: %d", resp.StatusCode)
	}

	// Reset the password: shown once; the old one and the session stop.
	resp, body = f.postBody(t, admin, officerPage+"/password", nil)
	m := shownPassword.FindStringSubmatch(body)
	if resp.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("reset password: %d, no new password shown", resp.StatusCode)
	}
	if r, _ := f.get(t, session, "/staff/cases"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the session after a password reset: %d, want sent to sign in", r.StatusCode)
	}
	if resp := f.post(t, client(t), "/staff/sign-in", url.Values{"email": {officer.Email}, "password": {testPassword}}); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("the old password: %d, want refused", resp.StatusCode)
	}
	session = client(t)
	if resp := f.post(t, session, "/staff/sign-in", url.Values{"email": {officer.Email}, "password": {m[1]}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the new password: %d", resp.StatusCode)
	}

	// Revoke one token from the page: refused at once, the other works.
	tokens, _ := f.svc.Store.FindTokens(ctx, officer.ID)
	var scannerID int64
	for _, tok := range tokens {
		if tok.Label == "scanner" {
			scannerID = tok.ID
		}
	}
	if resp := f.post(t, admin, "/staff/tokens/"+itoa(scannerID)+"/revoke", url.Values{"user": {itoa(officer.ID)}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoking: %d", resp.StatusCode)
	}
	if got := f.apiStatus(t, scanner); got != http.StatusUnauthorized {
		t.Errorf("a revoked token: %d, want 401", got)
	}
	if got := f.apiStatus(t, report); got != http.StatusOK {
		t.Errorf("the other token: %d, want 200", got)
	}

	// Disable: the session and the remaining token stop at once.
	if resp := f.post(t, admin, officerPage+"/disable", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("disabling: %d", resp.StatusCode)
	}
	if r, _ := f.get(t, session, "/staff/cases"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("a disabled user's session: %d, want sent to sign in", r.StatusCode)
	}
	if got := f.apiStatus(t, report); got != http.StatusUnauthorized {
		t.Errorf("a disabled user's token: %d, want 401", got)
	}
	if resp := f.post(t, client(t), "/staff/sign-in", url.Values{"email": {officer.Email}, "password": {m[1]}}); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a disabled user signing in: %d, want refused", resp.StatusCode)
	}
}

// The same in a real browser: the administrator disables an officer on
// the staff pages and revokes a token; the officer's open session and
// their tokens are refused at once. Each page is checked with axe-core.
func TestDisableAndRevokeInABrowser(t *testing.T) {
	f := newStaffFixture(t)
	b := browsertest.New(t)
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(b, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	officer := f.users[foi.RoleOfficer]
	session := f.signedIn(t, foi.RoleOfficer)
	kept := f.token(t, foi.RoleOfficer, "case export")
	other := f.token(t, foi.RoleReviewer, "dashboard feed")
	for _, tok := range []string{kept, other} {
		if got := f.apiStatus(t, tok); got != http.StatusOK {
			t.Fatalf("a new token: %d", got)
		}
	}

	browserSignIn(t, b, f, foi.RoleAdmin)
	do("open the staff pages", chromedp.Navigate(f.srv.URL+"/staff/users"), waitFor("/staff/users"))
	browsertest.CheckAxe(t, b, "staff accounts")
	do("revoke the reviewer's token", click(`#token-list form[action$="/revoke"] button`), waitFor("notice=token-revoked"))
	if got := f.apiStatus(t, other); got != http.StatusUnauthorized {
		t.Errorf("the token revoked in the browser: %d, want 401 at once", got)
	}
	browsertest.CheckAxe(t, b, "the reviewer's account, the token revoked")
	do("back to the list", click(".govuk-back-link"), waitUntil(`location.pathname === '/staff/users'`), waitFor("/staff/users"))
	do("open the officer", click(`#users a[href="/staff/users/`+itoa(officer.ID)+`"]`), waitFor("/staff/users/"+itoa(officer.ID)))
	browsertest.CheckAxe(t, b, "staff account")
	do("disable the officer", click("#disable"), waitFor("notice=disabled"))
	status, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS("#user-status")))
	if strings.TrimSpace(status) != "Disabled" {
		t.Errorf("the account page says %q after disabling", status)
	}
	browsertest.CheckAxe(t, b, "disabled account")
	if r, _ := f.get(t, session, "/staff/cases"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the disabled officer's open session: %d, want sent to sign in", r.StatusCode)
	}
	if got := f.apiStatus(t, kept); got != http.StatusUnauthorized {
		t.Errorf("the disabled officer's token: %d, want 401 at once", got)
	}
}

// An administrator removes someone's lost second factor only with their
// own password.
func TestAdminRemovesALostSecondFactor(t *testing.T) {
	f := newStaffFixture(t)
	officer := f.signedIn(t, foi.RoleOfficer)
	secret := f.offeredSecret(t, officer)
	code, _ := auth.TOTPCode(secret, f.now)
	if resp := f.post(t, officer, "/staff/account/second-factor", url.Values{"code": {code}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("turning on: %d", resp.StatusCode)
	}
	id := f.users[foi.RoleOfficer].ID
	page := "/staff/users/" + itoa(id)
	if _, body := f.get(t, f.signedIn(t, foi.RoleAdmin), page); !strings.Contains(body, "Remove their second factor") {
		t.Fatal("the account page offers no way to remove the second factor")
	}
	admin := f.signedIn(t, foi.RoleAdmin)
	for _, form := range []url.Values{{}, {"admin_password": {"not the admin password"}}} {
		if resp, body := f.postBody(t, admin, page+"/second-factor/remove", form); resp.StatusCode != http.StatusBadRequest ||
			!strings.Contains(body, `id="admin_password-error"`) {
			t.Errorf("removing with %v: %d, want refused beside the password", form, resp.StatusCode)
		}
	}
	if on, _ := f.svc.HasSecondFactor(ctx, id); !on {
		t.Fatal("removed without the administrator's password")
	}
	if resp := f.post(t, admin, page+"/second-factor/remove", url.Values{"admin_password": {testPassword}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("removing with the password: %d", resp.StatusCode)
	}
	if on, _ := f.svc.HasSecondFactor(ctx, id); on {
		t.Error("still on")
	}
}
