// SPDX-License-Identifier: AGPL-3.0-or-later

package clock

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkDeadline runs a mix of plain, extended, review, clarified and
// fee-paused cases across regimes and the whole covered range.
func BenchmarkDeadline(b *testing.B) {
	c := Embedded()
	rng := rand.New(rand.NewPCG(1, 2))
	var cases []Case
	for len(cases) < 1024 {
		k := Case{
			Regime:   Regimes[rng.IntN(len(Regimes))],
			Received: c.base.AddDays(rng.IntN(c.ndays - 120)),
		}
		switch rng.IntN(5) {
		case 0:
			k.Extended = k.Regime != FOISA
		case 1:
			k.Stage = StageReview
		case 2:
			k.ClarificationReceived = k.Received.AddDays(rng.IntN(15))
		case 3:
			k.FeeNotice = k.Received.AddDays(rng.IntN(20))
			k.FeePaid = k.FeeNotice.AddDays(rng.IntN(40))
		}
		if _, err := c.Deadline(k); err == nil {
			cases = append(cases, k)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := c.Deadline(cases[i%len(cases)]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWorkingDaysBetween(b *testing.B) {
	c := Embedded()
	from, to := MustParseDate("2026-02-02"), MustParseDate("2026-03-02")
	for b.Loop() {
		if _, err := c.WorkingDaysBetween(FOIA, from, to); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseGovUK(b *testing.B) {
	for b.Loop() {
		if _, err := ParseGovUK(embeddedData); err != nil {
			b.Fatal(err)
		}
	}
}
