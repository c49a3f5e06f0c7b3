// SPDX-License-Identifier: AGPL-3.0-or-later

package storetest

import (
	"slices"
	"testing"

	"disclose/internal/foi"
)

// testWelshMutations: the Welsh search finds a word in any of its
// mutated forms (foi.FoldWelsh), on both engines, and still finds what it
// found as written (a part of a word, punctuation).
func testWelshMutations(t *testing.T, s foi.Store) {
	a := create(t, s, newRequest(foi.FOIA, "2023-05-02"))
	b := create(t, s, newRequest(foi.FOIA, "2023-05-03"))
	wa := &foi.WelshPublication{RequestID: a.ID, Title: "Costau fy nghyngor", Summary: "Pont y dref",
		Parts: []foi.WelshPart{{Number: 1, Text: "Faint o blant sydd yn yr ysgol?", Answer: "Ei hysgol: 120."}}}
	wb := &foi.WelshPublication{RequestID: b.ID, Title: "Ffyrdd y sir", Request: "Hyd y ffyrdd"}
	err := s.Update(ctx, func(tx foi.Tx) error {
		if err := tx.SetWelshPublication(ctx, wa); err != nil {
			return err
		}
		return tx.SetWelshPublication(ctx, wb)
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		words []string
		want  []int64
	}{
		{[]string{"cyngor"}, []int64{a.ID}},  // nasal: nghyngor
		{[]string{"gyngor"}, []int64{a.ID}},  // soft, as a reader might type it
		{[]string{"bont"}, []int64{a.ID}},    // pont
		{[]string{"tref"}, []int64{a.ID}},    // dref
		{[]string{"plant"}, []int64{a.ID}},   // blant
		{[]string{"hysgol"}, []int64{a.ID}},  // ysgol, and hysgol as written
		{[]string{"ngyngor"}, []int64{a.ID}}, // any form finds any other
		{[]string{"ostau"}, []int64{a.ID}},   // a part of a word, as before
		{[]string{"ffyrdd"}, []int64{b.ID}},  // ff is not a mutation of f
		{[]string{"fyrdd"}, []int64{b.ID}},   // as written, inside ffyrdd
		{[]string{"cyngor", "pont"}, []int64{a.ID}},
		{[]string{"cyngor", "ffyrdd"}, nil},
		{[]string{"ceffyl"}, nil},
	} {
		ids, err := s.FindWelshMatches(ctx, c.words, 10)
		if err != nil || !slices.Equal(ids, c.want) {
			t.Errorf("FindWelshMatches(%q) = %v, %v; want %v", c.words, ids, err, c.want)
		}
	}
}
