// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"strings"
	"time"
)

// What a record must carry before a store is asked to keep it. The service
// layer checks these; the stores only persist (their schemas still refuse
// what would break integrity: a duplicate key, a missing row).

// Validate checks a new request before it is stored.
func (r *Request) Validate() error {
	if _, err := ParseRegime(string(r.Regime)); err != nil {
		return err
	}
	switch {
	case r.ReceivedOn.IsZero():
		return Errorf(EINVALID, "a request needs the date it was received")
	case r.ReceivedAt.IsZero():
		return Errorf(EINVALID, "a request needs the instant it was received")
	case r.Reference.Number < 0:
		return Errorf(EINVALID, "reference number %d is not positive", r.Reference.Number)
	}
	seen := map[int]bool{}
	for _, p := range r.Parts {
		if p.Number <= 0 {
			return Errorf(EINVALID, "request %s: part number %d is not positive", r.Reference, p.Number)
		}
		if seen[p.Number] {
			return Errorf(EINVALID, "request %s has two parts numbered %d", r.Reference, p.Number)
		}
		seen[p.Number] = true
	}
	return nil
}

// Validate refuses a message that could never be sent.
func (m *OutboxMessage) Validate() error {
	switch {
	case m.ID != 0:
		return Errorf(EINVALID, "message %d is already queued", m.ID)
	case strings.TrimSpace(m.Key) == "":
		return Errorf(EINVALID, "a message needs an idempotency key")
	case m.Kind == "":
		return Errorf(EINVALID, "a message needs a kind")
	case strings.TrimSpace(m.To) == "" || strings.TrimSpace(m.From) == "":
		return Errorf(EINVALID, "a message needs a sender and a recipient")
	}
	return nil
}

// CheckMessageClaim checks a worker's request for a lease on due messages.
func CheckMessageClaim(worker string, lease time.Duration, limit int) error {
	if worker == "" || lease <= 0 || limit <= 0 {
		return Errorf(EINVALID, "a claim needs a worker, a lease and a limit")
	}
	return nil
}

// CheckDelivery checks the outcome of a delivery attempt: a message ends
// an attempt queued (to try again), sent or failed, never still sending.
func CheckDelivery(m *OutboxMessage) error {
	if m.Status == OutboxSending {
		return Errorf(EINVALID, "a delivery outcome is queued, sent or failed, not sending")
	}
	return nil
}

// CheckResolution checks what staff make of a failed message: sent again
// (queued) or confirmed sent.
func CheckResolution(to OutboxStatus) error {
	if to != OutboxQueued && to != OutboxSent {
		return Errorf(EINVALID, "a failed message is sent again (queued) or confirmed sent, not %q", to)
	}
	return nil
}

// Validate checks a received message before it is stored.
func (m *InboundMessage) Validate() error {
	switch {
	case m.ID != 0:
		return Errorf(EINVALID, "inbound message %d is already stored", m.ID)
	case len(m.Raw) == 0:
		return Errorf(EINVALID, "an inbound message needs its raw bytes")
	}
	return nil
}

// CheckJobClaim checks a claim of a day's run of a job.
func CheckJobClaim(job string, day time.Time, worker string) error {
	if job == "" || worker == "" || day.IsZero() {
		return Errorf(EINVALID, "a job claim needs a job, a day and a worker")
	}
	return nil
}

// Validate checks a new session.
func (s *Session) Validate() error {
	if s.Hash == "" || s.UserID == 0 {
		return Errorf(EINVALID, "a session needs a hash and a user")
	}
	return nil
}

// Validate checks a bank-holiday calendar before it is stored.
func (c *Calendar) Validate() error {
	if c.Version == "" {
		return Errorf(EINVALID, "a calendar needs a version")
	}
	return nil
}

// Validate checks a request list's order and page.
func (f RequestFilter) Validate() error {
	switch f.Order {
	case OrderDue, OrderReceived, OrderStatus, OrderAssignee, "":
	default:
		return Errorf(EINVALID, "unknown order %q (want due, received, status or assignee)", f.Order)
	}
	if f.Unassigned && f.AssigneeID != 0 {
		return Errorf(EINVALID, "a request cannot be both unassigned and assigned to someone")
	}
	if f.Limit < 0 || f.Offset < 0 {
		return Errorf(EINVALID, "a page needs a positive limit and offset")
	}
	return nil
}
