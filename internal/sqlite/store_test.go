// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"disclose/internal/foi"
	"disclose/internal/storetest"
)

var ctx = context.Background()

// openTest opens a new database in a temporary directory and closes it
// when the test ends.
func openTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "disclose.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) foi.Store {
		s, err := Open(ctx, filepath.Join(t.TempDir(), "disclose.db"))
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		return s
	})
}
