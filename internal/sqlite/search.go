// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlite

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"disclose/internal/foi"
	"disclose/internal/sqlstore"
)

// Full-text search of the disclosure log with FTS5.
//
// Ranking every match costs time in proportion to the number of matches:
// on a 1,000,000-entry log a common word matches hundreds of thousands of
// entries. FTS5's bm25 is such a cost even when asked for a few rows: it
// counts every entry that has each searched phrase, over the whole log, on
// every query. So a search does bounded work:
//
//   - The index's rowid is the entry's key, and newer entries have smaller
//     keys (migration 0013): FTS5 walks a term's entries forwards, a page
//     at a time, and stops at the LIMIT.
//   - The candidates are the candidateWindow most recent matches. They
//     come first, best first: each searched phrase scores 8 where it is in
//     the title and 4 in the summary (as PostgreSQL's weighted ts_rank
//     weighs those fields); every candidate has the words somewhere, and
//     ties go newest first. Past them, older matches follow newest first.
//     Where a phrase is, is asked of publication_titles, a small index of
//     titles and summaries (migration 0017), not of the full index.
//   - Matches are counted only as far as the page asked for needs
//     (sqlstore.CountUpTo): a first page counts up to 1,000 ("more than
//     1,000"), page 51 up to 2,000, and so on to foi.MaxSearchResults.
//     The count and the window in ranked order are cached until the log
//     next changes (a counter bumped in the same transaction as the change).
//
// So a first page reads at most 1,001 index entries to count, and a few
// reads of the small title index to rank them.

// candidateWindow is how many of the most recent matches are ranked by
// relevance. The benchmark (cmd/disclose-bench) measures its cost.
const candidateWindow = 1000

// searchCacheSize bounds the cached searches (each holds up to
// candidateWindow keys); the cache is emptied when full.
const searchCacheSize = 1024

// maxScoredPhrases bounds the phrases a search is ranked by: each costs a
// few index reads.
const maxScoredPhrases = 6

// columnWeights are the columns of publication_titles, as FTS5 column
// filters, and what a phrase found in each scores.
var columnWeights = []struct {
	filter string
	weight int
}{{"{title}", 8}, {"{summary}", 4}}

// searchCache keeps, per search and log generation, the match count and the
// window in ranked order.
type searchCache struct {
	mu sync.Mutex
	m  map[searchKey]*searchCount
}

type searchKey struct {
	generation int64
	match      string
	lo, hi     int64
}

type searchCount struct {
	limit  int     // counted up to this many matches
	total  int     // matches counted: more exist when it equals limit
	ranked []int64 // the most recent matches (up to candidateWindow), best first
	last   int64   // the key of the oldest match in the window
}

func newSearchCache() *searchCache { return &searchCache{m: make(map[searchKey]*searchCount)} }

func (c *searchCache) get(k searchKey) (*searchCount, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[k]
	return v, ok
}

func (c *searchCache) put(k searchKey, v *searchCount) {
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

// SearchPublications fills a page of search results.
func (d dialect) SearchPublications(ctx context.Context, r *sqlstore.Reader, f foi.PublicationFilter, category any, page *foi.PublicationPage) error {
	q := r.Q
	text, phrases, err := matchExpression(f.Query)
	if err != nil {
		return err
	}
	match := text
	if category != nil {
		match = fmt.Sprintf(`(%s) AND facets:"zzcategory%d"`, text, category)
	}
	if facet := f.Facet(); facet != "" {
		match = fmt.Sprintf(`(%s) AND facets:"%s"`, match, facetToken(facet))
	}
	lo, hi := int64(0), sqlstore.MaxKey
	if f.Month != "" {
		if lo, hi, err = sqlstore.MonthKeys(f.Month); err != nil {
			return err
		}
	}

	var generation int64
	err = q.QueryRow(ctx, `SELECT next FROM counters WHERE name = ?`, publicationCounter).Scan(&generation)
	if err != nil && !errors.Is(err, sqlstore.ErrNoRows) {
		return err
	}
	offset, upTo := f.Offset(), sqlstore.CountUpTo(f)
	key := searchKey{generation, match, lo, hi}
	count, ok := d.cache.get(key)
	if !ok || (count.total == count.limit && count.limit <= upTo) {
		if count, err = countMatches(ctx, q, match, phrases, lo, hi, upTo+1); err != nil {
			return err
		}
		d.cache.put(key, count)
	}
	page.Total = min(count.total, count.limit-1)
	page.TotalIsLowerBound = count.total == count.limit
	if offset >= page.Total {
		return nil
	}
	limit := min(f.PerPage, page.Total-offset)
	var keys []int64
	if offset < len(count.ranked) {
		end := min(len(count.ranked), offset+limit)
		keys = append(keys, count.ranked[offset:end]...)
		limit -= end - offset
		offset = end
	}
	if limit > 0 {
		older, err := sqlstore.Keys(ctx, q, `SELECT rowid FROM publication_search
			WHERE publication_search MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid LIMIT ? OFFSET ?`,
			match, count.last+1, hi, limit, offset-len(count.ranked))
		if err != nil {
			return searchError(err)
		}
		keys = append(keys, older...)
	}
	if page.Entries, err = r.LoadPublications(ctx, keys); err != nil {
		return err
	}
	snippets, err := snippetsOf(ctx, q, match, keys)
	if err != nil {
		return err
	}
	for _, h := range page.Entries {
		h.Snippet = snippets[sqlstore.PublicationKey(h.PublishedOn, h.Reference.Number)].best()
	}
	return nil
}

// countMatches counts up to limit matches, newest first, and ranks the
// candidate window.
func countMatches(ctx context.Context, q sqlstore.Querier, match string, phrases []string, lo, hi int64, limit int) (*searchCount, error) {
	c := &searchCount{limit: limit}
	err := sqlstore.Each(ctx, q, func(rows sqlstore.Rows) error {
		var key int64
		if err := rows.Scan(&key); err != nil {
			return err
		}
		if c.total++; c.total <= candidateWindow {
			c.ranked = append(c.ranked, key)
			c.last = key
		}
		return nil
	}, `SELECT rowid FROM publication_search WHERE publication_search MATCH ? AND rowid BETWEEN ? AND ?
		ORDER BY rowid LIMIT ?`, match, lo, hi, limit)
	if err != nil {
		return nil, searchError(err)
	}
	if len(c.ranked) > 1 {
		if err := rank(ctx, q, phrases, c.ranked); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// rank orders the window (keys ascending: newest first) best first. Each
// phrase is looked for in each weighted column of the title index over the
// window's key range, and scores for the window's entries found.
func rank(ctx context.Context, q sqlstore.Querier, phrases []string, window []int64) error {
	first, last := window[0], window[len(window)-1]
	inWindow := make(map[int64]bool, len(window))
	for _, k := range window {
		inWindow[k] = true
	}
	score := make(map[int64]int, len(window))
	for _, p := range phrases[:min(len(phrases), maxScoredPhrases)] {
		for _, col := range columnWeights {
			keys, err := sqlstore.Keys(ctx, q, `SELECT rowid FROM publication_titles
				WHERE publication_titles MATCH ? AND rowid BETWEEN ? AND ?`, col.filter+" : "+quoteFTS(p), first, last)
			if err != nil {
				return searchError(err)
			}
			for _, k := range keys {
				if inWindow[k] {
					score[k] += col.weight
				}
			}
		}
	}
	sort.SliceStable(window, func(i, j int) bool { return score[window[i]] > score[window[j]] })
	return nil
}

// snippetsOf reads the passages of a page's hits that show what matched,
// by key. One pass over the matches between the page's first and last
// key, computing passages only for the page's own (the unary + keeps the
// key list a filter): a lookup per hit would seek every index segment
// for every word twenty times over. A hit changed since it was counted
// has no passage.
func snippetsOf(ctx context.Context, q sqlstore.Querier, match string, keys []int64) (map[int64]snippetRow, error) {
	out := make(map[int64]snippetRow, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	const cols = `rowid, snippet(publication_search, 3, '` + sqlstore.MarkOpen + `', '` + sqlstore.MarkClose + `', '…', 24),
		snippet(publication_search, 2, '` + sqlstore.MarkOpen + `', '` + sqlstore.MarkClose + `', '…', 24),
		snippet(publication_search, 1, '` + sqlstore.MarkOpen + `', '` + sqlstore.MarkClose + `', '…', 24),
		highlight(publication_search, 0, '` + sqlstore.MarkOpen + `', '` + sqlstore.MarkClose + `')`
	list, _ := json.Marshal(keys)
	err := sqlstore.Each(ctx, q, func(rows sqlstore.Rows) error {
		var key int64
		var s snippetRow
		err := rows.Scan(&key, &s.answers, &s.request, &s.summary, &s.title)
		out[key] = s
		return err
	}, `SELECT `+cols+` FROM publication_search
		WHERE publication_search MATCH ? AND rowid BETWEEN ? AND ? AND +rowid IN (SELECT value FROM json_each(?))`,
		match, slices.Min(keys), slices.Max(keys), string(list))
	return out, searchError(err)
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
	answers, request, summary string
	title                     string
}

// best is the passage to show: the one with most matched words, preferring
// the answers, then the request, the summary and the title.
func (s snippetRow) best() foi.Snippet {
	choice, most := s.answers, strings.Count(s.answers, sqlstore.MarkOpen)
	for _, c := range []string{s.request, s.summary, s.title} {
		if n := strings.Count(c, sqlstore.MarkOpen); n > most {
			choice, most = c, n
		}
	}
	if most == 0 && choice == "" {
		choice = s.request
	}
	return sqlstore.ParseSnippet(choice)
}

// matchExpression turns a reader's search into an FTS5 query, and lists
// the phrases it looks for (to rank by). Every phrase is quoted, so FTS5
// operators and punctuation a reader types are searched for, never obeyed.
func matchExpression(input string) (string, []string, error) {
	search, err := foi.ParseSearch(input)
	if err != nil {
		return "", nil, err
	}
	var parts, phrases []string
	for _, g := range search.All {
		alts := make([]string, len(g))
		for i, p := range g {
			alts[i] = quoteFTS(p)
			if !slices.Contains(phrases, p) {
				phrases = append(phrases, p)
			}
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
	return expr, phrases, nil
}

// facetToken is how an outcome or exemption facet (foi.PublicationFilter.
// Facet) is a term of the facets column, as the category is: "zzf" and the
// facet's bytes in hex, one token whatever punctuation the facet has
// (publication_text, migration 0030). A filtered search is then one more
// term of the full-text query, and FTS5 walks only the entries with both.
func facetToken(facet string) string { return "zzf" + hex.EncodeToString([]byte(facet)) }

// quoteFTS makes s an FTS5 string: a phrase of the words it tokenizes to.
func quoteFTS(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
