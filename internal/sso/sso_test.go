// SPDX-License-Identifier: AGPL-3.0-or-later

package sso_test

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"disclose/internal/oidctest"
	"disclose/internal/sso"
)

var ctx = context.Background()

const (
	redirect = "http://127.0.0.1:9/staff/sign-in/sso/callback" // never reached: the test reads the redirect
	password = "correct horse battery staple"
)

func startProvider(t *testing.T) *oidctest.Provider {
	return oidctest.Start(t, []oidctest.User{
		{ID: "u-olu", Email: "olu@council.example", Name: "Olu Officer", Password: password, Groups: []string{"FOI Team", "All Staff"}},
		{ID: "u-una", Email: "una@council.example", Name: "Una Verified", Password: password, EmailUnverified: true},
	}, []oidctest.Client{
		{ID: "disclose", Secret: "disclose-secret", RedirectURIs: []string{redirect}},
		{ID: "other-app", Secret: "other-secret", RedirectURIs: []string{redirect}},
	})
}

func newProvider(t *testing.T, issuer, clientID, secret string, now func() time.Time) *sso.Provider {
	t.Helper()
	p, err := sso.New(ctx, sso.Config{Issuer: issuer, ClientID: clientID, ClientSecret: secret, RedirectURL: redirect, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

var hiddenID = regexp.MustCompile(`name="id" value="([^"]+)"`)

// signIn goes through the provider's login form as a browser would and
// returns the query the provider sends back to the callback.
func signIn(t *testing.T, p *sso.Provider, f sso.Flow, email, pass string) url.Values {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	var callback *url.URL
	c := &http.Client{Jar: jar, CheckRedirect: func(r *http.Request, _ []*http.Request) error {
		if r.URL.Path == sso.CallbackPath {
			callback = r.URL
			return http.ErrUseLastResponse
		}
		return nil
	}}
	resp, err := c.Get(p.AuthURL(f))
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := hiddenID.FindSubmatch(page)
	if m == nil {
		t.Fatalf("no login form at the provider (%d):\n%s", resp.StatusCode, page)
	}
	login := *resp.Request.URL
	login.RawQuery = ""
	resp, err = c.PostForm(login.String(), url.Values{"id": {string(m[1])}, "username": {email}, "password": {pass}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if callback == nil {
		t.Fatalf("the provider did not send the browser back (%d)", resp.StatusCode)
	}
	return callback.Query()
}

// The whole flow against a real provider: discovery, the login form, the
// code exchanged with PKCE, the ID token verified; and every way an ID
// token can be wrong is refused.
func TestSignInWithARealProvider(t *testing.T) {
	op := startProvider(t)
	now := time.Now
	p := newProvider(t, op.Issuer, "disclose", "disclose-secret", func() time.Time { return now() })

	f := sso.NewFlow("/staff/cases")
	if u, _ := url.Parse(p.AuthURL(f)); u.Query().Get("code_challenge_method") != "S256" || u.Query().Get("nonce") != f.Nonce ||
		u.Query().Get("state") != f.State {
		t.Fatalf("the authorization request lacks PKCE, nonce or state: %s", u)
	}
	id, err := p.Finish(ctx, f, signIn(t, p, f, "olu@council.example", password))
	if err != nil {
		t.Fatal(err)
	}
	if id.Subject != "u-olu" || id.Email != "olu@council.example" || !id.EmailVerified || id.Name != "Olu Officer" ||
		!slices.Equal(id.Values, []string{"FOI Team", "All Staff"}) {
		t.Errorf("identity %+v", id)
	}

	// An answer for another flow (state), or a code used twice, is refused.
	other := sso.NewFlow("/staff")
	q := signIn(t, p, f, "olu@council.example", password)
	if _, err := p.Finish(ctx, other, q); !isRefusal(err, "state does not match") {
		t.Errorf("another browser's answer: %v", err)
	}
	if _, err := p.Finish(ctx, f, q); err != nil {
		t.Fatalf("the right flow: %v", err)
	}
	if _, err := p.Finish(ctx, f, q); err == nil {
		t.Error("a code used a second time was accepted")
	}
	// A PKCE verifier that is not the one the challenge was made from.
	q = signIn(t, p, f, "olu@council.example", password)
	stolen := f
	stolen.Verifier = sso.NewFlow("").Verifier
	if _, err := p.Finish(ctx, stolen, q); err == nil {
		t.Error("a code exchanged without the right PKCE verifier was accepted")
	}

	raw, err := p.Exchange(ctx, f, signIn(t, p, f, "olu@council.example", password))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Verify(ctx, raw, f.Nonce); err != nil {
		t.Fatalf("the untouched token: %v", err)
	}
	if _, err := p.Verify(ctx, raw, "another nonce"); !isRefusal(err, "nonce") {
		t.Errorf("a token of another sign-in (nonce): %v", err)
	}
	if _, err := p.Verify(ctx, tamper(t, raw), f.Nonce); !isRefusal(err, "signature") {
		t.Errorf("a tampered token: %v", err)
	}
	now = func() time.Time { return time.Now().Add(2 * time.Hour) }
	if _, err := p.Verify(ctx, raw, f.Nonce); !isRefusal(err, "expired") {
		t.Errorf("an expired token: %v", err)
	}
	now = time.Now

	// A real token from the same provider, for another application.
	otherApp := newProvider(t, op.Issuer, "other-app", "other-secret", nil)
	g := sso.NewFlow("/staff")
	raw, err = otherApp.Exchange(ctx, g, signIn(t, otherApp, g, "olu@council.example", password))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := otherApp.Verify(ctx, raw, g.Nonce); err != nil {
		t.Fatalf("the other application's own token: %v", err)
	}
	if _, err := p.Verify(ctx, raw, g.Nonce); !isRefusal(err, "audience") {
		t.Errorf("a token for another application (audience): %v", err)
	}

	// A provider that says the address is unverified is believed.
	h := sso.NewFlow("/staff")
	id, err = p.Finish(ctx, h, signIn(t, p, h, "una@council.example", password))
	if err != nil || id.EmailVerified {
		t.Errorf("an unverified address: %+v, %v", id, err)
	}
}

// isRefusal reports whether err is a refused sign-in whose detail says why.
func isRefusal(err error, why string) bool {
	var e *sso.Error
	return errors.As(err, &e) && strings.Contains(e.Detail.Error(), why)
}

// tamper changes the token's payload (the groups it claims), keeping the
// provider's signature.
func tamper(t *testing.T, raw string) string {
	parts := strings.Split(raw, ".")
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(payload), `"FOI Team"`, `"Admins!!"`, 1)
	if changed == string(payload) {
		t.Fatalf("the token has no groups to change: %s", payload)
	}
	parts[1] = base64.RawURLEncoding.EncodeToString([]byte(changed))
	return strings.Join(parts, ".")
}

func TestBadConfiguration(t *testing.T) {
	op := startProvider(t)
	for name, cfg := range map[string]sso.Config{
		"no client id":     {Issuer: op.Issuer, RedirectURL: redirect},
		"wrong callback":   {Issuer: op.Issuer, ClientID: "disclose", RedirectURL: "http://127.0.0.1:9/elsewhere"},
		"no such provider": {Issuer: "http://127.0.0.1:9", ClientID: "disclose", RedirectURL: redirect},
	} {
		if _, err := sso.New(ctx, cfg); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
