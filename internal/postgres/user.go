package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"disclose/internal/foi"
)

const userColumns = "u.id, u.email, u.name, u.role, u.password_hash, u.disabled, u.created_at"

func scanUser(row pgx.Row) (*foi.User, error) {
	var (
		u       foi.User
		role    string
		created pgtype.Timestamptz
	)
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &role, &u.PasswordHash, &u.Disabled, &created); err != nil {
		return nil, err
	}
	u.Role, u.CreatedAt = foi.Role(role), fromTimestamp(created)
	return &u, nil
}

// findUser returns the one user matching the query, or ENOTFOUND saying notFound.
func (rd *reader) findUser(ctx context.Context, notFound *foi.Error, sql string, args ...any) (*foi.User, error) {
	u, err := scanUser(rd.q.QueryRow(ctx, sql, args...))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound
	}
	if err != nil {
		return nil, mapError(err, "find user")
	}
	return u, nil
}

func (rd *reader) FindUser(ctx context.Context, id int64) (*foi.User, error) {
	return rd.findUser(ctx, foi.Errorf(foi.ENOTFOUND, "there is no user with id %d", id),
		"SELECT "+userColumns+" FROM users u WHERE u.id = $1", id)
}

// FindUserByEmail finds a user by email address in any case.
func (rd *reader) FindUserByEmail(ctx context.Context, email string) (*foi.User, error) {
	return rd.findUser(ctx, foi.Errorf(foi.ENOTFOUND, "there is no user with email %s", email),
		"SELECT "+userColumns+" FROM users u WHERE lower(u.email) = $1", foi.NormaliseEmail(email))
}

// FindUserByToken finds the enabled user owning an unrevoked token with this hash.
func (rd *reader) FindUserByToken(ctx context.Context, hash string) (*foi.User, error) {
	// The message says nothing about why: a caller probing tokens learns nothing.
	return rd.findUser(ctx, foi.Errorf(foi.ENOTFOUND, "no valid token"),
		"SELECT "+userColumns+` FROM tokens t JOIN users u ON u.id = t.user_id
		WHERE t.hash = $1 AND t.revoked_at IS NULL AND NOT u.disabled`, hash)
}

// FindUsers returns every user, by name.
func (rd *reader) FindUsers(ctx context.Context) ([]*foi.User, error) {
	rows, err := rd.q.Query(ctx, "SELECT "+userColumns+" FROM users u ORDER BY u.name, u.id")
	if err != nil {
		return nil, mapError(err, "find users")
	}
	defer rows.Close()
	var out []*foi.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, mapError(err, "find users")
		}
		out = append(out, u)
	}
	return out, mapError(rows.Err(), "find users")
}

// CreateUser stores u with its email lower-cased; the email must be free.
func (tx *Tx) CreateUser(ctx context.Context, u *foi.User) error {
	email := foi.NormaliseEmail(u.Email)
	created := u.CreatedAt
	if created.IsZero() {
		created = tx.now
	}
	var id int64
	err := tx.savepoint(ctx, func(q querier) error {
		err := q.QueryRow(ctx, `INSERT INTO users (email, name, role, password_hash, disabled, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			email, u.Name, string(u.Role), u.PasswordHash, u.Disabled, pgTime(created)).Scan(&id)
		return userError(err, email, "create user")
	})
	if err != nil {
		return err
	}
	u.ID, u.Email, u.CreatedAt = id, email, created
	return nil
}

// UpdateUser saves a user's email, name, role, password hash and whether
// they are disabled.
func (tx *Tx) UpdateUser(ctx context.Context, u *foi.User) error {
	email := foi.NormaliseEmail(u.Email)
	err := tx.savepoint(ctx, func(q querier) error {
		tag, err := q.Exec(ctx, `UPDATE users SET email = $2, name = $3, role = $4, password_hash = $5, disabled = $6
			WHERE id = $1`, u.ID, email, u.Name, string(u.Role), u.PasswordHash, u.Disabled)
		if err != nil {
			return userError(err, email, "update user")
		}
		if tag.RowsAffected() == 0 {
			return foi.Errorf(foi.ENOTFOUND, "there is no user with id %d", u.ID)
		}
		return nil
	})
	if err != nil {
		return err
	}
	u.Email = email
	return nil
}

func userError(err error, email, what string) error {
	if isConstraint(err, codeUniqueViolation, "users_email_key") {
		return foi.Errorf(foi.ECONFLICT, "a user with email %s already exists", email)
	}
	return mapError(err, what)
}

// CreateToken stores an API token (its hash) for an existing user.
func (tx *Tx) CreateToken(ctx context.Context, t *foi.Token) error {
	created := t.CreatedAt
	if created.IsZero() {
		created = tx.now
	}
	var id int64
	err := tx.savepoint(ctx, func(q querier) error {
		err := q.QueryRow(ctx, `INSERT INTO tokens (user_id, hash, label, created_at, revoked_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			t.UserID, t.Hash, t.Label, pgTime(created), pgTime(t.RevokedAt)).Scan(&id)
		switch {
		case isConstraint(err, codeUniqueViolation, "tokens_hash_key"):
			return foi.Errorf(foi.ECONFLICT, "that token already exists")
		case isConstraint(err, codeForeignKeyViolation, "tokens_user_id_fkey"):
			return foi.Errorf(foi.ENOTFOUND, "there is no user with id %d", t.UserID)
		}
		return mapError(err, "create token")
	})
	if err != nil {
		return err
	}
	t.ID, t.CreatedAt = id, created
	return nil
}
