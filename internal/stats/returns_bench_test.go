// SPDX-License-Identifier: AGPL-3.0-or-later

package stats

import (
	"context"
	"fmt"
	"testing"

	"disclose/internal/foi"
)

// BenchmarkRegulatorFigures: what the bands, the s.45 set and the SIC
// return add to Build, over rows shaped like a busy authority's year (the
// store groups a year into a few thousand rows: 12 months x 4 regimes x
// 30 categories x statuses, outcomes and timeliness). Build alone is the
// "build" figure; "figures" is everything the regulator's view, the
// public page and the returns compute from its report.
//
//	go test -run '^$' -bench RegulatorFigures ./internal/stats
func BenchmarkRegulatorFigures(b *testing.B) {
	rows := &counts{}
	outcomes := []foi.Outcome{foi.Granted, foi.PartiallyWithheld, foi.Withheld, foi.NotHeld, foi.CostLimit}
	for m := 1; m <= 12; m++ {
		for _, reg := range foi.Regimes {
			for c := 0; c < 30; c++ {
				k := key(fmt.Sprintf("2025-%02d", m), reg, fmt.Sprintf("Category %d", c))
				for i, o := range outcomes {
					rows.Requests = append(rows.Requests, foi.RequestCount{StatsKey: k, Status: foi.StatusResponded, Outcome: o,
						Timeliness: []foi.Timeliness{foi.InTime, foi.InTimeExtended, foi.Late}[i%3], N: 20 + i})
				}
				rows.Requests = append(rows.Requests, foi.RequestCount{StatsKey: k, Status: foi.StatusOpen, Overdue: true, N: 2})
				rows.Exemptions = append(rows.Exemptions, foi.ExemptionCount{StatsKey: k, Exemption: "s40(2)", N: 5})
				rows.Reviews = append(rows.Reviews, foi.ReviewCount{StatsKey: k, Outcome: foi.ReviewUpheld, Timeliness: foi.InTime, N: 1})
			}
		}
	}
	ctx := context.Background()
	asOf := d("2026-01-10")
	b.Run("build", func(b *testing.B) {
		for range b.N {
			if _, err := Build(ctx, rows, d("2025-01-01"), d("2025-12-31"), asOf); err != nil {
				b.Fatal(err)
			}
		}
	})
	r, err := Build(ctx, rows, d("2025-01-01"), d("2025-12-31"), asOf)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("figures", func(b *testing.B) {
		for range b.N {
			regimes := r.RegimesOf(foi.FOIA)
			_ = r.Bands(asOf, regimes)
			_ = r.S45(QuartersIn(r.From, r.To), regimes)
			for _, q := range QuartersIn(r.From, r.To) {
				_ = r.SICReturn(q)
			}
		}
	})
	b.ReportMetric(float64(len(rows.Requests)+len(rows.Exemptions)+len(rows.Reviews)), "rows")
}
