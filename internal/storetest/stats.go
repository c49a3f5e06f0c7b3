package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"disclose/internal/foi"
)

func testSummariseRequests(t *testing.T, s foi.Store) {
	// Three requests received in January 2026, one before and one after.
	mk := func(received string, status foi.Status, outcome foi.Outcome, responded string) *foi.Request {
		r := newRequest(foi.FOIA, received)
		r.Status, r.Outcome = status, outcome
		if responded != "" {
			r.RespondedOn = day(responded)
		}
		return r
	}
	create(t, s, mk("2025-12-31", foi.StatusOpen, "", "")) // before the period
	a := mk("2026-01-05", foi.StatusResponded, foi.PartiallyWithheld, "2026-02-20")
	a.Parts[0].Outcome, a.Parts[0].Exemptions = foi.Withheld, []string{"s43(2)", "s40(2)"}
	a.Parts[1].Exemptions = []string{"s40(2)"}
	create(t, s, a)
	b := create(t, s, mk("2026-01-10", foi.StatusInReview, foi.Granted, "2026-01-30"))
	c := create(t, s, mk("2026-01-31", foi.StatusOpen, "", ""))
	create(t, s, mk("2026-02-01", foi.StatusOpen, "", ""))

	err := s.Update(ctx, func(tx foi.Tx) error {
		if err := tx.AddEvent(ctx, &foi.Event{RequestID: a.ID, Type: foi.EventExtended, On: day("2026-01-20")}); err != nil {
			return err
		}
		done := &foi.Review{RequestID: b.ID, RequestedOn: day("2026-02-02"), DueOn: day("2026-03-02"),
			Outcome: foi.ReviewUpheld, CompletedOn: day("2026-02-20")}
		open := &foi.Review{RequestID: b.ID, RequestedOn: day("2026-03-02"), DueOn: day("2026-03-30")}
		for _, rv := range []*foi.Review{done, open} {
			if err := tx.CreateReview(ctx, rv); err != nil {
				return err
			}
		}
		if err := tx.CreateRegulatorCase(ctx, &foi.RegulatorCase{RequestID: b.ID, Regulator: "ICO", ComplaintOn: day("2026-04-01")}); err != nil {
			return err
		}
		return tx.SavePublication(ctx, &foi.Publication{RequestID: b.ID, Reference: b.Reference, Regime: b.Regime,
			Title: "Libraries", Category: "Culture and leisure", PublishedOn: day("2026-02-01"),
			ReceivedOn: b.ReceivedOn, RespondedOn: b.RespondedOn, Request: "How many?", Response: "Ten.", Outcome: foi.Granted})
	})
	if err != nil {
		t.Fatal(err)
	}

	var got []*foi.CaseSummary
	if err := s.SummariseRequests(ctx, day("2026-01-01"), day("2026-01-31"), func(c *foi.CaseSummary) error {
		got = append(got, c)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	due := func(r *foi.Request) time.Time { return r.DueOn }
	want := []*foi.CaseSummary{
		{Reference: a.Reference, Regime: foi.FOIA, ReceivedOn: day("2026-01-05"), DueOn: due(a), RespondedOn: day("2026-02-20"),
			Status: foi.StatusResponded, Outcome: foi.PartiallyWithheld, Extended: true, Exemptions: []string{"s40(2)", "s43(2)"}},
		{Reference: b.Reference, Regime: foi.FOIA, ReceivedOn: day("2026-01-10"), DueOn: due(b), RespondedOn: day("2026-01-30"),
			Status: foi.StatusInReview, Outcome: foi.Granted, Category: "Culture and leisure",
			Reviews: []foi.ReviewOutcome{foi.ReviewUpheld}, ReviewsOpen: 1, Complaints: 1},
		{Reference: c.Reference, Regime: foi.FOIA, ReceivedOn: day("2026-01-31"), DueOn: due(c), Status: foi.StatusOpen},
	}
	sortExemptions := cmpopts.SortSlices(func(x, y string) bool { return x < y })
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty(), sortExemptions); diff != "" {
		t.Errorf("summaries of January 2026 (-want +got):\n%s", diff)
	}
	stop := errStop{}
	n := 0
	err = s.SummariseRequests(ctx, day("2025-01-01"), day("2026-12-31"), func(*foi.CaseSummary) error {
		n++
		if n == 2 {
			return stop
		}
		return nil
	})
	if err != stop || n != 2 {
		t.Errorf("a callback error did not stop the walk: %v after %d", err, n)
	}
}

type errStop struct{}

func (errStop) Error() string { return "stop" }
