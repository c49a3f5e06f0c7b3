// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlite

import (
	"fmt"
	"testing"
	"time"

	"disclose/internal/foi"
)

// BenchmarkCreateRequest measures one intake: a write transaction that
// allocates a reference and stores the request, its requester and two parts,
// committed with synchronous=FULL (so it includes the fsync).
func BenchmarkCreateRequest(b *testing.B) {
	s := openTest(b)
	b.ReportAllocs()
	for b.Loop() {
		r := testRequest("Benchmark request about parking income")
		r.Parts = append(r.Parts, foi.Part{Number: 2, Label: "2", Text: "And the year before?"})
		if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateRequest(ctx, r) }); err != nil {
			b.Fatal(err)
		}
	}
}

// benchRows is the size of the table BenchmarkFindRequests lists from: a
// busy council's several years of requests.
const benchRows = 10000

var benchWords = []string{"parking", "housing", "schools", "potholes", "planning", "waste", "libraries", "care"}

// seed stores n varied requests in one transaction.
func seed(b *testing.B, s *Store, n int) {
	b.Helper()
	open := []foi.Status{foi.StatusOpen, foi.StatusOpen, foi.StatusExtended, foi.StatusAwaitingClarification}
	done := []foi.Status{foi.StatusResponded, foi.StatusClosed, foi.StatusClosed, foi.StatusInReview}
	start := day("2020-01-06")
	err := s.Update(ctx, func(tx foi.Tx) error {
		for i := 0; i < n; i++ {
			recv := start.AddDate(0, 0, i/8)
			r := testRequest(fmt.Sprintf("Request %d about %s and %s spending", i,
				benchWords[i%len(benchWords)], benchWords[(i/3)%len(benchWords)]))
			r.ReceivedOn = recv
			r.ReceivedAt = recv.Add(9*time.Hour + time.Duration(i)*time.Second)
			r.DueOn = recv.AddDate(0, 0, 28)
			// As in a real log, only the last few weeks' requests are still
			// open; everything older has been answered.
			if age := n - 1 - i; age < 320 {
				r.Status = open[i%len(open)]
			} else {
				r.Status = done[i%len(done)]
			}
			r.AssigneeID = int64(i%12 + 1)
			if i%5 == 0 {
				r.Regime = foi.EIR
			}
			r.Parts = []foi.Part{
				{Number: 1, Label: "1", Text: "How many?", Answer: "12", Outcome: foi.Granted},
				{Number: 2, Label: "2", Text: "How much?", Exemptions: []string{"s43(2)"}},
				{Number: 3, Label: "3", Text: "Since when?"},
			}
			if err := tx.CreateRequest(ctx, r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkFindRequests lists one page (50 requests with their parts and
// requester, plus the total) from 10,000 stored requests.
func BenchmarkFindRequests(b *testing.B) {
	s := openTest(b)
	seed(b, s, benchRows)
	filters := []struct {
		name string
		f    foi.RequestFilter
	}{
		{"all by due", foi.RequestFilter{}},
		{"newest received", foi.RequestFilter{Order: foi.OrderReceived}},
		{"deep page", foi.RequestFilter{Offset: 5000}},
		{"open statuses", foi.RequestFilter{Statuses: []foi.Status{foi.StatusOpen, foi.StatusExtended,
			foi.StatusAwaitingClarification}}},
		{"assignee", foi.RequestFilter{AssigneeID: 3}},
		{"due by", foi.RequestFilter{DueBy: day("2021-01-01")}},
		{"text word", foi.RequestFilter{Text: "potholes"}},
		{"reference", foi.RequestFilter{Text: "FOI 4321"}},
	}
	for _, tt := range filters {
		b.Run(tt.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				list, total, err := s.FindRequests(ctx, tt.f)
				if err != nil {
					b.Fatal(err)
				}
				if total == 0 || len(list) == 0 || len(list[0].Parts) != 3 {
					b.Fatalf("got %d of %d requests, first with %d parts", len(list), total, len(list[0].Parts))
				}
			}
		})
	}
}
