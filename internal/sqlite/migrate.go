// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"

	"disclose/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

func migrations() ([]sqlstore.Migration, error) {
	return sqlstore.Migrations(migrationFiles, "migrations")
}

// Migrate applies every migration the database does not have yet (see
// sqlstore.Migrate), each in a BEGIN IMMEDIATE transaction on the writer.
func (s *Store) Migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	err = sqlstore.Migrate(ctx, sqlstore.Migrator{
		Files: ms,
		Setup: `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    INTEGER PRIMARY KEY,
			name       TEXT NOT NULL,
			applied_at TEXT NOT NULL
		) STRICT`,
		Q: sqlQuerier{s.w},
		D: dialect{},
		Apply: func(ctx context.Context, fn func(sqlstore.Querier, func(string) error) error) error {
			t, err := s.w.BeginTx(ctx, nil)
			if err != nil {
				return err
			}
			defer t.Rollback()
			if err := fn(sqlQuerier{t}, func(text string) error { _, err := t.ExecContext(ctx, text); return err }); err != nil {
				return err
			}
			return t.Commit()
		},
		Now: s.now(),
	})
	if err != nil {
		return fmt.Errorf("sqlite: %s: %w", s.path, err)
	}
	return nil
}

// SchemaVersion returns the number of the last migration applied, 0 for a
// database that has none.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	err := s.w.QueryRowContext(ctx, `SELECT CASE
		WHEN EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations')
		THEN (SELECT max(version) FROM schema_migrations) END`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("sqlite: schema version: %w", err)
	}
	return int(v.Int64), nil
}
