// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"disclose/internal/foi"
	"disclose/internal/sqlstore"
)

// The bulk-import path: ids follow the tables' largest, rows go in
// multi-row INSERTs (see BulkInsert). The public entries are not indexed
// for search while importing: their keys go to publication_search_backlog,
// and IndexImported indexes the whole import at its end (migration 0016).

// ReserveIDs returns the n ids after the table's largest: there is one
// writer, and the transaction holds it.
func (dialect) ReserveIDs(ctx context.Context, q sqlstore.Querier, table string, n int) ([]int64, error) {
	var last int64
	if err := q.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM `+table).Scan(&last); err != nil {
		return nil, err
	}
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = last + int64(i) + 1
	}
	return ids, nil
}

func (dialect) BeginImport(context.Context, sqlstore.Querier) error { return nil }

// Imported puts the entries' keys in the backlog IndexImported works from.
func (dialect) Imported(ctx context.Context, q sqlstore.Querier, keys []int64) error {
	list, _ := json.Marshal(keys)
	if _, err := q.Exec(ctx, `INSERT INTO publication_search_backlog (key) SELECT value FROM json_each(?)`,
		string(list)); err != nil {
		return err
	}
	return logChanged(ctx, q)
}

// indexChunk is how many backlog entries one transaction indexes: about
// 100 MiB of index data held in memory and written as one segment, and a
// few seconds of holding the writer, so a server sharing the file waits
// well within its busy timeout.
const indexChunk = 100_000

// IndexImported indexes for search the entries imports have added since it
// last ran, oldest key first, in transactions of indexChunk entries, and
// returns how many it indexed. Each transaction reads the same entries'
// text as publishing does (publication_text) in key order, which FTS5
// takes fastest.
func (s *Store) IndexImported(ctx context.Context) (int, error) {
	var waiting bool
	if err := s.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM publication_search_backlog)`).Scan(&waiting); err != nil || !waiting {
		return 0, dialect{}.Wrap("index imported entries", err)
	}
	total := 0
	for {
		var n int
		err := s.Update(ctx, func(ftx foi.Tx) error {
			t := ftx.(*tx)
			var last sql.NullInt64
			if err := t.tx.QueryRowContext(ctx, `SELECT count(*), max(key) FROM (SELECT key FROM publication_search_backlog
				ORDER BY key LIMIT ?)`, indexChunk).Scan(&n, &last); err != nil {
				return err
			}
			if n == 0 {
				return nil
			}
			for _, q := range []string{
				`INSERT INTO publication_search (rowid, title, summary, request, answers, facets)
				SELECT key, title, summary, request, answers, facets FROM publication_text
				WHERE key IN (SELECT key FROM publication_search_backlog WHERE key <= ?) ORDER BY key`,
				`INSERT INTO publication_titles (rowid, title, summary) SELECT key, title, summary FROM publications
				WHERE key IN (SELECT key FROM publication_search_backlog WHERE key <= ?) ORDER BY key`,
				`DELETE FROM publication_search_backlog WHERE key <= ?`,
			} {
				if _, err := t.tx.ExecContext(ctx, q, last.Int64); err != nil {
					return err
				}
			}
			return logChanged(ctx, shared(t.tx).Q)
		})
		if err != nil {
			return total, dialect{}.Wrap("index imported entries", err)
		}
		if n == 0 {
			return total, nil
		}
		total += n
	}
}

// insertChunk is how many rows one INSERT statement writes. A statement per
// row costs more than the row; a statement of this many rows has the same
// text every time, so it is prepared once per connection, and the rows left
// over go one at a time.
const insertChunk = 64

// BulkInsert writes rows, all of the same width, in multi-row INSERTs.
func (dialect) BulkInsert(ctx context.Context, q sqlstore.Querier, table string, columns []string, rows [][]any) error {
	head := "INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ")"
	width := len(columns)
	one := "(?" + strings.Repeat(", ?", width-1) + ")"
	chunk := head + " VALUES " + one + strings.Repeat(", "+one, insertChunk-1)
	args := make([]any, 0, insertChunk*width)
	for len(rows) > 0 {
		query, n := chunk, insertChunk
		if len(rows) < insertChunk {
			query, n = head+" VALUES "+one, 1
		}
		args = args[:0]
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		if _, err := q.Exec(ctx, query, args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}
