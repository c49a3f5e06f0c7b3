// SPDX-License-Identifier: AGPL-3.0-or-later

package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"disclose/internal/foi"
	"disclose/internal/sqlstore"
)

// Check looks at the database at dsn without changing it (`disclose
// check`): the migrations applied against those this Disclose has, and the
// rows in foi.CheckedTables, read in one repeatable-read transaction so
// they are of one moment. PostgreSQL keeps its own files sound (checksums,
// WAL), so there is no integrity pass to run here; a dump that pg_restore
// loaded without error is whole.
func Check(ctx context.Context, dsn string) (*foi.CheckReport, error) {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: check: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	rep := &foi.CheckReport{Engine: "postgres"}
	err = pgx.BeginTxFunc(ctx, conn, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		applied := map[int]string{}
		rows, err := tx.Query(ctx, "SELECT version, name FROM schema_migrations")
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "42P01" { // undefined_table: nothing applied
			return errNoSchema
		}
		if err != nil {
			return err
		}
		for rows.Next() {
			var v int32
			var name string
			if err := rows.Scan(&v, &name); err != nil {
				return err
			}
			applied[int(v)] = name
		}
		if err := rows.Err(); err != nil {
			return err
		}
		ms, err := migrations()
		if err != nil {
			return err
		}
		rep.CompareMigrations(applied, sqlstore.Known(ms))
		for _, table := range foi.CheckedTables {
			var exists bool
			if err := tx.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL", table).Scan(&exists); err != nil {
				return err
			}
			if !exists {
				continue
			}
			var n int64
			if err := tx.QueryRow(ctx, "SELECT count(*) FROM "+pgx.Identifier{table}.Sanitize()).Scan(&n); err != nil {
				return fmt.Errorf("count %s: %w", table, err)
			}
			rep.Counts = append(rep.Counts, foi.TableCount{Table: table, Rows: n})
		}
		return nil
	})
	if errors.Is(err, errNoSchema) {
		ms, err := migrations()
		if err != nil {
			return nil, err
		}
		rep.CompareMigrations(nil, sqlstore.Known(ms))
		return rep, nil
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: check: %w", err)
	}
	return rep, nil
}

var errNoSchema = errors.New("no schema_migrations table")
