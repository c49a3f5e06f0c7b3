// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlite

import (
	"path/filepath"
	"testing"

	"disclose/internal/storetest"
)

// TestFacetBackfill: migration 0030 files the entries published before it
// as publishing files them.
func TestFacetBackfill(t *testing.T) {
	path := filepath.Join(t.TempDir(), "disclose.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	check := storetest.BackfillFacets(t, s)
	if _, err := s.w.ExecContext(ctx, `DROP TABLE publication_facets; DROP TABLE publication_facet_counts; DROP TABLE publication_facet_totals;
		DELETE FROM schema_migrations WHERE version = 30`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	check(t, s)
}
