// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"fmt"
	"strings"
	"time"

	"disclose/internal/auth"
	"disclose/internal/foi"
)

// The credential lifecycle: administrators (on the admin pages, or anyone
// with the database from the command line) list staff, change roles,
// disable and re-enable accounts, reset passwords, and list and revoke API
// tokens. Every change is an audit event. A disabled account's sessions
// end and its tokens are revoked in the same transaction, and every
// request checks both again (SessionUser, TokenUser), so nothing a leaver
// held works a moment longer.

// CommandLine is the actor of the disclose command: whoever can run it
// holds the database, so it may do what an administrator may. It has no
// account (ID 0), as the audit trail records.
var CommandLine = &foi.User{Name: "command line", Role: foi.RoleAdmin}

// NewUser is an account to add.
type NewUser struct {
	Email, Name string
	Role        foi.Role
	Department  string // a contributor's department
	// Password is the password to set; "" makes one, returned once.
	Password string
	// BreakGlass keeps password sign-in for this administrator when it is
	// off for everyone else (single sign-on).
	BreakGlass bool
}

// AddUser creates an account and returns it with its password when one
// was generated.
func (s *Service) AddUser(ctx context.Context, actor *foi.User, in NewUser) (*foi.User, string, error) {
	if err := require(actor, PermAdminister, "add staff"); err != nil {
		return nil, "", err
	}
	u := &foi.User{Email: foi.NormaliseEmail(in.Email), Name: strings.TrimSpace(in.Name), Role: in.Role,
		Department: strings.TrimSpace(in.Department), BreakGlass: in.BreakGlass}
	if err := validateAccount(u); err != nil {
		return nil, "", err
	}
	password, generated := in.Password, ""
	if password == "" {
		password = auth.GeneratePassword()
		generated = password
	}
	var err error
	if u.PasswordHash, err = auth.HashPassword(password); err != nil {
		return nil, "", foi.Errorf(foi.EINVALID, "%v", err)
	}
	err = s.Store.Update(ctx, func(tx foi.Tx) error {
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		note := fmt.Sprintf("added %s (%s) as %s", u.Name, u.Email, describeRole(u))
		if u.BreakGlass {
			note += ", break-glass"
		}
		return recordStaffEvent(ctx, tx, actor, foi.EventUserAdded, note)
	})
	if err != nil {
		return nil, "", err
	}
	return u, generated, nil
}

// validateAccount checks a user's fields, and that only a contributor has
// a department and only an administrator is break-glass.
func validateAccount(u *foi.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	if u.Department != "" && u.Role != foi.RoleContributor {
		return foi.Errorf(foi.EINVALID, "only a contributor has a department")
	}
	if u.BreakGlass && u.Role != foi.RoleAdmin {
		return foi.Errorf(foi.EINVALID, "only an administrator can be a break-glass account")
	}
	return nil
}

func describeRole(u *foi.User) string {
	if u.Department != "" {
		return fmt.Sprintf("%s for %s", u.Role, u.Department)
	}
	return string(u.Role)
}

// recordStaffEvent records a change to an account or credential in the audit trail.
func recordStaffEvent(ctx context.Context, tx foi.Tx, actor *foi.User, typ, note string) error {
	return tx.AddEvent(ctx, &foi.Event{Type: typ, ActorID: actor.ID, Actor: actor.Name, Note: note})
}

// Users lists every account, by name.
func (s *Service) Users(ctx context.Context, actor *foi.User) ([]*foi.User, error) {
	if err := require(actor, PermAdminister, "list staff"); err != nil {
		return nil, err
	}
	return s.Store.FindUsers(ctx)
}

// changeUser loads a user inside a transaction, lets change alter it,
// saves it and audits the change. change returns the note, or "" when
// nothing changed (then nothing is saved or audited).
func (s *Service) changeUser(ctx context.Context, actor *foi.User, userID int64, typ string,
	change func(tx foi.Tx, u *foi.User) (string, error)) (*foi.User, error) {
	var u *foi.User
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		var err error
		if u, err = tx.FindUser(ctx, userID); err != nil {
			return err
		}
		note, err := change(tx, u)
		if err != nil || note == "" {
			return err
		}
		if err := validateAccount(u); err != nil {
			return err
		}
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		return recordStaffEvent(ctx, tx, actor, typ, note)
	})
	return u, err
}

// keepAnAdmin refuses a change that would leave no enabled administrator,
// so that the authority can always manage its own accounts.
func keepAnAdmin(ctx context.Context, tx foi.Tx, u *foi.User) error {
	if u.Role != foi.RoleAdmin || u.Disabled {
		return nil
	}
	users, err := tx.FindUsers(ctx)
	if err != nil {
		return err
	}
	for _, o := range users {
		if o.ID != u.ID && o.Role == foi.RoleAdmin && !o.Disabled {
			return nil
		}
	}
	return foi.Errorf(foi.EINVALID, "%s is the only enabled administrator: make someone else an administrator first", u.Name)
}

// SetRole changes a user's role (and a contributor's department).
func (s *Service) SetRole(ctx context.Context, actor *foi.User, userID int64, role foi.Role, department string) (*foi.User, error) {
	if err := require(actor, PermAdminister, "change roles"); err != nil {
		return nil, err
	}
	if _, err := foi.ParseRole(string(role)); err != nil {
		return nil, err
	}
	department = strings.TrimSpace(department)
	if role != foi.RoleContributor {
		department = ""
	}
	return s.changeUser(ctx, actor, userID, foi.EventRoleChanged, func(tx foi.Tx, u *foi.User) (string, error) {
		if u.Role == role && u.Department == department {
			return "", nil
		}
		if role != foi.RoleAdmin {
			if err := keepAnAdmin(ctx, tx, u); err != nil {
				return "", err
			}
		}
		before := describeRole(u)
		u.Role, u.Department = role, department
		if role != foi.RoleAdmin {
			u.BreakGlass = false
		}
		// A session carries no role: the next request sees the new one.
		return fmt.Sprintf("%s (%s): %s, was %s", u.Name, u.Email, describeRole(u), before), nil
	})
}

// SetDisabled disables or re-enables an account. Disabling ends every
// session of the user and revokes every token in the same transaction;
// re-enabling gives neither back.
func (s *Service) SetDisabled(ctx context.Context, actor *foi.User, userID int64, disabled bool) (*foi.User, error) {
	doing, typ := "enable accounts", foi.EventUserEnabled
	if disabled {
		doing, typ = "disable accounts", foi.EventUserDisabled
	}
	if err := require(actor, PermAdminister, doing); err != nil {
		return nil, err
	}
	if disabled && actor.ID != 0 && actor.ID == userID {
		return nil, foi.Errorf(foi.EINVALID, "you cannot disable your own account")
	}
	return s.changeUser(ctx, actor, userID, typ, func(tx foi.Tx, u *foi.User) (string, error) {
		if u.Disabled == disabled {
			return "", nil
		}
		if !disabled {
			u.Disabled = false
			return fmt.Sprintf("enabled %s (%s)", u.Name, u.Email), nil
		}
		if err := keepAnAdmin(ctx, tx, u); err != nil {
			return "", err
		}
		u.Disabled = true
		if err := tx.DeleteUserSessions(ctx, u.ID); err != nil {
			return "", err
		}
		n, err := revokeUserTokens(ctx, tx, u.ID)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("disabled %s (%s): sessions ended, %d API tokens revoked", u.Name, u.Email, n), nil
	})
}

func revokeUserTokens(ctx context.Context, tx foi.Tx, userID int64) (int, error) {
	tokens, err := tx.FindTokens(ctx, userID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, t := range tokens {
		if t.Revoked() {
			continue
		}
		if err := tx.RevokeToken(ctx, t.ID, time.Time{}); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}

// ResetPassword sets a new password (password, or a generated one, which
// it returns) and ends the user's sessions, so whoever knew the old one is
// signed out. Their second factor stays.
func (s *Service) ResetPassword(ctx context.Context, actor *foi.User, userID int64, password string) (string, error) {
	if err := require(actor, PermAdminister, "reset passwords"); err != nil {
		return "", err
	}
	generated := ""
	if password == "" {
		password = auth.GeneratePassword()
		generated = password
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return "", foi.Errorf(foi.EINVALID, "%v", err)
	}
	_, err = s.changeUser(ctx, actor, userID, foi.EventPasswordReset, func(tx foi.Tx, u *foi.User) (string, error) {
		u.PasswordHash = hash
		if err := tx.DeleteUserSessions(ctx, u.ID); err != nil {
			return "", err
		}
		return fmt.Sprintf("password of %s (%s) reset; sessions ended", u.Name, u.Email), nil
	})
	return generated, err
}

// SetBreakGlass marks (or unmarks) an administrator as a break-glass
// account, who keeps password sign-in when single sign-on has turned it
// off for everyone else. The command line only: a browser signed in with
// single sign-on should not be able to make itself a way around it.
func (s *Service) SetBreakGlass(ctx context.Context, actor *foi.User, userID int64, on bool) (*foi.User, error) {
	if actor != CommandLine {
		return nil, foi.Errorf(foi.EFORBIDDEN, "break-glass accounts are set from the command line only (disclose user break-glass)")
	}
	return s.changeUser(ctx, actor, userID, foi.EventBreakGlassSet, func(tx foi.Tx, u *foi.User) (string, error) {
		if u.BreakGlass == on {
			return "", nil
		}
		u.BreakGlass = on
		if on {
			return fmt.Sprintf("%s (%s) is a break-glass administrator", u.Name, u.Email), nil
		}
		return fmt.Sprintf("%s (%s) is no longer a break-glass administrator", u.Name, u.Email), nil
	})
}

// Tokens lists API tokens, of one user or (userID 0) everyone's, newest
// first, revoked ones too.
func (s *Service) Tokens(ctx context.Context, actor *foi.User, userID int64) ([]*foi.Token, error) {
	if err := require(actor, PermAdminister, "list API tokens"); err != nil {
		return nil, err
	}
	return s.Store.FindTokens(ctx, userID)
}

// CreateToken makes an API token acting as a user; name says what it is
// for. The secret is returned once and only its hash is kept.
func (s *Service) CreateToken(ctx context.Context, actor *foi.User, userID int64, name string) (string, *foi.Token, error) {
	if err := require(actor, PermAdminister, "create API tokens"); err != nil {
		return "", nil, err
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return "", nil, foi.Errorf(foi.EINVALID, "give the token a name that says what uses it, like \"case-export script\"")
	}
	secret, hash := auth.NewToken()
	tok := &foi.Token{UserID: userID, Hash: hash, Label: name}
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		u, err := tx.FindUser(ctx, userID)
		if err != nil {
			return err
		}
		if u.Disabled {
			return foi.Errorf(foi.EINVALID, "%s's account is disabled: enable it before giving it a token", u.Name)
		}
		if err := tx.CreateToken(ctx, tok); err != nil {
			return err
		}
		return recordStaffEvent(ctx, tx, actor, foi.EventTokenCreated, fmt.Sprintf("API token %d %q created for %s", tok.ID, name, u.Email))
	})
	if err != nil {
		return "", nil, err
	}
	return secret, tok, nil
}

// RevokeToken revokes a token at once: the next request with it is refused.
func (s *Service) RevokeToken(ctx context.Context, actor *foi.User, tokenID int64) error {
	if err := require(actor, PermAdminister, "revoke API tokens"); err != nil {
		return err
	}
	return s.Store.Update(ctx, func(tx foi.Tx) error {
		tokens, err := tx.FindTokens(ctx, 0)
		if err != nil {
			return err
		}
		for _, t := range tokens {
			if t.ID != tokenID {
				continue
			}
			if t.Revoked() {
				return nil
			}
			if err := tx.RevokeToken(ctx, t.ID, time.Time{}); err != nil {
				return err
			}
			return recordStaffEvent(ctx, tx, actor, foi.EventTokenRevoked, fmt.Sprintf("API token %d %q of user %d revoked", t.ID, t.Label, t.UserID))
		}
		return foi.Errorf(foi.ENOTFOUND, "there is no API token %d", tokenID)
	})
}

// TokenUser returns the member of staff an API token's secret acts as,
// checked on every request: a revoked token or a disabled account is
// refused at once. The token's last use is recorded (to a minute).
func (s *Service) TokenUser(ctx context.Context, secret string) (*foi.User, error) {
	refused := foi.Errorf(foi.EUNAUTH, "the API token is not valid (unknown, revoked, or its user is disabled)")
	tok, err := s.Store.FindToken(ctx, auth.HashToken(secret))
	if foi.IsNotFound(err) {
		return nil, refused
	}
	if err != nil {
		return nil, err
	}
	if tok.Revoked() {
		return nil, refused
	}
	u, err := s.Store.FindUser(ctx, tok.UserID)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, refused
	}
	if now := s.Now().UTC(); now.Sub(tok.LastUsedAt) >= foi.TokenTouchEvery {
		if err := s.Store.Update(ctx, func(tx foi.Tx) error { return tx.TouchToken(ctx, tok.ID, now) }); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// RequireAdmin refuses anyone but an enabled administrator.
func RequireAdmin(u *foi.User, doing string) error { return require(u, PermAdminister, doing) }

// TrackingLinks lists a request's tracking links, working and revoked,
// newest first (only their dates: the secrets are not kept), for staff
// who can work the case.
func (s *Service) TrackingLinks(ctx context.Context, actor *foi.User, r *foi.Request) ([]*foi.TrackingToken, error) {
	if err := requireCaseworker(actor); err != nil {
		return nil, err
	}
	return s.Store.FindTrackingTokens(ctx, r.ID)
}
