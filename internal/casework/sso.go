// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"disclose/internal/auth"
	"disclose/internal/foi"
)

// Single sign-on, the service side: the sso package proves who someone is
// (an OpenID Connect ID token, verified); this decides what they may do
// here. The provider's groups or roles claim is the source of truth for
// the role, read again at every sign-in, so moving someone between groups
// at the provider moves them here the next time they sign in.

// SSOPolicy is how a provider's identities become Disclose accounts.
type SSOPolicy struct {
	// Issuer is the provider's issuer URL; with the subject it names an
	// identity (foi.User.Subject).
	Issuer string
	// Rules map claim values (group ids, group names or app roles) to
	// roles. When several match, the most able role wins (admin, officer,
	// reviewer, contributor), and among contributors the first rule.
	Rules []RoleRule
	// CreateAccounts makes an account at the first sign-in of someone
	// whose claims map to a role ("just in time"); otherwise only staff an
	// administrator added (by email address) can sign in.
	CreateAccounts bool
	// KeepRoles leaves an existing account's role as an administrator set
	// it in Disclose: the claims then only decide who may come in, and the
	// role a new account starts with (for a provider, like Google, whose
	// ID tokens carry no groups).
	KeepRoles bool
}

// RoleRule maps one claim value to a role (and a contributor's
// department).
type RoleRule struct {
	Value      string
	Role       foi.Role
	Department string
}

// ParseRoleRule reads "VALUE=ROLE" or "VALUE=contributor:DEPARTMENT".
func ParseRoleRule(s string) (RoleRule, error) {
	i := strings.LastIndex(s, "=")
	if i <= 0 {
		return RoleRule{}, foi.Errorf(foi.EINVALID, "role mapping %q: want CLAIM-VALUE=ROLE, like \"FOI Team=officer\" or \"Highways=contributor:Highways\"", s)
	}
	value, role := strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:])
	r := RoleRule{Value: value}
	if name, dept, ok := strings.Cut(role, ":"); ok {
		if name != string(foi.RoleContributor) || strings.TrimSpace(dept) == "" {
			return RoleRule{}, foi.Errorf(foi.EINVALID, "role mapping %q: only a contributor takes a department (contributor:DEPARTMENT)", s)
		}
		role, r.Department = name, strings.TrimSpace(dept)
	}
	var err error
	if r.Role, err = foi.ParseRole(role); err != nil {
		return RoleRule{}, foi.Errorf(foi.EINVALID, "role mapping %q: %s", s, foi.ErrorMessage(err))
	}
	return r, nil
}

// roleRank orders roles by what they may do, for a user in several groups.
var roleRank = []foi.Role{foi.RoleAdmin, foi.RoleOfficer, foi.RoleReviewer, foi.RoleContributor}

// Role is the role (and department) the claim values give, or ok false
// when none of them is mapped.
func (p *SSOPolicy) Role(values []string) (role foi.Role, department string, ok bool) {
	best := len(roleRank)
	for _, r := range p.Rules {
		if !slices.Contains(values, r.Value) {
			continue
		}
		if rank := slices.Index(roleRank, r.Role); rank < best {
			best, role, department = rank, r.Role, r.Department
		}
	}
	return role, department, best < len(roleRank)
}

// Identity is who a provider says signed in, from a verified ID token.
type Identity struct {
	Subject string
	Email   string
	// EmailVerified is false when the provider said the address is not
	// verified; such an address never finds an existing account.
	EmailVerified bool
	Name          string
	// Values are the groups or roles claim's values.
	Values []string
}

// NoRoleError refuses someone the provider knows but Disclose does not
// let in: no mapped group, no account, or a disabled one. Its message is
// the page they see.
type NoRoleError struct {
	Email  string
	Reason string
}

func (e *NoRoleError) Error() string { return e.Reason }

// SignInSSO signs in someone a provider vouched for: their account is
// found by identity (or, the first time, by email address, and tied to
// the identity), made when CreateAccounts allows, and its role set from
// the claims. A break-glass administrator's role is never changed by the
// provider. The session is full: the provider did the second factor.
func (s *Service) SignInSSO(ctx context.Context, id Identity, addr string) (*SignIn, error) {
	p := s.SSO
	if p == nil {
		return nil, foi.Errorf(foi.EINVALID, "single sign-on is not turned on")
	}
	if id.Subject == "" {
		return nil, foi.Errorf(foi.EUNAUTH, "the provider's ID token names no subject")
	}
	subject := p.Issuer + "|" + id.Subject
	email := foi.NormaliseEmail(id.Email)
	role, dept, mapped := p.Role(id.Values)
	now := s.Now().UTC()
	sessionID := newSessionID()
	var u *foi.User
	refuse := func(_ foi.Tx, reason string) error { return &NoRoleError{Email: email, Reason: reason} }
	var refused *NoRoleError
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		var err error
		u, err = tx.FindUserBySubject(ctx, subject)
		if foi.IsNotFound(err) && email != "" && id.EmailVerified {
			if u, err = tx.FindUserByEmail(ctx, email); err == nil && u.Subject != "" {
				return refuse(tx, "Your email address belongs to a Disclose account tied to another single sign-on identity. Ask your Disclose administrator to check it.")
			}
		}
		switch {
		case foi.IsNotFound(err) && !mapped:
			return refuse(tx, "Your organisation account is not in any group that has a role in Disclose.")
		case foi.IsNotFound(err) && !p.CreateAccounts:
			return refuse(tx, "There is no Disclose account for you yet: ask your Disclose administrator to add your email address.")
		case foi.IsNotFound(err):
			if email == "" || !id.EmailVerified {
				return refuse(tx, "Your organisation account has no verified email address, which a Disclose account needs.")
			}
			name := strings.TrimSpace(id.Name)
			if name == "" {
				name = email
			}
			u = &foi.User{Email: email, Name: name, Role: role, Department: dept, Subject: subject}
			if err := validateAccount(u); err != nil {
				return err
			}
			if err := tx.CreateUser(ctx, u); err != nil {
				return err
			}
			if err := tx.AddEvent(ctx, &foi.Event{Type: foi.EventUserAdded, Actor: "single sign-on",
				Note: fmt.Sprintf("added %s (%s) as %s at first sign-in", u.Name, u.Email, describeRole(u))}); err != nil {
				return err
			}
		case err != nil:
			return err
		case u.Disabled:
			return refuse(tx, "Your Disclose account is disabled. Ask your Disclose administrator if you need it back.")
		case !mapped && !u.BreakGlass:
			return refuse(tx, "Your organisation account is not in any group that has a role in Disclose.")
		default:
			changed := u.Subject != subject
			u.Subject = subject
			if !u.BreakGlass && !p.KeepRoles && (u.Role != role || u.Department != dept) {
				note := fmt.Sprintf("%s (%s): %s, was %s, from the provider's groups", u.Name, u.Email,
					describeRole(&foi.User{Role: role, Department: dept}), describeRole(u))
				u.Role, u.Department, changed = role, dept, true
				if err := tx.AddEvent(ctx, &foi.Event{Type: foi.EventRoleChanged, Actor: "single sign-on", Note: note}); err != nil {
					return err
				}
			}
			if changed {
				if err := tx.UpdateUser(ctx, u); err != nil {
					return err
				}
			}
		}
		if err := createSession(ctx, tx, &foi.Session{Hash: auth.HashToken(sessionID), UserID: u.ID, CreatedAt: now}); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{Type: EventSignedIn, ActorID: u.ID, Actor: u.Name, Note: "with single sign-on, from " + addr})
	})
	if errors.As(err, &refused) {
		// The sign-in rolled back; its refusal is audited on its own.
		who := email
		if who == "" {
			who = "subject " + id.Subject
		}
		if err := s.Store.Update(ctx, func(tx foi.Tx) error {
			return tx.AddEvent(ctx, &foi.Event{Type: foi.EventSignInRefused, Actor: "single sign-on",
				Note: fmt.Sprintf("%s from %s: %s", who, addr, refused.Reason)})
		}); err != nil {
			return nil, err
		}
		return nil, refused
	}
	if err != nil {
		return nil, err
	}
	return &SignIn{SessionID: sessionID, User: u}, nil
}
