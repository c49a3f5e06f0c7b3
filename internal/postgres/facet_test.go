// SPDX-License-Identifier: AGPL-3.0-or-later

package postgres

import (
	"testing"

	"disclose/internal/pgtest"
	"disclose/internal/storetest"
)

// TestFacetBackfill: migration 0030 files the entries published before it
// as publishing files them.
func TestFacetBackfill(t *testing.T) {
	dsn := pgtest.Start(t)
	s := open(t, dsn)
	check := storetest.BackfillFacets(t, s)
	if _, err := s.pool.Exec(ctx, `DROP TABLE publication_facets; DROP TABLE publication_facet_counts; DROP TABLE publication_facet_totals;
		DELETE FROM schema_migrations WHERE version = 30`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	check(t, open(t, dsn))
}
