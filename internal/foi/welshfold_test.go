// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import "testing"

func TestFoldWelsh(t *testing.T) {
	for _, same := range [][]string{
		{"cyngor", "gyngor", "nghyngor", "chyngor", "Cyngor"},
		{"pont", "bont", "mhont", "phont"},
		{"tref", "dref", "nhref", "thref"},
		{"dinas", "ddinas", "ninas"},
		{"bws", "fws", "mws"},
		{"llyfrgell", "lyfrgell"},
		{"rhif", "rif"},
		{"ysgol", "hysgol"},
	} {
		for _, w := range same[1:] {
			if FoldWelsh(w) != FoldWelsh(same[0]) {
				t.Errorf("FoldWelsh(%q) = %q, FoldWelsh(%q) = %q; want the same", w, FoldWelsh(w), same[0], FoldWelsh(same[0]))
			}
		}
	}
	for _, c := range [][2]string{
		{"Ei gyngor, fy nghyngor.", "ei cyngor, py cyngor."}, // every word's start, punctuation kept
		{"ffordd", "ffordd"}, // ff is its own letter, never a mutation
		{"y gyllideb_ffyrdd 100%", "y cyllideb_ffyrdd 100%"},
		{"i’r", "i’r"},
		{"hen", "en"},   // h before a vowel (ei hysgol) folds away
		{"hwyl", "wyl"}, // w is a vowel in Welsh
		{"hlyd", "hlyd"},
		{"ŵyr hŵyr", "ŵyr ŵyr"},
	} {
		if got := FoldWelsh(c[0]); got != c[1] {
			t.Errorf("FoldWelsh(%q) = %q, want %q", c[0], got, c[1])
		}
	}
}
