// SPDX-License-Identifier: AGPL-3.0-or-later

// Package sso signs staff in with an OpenID Connect provider (Microsoft
// Entra ID, Google Workspace, or any other): the authorization code flow
// with PKCE, the provider found by discovery, and the ID token's
// signature, issuer, audience, expiry and nonce checked before anyone is
// believed. It says who signed in; casework decides what they may do.
package sso

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"disclose/internal/casework"
)

// Config is one provider.
type Config struct {
	// Issuer is the provider's issuer URL, whose
	// /.well-known/openid-configuration describes it: for Entra ID
	// https://login.microsoftonline.com/TENANT-ID/v2.0, for Google
	// https://accounts.google.com.
	Issuer       string
	ClientID     string
	ClientSecret string
	// RedirectURL is this site's callback, registered at the provider:
	// https://HOST/staff/sign-in/sso/callback.
	RedirectURL string
	// RolesClaim names the ID token claim whose values map to roles:
	// "groups" or "roles" for Entra ID, "hd" (the Workspace domain) for
	// Google. Default "groups".
	RolesClaim string
	// Scopes beyond openid, email and profile (some providers need one to
	// send groups).
	Scopes []string
	// Now is the clock the token's expiry is checked against.
	Now func() time.Time
}

// Provider is a discovered provider, ready to sign people in.
type Provider struct {
	cfg        Config
	oauth      oauth2.Config
	verifier   *oidc.IDTokenVerifier
	endSession string
}

// New discovers the provider at cfg.Issuer. ctx bounds discovery; the
// provider's keys are fetched (and refetched when they rotate) later, as
// tokens arrive.
func New(ctx context.Context, cfg Config) (*Provider, error) {
	if cfg.Issuer == "" || cfg.ClientID == "" || cfg.RedirectURL == "" {
		return nil, errors.New("sso: the issuer URL, client id and redirect URL are all needed")
	}
	if u, err := url.Parse(cfg.RedirectURL); err != nil || u.Host == "" || !strings.HasSuffix(u.Path, CallbackPath) {
		return nil, fmt.Errorf("sso: the redirect URL must be this site's address ending %s, like https://foi.council.example%s", CallbackPath, CallbackPath)
	}
	if cfg.RolesClaim == "" {
		cfg.RolesClaim = "groups"
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	p, err := oidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("sso: discovering %s: %w", cfg.Issuer, err)
	}
	var meta struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := p.Claims(&meta); err != nil {
		return nil, fmt.Errorf("sso: reading %s's discovery document: %w", cfg.Issuer, err)
	}
	return &Provider{
		cfg: cfg,
		oauth: oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURL: cfg.RedirectURL,
			Endpoint: p.Endpoint(), Scopes: append([]string{oidc.ScopeOpenID, "email", "profile"}, cfg.Scopes...)},
		verifier:   p.Verifier(&oidc.Config{ClientID: cfg.ClientID, Now: cfg.Now}),
		endSession: meta.EndSession,
	}, nil
}

// CallbackPath is where the provider sends the browser back.
const CallbackPath = "/staff/sign-in/sso/callback"

// Origin is the scheme and host of the provider's end-session page (or,
// without one, its issuer), for the site's Content-Security-Policy.
func (p *Provider) Origin() string {
	raw := p.endSession
	if raw == "" {
		raw = p.cfg.Issuer
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "'none'"
	}
	return u.Scheme + "://" + u.Host
}

// Issuer is the provider's issuer URL.
func (p *Provider) Issuer() string { return p.cfg.Issuer }

// Flow is one sign-in under way: the state that ties the provider's answer
// to this browser, the nonce that ties the ID token to this sign-in, and
// the PKCE verifier that ties the code to whoever asked for it. It is kept
// in a short-lived cookie between the two legs.
type Flow struct {
	State, Nonce, Verifier string
	Next                   string // the staff page to go to afterwards
}

// NewFlow starts a sign-in.
func NewFlow(next string) Flow {
	return Flow{State: random(), Nonce: random(), Verifier: oauth2.GenerateVerifier(), Next: next}
}

// Encode and DecodeFlow put a flow in a cookie value.
func (f Flow) Encode() string {
	return strings.Join([]string{f.State, f.Nonce, f.Verifier, base64.RawURLEncoding.EncodeToString([]byte(f.Next))}, ".")
}

// DecodeFlow reads a cookie value from Encode.
func DecodeFlow(s string) (Flow, bool) {
	parts := strings.Split(s, ".")
	if len(parts) != 4 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return Flow{}, false
	}
	next, err := base64.RawURLEncoding.DecodeString(parts[3])
	if err != nil {
		return Flow{}, false
	}
	return Flow{State: parts[0], Nonce: parts[1], Verifier: parts[2], Next: string(next)}, true
}

// AuthURL is the provider's sign-in page for a flow.
func (p *Provider) AuthURL(f Flow) string {
	return p.oauth.AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier))
}

// Error is a sign-in the provider's answer did not prove; its message is
// safe to show, and Detail is for the log.
type Error struct {
	Message string
	Detail  error
}

func (e *Error) Error() string { return e.Message + ": " + e.Detail.Error() }

func failed(msg string, err error) error { return &Error{Message: msg, Detail: err} }

// Finish checks the provider's answer (the callback's query) against the
// flow, exchanges the code for tokens and verifies the ID token.
func (p *Provider) Finish(ctx context.Context, f Flow, q url.Values) (casework.Identity, error) {
	raw, err := p.Exchange(ctx, f, q)
	if err != nil {
		return casework.Identity{}, err
	}
	return p.Verify(ctx, raw, f.Nonce)
}

// Exchange checks the callback's state against the flow and swaps its
// code, with the PKCE verifier, for the raw (not yet verified) ID token.
func (p *Provider) Exchange(ctx context.Context, f Flow, q url.Values) (string, error) {
	if e := q.Get("error"); e != "" {
		return "", failed("The sign-in was not completed at your organisation's sign-in page",
			fmt.Errorf("provider said %s: %s", e, q.Get("error_description")))
	}
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(f.State)) != 1 {
		return "", failed("This sign-in did not start in this browser", errors.New("state does not match"))
	}
	tok, err := p.oauth.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(f.Verifier))
	if err != nil {
		return "", failed("Your organisation's sign-in service refused the sign-in", err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		return "", failed("Your organisation's sign-in service sent no ID token", errors.New("no id_token"))
	}
	return raw, nil
}

// Verify checks an ID token (signature by the provider's published keys,
// issuer, audience, expiry, and the nonce of this sign-in) and reads who
// it names.
func (p *Provider) Verify(ctx context.Context, raw, nonce string) (casework.Identity, error) {
	t, err := p.verifier.Verify(ctx, raw)
	if err != nil {
		return casework.Identity{}, failed("The sign-in could not be verified", err)
	}
	if subtle.ConstantTimeCompare([]byte(t.Nonce), []byte(nonce)) != 1 {
		return casework.Identity{}, failed("The sign-in could not be verified", errors.New("nonce does not match"))
	}
	var c struct {
		Email             string `json:"email"`
		EmailVerified     *bool  `json:"email_verified"`
		PreferredUsername string `json:"preferred_username"`
		Name              string `json:"name"`
	}
	var all map[string]any
	if err := t.Claims(&c); err != nil {
		return casework.Identity{}, failed("The sign-in could not be read", err)
	}
	if err := t.Claims(&all); err != nil {
		return casework.Identity{}, failed("The sign-in could not be read", err)
	}
	id := casework.Identity{Subject: t.Subject, Email: c.Email, Name: c.Name, Values: claimValues(all[p.cfg.RolesClaim])}
	// Entra ID sends no email_verified: its addresses are the tenant's
	// own, set by its administrators. A provider that says an address is
	// unverified is believed.
	id.EmailVerified = c.EmailVerified == nil || *c.EmailVerified
	if id.Email == "" && strings.Contains(c.PreferredUsername, "@") {
		id.Email = c.PreferredUsername // Entra ID's user principal name
	}
	return id, nil
}

// claimValues reads a claim that is one string or a list of them.
func claimValues(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// LogoutURL is the provider's sign-out page, which returns the browser to
// back, or "" when the provider has none.
func (p *Provider) LogoutURL(back string) string {
	if p.endSession == "" {
		return ""
	}
	sep := "?"
	if strings.Contains(p.endSession, "?") {
		sep = "&"
	}
	return p.endSession + sep + url.Values{"client_id": {p.cfg.ClientID}, "post_logout_redirect_uri": {back}}.Encode()
}

func random() string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
