// SPDX-License-Identifier: AGPL-3.0-or-later

package askedbefore

import (
	"context"
	"testing"
	"time"

	"disclose/internal/clock"
	"disclose/internal/foi"
)

func TestSimilarity(t *testing.T) {
	base := "Does the council give consideration to social value when commissioning children's placements?"
	for _, tc := range []struct {
		other string
		same  bool
	}{
		{base, true},
		{"Does the Authority give consideration to Social Value when commissioning placements for children?", true},
		{"does the council give consideration to social value when commissioning childrens placements", true},
		{"What is the average weekly cost of a residential children's home placement?", false},
		{"How many children looked after were placed with independent fostering agencies?", false},
	} {
		got := Similarity(FeaturesOf(base), FeaturesOf(tc.other))
		if (got >= Threshold) != tc.same {
			t.Errorf("Similarity(%q) = %.2f; want same question: %v", tc.other, got, tc.same)
		}
	}
	if got := Similarity(FeaturesOf("please?"), FeaturesOf(base)); got != 0 {
		t.Errorf("a question with no comparable words scores %.2f, want 0", got)
	}
}

func TestKeys(t *testing.T) {
	k := Keys("How many potholes were reported on London Road in 2024, and how many were repaired?")
	if len(k) != KeysPerPart {
		t.Fatalf("%d keys, want %d", len(k), KeysPerPart)
	}
	for i := 1; i < len(k); i++ {
		if k[i] <= k[i-1] || k[i] < 0 {
			t.Fatalf("keys not positive and ascending: %v", k)
		}
	}
	if len(Keys("Please?")) != 0 {
		t.Error("a question with no comparable words has keys")
	}
}

// fakeIndex serves fixed candidates, as a store's index would.
type fakeIndex []foi.QuestionCandidate

func (f fakeIndex) QuestionCandidatesByPart(_ context.Context, keys [][]int64, exclude int64, _, _ int) ([][]foi.QuestionCandidate, error) {
	out := make([][]foi.QuestionCandidate, len(keys))
	for i := range keys {
		for _, c := range f {
			if c.RequestID != exclude {
				out[i] = append(out[i], c)
			}
		}
	}
	return out, nil
}

func (fakeIndex) CompleteQuestionCandidates(context.Context, []foi.QuestionCandidate) error {
	return nil
}

func date(s string) time.Time { d, _ := foi.ParseDate(s); return d }

// TestCheckKinds: another requester's asking is a round robin; the same
// requester's within 60 working days may be aggregated (s.12), and an
// answered one is a repeat (s.14(2) facts); a different question is no match.
func TestCheckKinds(t *testing.T) {
	q := "Does the council give consideration to social value when commissioning children's placements?"
	req := &foi.Request{ID: 9, Regime: foi.FOIA, ReceivedOn: date("2026-03-02"),
		Requester: foi.Requester{Name: "Amara Okafor", Email: "request-1234-abcd1234@whatdotheyknow.com"},
		Parts:     []foi.Part{{Number: 1, Text: q}, {Number: 2, Text: "How many gritters does the council own?"}}}
	idx := fakeIndex{
		{RequestID: 1, Number: 3, Text: q, Reference: foi.Reference{Prefix: "FOI", Number: 12748}, RequesterName: "Someone Else",
			RequesterEmail: "else@example.org", ReceivedOn: date("2025-11-24"), RespondedOn: date("2025-12-19"), PublishedOn: date("2026-01-05")},
		{RequestID: 2, Number: 1, Text: q, RequesterName: "amara  OKAFOR", RequesterEmail: "request-999-ffff0000@whatdotheyknow.com",
			ReceivedOn: date("2026-01-12"), RespondedOn: date("2026-02-06")},
		{RequestID: 3, Number: 1, Text: q, RequesterName: "Amara Okafor", ReceivedOn: date("2025-01-06"), RespondedOn: date("2025-02-03")},
		{RequestID: 4, Number: 1, Text: "What is the average weekly cost of a residential children's home placement?", RequesterName: "X"},
	}
	res, err := Check(context.Background(), idx, clock.Embedded(), req, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Parts) != 2 || len(res.Parts[1].Matches) != 0 {
		t.Fatalf("parts = %+v, want matches for part 1 only", res.Parts)
	}
	kinds := map[int64][]Kind{}
	for _, m := range res.Parts[0].Matches {
		kinds[m.Earlier.RequestID] = m.Kinds
	}
	want := map[int64][]Kind{1: {RoundRobin}, 2: {Aggregate, Repeat}, 3: {Repeat}}
	if len(kinds) != len(want) {
		t.Fatalf("matches %v, want %v", kinds, want)
	}
	for id, w := range want {
		if len(kinds[id]) != len(w) || (len(w) > 0 && kinds[id][0] != w[0]) || (len(w) > 1 && kinds[id][1] != w[1]) {
			t.Errorf("request %d kinds %v, want %v", id, kinds[id], w)
		}
	}
	m := res.Parts[0].Matches[0]
	if m.Earlier.RequestID != 1 || !m.Published() {
		t.Errorf("best match %+v, want the published FOI 12748 first among equals", m)
	}
	for _, m := range res.Parts[0].Matches {
		if m.Earlier.RequestID == 2 && (m.WorkingDaysApart <= 0 || m.WorkingDaysApart >= AggregationWindow || !m.SameName || m.SameEmail) {
			t.Errorf("the WDTK repeat: %+v", m)
		}
	}
	if len(res.Earlier) != 3 {
		t.Errorf("earlier requests %+v, want 3", res.Earlier)
	}
}
