// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlstore

import (
	"context"
	"fmt"

	"disclose/internal/foi"
)

// CheckSchema fills rep with what `disclose check` reports on either
// engine: the migrations applied against those of files, and the rows of
// foi.CheckedTables. tables lists the database's tables (one query of
// names); q is one read transaction, so all is of one moment.
func CheckSchema(ctx context.Context, q Querier, tables string, files []Migration, rep *foi.CheckReport) error {
	names, err := Strings(ctx, q, tables)
	if err != nil {
		return err
	}
	present := map[string]bool{}
	for _, n := range names {
		present[n] = true
	}
	applied := map[int]string{}
	if present["schema_migrations"] {
		err := Each(ctx, q, func(rows Rows) error {
			var (
				v    int
				name string
			)
			err := rows.Scan(&v, &name)
			applied[v] = name
			return err
		}, "SELECT version, name FROM schema_migrations")
		if err != nil {
			return err
		}
	}
	rep.CompareMigrations(applied, Known(files))
	for _, table := range foi.CheckedTables {
		if !present[table] {
			continue // a database older than the table: its migration is missing
		}
		var n int64
		if err := q.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
			return fmt.Errorf("count %s: %w", table, err)
		}
		rep.Counts = append(rep.Counts, foi.TableCount{Table: table, Rows: n})
	}
	return nil
}

// Strings runs a query of one text column.
func Strings(ctx context.Context, q Querier, query string, args ...any) ([]string, error) {
	return List(ctx, q, func(row Row) (s string, err error) { return s, row.Scan(&s) }, query, args...)
}
