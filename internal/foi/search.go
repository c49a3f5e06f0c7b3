// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"strings"
	"unicode"
)

// Search is a parsed disclosure-log search, in the web-search syntax
// readers know (and PostgreSQL's websearch_to_tsquery reads): words, all
// of which must match; "quoted phrases"; OR between alternatives; -word or
// -"phrase" to leave out entries with it. Each store turns it into its own
// query language, so the two engines accept exactly the same searches.
type Search struct {
	// All holds groups that must each match; a group matches when any of
	// its phrases does. A phrase is one or more words in order.
	All [][]string
	// None holds phrases an entry must not contain.
	None []string
}

// ParseSearch parses what a reader typed. A search needs at least one word
// or phrase to look for: punctuation alone, or only exclusions, is an
// error that says so.
func ParseSearch(input string) (Search, error) {
	var (
		s      Search
		orNext bool
	)
	for _, tok := range searchTokens(input) {
		switch {
		case tok.text == "OR" && !tok.quoted && !tok.negated:
			orNext = len(s.All) > 0
			continue
		case tok.negated:
			s.None = append(s.None, tok.text)
		case orNext:
			s.All[len(s.All)-1] = append(s.All[len(s.All)-1], tok.text)
		default:
			s.All = append(s.All, []string{tok.text})
		}
		orNext = false
	}
	if len(s.All) == 0 {
		return s, Errorf(EINVALID, "search for at least one word")
	}
	return s, nil
}

// WebSearch writes the search back in web-search syntax, each phrase
// quoted, for engines that parse that syntax themselves.
func (s Search) WebSearch() string {
	var parts []string
	for _, g := range s.All {
		alts := make([]string, len(g))
		for i, p := range g {
			alts[i] = `"` + p + `"`
		}
		parts = append(parts, strings.Join(alts, " or "))
	}
	for _, p := range s.None {
		parts = append(parts, `-"`+p+`"`)
	}
	return strings.Join(parts, " ")
}

type searchToken struct {
	text            string
	quoted, negated bool
}

func searchTokens(s string) []searchToken {
	var out []searchToken
	for {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		if s == "" {
			return out
		}
		var t searchToken
		if s[0] == '-' {
			t.negated = true
			s = s[1:]
		}
		if s != "" && s[0] == '"' {
			t.quoted = true
			end := strings.IndexByte(s[1:], '"')
			if end < 0 {
				t.text, s = s[1:], ""
			} else {
				t.text, s = s[1:end+1], s[end+2:]
			}
		} else {
			end := strings.IndexFunc(s, unicode.IsSpace)
			if end < 0 {
				end = len(s)
			}
			t.text, s = s[:end], s[end:]
		}
		// Inside a phrase only words count; quotes cannot be nested.
		t.text = strings.Join(strings.Fields(strings.ReplaceAll(t.text, `"`, " ")), " ")
		if hasWord(t.text) {
			out = append(out, t)
		}
	}
}

// hasWord reports whether s holds a letter or digit, something a search
// index keeps; punctuation alone finds nothing.
func hasWord(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}
