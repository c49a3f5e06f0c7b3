// SPDX-License-Identifier: AGPL-3.0-or-later

package storetest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"disclose/internal/askedbefore"
	"disclose/internal/foi"
)

// testQuestionCandidatesByPart: one read for several parts gives each part
// what reading it alone gives, in the same order, each within its own
// limit; a part with no keys has none, and the asking request is excluded.
func testQuestionCandidatesByPart(t *testing.T, s foi.Store) {
	texts := []string{
		socialValue,
		"How many gritters does the council own?",
		"How many gritters and snow ploughs does the council own?",
		"What did the council spend on gritting salt last winter?",
	}
	var ids []int64
	for i := range 3 {
		r := newRequest(foi.FOIA, "2025-0"+string(rune('3'+i))+"-02")
		r.Parts = nil
		for n, text := range texts {
			r.Parts = append(r.Parts, foi.Part{Number: n + 1, Label: "", Text: text})
		}
		create(t, s, r)
		ids = append(ids, r.ID)
	}
	asking := []string{
		"Does the authority consider social value when it commissions placements for children?",
		"Please?", // no comparable words: no keys
		"How many gritters does the council have?",
	}
	keys := make([][]int64, len(asking))
	for i, a := range asking {
		keys[i] = askedbefore.Keys(a)
	}
	for _, limit := range []int{2, 20} {
		got, err := s.QuestionCandidatesByPart(ctx, keys, ids[2], 50, limit)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(asking) {
			t.Fatalf("limit %d: %d lists for %d parts", limit, len(got), len(asking))
		}
		for i := range asking {
			alone, err := s.QuestionCandidates(ctx, keys[i], ids[2], 50, limit)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(alone, got[i], cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("limit %d, part %d: read with the others differs from read alone (-alone +together):\n%s", limit, i+1, diff)
			}
			if len(got[i]) > limit {
				t.Errorf("limit %d, part %d: %d candidates", limit, i+1, len(got[i]))
			}
			for _, c := range got[i] {
				if c.RequestID == ids[2] {
					t.Errorf("part %d: the asking request is its own candidate", i+1)
				}
			}
		}
		if len(got[0]) == 0 || got[0][0].Text != socialValue {
			t.Errorf("limit %d: the social value question finds %+v", limit, got[0])
		}
		if len(got[1]) != 0 {
			t.Errorf("limit %d: a part with no keys has candidates %+v", limit, got[1])
		}
		if limit == 2 && len(got[2]) != 2 {
			t.Errorf("limit 2: the gritters question has %d candidates, want 2 (four parts share its words)", len(got[2]))
		}
	}
	if got, err := s.QuestionCandidatesByPart(ctx, nil, 0, 50, 20); err != nil || len(got) != 0 {
		t.Errorf("no parts: %v, %v", got, err)
	}
}
