// SPDX-License-Identifier: AGPL-3.0-or-later

package storetest

import (
	"sync"
	"testing"
	"time"

	"disclose/internal/foi"
)

func testTrackingTokens(t *testing.T, s foi.Store) {
	r := create(t, s, newRequest(foi.FOIA, "2023-05-02"))
	first := &foi.TrackingToken{RequestID: r.ID, Hash: "1b4f0e9851971998e732078544c96b36c3d01cedf7caa332359d6f1d83567014"}
	second := &foi.TrackingToken{RequestID: r.ID, Hash: "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"}
	err := s.Update(ctx, func(tx foi.Tx) error {
		if err := tx.CreateTrackingToken(ctx, first); err != nil {
			return err
		}
		return tx.CreateTrackingToken(ctx, second)
	})
	if err != nil {
		t.Fatal(err)
	}
	if first.ID == 0 || first.CreatedAt.IsZero() {
		t.Fatalf("CreateTrackingToken did not set ID and CreatedAt: %+v", first)
	}
	got, err := s.FindTrackingToken(ctx, first.Hash)
	if err != nil {
		t.Fatal(err)
	}
	if got.RequestID != r.ID || got.Revoked() || !got.CreatedAt.Equal(first.CreatedAt) {
		t.Errorf("found %+v, want a working token of request %d created %v", got, r.ID, first.CreatedAt)
	}
	if _, err := s.FindTrackingToken(ctx, "0000"); !foi.IsNotFound(err) {
		t.Errorf("unknown hash: %v, want not found", err)
	}

	err = s.Update(ctx, func(tx foi.Tx) error {
		return tx.CreateTrackingToken(ctx, &foi.TrackingToken{RequestID: r.ID, Hash: first.Hash})
	})
	if foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("a repeated hash: %v, want conflict", err)
	}
	err = s.Update(ctx, func(tx foi.Tx) error {
		return tx.CreateTrackingToken(ctx, &foi.TrackingToken{RequestID: r.ID + 1000, Hash: "ffff"})
	})
	if !foi.IsNotFound(err) {
		t.Errorf("a token for no request: %v, want not found", err)
	}

	var revoked, again int
	err = s.Update(ctx, func(tx foi.Tx) error {
		var err error
		if revoked, err = tx.RevokeTrackingTokens(ctx, r.ID); err != nil {
			return err
		}
		again, err = tx.RevokeTrackingTokens(ctx, r.ID)
		return err
	})
	if err != nil || revoked != 2 || again != 0 {
		t.Fatalf("revoking: %d then %d (%v), want 2 then 0", revoked, again, err)
	}
	for _, h := range []string{first.Hash, second.Hash} {
		if got, err := s.FindTrackingToken(ctx, h); err != nil || !got.Revoked() {
			t.Errorf("after revoking, token %s = %+v, %v; want revoked", h[:8], got, err)
		}
	}
}

func testCountAttempts(t *testing.T, s foi.Store) {
	window := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	count := func(key string, w time.Time) int {
		t.Helper()
		var n int
		if err := s.Update(ctx, func(tx foi.Tx) error {
			var err error
			n, err = tx.CountAttempt(ctx, key, w)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for want := 1; want <= 3; want++ {
		if got := count("submit:192.0.2.1", window); got != want {
			t.Errorf("attempt %d counted as %d", want, got)
		}
	}
	if got := count("submit:192.0.2.2", window); got != 1 {
		t.Errorf("another key's first attempt counted as %d", got)
	}
	if got := count("submit:192.0.2.1", window.Add(time.Hour)); got != 1 {
		t.Errorf("the next window's first attempt counted as %d", got)
	}
	// Windows a day old are forgotten, so the table does not grow for ever;
	// counting in the old window again starts from one.
	count("other", window.Add(25*time.Hour))
	if got := count("submit:192.0.2.1", window); got != 1 {
		t.Errorf("a forgotten window counted %d, want 1", got)
	}

	// Concurrent attempts (several processes) are each counted once.
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = s.Update(ctx, func(tx foi.Tx) error {
				_, err := tx.CountAttempt(ctx, "burst", window)
				return err
			})
		}()
	}
	wg.Wait()
	if got := count("burst", window); got != 9 {
		t.Errorf("after 8 concurrent attempts the next is number %d, want 9", got)
	}
}
