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

func (m memIndex) PublishedQuestionCandidates(_ context.Context, keys []int64, _, limit int) ([]foi.PublishedQuestionHit, error) {
	var out []foi.PublishedQuestionHit
	for _, e := range m {
		for _, q := range e.Questions {
			n := 0
			for _, k := range Keys(q.Text) {
				if slices.Contains(keys, k) {
					n++
				}
			}
			if n > 0 {
				out = append(out, foi.PublishedQuestionHit{RequestID: e.RequestID, Number: q.Number, Shared: n})
			}
		}
	}
	slices.SortFunc(out, func(a, b foi.PublishedQuestionHit) int { return b.Shared - a.Shared })
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
