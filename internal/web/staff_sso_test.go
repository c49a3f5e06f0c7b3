// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"disclose/internal/browsertest"
	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/oidctest"
	"disclose/internal/sso"
)

const ssoPassword = "a long provider password"

// withSSO turns single sign-on on for the fixture's site, against a real
// provider on loopback that knows four people: two in mapped groups, one
// in none, and the fixture's officer.
func withSSO(t *testing.T, f *staffFixture, createAccounts bool) *oidctest.Provider {
	t.Helper()
	op := oidctest.Start(t, []oidctest.User{
		{ID: "sub-fatima", Email: "fatima@council.example", Name: "Fatima Officer", Password: ssoPassword, Groups: []string{"foi-team", "all-staff"}},
		{ID: "sub-harry", Email: "harry@council.example", Name: "Harry Highways", Password: ssoPassword, Groups: []string{"highways", "all-staff"}},
		{ID: "sub-nobody", Email: "nobody@council.example", Name: "No Body", Password: ssoPassword, Groups: []string{"all-staff"}},
		{ID: "sub-olu", Email: "officer@council.example", Name: "Olu Officer", Password: ssoPassword, Groups: []string{"foi-admins"}},
	}, []oidctest.Client{{ID: "disclose", Secret: "s3cret", RedirectURIs: []string{f.srv.URL + sso.CallbackPath},
		PostLogoutURIs: []string{f.srv.URL + "/staff/sign-in"}}})
	p, err := sso.New(ctx, sso.Config{Issuer: op.Issuer, ClientID: "disclose", ClientSecret: "s3cret",
		RedirectURL: f.srv.URL + sso.CallbackPath, Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	rules := []casework.RoleRule{}
	for _, s := range []string{"foi-team=officer", "foi-admins=admin", "highways=contributor:Highways"} {
		r, err := casework.ParseRoleRule(s)
		if err != nil {
			t.Fatal(err)
		}
		rules = append(rules, r)
	}
	f.svc.SSO = &casework.SSOPolicy{Issuer: op.Issuer, Rules: rules, CreateAccounts: createAccounts}
	f.site.SSO, f.site.SSOName = p, "the council"
	return op
}

var providerFormID = regexp.MustCompile(`name="id" value="([^"]+)"`)

// ssoSignIn signs a new HTTP client in through the provider's form and
// returns it with the page it ends on.
func (f *staffFixture) ssoSignIn(t *testing.T, email string) (*http.Client, *http.Response, string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.Get(f.srv.URL + "/staff/sign-in/sso?next=/staff/cases")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := providerFormID.FindSubmatch(page)
	if m == nil {
		t.Fatalf("no provider login form:\n%s", page)
	}
	login := *resp.Request.URL
	login.RawQuery = ""
	resp, err = c.PostForm(login.String(), url.Values{"id": {string(m[1])}, "username": {email}, "password": {ssoPassword}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return c, resp, string(body)
}

// Role mapping from the provider's groups, accounts made at first
// sign-in, the role following the groups, the unmapped refused with a
// clear page, and password sign-in off except for break-glass.
func TestSingleSignOn(t *testing.T) {
	f := newStaffFixture(t)
	op := withSSO(t, f, true)

	c, resp, body := f.ssoSignIn(t, "fatima@council.example")
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/staff/cases" {
		t.Fatalf("signing in: %d at %s\n%s", resp.StatusCode, resp.Request.URL, body)
	}
	// Sign out: through the provider's end-session page and back to the
	// sign-in page; the session is gone, not only its cookie.
	site, _ := url.Parse(f.srv.URL)
	var session string
	for _, ck := range c.Jar.Cookies(site) {
		if ck.Name == "disclose_session" {
			session = ck.Value
		}
	}
	resp, err := c.PostForm(f.srv.URL+"/staff/sign-out", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.String() != f.srv.URL+"/staff/sign-in" || len(resp.Request.Response.Header.Values("Location")) == 0 {
		t.Errorf("after signing out: at %s", resp.Request.URL)
	}
	if via := resp.Request.Response.Request.URL; !strings.HasPrefix(via.String(), op.Issuer) {
		t.Errorf("signing out did not go through the provider (last hop %s)", via)
	}
	old := client(t)
	old.Jar.SetCookies(site, []*http.Cookie{{Name: "disclose_session", Value: session}})
	if r, _ := f.get(t, old, "/staff/cases"); session == "" || r.StatusCode != http.StatusSeeOther {
		t.Errorf("the signed-out session: %d, want sent to sign in", r.StatusCode)
	}
	fatima, err := f.svc.Store.FindUserByEmail(ctx, "fatima@council.example")
	if err != nil || fatima.Role != foi.RoleOfficer || fatima.Name != "Fatima Officer" || fatima.HasPassword() ||
		fatima.Subject != op.Issuer+"|sub-fatima" {
		t.Fatalf("the account made at first sign-in: %+v, %v", fatima, err)
	}

	// A contributor for a department; then moved at the provider.
	f.ssoSignIn(t, "harry@council.example")
	harry, err := f.svc.Store.FindUserByEmail(ctx, "harry@council.example")
	if err != nil || harry.Role != foi.RoleContributor || harry.Department != "Highways" {
		t.Fatalf("harry: %+v, %v", harry, err)
	}
	op.SetGroups("sub-harry", "foi-team")
	f.ssoSignIn(t, "harry@council.example")
	if harry, _ = f.svc.Store.FindUser(ctx, harry.ID); harry.Role != foi.RoleOfficer || harry.Department != "" {
		t.Errorf("after moving groups at the provider: %s for %q, want officer", harry.Role, harry.Department)
	}

	// An existing account (by email) is tied to the identity, its role
	// set from the groups.
	f.ssoSignIn(t, "officer@council.example")
	olu, _ := f.svc.Store.FindUser(ctx, f.users[foi.RoleOfficer].ID)
	if olu.Role != foi.RoleAdmin || olu.Subject != op.Issuer+"|sub-olu" {
		t.Errorf("the existing officer after single sign-on: %+v", olu)
	}

	// In no mapped group: refused with a page that says why.
	_, resp, body = f.ssoSignIn(t, "nobody@council.example")
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "You cannot use Disclose yet") ||
		!strings.Contains(body, "not in any group that has a role in Disclose") {
		t.Errorf("an unmapped user: %d\n%s", resp.StatusCode, body)
	}
	if _, err := f.svc.Store.FindUserByEmail(ctx, "nobody@council.example"); !foi.IsNotFound(err) {
		t.Errorf("an account was made for an unmapped user: %v", err)
	}

	// A disabled account is refused too, whatever its groups.
	if _, err := f.svc.SetDisabled(ctx, f.users[foi.RoleAdmin], fatima.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, resp, body = f.ssoSignIn(t, "fatima@council.example"); resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "disabled") {
		t.Errorf("a disabled account: %d", resp.StatusCode)
	}

	// A flow that did not start in this browser is refused.
	resp, err = http.Get(f.srv.URL + sso.CallbackPath + "?code=x&state=y")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a callback without a flow: %d, want 400", resp.StatusCode)
	}

	// Password sign-in off: only a break-glass administrator keeps it.
	f.svc.PasswordSignInOff = true
	if resp := f.post(t, client(t), "/staff/sign-in", url.Values{"email": {"reviewer@council.example"}, "password": {testPassword}}); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("password sign-in when off: %d, want refused", resp.StatusCode)
	}
	admin := f.users[foi.RoleAdmin]
	if _, err := f.svc.SetBreakGlass(ctx, casework.CommandLine, admin.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SetBreakGlass(ctx, admin, admin.ID, true); foi.ErrorCode(err) != foi.EFORBIDDEN {
		t.Errorf("break-glass set from the browser's side: %v, want forbidden", err)
	}
	if resp := f.post(t, client(t), "/staff/sign-in", url.Values{"email": {admin.Email}, "password": {testPassword}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a break-glass administrator's password: %d, want signed in", resp.StatusCode)
	}
	if _, body := f.get(t, client(t), "/staff/sign-in"); !strings.Contains(body, "Sign in with the council") || !strings.Contains(body, "break-glass") {
		t.Errorf("the sign-in page with password sign-in off:\n%s", body)
	}
}

// Without just-in-time accounts, only staff an administrator added can
// come in.
func TestSingleSignOnWithoutNewAccounts(t *testing.T) {
	f := newStaffFixture(t)
	withSSO(t, f, false)
	_, resp, body := f.ssoSignIn(t, "fatima@council.example")
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "no Disclose account for you yet") {
		t.Errorf("someone without an account: %d\n%s", resp.StatusCode, body)
	}
	if _, resp, _ = f.ssoSignIn(t, "officer@council.example"); resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/staff/cases" {
		t.Errorf("an added member of staff: %d at %s", resp.StatusCode, resp.Request.URL)
	}
}

// The whole sign-in in a real browser, through the provider's own login
// page: the button, the provider's form, back signed in with the mapped
// role; sign-out ends the session here and at the provider; someone in no
// mapped group sees the refusal page. Disclose's pages pass axe-core.
func TestSingleSignOnInABrowser(t *testing.T) {
	f := newStaffFixture(t)
	withSSO(t, f, true)
	b := browsertest.New(t)
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(b, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	providerSignIn := func(email string) {
		t.Helper()
		do("sign in at the provider as "+email,
			chromedp.Navigate(f.srv.URL+"/staff/cases"), waitFor("/staff/sign-in"),
			click("#sso-sign-in"), waitUntil(`document.querySelector('#username') !== null`),
			chromedp.SetValue(chromedp.CSS("#username"), email),
			chromedp.SetValue(chromedp.CSS("#password"), ssoPassword),
			click("#submit"))
	}
	do("open the sign-in page", chromedp.Navigate(f.srv.URL+"/staff/sign-in"), waitFor("/staff/sign-in"))
	browsertest.CheckAxe(t, b, "sign-in page with single sign-on")
	providerSignIn("fatima@council.example")
	do("arrive signed in", waitUntil(`location.pathname === '/staff/cases'`), waitFor("/staff/cases"))
	who, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS("#navigation")))
	if !strings.Contains(who, "Fatima Officer (officer)") {
		t.Errorf("signed in as %q, want Fatima Officer (officer)", who)
	}
	browsertest.CheckAxe(t, b, "case list after single sign-on")
	do("open the account page", chromedp.Navigate(f.srv.URL+"/staff/account"), waitFor("/staff/account"))
	if text, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS("main"))); !strings.Contains(text, "organisation's account") {
		t.Errorf("the account page of a single sign-on user should say the provider asks for any second factor:\n%s", text)
	}
	browsertest.CheckAxe(t, b, "account page of a single sign-on user")

	do("sign out", click(".dsc-sign-out button"), waitUntil(`location.pathname === '/staff/sign-in'`), waitFor("/staff/sign-in"))
	do("the case list after signing out", chromedp.Navigate(f.srv.URL+"/staff/cases"), waitFor("/staff/sign-in"))

	providerSignIn("nobody@council.example")
	do("the refusal page", waitUntil(`document.querySelector('h1') && document.querySelector('h1').textContent.includes('cannot use Disclose')`))
	text, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS("main")))
	if !strings.Contains(text, "not in any group that has a role in Disclose") || !strings.Contains(text, "Back to the sign-in page") {
		t.Errorf("the refusal page says:\n%s", text)
	}
	browsertest.CheckAxe(t, b, "single sign-on refusal page")
}
