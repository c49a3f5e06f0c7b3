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

// monthOfKey is an entry's month of publication as YYYYMM, worked out
// from its key (sqlstore.PublicationKey: 10^18 minus YYYYMMDD times 10^10
// plus the reference): the second column of the search index (migration
// 0031), so a search can ask the index for the matches of a few months.
const monthOfKey = `((1000000000000000000 - key) / 1000000000000)`

// searchWhere is the condition of a search; its parameters are the tsquery
// text, the months (YYYYMM) and the key range, then the category if there
// is one.
const searchWhere = ` FROM publications WHERE unpublished_at IS NULL AND search @@ websearch_to_tsquery('english', ?)
	AND ` + monthOfKey + ` BETWEEN ? AND ? AND key BETWEEN ? AND ?`

// SearchPublications reads the most recent matches (as many as are
// counted) newest first, ranks the candidateWindow most recent of them,
// and marks the page's snippets in one query.
//
// The matches are read a few months at a time, newest first, until there
// are as many as the page counts: the search index holds each entry's
// month beside its words, so the index itself finds a word's matches in
// those months and only they are read from the table. Asking for every
// match and keeping the newest read them all: a word in one entry of ten,
// at 1,000,000 entries, is 100,000 rows read for a page of 20.
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
	// The months the log's public entries span within the range.
	var newest, oldest *int64
	if err := r.Q.QueryRow(ctx, `SELECT min(`+monthOfKey+`), max(`+monthOfKey+`) FROM publications
		WHERE unpublished_at IS NULL AND key BETWEEN ? AND ?`, lo, hi).Scan(&oldest, &newest); err != nil {
		return err
	}
	if newest == nil {
		return nil
	}
	// The most recent matches, newest first, as many as are counted
	// (sqlstore.CountUpTo) and one more: the count, and the window's
	// ranks when the page is in it, come from bounded reads (the
	// subquery's LIMIT keeps ts_rank to the rows read).
	upTo, offset := sqlstore.CountUpTo(f), f.Offset()
	rank := "0::real"
	var rankArgs []any
	if offset < candidateWindow {
		rank = "ts_rank(search, websearch_to_tsquery('english', ?))"
		rankArgs = []any{query}
	}
	type match struct {
		key  int64
		rank float32
	}
	var recent []match
	first, last := monthIndex(*newest), monthIndex(*oldest)
	for span := 1; first >= last && len(recent) <= upTo; {
		from := max(first-span+1, last)
		args := append(append([]any{}, rankArgs...), query, monthOf(from), monthOf(first), lo, hi)
		where := searchWhere
		if category != nil {
			where, args = where+` AND category = ?`, append(args, category)
		}
		got, err := sqlstore.List(ctx, r.Q, func(row sqlstore.Row) (m match, err error) {
			return m, row.Scan(&m.key, &m.rank)
		}, `SELECT key, `+rank+` FROM (SELECT key, search`+where+` ORDER BY key LIMIT ?) m ORDER BY key`,
			append(args, upTo+1-len(recent))...)
		if err != nil {
			return err
		}
		recent = append(recent, got...)
		// The next months: at least twice as many, and as many as the
		// matches so far say the rest needs, half as many again.
		read := monthIndex(*newest) - from + 1
		span = 2 * span
		if len(recent) > 0 {
			span = max(span, (upTo+1-len(recent))*read*3/(2*len(recent)))
		}
		first = from - 1
	}
	page.Total = min(len(recent), upTo)
	page.TotalIsLowerBound = len(recent) > upTo
	if offset >= page.Total {
		return nil
	}
	// The window, best first (ties newest first), then older matches
	// newest first.
	window := recent[:min(len(recent), candidateWindow)]
	slices.SortStableFunc(window, func(a, b match) int { return cmp.Compare(b.rank, a.rank) })
	var keys []int64
	for _, m := range recent[offset:min(page.Total, offset+f.PerPage)] {
		keys = append(keys, m.key)
	}
	if page.Entries, err = r.LoadPublications(ctx, keys); err != nil {
		return err
	}
	return snippets(ctx, r.Q, query, page.Entries)
}

// monthIndex numbers a YYYYMM month so that consecutive months are
// consecutive numbers; monthOf turns the number back.
func monthIndex(yyyymm int64) int { return int(yyyymm/100)*12 + int(yyyymm%100) - 1 }
func monthOf(i int) int64         { return int64(i/12*100 + i%12 + 1) }

// snippets marks the matched words of each hit with ts_headline, from the
// answers when they match and otherwise the request, summary or title: the
// page's texts go to the server in one query (a round trip per text was
// most of a search's time).
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
	marked, err := sqlstore.Strings(ctx, q, `SELECT CASE WHEN t = '' THEN '' ELSE ts_headline('english', t, q, ?) END
		FROM unnest(?::text[]) WITH ORDINALITY AS x(t, i), websearch_to_tsquery('english', ?) AS q ORDER BY i`,
		opts, texts, query)
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
