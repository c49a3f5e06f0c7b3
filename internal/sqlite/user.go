package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"disclose/internal/foi"
)

const userColumns = `u.id, u.email, u.name, u.role, u.password_hash, u.disabled, u.created_at`

func scanUser(row interface{ Scan(...any) error }) (*foi.User, error) {
	u := &foi.User{}
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &u.Disabled, scanInstant(&u.CreatedAt))
	return u, err
}

func (r reader) findUser(ctx context.Context, op, query string, args ...any) (*foi.User, error) {
	u, err := scanUser(r.q().QueryRowContext(ctx, query, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, foi.Errorf(foi.ENOTFOUND, "%s", op)
	}
	if err != nil {
		return nil, wrap("find user", err)
	}
	return u, nil
}

// FindUser finds a user by id.
func (r reader) FindUser(ctx context.Context, id int64) (*foi.User, error) {
	return r.findUser(ctx, "user not found", `SELECT `+userColumns+` FROM users u WHERE u.id = ?`, id)
}

// FindUserByEmail finds a user by email address, in any case.
func (r reader) FindUserByEmail(ctx context.Context, email string) (*foi.User, error) {
	return r.findUser(ctx, "no user has that email address",
		`SELECT `+userColumns+` FROM users u WHERE u.email = ?`, foi.NormaliseEmail(email))
}

// FindUserByToken finds the enabled user whose unrevoked token has this hash.
func (r reader) FindUserByToken(ctx context.Context, hash string) (*foi.User, error) {
	return r.findUser(ctx, "token not recognised",
		`SELECT `+userColumns+` FROM tokens t JOIN users u ON u.id = t.user_id
		WHERE t.hash = ? AND t.revoked_at IS NULL AND NOT u.disabled`, hash)
}

// FindUsers lists every user by name.
func (r reader) FindUsers(ctx context.Context) ([]*foi.User, error) {
	rows, err := r.q().QueryContext(ctx, `SELECT `+userColumns+` FROM users u ORDER BY u.name, u.id`)
	if err != nil {
		return nil, wrap("find users", err)
	}
	defer rows.Close()
	var list []*foi.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, wrap("find users", err)
		}
		list = append(list, u)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("find users", err)
	}
	return list, nil
}

// CreateUser stores a new user with a normalised email; the email must be
// free in any case.
func (t *tx) CreateUser(ctx context.Context, u *foi.User) error {
	email := foi.NormaliseEmail(u.Email)
	created := u.CreatedAt
	if created.IsZero() {
		created = t.now
	}
	res, err := t.tx.ExecContext(ctx, `INSERT INTO users (email, name, role, password_hash, disabled, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, email, u.Name, u.Role, u.PasswordHash, u.Disabled, instant(created))
	if isUnique(err) {
		return foi.Errorf(foi.ECONFLICT, "a user with the email address %s already exists", email)
	}
	if err != nil {
		return wrap("create user", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return wrap("create user", err)
	}
	u.ID, u.Email, u.CreatedAt = id, email, created.UTC().Truncate(time.Microsecond)
	return nil
}

// UpdateUser saves a user's email, name, role, password and whether they
// are disabled.
func (t *tx) UpdateUser(ctx context.Context, u *foi.User) error {
	email := foi.NormaliseEmail(u.Email)
	res, err := t.tx.ExecContext(ctx, `UPDATE users SET email = ?, name = ?, role = ?, password_hash = ?, disabled = ?
		WHERE id = ?`, email, u.Name, u.Role, u.PasswordHash, u.Disabled, u.ID)
	if isUnique(err) {
		return foi.Errorf(foi.ECONFLICT, "a user with the email address %s already exists", email)
	}
	if err != nil {
		return wrap("update user", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return wrap("update user", err)
	} else if n == 0 {
		return foi.Errorf(foi.ENOTFOUND, "user not found")
	}
	u.Email = email
	return nil
}

// CreateToken stores an API token's hash for a user.
func (t *tx) CreateToken(ctx context.Context, tok *foi.Token) error {
	created := tok.CreatedAt
	if created.IsZero() {
		created = t.now
	}
	res, err := t.tx.ExecContext(ctx, `INSERT INTO tokens (user_id, hash, label, created_at, revoked_at)
		VALUES (?, ?, ?, ?, ?)`, tok.UserID, tok.Hash, tok.Label, instant(created), instant(tok.RevokedAt))
	if isUnique(err) {
		return foi.Errorf(foi.ECONFLICT, "that token already exists")
	}
	if isForeignKey(err) {
		return foi.Errorf(foi.ENOTFOUND, "cannot create a token: user %d not found", tok.UserID)
	}
	if err != nil {
		return wrap("create token", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return wrap("create token", err)
	}
	tok.ID, tok.CreatedAt = id, created.UTC().Truncate(time.Microsecond)
	return nil
}
