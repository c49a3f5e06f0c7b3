// SPDX-License-Identifier: AGPL-3.0-or-later

package i18n

import (
	"strings"
	"unicode"
)

// Welsh words that are not also English words (so "a", "i", "am", "o" are
// left out), common in any letter or email: function words and the words
// of a request for information.
var welshWords = set("yr", "yn", "mae", "ydy", "ydych", "ydw", "oes", "oedd", "hoffwn", "gwybodaeth",
	"cais", "diolch", "ynghylch", "gyda", "faint", "sawl", "beth", "pryd", "blwyddyn", "flwyddyn",
	"cyngor", "ac", "neu", "eich", "fy", "ein", "hwn", "hon", "hyn", "sydd", "wedi", "gan", "rhwng",
	"gwelwch", "dda", "cofion", "annwyl", "parthed", "ar", "gyfer", "drwy", "trwy", "mewn", "nifer",
	"ysgol", "ysgolion", "plant", "ffordd", "ffyrdd", "costau", "gost", "rhoi", "anfon", "gofyn",
	"hefyd", "ond", "nid", "dim", "yw", "pob", "bob", "fel", "wrth", "ers", "rhif", "dros", "gael",
	"cael", "roedd", "fyddai", "byddai", "hoffem", "os", "y", "ei", "eu", "ni", "chi")

// English words common in any request, to weigh against the Welsh.
var englishWords = set("the", "and", "of", "to", "is", "please", "information", "how", "many", "what",
	"for", "you", "with", "that", "this", "from", "request", "would", "like", "could", "your", "are",
	"was", "were", "which", "have", "has", "number", "cost", "dear", "thank", "regards", "yours")

func set(words ...string) map[string]bool {
	m := map[string]bool{}
	for _, w := range words {
		m[w] = true
	}
	return m
}

// Detect says what language a message is written in, by counting words
// found only in Welsh against common English words: Welsh when there are
// at least three Welsh words and twice as many as English ones. It is
// honest about being simple: it decides only between English and Welsh,
// and a short or mixed message counts as English (staff can change it).
func Detect(text string) Lang {
	var cy, en int
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\'' && r != '’'
	}) {
		w = strings.Trim(w, "'’")
		switch {
		case welshWords[w]:
			cy++
		case englishWords[w]:
			en++
		}
	}
	if cy >= 3 && cy >= 2*en {
		return Welsh
	}
	return English
}
