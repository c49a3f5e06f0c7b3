// SPDX-License-Identifier: AGPL-3.0-or-later

package loadgen

import (
	"bytes"
	"strings"
	"testing"

	"disclose/internal/logfile"
)

// Every generated entry is one `disclose import` accepts, the same seed
// gives the same log, and the log has the variety the benchmarks rely on.
func TestGeneratedEntriesImportAndVary(t *testing.T) {
	var a, b bytes.Buffer
	if err := Write(&a, Options{N: 3000, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	if err := Write(&b, Options{N: 3000, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("the same seed gave two different logs")
	}
	r, err := logfile.NewReader(bytes.NewReader(a.Bytes()), "gen.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	categories, outcomes, partCounts, years := map[string]int{}, map[string]int{}, map[int]int{}, map[string]int{}
	refs := map[string]bool{}
	responses := 0
	for {
		e, line, err := r.Next()
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatalf("line %d: %v", line, err)
		}
		if refs[e.Reference] {
			t.Fatalf("line %d: reference %s twice", line, e.Reference)
		}
		refs[e.Reference] = true
		categories[e.Category]++
		years[e.PublishedOn[:4]]++
		partCounts[len(e.Parts)]++
		if e.Response != "" {
			responses++
		}
		for _, p := range e.Parts {
			outcomes[p.Outcome]++
			if strings.Contains(p.Text+p.Answer, "{") {
				t.Fatalf("line %d: unfilled slot in %q / %q", line, p.Text, p.Answer)
			}
		}
	}
	if len(refs) != 3000 {
		t.Fatalf("read %d entries, want 3000", len(refs))
	}
	if len(categories) < 15 || len(years) < 12 || len(outcomes) < 6 || responses == 0 {
		t.Errorf("too little variety: %d categories, %d years, outcomes %v, %d single-text responses", len(categories), len(years), outcomes, responses)
	}
	for n := 1; n <= 10; n++ {
		if partCounts[n] == 0 {
			t.Errorf("no entry has %d parts", n)
		}
	}
}
