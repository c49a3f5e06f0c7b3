// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"net/http/httptest"
	"testing"
)

// BenchmarkEntryPage renders the seed entry's public page through the
// handler (SQLite, no network): the Go side of an entry page's cost.
func BenchmarkEntryPage(b *testing.B) {
	f := newFixture(b)
	seedEntry(b, f)
	h := f.site.Handler()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/disclosure-log/foi-12748", nil))
		if w.Code != 200 {
			b.Fatalf("GET = %d", w.Code)
		}
	}
}
