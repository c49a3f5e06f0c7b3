// SPDX-License-Identifier: AGPL-3.0-or-later

package clock

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"
)

// naiveNonWorking decides a day from first principles, straight from the
// rules (FOIA s.10(6), FOISA s.73), without the precomputed index.
func naiveNonWorking(c *Calendar, r Regime, d Date) bool {
	if w := d.Weekday(); w == time.Saturday || w == time.Sunday {
		return true
	}
	if d.Month() == time.December && d.Day() == 25 || d == goodFriday(d.Year()) {
		return true
	}
	for _, e := range c.holidays[d] {
		if r == FOIA || r == EIR || e.div == divScotland {
			return true
		}
	}
	return false
}

// naiveAdd counts working days one at a time, skipping the pause, as
// docs/statutory-rules.md §3 and §4 describe the count.
func naiveAdd(c *Calendar, r Regime, from Date, n int, pauseFrom, pauseTo Date) (Date, bool) {
	d, k := from, 0
	for k < n {
		d++
		if d.Year() > c.last {
			return 0, false
		}
		if naiveNonWorking(c, r, d) || pauseFrom != 0 && d >= pauseFrom && d <= pauseTo {
			continue
		}
		k++
	}
	return d, true
}

type outcome int

const (
	ok outcome = iota
	bad
	uncovered
	awaiting
)

// naiveDeadline is an independent, slow restatement of Deadline.
func naiveDeadline(c *Calendar, k Case) (Date, outcome) {
	review := k.Stage == StageReview
	n := 20
	switch {
	case review && k.Regime == EIR:
		n = 40
	}
	if k.Extended {
		if k.Regime == FOISA || review && k.Regime != FOIA {
			return 0, bad
		}
		n = 40
	}
	if k.Received == 0 || review && (k.ClarificationReceived != 0 || k.FeeNotice != 0 || k.FeePaid != 0) {
		return 0, bad
	}
	start := k.Received
	if k.ClarificationReceived != 0 {
		if k.ClarificationReceived < k.Received {
			return 0, bad
		}
		start = k.ClarificationReceived
	}
	if k.FeePaid != 0 && (k.FeeNotice == 0 || k.FeePaid < k.FeeNotice) || k.FeeNotice != 0 && k.FeeNotice < start {
		return 0, bad
	}
	if y := start.Year(); y < c.first || y > c.last {
		return 0, uncovered
	}
	if k.FeeNotice != 0 {
		limit, in := naiveAdd(c, k.Regime, start, 20, 0, 0)
		if !in {
			return 0, uncovered
		}
		if k.FeeNotice > limit {
			return 0, bad
		}
		lapse := FeeLapses(k.FeeNotice)
		if k.Regime == EIR || k.Regime == EISR {
			if lapse, in = naiveAdd(c, k.Regime, k.FeeNotice, 60, 0, 0); !in {
				return 0, uncovered
			}
		}
		if k.FeePaid == 0 {
			return 0, awaiting
		}
		if k.FeePaid > lapse {
			return 0, bad
		}
	}
	due, in := naiveAdd(c, k.Regime, start, n, k.FeeNotice, k.FeePaid)
	if !in {
		return 0, uncovered
	}
	return due, ok
}

func kind(err error) outcome {
	var nc *NotCoveredError
	var af *AwaitingFeeError
	switch {
	case err == nil:
		return ok
	case errors.Is(err, ErrInvalid):
		return bad
	case errors.As(err, &nc):
		return uncovered
	case errors.As(err, &af):
		return awaiting
	}
	return -1
}

// randomCase draws a case around the covered years, sometimes just outside.
func randomCase(rng *rand.Rand, c *Calendar) Case {
	k := Case{
		Regime:   Regimes[rng.IntN(len(Regimes))],
		Received: c.base.AddDays(rng.IntN(c.ndays+60) - 30),
		Extended: rng.IntN(4) == 0,
	}
	if rng.IntN(6) == 0 {
		k.Stage = StageReview
		return k
	}
	start := k.Received
	if rng.IntN(4) == 0 {
		k.ClarificationReceived = k.Received.AddDays(rng.IntN(40) - 2)
		start = k.ClarificationReceived
	}
	if rng.IntN(3) == 0 {
		k.FeeNotice = start.AddDays(rng.IntN(32) - 1)
		if rng.IntN(10) != 0 {
			k.FeePaid = k.FeeNotice.AddDays(rng.IntN(100) - 1)
		}
	}
	return k
}

// checkCase compares Deadline with the naive count and checks the
// properties every deadline must have.
func checkCase(t *testing.T, c *Calendar, k Case) {
	t.Helper()
	got, err := c.Deadline(k)
	want, wantKind := naiveDeadline(c, k)
	if kind(err) != wantKind || got != want {
		t.Fatalf("%+v:\nDeadline = %s, %v\nnaive    = %s, kind %d", k, got, err, want, wantKind)
	}
	if err != nil {
		return
	}

	// The deadline is a working day of the regime, after day 0.
	if working, reason, err := c.WorkingDay(k.Regime, got); err != nil || !working {
		t.Fatalf("%+v: deadline %s is not a working day (%s, %v)", k, got, reason, err)
	}
	if got <= k.Received || got <= k.ClarificationReceived {
		t.Fatalf("%+v: deadline %s is not after day 0", k, got)
	}

	// A later receipt never gives an earlier deadline.
	later := k
	later.Received++
	if later.ClarificationReceived != 0 && later.ClarificationReceived < later.Received {
		later.ClarificationReceived = later.Received
	}
	if d2, err := c.Deadline(later); err == nil && d2 < got {
		t.Fatalf("%+v: received a day later gives %s, earlier than %s", k, d2, got)
	}

	// A fee pause never gives an earlier deadline than none.
	if k.FeeNotice != 0 {
		free := k
		free.FeeNotice, free.FeePaid = 0, 0
		if d2, err := c.Deadline(free); err != nil || d2 > got {
			t.Fatalf("%+v: without the fee %s, %v; with it %s", k, d2, err, got)
		}
	}

	// An extension never gives an earlier deadline.
	if !k.Extended {
		ext := k
		ext.Extended = true
		if d2, err := c.Deadline(ext); err == nil && d2 < got {
			t.Fatalf("%+v: extended %s is earlier than %s", k, d2, got)
		}
	}

	// Explain counts to the same day, numbering working days 1..N.
	due, steps, err := c.Explain(k)
	if err != nil || due != got {
		t.Fatalf("%+v: Explain = %s, %v; Deadline = %s", k, due, err, got)
	}
	n := 0
	for _, s := range steps {
		if s.Count != 0 {
			n++
			if s.Count != n {
				t.Fatalf("%+v: step %s numbered %d, want %d", k, s.Date, s.Count, n)
			}
		}
	}
	if last := steps[len(steps)-1]; last.Date != got || last.Count != n || (n != 20 && n != 40) {
		t.Fatalf("%+v: last step %+v after %d working days", k, last, n)
	}
}

func TestDeadlineProperties(t *testing.T) {
	c := Embedded()
	rng := rand.New(rand.NewPCG(2026, 12748))
	counts := map[outcome]int{}
	for range 30000 {
		k := randomCase(rng, c)
		checkCase(t, c, k)
		_, o := naiveDeadline(c, k)
		counts[o]++
	}
	// The generator must exercise every outcome, mostly successes.
	if counts[ok] < 15000 || counts[bad] == 0 || counts[uncovered] == 0 || counts[awaiting] == 0 {
		t.Errorf("outcomes: %v", counts)
	}
}

// Every day of the data, every regime: the index agrees with the rules.
func TestWorkingDayIndexAgreesWithRules(t *testing.T) {
	c := Embedded()
	for _, r := range Regimes {
		for d := c.base; d < c.base.AddDays(c.ndays); d++ {
			working, reason, err := c.WorkingDay(r, d)
			if err != nil {
				t.Fatal(err)
			}
			if working == naiveNonWorking(c, r, d) || working != (reason == "") {
				t.Fatalf("%s %s: working %v, reason %q", r, d, working, reason)
			}
		}
	}
}

func FuzzDeadline(f *testing.F) {
	f.Add(uint8(0), false, uint16(3320), int16(-1), int16(14), int16(30), false) // C16
	f.Add(uint8(2), false, uint16(2890), int16(-1), int16(-1), int16(-1), true)
	f.Add(uint8(1), true, uint16(4380), int16(0), int16(0), int16(0), false)
	c := Embedded()
	f.Fuzz(func(t *testing.T, regime uint8, review bool, received uint16, clar, notice, paid int16, extended bool) {
		k := Case{
			Regime:   Regimes[int(regime)%len(Regimes)],
			Received: c.base.AddDays(int(received)%(c.ndays+200) - 100),
			Extended: extended,
		}
		if review {
			k.Stage = StageReview
		}
		// Negative offsets leave a date unset.
		if clar >= 0 {
			k.ClarificationReceived = k.Received.AddDays(int(clar)%100 - 3)
		}
		if notice >= 0 {
			k.FeeNotice = k.Received.AddDays(int(notice)%100 - 3)
		}
		if paid >= 0 {
			k.FeePaid = k.Received.AddDays(int(paid)%200 - 3)
		}
		checkCase(t, c, k)
	})
}
