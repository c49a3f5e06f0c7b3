// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"disclose/internal/foi"
	"disclose/internal/oidctest"
)

// disclose serve with its single sign-on flags, against a real provider
// on loopback: the flags are checked before anything starts, the sign-in
// page offers the provider, someone in a mapped group signs in through
// the provider's form and gets an account with the mapped role, and with
// password sign-in off only the break-glass administrator's password works.
func TestServeWithSingleSignOn(t *testing.T) {
	for _, args := range [][]string{
		{"--sso-issuer", "http://127.0.0.1:9"},
		{"--sso-issuer", "http://127.0.0.1:9", "--sso-client-id", "x", "--sso-redirect-url", "http://127.0.0.1:9/staff/sign-in/sso/callback"},
		{"--sso-role", "nonsense"},
		{"--password-sign-in=false"},
	} {
		if code, _, stderr := disclose(t, append([]string{"serve", "--db", "sqlite:" + filepath.Join(t.TempDir(), "x.db")}, args...)...); code != 2 || stderr == "" {
			t.Errorf("serve %v: exit %d %q, want 2 and the reason", args, code, stderr)
		}
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	site := "http://" + addr
	op := oidctest.Start(t, []oidctest.User{
		{ID: "sub-1", Email: "fatima@council.example", Name: "Fatima Officer", Password: "provider password", Groups: []string{"FOI Team"}},
	}, []oidctest.Client{{ID: "disclose", Secret: "s3cret", RedirectURIs: []string{site + "/staff/sign-in/sso/callback"}}})

	path := filepath.Join(t.TempDir(), "disclose.db")
	dsn := "sqlite:" + path
	for _, u := range [][]string{{"officer", "olu@council.example"}, {"admin", "glass@council.example", "--break-glass"}} {
		if code, _, e := cliWith(t, "correct horse battery staple\n", append([]string{"user", "add", "--db", dsn, "--role", u[0], "--name", u[1], "--email", u[1]}, u[2:]...)...); code != 0 {
			t.Fatalf("user add: %d %s", code, e)
		}
	}
	bin := buildDisclose(t)
	startServe(t, bin, dsn, "--addr", addr, "--sso-issuer", op.Issuer, "--sso-client-id", "disclose",
		"--sso-redirect-url", site+"/staff/sign-in/sso/callback", "--sso-role", "FOI Team=officer",
		"--sso-create-accounts", "--sso-name", "Council", "--password-sign-in=false", "--sso-client-secret", "s3cret")

	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.Get(site + "/staff/sign-in")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), "Sign in with Council") {
		t.Fatalf("the sign-in page offers no single sign-on:\n%s", page)
	}
	resp, err = c.Get(site + "/staff/sign-in/sso")
	if err != nil {
		t.Fatal(err)
	}
	page, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`name="id" value="([^"]+)"`).FindSubmatch(page)
	if m == nil || !strings.HasPrefix(resp.Request.URL.String(), op.Issuer) {
		t.Fatalf("not at the provider's login form: %s\n%s", resp.Request.URL, page)
	}
	resp, err = c.PostForm(op.Issuer+"/login", url.Values{"id": {string(m[1])}, "username": {"fatima@council.example"}, "password": {"provider password"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.String() != site+"/staff/cases" {
		t.Fatalf("after the provider: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	store, _ := fileService(t, path)
	defer store.Close()
	if u, err := store.FindUserByEmail(context.Background(), "fatima@council.example"); err != nil || u.Role != foi.RoleOfficer {
		t.Errorf("the account made at first sign-in: %+v, %v", u, err)
	}

	post := func(email string) int {
		resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).
			PostForm(site+"/staff/sign-in", url.Values{"email": {email}, "password": {"correct horse battery staple"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := post("olu@council.example"); got != http.StatusUnauthorized {
		t.Errorf("an officer's password with password sign-in off: %d, want 401", got)
	}
	if got := post("glass@council.example"); got != http.StatusSeeOther {
		t.Errorf("the break-glass administrator's password: %d, want signed in", got)
	}
}

func cliWith(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut strings.Builder
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}
