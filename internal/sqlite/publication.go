// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlite

import (
	"context"
	"errors"

	"disclose/internal/sqlstore"
)

// The disclosure log's SQLite part (the log itself is written once, in
// sqlstore): categories have their own table, and an entry is indexed for
// search in FTS5 tables apart from its row. The schema and the reasons for
// its shape are in migrations/0002_publications.sql and 0013; the search
// strategy is described in search.go.

// publicationCounter names the counters row bumped by every change to the
// public log; cached search counts are keyed by it, so a change (from this
// process or another) makes them stale at once.
const publicationCounter = "publications"

func (dialect) Log() sqlstore.LogSQL {
	return sqlstore.LogSQL{
		CategoryColumn: "category_id",
		Categories: `SELECT c.name, sum(n.n) FROM publication_counts n
			JOIN publication_categories c ON c.id = n.category_id GROUP BY c.id`,
		BrowseHint:         " INDEXED BY publications_public",
		BrowseCategoryHint: " INDEXED BY publications_public_category",
	}
}

// Category returns a category's id, adding it when asked.
func (dialect) Category(ctx context.Context, q sqlstore.Querier, name string, create bool) (any, error) {
	var id int64
	err := q.QueryRow(ctx, `SELECT id FROM publication_categories WHERE name = ?`, name).Scan(&id)
	switch {
	case err == nil:
		return id, nil
	case !errors.Is(err, sqlstore.ErrNoRows):
		return nil, err
	case !create:
		return nil, nil
	}
	err = q.QueryRow(ctx, `INSERT INTO publication_categories (name) VALUES (?) RETURNING id`, name).Scan(&id)
	return id, err
}

// IndexPublication adds the entry with this key to the search indexes or
// removes it: publication_search with the text publication_text gives for
// it, publication_titles with its title and summary. Either bumps the
// log's generation, so cached search counts are read afresh.
//
// The text is read first and written with a one-row INSERT ... VALUES, not
// an INSERT ... SELECT: a statement that writes several rows opens a
// statement savepoint, and FTS5 writes its pending index data to disk at
// every savepoint, so indexing a batch of entries that way writes a tiny
// index segment per entry and spends the import merging them.
func (dialect) IndexPublication(ctx context.Context, q sqlstore.Querier, key int64, remove bool) error {
	var command any // NULL: an insert
	if remove {
		// An imported entry still waiting in the backlog is not in the
		// index: FTS5 must not be told to remove what it never had.
		n, err := q.Exec(ctx, `DELETE FROM publication_search_backlog WHERE key = ?`, key)
		if err != nil || n > 0 {
			return err
		}
		command = "delete"
	}
	var title, summary, request, answers, facets string
	if err := q.QueryRow(ctx, `SELECT title, summary, request, answers, facets FROM publication_text
		WHERE key = ?`, key).Scan(&title, &summary, &request, &answers, &facets); err != nil {
		return err
	}
	if _, err := q.Exec(ctx, `INSERT INTO publication_search (publication_search, rowid, title, summary,
			request, answers, facets) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		command, key, title, summary, request, answers, facets); err != nil {
		return err
	}
	if _, err := q.Exec(ctx, `INSERT INTO publication_titles (publication_titles, rowid, title, summary)
		VALUES (?, ?, ?, ?)`, command, key, title, summary); err != nil {
		return err
	}
	return logChanged(ctx, q)
}

// logChanged bumps the log's generation (search.go).
func logChanged(ctx context.Context, q sqlstore.Querier) error {
	_, err := q.Exec(ctx, `INSERT INTO counters (name, next) VALUES (?, 1)
		ON CONFLICT (name) DO UPDATE SET next = next + 1`, publicationCounter)
	return err
}
