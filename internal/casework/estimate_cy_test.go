// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"testing"

	"disclose/internal/foi"
	"disclose/internal/i18n"
)

// TestEstimateWordsHaveWelsh: every activity a letter's estimate can list, and what
// every cost limit of the law table counts and cites, has its Welsh in the
// catalogue, so a Welsh s.12 refusal never falls back to English (a new
// row of foi.CurrentLaw fails here until its Welsh is added).
func TestEstimateWordsHaveWelsh(t *testing.T) {
	for _, a := range foi.Activities {
		if !a.Counted(foi.FOIA) && !a.Counted(foi.FOISA) {
			continue // never in a letter's estimate
		}
		if w, ok := activityWords[a]; !ok || !i18n.Has(w) {
			t.Errorf("activity %q has no words for a letter, or no Welsh for %q", a, w)
		}
	}
	for _, row := range foi.CurrentLaw {
		if row.Limit == nil {
			continue
		}
		for _, text := range []string{row.Limit.Counted, row.Limit.Source} {
			if !i18n.Has(text) {
				t.Errorf("the cost limit from %s has no Welsh for %q", row.From, text)
			}
		}
	}
	for _, key := range []string{"%s: %s minutes %s", "(estimated)"} {
		if !i18n.Has(key) {
			t.Errorf("no Welsh for %q", key)
		}
	}
}
