// SPDX-License-Identifier: AGPL-3.0-or-later

package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"disclose/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

func migrations() ([]sqlstore.Migration, error) {
	return sqlstore.Migrations(migrationFiles, "migrations")
}

// migrateLockKey is the advisory lock that serialises migrations: several
// `disclose serve` processes may start at once against one database.
// (An arbitrary constant: "disclose" in ASCII, as an int64.)
const migrateLockKey int64 = 0x646973636c6f7365

// Migrate applies the embedded migrations the database does not have yet
// (see sqlstore.Migrate) on one connection that holds the migration lock:
// processes that start at once take turns, and whoever comes second finds
// nothing left to do.
func (s *Store) Migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	c, err := s.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("postgres: migrate: %w", err)
	}
	defer c.Release()
	if _, err := c.Exec(ctx, "SELECT pg_advisory_lock($1)", migrateLockKey); err != nil {
		return fmt.Errorf("postgres: migrate: take the migration lock: %w", err)
	}
	// The lock is the session's: give it back even if ctx has ended. (If
	// the connection is broken the server has released it already.)
	defer c.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrateLockKey)
	err = sqlstore.Migrate(ctx, sqlstore.Migrator{
		Files: ms,
		// Migration 0018 was 0016 here before the engines were numbered in
		// step: a database that has it under its old number keeps it,
		// renamed, and 0016 and 0017 (which change nothing here) run as
		// for any other. Without parameters, Exec runs both statements.
		Setup: `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    integer PRIMARY KEY,
			name       text NOT NULL,
			applied_at timestamptz NOT NULL DEFAULT now()
		);
		UPDATE schema_migrations SET version = 18, name = '0018_totp_last_step.sql'
			WHERE version = 16 AND name = '0016_totp_last_step.sql'`,
		Q: pgQuerier{c},
		D: dialect{},
		Apply: func(ctx context.Context, fn func(sqlstore.Querier, func(string) error) error) error {
			return pgx.BeginFunc(ctx, c, func(tx pgx.Tx) error {
				return fn(pgQuerier{tx}, func(text string) error { _, err := tx.Exec(ctx, text); return err })
			})
		},
		Now: s.now(),
	})
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	return nil
}

// SchemaVersion returns the number of the newest migration applied, or 0
// for a database that has never been migrated.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.pool.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&v)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "42P01" { // undefined_table
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("postgres: schema version: %w", err)
	}
	return v, nil
}
