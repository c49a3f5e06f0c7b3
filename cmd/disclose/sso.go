// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"disclose/internal/casework"
	"disclose/internal/sso"
	"disclose/internal/web"
)

// ssoOptions are serve's single sign-on flags (docs/sign-in.md).
type ssoOptions struct {
	issuer, clientID, clientSecret, redirectURL, claim, name string
	roles                                                    roleRules
	createAccounts, keepRoles, passwordSignIn                bool
}

// roleRules is the repeatable --sso-role flag.
type roleRules []casework.RoleRule

func (r *roleRules) String() string { return fmt.Sprint(len(*r), " rules") }
func (r *roleRules) Set(s string) error {
	rule, err := casework.ParseRoleRule(s)
	if err != nil {
		return errors.New(strings.TrimPrefix(err.Error(), "invalid: "))
	}
	*r = append(*r, rule)
	return nil
}

func ssoFlags(fs *flag.FlagSet) *ssoOptions {
	o := &ssoOptions{}
	fs.StringVar(&o.issuer, "sso-issuer", os.Getenv("DISCLOSE_SSO_ISSUER"),
		"OpenID Connect issuer URL: turns single sign-on on (env DISCLOSE_SSO_ISSUER)")
	fs.StringVar(&o.clientID, "sso-client-id", os.Getenv("DISCLOSE_SSO_CLIENT_ID"), "the client (application) id registered at the provider (env DISCLOSE_SSO_CLIENT_ID)")
	fs.StringVar(&o.clientSecret, "sso-client-secret", os.Getenv("DISCLOSE_SSO_CLIENT_SECRET"),
		"the client secret; prefer the environment, which other users cannot read in the process list (env DISCLOSE_SSO_CLIENT_SECRET)")
	fs.StringVar(&o.redirectURL, "sso-redirect-url", os.Getenv("DISCLOSE_SSO_REDIRECT_URL"),
		"this site's callback as registered at the provider: https://HOST"+sso.CallbackPath+" (env DISCLOSE_SSO_REDIRECT_URL)")
	fs.StringVar(&o.claim, "sso-roles-claim", envOr("DISCLOSE_SSO_ROLES_CLAIM", "groups"),
		"the ID token claim whose values map to roles: groups or roles (Entra ID), hd (Google) (env DISCLOSE_SSO_ROLES_CLAIM)")
	fs.Var(&o.roles, "sso-role", "map a claim value to a role: VALUE=admin|officer|reviewer|contributor or VALUE=contributor:DEPARTMENT; repeat for each")
	fs.BoolVar(&o.createAccounts, "sso-create-accounts", os.Getenv("DISCLOSE_SSO_CREATE_ACCOUNTS") == "1",
		"make an account at the first sign-in of someone whose claims map to a role (env DISCLOSE_SSO_CREATE_ACCOUNTS=1)")
	fs.BoolVar(&o.keepRoles, "sso-keep-roles", os.Getenv("DISCLOSE_SSO_KEEP_ROLES") == "1",
		"keep roles as set in Disclose; the claims only admit people and give a new account its first role (env DISCLOSE_SSO_KEEP_ROLES=1)")
	fs.StringVar(&o.name, "sso-name", envOr("DISCLOSE_SSO_NAME", ""), "the provider's name on the sign-in button, like Microsoft or Google (env DISCLOSE_SSO_NAME)")
	fs.BoolVar(&o.passwordSignIn, "password-sign-in", os.Getenv("DISCLOSE_PASSWORD_SIGN_IN") != "0",
		"with single sign-on on, false lets only break-glass administrators sign in with a password (env DISCLOSE_PASSWORD_SIGN_IN=0)")
	return o
}

// check refuses options that cannot work, before anything starts.
func (o *ssoOptions) check() error {
	if o.issuer == "" {
		if len(o.roles) > 0 || o.clientID != "" || !o.passwordSignIn {
			return errors.New("single sign-on needs --sso-issuer (and --sso-client-id, --sso-redirect-url, --sso-role)")
		}
		return nil
	}
	if o.clientID == "" || o.redirectURL == "" {
		return errors.New("--sso-issuer needs --sso-client-id and --sso-redirect-url too")
	}
	if len(o.roles) == 0 {
		return errors.New("--sso-issuer needs at least one --sso-role VALUE=ROLE: nobody could sign in")
	}
	return nil
}

// apply discovers the provider and turns single sign-on on for the site.
func (o *ssoOptions) apply(ctx context.Context, svc *casework.Service, site *web.Server) error {
	if o == nil || o.issuer == "" {
		return nil
	}
	p, err := sso.New(ctx, sso.Config{Issuer: o.issuer, ClientID: o.clientID, ClientSecret: o.clientSecret,
		RedirectURL: o.redirectURL, RolesClaim: o.claim, Now: svc.Now})
	if err != nil {
		return err
	}
	svc.SSO = &casework.SSOPolicy{Issuer: p.Issuer(), Rules: o.roles, CreateAccounts: o.createAccounts, KeepRoles: o.keepRoles}
	svc.PasswordSignInOff = !o.passwordSignIn
	site.SSO, site.SSOName = p, o.name
	return nil
}
