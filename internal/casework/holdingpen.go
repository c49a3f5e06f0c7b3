// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"fmt"
	"strings"
	"time"

	"disclose/internal/foi"
)

// The holding pen: received messages that could not be read or sorted
// wait here for staff, who make a request of one, thread it to a case, or
// discard it with a reason. Every decision is on the audit trail: on the
// case it joined, or (a discard) as an event about no request.

// EventEmailDiscarded records staff setting aside a held message.
const EventEmailDiscarded = foi.EventEmailDiscarded

// EventEmailDownloaded records staff downloading a received message as sent.
const EventEmailDownloaded = foi.EventEmailDownloaded

// HoldingPen lists the messages waiting for staff, oldest first; with
// setAside, those set aside instead (auto-replies, bounces, discarded), so
// one set aside by mistake can still be filed.
func (s *Service) HoldingPen(ctx context.Context, actor *foi.User, setAside bool) ([]*foi.InboundMessage, error) {
	if err := require(actor, PermWorkCases, "sort received email"); err != nil {
		return nil, err
	}
	status := foi.InboundHoldingPen
	if setAside {
		status = foi.InboundIgnored
	}
	return s.Store.FindInboundMessages(ctx, foi.InboundFilter{Status: status, Limit: 500})
}

// FindEmail returns one received message with its raw bytes.
func (s *Service) FindEmail(ctx context.Context, actor *foi.User, id int64) (*foi.InboundMessage, error) {
	if err := require(actor, PermWorkCases, "read received email"); err != nil {
		return nil, err
	}
	return s.Store.FindInbound(ctx, id)
}

// DownloadEmail returns a received message as it arrived and records the
// download: it holds the sender's personal data.
func (s *Service) DownloadEmail(ctx context.Context, actor *foi.User, id int64) (*foi.InboundMessage, error) {
	if err := require(actor, PermWorkCases, "download received email"); err != nil {
		return nil, err
	}
	var m *foi.InboundMessage
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		var err error
		if m, err = tx.FindInbound(ctx, id); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{RequestID: m.RequestID, Type: EventEmailDownloaded, ActorID: actor.ID,
			Actor: actor.Name, Note: fmt.Sprintf("inbound message %d from %s: %q", m.ID, m.FromEmail, m.Subject)})
	})
	return m, err
}

// heldEmail locks a message for a staff decision; only one still waiting
// (in the holding pen, or set aside as automatic) can be filed.
func heldEmail(ctx context.Context, tx foi.Tx, id int64) (*foi.InboundMessage, error) {
	m, err := tx.FindInbound(ctx, id)
	if err != nil {
		return nil, err
	}
	if m.Status != foi.InboundHoldingPen && m.Status != foi.InboundIgnored {
		return nil, foi.Errorf(foi.ECONFLICT, "inbound message %d is already filed (%s)", id, m.Status)
	}
	return m, nil
}

// RequestFromHeldEmail makes a request of a held message, with the
// requester and text staff confirmed (a message that could not be read has
// none of its own). It was received when the message arrived; its files
// are copied to the case and the acknowledgement is queued, as for one
// sorted automatically.
func (s *Service) RequestFromHeldEmail(ctx context.Context, actor *foi.User, id int64, in NewRequest) (*foi.Request, error) {
	if err := require(actor, PermWorkCases, "log requests"); err != nil {
		return nil, err
	}
	var r *foi.Request
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		m, err := heldEmail(ctx, tx, id)
		if err != nil {
			return err
		}
		in.Channel, in.ReceivedOn, in.Reference, in.Regime = foi.ChannelEmail, time.Time{}, foi.Reference{}, ""
		if r, err = s.prepare(in, m.ReceivedAt); err != nil {
			return err
		}
		if err := s.create(ctx, tx, r, in, actor.ID, actor.Name); err != nil {
			return err
		}
		m.Status, m.RequestID = foi.InboundRequestCreated, r.ID
		m.Note = strings.TrimSpace(m.Note + "; made a request by " + actor.Name)
		if err := tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: foi.EventEmailReceived, ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("from %s: %q (inbound message %d), made a request from the holding pen", m.FromEmail, m.Subject, m.ID)}); err != nil {
			return err
		}
		return s.fileHeld(ctx, tx, m)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// ThreadHeldEmail files a held message on the case ref, as a reply to it.
func (s *Service) ThreadHeldEmail(ctx context.Context, actor *foi.User, id int64, ref foi.Reference) (*foi.Request, error) {
	if err := require(actor, PermWorkCases, "file received email"); err != nil {
		return nil, err
	}
	var r *foi.Request
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		m, err := heldEmail(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.threadReply(ctx, tx, m, ref, actor.ID, actor.Name); err != nil {
			return err
		}
		m.Note = strings.TrimSpace(m.Note + "; threaded to " + ref.String() + " by " + actor.Name)
		if r, err = tx.FindRequestByID(ctx, m.RequestID); err != nil {
			return err
		}
		return s.fileHeld(ctx, tx, m)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// fileHeld copies a filed message's attachments to its case and saves it.
func (s *Service) fileHeld(ctx context.Context, tx foi.Tx, m *foi.InboundMessage) error {
	var files []foi.Attachment
	if s.EmailFiles != nil {
		files = s.EmailFiles(m.Raw)
	}
	if err := copyEmailFiles(ctx, tx, m, files); err != nil {
		return err
	}
	return tx.UpdateInbound(ctx, m)
}

// DiscardEmail sets a held message aside (spam, an auto-reply that was not
// recognised) with the reason. It stays stored and listed as set aside.
func (s *Service) DiscardEmail(ctx context.Context, actor *foi.User, id int64, reason string) error {
	if err := require(actor, PermWorkCases, "discard received email"); err != nil {
		return err
	}
	reason = strings.Join(strings.Fields(reason), " ")
	if reason == "" {
		return foi.Errorf(foi.EINVALID, "say why the message is discarded")
	}
	if len(reason) > 500 {
		return foi.Errorf(foi.EINVALID, "the reason is %d characters; keep it under 500", len(reason))
	}
	return s.Store.Update(ctx, func(tx foi.Tx) error {
		m, err := heldEmail(ctx, tx, id)
		if err != nil {
			return err
		}
		if m.Status != foi.InboundHoldingPen {
			return foi.Errorf(foi.ECONFLICT, "inbound message %d is already set aside", id)
		}
		m.Status = foi.InboundIgnored
		m.Note = strings.TrimSpace(m.Note + "; discarded by " + actor.Name + ": " + reason)
		if err := tx.UpdateInbound(ctx, m); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{Type: EventEmailDiscarded, ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("inbound message %d from %s: %q — %s", m.ID, m.FromEmail, m.Subject, reason)})
	})
}

// CaseEmails are a case's email: replies received and messages sent.
type CaseEmails struct {
	Received []*foi.InboundMessage
	Outbox   []*foi.OutboxMessage
}

// FindCaseEmails reads the email of a case for staff who work it.
func (s *Service) FindCaseEmails(ctx context.Context, actor *foi.User, r *foi.Request) (CaseEmails, error) {
	var x CaseEmails
	if !Can(actor, PermWorkCases) {
		return x, nil
	}
	var err error
	if x.Received, err = s.Store.FindInboundMessages(ctx, foi.InboundFilter{RequestID: r.ID, Limit: 500}); err != nil {
		return x, err
	}
	x.Outbox, err = s.Store.FindMessages(ctx, foi.OutboxFilter{RequestID: r.ID, Limit: 500})
	return x, err
}

// ConfirmSuggestion records what a reply was suggested to be, with one
// click: a clarification received (the count starts again from the day
// it arrived) or a request for internal review (the review opens). The
// suggestion is then spent.
func (s *Service) ConfirmSuggestion(ctx context.Context, actor *foi.User, ref foi.Reference, id int64) (*foi.Request, error) {
	if err := requireCaseworker(actor); err != nil {
		return nil, err
	}
	var r *foi.Request
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		var err error
		if r, err = tx.FindRequest(ctx, ref); err != nil {
			return err
		}
		m, err := tx.FindInbound(ctx, id)
		if err != nil {
			return err
		}
		if m.RequestID != r.ID {
			return foi.Errorf(foi.ENOTFOUND, "%s has no email %d", r.Reference, id)
		}
		if m.Suggestion == "" {
			return foi.Errorf(foi.ECONFLICT, "email %d has no suggestion to confirm (already confirmed?)", id)
		}
		ev := ClockEvent{Type: m.Suggestion, On: foi.Date(m.ReceivedAt.In(UK)),
			Note: fmt.Sprintf("by email from %s (inbound message %d)", m.FromEmail, m.ID)}
		if _, err := s.applyEvent(ctx, tx, actor, r, ev, nil); err != nil {
			return err
		}
		m.Note = strings.TrimSpace(m.Note + "; " + m.Suggestion + " confirmed by " + actor.Name)
		m.Suggestion = ""
		return tx.UpdateInbound(ctx, m)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}
