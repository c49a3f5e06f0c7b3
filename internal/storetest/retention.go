package storetest

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"disclose/internal/foi"
)

func testRetentionCandidates(t *testing.T, s foi.Store) {
	mk := func(status foi.Status, events ...*foi.Event) *foi.Request {
		r := newRequest(foi.FOIA, "2022-01-10")
		r.Status = status
		create(t, s, r)
		if err := s.Update(ctx, func(tx foi.Tx) error {
			for _, e := range events {
				e.RequestID = r.ID
				if err := tx.AddEvent(ctx, e); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return r
	}
	ev := func(typ, on string) *foi.Event {
		e := &foi.Event{Type: typ}
		if on != "" {
			e.On = day(on)
		}
		return e
	}
	mk(foi.StatusOpen, ev(foi.EventCreated, "2022-01-10")) // still open: never a candidate
	answered := mk(foi.StatusResponded, ev(foi.EventCreated, "2022-01-10"), ev(foi.EventResponded, "2022-02-04"), ev(foi.EventViewed, ""))
	reviewed := mk(foi.StatusClosed, ev(foi.EventCreated, "2022-01-10"), ev(foi.EventResponded, "2022-02-01"),
		ev(foi.EventReviewCompleted, "2022-04-01"))
	if err := s.Update(ctx, func(tx foi.Tx) error {
		return tx.CreateReview(ctx, &foi.Review{RequestID: reviewed.ID, RequestedOn: day("2022-02-10"), DueOn: day("2022-03-10")})
	}); err != nil {
		t.Fatal(err)
	}
	mk(foi.StatusWithdrawn, ev(foi.EventCreated, "2022-01-10"), ev(foi.EventWithdrawn, "2022-01-20"), ev(foi.EventAnonymised, "2025-01-20"))

	got, err := s.FindRetentionCandidates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []foi.RetentionCandidate{
		{RequestID: answered.ID, Reference: answered.Reference, Status: foi.StatusResponded, LastActivity: day("2022-02-04")},
		{RequestID: reviewed.ID, Reference: reviewed.Reference, Status: foi.StatusClosed, LastActivity: day("2022-04-01"), Escalated: true},
	}
	if diff := cmp.Diff(want, got, sameInstant); diff != "" {
		t.Errorf("retention candidates (-want +got):\n%s", diff)
	}
}
