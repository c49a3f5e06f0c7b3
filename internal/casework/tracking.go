// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"disclose/internal/clock"
	"disclose/internal/foi"
)

// A requester follows their request through a private tracking link
// (/track/SECRET): no account, nothing to remember. The secret is 256
// random bits, shown once (on the confirmation page and in the
// acknowledgement email) and stored only as its SHA-256, so the database
// cannot hand out links. Staff can revoke a link that leaked and issue a
// new one.

// newTrackingSecret returns a link secret and the hash to store.
func newTrackingSecret() (secret, hash string) {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	secret = base64.RawURLEncoding.EncodeToString(b)
	return secret, hashTrackingSecret(secret)
}

func hashTrackingSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// issueTrackingLink creates a tracking link for r inside tx.
func issueTrackingLink(ctx context.Context, tx foi.Tx, r *foi.Request) (string, error) {
	secret, hash := newTrackingSecret()
	if err := tx.CreateTrackingToken(ctx, &foi.TrackingToken{RequestID: r.ID, Hash: hash}); err != nil {
		return "", err
	}
	return secret, nil
}

// SubmitPublicRequest is SubmitRequest for a member of the public on the
// website or the anonymous API. In the same transaction it counts the
// request against the sender's SubmitLimit (client is ClientKey of their
// address) and, when it gives an email address, RecipientLimit, and issues
// the requester's tracking link, whose secret it returns for the
// confirmation page; the queued acknowledgement carries it too
// (AcknowledgementEmail.TrackingPath).
func (s *Service) SubmitPublicRequest(ctx context.Context, client string, in NewRequest) (*foi.Request, string, error) {
	if in.Regime != "" || in.Channel != "" || !in.ReceivedOn.IsZero() || !in.Reference.IsZero() {
		return nil, "", foi.Errorf(foi.EFORBIDDEN, "only staff may set regime, channel, received_on or reference")
	}
	r, err := s.prepare(in, s.Now())
	if err != nil {
		return nil, "", err
	}
	var secret string
	in.tracking = &secret
	err = s.Store.Update(ctx, func(tx foi.Tx) error {
		if err := s.countAttempt(ctx, tx, client, SubmitLimit); err != nil {
			return err
		}
		if r.Requester.Email != "" {
			if err := s.countAttempt(ctx, tx, RecipientKey(r.Requester.Email), RecipientLimit); err != nil {
				return err
			}
		}
		return s.create(ctx, tx, r, in, 0, requesterActor)
	})
	if err != nil {
		return nil, "", err
	}
	return r, secret, nil
}

// TrackingPath is the path of a tracking link on the public site.
func TrackingPath(secret string) string { return "/track/" + secret }

// IssueTrackingLink gives a request a new tracking link (staff only: for a
// request that came by post or phone, or to replace a revoked one) and
// returns its secret.
func (s *Service) IssueTrackingLink(ctx context.Context, actor *foi.User, ref foi.Reference) (string, error) {
	if err := requireCaseworker(actor); err != nil {
		return "", err
	}
	var secret string
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		r, err := tx.FindRequest(ctx, ref)
		if err != nil {
			return err
		}
		if secret, err = issueTrackingLink(ctx, tx, r); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: EventTrackingLinkIssued, ActorID: actor.ID, Actor: actor.Name,
			Note: "a new tracking link was issued for the requester"})
	})
	return secret, err
}

// RevokeTrackingLinks cuts off every tracking link of a request (staff
// only), for a link that was forwarded or leaked.
func (s *Service) RevokeTrackingLinks(ctx context.Context, actor *foi.User, ref foi.Reference) (int, error) {
	if err := requireCaseworker(actor); err != nil {
		return 0, err
	}
	var n int
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		r, err := tx.FindRequest(ctx, ref)
		if err != nil {
			return err
		}
		if n, err = tx.RevokeTrackingTokens(ctx, r.ID); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: EventTrackingLinkRevoked, ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("%d tracking link(s) revoked", n)})
	})
	return n, err
}

// Audit events of tracking links.
const (
	EventTrackingLinkIssued  = foi.EventTrackingLinkIssued
	EventTrackingLinkRevoked = foi.EventTrackingLinkRevoked
)

// Tracked is what a requester sees of their request through the link. It
// carries nothing they did not already know or are not owed: no requester
// details (a forwarded link shows no one's address), no staff names or
// notes, and answers only once the response has been sent.
type Tracked struct {
	Request *foi.Request // Requester blanked; part answers blank until Responded
	// Responded is true once the response was sent: the answers are final.
	Responded bool
	// History is the request's clock events in order (type and date only),
	// with any variation of the time for compliance (SI 2004/3364).
	History []*foi.Event
	// ReviewBy is the last day to ask for an internal review without being
	// late (40 working days after the response); zero before the response.
	ReviewBy  time.Time
	CanReview bool // responded, and no review under way or decided
	// Review is the latest internal review, as the requester sees it (no
	// reviewer, no staff notes); nil when none was asked for.
	Review *TrackedReview
	// Complaint is where to go next once the review is decided, or once
	// its due date has passed without a decision; nil before then.
	Complaint   *ComplaintRoute
	CanWithdraw bool // still being worked on
	// Acknowledged is true when an acknowledgement was emailed to the
	// requester (queued in the outbox with the request).
	Acknowledged bool
	// Files are the files released with the response, to download; none
	// until the response is sent.
	Files []*foi.CaseAttachment
}

// requesterActor is the audit trail's name for the public acting through
// a link, and requesterUser the actor the event code records (no account,
// so id 0, as for every public action).
const requesterActor = "requester"

var requesterUser = &foi.User{Name: requesterActor}

// TrackRequest opens a request through its tracking link and records the
// view in the audit trail.
func (s *Service) TrackRequest(ctx context.Context, secret string) (*Tracked, error) {
	var t *Tracked
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		r, err := s.trackedRequest(ctx, tx, secret)
		if err != nil {
			return err
		}
		if err := tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: foi.EventViewed, Actor: requesterActor,
			Note: "viewed by requester via tracking link"}); err != nil {
			return err
		}
		events, err := tx.FindEvents(ctx, r.ID)
		if err != nil {
			return err
		}
		reviews, err := tx.FindReviews(ctx, r.ID)
		if err != nil {
			return err
		}
		if t, err = s.tracked(r, events, reviews); err != nil {
			return err
		}
		if t.Responded {
			t.Files, err = clearedAttachments(ctx, tx, r)
		}
		return err
	})
	return t, err
}

// TrackedFile returns a file released with the response, for the
// requester behind a tracking link, and records the download in the audit
// trail.
func (s *Service) TrackedFile(ctx context.Context, secret string, id int64) (*foi.CaseAttachment, []byte, error) {
	var (
		file *foi.CaseAttachment
		data []byte
	)
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		r, err := s.trackedRequest(ctx, tx, secret)
		if err != nil {
			return err
		}
		notFound := foi.Errorf(foi.ENOTFOUND, "%s has no file %d released to you", r.Reference, id)
		if !responded(r) {
			return notFound
		}
		released, err := clearedAttachments(ctx, tx, r)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(released, func(a *foi.CaseAttachment) bool { return a.ID == id })
		if i < 0 {
			return notFound
		}
		file = released[i]
		if data, err = tx.FindBlob(ctx, file.Hash); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: foi.EventViewed, Actor: requesterActor,
			Note: "downloaded " + file.Name + " via tracking link"})
	})
	if err != nil {
		return nil, nil, err
	}
	return file, data, nil
}

// responded reports whether the response was sent, so its answers and
// files are final and the requester's.
func responded(r *foi.Request) bool {
	return !r.RespondedOn.IsZero() && (r.Status == foi.StatusResponded || r.Status == foi.StatusInReview || r.Status == foi.StatusClosed)
}

// trackedRequest finds and locks the request a working link belongs to.
func (s *Service) trackedRequest(ctx context.Context, tx foi.Tx, secret string) (*foi.Request, error) {
	notFound := foi.Errorf(foi.ENOTFOUND, "This tracking link is not recognised. Check you copied the whole link; if it still does not work, it may have been replaced: contact us for a new one.")
	if secret == "" || len(secret) > 100 {
		return nil, notFound
	}
	tok, err := tx.FindTrackingToken(ctx, hashTrackingSecret(secret))
	if foi.IsNotFound(err) || (err == nil && tok.Revoked()) {
		return nil, notFound
	}
	if err != nil {
		return nil, err
	}
	r, err := tx.FindRequestByID(ctx, tok.RequestID)
	if err != nil {
		return nil, err
	}
	return tx.FindRequest(ctx, r.Reference) // locks it for the rest of the transaction
}

// TrackedReview is an internal review as the requester sees it.
type TrackedReview struct {
	RequestedOn, DueOn, CompletedOn time.Time
	Outcome                         foi.ReviewOutcome
	Changed                         []int // the parts whose answer the review changed
}

func (s *Service) tracked(r *foi.Request, events []*foi.Event, reviews []*foi.Review) (*Tracked, error) {
	t := &Tracked{Request: r}
	cp := *r
	cp.Requester = foi.Requester{}
	cp.Parts = append([]foi.Part(nil), r.Parts...)
	t.Request = &cp
	t.Responded = responded(r)
	if !t.Responded {
		for i := range cp.Parts {
			cp.Parts[i].Answer, cp.Parts[i].Outcome, cp.Parts[i].Exemptions = "", "", nil
		}
	}
	for i := range cp.Parts {
		cp.Parts[i].PublicInterest = "" // in the response letter, not here
	}
	for _, e := range events {
		if queuedKind(e) == foi.EmailAcknowledgement {
			t.Acknowledged = true
		}
		if e.Type == foi.EventCreated || foi.IsClockEvent(e.Type) || e.Type == foi.EventTimeVaried { // the variation moves the date they see
			t.History = append(t.History, &foi.Event{Type: e.Type, On: e.On, At: e.At})
		}
	}
	if t.Responded {
		by, err := s.Calendar().ReviewWindow(r.Regime, clock.DateOf(r.RespondedOn))
		if err != nil {
			return nil, foi.Errorf(foi.EINVALID, "cannot compute the review window: %v", err)
		}
		t.ReviewBy = by.Time()
	}
	t.CanReview = r.Status == foi.StatusResponded
	if n := len(reviews); n > 0 {
		rv := reviews[n-1]
		t.Review = &TrackedReview{RequestedOn: rv.RequestedOn, DueOn: rv.DueOn, CompletedOn: rv.CompletedOn, Outcome: rv.Outcome}
		for _, d := range rv.Decisions {
			if d.Outcome == foi.ReviewOverturned {
				t.Review.Changed = append(t.Review.Changed, d.Number)
			}
		}
		switch {
		case !rv.Open():
			c := ComplaintAfterReview(r.Regime, rv.CompletedOn)
			t.Complaint = &c
		case s.today().After(rv.DueOn):
			// No decision in time: the requester may go to the regulator
			// (ICO complaint triage; FOISA s.47(4)(b) counts from the
			// review's deadline).
			c := ComplaintAfterReview(r.Regime, rv.DueOn)
			t.Complaint = &c
		}
	}
	t.CanWithdraw = r.Status.Open()
	return t, nil
}

// MaxReasonText bounds what a requester writes when asking for a review
// or withdrawing.
const MaxReasonText = 10_000

func checkReason(reason string, required bool, what string) (string, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case required && reason == "":
		return "", foi.Errorf(foi.EINVALID, "Enter %s", what)
	case !utf8.ValidString(reason):
		return "", foi.Errorf(foi.EINVALID, "%s contains characters we cannot read", what)
	case len(reason) > MaxReasonText:
		return "", foi.Errorf(foi.EINVALID, "%s must be %d characters or fewer (it has %d)", capitalise(what), MaxReasonText, len(reason))
	}
	return reason, nil
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// RequestReview records the requester's request for an internal review
// (FOIA: s.45 Code of Practice; EIR reg 11; FOISA s.20; EISR reg 16)
// through their tracking link, and opens the review. The requester should
// ask within 40 working days of the response; a late request is still
// accepted and recorded — only a person may decide to refuse it — but the
// review and its event say it was late.
func (s *Service) RequestReview(ctx context.Context, secret, reason string) (*foi.Request, error) {
	reason, err := checkReason(reason, true, "why you want a review")
	if err != nil {
		return nil, err
	}
	today := s.today()
	var r *foi.Request
	err = s.Store.Update(ctx, func(tx foi.Tx) error {
		var err error
		if r, err = s.trackedRequest(ctx, tx, secret); err != nil {
			return err
		}
		switch {
		case r.Status == foi.StatusInReview:
			return foi.Errorf(foi.ECONFLICT, "You have already asked for a review of %s. We will write to you with the outcome.", r.Reference)
		case r.Status == foi.StatusClosed:
			return foi.Errorf(foi.ECONFLICT, "We have already reviewed our response to %s. If you are still unhappy, you can complain to the %s.", r.Reference, r.Regime.Regulator())
		case r.Status != foi.StatusResponded:
			return foi.Errorf(foi.ECONFLICT, "You can ask for a review of %s once we have sent our response.", r.Reference)
		}
		// openReview (review.go) opens the review with the reason as its
		// grounds, and flags a request made after the window as late.
		_, err = s.applyEvent(ctx, tx, requesterUser, r, ClockEvent{Type: foi.EventReviewRequested, On: today, Note: reason}, nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Withdraw records that the requester withdrew their request through the
// tracking link. Only a request still being worked on can be withdrawn.
func (s *Service) Withdraw(ctx context.Context, secret, reason string) (*foi.Request, error) {
	reason, err := checkReason(reason, false, "your reason")
	if err != nil {
		return nil, err
	}
	var r *foi.Request
	err = s.Store.Update(ctx, func(tx foi.Tx) error {
		var err error
		if r, err = s.trackedRequest(ctx, tx, secret); err != nil {
			return err
		}
		switch {
		case r.Status == foi.StatusWithdrawn:
			return foi.Errorf(foi.ECONFLICT, "You have already withdrawn %s.", r.Reference)
		case !r.Status.Open():
			return foi.Errorf(foi.ECONFLICT, "%s has been answered, so it can no longer be withdrawn.", r.Reference)
		}
		note := "withdrawn by the requester via tracking link"
		if reason != "" {
			note += "\nReason: " + reason
		}
		_, err = s.applyEvent(ctx, tx, requesterUser, r, ClockEvent{Type: foi.EventWithdrawn, Note: note}, nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}
