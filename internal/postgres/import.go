// SPDX-License-Identifier: AGPL-3.0-or-later

package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"disclose/internal/foi"
	"disclose/internal/sqlstore"
)

// The bulk-import path: ids come from each table's sequence, rows go by
// COPY, and an entry's search vector is computed in its INSERT.
//
// An import into an empty database (a council moving its log to
// Disclose) sets aside the tables' non-unique indexes at its first batch
// and builds them once at its end (IndexImported): maintaining ten indexes
// on requests and a GIN index row by row was most of the import's work in
// PostgreSQL. The unique ones stay, so nothing a constraint refuses can get
// in meanwhile; a query from another process is only slower until the end.

// bulkIndexTables are the tables whose indexes an import sets aside.
const bulkIndexTables = `('requests', 'requesters', 'parts', 'events', 'publications')`

// BeginImport sets the indexes aside when the database holds no case and
// none are aside already.
func (dialect) BeginImport(ctx context.Context, q sqlstore.Querier) error {
	var empty bool
	if err := q.QueryRow(ctx, `SELECT NOT EXISTS (SELECT 1 FROM requests)
		AND NOT EXISTS (SELECT 1 FROM bulk_import_indexes)`).Scan(&empty); err != nil || !empty {
		return err
	}
	names, err := sqlstore.Strings(ctx, q, `INSERT INTO bulk_import_indexes (name, definition)
		SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i
			JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
		WHERE t.relname IN `+bulkIndexTables+` AND t.relnamespace = current_schema()::regnamespace
			AND NOT i.indisunique
		RETURNING name`)
	for _, name := range names {
		if err == nil {
			_, err = q.Exec(ctx, `DROP INDEX `+pgx.Identifier{name}.Sanitize())
		}
	}
	return err
}

// IndexImported builds the indexes an import set aside, if any, in one
// transaction (the rows wait under a lock, so two processes never build
// them twice). The entries themselves were searchable from their INSERT.
func (s *Store) IndexImported(ctx context.Context) (int, error) {
	return 0, s.Update(ctx, func(ftx foi.Tx) error {
		q := ftx.(*Tx).Q
		defs, err := sqlstore.Strings(ctx, q, `DELETE FROM bulk_import_indexes RETURNING definition`)
		if err != nil || len(defs) == 0 {
			return err
		}
		stmts := append([]string{`SET LOCAL maintenance_work_mem = '256MB'`}, defs...)
		for _, stmt := range append(stmts, `ANALYZE requests, requesters, parts, events, publications`) {
			if _, err = q.Exec(ctx, stmt); err != nil {
				break
			}
		}
		return err
	})
}

// ReserveIDs takes n values of the table's id sequence in one query.
func (dialect) ReserveIDs(ctx context.Context, q sqlstore.Querier, table string, n int) ([]int64, error) {
	if n == 0 {
		return nil, nil
	}
	return sqlstore.Keys(ctx, q, `SELECT nextval(pg_get_serial_sequence(?, 'id')) FROM generate_series(1, ?)`, table, n)
}

// BulkInsert writes the rows by COPY.
func (dialect) BulkInsert(ctx context.Context, q sqlstore.Querier, table string, columns []string, rows [][]any) error {
	_, err := q.(pgQuerier).q.CopyFrom(ctx, pgx.Identifier{table}, columns, pgx.CopyFromRows(rows))
	return err
}

func (dialect) Imported(context.Context, sqlstore.Querier, []int64) error { return nil }
