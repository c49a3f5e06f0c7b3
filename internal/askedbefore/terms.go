// SPDX-License-Identifier: AGPL-3.0-or-later

// Package askedbefore finds where a request's questions were asked before:
// each part of a new request is compared with the parts of earlier requests
// to this authority (published or not), through an index of a few keys per
// part, and every match is scored and described in the terms the law uses
// (a round robin, a repeat under FOIA s.14(2), a request to aggregate under
// s.12). It shows facts; the officer decides.
package askedbefore

import (
	"hash/fnv"
	"sort"
	"strings"
	"unicode"
)

// A question is compared by its terms: its words in lower case, without
// the words every question has, each cut to a rough stem, with common
// rewordings mapped to one form ("the number of" and "how many" both say
// "many"). Features are the terms and each pair of neighbouring terms, so
// that two questions on one topic sharing most words but saying different
// things ("reported on London Road" against "repaired within 28 days")
// share few pairs.

// Terms returns the comparable words of a question, in order.
func Terms(text string) []string {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	out := make([]string, 0, len(words))
	for i := 0; i < len(words); i++ {
		w := words[i]
		if i+2 < len(words) && w == "the" && words[i+1] == "number" && words[i+2] == "of" {
			out = append(out, "many")
			i += 2
			continue
		}
		if i+1 < len(words) && w == "how" && words[i+1] == "many" {
			out = append(out, "many")
			i++
			continue
		}
		if s, ok := synonyms[w]; ok {
			w = s
		}
		if stop[w] {
			continue
		}
		out = append(out, stem(w))
	}
	return out
}

// Features is the set of a question's terms and neighbouring pairs.
type Features map[string]struct{}

// FeaturesOf returns the features of a question.
func FeaturesOf(text string) Features {
	t := Terms(text)
	f := make(Features, 2*len(t))
	for i, w := range t {
		f[w] = struct{}{}
		if i > 0 {
			f[t[i-1]+" "+w] = struct{}{}
		}
	}
	return f
}

// Similarity is the Dice coefficient of two feature sets: 1 for the same
// question, 0 for nothing in common.
func Similarity(a, b Features) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	n := 0
	for f := range a {
		if _, ok := b[f]; ok {
			n++
		}
	}
	return 2 * float64(n) / float64(len(a)+len(b))
}

// KeysPerPart is how many index keys a part has: the smallest hashes of
// its features. Two parts sharing a share J of their features share at
// least one key with probability about 1-(1-J)^KeysPerPart (a bottom-k
// sketch), 0.99 at J = 0.45; the evaluation measures what that gives.
const KeysPerPart = 8

// Keys returns a question's index keys, smallest first; none when it has
// no comparable words.
func Keys(text string) []int64 {
	f := FeaturesOf(text)
	keys := make([]int64, 0, len(f))
	for feat := range f {
		h := fnv.New64a()
		h.Write([]byte(feat))
		// A positive int64, which both engines store as a plain integer.
		keys = append(keys, int64(h.Sum64()>>1))
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	if len(keys) > KeysPerPart {
		keys = keys[:KeysPerPart]
	}
	return keys
}

// stem cuts common English endings, so that "placements" and "placed" meet
// "placement" and "place": crude, but the same on both sides of a
// comparison, which is all it needs to be.
func stem(w string) string {
	if len(w) <= 4 || strings.IndexFunc(w, unicode.IsDigit) >= 0 {
		return w
	}
	for _, suf := range []string{"ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 4 {
			w = strings.TrimSuffix(w, suf)
			if suf == "ies" || suf == "ied" {
				w += "y"
			}
			return w
		}
	}
	return w
}

// synonyms map words requesters use interchangeably to one of them.
var synonyms = map[string]string{
	"authority": "council", "organisation": "council", "la": "council",
	"quantity": "many", "total": "many", "amount": "many",
	"spend": "spent", "spending": "spent", "expenditure": "spent", "cost": "spent", "costs": "spent",
	"kindly": "", "tell": "", "provide": "", "confirm": "", "state": "", "advise": "",
	"employ": "employed", "employs": "employed", "staff": "employed",
	"receive": "received", "receives": "received",
	"pa": "year", "annually": "year", "annual": "year", "yearly": "year",
	"each": "", "every": "", "per": "",
}

// stop are the words nearly every question has: they say nothing about
// what it asks. The empty word is a synonym's way of dropping a word.
var stop = func() map[string]bool {
	m := map[string]bool{"": true}
	for _, w := range strings.Fields(`a an the of in on at to for from by with and or but is are was were be been
		being has have had do does did done can could would should will shall may might must this that these
		those there their them they it its i me my we our you your please could what which who whom whose when
		where why how if as any all some such than then so not no yes also about into over under between
		within during since before after up down out off per via whether including include includes i.e e.g
		etc information request requesting requested like know let dear thank thanks would grateful us
		held hold holds details detail copy copies provide`) {
		m[w] = true
	}
	return m
}()
