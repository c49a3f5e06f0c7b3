// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlstore

import (
	"context"
	"strings"

	"disclose/internal/foi"
)

// MergeCategory files every entry of the category from, public or taken
// down, under into instead (issue 15: "Highways" beside "Highways and
// transport"). A public entry leaves the search index and the per-month
// counts under its old category and comes back under the new one, so the
// old name is gone from browse, facets and exports, which read these. It
// returns how many entries moved.
func (t *Tx) MergeCategory(ctx context.Context, from, into string) (int, error) {
	from, into = strings.TrimSpace(from), strings.TrimSpace(into)
	if from == "" || into == "" || from == into {
		return 0, foi.Errorf(foi.EINVALID, "merging categories needs two different names")
	}
	log := t.D.Log()
	old, err := t.D.Category(ctx, t.Q, from, false)
	if err != nil || old == nil {
		return 0, t.D.Wrap("merge categories", err)
	}
	type entry struct {
		key    int64
		month  string
		public bool
	}
	var entries []entry
	err = Each(ctx, t.Q, func(rows Rows) error {
		var e entry
		if err := rows.Scan(&e.key, &e.month, &e.public); err != nil {
			return err
		}
		entries = append(entries, e)
		return nil
	}, `SELECT key, `+t.D.StatsSQL().Month("published_on")+`, unpublished_at IS NULL FROM publications WHERE `+
		log.CategoryColumn+` = ? ORDER BY key`+t.D.ForUpdate(), old)
	if err != nil {
		return 0, t.D.Wrap("merge categories", err)
	}
	if len(entries) == 0 {
		return 0, nil
	}
	dst, err := t.D.Category(ctx, t.Q, into, true)
	if err != nil {
		return 0, t.D.Wrap("merge categories", err)
	}
	for _, e := range entries {
		// Out of the index while the row still holds what was indexed,
		// keeping its facets (the outcome and exemption filters) to file
		// again under the new category.
		var facets []string
		if e.public {
			if facets, err = Strings(ctx, t.Q, `SELECT facet FROM publication_facets WHERE key = ? ORDER BY facet`, e.key); err != nil {
				return 0, t.D.Wrap("merge categories", err)
			}
			if err := t.unindex(ctx, e.key, old, e.month); err != nil {
				return 0, err
			}
		}
		if _, err := t.Q.Exec(ctx, `UPDATE publications SET `+log.CategoryColumn+` = ?, updated_at = ? WHERE key = ?`,
			dst, t.D.Instant(t.Now), e.key); err != nil {
			return 0, t.D.Wrap("merge categories", err)
		}
		if e.public {
			// The facets before the text: an engine may index them with it.
			if err := t.addFacets(ctx, []facetEntry{{e.key, dst, e.month, facets}}); err != nil {
				return 0, err
			}
			if err := t.D.IndexPublication(ctx, t.Q, e.key, false); err != nil {
				return 0, t.D.Wrap("index publication", err)
			}
			if err := t.count(ctx, dst, e.month, +1); err != nil {
				return 0, err
			}
		}
	}
	// The old category's counts are all zero now. (On SQLite its name row
	// stays, unused, and is taken again if the name is ever published.)
	for _, table := range []string{"publication_counts", "publication_facet_counts"} {
		if _, err := t.Q.Exec(ctx, `DELETE FROM `+table+` WHERE `+log.CategoryColumn+` = ?`, old); err != nil {
			return 0, t.D.Wrap("merge categories", err)
		}
	}
	return len(entries), nil
}
