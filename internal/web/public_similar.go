// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"
	"sort"
	"strings"
	"time"
	"unicode"

	"disclose/internal/foi"
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
	page, err := s.Service.Disclosures(r.Context(), foi.PublicationFilter{Query: q, PerPage: maxSimilar})
	if err != nil {
		s.logger().Error("searching for similar published answers", "err", err)
		return nil, true
	}
	out := make([]similarEntry, 0, len(page.Entries))
	for _, e := range page.Entries {
		out = append(out, similarEntry{Title: e.Title, Slug: e.Reference.Slug(), Reference: e.Reference.String(), PublishedOn: e.PublishedOn})
	}
	return out, false
}

// similarJSON is a similar published answer as the request form's
// typing-time suggestions read it.
type similarJSON struct {
	Reference   string   `json:"reference"`
	Title       string   `json:"title"`
	URL         string   `json:"url"`
	PublishedOn jsonDate `json:"published_on"`
}

// maxSimilarText bounds the text the suggestions endpoint reads: the
// distinctive words are found well within it.
const maxSimilarText = 2000

// similarDisclosures is GET /api/v1/disclosures/similar?text=...: the
// published answers that look like a request being typed, for the request
// form's suggestions (the check page lists the same without JavaScript).
func (s *Server) similarDisclosures(w http.ResponseWriter, r *http.Request) error {
	text := r.URL.Query().Get("text")
	if len(text) > maxSimilarText {
		text = text[:maxSimilarText]
	}
	found, failed := s.similarTo(r, text)
	if failed {
		return foi.Errorf(foi.EINTERNAL, "the disclosure log could not be searched")
	}
	out := struct {
		Results []similarJSON `json:"results"`
	}{Results: []similarJSON{}}
	for _, e := range found {
		out.Results = append(out.Results, similarJSON{Reference: e.Reference, Title: e.Title,
			URL: "/disclosure-log/" + e.Slug, PublishedOn: jsonDate(e.PublishedOn)})
	}
	revalidate(w)
	writeJSON(w, http.StatusOK, out)
	return nil
}

// maxSimilar is how many similar answers the check page lists.
const maxSimilar = 5

// similarQuery picks up to eight distinctive words of a request (the
// longest, as a cheap stand-in for rarity, skipping common words) and asks
// for entries with any of them: the search ranks entries that have more of
// them first. The words are quoted so that none is read as search syntax.
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
	var q string
	for i, w := range words {
		next := `"` + w + `"`
		if q != "" {
			next = q + " OR " + next
		}
		if i == 8 || len(next) > foi.MaxQueryLength {
			break
		}
		q = next
	}
	return q
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
