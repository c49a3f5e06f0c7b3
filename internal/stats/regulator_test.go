// SPDX-License-Identifier: AGPL-3.0-or-later

package stats

import (
	"context"
	"testing"

	"disclose/internal/foi"
)

// TestBandEdges: the ICO's bands at their edges, compared in whole numbers.
func TestBandEdges(t *testing.T) {
	for _, tc := range []struct {
		in, of int
		want   Band
	}{
		{19, 20, BandGood},              // exactly 95.0%
		{1000, 1000, BandGood},          // 100%
		{1899, 2000, BandAdequate},      // 94.95%
		{9, 10, BandAdequate},           // exactly 90.0%
		{899, 1000, BandUnsatisfactory}, // 89.9%
		{0, 3, BandUnsatisfactory},
		{0, 0, BandNone}, // no requests: no band, never Good
	} {
		if got := (Rate{InTime: tc.in, Of: tc.of}).Band(); got != tc.want {
			t.Errorf("%d of %d = %s, want %s", tc.in, tc.of, got, tc.want)
		}
	}
	if got := (Rate{}).Band().Title(); got != "No requests" {
		t.Errorf("no requests is titled %q", got)
	}
}

func TestQuarters(t *testing.T) {
	for asOf, want := range map[string]string{
		"2026-12-07": "July to September 2026", "2026-10-01": "July to September 2026",
		"2026-09-30": "April to June 2026", "2026-01-15": "October to December 2025",
	} {
		if got := LatestCompleteQuarter(d(asOf)).Label(); got != want {
			t.Errorf("latest complete quarter on %s = %s, want %s", asOf, got, want)
		}
	}
	qs := LastQuarters(d("2026-12-07"), 3)
	if len(qs) != 3 || qs[0].Label() != "January to March 2026" || qs[2].To != d("2026-09-30") {
		t.Errorf("last three quarters = %v", qs)
	}
}

// TestBandsByRegimeAndMonth: the quarter and each month, per regime, from
// hand-counted rows. Requests still open past their deadline count as not
// in time; reviews likewise.
func TestBandsByRegimeAndMonth(t *testing.T) {
	rows := &counts{
		Requests: []foi.RequestCount{
			// FOIA, July 2026: 19 in time (one with an extension), 1 late: 95% Good.
			{StatsKey: key("2026-07", foi.FOIA, ""), Status: foi.StatusResponded, Timeliness: foi.InTime, N: 18},
			{StatsKey: key("2026-07", foi.FOIA, ""), Status: foi.StatusResponded, Timeliness: foi.InTimeExtended, N: 1},
			{StatsKey: key("2026-07", foi.FOIA, ""), Status: foi.StatusResponded, Timeliness: foi.Late, N: 1},
			// FOIA, August: 9 in time and 1 open past its deadline: 90% Adequate.
			{StatsKey: key("2026-08", foi.FOIA, ""), Status: foi.StatusClosed, Timeliness: foi.InTime, N: 9},
			{StatsKey: key("2026-08", foi.FOIA, ""), Status: foi.StatusOpen, Overdue: true, N: 1},
			// An open request not yet due counts in neither.
			{StatsKey: key("2026-08", foi.FOIA, ""), Status: foi.StatusAwaitingClarification, N: 4},
			// EIR, September: 1 in time, 1 late: 50%.
			{StatsKey: key("2026-09", foi.EIR, ""), Status: foi.StatusResponded, Timeliness: foi.InTime, N: 1},
			{StatsKey: key("2026-09", foi.EIR, ""), Status: foi.StatusResponded, Timeliness: foi.Late, N: 1},
			// October is outside the quarter.
			{StatsKey: key("2026-10", foi.FOIA, ""), Status: foi.StatusResponded, Timeliness: foi.Late, N: 5},
		},
		Reviews: []foi.ReviewCount{
			{StatsKey: key("2026-07", foi.FOIA, ""), Outcome: foi.ReviewUpheld, Timeliness: foi.InTime, N: 2},
			{StatsKey: key("2026-08", foi.FOIA, ""), Open: true, Overdue: true, N: 1},
			{StatsKey: key("2026-08", foi.FOIA, ""), Open: true, N: 1}, // open, not yet due
		},
	}
	r, err := Build(context.Background(), rows, d("2026-07-01"), d("2026-12-07"), d("2026-12-07"))
	if err != nil {
		t.Fatal(err)
	}
	regimes := r.RegimesOf(foi.FOIA)
	if len(regimes) != 2 || regimes[0] != foi.FOIA || regimes[1] != foi.EIR {
		t.Fatalf("regimes = %v", regimes)
	}
	b := r.Bands(d("2026-12-07"), regimes)
	if b.Quarter.Period.Label() != "July to September 2026" {
		t.Fatalf("quarter = %s", b.Quarter.Period.Label())
	}
	foia, eir := b.Quarter.Rows[0], b.Quarter.Rows[1]
	if foia.Requests != (Rate{28, 30}) || foia.Requests.Band() != BandAdequate {
		t.Errorf("FOIA quarter = %v %s, want 28 of 30 (93.3%%) Adequate", foia.Requests, foia.Requests.Band())
	}
	if foia.Reviews != (Rate{2, 3}) || eir.Requests != (Rate{1, 2}) || eir.Reviews.Band() != BandNone {
		t.Errorf("FOIA reviews %v, EIR requests %v, EIR reviews %s", foia.Reviews, eir.Requests, eir.Reviews.Band())
	}
	if len(b.Months) != 6 || b.Months[0].Period.Label() != "December 2026" || b.Months[5].Period.Label() != "July 2026" {
		t.Fatalf("months = %+v", b.Months)
	}
	jul, aug := b.Months[5].Rows[0].Requests, b.Months[4].Rows[0].Requests
	if jul.Band() != BandGood || aug.Band() != BandAdequate || b.Months[0].Rows[0].Requests.Band() != BandNone {
		t.Errorf("July %v %s, August %v %s, December %s", jul, jul.Band(), aug, aug.Band(), b.Months[0].Rows[0].Requests.Band())
	}
	if r.Total.ClockStopped != 4 || r.Total.Extended != 1 || r.Total.ReviewsOverdue != 1 || r.Total.ReviewsInTime != 2 {
		t.Errorf("clock stopped %d, extended %d, reviews overdue %d, in time %d", r.Total.ClockStopped, r.Total.Extended,
			r.Total.ReviewsOverdue, r.Total.ReviewsInTime)
	}
	if got := r.RegimesOf(foi.FOISA); len(got) != 4 {
		t.Errorf("a Scottish authority with FOIA and EIR requests reports under %v, want all four", got)
	}
	if got := (&Report{}).RegimesOf(foi.FOISA); len(got) != 2 || got[0] != foi.FOISA || got[1] != foi.EISR {
		t.Errorf("a Scottish authority with no requests gets %v", got)
	}
}

func TestCalendarAge(t *testing.T) {
	for _, tc := range []struct{ from, to, want string }{
		{"2026-11-20", "2026-11-25", "5 days"}, {"2026-10-25", "2026-11-25", "1 month"}, {"2026-10-26", "2026-11-25", "30 days"},
		{"2025-11-25", "2026-11-25", "1 year"}, {"2024-08-03", "2026-11-25", "2 years 3 months"},
	} {
		if got := CalendarAge(d(tc.from), d(tc.to)); got != tc.want {
			t.Errorf("age of %s on %s = %q, want %q", tc.from, tc.to, got, tc.want)
		}
	}
}

func TestQuartersIn(t *testing.T) {
	qs := QuartersIn(d("2026-02-10"), d("2026-07-01"))
	if len(qs) != 3 || qs[0].From != d("2026-01-01") || qs[2].To != d("2026-09-30") {
		t.Errorf("quarters = %v", qs)
	}
}
