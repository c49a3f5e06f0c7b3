package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math"
	mathrand "math/rand/v2"
	"os"
	"time"

	"disclose/internal/foi"
)

// Deliverer hands one message to a mail server. *Sender is the real one.
type Deliverer interface {
	Send(ctx context.Context, m *foi.OutboxMessage, now time.Time) error
}

// Worker delivers the outbox. Any number of workers, in any number of
// processes, may run against one store: each message is leased to one
// worker at a time, and a lease that lapses (its worker died) makes the
// message due again.
//
// Delivery is at least once, and once in every case but one: if the
// process dies after the server accepted a message and before the store
// recorded it as sent, the message is sent again when its lease lapses.
// The retry carries the same Message-ID (the outbox key), so it is
// recognisably the same message, and mail systems that de-duplicate by
// Message-ID show it once. The window is the time of one commit.
type Worker struct {
	Store  foi.Store
	Sender Deliverer
	Log    *slog.Logger
	Now    func() time.Time

	Name        string        // identifies the worker in leases; made unique when empty
	Lease       time.Duration // how long a claim lasts; longer than any delivery takes
	Poll        time.Duration // how often to look for due messages when idle
	Backoff     time.Duration // the first retry's delay; each later one doubles, up to MaxBackoff
	MaxBackoff  time.Duration
	MaxAttempts int // after this many temporary failures the message fails for good

	wake chan struct{}
}

// Defaults for a Worker's zero fields.
const (
	DefaultLease       = 2 * time.Minute
	DefaultPoll        = 5 * time.Second
	DefaultBackoff     = time.Minute
	DefaultMaxBackoff  = 6 * time.Hour
	DefaultMaxAttempts = 12 // about two days of retries
)

func (w *Worker) init() {
	if w.Name == "" {
		w.Name = WorkerName()
	}
	if w.Lease <= 0 {
		w.Lease = DefaultLease
	}
	if w.Poll <= 0 {
		w.Poll = DefaultPoll
	}
	if w.Backoff <= 0 {
		w.Backoff = DefaultBackoff
	}
	if w.MaxBackoff <= 0 {
		w.MaxBackoff = DefaultMaxBackoff
	}
	if w.MaxAttempts <= 0 {
		w.MaxAttempts = DefaultMaxAttempts
	}
	if w.Now == nil {
		w.Now = time.Now
	}
	if w.Log == nil {
		w.Log = slog.New(slog.DiscardHandler)
	}
	if w.wake == nil {
		w.wake = make(chan struct{}, 1)
	}
}

// WorkerName names this process in leases and job claims uniquely: host,
// process id and a random suffix.
func WorkerName() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
}

// Wake asks the worker to look at the outbox now (a message was queued).
func (w *Worker) Wake() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Run delivers due messages until ctx is cancelled.
func (w *Worker) Run(ctx context.Context) {
	w.init()
	w.Log.Info("outbox worker started", "worker", w.Name)
	for {
		n, err := w.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			w.Log.Error("outbox", "err", err)
		}
		if n > 0 && err == nil {
			continue // there may be more
		}
		select {
		case <-ctx.Done():
			return
		case <-w.wake:
		case <-time.After(w.Poll):
		}
	}
}

// RunOnce claims and delivers the due messages, one at a time, and returns
// how many it attempted.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	w.init()
	n := 0
	for ctx.Err() == nil {
		var claimed []*foi.OutboxMessage
		err := w.Store.Update(ctx, func(tx foi.Tx) error {
			var err error
			claimed, err = tx.ClaimMessages(ctx, w.Name, w.Lease, 1)
			return err
		})
		if err != nil || len(claimed) == 0 {
			return n, err
		}
		n++
		if err := w.deliver(ctx, claimed[0]); err != nil {
			return n, err
		}
	}
	return n, ctx.Err()
}

// deliver sends one claimed message and records the outcome, with an event
// on the request's timeline when it was sent or failed for good.
func (w *Worker) deliver(ctx context.Context, m *foi.OutboxMessage) error {
	// The delivery must end well inside the lease, or another worker
	// could take the message while this one is still sending it.
	sendCtx, cancel := context.WithTimeout(ctx, w.Lease/2)
	err := w.Sender.Send(sendCtx, m, w.Now())
	cancel()
	if err != nil && ctx.Err() != nil {
		return ctx.Err() // shutting down: the lease lapses and another attempt follows
	}
	now := w.Now()
	var event *foi.Event
	switch {
	case err == nil:
		m.Status, m.SentAt, m.LastError = foi.OutboxSent, now, ""
		event = &foi.Event{Type: foi.EventEmailSent, Note: fmt.Sprintf("%s to %s", m.Kind, m.To)}
		w.Log.Info("email sent", "id", m.ID, "kind", m.Kind, "attempt", m.Attempts)
	default:
		var de *DeliveryError
		perm := errors.As(err, &de) && de.Permanent
		m.LastError = errorText(err)
		if perm || m.Attempts >= w.MaxAttempts {
			m.Status = foi.OutboxFailed
			why := "refused by the mail server"
			if !perm {
				why = fmt.Sprintf("not delivered after %d attempts", m.Attempts)
			}
			event = &foi.Event{Type: foi.EventEmailFailed,
				Note: fmt.Sprintf("%s to %s %s: %s", m.Kind, m.To, why, m.LastError)}
			w.Log.Warn("email failed", "id", m.ID, "kind", m.Kind, "err", m.LastError)
		} else {
			m.Status, m.NextAttemptAt = foi.OutboxQueued, now.Add(w.backoff(m.Attempts))
			w.Log.Info("email will be retried", "id", m.ID, "attempt", m.Attempts, "at", m.NextAttemptAt, "err", m.LastError)
		}
	}
	// Record the outcome even while shutting down: the server has answered.
	rctx := context.WithoutCancel(ctx)
	err = w.Store.Update(rctx, func(tx foi.Tx) error {
		if err := tx.RecordDelivery(rctx, m, w.Name); err != nil {
			return err
		}
		if event == nil || m.RequestID == 0 {
			return nil
		}
		event.RequestID, event.Actor = m.RequestID, "system"
		return tx.AddEvent(rctx, event)
	})
	if foi.ErrorCode(err) == foi.ECONFLICT {
		// The lease lapsed while sending and another worker has the
		// message now; its record is the one that counts.
		w.Log.Warn("outbox lease lapsed during delivery", "id", m.ID, "err", err)
		return nil
	}
	return err
}

// backoff is the delay before retry n+1: Backoff doubled for each earlier
// attempt, capped at MaxBackoff, with ±20% jitter so that many messages
// failing together do not all retry together.
func (w *Worker) backoff(attempts int) time.Duration {
	d := float64(w.Backoff) * math.Pow(2, float64(max(attempts-1, 0)))
	d = min(d, float64(w.MaxBackoff))
	d *= 0.8 + 0.4*mathrand.Float64()
	return time.Duration(d)
}
