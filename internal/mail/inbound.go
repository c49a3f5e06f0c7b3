// SPDX-License-Identifier: AGPL-3.0-or-later

package mail

import (
	"context"
	"log/slog"
	"net/mail"
	"strings"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// Inbox takes in received messages: it stores each raw message durably
// first (the listener says 250, or the IMAP message is marked seen, only
// after that commit), then parses it and hands it to casework to sort.
// Sorting is idempotent and safe with several processes: a message that a
// crash left unsorted is sorted by the next Run.
type Inbox struct {
	Store     foi.Store
	Service   *casework.Service
	Addresses *Addresses
	Log       *slog.Logger

	wake chan struct{}
}

// MaxMessageBytes is the largest message accepted: Exchange Online's
// default receive limit is 25 MB before encoding overhead.
const MaxMessageBytes = 35 << 20

func (in *Inbox) init() {
	if in.wake == nil {
		in.wake = make(chan struct{}, 1)
	}
	if in.Log == nil {
		in.Log = slog.New(slog.DiscardHandler)
	}
}

// Keep stores a received message durably and returns it. Nothing has been
// told the message was accepted until Keep returns without error.
func (in *Inbox) Keep(ctx context.Context, m *foi.InboundMessage) error {
	in.init()
	if err := m.Validate(); err != nil {
		return err
	}
	err := in.Store.Update(ctx, func(tx foi.Tx) error { return tx.CreateInbound(ctx, m) })
	if err == nil {
		select {
		case in.wake <- struct{}{}:
		default:
		}
	}
	return err
}

// Run sorts stored messages until ctx is cancelled: at once when Keep
// stored one, and every poll interval for any left unsorted.
func (in *Inbox) Run(ctx context.Context, poll time.Duration) {
	in.init()
	for {
		if err := in.SortAll(ctx); err != nil && ctx.Err() == nil {
			in.Log.Error("sorting inbound email", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-in.wake:
		case <-time.After(poll):
		}
	}
}

// SortAll sorts every stored message that is still new.
func (in *Inbox) SortAll(ctx context.Context) error {
	in.init()
	for ctx.Err() == nil {
		list, err := in.Store.FindInboundMessages(ctx, foi.InboundFilter{Status: foi.InboundNew, Limit: 50})
		if err != nil || len(list) == 0 {
			return err
		}
		for _, m := range list {
			if err := in.Sort(ctx, m.ID); err != nil {
				return err
			}
		}
	}
	return ctx.Err()
}

// Sort parses one stored message and has casework file it.
func (in *Inbox) Sort(ctx context.Context, id int64) error {
	m, err := in.Store.FindInbound(ctx, id)
	if err != nil {
		return err
	}
	if m.Status != foi.InboundNew {
		return nil
	}
	e := in.classify(m)
	got, err := in.Service.ReceiveEmail(ctx, e)
	if err != nil {
		return err
	}
	in.Log.Info("email received", "inbound", id, "status", got.Status, "request", got.RequestID, "note", got.Note)
	return nil
}

// classify decides what a message is: unreadable (the holding pen), an
// auto-reply or bounce, a reply to a case (to its address, with a valid
// token), or a new request to the FOI mailbox.
func (in *Inbox) classify(m *foi.InboundMessage) casework.ReceivedEmail {
	e := casework.ReceivedEmail{InboundID: m.ID}
	p, err := Parse(m.Raw)
	if err != nil {
		e.Kind, e.Note = casework.EmailUnsorted, "could not be read: "+err.Error()
		return e
	}
	e.MessageID, e.FromName, e.FromEmail, e.Subject = p.MessageID, p.FromName, p.FromEmail, p.Subject
	e.Text, e.Attachments, e.Files = p.Text, p.Attachments, p.Files
	switch {
	case p.Automatic != "":
		e.Kind, e.Note = casework.EmailAutomatic, p.Automatic
	case m.EnvelopeFrom == "" && m.SourceKey == "":
		// A null reverse-path (MAIL FROM:<>) is a bounce by definition
		// (RFC 5321 §4.5.5).
		e.Kind, e.Note = casework.EmailAutomatic, "null return path (a bounce)"
	default:
		if n := in.caseNumber(m); n > 0 {
			e.Kind, e.CaseNumber = casework.EmailReply, n
		} else {
			e.Kind = casework.EmailNewRequest
		}
	}
	return e
}

// caseNumber finds a valid case address among the message's recipients:
// the envelope's when we received it by SMTP, else its headers'.
func (in *Inbox) caseNumber(m *foi.InboundMessage) int {
	addrs := m.EnvelopeTo
	if len(addrs) == 0 {
		if msg, err := mail.ReadMessage(strings.NewReader(string(m.Raw))); err == nil {
			for _, h := range []string{"To", "Cc", "Delivered-To", "X-Original-To"} {
				list, _ := msg.Header.AddressList(h)
				for _, a := range list {
					addrs = append(addrs, a.Address)
				}
			}
		}
	}
	for _, a := range addrs {
		if n, _, ok := in.Addresses.Recipient(a); ok && n > 0 {
			return n
		}
	}
	return 0
}
