// SPDX-License-Identifier: AGPL-3.0-or-later

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

// Deliverer hands one message to a mail server, calling h's functions as
// it goes. *Sender is the real one.
type Deliverer interface {
	Send(ctx context.Context, m *foi.OutboxMessage, now time.Time, h Handover) error
}

// Worker delivers the outbox. Any number of workers, in any number of
// processes, may run against one store: each message is leased to one
// worker at a time, and a lease that lapses (its worker died) makes the
// message due again.
//
// No message is sent twice, and none is lost without staff seeing it. Each
// step is committed before the next starts: the claim before connecting,
// the hand-over just before the content goes to the server, and "sent" the
// moment the server accepts it, before the session is closed. A message
// whose worker died (its lease lapsed) is sent again only if it was never
// handed over, because until then the server cannot have it. One that was
// handed over may have been accepted in the instant before the crash, so it
// is held, failed and in doubt, on its case for staff to check and either
// send again or confirm as sent. The same holds when the connection drops
// while the server's answer is awaited.
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

// RunOnce holds in doubt the messages whose worker died mid-delivery, then
// claims and delivers the due messages, one at a time, and returns how
// many it attempted.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	w.init()
	if err := foi.CheckMessageClaim(w.Name, w.Lease, 1); err != nil {
		return 0, err
	}
	n := 0
	for ctx.Err() == nil {
		var claimed []*foi.OutboxMessage
		err := w.Store.Update(ctx, func(tx foi.Tx) error {
			held, err := tx.HoldInDoubt(ctx)
			if err != nil {
				return err
			}
			for _, m := range held {
				w.Log.Warn("email held in doubt", "id", m.ID, "kind", m.Kind, "worker", m.ClaimedBy)
				if err := addOutcomeEvent(ctx, tx, m, foi.EventEmailFailed,
					fmt.Sprintf("%s to %s may have been sent: delivery stopped after the mail server was sent it "+
						"and before its answer was recorded; check whether it arrived, then send it again or mark it sent",
						m.Kind, m.To)); err != nil {
					return err
				}
			}
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

func addOutcomeEvent(ctx context.Context, tx foi.Tx, m *foi.OutboxMessage, typ, note string) error {
	if m.RequestID == 0 {
		return nil
	}
	return tx.AddEvent(ctx, &foi.Event{RequestID: m.RequestID, Type: typ, Actor: "system", Note: note})
}

// deliver sends one claimed message and records the outcome, with an event
// on the request's timeline when it was sent or failed for good.
func (w *Worker) deliver(ctx context.Context, m *foi.OutboxMessage) error {
	// The delivery must end well inside the lease, or another worker
	// could take the message while this one is still sending it. Records
	// are written even while shutting down: the server has answered.
	sendCtx, cancel := context.WithTimeout(ctx, w.Lease/2)
	defer cancel()
	rctx := context.WithoutCancel(ctx)
	var recorded error
	accepted := false
	err := w.Sender.Send(sendCtx, m, w.Now(), Handover{
		Data: func() error {
			return w.Store.Update(rctx, func(tx foi.Tx) error { return tx.HandOver(rctx, m, w.Name) })
		},
		Accepted: func() {
			accepted = true
			m.Status, m.SentAt, m.LastError, m.InDoubt = foi.OutboxSent, w.Now(), "", false
			w.Log.Info("email sent", "id", m.ID, "kind", m.Kind, "attempt", m.Attempts)
			recorded = w.record(rctx, m, foi.EventEmailSent, fmt.Sprintf("%s to %s", m.Kind, m.To))
		},
	})
	if accepted {
		return recorded
	}
	now := w.Now()
	var de *DeliveryError
	errors.As(err, &de)
	m.LastError = errorText(err)
	switch {
	case de != nil && de.InDoubt:
		m.Status, m.InDoubt = foi.OutboxFailed, true
		w.Log.Warn("email in doubt", "id", m.ID, "kind", m.Kind, "err", m.LastError)
		return w.record(rctx, m, foi.EventEmailFailed, fmt.Sprintf(
			"%s to %s may have been sent: the mail server was sent it but its answer never came (%s); "+
				"check whether it arrived, then send it again or mark it sent", m.Kind, m.To, m.LastError))
	case (de != nil && de.Permanent) || m.Attempts >= w.MaxAttempts:
		m.Status = foi.OutboxFailed
		why := "refused by the mail server"
		if de == nil || !de.Permanent {
			why = fmt.Sprintf("not delivered after %d attempts", m.Attempts)
		}
		w.Log.Warn("email failed", "id", m.ID, "kind", m.Kind, "err", m.LastError)
		return w.record(rctx, m, foi.EventEmailFailed, fmt.Sprintf("%s to %s %s: %s", m.Kind, m.To, why, m.LastError))
	default:
		m.Status, m.NextAttemptAt = foi.OutboxQueued, now.Add(w.backoff(m.Attempts))
		w.Log.Info("email will be retried", "id", m.ID, "attempt", m.Attempts, "at", m.NextAttemptAt, "err", m.LastError)
		return w.record(rctx, m, "", "")
	}
}

// record saves an attempt's outcome and its event, if any, in one
// transaction.
func (w *Worker) record(ctx context.Context, m *foi.OutboxMessage, event, note string) error {
	if err := foi.CheckDelivery(m); err != nil {
		return err
	}
	err := w.Store.Update(ctx, func(tx foi.Tx) error {
		if err := tx.RecordDelivery(ctx, m, w.Name); err != nil {
			return err
		}
		if event == "" {
			return nil
		}
		return addOutcomeEvent(ctx, tx, m, event, note)
	})
	if foi.ErrorCode(err) == foi.ECONFLICT {
		// The lease lapsed while sending and the message moved on (another
		// worker retried it, or staff resolved it); that record counts.
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
