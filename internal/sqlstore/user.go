// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlstore

import (
	"context"
	"time"

	"disclose/internal/foi"
)

const userColumns = `u.id, u.email, u.name, u.role, u.password_hash, u.disabled, u.created_at, u.department, u.break_glass, u.sso_subject`

func scanUser(row Row) (*foi.User, error) {
	u := &foi.User{}
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &u.Disabled, ScanInstant(&u.CreatedAt),
		&u.Department, &u.BreakGlass, &u.Subject)
	return u, err
}

func (r *Reader) findUser(ctx context.Context, op, query string, args ...any) (*foi.User, error) {
	u, err := scanUser(r.Q.QueryRow(ctx, query, args...))
	return found(r.D, "find user", u, err, "%s", op)
}

// FindUser finds a user by id.
func (r *Reader) FindUser(ctx context.Context, id int64) (*foi.User, error) {
	return r.findUser(ctx, "user not found", `SELECT `+userColumns+` FROM users u WHERE u.id = ?`, id)
}

// FindUserByEmail finds a user by email address, in any case.
func (r *Reader) FindUserByEmail(ctx context.Context, email string) (*foi.User, error) {
	return r.findUser(ctx, "no user has that email address",
		`SELECT `+userColumns+` FROM users u WHERE u.email = ?`, foi.NormaliseEmail(email))
}

// FindUserByToken finds the enabled user whose unrevoked token has this hash.
func (r *Reader) FindUserByToken(ctx context.Context, hash string) (*foi.User, error) {
	return r.findUser(ctx, "token not recognised",
		`SELECT `+userColumns+` FROM tokens t JOIN users u ON u.id = t.user_id
		WHERE t.hash = ? AND t.revoked_at IS NULL AND NOT u.disabled`, hash)
}

// FindUsers lists every user by name.
func (r *Reader) FindUsers(ctx context.Context) ([]*foi.User, error) {
	list, err := List(ctx, r.Q, scanUser, `SELECT `+userColumns+` FROM users u ORDER BY u.name, u.id`)
	return list, r.D.Wrap("find users", err)
}

// CreateUser stores a new user with a normalised email; the email must be
// free in any case.
func (t *Tx) CreateUser(ctx context.Context, u *foi.User) error {
	email := foi.NormaliseEmail(u.Email)
	created := u.CreatedAt
	if created.IsZero() {
		created = t.Now
	}
	var id int64
	err := t.D.Savepoint(ctx, t.Q, func(q Querier) error {
		return q.QueryRow(ctx, `INSERT INTO users (email, name, role, password_hash, disabled, created_at,
			department, break_glass, sso_subject) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, email, u.Name,
			string(u.Role), u.PasswordHash, u.Disabled, t.D.Instant(created), u.Department, u.BreakGlass, u.Subject).Scan(&id)
	})
	if t.D.IsUnique(err) {
		return t.userConflict(ctx, email)
	}
	if err != nil {
		return t.D.Wrap("create user", err)
	}
	u.ID, u.Email, u.CreatedAt = id, email, created.UTC().Truncate(time.Microsecond)
	return nil
}

// UpdateUser saves a user's email, name, role, password and whether they
// are disabled.
func (t *Tx) UpdateUser(ctx context.Context, u *foi.User) error {
	email := foi.NormaliseEmail(u.Email)
	var n int64
	err := t.D.Savepoint(ctx, t.Q, func(q Querier) error {
		var err error
		n, err = q.Exec(ctx, `UPDATE users SET email = ?, name = ?, role = ?, password_hash = ?, disabled = ?,
			department = ?, break_glass = ?, sso_subject = ? WHERE id = ?`, email, u.Name, string(u.Role), u.PasswordHash,
			u.Disabled, u.Department, u.BreakGlass, u.Subject, u.ID)
		return err
	})
	if t.D.IsUnique(err) {
		return t.userConflict(ctx, email)
	}
	if err := changed(t.D, "update user", n, err, foi.ENOTFOUND, "user not found"); err != nil {
		return err
	}
	u.Email = email
	return nil
}

// userConflict says which unique field of a user is taken: the email
// address, or else the single sign-on identity.
func (t *Tx) userConflict(ctx context.Context, email string) error {
	if _, err := t.FindUserByEmail(ctx, email); err == nil {
		return foi.Errorf(foi.ECONFLICT, "a user with the email address %s already exists", email)
	}
	return foi.Errorf(foi.ECONFLICT, "another user is already tied to that single sign-on identity")
}

// CreateToken stores an API token's hash for a user.
func (t *Tx) CreateToken(ctx context.Context, tok *foi.Token) error {
	created := tok.CreatedAt
	if created.IsZero() {
		created = t.Now
	}
	var id int64
	err := t.D.Savepoint(ctx, t.Q, func(q Querier) error {
		return q.QueryRow(ctx, `INSERT INTO tokens (user_id, hash, label, created_at, revoked_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, tok.UserID, tok.Hash, tok.Label, t.D.Instant(created),
			t.D.Instant(tok.RevokedAt)).Scan(&id)
	})
	if t.D.IsUnique(err) {
		return foi.Errorf(foi.ECONFLICT, "that token already exists")
	}
	if t.D.IsForeignKey(err) {
		return foi.Errorf(foi.ENOTFOUND, "cannot create a token: user %d not found", tok.UserID)
	}
	if err != nil {
		return t.D.Wrap("create token", err)
	}
	tok.ID, tok.CreatedAt = id, created.UTC().Truncate(time.Microsecond)
	return nil
}
