// SPDX-License-Identifier: AGPL-3.0-or-later

package askedbefore

import (
	"context"
	"slices"
	"testing"

	"disclose/internal/foi"
)

// memIndex is a published question index in memory: every question of
// every entry under its Keys, as the stores keep them.
type memIndex []foi.PublishedQuestions

// postings are each key's questions, newest entry first, as the stores
// read them.
func (m memIndex) postings() map[int64][]foi.PublishedQuestionHit {
	out := map[int64][]foi.PublishedQuestionHit{}
	for _, e := range m {
		for _, q := range e.Questions {
			for _, k := range Keys(q.Text) {
				out[k] = append(out[k], foi.PublishedQuestionHit{RequestID: e.RequestID, Number: q.Number})
			}
		}
	}
	for _, p := range out {
		slices.SortStableFunc(p, func(a, b foi.PublishedQuestionHit) int { return int(b.RequestID - a.RequestID) })
	}
	return out
}

func (m memIndex) PublishedQuestionCandidates(_ context.Context, keys []int64, perKey, limit int) ([]foi.PublishedQuestionHit, error) {
	type question struct {
		id     int64
		number int
	}
	shared := map[question]int{}
	all := m.postings()
	for _, k := range keys {
		p := all[k]
		for _, h := range p[:min(perKey, len(p))] {
			shared[question{h.RequestID, h.Number}]++
		}
	}
	var out []foi.PublishedQuestionHit
	for q, n := range shared {
		out = append(out, foi.PublishedQuestionHit{RequestID: q.id, Number: q.number, Shared: n})
	}
	slices.SortFunc(out, func(a, b foi.PublishedQuestionHit) int {
		if a.Shared != b.Shared {
			return b.Shared - a.Shared
		}
		return int(b.RequestID - a.RequestID)
	})
	return out[:min(limit, len(out))], nil
}

func (m memIndex) PublishedQuestionCombinations(_ context.Context, groups [][]int64, maxPostings, budget, limit int) ([]foi.PublishedCombinationHit, error) {
	all := m.postings()
	cover := map[int64]map[int]bool{}
	for g, keys := range groups {
		for _, k := range keys {
			if p := all[k]; len(p) <= maxPostings {
				for _, h := range p {
					if cover[h.RequestID] == nil {
						cover[h.RequestID] = map[int]bool{}
					}
					cover[h.RequestID][g] = true
				}
			}
		}
	}
	var out []foi.PublishedCombinationHit
	for id, c := range cover {
		out = append(out, foi.PublishedCombinationHit{RequestID: id, Cover: len(c)})
	}
	slices.SortFunc(out, func(a, b foi.PublishedCombinationHit) int {
		if a.Cover != b.Cover {
			return b.Cover - a.Cover
		}
		return int(b.RequestID - a.RequestID)
	})
	return out[:min(limit, len(out))], nil
}

func (m memIndex) PublishedQuestions(_ context.Context, ids []int64) ([]foi.PublishedQuestions, error) {
	var out []foi.PublishedQuestions
	for _, e := range m {
		if slices.Contains(ids, e.RequestID) {
			out = append(out, e)
		}
	}
	return out, nil
}

func entry(id int64, title string, qs ...string) foi.PublishedQuestions {
	e := foi.PublishedQuestions{RequestID: id, Reference: foi.Reference{Prefix: "FOI", Number: int(id)}, Title: title}
	for i, q := range qs {
		e.Questions = append(e.Questions, foi.PublishedQuestion{Number: i + 1, Text: q})
	}
	return e
}

// TestSuggestOnePublishedQuestionPerAskedQuestion: an entry asking about
// one ward does not answer questions about two; the entry asking both
// comes first.
func TestSuggestOnePublishedQuestionPerAskedQuestion(t *testing.T) {
	idx := memIndex{
		entry(1, "Orsett only", "Which premises in Orsett have late-night licences?"),
		entry(2, "Both", "Which premises in Aveley have late-night licences?", "Which premises in Orsett have late-night licences?"),
	}
	got, _, err := Suggest(context.Background(), idx, []string{
		"Which premises in Orsett have late-night licences?", "Which premises in Aveley have late-night licences?"}, SuggestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Entry.Title != "Both" || !slices.Equal(got[0].Questions(), []int{1, 2}) {
		t.Fatalf("suggestions = %+v, want Both first, answering 1 and 2", got)
	}
	if a := got[0].Answers; a[0].Published.Number != 2 || a[1].Published.Number != 1 {
		t.Errorf("Both answers %+v: question 1 by its question 2, question 2 by its question 1", a)
	}
	if !slices.Equal(got[1].Questions(), []int{1}) || got[1].Answers[0].Score != 1 {
		t.Errorf("Orsett only answers %+v, want question 1 alone", got[1].Answers)
	}
}

// TestSuggestReadsALetterSentenceBySentence: a request typed as a letter,
// which intake keeps as one question, is found by its question, not its
// greeting or preamble.
func TestSuggestReadsALetterSentenceBySentence(t *testing.T) {
	idx := memIndex{entry(7, "Gritters", "How many gritters does the council own?"), entry(8, "Freedom", "Under the Freedom of Information Act, what is the council's policy?")}
	letter := "Dear Sir or Madam,\n\nI am writing to ask for some information under the Freedom of Information Act.\n\nHow many gritters does your council own?\n\nKind regards,\nSam"
	got, _, err := Suggest(context.Background(), idx, []string{letter}, SuggestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || got[0].Entry.Title != "Gritters" || got[0].Answers[0].Published.Text != "How many gritters does the council own?" {
		t.Errorf("suggestions = %+v, want Gritters first", got)
	}
}

// TestSuggestFindsAnOldEntryAskingTheCombination: the one entry asking
// all three questions is older than the many asking one of them, beyond
// each key's newest reads; its rare keys (the places) find it.
func TestSuggestFindsAnOldEntryAskingTheCombination(t *testing.T) {
	places := []string{"Orsett", "Aveley", "Corringham"}
	q := func(place string) string { return "Which premises in " + place + " have late-night licences?" }
	idx := memIndex{entry(1, "All three", q(places[0]), q(places[1]), q(places[2]))}
	others := []string{"Belhus", "Ockendon", "Tilbury", "Chadwell", "Grays"}
	for i := range 60 {
		idx = append(idx, entry(int64(i+2), "One", q(places[i%3]), q(others[i%5])))
	}
	asked := []string{q(places[0]), q(places[1]), q(places[2])}
	opt := SuggestOptions{PerKey: 10, Candidates: 10, Entries: 10, Rare: 40}
	got, _, err := Suggest(context.Background(), idx, asked, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || got[0].Entry.Title != "All three" || !slices.Equal(got[0].Questions(), []int{1, 2, 3}) {
		t.Fatalf("suggestions = %+v, want All three first, answering 1, 2 and 3", got)
	}
	// Without reading rare keys in full it is not found: the test shows
	// what the combination read adds.
	opt.Rare = -1
	if got, _, err = Suggest(context.Background(), idx, asked, opt); err != nil {
		t.Fatal(err)
	}
	for _, s := range got {
		if s.Entry.Title == "All three" {
			t.Fatalf("found without the combination read: the test does not test it")
		}
	}
}
