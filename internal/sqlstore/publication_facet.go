// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"disclose/internal/foi"
)

// The log's outcome and exemption filters (foi.PublicationFacets), written
// once for both engines. publication_facets holds a row for each facet of
// each public entry, with its key and category, and publication_facet_counts
// the number of public entries per facet, category and month, and
// publication_facet_totals per facet alone, for the filters' option lists
// (migration 0030). They are kept by the three ways an entry enters or leaves the
// log (SavePublication, UnpublishPublication, CreateImported), so a
// filtered browse pages as the unfiltered one does: the cached month counts
// say where a page starts, and only one month of the facet's small index
// is skipped. A filtered search checks each match against the facet's
// index (FacetCondition).

// facetEntry is a public entry's facets, as they are added or removed.
type facetEntry struct {
	key      int64
	category any
	month    string
	facets   []string
}

// addFacets records public entries' facets and counts them.
func (t *Tx) addFacets(ctx context.Context, entries []facetEntry) error {
	col := t.D.Log().CategoryColumn
	var rows []any
	n := 0
	counts := map[[3]any]int{}
	for _, e := range entries {
		for _, f := range e.facets {
			rows = append(rows, f, e.category, e.key)
			n++
			counts[[3]any{f, e.category, e.month}]++
		}
	}
	const chunk = 300 // 3 parameters a row
	for n > 0 {
		m := min(n, chunk)
		if _, err := t.Q.Exec(ctx, `INSERT INTO publication_facets (facet, `+col+`, key) VALUES (?, ?, ?)`+
			strings.Repeat(", (?, ?, ?)", m-1), rows[:3*m]...); err != nil {
			return t.D.Wrap("publication facets", err)
		}
		rows, n = rows[3*m:], n-m
	}
	keys := make([][3]any, 0, len(counts))
	totals := map[string]int{}
	for k, n := range counts {
		keys = append(keys, k)
		totals[k[0].(string)] += n
	}
	// The same order in every transaction: no two lock counts in opposite orders.
	sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
	for _, k := range keys {
		if err := t.countFacet(ctx, k[0].(string), k[1], k[2].(string), counts[k]); err != nil {
			return err
		}
	}
	names := make([]string, 0, len(totals))
	for f := range totals {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		if err := t.totalFacet(ctx, f, totals[f]); err != nil {
			return err
		}
	}
	return nil
}

// dropFacets removes a public entry's facets and uncounts them.
func (t *Tx) dropFacets(ctx context.Context, key int64, category any, month string) error {
	facets, err := Strings(ctx, t.Q, `SELECT facet FROM publication_facets WHERE key = ? ORDER BY facet`, key)
	if err != nil {
		return t.D.Wrap("publication facets", err)
	}
	if len(facets) == 0 {
		return nil
	}
	if _, err := t.Q.Exec(ctx, `DELETE FROM publication_facets WHERE key = ?`, key); err != nil {
		return t.D.Wrap("publication facets", err)
	}
	for _, f := range facets {
		if err := t.countFacet(ctx, f, category, month, -1); err != nil {
			return err
		}
		if err := t.totalFacet(ctx, f, -1); err != nil {
			return err
		}
	}
	return nil
}

// totalFacet moves the number of public entries with a facet.
func (t *Tx) totalFacet(ctx context.Context, facet string, delta int) error {
	_, err := t.Q.Exec(ctx, `INSERT INTO publication_facet_totals (facet, n) VALUES (?, ?)
		ON CONFLICT (facet) DO UPDATE SET n = publication_facet_totals.n + ?`, facet, max(delta, 0), delta)
	return t.D.Wrap("count publication facets", err)
}

func (t *Tx) countFacet(ctx context.Context, facet string, category any, month string, delta int) error {
	col := t.D.Log().CategoryColumn
	_, err := t.Q.Exec(ctx, `INSERT INTO publication_facet_counts (facet, `+col+`, month, n) VALUES (?, ?, ?, ?)
		ON CONFLICT (facet, `+col+`, month) DO UPDATE SET n = publication_facet_counts.n + ?`,
		facet, category, month, max(delta, 0), delta)
	return t.D.Wrap("count publication facets", err)
}

// facetMonths is monthCounts for the entries with a facet: the cached
// counts per month, newest first, in a category (nil: all) and month ("").
func (r *Reader) facetMonths(ctx context.Context, facet string, category any, month string) ([]foi.Facet, error) {
	query, args := `SELECT month, sum(n) FROM publication_facet_counts WHERE facet = ? AND n > 0`, []any{facet}
	if category != nil {
		query, args = query+` AND `+r.D.Log().CategoryColumn+` = ?`, append(args, category)
	}
	if month != "" {
		query, args = query+` AND month = ?`, append(args, month)
	}
	return r.facets(ctx, query+` GROUP BY month ORDER BY month DESC`, args...)
}

// facetBrowse is browse's query of keys for the entries with a facet, in
// a category (nil: all); the key range, limit and offset follow.
func (r *Reader) facetBrowse(facet string, category any) (string, []any) {
	query, args := `SELECT key FROM publication_facets WHERE facet = ?`, []any{facet}
	if category != nil {
		query, args = query+` AND `+r.D.Log().CategoryColumn+` = ?`, append(args, category)
	}
	return query, args
}

// FacetCondition narrows an engine's search to the entries with the
// filter's facet: a condition to AND to its WHERE, keyExpr naming the
// entry's key, and its arguments ("" and nil with no such filter). Each
// match is looked up in the facet's index, so a search reads its matches
// as it would unfiltered, newest first, and stops when it has counted
// enough of those that pass.
func FacetCondition(f foi.PublicationFilter, keyExpr string) (string, []any) {
	facet := f.Facet()
	if facet == "" {
		return "", nil
	}
	return ` AND EXISTS (SELECT 1 FROM publication_facets pf WHERE pf.facet = ? AND pf.key = ` + keyExpr + `)`, []any{facet}
}

// FindPublicationOutcomes lists the overall outcomes of public entries.
func (r *Reader) FindPublicationOutcomes(ctx context.Context) ([]foi.Facet, error) {
	list, err := r.facets(ctx, `SELECT substr(facet, 3), n FROM publication_facet_totals
		WHERE facet >= 'o:' AND facet < 'o;' AND n > 0`)
	if err != nil {
		return nil, r.D.Wrap("find outcomes", err)
	}
	order := func(v string) int {
		if i := slices.Index(foi.Outcomes, foi.Outcome(v)); i >= 0 {
			return i
		}
		return len(foi.Outcomes)
	}
	sort.SliceStable(list, func(i, j int) bool {
		a, b := order(list[i].Value), order(list[j].Value)
		return a < b || a == b && list[i].Value < list[j].Value
	})
	return list, nil
}

// FindPublicationExemptions lists the exemptions public entries were
// refused under, by regime in foi.Regimes order, then in the catalogue's.
func (r *Reader) FindPublicationExemptions(ctx context.Context) ([]foi.Facet, error) {
	list, err := r.facets(ctx, `SELECT substr(facet, 3), n FROM publication_facet_totals
		WHERE facet >= 'e:' AND facet < 'e;' AND n > 0`)
	if err != nil {
		return nil, r.D.Wrap("find exemptions", err)
	}
	rank := map[string]int{}
	for _, reg := range foi.Regimes {
		for _, e := range foi.Exemptions(reg) {
			rank[foi.ExemptionFacet(reg, e.Code)] = len(rank) + 1
		}
	}
	order := func(v string) int {
		if n, ok := rank[v]; ok {
			return n
		}
		return len(rank) + 1 // a code the catalogue lacks: last
	}
	sort.SliceStable(list, func(i, j int) bool {
		a, b := order(list[i].Value), order(list[j].Value)
		return a < b || a == b && list[i].Value < list[j].Value
	})
	return list, nil
}

// FindWelshTitles reads the Welsh titles and summaries of a page's entries
// in one query.
func (r *Reader) FindWelshTitles(ctx context.Context, requestIDs []int64) (map[int64]*foi.WelshPublication, error) {
	out := make(map[int64]*foi.WelshPublication, len(requestIDs))
	if len(requestIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(requestIDs))
	for i, id := range requestIDs {
		args[i] = id
	}
	err := Each(ctx, r.Q, func(rows Rows) error {
		w := &foi.WelshPublication{}
		err := rows.Scan(&w.RequestID, &w.Title, &w.Summary)
		out[w.RequestID] = w
		return err
	}, `SELECT request_id, title, summary FROM publication_welsh WHERE request_id IN (?`+
		strings.Repeat(", ?", len(args)-1)+`)`, args...)
	return out, r.D.Wrap("find Welsh titles", err)
}
