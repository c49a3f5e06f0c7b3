// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlstore

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"disclose/internal/foi"
)

// PublishedQuestionCombinations finds the entries asking a combination of
// questions through their rare keys: each key's postings are counted (at
// most maxPostings+1 read), the keys with more are left out, and every
// posting of the others is read in full, so that an old entry is found as
// surely as a new one. An entry's cover is how many of the groups (the
// questions asked) it has a rare key of.
func (r *Reader) PublishedQuestionCombinations(ctx context.Context, groups [][]int64, maxPostings, budget, limit int) ([]foi.PublishedCombinationHit, error) {
	if maxPostings <= 0 || budget <= 0 || limit <= 0 {
		return nil, nil
	}
	var keys []int64
	seen := map[int64]bool{}
	for _, g := range groups {
		for _, k := range g {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	if len(keys) == 0 {
		return nil, nil
	}
	// How many postings each key has, up to maxPostings+1: a key most
	// entries of a topic share says nothing about which entry asked.
	var b strings.Builder
	args := make([]any, 0, 3*len(keys))
	for i, k := range keys {
		if i > 0 {
			b.WriteString(" UNION ALL ")
		}
		b.WriteString(`SELECT CAST(? AS BIGINT), (SELECT count(*) FROM (SELECT 1 FROM published_question_keys WHERE hash = ? LIMIT ?) c` + strconv.Itoa(i) + `)`)
		args = append(args, k, k, maxPostings+1)
	}
	rows, err := r.Q.Query(ctx, b.String(), args...)
	if err != nil {
		return nil, r.D.Wrap("find published question combinations", err)
	}
	df := map[int64]int{}
	for rows.Next() {
		var k int64
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			rows.Close()
			return nil, r.D.Wrap("find published question combinations", err)
		}
		df[k] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, r.D.Wrap("find published question combinations", err)
	}
	// The rarest keys first, within the request's budget of postings.
	type rare struct {
		key   int64
		group int
		n     int
	}
	var list []rare
	for g, ks := range groups {
		for _, k := range ks {
			if n := df[k]; n > 0 && n <= maxPostings {
				list = append(list, rare{k, g, n})
			}
		}
	}
	sort.SliceStable(list, func(a, b int) bool { return list[a].n < list[b].n })
	b.Reset()
	args = args[:0]
	spent := map[int64]bool{}
	total := 0
	n := 0
	for _, x := range list {
		if !spent[x.key] {
			if total+x.n > budget {
				continue
			}
			total += x.n
			spent[x.key] = true
		}
		if n > 0 {
			b.WriteString(" UNION ALL ")
		}
		n++
		b.WriteString(`SELECT request_id, CAST(? AS INTEGER) AS g FROM published_question_keys WHERE hash = ?`)
		args = append(args, x.group, x.key)
	}
	if n == 0 {
		return nil, nil
	}
	args = append(args, limit)
	rows, err = r.Q.Query(ctx, `SELECT request_id, count(DISTINCT g) AS cover FROM (`+b.String()+`) p
		GROUP BY request_id ORDER BY cover DESC, request_id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, r.D.Wrap("find published question combinations", err)
	}
	defer rows.Close()
	var out []foi.PublishedCombinationHit
	for rows.Next() {
		var h foi.PublishedCombinationHit
		if err := rows.Scan(&h.RequestID, &h.Cover); err != nil {
			return nil, r.D.Wrap("find published question combinations", err)
		}
		out = append(out, h)
	}
	return out, r.D.Wrap("find published question combinations", rows.Err())
}
