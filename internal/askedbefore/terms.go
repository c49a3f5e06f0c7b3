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

// Features are a question's terms and neighbouring pairs, each with a
// weight: 1 in its first sentence, which asks the question, and
// RiderWeight in the sentences after it ("Please break this down by
// year.", a closing line intake left with the last part), which many
// different questions share.
type Features map[string]float64

// RiderWeight is what a feature of a later sentence counts for.
const RiderWeight = 0.25

// FeaturesOf returns the features of a question.
func FeaturesOf(text string) Features {
	f := Features{}
	for i, sentence := range sentences(text) {
		w := 1.0
		if i > 0 {
			w = RiderWeight
		}
		t := Terms(sentence)
		for j, term := range t {
			f.add(term, w)
			if j > 0 {
				f.add(t[j-1]+" "+term, w)
			}
		}
	}
	return f
}

func (f Features) add(feature string, w float64) {
	if w > f[feature] {
		f[feature] = w
	}
}

// sentences splits text after each ".", "?" or "!" that ends a word; the
// first sentence with any comparable word comes first.
func sentences(text string) []string {
	var out []string
	start := 0
	for i, r := range text {
		if (r == '.' || r == '?' || r == '!') && (i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\n' || text[i+1] == '\t') {
			out = append(out, text[start:i+1])
			start = i + 1
		}
	}
	if strings.TrimSpace(text[start:]) != "" {
		out = append(out, text[start:])
	}
	for len(out) > 1 && len(Terms(out[0])) == 0 {
		out = out[1:]
	}
	return out
}

// Similarity is the weighted Dice coefficient of two feature sets: 1 for
// the same question, 0 for nothing in common.
func Similarity(a, b Features) float64 {
	var total, shared float64
	for f, w := range a {
		total += w
		if v, ok := b[f]; ok {
			shared += min(w, v)
		}
	}
	for _, w := range b {
		total += w
	}
	if total == 0 {
		return 0
	}
	return 2 * shared / total
}

// KeysPerPart is how many index keys a part has: the smallest hashes of
// its features. Two parts sharing a share J of their features share at
// least one key with probability about 1-(1-J)^KeysPerPart (a bottom-k
// sketch), 0.99 at J = 0.45; the evaluation measures what that gives.
const KeysPerPart = 8

// Keys returns a question's index keys, smallest first: the smallest
// hashes of the features of its first sentence, which asks it. Riders are
// left out even when the question is short: hundreds of questions share
// "please break this down by year", and their newest would crowd the
// index reads out. None when it has no comparable words.
func Keys(text string) []int64 {
	f := FeaturesOf(text)
	primary := 0
	for _, w := range f {
		if w == 1 {
			primary++
		}
	}
	keys := make([]int64, 0, len(f))
	for feat, w := range f {
		if w < 1 && primary > 0 {
			continue
		}
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
