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
}

const socialValue = "Does the council give consideration to social value when commissioning children's placements?"

func candidatesFor(t *testing.T, s foi.Store, text string, exclude int64) []foi.QuestionCandidate {
	t.Helper()
	got, err := s.QuestionCandidates(ctx, askedbefore.Keys(text), exclude, 50, 20)
	if err != nil {
		t.Fatalf("QuestionCandidates: %v", err)
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
