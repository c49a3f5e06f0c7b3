// SPDX-License-Identifier: AGPL-3.0-or-later

package postgres

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"disclose/internal/foi"
	"disclose/internal/sqlstore"
)

// The disclosure log's PostgreSQL part (the log itself is written once, in
// sqlstore): an entry keeps its category's name, and its search document
// is a tsvector column of its row with a GIN index, searched with
// websearch_to_tsquery and marked with ts_headline.

// candidateWindow is how many of the most recent matches a search ranks by
// relevance before older matches follow newest first.
const candidateWindow = 1000

// searchVector is an entry's search document: its title (weight A), its
// summary (B), and its request and answers (C).
const searchVector = `setweight(to_tsvector('english', ?), 'A') || setweight(to_tsvector('english', ?), 'B') ||
	setweight(to_tsvector('english', ?), 'C')`

func (dialect) Log() sqlstore.LogSQL {
	return sqlstore.LogSQL{
		CategoryColumn: "category",
		Categories:     `SELECT category, sum(n) FROM publication_counts GROUP BY category`,
		SearchColumn:   ", search",
		SearchValue:    searchVector,
	}
}

// Category is the name itself: an entry keeps it.
func (dialect) Category(_ context.Context, _ sqlstore.Querier, name string, _ bool) (any, error) {
	return name, nil
}

// IndexPublication has nothing to do: the search vector is in the row.
func (dialect) IndexPublication(context.Context, sqlstore.Querier, int64, bool) error { return nil }

// searchDocument is what a search matches: an entry's search vector and
// words for its month and year of publication, "m#YYYYMM" and "y#YYYY"
// (worked out from the key: 10^18 minus YYYYMMDD times 10^10 plus the
// reference), which no reader's search can ask for (the parser splits at
// '#'). The GIN index is on this expression (migration 0031), so a search
// asks the index itself for a word's matches in a few months or years,
// and only those rows are read.
const searchDocument = `(search || array_to_tsvector(ARRAY['m#' || ((1000000000000000000 - key) / 1000000000000)::text,
	'y#' || ((1000000000000000000 - key) / 100000000000000)::text]))`

// searchWhere is the condition of a search in some months or years; its
// parameters are the tsquery text and theirs ('m#202601' | 'y#2025' | …).
// A month filter is a month's word too.
const searchWhere = ` FROM publications WHERE unpublished_at IS NULL
	AND ` + searchDocument + ` @@ (websearch_to_tsquery('english', ?) && ?::tsquery)`

// monthEnd is the largest key of the month of the key b.lo.
const monthEnd = `1000000000000000000 - (1000000000000000000 - b.lo) / 1000000000000 * 1000000000000`

// maxRoundUnits bounds the months or years a search asks the index for at
// once: the index checks every entry of what it is asked for against the
// query (120 months took 1.4 s at 1,000,000 entries; one takes 0.2 ms, a
// year 1.6 ms).
const maxRoundUnits = 6

// maxScoredPhrases bounds the phrases a search is ranked by, as on SQLite.
const maxScoredPhrases = 6

// SearchPublications reads the most recent matches (as many as are
// counted) newest first, ranks the candidateWindow most recent of them,
// and marks the page's snippets in one query.
//
// The matches are read a few months or years at a time, newest first,
// until there are as many as the page counts: asking for every match and
// keeping the newest read them all, and a word in one entry of ten at
// 1,000,000 entries is 100,000 rows read for a page of 20.
//
// The window is ranked as SQLite ranks it: each searched phrase scores 8
// where it is in the title and 4 in the summary; ties newest first. (It
// was ts_rank over the whole document, which cost more than the rest of
// the search and ordered results unlike SQLite's.)
func (dialect) SearchPublications(ctx context.Context, r *sqlstore.Reader, f foi.PublicationFilter, category any, page *foi.PublicationPage) error {
	parsed, err := foi.ParseSearch(f.Query)
	if err != nil {
		return err
	}
	query := parsed.WebSearch()
	lo, hi := int64(0), sqlstore.MaxKey
	if f.Month != "" {
		if lo, hi, err = sqlstore.MonthKeys(f.Month); err != nil {
			return err
		}
	}
	// Whether the search has a word to look for (English stop words alone
	// have none, and match nothing); the keys of the newest and oldest
	// public entries in the range, for their months; and how many entries
	// the newest month holds, to tell a common word by its matches there.
	var (
		words, inNewest int
		newest, oldest  *int64
	)
	if err := r.Q.QueryRow(ctx, `WITH b AS (SELECT min(key) lo, max(key) hi FROM publications
			WHERE unpublished_at IS NULL AND key BETWEEN ? AND ?)
		SELECT numnode(websearch_to_tsquery('english', ?)), lo, hi, (SELECT count(*) FROM publications
			WHERE unpublished_at IS NULL AND key BETWEEN b.lo AND least(b.hi, `+monthEnd+`)) FROM b`, lo, hi, query).
		Scan(&words, &newest, &oldest, &inNewest); err != nil {
		return err
	}
	if words == 0 || newest == nil {
		return nil
	}
	// The most recent matches, newest first, as many as are counted
	// (sqlstore.CountUpTo) and one more: the count, and the window's
	// scores when the page is in it, come from bounded reads (the
	// subquery's LIMIT keeps the scoring to the rows read).
	upTo, offset := sqlstore.CountUpTo(f), f.Offset()
	score, scoreArgs := "0", []any(nil)
	if offset < candidateWindow {
		score, scoreArgs = phraseScore(parsed)
	}
	type match struct {
		key   int64
		score int
	}
	var recent []match
	read := func(where string, args ...any) error {
		if category != nil {
			where, args = where+` AND category = ?`, append(args, category)
		}
		facet, facetArgs := sqlstore.FacetCondition(f, "publications.key")
		where, args = where+facet, append(args, facetArgs...)
		args = append(append(append([]any{}, scoreArgs...), args...), upTo+1-len(recent))
		got, err := sqlstore.List(ctx, r.Q, func(row sqlstore.Row) (m match, err error) {
			return m, row.Scan(&m.key, &m.score)
		}, `SELECT key, `+score+` FROM (SELECT key, title, summary`+where+` ORDER BY key LIMIT ?) m ORDER BY key`, args...)
		recent = append(recent, got...)
		return err
	}
	// What the index is asked for, newest first: each month of the newest
	// entry's year, then each older year.
	type unit struct {
		word   string
		months int
	}
	var units []unit
	newestMonth, oldestMonth := keyMonth(*newest), keyMonth(*oldest)
	year := newestMonth / 100
	for m := monthIndex(newestMonth); m >= monthIndex(max(oldestMonth, year*100+1)); m-- {
		units = append(units, unit{fmt.Sprintf("'m#%d'", monthOf(m)), 1})
	}
	for y := year - 1; y >= oldestMonth/100; y-- {
		units = append(units, unit{fmt.Sprintf("'y#%d'", y), 12})
	}
	for i, span, months := 0, 1, 0; i < len(units) && len(recent) <= upTo; span = min(2*span, maxRoundUnits) {
		// Months: one, two, four, then six at a time. Years: as many as the
		// matches so far say the page needs, up to six.
		n := span
		if units[i].months == 12 {
			n = maxRoundUnits
			if len(recent) > 0 {
				n = min(max((upTo+1-len(recent))*months/(12*len(recent))+1, 1), maxRoundUnits)
			}
		}
		var words []string
		for _, u := range units[i:min(i+n, len(units))] {
			words, months = append(words, u.word), months+u.months
		}
		if err := read(searchWhere, query, strings.Join(words, " | ")); err != nil {
			return err
		}
		i += n
		// A common word (one entry in eight of the newest month or more)
		// fills the page fastest from the entries in key order: a month
		// or two of its matches would be thousands of rows read. The walk
		// is bounded; if it falls short the months and years go on.
		if i == 1 && i < len(units) && len(recent) <= upTo && 8*len(recent) >= inNewest {
			need := upTo + 1 - len(recent)
			walk := min(max(2*need*inNewest/max(len(recent), 1), need), 20*need)
			args := append(append([]any{}, scoreArgs...), recent[len(recent)-1].key, walk, query)
			where := `FROM (SELECT key, title, summary, search, category FROM publications WHERE unpublished_at IS NULL
				AND key > ? ORDER BY key LIMIT ?) w WHERE search @@ websearch_to_tsquery('english', ?)`
			if category != nil {
				where, args = where+` AND category = ?`, append(args, category)
			}
			facet, facetArgs := sqlstore.FacetCondition(f, "w.key")
			where, args = where+facet, append(args, facetArgs...)
			more, err := sqlstore.List(ctx, r.Q, func(row sqlstore.Row) (m match, err error) {
				return m, row.Scan(&m.key, &m.score)
			}, `SELECT key, `+score+` FROM (SELECT key, title, summary `+where+` ORDER BY key LIMIT ?) m ORDER BY key`,
				append(args, need)...)
			if err != nil {
				return err
			}
			if len(more) == need {
				recent = append(recent, more...)
			}
		}
	}
	page.Total = min(len(recent), upTo)
	page.TotalIsLowerBound = len(recent) > upTo
	if offset >= page.Total {
		return nil
	}
	// The window, best first (ties newest first), then older matches
	// newest first.
	window := recent[:min(len(recent), candidateWindow)]
	slices.SortStableFunc(window, func(a, b match) int { return cmp.Compare(b.score, a.score) })
	var keys []int64
	for _, m := range recent[offset:min(page.Total, offset+f.PerPage)] {
		keys = append(keys, m.key)
	}
	if page.Entries, err = r.LoadPublications(ctx, keys); err != nil {
		return err
	}
	return snippets(ctx, r.Q, query, page.Entries)
}

// phraseScore is the SQL of a candidate's score and its parameters: 8 for
// each searched phrase in its title, 4 in its summary.
func phraseScore(s foi.Search) (string, []any) {
	var phrases []string
	for _, g := range s.All {
		for _, p := range g {
			if !slices.Contains(phrases, p) {
				phrases = append(phrases, p)
			}
		}
	}
	phrases = phrases[:min(len(phrases), maxScoredPhrases)]
	terms := []string{"0"}
	args := make([]any, 0, 2*len(phrases))
	for _, p := range phrases {
		terms = append(terms, `(to_tsvector('english', title) @@ phraseto_tsquery('english', ?))::int * 8`,
			`(summary <> '' AND to_tsvector('english', summary) @@ phraseto_tsquery('english', ?))::int * 4`)
		args = append(args, p, p)
	}
	return strings.Join(terms, " + "), args
}

// keyMonth is the YYYYMM month of publication of the entry with this key.
func keyMonth(key int64) int64 { return (1_000_000_000_000_000_000 - key) / 1_000_000_000_000 }

// monthIndex numbers a YYYYMM month so that consecutive months are
// consecutive numbers; monthOf turns the number back.
func monthIndex(yyyymm int64) int { return int(yyyymm/100)*12 + int(yyyymm%100) - 1 }
func monthOf(i int) int64         { return int64(i/12*100 + i%12 + 1) }

// snippetPrefix bounds the text ts_headline reads first: its cost grows
// with the text, and a snippet is some thirty words, so a hit whose words
// stand near the start is marked from its first 500 bytes.
const snippetPrefix = 500

// snippets marks the matched words of each hit with ts_headline, from the
// answers when they match and otherwise the request, summary or title: the
// page's texts go to the server in one query (a round trip per text was
// most of a search's time). Each text is marked on its first snippetPrefix
// bytes; only a hit none of whose prefixes holds a match is marked on its
// whole texts, in the same query, so a snippet shows a matched word
// whenever the whole text would.
func snippets(ctx context.Context, q sqlstore.Querier, query string, hits []*foi.PublicationHit) error {
	const opts = `StartSel=` + sqlstore.MarkOpen + `, StopSel=` + sqlstore.MarkClose +
		`, MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=1, FragmentDelimiter=" … "`
	const perHit = 4
	texts := make([]string, 0, perHit*len(hits))
	for _, h := range hits {
		var answers []string
		for _, p := range h.Parts {
			answers = append(answers, p.Text+"\n"+p.Answer)
		}
		answers = append(answers, h.Response)
		for _, text := range []string{strings.Join(answers, "\n"), h.Request, h.Summary, h.Title} {
			// ts_headline drops what looks like an HTML tag; the snippet
			// must keep the text as written, so '<' is hidden from it.
			texts = append(texts, strings.ReplaceAll(text, "<", "\x01"))
		}
	}
	if len(texts) == 0 {
		return nil
	}
	prefixes := make([]string, len(texts))
	for i, t := range texts {
		prefixes[i] = textPrefix(t, snippetPrefix)
	}
	marked, err := sqlstore.Strings(ctx, q, `WITH x AS MATERIALIZED (
			SELECT i, t, p, q, CASE WHEN p = '' THEN '' ELSE ts_headline('english', p, q, ?) END AS h
			FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS x(t, p, i), websearch_to_tsquery('english', ?) AS q)
		SELECT CASE WHEN t = p OR bool_or(strpos(h, ?) > 0) OVER (PARTITION BY (i - 1) / ?) THEN h
			ELSE ts_headline('english', t, q, ?) END
		FROM x ORDER BY i`,
		opts, texts, prefixes, query, sqlstore.MarkOpen, perHit, opts)
	if err != nil {
		return err
	}
	if len(marked) != len(texts) {
		return fmt.Errorf("postgres: snippets: %d of %d texts came back", len(marked), len(texts))
	}
	for i, h := range hits {
		var best string
		most := -1
		for j, s := range marked[i*perHit : (i+1)*perHit] {
			if texts[i*perHit+j] == "" {
				continue
			}
			s = strings.ReplaceAll(s, "\x01", "<")
			if n := strings.Count(s, sqlstore.MarkOpen); n > most {
				best, most = s, n
			}
		}
		h.Snippet = sqlstore.ParseSnippet(best)
	}
	return nil
}

// textPrefix is text cut to at most n bytes at a space, so no word is cut
// in two (the whole text if it is no longer).
func textPrefix(text string, n int) string {
	if len(text) <= n {
		return text
	}
	cut := strings.LastIndexAny(text[:n+1], " \n\t")
	if cut <= 0 {
		return text // one long word: the whole text
	}
	return text[:cut]
}
