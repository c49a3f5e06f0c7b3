// SPDX-License-Identifier: AGPL-3.0-or-later

package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

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
	ms, err := migrations()
	if err != nil {
		return nil, err
	}
	rep := &foi.CheckReport{Engine: "postgres"}
	err = pgx.BeginTxFunc(ctx, conn, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		return sqlstore.CheckSchema(ctx, pgQuerier{tx},
			`SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`, ms, rep)
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: check: %w", err)
	}
	return rep, nil
}
