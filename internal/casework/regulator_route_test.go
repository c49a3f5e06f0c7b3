// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// TestComplaintAfterReview: the ICO asks for complaints within six weeks
// (FOIA s.50, EIR reg 18); the Scottish Information Commissioner allows
// six months (FOISA s.47(4)(b), EISR reg 17).
func TestComplaintAfterReview(t *testing.T) {
	for _, c := range []struct {
		regime          foi.Regime
		law, by, regulr string
	}{
		{foi.FOIA, "FOIA s.50", "2027-01-12", "Information Commissioner's Office"},
		{foi.EIR, "EIR reg 18 (applying FOIA s.50)", "2027-01-12", "Information Commissioner's Office"},
		{foi.FOISA, "FOISA s.47", "2027-06-01", "Scottish Information Commissioner"},
		{foi.EISR, "EISR reg 17 (applying FOISA s.47)", "2027-06-01", "Scottish Information Commissioner"},
	} {
		got := casework.ComplaintAfterReview(c.regime, date("2026-12-01"))
		if got.Law != c.law || foi.FormatDate(got.By) != c.by || got.Regulator != c.regulr {
			t.Errorf("%s: %+v, want %s by %s to the %s", c.regime, got, c.law, c.by, c.regulr)
		}
	}
}

// TestTrackedReviewPastItsDueDate: a review not decided by its due date
// sends the requester on to the regulator, counted from the due date.
func TestTrackedReviewPastItsDueDate(t *testing.T) {
	svc := newService(t)
	r := submit(t, svc, foi.FOISA, "2026-09-01", "How many bins?")
	if _, err := svc.AnswerPart(ctx, officer, r.Reference, 1, casework.Answer{Text: "12", Outcome: foi.Granted}); err != nil {
		t.Fatal(err)
	}
	for _, e := range []casework.ClockEvent{{Type: foi.EventResponded, On: date("2026-09-20")}, {Type: foi.EventReviewRequested, On: date("2026-10-01")}} {
		if _, err := svc.RecordEvent(ctx, officer, r.Reference, e); err != nil {
			t.Fatal(err)
		}
	}
	secret, err := svc.IssueTrackingLink(ctx, officer, r.Reference)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := svc.TrackRequest(ctx, secret)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Review == nil || tr.Complaint == nil || tr.CanReview {
		t.Fatalf("a review past its due date: review %+v, complaint %+v, can review %v", tr.Review, tr.Complaint, tr.CanReview)
	}
	if want := tr.Review.DueOn.AddDate(0, 6, 0); !tr.Complaint.By.Equal(want) || tr.Complaint.Law != "FOISA s.47" {
		t.Errorf("complain by %s under %s, want %s under FOISA s.47", foi.FormatDate(tr.Complaint.By), tr.Complaint.Law, foi.FormatDate(want))
	}
}
