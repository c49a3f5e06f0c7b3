// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"disclose/internal/foi"
	"disclose/internal/i18n"
)

// Mailer renders the authority's emails: one method per kind of message,
// each with its own data. It returns the message ready to queue (From,
// Reply-To, To, Subject, bodies and idempotency key set); the service
// queues it in the same transaction as the change that causes it, and the
// outbox worker delivers it later. The mail package implements it.
type Mailer interface {
	Acknowledgement(AcknowledgementEmail) (*foi.OutboxMessage, error)
	ClarificationRequest(ClarificationRequestEmail) (*foi.OutboxMessage, error)
	FeesNotice(FeesNoticeEmail) (*foi.OutboxMessage, error)
	Response(ResponseEmail) (*foi.OutboxMessage, error)
	ReviewAcknowledgement(ReviewAcknowledgementEmail) (*foi.OutboxMessage, error)
	ReviewOutcome(ReviewOutcomeEmail) (*foi.OutboxMessage, error)
	StaffNotification(StaffNotificationEmail) (*foi.OutboxMessage, error)
	Letter(LetterEmail) (*foi.OutboxMessage, error)
	Digest(DigestEmail) (*foi.OutboxMessage, error) // digest.go
}

// LetterEmail is a letter staff drafted, approved and sent (letters.go),
// delivered as they wrote it, with the files released with a response or
// refusal attached.
type LetterEmail struct {
	Lang        i18n.Lang // the requester's language (language.go)
	Authority   string
	Request     *foi.Request
	Letter      *foi.Letter
	Attachments []foi.Attachment
}

// AcknowledgementEmail tells a requester their request arrived: its
// reference, the date it is due and what happens next.
type AcknowledgementEmail struct {
	Lang      i18n.Lang // the requester's language (language.go)
	Authority string
	Request   *foi.Request
	// TrackingPath is the requester's private tracking link, as a path on
	// the public site ("/track/SECRET"), when the request came through the
	// website form; "" otherwise. The secret is never stored, so this
	// email is the only other place the requester can find it.
	TrackingPath string
}

// ClarificationRequestEmail asks the requester what they meant (FOIA
// s.1(3)); the clock waits for the answer. Seq tells apart several asked
// of one request.
type ClarificationRequestEmail struct {
	Lang      i18n.Lang // the requester's language (language.go)
	Authority string
	Request   *foi.Request
	Question  string
	Seq       int64
}

// FeesNoticeEmail tells the requester a fee is due before the information
// is sent (FOIA s.9); the clock stops until it is paid.
type FeesNoticeEmail struct {
	Lang        i18n.Lang // the requester's language (language.go)
	Authority   string
	Request     *foi.Request
	AmountPence int64
	Explanation string
	Seq         int64
}

// ResponseEmail is the authority's answer: each part with its answer or
// the exemption relied on (FOIA s.17), the released files attached, and
// the right to an internal review and then to complain to the regulator.
type ResponseEmail struct {
	Lang        i18n.Lang // the requester's language (language.go)
	Authority   string
	Request     *foi.Request
	Attachments []foi.Attachment
}

// ReviewAcknowledgementEmail tells a requester their review request arrived.
type ReviewAcknowledgementEmail struct {
	Lang      i18n.Lang // the requester's language (language.go)
	Authority string
	Request   *foi.Request
	DueOn     time.Time
	Seq       int64
}

// ReviewOutcomeEmail gives the decision of an internal review.
type ReviewOutcomeEmail struct {
	Lang      i18n.Lang // the requester's language (language.go)
	Authority string
	Request   *foi.Request
	Decision  string
	Seq       int64
}

// StaffNotificationEmail tells a member of staff about a case.
type StaffNotificationEmail struct {
	To      *foi.User
	Request *foi.Request
	Message string
	Seq     int64
}

// authorityName is how letters sign off: the authority_name setting.
func authorityName(ctx context.Context, r foi.Reader) (string, error) {
	v, err := r.FindSetting(ctx, "authority_name")
	switch {
	case foi.IsNotFound(err) || (err == nil && strings.TrimSpace(v) == ""):
		return "Your Council", nil
	case err != nil:
		return "", err
	}
	return strings.TrimSpace(v), nil
}

// queueEmail queues a rendered message for a request and records it on the
// request's timeline, inside the caller's transaction.
func queueEmail(ctx context.Context, tx foi.Tx, r *foi.Request, m *foi.OutboxMessage, actorID int64, actor string) error {
	m.RequestID = r.ID
	if err := m.Validate(); err != nil {
		return err
	}
	if err := tx.QueueMessage(ctx, m); err != nil {
		return err
	}
	return tx.AddEvent(ctx, &foi.Event{
		RequestID: r.ID, Type: foi.EventEmailQueued, ActorID: actorID, Actor: actor,
		Note: fmt.Sprintf("%s to %s: %s", m.Kind, m.To, m.Subject),
	})
}

// queuedKind is the kind of email an email-queued event records (the
// note queueEmail writes), or "" for any other event.
func queuedKind(e *foi.Event) string {
	if e.Type != foi.EventEmailQueued {
		return ""
	}
	kind, _, _ := strings.Cut(e.Note, " to ")
	return kind
}

// EmailKind is what the mail package made of a received message.
type EmailKind string

const (
	EmailNewRequest EmailKind = "new"      // to the FOI mailbox, from a person
	EmailReply      EmailKind = "reply"    // to a case address
	EmailAutomatic  EmailKind = "auto"     // an auto-reply or a bounce: never a request
	EmailUnsorted   EmailKind = "unsorted" // could not be parsed or sorted: the holding pen
)

// ReceivedEmail is a stored inbound message as the mail package parsed it.
type ReceivedEmail struct {
	InboundID   int64
	Kind        EmailKind
	CaseNumber  int // for a reply: the request its address names
	MessageID   string
	FromName    string
	FromEmail   string
	Subject     string
	Text        string
	Attachments []foi.AttachmentInfo
	// Files are the attached files' contents, copied to the case when the
	// message becomes a request or is threaded to one.
	Files []foi.Attachment
	Note  string // why it was sorted so (auto-reply kind, parse error)
}

// emailActor is who the audit trail says did what arrived by email.
const emailActor = "email"

// ReceiveEmail sorts one stored inbound message, once: a new message becomes
// a request (received by email on its day of arrival in UK time, with the
// acknowledgement queued in the same transaction), a reply is threaded to
// its case with a suggestion for staff, an automatic message is set aside,
// and anything that cannot become a valid request goes to the holding pen
// with the reason. A message already sorted (by another process, or before
// a crash) is returned as it is.
func (s *Service) ReceiveEmail(ctx context.Context, e ReceivedEmail) (*foi.InboundMessage, error) {
	var m *foi.InboundMessage
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		var err error
		if m, err = tx.FindInbound(ctx, e.InboundID); err != nil {
			return err
		}
		if m.Status != foi.InboundNew {
			return nil
		}
		m.MessageID, m.FromName, m.FromEmail = e.MessageID, e.FromName, e.FromEmail
		m.Subject, m.Text, m.Attachments, m.Note = e.Subject, e.Text, e.Attachments, e.Note
		// A second copy of a message (sent twice, or reaching both the SMTP
		// listener and the polled mailbox) is set aside, not made a second
		// request or reply; staff can still file it from the set-aside list.
		first := int64(0)
		if e.MessageID != "" && (e.Kind == EmailNewRequest || e.Kind == EmailReply) {
			if first, err = tx.FirstInboundWithMessageID(ctx, e.MessageID, m.ID); err != nil {
				return err
			}
		}
		switch {
		case first != 0:
			m.Status, m.Note = foi.InboundIgnored, fmt.Sprintf("a copy of inbound message %d (the same Message-ID)", first)
		case e.Kind == EmailAutomatic:
			m.Status = foi.InboundIgnored
		case e.Kind == EmailReply:
			err = s.threadReply(ctx, tx, m, foi.Reference{Number: e.CaseNumber}, 0, emailActor)
		case e.Kind == EmailNewRequest && foi.IsWDTKAddress(m.FromEmail):
			err = s.fromWDTK(ctx, tx, m)
		case e.Kind == EmailNewRequest:
			err = s.requestFromEmail(ctx, tx, m)
		default:
			m.Status = foi.InboundHoldingPen
		}
		if err == nil && m.RequestID != 0 {
			err = copyEmailFiles(ctx, tx, m, e.Files)
		}
		if err != nil {
			return err
		}
		return tx.UpdateInbound(ctx, m)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// requestFromEmail makes a request of a message to the FOI mailbox. A
// message that is not a valid request (FOIA s.8: a name, an address and a
// description of the information) goes to the holding pen with the reason,
// for staff to sort: it is never dropped.
func (s *Service) requestFromEmail(ctx context.Context, tx foi.Tx, m *foi.InboundMessage) error {
	text := strings.TrimSpace(m.Text)
	if text == "" {
		text = strings.TrimSpace(m.Subject)
	}
	in := NewRequest{
		Requester: foi.Requester{Name: m.FromName, Email: m.FromEmail},
		Text:      text,
		Channel:   foi.ChannelEmail,
		Language:  languageOfEmail(m.Subject + "\n" + text),
	}
	if foi.IsWDTKAddress(m.FromEmail) {
		// The exact address is the only one replies may go to, and the
		// subject is what WhatDoTheyKnow files them under.
		in.Channel = foi.ChannelWDTK
	}
	r, err := s.prepare(in, m.ReceivedAt)
	if err == nil && in.Channel == foi.ChannelWDTK {
		r.Subject = strings.TrimSpace(m.Subject)
	}
	if err == nil {
		// The sender's address is forgeable and gets the acknowledgement:
		// past RecipientLimit a message waits for staff instead.
		if err = s.countAttempt(ctx, tx, RecipientKey(r.Requester.Email), RecipientLimit); foi.ErrorCode(err) == foi.ETOOMANY {
			m.Status, m.Note = foi.InboundHoldingPen, fmt.Sprintf("more than %d requests from this address in a day: held so that no acknowledgement is sent; make it a request if it is genuine", RecipientLimit.Max)
			return nil
		}
	}
	if err == nil {
		err = s.create(ctx, tx, r, in, 0, emailActor)
	}
	if code := foi.ErrorCode(err); code == foi.EINVALID {
		m.Status, m.Note = foi.InboundHoldingPen, "not a valid request: "+foi.ErrorMessage(err)
		return nil
	} else if err != nil {
		return err
	}
	m.Status, m.RequestID = foi.InboundRequestCreated, r.ID
	return nil
}

// threadReply attaches a reply to its case and suggests what it is: an
// answer to a clarification request while the case waits for one, a
// request for internal review once it has been answered. Staff confirm the
// suggestion with a clock event; nothing changes the clock by itself.
// Staff filing a message from the holding pen are the actor; else email.
func (s *Service) threadReply(ctx context.Context, tx foi.Tx, m *foi.InboundMessage, ref foi.Reference, actorID int64, actor string) error {
	r, err := tx.FindRequest(ctx, ref)
	if foi.IsNotFound(err) && actor == emailActor {
		m.Status, m.Note = foi.InboundHoldingPen, fmt.Sprintf("sent to the address of request %d, which does not exist", ref.Number)
		return nil
	} else if err != nil {
		return err
	}
	switch r.Status {
	case foi.StatusAwaitingClarification:
		m.Suggestion = foi.EventClarificationReceived
	case foi.StatusResponded, foi.StatusClosed:
		if asksForReview(m.Subject + "\n" + m.Text) {
			m.Suggestion = foi.EventReviewRequested
		}
	}
	note := fmt.Sprintf("from %s: %q (inbound message %d)", m.FromEmail, m.Subject, m.ID)
	if m.Suggestion != "" {
		note += "; suggested: " + m.Suggestion
	}
	if len(m.Attachments) > 0 {
		note += fmt.Sprintf("; %d attachment(s)", len(m.Attachments))
	}
	m.Status, m.RequestID = foi.InboundThreaded, r.ID
	return tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: foi.EventEmailReceived, ActorID: actorID, Actor: actor, Note: note})
}

// copyEmailFiles copies the files that came with an inbound message to its
// case, in the transaction that files the message: not marked for release,
// with the message they came from. A file that could not be uploaded (too
// large, a type not accepted) is not copied; the case says so, and it
// stays in the stored message.
func copyEmailFiles(ctx context.Context, tx foi.Tx, m *foi.InboundMessage, files []foi.Attachment) error {
	for _, f := range files {
		name, contentType, err := checkFile(f.Filename, f.Data)
		note := ""
		if err != nil {
			if foi.ErrorCode(err) != foi.EINVALID {
				return err
			}
			note = fmt.Sprintf("%s from email (inbound message %d) not copied: %s; it stays in the stored message",
				f.Filename, m.ID, foi.ErrorMessage(err))
		} else {
			sum := sha256.Sum256(f.Data)
			a := &foi.CaseAttachment{RequestID: m.RequestID, Name: name, ContentType: contentType,
				Hash: hex.EncodeToString(sum[:]), Size: int64(len(f.Data)), UploadedBy: emailActor, InboundID: m.ID}
			if err := tx.PutBlob(ctx, a.Hash, f.Data); err != nil {
				return err
			}
			if err := tx.CreateAttachment(ctx, a); err != nil {
				return err
			}
			note = fmt.Sprintf("%s (%d bytes, sha256 %s)%s, from email (inbound message %d)",
				name, a.Size, a.Hash[:12], releaseNote(false), m.ID)
		}
		if err := tx.AddEvent(ctx, &foi.Event{RequestID: m.RequestID, Type: EventAttachment, Actor: emailActor, Note: note}); err != nil {
			return err
		}
	}
	return nil
}

// asksForReview reports whether a reply to an answered request asks for an
// internal review. It only suggests: staff decide.
func asksForReview(s string) bool {
	s = strings.ToLower(s)
	return strings.Contains(s, "review") || strings.Contains(s, "appeal") || strings.Contains(s, "not satisfied") ||
		strings.Contains(s, "dissatisfied")
}

// queueForEvent queues the email a clock event sends the requester, in the
// event's transaction. Recording "responded" through the clock-event API
// sends the answered parts with the files marked for release; a response
// sent as a letter is emailed as the letter instead (queueLetter).
func (s *Service) queueForEvent(ctx context.Context, tx foi.Tx, r *foi.Request, e *foi.Event, ev ClockEvent) error {
	if s.Mail == nil || r.Requester.Email == "" || e.Type != foi.EventResponded || ev.byLetter {
		return nil
	}
	lang, err := requesterLang(ctx, tx, r)
	if err != nil {
		return err
	}
	authority, err := authorityNameIn(ctx, tx, lang)
	if err != nil {
		return err
	}
	files, err := s.releasedFiles(ctx, tx, r, e.ActorID, e.Actor)
	if err != nil {
		return err
	}
	m, err := s.Mail.Response(ResponseEmail{Authority: authority, Request: r, Attachments: files, Lang: lang})
	if err != nil {
		return err
	}
	return queueEmail(ctx, tx, r, m, e.ActorID, e.Actor)
}

// queueLetter queues a sent letter as an email to the requester, inside
// the transaction that marks it sent. A response or refusal carries the
// files marked for release.
func (s *Service) queueLetter(ctx context.Context, tx foi.Tx, r *foi.Request, l *foi.Letter, actor *foi.User) error {
	if s.Mail == nil || r.Requester.Email == "" {
		return nil
	}
	lang, err := requesterLang(ctx, tx, r)
	if err != nil {
		return err
	}
	authority, err := authorityNameIn(ctx, tx, lang)
	if err != nil {
		return err
	}
	var files []foi.Attachment
	if l.Kind == foi.LetterResponse || l.Kind == foi.LetterRefusal {
		if files, err = s.releasedFiles(ctx, tx, r, actor.ID, actor.Name); err != nil {
			return err
		}
	}
	m, err := s.Mail.Letter(LetterEmail{Authority: authority, Request: r, Letter: l, Attachments: files, Lang: lang})
	if err != nil {
		return err
	}
	return queueEmail(ctx, tx, r, m, actor.ID, actor.Name)
}

// releasedFiles are the case's attachments marked for release, with their
// contents, in the order they were added. No file leaves with an open
// finding: a file not inspected as it is now is inspected first, and any
// open finding refuses the whole send (the caller's transaction rolls
// back). Which files went, by name and hash, is recorded on the case.
func (s *Service) releasedFiles(ctx context.Context, tx foi.Tx, r *foi.Request, actorID int64, actor string) ([]foi.Attachment, error) {
	items, list, err := s.releasedItems(ctx, tx, r)
	if err != nil {
		return nil, err
	}
	if err := s.blockRelease(ctx, tx, r, items, actorID, actor, "Sending the files marked for release"); err != nil {
		return nil, err
	}
	var files []foi.Attachment
	for _, a := range list {
		data, err := tx.FindBlob(ctx, a.Hash)
		if err != nil {
			return nil, err
		}
		files = append(files, foi.Attachment{Filename: a.Name, ContentType: a.ContentType, Data: data})
	}
	return files, recordReleased(ctx, tx, r, list, actorID, actor, "emailed to the requester")
}

// recordReleased records on the case which files were released, by name
// and hash, and how.
func recordReleased(ctx context.Context, tx foi.Tx, r *foi.Request, list []*foi.CaseAttachment, actorID int64, actor, how string) error {
	if len(list) == 0 {
		return nil
	}
	var names []string
	for _, a := range list {
		names = append(names, fmt.Sprintf("%s (attachment %d, sha256 %s)", a.Name, a.ID, a.Hash[:12]))
	}
	return tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: EventFilesReleased, ActorID: actorID, Actor: actor,
		Note: how + ": " + strings.Join(names, "; ")})
}

// releasedAttachments are the case's attachments marked for release to the
// requester, in the order they were added: what the response letter
// carries, what the requester's tracking page offers, and what may be
// published with the entry.
func releasedAttachments(ctx context.Context, rd foi.Reader, requestID int64) ([]*foi.CaseAttachment, error) {
	list, err := rd.FindAttachments(ctx, requestID)
	if err != nil {
		return nil, err
	}
	var released []*foi.CaseAttachment
	for _, a := range list {
		if a.Release {
			released = append(released, a)
		}
	}
	return released, nil
}
