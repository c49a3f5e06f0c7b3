// SPDX-License-Identifier: AGPL-3.0-or-later

package storetest

import (
	"fmt"
	"testing"

	"disclose/internal/askedbefore"
	"disclose/internal/foi"
)

var questionTests = []struct {
	name string
	fn   func(*testing.T, foi.Store)
}{
	{"QuestionIndexKeptByCreateAndUpdate", testQuestionIndexKept},
	{"QuestionIndexCatchesUpOnImports", testQuestionIndexImports},
	{"RoundRobinLinks", testRoundRobinLinks},
	{"CopiedAnswerKept", testCopiedAnswerKept},
}

// testCopiedAnswerKept: where a draft answer was copied from is stored
// with the part and cleared with it.
func testCopiedAnswerKept(t *testing.T, s foi.Store) {
	r := newRequest(foi.FOIA, "2026-03-02")
	r.Parts[0].Answer, r.Parts[0].CopiedFrom = "Yes.", "FOI 12748 part 1, published 5 January 2026"
	create(t, s, r)
	got, err := s.FindRequest(ctx, r.Reference)
	if err != nil || got.Parts[0].CopiedFrom != r.Parts[0].CopiedFrom || got.Parts[1].CopiedFrom != "" {
		t.Fatalf("read back %+v, %v", got, err)
	}
	got.Parts[0].CopiedFrom = ""
	update(t, s, func(tx foi.Tx) error { return tx.UpdateRequest(ctx, got) })
	if again, err := s.FindRequest(ctx, r.Reference); err != nil || again.Parts[0].CopiedFrom != "" {
		t.Errorf("after clearing, read back %+v, %v", again, err)
	}
}

// testRoundRobinLinks: linked pairs make one group, found from any of its
// cases; a pair linked twice or in either order is one link.
func testRoundRobinLinks(t *testing.T, s foi.Store) {
	a := create(t, s, newRequest(foi.FOIA, "2025-11-24"))
	b := create(t, s, newRequest(foi.FOIA, "2026-01-12"))
	c := create(t, s, newRequest(foi.FOIA, "2026-02-02"))
	alone := create(t, s, newRequest(foi.FOIA, "2026-02-03"))
	update(t, s, func(tx foi.Tx) error { return tx.LinkRoundRobin(ctx, b.ID, a.ID) })
	update(t, s, func(tx foi.Tx) error { return tx.LinkRoundRobin(ctx, a.ID, b.ID) })
	update(t, s, func(tx foi.Tx) error { return tx.LinkRoundRobin(ctx, c.ID, b.ID) })
	refs := func(r *foi.Request) []int {
		got, err := s.FindRoundRobin(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		var out []int
		for _, x := range got {
			out = append(out, x.Reference.Number)
		}
		return out
	}
	if got, want := refs(a), []int{b.Reference.Number, c.Reference.Number}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("round robin of the first case = %v, want %v", got, want)
	}
	if got, want := refs(c), []int{a.Reference.Number, b.Reference.Number}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("round robin of the last case = %v, want %v", got, want)
	}
	if got := refs(alone); len(got) != 0 {
		t.Errorf("an unlinked case has round robin %v", got)
	}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.LinkRoundRobin(ctx, a.ID, a.ID) }); foi.ErrorCode(err) != foi.EINVALID {
		t.Errorf("linking a case to itself = %v, want EINVALID", err)
	}
	// The statistics count the period's linked cases: b and c in 2026 (a is
	// from 2025; alone has no link).
	if n, err := s.CountRoundRobinCases(ctx, day("2026-01-01"), day("2026-12-31")); err != nil || n != 2 {
		t.Errorf("round-robin cases received in 2026 = %d, %v; want 2", n, err)
	}
	if n, err := s.CountRoundRobinCases(ctx, day("2025-11-24"), day("2026-02-03")); err != nil || n != 3 {
		t.Errorf("round-robin cases from the first day to the last = %d, %v; want 3", n, err)
	}
}

const socialValue = "Does the council give consideration to social value when commissioning children's placements?"

func candidatesFor(t *testing.T, s foi.Store, text string, exclude int64) []foi.QuestionCandidate {
	t.Helper()
	got, err := s.QuestionCandidates(ctx, askedbefore.Keys(text), exclude, 50, 20)
	if err != nil {
		t.Fatalf("QuestionCandidates: %v", err)
	}
	for _, c := range got {
		if c.Reference.Number != 0 || c.Answer != "" {
			t.Fatalf("a candidate before completing has its case: %+v", c)
		}
	}
	if err := s.CompleteQuestionCandidates(ctx, got); err != nil {
		t.Fatalf("CompleteQuestionCandidates: %v", err)
	}
	return got
}

// testQuestionIndexKept: a stored part is found by its question's keys with
// its case and publication, a changed part under its new text only, and the
// request asking is never its own candidate.
func testQuestionIndexKept(t *testing.T, s foi.Store) {
	r, p := publishable(t, s, "social value", "Yes, in every commissioning exercise.")
	r.Parts[0].Text = socialValue
	update(t, s, func(tx foi.Tx) error { return tx.UpdateRequest(ctx, r) })
	save(t, s, p)
	other := create(t, s, newRequest(foi.FOIA, "2023-07-03"))

	got := candidatesFor(t, s, "Does the authority consider social value when it commissions placements for children?", other.ID)
	if len(got) != 1 {
		t.Fatalf("candidates = %+v, want the one part about social value", got)
	}
	c := got[0]
	if c.RequestID != r.ID || c.Number != 1 || c.Text != socialValue || c.Answer != "Yes, in every commissioning exercise." ||
		c.Reference != r.Reference || c.Status != foi.StatusResponded || c.RequesterEmail != "zebedee.private@example.net" ||
		c.ReceivedOn != r.ReceivedOn || c.RespondedOn != r.RespondedOn || !c.PublishedOn.Equal(p.PublishedOn) || c.Shared < 1 {
		t.Errorf("candidate = %+v", c)
	}
	if got := candidatesFor(t, s, socialValue, r.ID); len(got) != 0 {
		t.Errorf("excluding the request itself still finds %+v", got)
	}
	// Changed, the part is found under its new words only.
	r.Parts[0].Text = "How many gritters does the council own?"
	update(t, s, func(tx foi.Tx) error { return tx.UpdateRequest(ctx, r) })
	if got := candidatesFor(t, s, socialValue, other.ID); len(got) != 0 {
		t.Errorf("after the part changed, its old question still finds %+v", got)
	}
	if got := candidatesFor(t, s, "How many gritters does the council own?", other.ID); len(got) != 1 || got[0].RequestID != r.ID {
		t.Errorf("after the part changed, its new question finds %+v", got)
	}
}

// testQuestionIndexImports: cases stored in bulk are found once the index
// catches up, and catching up again does nothing.
func testQuestionIndexImports(t *testing.T, s foi.Store) {
	var cases []foi.ImportedCase
	for i := range 3 {
		r := newRequest(foi.FOIA, "2019-03-04")
		r.Reference = foi.Reference{Prefix: "FOI", Number: 8001 + i}
		r.Requester = foi.Requester{Name: foi.ImportedRequesterName}
		r.Parts = []foi.Part{{Number: 1, Text: fmt.Sprintf("How many potholes were reported on road number %d?", i)}}
		cases = append(cases, foi.ImportedCase{Request: r, Event: &foi.Event{Type: "imported", Actor: "disclose import"}})
	}
	update(t, s, func(tx foi.Tx) error { return tx.CreateImported(ctx, cases) })
	q := "How many potholes were reported on road number 1?"
	total := 0
	for {
		var n int
		update(t, s, func(tx foi.Tx) (err error) { n, err = tx.IndexQuestionBatch(ctx, 2); return err })
		if n == 0 {
			break
		}
		total += n
	}
	if total < 3 {
		t.Errorf("catching up indexed %d requests, want the 3 imported", total)
	}
	got := candidatesFor(t, s, q, 0)
	if len(got) != 3 || got[0].Reference.Number != 8002 {
		t.Errorf("candidates after catching up = %+v, want all three, road 1 (most keys shared) first", got)
	}
	var n int
	update(t, s, func(tx foi.Tx) (err error) { n, err = tx.IndexQuestionBatch(ctx, 100); return err })
	if n != 0 {
		t.Errorf("catching up again indexed %d requests, want none", n)
	}
	if err := s.Update(ctx, func(tx foi.Tx) error { _, err := tx.IndexQuestionBatch(ctx, 0); return err }); foi.ErrorCode(err) != foi.EINVALID {
		t.Errorf("a batch of 0 = %v, want EINVALID", err)
	}
}
