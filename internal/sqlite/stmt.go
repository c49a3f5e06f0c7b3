// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// Preparing a statement costs SQLite a parse and a plan, often more than
// running it: an import stores each entry with a dozen statements, and an
// entry page is one short query. So statements are prepared once per
// connection and kept: database/sql keeps a *sql.Stmt prepared on each
// connection it has run on, and a transaction reuses the one prepared on
// its own connection.

// maxCachedStatements bounds the cache: queries built from a filter (a
// LIKE per word) can be many, and past the bound they are prepared each
// time as before.
const maxCachedStatements = 256

// stmtCache holds the prepared statements of one *sql.DB by query text.
type stmtCache struct {
	db *sql.DB
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, m: make(map[string]*sql.Stmt)}
}

// get returns the prepared statement for query, or nil when it is not
// cached and cannot be (the cache is full, or preparing failed: the caller
// then runs the query unprepared and reports the error it gets).
func (c *stmtCache) get(ctx context.Context, query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.m[query]; ok {
		return s
	}
	if len(c.m) >= maxCachedStatements {
		return nil
	}
	s, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.m[query] = s
	return s
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.m {
		s.Close()
	}
	clear(c.m)
}

// cachedDB runs statements on the pool through the cache.
type cachedDB struct {
	*sql.DB
	stmts *stmtCache
}

func (d cachedDB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s := d.stmts.get(ctx, query); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return d.DB.ExecContext(ctx, query, args...)
}

func (d cachedDB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s := d.stmts.get(ctx, query); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return d.DB.QueryContext(ctx, query, args...)
}

func (d cachedDB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s := d.stmts.get(ctx, query); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return d.DB.QueryRowContext(ctx, query, args...)
}

// cachedTx runs a transaction's statements prepared: through the pool's
// cache when the statement is there (database/sql reuses what is prepared
// on the transaction's connection), else prepared on the transaction
// itself and kept until it ends. It never asks the pool for a connection:
// the transaction holds one, and the writer has only that one.
type cachedTx struct {
	*sql.Tx
	stmts *stmtCache // nil for the writer, whose one connection the transaction holds
	own   map[string]*sql.Stmt
}

func (t *cachedTx) stmt(ctx context.Context, query string) *sql.Stmt {
	if s, ok := t.own[query]; ok {
		return s
	}
	var s *sql.Stmt
	if t.stmts != nil {
		t.stmts.mu.Lock()
		parent := t.stmts.m[query]
		t.stmts.mu.Unlock()
		if parent != nil {
			s = t.Tx.StmtContext(ctx, parent)
		}
	}
	if s == nil {
		if len(t.own) >= maxCachedStatements {
			return nil
		}
		var err error
		if s, err = t.Tx.PrepareContext(ctx, query); err != nil {
			return nil
		}
	}
	if t.own == nil {
		t.own = make(map[string]*sql.Stmt)
	}
	t.own[query] = s
	return s
}

func (t *cachedTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s := t.stmt(ctx, query); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return t.Tx.ExecContext(ctx, query, args...)
}

func (t *cachedTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s := t.stmt(ctx, query); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return t.Tx.QueryContext(ctx, query, args...)
}

func (t *cachedTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s := t.stmt(ctx, query); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return t.Tx.QueryRowContext(ctx, query, args...)
}
