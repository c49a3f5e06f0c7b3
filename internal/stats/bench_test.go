// SPDX-License-Identifier: AGPL-3.0-or-later

package stats_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"disclose/internal/foi"
	"disclose/internal/sqlite"
	"disclose/internal/stats"
)

// BenchmarkYearOfStatistics measures a year's statistics over a database of
// DISCLOSE_BENCH_CASES cases (default 1,000,000) spread over eight years.
// The bar (issue 6) is under one second. The database is built once and
// kept in the temp folder; building 1,000,000 cases takes a few minutes.
//
//	go test -run '^$' -bench YearOfStatistics -benchtime 5x ./internal/stats
func BenchmarkYearOfStatistics(b *testing.B) {
	n := 1_000_000
	if v := os.Getenv("DISCLOSE_BENCH_CASES"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	ctx := context.Background()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("disclose-stats-bench-v2-%d.db", n))
	if _, err := os.Stat(path); err != nil {
		start := time.Now()
		if err := buildCases(ctx, path+".tmp", n); err != nil {
			b.Fatal(err)
		}
		if err := os.Rename(path+".tmp", path); err != nil {
			b.Fatal(err)
		}
		b.Logf("built %d cases in %s", n, time.Since(start).Round(time.Second))
	}
	store, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	from, to := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	b.ResetTimer()
	var r *stats.Report
	for i := 0; i < b.N; i++ {
		if r, err = stats.Build(ctx, store, from, to, to); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(r.Total.Received), "cases/year")
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/report")
}

// buildCases writes n cases received between 2018 and 2025 through the
// store, in large transactions: answered mostly in time, some extended,
// some late, a few reviewed or taken to the ICO, with exemptions; a third
// asked of one of six departments, a few of those of a second.
func buildCases(ctx context.Context, path string, n int) error {
	os.Remove(path)
	store, err := sqlite.Open(ctx, path)
	if err != nil {
		return err
	}
	defer store.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC)
	days := int(time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC).Sub(start).Hours() / 24)
	outcomes := []foi.Outcome{foi.Granted, foi.Granted, foi.Granted, foi.PartiallyWithheld, foi.NotHeld, foi.Withheld, foi.CostLimit}
	exemptions := []string{"s40(2)", "s43(2)", "s31(1)(a)", "s21", "s22", "s41"}
	var depts []int64
	err = store.Update(ctx, func(tx foi.Tx) error {
		for _, name := range []string{"Planning", "Highways", "Housing", "Children's Services", "Finance", "Environment"} {
			u := &foi.User{Email: fmt.Sprintf("dept%d@council.example", len(depts)), Name: name, Role: foi.RoleContributor}
			if err := tx.CreateUser(ctx, u); err != nil {
				return err
			}
			depts = append(depts, u.ID)
		}
		return nil
	})
	if err != nil {
		return err
	}
	const batch = 5000
	for done := 0; done < n; done += batch {
		err := store.Update(ctx, func(tx foi.Tx) error {
			for i := done; i < min(done+batch, n); i++ {
				received := start.AddDate(0, 0, rng.IntN(days+1))
				o := outcomes[rng.IntN(len(outcomes))]
				r := &foi.Request{Regime: foi.FOIA, Channel: foi.ChannelEmail, ReceivedAt: received, ReceivedOn: received,
					Requester: foi.Requester{Name: "Bench", Email: "bench@example.org"}, Text: "How many?", Status: foi.StatusResponded,
					DueOn: received.AddDate(0, 0, 28), RespondedOn: received.AddDate(0, 0, 10+rng.IntN(25)), Outcome: o,
					Parts: []foi.Part{{Number: 1, Text: "How many?", Answer: "Some.", Outcome: o}}}
				if o.NeedsExemption() {
					r.Parts[0].Exemptions = []string{exemptions[rng.IntN(len(exemptions))]}
				}
				if err := tx.CreateRequest(ctx, r); err != nil {
					return err
				}
				if rng.IntN(3) == 0 {
					asked := []int64{depts[rng.IntN(len(depts))]}
					if rng.IntN(10) == 0 {
						asked = append(asked, depts[rng.IntN(len(depts))])
					}
					for _, id := range asked {
						if err := tx.SetPartAssignment(ctx, &foi.PartAssignment{RequestID: r.ID, Part: 1, UserID: id}); err != nil {
							return err
						}
					}
				}
				if rng.IntN(20) == 0 {
					if err := tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: foi.EventExtended, On: received.AddDate(0, 0, 15)}); err != nil {
						return err
					}
				}
				if rng.IntN(50) == 0 {
					rv := &foi.Review{RequestID: r.ID, RequestedOn: r.RespondedOn.AddDate(0, 0, 7), DueOn: r.RespondedOn.AddDate(0, 0, 35),
						Outcome: foi.ReviewUpheld, CompletedOn: r.RespondedOn.AddDate(0, 0, 30)}
					if err := tx.CreateReview(ctx, rv); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
