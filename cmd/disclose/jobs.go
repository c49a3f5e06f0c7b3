// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"context"
	"log/slog"
	"time"

	"disclose/internal/casework"
	"disclose/internal/mail"
)

// startJobs runs serve's scheduled jobs until ctx is cancelled: the daily
// reminder digest, looked for every poll. Every process runs it; the store
// decides which one does each day's work (casework.SendDigests). wait
// blocks until the loop has stopped.
func startJobs(ctx context.Context, svc *casework.Service, poll time.Duration, wake func(), log *slog.Logger) (wait func()) {
	if svc.Mail == nil || poll <= 0 {
		return func() {}
	}
	name := mail.WorkerName()
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(poll)
		defer t.Stop()
		for {
			n, err := svc.SendDigests(ctx, name)
			switch {
			case err != nil && ctx.Err() == nil:
				log.Error("reminder digest", "err", err)
			case n > 0:
				log.Info("reminder digests queued", "count", n, "worker", name)
				wake()
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return func() { <-done }
}
