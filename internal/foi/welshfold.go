// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Welsh changes the first letter of a word after certain words (the
// mutations): "cyngor" is "ei gyngor" (soft), "fy nghyngor" (nasal), "ei
// chyngor" (aspirate), and a vowel takes an h ("ei hysgol"). FoldWelsh
// writes text with the first letters of each word folded to one class per
// radical, so that a search for any form finds the others:
//
//	c, g, ngh, ng, ch  → c    (cyngor, gyngor, nghyngor, chyngor)
//	p, b, mh, ph, m, f → p    (pont, bont, mhont, phont; bws, fws, mws)
//	t, d, nh, th, n, dd → t   (tref, dref, nhref, thref; dinas, ddinas, ninas)
//	ll → l, rh → r, h before a vowel → the vowel; ff stays ff.
//
// The classes merge radicals too ("bont" and "pont" alike), so a folded
// match is looser than the word as written; the search matches either
// (sqlstore FindWelshMatches). The soft mutation that drops a g ("gardd",
// "ardd") is not folded: it would join every word beginning with a vowel.
// Everything but a word's first letters is left as it is, lower-cased.
func FoldWelsh(text string) string {
	text = strings.ToLower(text)
	var b strings.Builder
	b.Grow(len(text))
	inWord := false
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) {
			inWord = false
			b.WriteString(text[i : i+n])
			i += n
			continue
		}
		if !inWord {
			inWord = true
			if from, to := welshRadical(text[i:]); from > 0 {
				b.WriteString(to)
				i += from
				continue
			}
		}
		b.WriteString(text[i : i+n])
		i += n
	}
	return b.String()
}

// welshFolds are a word's possible first letters, longest first, and the
// class each folds to.
var welshFolds = []struct{ from, to string }{
	{"ngh", "c"}, {"ng", "c"}, {"ch", "c"}, {"mh", "p"}, {"ph", "p"}, {"nh", "t"}, {"th", "t"}, {"dd", "t"},
	{"ff", "ff"}, {"ll", "l"}, {"rh", "r"},
	{"c", "c"}, {"g", "c"}, {"p", "p"}, {"b", "p"}, {"m", "p"}, {"f", "p"}, {"t", "t"}, {"d", "t"}, {"n", "t"},
}

// welshRadical is how many bytes of a word's start fold, and to what; 0
// when none do.
func welshRadical(word string) (int, string) {
	if strings.HasPrefix(word, "h") {
		if r, _ := utf8.DecodeRuneInString(word[1:]); strings.ContainsRune("aeiouwyâêîôûŵŷáéíóúẃýàèìòùẁỳäëïöüẅÿ", r) {
			return 1, ""
		}
	}
	for _, f := range welshFolds {
		if strings.HasPrefix(word, f.from) {
			return len(f.from), f.to
		}
	}
	return 0, ""
}
