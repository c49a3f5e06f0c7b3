// SPDX-License-Identifier: AGPL-3.0-or-later

package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"disclose/internal/foi"
)

func claimJob(s foi.Store, day time.Time, worker string, lease time.Duration) (bool, error) {
	var ok bool
	err := s.Update(ctx, func(tx foi.Tx) error {
		var err error
		ok, err = tx.ClaimJob(ctx, foi.JobDigest, day, worker, lease)
		return err
	})
	return ok, err
}

func finishJob(s foi.Store, day time.Time, worker string) error {
	return s.Update(ctx, func(tx foi.Tx) error { return tx.FinishJob(ctx, foi.JobDigest, day, worker) })
}

// testJobClaims: one worker wins a day's run however many race for it; a
// finished run is never claimed again; a claim that lapsed (its process
// died) is taken over, and the worker that lost it can no longer finish.
func testJobClaims(t *testing.T, s foi.Store) {
	today := day("2026-11-26")
	var wg sync.WaitGroup
	var mu sync.Mutex
	var winners []string
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := fmt.Sprintf("worker-%d", i)
			ok, err := claimJob(s, today, w, time.Hour)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				winners = append(winners, w)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(winners) != 1 {
		t.Fatalf("winners of one day's run = %v, want exactly one", winners)
	}
	if ok, err := claimJob(s, today, "late", time.Hour); err != nil || ok {
		t.Fatalf("claim while another's is live = %v, %v; want false", ok, err)
	}
	// A negative lease makes every claim look lapsed: a takeover.
	if ok, err := claimJob(s, today, "rescuer", -time.Second); err != nil || !ok {
		t.Fatalf("claim of a lapsed run = %v, %v; want true", ok, err)
	}
	if err := finishJob(s, today, winners[0]); foi.ErrorCode(err) != foi.ECONFLICT {
		t.Fatalf("finish by the worker that lost its claim = %v, want ECONFLICT", err)
	}
	if err := finishJob(s, today, "rescuer"); err != nil {
		t.Fatal(err)
	}
	if ok, err := claimJob(s, today, "again", -time.Second); err != nil || ok {
		t.Fatalf("claim of a finished run = %v, %v; want false", ok, err)
	}
	// The next day is a new run; another job's run the same day is apart.
	if ok, err := claimJob(s, today.AddDate(0, 0, 1), "tomorrow", time.Hour); err != nil || !ok {
		t.Fatalf("claim of the next day = %v, %v; want true", ok, err)
	}
	err := s.Update(ctx, func(tx foi.Tx) error {
		ok, err := tx.ClaimJob(ctx, "other-job", today, "x", time.Hour)
		if err == nil && !ok {
			err = fmt.Errorf("another job's run was refused")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// A claim released by its worker (shutting down) is free at once; a
	// release by another worker, or of a finished run, changes nothing.
	later := today.AddDate(0, 0, 7)
	release := func(worker string, on time.Time) error {
		return s.Update(ctx, func(tx foi.Tx) error { return tx.ReleaseJob(ctx, foi.JobDigest, on, worker) })
	}
	if ok, err := claimJob(s, later, "stopping", time.Hour); err != nil || !ok {
		t.Fatalf("claim = %v, %v", ok, err)
	}
	if err := release("someone-else", later); err != nil {
		t.Fatal(err)
	}
	if ok, err := claimJob(s, later, "next", time.Hour); err != nil || ok {
		t.Fatalf("claim after another worker's release = %v, %v; want false (still held)", ok, err)
	}
	if err := release("stopping", later); err != nil {
		t.Fatal(err)
	}
	if ok, err := claimJob(s, later, "next", time.Hour); err != nil || !ok {
		t.Fatalf("claim after its worker released it = %v, %v; want true at once", ok, err)
	}
	if err := finishJob(s, later, "next"); err != nil {
		t.Fatal(err)
	}
	if err := release("next", later); err != nil {
		t.Fatal(err)
	}
	if ok, err := claimJob(s, later, "again", -time.Second); err != nil || ok {
		t.Fatalf("claim of a finished run after a release = %v, %v; want false", ok, err)
	}
}
