// SPDX-License-Identifier: AGPL-3.0-or-later

package storetest

import (
	"slices"
	"testing"

	"disclose/internal/askedbefore"
	"disclose/internal/foi"
)

var publishedQuestionTests = []struct {
	name string
	fn   func(*testing.T, foi.Store)
}{
	{"PublishedQuestionIndexKeptByPublishing", testPublishedQuestionsKept},
	{"PublishedQuestionIndexKeptByImport", testPublishedQuestionsImported},
	{"PublishedQuestionIndexCatchesUp", testPublishedQuestionsCatchUp},
	{"PublishedQuestionCombinations", testPublishedQuestionCombinations},
}

// publishedFor returns the request ids of the public entries the index
// finds for a question, and checks PublishedQuestions reads each.
func publishedFor(t *testing.T, s foi.Store, question string) []int64 {
	t.Helper()
	hits, err := s.PublishedQuestionCandidates(ctx, askedbefore.Keys(question), 100, 100)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, h := range hits {
		if !slices.Contains(ids, h.RequestID) {
			ids = append(ids, h.RequestID)
		}
	}
	entries, err := s.PublishedQuestions(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	var public []int64
	for _, e := range entries {
		if len(e.Questions) == 0 || e.Title == "" || e.Reference.Number == 0 || e.PublishedOn.IsZero() {
			t.Errorf("PublishedQuestions read %+v: want its title, reference, date and questions", e)
		}
		public = append(public, e.RequestID)
	}
	slices.Sort(public)
	return public
}

// testPublishedQuestionsKept: publishing keys the entry's published
// questions, never the case's own text; republishing after a redaction
// re-keys it; unpublishing removes it.
func testPublishedQuestionsKept(t *testing.T, s foi.Store) {
	r, p := publishable(t, s, "Tender weighting", "Ten per cent.", "Withheld.")
	r.Parts[0].Text = "What weighting is given to social value in the Zanzibar Holdings tender"
	r.Parts[1].Text = "Zanzibar Holdings Kilimanjaro"
	update(t, s, func(tx foi.Tx) error { return tx.UpdateRequest(ctx, r) })
	p.Parts[0].Text = "What weighting is given to social value in the [redacted] tender"
	p.Parts[1].Text = "[redacted]"
	save(t, s, p)
	if got := publishedFor(t, s, p.Parts[0].Text); !slices.Equal(got, []int64{r.ID}) {
		t.Errorf("the published question finds %v, want [%d]", got, r.ID)
	}
	if got := publishedFor(t, s, "Zanzibar Holdings Kilimanjaro"); len(got) != 0 {
		t.Errorf("a word only the case's text has finds %v: the index must hold only what was published", got)
	}
	// Republished with more redacted: the old words no longer find it.
	p.Parts[0].Text = "[redacted]"
	p.Request = "[redacted]"
	save(t, s, p)
	if got := publishedFor(t, s, "What weighting is given to social value in the tender"); len(got) != 0 {
		t.Errorf("after republishing redacted, the old question finds %v", got)
	}
	p.Parts[0].Text = "What weighting is given to social value in the tender"
	save(t, s, p)
	if got := publishedFor(t, s, p.Parts[0].Text); !slices.Equal(got, []int64{r.ID}) {
		t.Errorf("republished, the question finds %v, want [%d]", got, r.ID)
	}
	update(t, s, func(tx foi.Tx) error { return tx.UnpublishPublication(ctx, r.ID) })
	if got := publishedFor(t, s, p.Parts[0].Text); len(got) != 0 {
		t.Errorf("after unpublishing, the question finds %v", got)
	}
	if hits, err := s.PublishedQuestionCandidates(ctx, askedbefore.Keys(p.Parts[0].Text), 100, 100); err != nil || len(hits) != 0 {
		t.Errorf("after unpublishing, the index holds %v, %v", hits, err)
	}
}

// testPublishedQuestionsImported: an import keys its public entries (an
// entry from an older log by its request's questions), not its
// unpublished ones nor its unpublished cases.
func testPublishedQuestionsImported(t *testing.T, s foi.Store) {
	mk := func(number int, text string, public, parts bool) foi.ImportedCase {
		r := newRequest(foi.FOIA, "2019-03-04")
		r.Reference = foi.Reference{Prefix: "FOI", Number: number}
		r.Requester = foi.Requester{Name: foi.ImportedRequesterName}
		r.Status, r.RespondedOn, r.Outcome = foi.StatusResponded, day("2019-03-20"), foi.Granted
		r.Parts = []foi.Part{{Number: 1, Text: text, Answer: "Yes.", Outcome: foi.Granted}}
		c := foi.ImportedCase{Request: r, Event: &foi.Event{Type: "imported", Actor: "disclose import"}}
		c.Publication = &foi.Publication{Reference: r.Reference, Regime: r.Regime, Title: "Entry",
			Category: "Highways", PublishedOn: day("2019-04-01"), ReceivedOn: r.ReceivedOn, RespondedOn: r.RespondedOn,
			Request: "Please tell me:\n1. " + text + "\n2. How many gritters are there?", Outcome: r.Outcome}
		if parts {
			c.Publication.Parts = []foi.PublishedPart{{Number: 1, Text: text, Answer: "Yes.", Outcome: foi.Granted}}
		} else {
			c.Publication.Response = "Yes. And forty."
		}
		if !public {
			c.Publication.UnpublishedAt = day("2019-04-02")
		}
		return c
	}
	q := "How many tonnes of salt did the council hold on 1 November?"
	cases := []foi.ImportedCase{mk(7101, q, true, true), mk(7102, q, false, true), mk(7103, q, true, false)}
	update(t, s, func(tx foi.Tx) error { return tx.CreateImported(ctx, cases) })
	want := []int64{cases[0].Request.ID, cases[2].Request.ID}
	if got := publishedFor(t, s, q); !slices.Equal(got, want) {
		t.Errorf("imported, the question finds %v, want the public entries %v", got, want)
	}
	entries, err := s.PublishedQuestions(ctx, []int64{cases[2].Request.ID})
	if err != nil || len(entries) != 1 || len(entries[0].Questions) != 2 || entries[0].Questions[1].Text != "How many gritters are there?" {
		t.Errorf("the entry with one response text reads as %+v, %v: want its request's two questions", entries, err)
	}
}

// testPublishedQuestionsCatchUp: the catch-up looks at every entry once,
// keeps what publishing keyed, and refuses a batch of nothing.
func testPublishedQuestionsCatchUp(t *testing.T, s foi.Store) {
	var ids []int64
	for _, text := range []string{"Gritting routes", "Salt stocks", "Gritter fleet"} {
		r, p := publishable(t, s, text, "Yes.")
		save(t, s, p)
		ids = append(ids, r.ID)
	}
	r, p := publishable(t, s, "Unpublished later", "Yes.")
	save(t, s, p)
	update(t, s, func(tx foi.Tx) error { return tx.UnpublishPublication(ctx, r.ID) })
	total := 0
	for {
		var n int
		update(t, s, func(tx foi.Tx) (err error) { n, err = tx.IndexPublishedQuestionBatch(ctx, 2); return err })
		if n == 0 {
			break
		}
		total += n
	}
	if total != 4 {
		t.Errorf("catching up looked at %d entries, want 4", total)
	}
	// Every entry's question begins "Question 1 of:", so each finds all
	// the public entries, and only those.
	if got := publishedFor(t, s, "Question 1 of: Unpublished later"); !slices.Equal(got, ids) {
		t.Errorf("after catching up, the question finds %v, want the public entries %v", got, ids)
	}
	var n int
	update(t, s, func(tx foi.Tx) (err error) { n, err = tx.IndexPublishedQuestionBatch(ctx, 100); return err })
	if n != 0 {
		t.Errorf("catching up again looked at %d entries, want none", n)
	}
	if err := s.Update(ctx, func(tx foi.Tx) error { _, err := tx.IndexPublishedQuestionBatch(ctx, 0); return err }); foi.ErrorCode(err) != foi.EINVALID {
		t.Errorf("a batch of 0 = %v, want EINVALID", err)
	}
}

// testPublishedQuestionCombinations: the entry having rare keys of both
// questions comes first; a key with more postings than the bound is left
// out; an unpublished entry is never found; the budget bounds the read.
func testPublishedQuestionCombinations(t *testing.T, s foi.Store) {
	q := func(place string) string {
		return "Which premises in " + place + " hold late-night licences for skittles?"
	}
	entryOf := func(questions ...string) int64 {
		r, p := publishable(t, s, "Skittles licences", make([]string, len(questions))...)
		for i, text := range questions {
			p.Parts[i].Text, p.Parts[i].Answer = text, "Two."
		}
		save(t, s, p)
		return r.ID
	}
	both := entryOf(q("Zorbleton"), q("Quixhampton"))
	one := entryOf(q("Zorbleton"), q("Wendlebury"))
	two := entryOf(q("Zorbleton"), q("Frumpton"))
	hidden := entryOf(q("Quixhampton"), q("Zorbleton"))
	update(t, s, func(tx foi.Tx) error { return tx.UnpublishPublication(ctx, hidden) })
	// The keys of the places (those the two questions share say nothing
	// about which is asked; askedbefore.Suggest leaves them out).
	a, b := askedbefore.Keys(q("Zorbleton")), askedbefore.Keys(q("Quixhampton"))
	groups := [][]int64{
		slices.DeleteFunc(slices.Clone(a), func(k int64) bool { return slices.Contains(b, k) }),
		slices.DeleteFunc(slices.Clone(b), func(k int64) bool { return slices.Contains(a, k) }),
	}
	hits, err := s.PublishedQuestionCombinations(ctx, groups, 100, 1000, 10)
	if err != nil {
		t.Fatal(err)
	}
	cover := map[int64]int{}
	for _, h := range hits {
		cover[h.RequestID] = h.Cover
	}
	if len(hits) == 0 || hits[0].RequestID != both || hits[0].Cover != 2 || cover[one] != 1 || cover[two] != 1 {
		t.Errorf("combinations = %+v, want %d covering both first, then %d and %d covering one", hits, both, one, two)
	}
	if _, ok := cover[hidden]; ok {
		t.Errorf("combinations found the unpublished entry %d: %+v", hidden, hits)
	}
	// Bounded at one posting a key: only the keys the one entry asking
	// about Quixhampton has are read (Zorbleton's have three).
	if hits, err = s.PublishedQuestionCombinations(ctx, groups, 1, 1000, 10); err != nil || len(hits) != 1 || hits[0].RequestID != both || hits[0].Cover != 1 {
		t.Errorf("with one posting a key, combinations = %+v, %v; want %d alone, covering one", hits, err, both)
	}
	if hits, err = s.PublishedQuestionCombinations(ctx, groups, 100, 0, 10); err != nil || len(hits) != 0 {
		t.Errorf("with no budget, combinations = %+v, %v; want none", hits, err)
	}
}
