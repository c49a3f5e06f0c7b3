// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"strings"
	"time"
)

// Role decides what a member of staff may do. The permission matrix is in
// docs/admin-guide.md; the service layer enforces it.
type Role string

const (
	RoleAdmin       Role = "admin"       // manages users, settings and templates; everything an officer can do
	RoleOfficer     Role = "officer"     // handles cases end to end
	RoleReviewer    Role = "reviewer"    // senior sign-off and internal reviews
	RoleContributor Role = "contributor" // a department contact: sees only the parts assigned to them
)

// Roles lists every role.
var Roles = []Role{RoleAdmin, RoleOfficer, RoleReviewer, RoleContributor}

// ParseRole accepts a role code.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", Errorf(EINVALID, "unknown role %q (want admin, officer, reviewer or contributor)", s)
}

// User is a member of staff. The public never has an account.
type User struct {
	ID           int64
	Email        string // unique, stored lower-cased
	Name         string
	Role         Role
	PasswordHash string // argon2id, in the PHC string format
	Disabled     bool
	CreatedAt    time.Time
	// Department is the department a contributor answers for ("" for the
	// other roles, and for a contributor account that is itself a
	// department's shared contact).
	Department string
	// BreakGlass marks an administrator made from the command line who
	// keeps password sign-in when it is off for everyone else (single
	// sign-on is the way in, and this is the way in when it breaks).
	BreakGlass bool
	// Subject ties the user to an OpenID Connect identity: the issuer and
	// the provider's subject, which (unlike an email address) never
	// changes. "" for a user who has never signed in that way.
	Subject string
}

// SignInWays says how the user signs in, for lists: "password", "single
// sign-on", "break-glass administrator", or "not yet signed in".
func (u *User) SignInWays() string {
	var ways []string
	if u.HasPassword() {
		ways = append(ways, "password")
	}
	if u.Subject != "" {
		ways = append(ways, "single sign-on")
	}
	if u.BreakGlass {
		ways = append(ways, "break-glass administrator")
	}
	if len(ways) == 0 {
		return "not yet signed in"
	}
	return strings.Join(ways, ", ")
}

// HasPassword reports whether the user can sign in with a password.
func (u *User) HasPassword() bool { return u.PasswordHash != "" }

// NormaliseEmail lower-cases and trims an email address so that lookups
// and the uniqueness rule agree.
func NormaliseEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Validate checks the fields a user must have.
func (u *User) Validate() error {
	if !plausibleEmail(u.Email) {
		return Errorf(EINVALID, "%q is not an email address", u.Email)
	}
	if strings.TrimSpace(u.Name) == "" {
		return Errorf(EINVALID, "a user needs a name")
	}
	if _, err := ParseRole(string(u.Role)); err != nil {
		return err
	}
	return nil
}

// Token is an API bearer token. Only a hash of the secret is stored; the
// secret itself is shown once, when it is created.
type Token struct {
	ID        int64
	UserID    int64
	Hash      string // hex SHA-256 of the secret
	Label     string
	CreatedAt time.Time
	RevokedAt time.Time // zero while the token is valid
	// LastUsedAt is when the token last signed a request in, to within
	// TokenTouchEvery; zero when never used.
	LastUsedAt time.Time
}

// Revoked reports whether the token has been revoked.
func (t *Token) Revoked() bool { return !t.RevokedAt.IsZero() }

// Calendar is one imported version of the bank-holiday data. Deadlines
// record the version that produced them.
type Calendar struct {
	Version    string // content id from the clock package
	Data       []byte // the GOV.UK bank-holidays.json document as imported
	Source     string // where it came from (a file name, "embedded")
	ImportedAt time.Time
}
