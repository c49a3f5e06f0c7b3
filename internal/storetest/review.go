// SPDX-License-Identifier: AGPL-3.0-or-later

package storetest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"disclose/internal/foi"
)

func testReviews(t *testing.T, s foi.Store) {
	r := create(t, s, newRequest(foi.FOIA, "2025-11-03"))
	want := &foi.Review{
		RequestID: r.ID, RequestedOn: day("2026-01-09"), Late: true, Grounds: "You withheld the contract prices.",
		DueOn: day("2026-02-06"), ReviewerID: 3,
	}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateReview(ctx, want) }); err != nil {
		t.Fatalf("CreateReview: %v", err)
	}
	if want.ID == 0 || want.CreatedAt.IsZero() {
		t.Fatalf("CreateReview did not set ID and CreatedAt")
	}
	got, err := s.FindReviews(ctx, r.ID)
	if err != nil || len(got) != 1 {
		t.Fatalf("FindReviews = %v, %v; want one review", got, err)
	}
	if diff := cmp.Diff(want, got[0], sameInstant, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("review read back (-stored +read):\n%s", diff)
	}
	// Completing it keeps the per-part decisions, before and after.
	want.Outcome = foi.ReviewPartlyUpheld
	want.Extended = true
	want.DueOn = day("2026-03-06")
	want.Note = "The prices are no longer commercially sensitive."
	want.CompletedOn, want.CompletedBy = day("2026-02-20"), 3
	want.Decisions = []foi.PartDecision{
		{Number: 1, Outcome: foi.ReviewUpheld, Before: foi.Part{Number: 1, Text: "How many?", Answer: "12", Outcome: foi.Granted},
			After: foi.Part{Number: 1, Text: "How many?", Answer: "12", Outcome: foi.Granted}},
		{Number: 2, Outcome: foi.ReviewOverturned,
			Before: foi.Part{Number: 2, Text: "How much?", Outcome: foi.Withheld, Exemptions: []string{"s43(2)"}, PublicInterest: "..."},
			After:  foi.Part{Number: 2, Text: "How much?", Answer: "£3,000", Outcome: foi.Granted}},
	}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.UpdateReview(ctx, want) }); err != nil {
		t.Fatalf("UpdateReview: %v", err)
	}
	got, _ = s.FindReviews(ctx, r.ID)
	if diff := cmp.Diff(want, got[0], sameInstant, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("completed review read back (-stored +read):\n%s", diff)
	}
	if got[0].Open() {
		t.Errorf("a completed review reads as open")
	}
	other := create(t, s, newRequest(foi.FOIA, "2025-11-03"))
	if rs, err := s.FindReviews(ctx, other.ID); err != nil || len(rs) != 0 {
		t.Errorf("another request's reviews = %v, %v; want none", rs, err)
	}
	orphan := &foi.Review{RequestID: 999999, RequestedOn: day("2026-01-09"), DueOn: day("2026-02-06")}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateReview(ctx, orphan) }); !foi.IsNotFound(err) {
		t.Errorf("a review of no request gave %v, want not found", err)
	}
	missing := &foi.Review{ID: 999999, RequestedOn: day("2026-01-09"), DueOn: day("2026-02-06")}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.UpdateReview(ctx, missing) }); !foi.IsNotFound(err) {
		t.Errorf("updating no review gave %v, want not found", err)
	}
}

func testRegulatorCases(t *testing.T, s foi.Store) {
	r := create(t, s, newRequest(foi.FOIA, "2025-11-03"))
	want := &foi.RegulatorCase{RequestID: r.ID, Regulator: "ICO", CaseReference: "IC-123456-A1B2", ComplaintOn: day("2026-03-02")}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateRegulatorCase(ctx, want) }); err != nil {
		t.Fatalf("CreateRegulatorCase: %v", err)
	}
	want.DecisionOn, want.DecisionOutcome = day("2026-06-01"), "complaint upheld"
	want.ComplianceDueOn, want.AppealDueOn = day("2026-07-06"), day("2026-06-29")
	want.AppealedOn, want.AppealOutcome, want.ClosedOn = day("2026-06-20"), "appeal dismissed", day("2026-10-01")
	want.Note = "Disclose the pricing schedule."
	want.DecisionNumber, want.Steps = "IC-123456-A1B2", "Disclose part 2 within 35 days."
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.UpdateRegulatorCase(ctx, want) }); err != nil {
		t.Fatalf("UpdateRegulatorCase: %v", err)
	}
	got, err := s.FindRegulatorCases(ctx, r.ID)
	if err != nil || len(got) != 1 {
		t.Fatalf("FindRegulatorCases = %v, %v", got, err)
	}
	if diff := cmp.Diff(want, got[0], sameInstant, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("regulator case read back (-stored +read):\n%s", diff)
	}
}
