package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"

	"disclose/internal/foi"
)

// Full-text search of the disclosure log with FTS5.
//
// Ranking every match by bm25 costs time in proportion to the number of
// matches: on a 1,000,000-entry log a common word matches hundreds of
// thousands of entries and the query takes hundreds of milliseconds. So a
// search does bounded work:
//
//   - The index's rowid is the entry's place in the log (newest = highest),
//     and FTS5 walks a term's entries in rowid order and can stop early.
//   - The candidates are the candidateWindow most recent matches; those are
//     ranked by bm25 (title counts most, then summary, then request and
//     answers) and come first. Past them, older matches follow newest
//     first. A search with fewer matches than the window is ranked whole.
//   - Matches are counted up to foi.MaxSearchResults ("more than 10,000"),
//     and the count and the window's lower bound are cached until the log
//     next changes (a counter bumped in the same transaction as the change).
//
// So page 500 of a search walks at most 10,000 index entries, like its
// count does, and never scores more than the window.

// candidateWindow is how many of the most recent matches are ranked by
// relevance. The benchmark (cmd/disclose-bench) measures its cost.
const candidateWindow = 1000

// searchCacheSize bounds the cached counts; the cache is emptied when full.
const searchCacheSize = 4096

// searchCache keeps, per search and log generation, the match count and the
// window's lowest rowid.
type searchCache struct {
	mu sync.Mutex
	m  map[searchKey]searchCount
}

type searchKey struct {
	generation int64
	match      string
	lo, hi     int64
}

type searchCount struct {
	total       int // capped at MaxSearchResults+1
	windowFloor int64
}

func newSearchCache() *searchCache { return &searchCache{m: make(map[searchKey]searchCount)} }

func (c *searchCache) get(k searchKey) (searchCount, bool) {
	if c == nil {
		return searchCount{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[k]
	return v, ok
}

func (c *searchCache) put(k searchKey, v searchCount) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= searchCacheSize {
		clear(c.m)
	}
	c.m[k] = v
}

// search fills a page of search results.
func (r reader) search(ctx context.Context, q querier, f foi.PublicationFilter, categoryID int64, page *foi.PublicationPage) error {
	text, err := matchExpression(f.Query)
	if err != nil {
		return err
	}
	match := text
	if categoryID != 0 {
		match = fmt.Sprintf(`(%s) AND facets:"zzcategory%d"`, text, categoryID)
	}
	lo, hi := int64(0), int64(1<<62)
	if f.Month != "" {
		if lo, hi, err = monthKeys(f.Month); err != nil {
			return err
		}
	}

	var generation int64
	err = q.QueryRowContext(ctx, `SELECT next FROM counters WHERE name = ?`, publicationCounter).Scan(&generation)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	key := searchKey{generation, match, lo, hi}
	count, ok := r.cache.get(key)
	if !ok {
		if count, err = countMatches(ctx, q, match, lo, hi); err != nil {
			return err
		}
		r.cache.put(key, count)
	}
	page.Total = min(count.total, foi.MaxSearchResults)
	page.TotalIsLowerBound = count.total > foi.MaxSearchResults
	offset := f.Offset()
	if offset >= page.Total {
		return nil
	}
	limit := min(f.PerPage, page.Total-offset)

	// Snippets are computed for the rows of the page only: FTS5 orders by
	// rank or rowid itself, so SQLite evaluates the result columns after
	// the offset is skipped.
	const cols = `rowid, snippet(publication_search, 3, '` + markOpen + `', '` + markClose + `', '…', 24),
		snippet(publication_search, 2, '` + markOpen + `', '` + markClose + `', '…', 24),
		snippet(publication_search, 1, '` + markOpen + `', '` + markClose + `', '…', 24),
		highlight(publication_search, 0, '` + markOpen + `', '` + markClose + `')`
	var found []snippetRow
	if count.total <= candidateWindow {
		// Few enough to rank them all.
		found, err = snippetRows(ctx, q, `SELECT `+cols+` FROM publication_search
			WHERE publication_search MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rank LIMIT ? OFFSET ?`,
			match, lo, hi, limit, offset)
	} else {
		if offset < candidateWindow {
			n := min(limit, candidateWindow-offset)
			found, err = snippetRows(ctx, q, `SELECT `+cols+` FROM publication_search
				WHERE publication_search MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rank LIMIT ? OFFSET ?`,
				match, count.windowFloor, hi, n, offset)
			if err != nil {
				return err
			}
			limit -= n
			offset = candidateWindow
		}
		if limit > 0 {
			var older []snippetRow
			older, err = snippetRows(ctx, q, `SELECT `+cols+` FROM publication_search
				WHERE publication_search MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid DESC LIMIT ? OFFSET ?`,
				match, lo, count.windowFloor-1, limit, offset-candidateWindow)
			found = append(found, older...)
		}
	}
	if err != nil {
		return err
	}
	keys := make([]int64, len(found))
	for i, s := range found {
		keys[i] = s.key
	}
	if page.Entries, err = loadPublications(ctx, q, keys); err != nil {
		return err
	}
	for i, h := range page.Entries {
		h.Snippet = found[i].best()
	}
	return nil
}

// countMatches counts matches up to one more than MaxSearchResults, and
// finds the rowid of the oldest entry in the candidate window.
func countMatches(ctx context.Context, q querier, match string, lo, hi int64) (searchCount, error) {
	var c searchCount
	rows, err := q.QueryContext(ctx, `SELECT rowid FROM publication_search
		WHERE publication_search MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid DESC LIMIT ?`,
		match, lo, hi, foi.MaxSearchResults+1)
	if err != nil {
		return c, searchError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var key int64
		if err := rows.Scan(&key); err != nil {
			return c, err
		}
		c.total++
		if c.total == candidateWindow {
			c.windowFloor = key
		}
	}
	return c, searchError(rows.Err())
}

// searchError turns FTS5's complaint about a query into a user error.
func searchError(err error) error {
	if err != nil && strings.Contains(err.Error(), "fts5") {
		return foi.Errorf(foi.EINVALID, "the search could not be understood: use words, \"phrases\", OR and -word")
	}
	return err
}

// snippetRow is one search hit with its candidate passages.
type snippetRow struct {
	key                       int64
	answers, request, summary string
	title                     string
}

func snippetRows(ctx context.Context, q querier, query string, args ...any) ([]snippetRow, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, searchError(err)
	}
	defer rows.Close()
	var list []snippetRow
	for rows.Next() {
		var s snippetRow
		if err := rows.Scan(&s.key, &s.answers, &s.request, &s.summary, &s.title); err != nil {
			return nil, err
		}
		list = append(list, s)
	}
	return list, searchError(rows.Err())
}

// best is the passage to show: the one with most matched words, preferring
// the answers, then the request, the summary and the title.
func (s snippetRow) best() foi.Snippet {
	choice, most := s.answers, strings.Count(s.answers, markOpen)
	for _, c := range []string{s.request, s.summary, s.title} {
		if n := strings.Count(c, markOpen); n > most {
			choice, most = c, n
		}
	}
	if most == 0 && choice == "" {
		choice = s.request
	}
	return parseSnippet(choice)
}

// parseSnippet splits FTS5's marked text into pieces.
func parseSnippet(s string) foi.Snippet {
	var out foi.Snippet
	for s != "" {
		i := strings.Index(s, markOpen)
		if i < 0 {
			out = append(out, foi.SnippetPiece{Text: s})
			break
		}
		if i > 0 {
			out = append(out, foi.SnippetPiece{Text: s[:i]})
		}
		s = s[i+len(markOpen):]
		j := strings.Index(s, markClose)
		if j < 0 {
			j = len(s)
		}
		out = append(out, foi.SnippetPiece{Text: s[:j], Match: true})
		s = s[min(len(s), j+len(markClose)):]
	}
	// Adjacent matched words read as one highlighted phrase.
	merged := out[:0]
	for _, p := range out {
		if n := len(merged); n > 0 && merged[n-1].Match == p.Match {
			merged[n-1].Text += p.Text
			continue
		}
		merged = append(merged, p)
	}
	return merged
}

// matchExpression turns a reader's search into an FTS5 query. Every
// phrase is quoted, so FTS5 operators and punctuation a reader types are
// searched for, never obeyed.
func matchExpression(input string) (string, error) {
	search, err := foi.ParseSearch(input)
	if err != nil {
		return "", err
	}
	var parts []string
	for _, g := range search.All {
		alts := make([]string, len(g))
		for i, p := range g {
			alts[i] = quoteFTS(p)
		}
		if len(alts) == 1 {
			parts = append(parts, alts[0])
		} else {
			parts = append(parts, "("+strings.Join(alts, " OR ")+")")
		}
	}
	expr := strings.Join(parts, " AND ")
	if len(search.None) > 0 {
		none := make([]string, len(search.None))
		for i, p := range search.None {
			none[i] = quoteFTS(p)
		}
		expr = "(" + expr + ") NOT (" + strings.Join(none, " OR ") + ")"
	}
	return expr, nil
}

// quoteFTS makes s an FTS5 string: a phrase of the words it tokenizes to.
func quoteFTS(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
