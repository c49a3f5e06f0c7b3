// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

func submitPublic(t *testing.T, svc *casework.Service, client string) (*foi.Request, string) {
	t.Helper()
	r, secret, err := svc.SubmitPublicRequest(ctx, client, casework.NewRequest{
		Requester: foi.Requester{Name: "Pat Public", Email: "pat@example.org", Address: "1 Secret Lane"},
		Text:      "1. How many libraries are there?\n2. What did they cost in 2025?",
	})
	if err != nil {
		t.Fatalf("SubmitPublicRequest: %v", err)
	}
	return r, secret
}

func TestTrackingLinkIsStoredOnlyAsAHash(t *testing.T) {
	svc := newService(t)
	r, secret := submitPublic(t, svc, "192.0.2.10")
	if len(secret) < 40 {
		t.Fatalf("tracking secret %q is too short to be unguessable", secret)
	}
	if _, err := svc.Store.FindTrackingToken(ctx, secret); !foi.IsNotFound(err) {
		t.Errorf("the secret itself is stored: %v", err)
	}
	sum := sha256.Sum256([]byte(secret))
	tok, err := svc.Store.FindTrackingToken(ctx, hex.EncodeToString(sum[:]))
	if err != nil || tok.RequestID != r.ID {
		t.Fatalf("the hash of the secret does not find request %d: %+v, %v", r.ID, tok, err)
	}
	_, other := submitPublic(t, svc, "192.0.2.10")
	if other == secret {
		t.Error("two requests got the same tracking secret")
	}
}

func TestTrackRequestShowsNoPersonalDataOrDraftsAndIsAudited(t *testing.T) {
	svc := newService(t)
	r, secret := submitPublic(t, svc, "192.0.2.10")
	if _, err := svc.AnswerPart(ctx, officer, r.Reference, 1, casework.Answer{Text: "Draft: 12", Outcome: foi.Granted}); err != nil {
		t.Fatal(err)
	}
	got, err := svc.TrackRequest(ctx, secret)
	if err != nil {
		t.Fatal(err)
	}
	if got.Request.Requester != (foi.Requester{}) {
		t.Errorf("tracking view carries the requester: %+v", got.Request.Requester)
	}
	if got.Responded || got.Request.Parts[0].Answer != "" || got.Request.Parts[0].Outcome != "" {
		t.Errorf("a draft answer shows before the response is sent: %+v", got.Request.Parts[0])
	}
	if !got.CanWithdraw || got.CanReview {
		t.Errorf("an open request: can withdraw %v, can review %v; want true, false", got.CanWithdraw, got.CanReview)
	}
	_, events, _ := svc.FindRequest(ctx, officer, r.Reference)
	var views []string
	for _, e := range events {
		if e.Type == foi.EventViewed && e.Actor == "requester" {
			views = append(views, e.Note)
		}
	}
	if len(views) != 1 || views[0] != "viewed by requester via tracking link" {
		t.Errorf("requester views in the audit trail = %q, want one", views)
	}
	for _, bad := range []string{"", "nonsense", secret + "x", strings.Repeat("a", 500)} {
		if _, err := svc.TrackRequest(ctx, bad); !foi.IsNotFound(err) {
			t.Errorf("TrackRequest(%.10q): %v, want not found", bad, err)
		}
	}
}

func TestRevokedTrackingLinkStopsWorking(t *testing.T) {
	svc := newService(t)
	r, secret := submitPublic(t, svc, "192.0.2.10")
	if _, err := svc.RevokeTrackingLinks(ctx, nil, r.Reference); foi.ErrorCode(err) != foi.EUNAUTH {
		t.Errorf("the public revoking links: %v, want unauthorised", err)
	}
	if n, err := svc.RevokeTrackingLinks(ctx, officer, r.Reference); err != nil || n != 1 {
		t.Fatalf("revoked %d (%v), want 1", n, err)
	}
	if _, err := svc.TrackRequest(ctx, secret); !foi.IsNotFound(err) {
		t.Errorf("revoked link: %v, want not found", err)
	}
	fresh, err := svc.IssueTrackingLink(ctx, officer, r.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := svc.TrackRequest(ctx, fresh); err != nil || got.Request.Reference != r.Reference {
		t.Errorf("a newly issued link: %v", err)
	}
}

func TestPublicSubmissionsAreRateLimited(t *testing.T) {
	svc := newService(t)
	for i := 0; i < casework.SubmitLimit.Max; i++ {
		submitPublic(t, svc, "192.0.2.10")
	}
	_, _, err := svc.SubmitPublicRequest(ctx, "192.0.2.10", casework.NewRequest{
		Requester: foi.Requester{Name: "Pat", Email: "pat@example.org"}, Text: "One more?"})
	if foi.ErrorCode(err) != foi.ETOOMANY || !strings.Contains(foi.ErrorMessage(err), "Try again after 11:00am") {
		t.Errorf("request %d in the hour: %v, want a rate-limit error saying when to try again", casework.SubmitLimit.Max+1, err)
	}
	if _, n, _ := svc.Store.FindRequests(ctx, foi.RequestFilter{}); n != casework.SubmitLimit.Max {
		t.Errorf("%d requests stored, want %d: the refused one must not be", n, casework.SubmitLimit.Max)
	}
	// Another address is not affected.
	if _, _, err := svc.SubmitPublicRequest(ctx, "198.51.100.7", casework.NewRequest{
		Requester: foi.Requester{Name: "Pat", Email: "pat2@example.org"}, Text: "One more?"}); err != nil {
		t.Errorf("another address: %v", err)
	}
}

func TestClientKey(t *testing.T) {
	for in, want := range map[string]string{
		"192.0.2.10":           "192.0.2.10",
		"::ffff:192.0.2.10":    "192.0.2.10",
		"2001:db8:1:2:3:4:5:6": "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff::9": "2001:db8:1:2::/64",
		"not an address":       "unknown",
	} {
		if got := casework.ClientKey(in); got != want {
			t.Errorf("ClientKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// respond answers every part of r and records the response on the date.
func respond(t *testing.T, svc *casework.Service, r *foi.Request, on string) {
	t.Helper()
	for _, p := range r.Parts {
		if _, err := svc.AnswerPart(ctx, officer, r.Reference, p.Number, casework.Answer{Text: "Answer " + p.Label, Outcome: foi.Granted}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventResponded, On: date(on)}); err != nil {
		t.Fatal(err)
	}
}

func TestRequestReviewThroughTheTrackingLink(t *testing.T) {
	svc := newService(t)
	r, secret := submitPublic(t, svc, "192.0.2.10")
	if _, err := svc.RequestReview(ctx, secret, "I disagree"); foi.ErrorCode(err) != foi.ECONFLICT ||
		!strings.Contains(foi.ErrorMessage(err), "once we have sent our response") {
		t.Errorf("review before the response: %v", err)
	}
	respond(t, svc, r, "2026-11-25")
	tr, err := svc.TrackRequest(ctx, secret)
	if err != nil {
		t.Fatal(err)
	}
	if !tr.Responded || tr.Request.Parts[0].Answer != "Answer 1" || !tr.CanReview || tr.CanWithdraw {
		t.Errorf("after the response: %+v", tr)
	}
	// 40 working days after Wed 25 Nov 2026; under FOIA a bank holiday in
	// any part of the UK (St Andrew's Day, 4 January in Scotland) is not a
	// working day (s.10(6)).
	if got := foi.FormatDate(tr.ReviewBy); got != "2027-01-27" {
		t.Errorf("review window ends %s, want 2027-01-27", got)
	}
	if _, err := svc.RequestReview(ctx, secret, "   "); foi.ErrorCode(err) != foi.EINVALID {
		t.Errorf("a review with no reason: %v, want invalid", err)
	}
	got, err := svc.RequestReview(ctx, secret, "The cost figure for 2025 is missing.")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != foi.StatusInReview {
		t.Errorf("status %s, want in-review", got.Status)
	}
	e := lastEvent(t, svc, r.Reference, foi.EventReviewRequested)
	if e.Actor != "requester" || e.ActorID != 0 || strings.Contains(e.Note, "Late") || !strings.Contains(e.Note, "The cost figure for 2025 is missing.") {
		t.Errorf("review event = %+v", e)
	}
	if _, err := svc.RequestReview(ctx, secret, "again"); foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("a second review request: %v, want conflict", err)
	}
}

func TestLateReviewIsAcceptedButFlagged(t *testing.T) {
	svc := newService(t)
	// A request staff logged as received in February, answered that month.
	old := submit(t, svc, foi.FOIA, "2026-02-02", "How many?")
	respond(t, svc, old, "2026-02-27")
	secret, err := svc.IssueTrackingLink(ctx, officer, old.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RequestReview(ctx, secret, "Too slow, and wrong."); err != nil {
		t.Fatalf("a late review request was refused: %v", err)
	}
	e := lastEvent(t, svc, old.Reference, foi.EventReviewRequested)
	// 27 Feb 2026 + 40 working days, skipping St Patrick's Day and Easter.
	if !strings.Contains(e.Note, "Late: asked for after the window closed on 2026-04-29") {
		t.Errorf("late review note = %q, want it flagged LATE with the window's end", e.Note)
	}
}

func TestWithdrawThroughTheTrackingLink(t *testing.T) {
	svc := newService(t)
	r, secret := submitPublic(t, svc, "192.0.2.10")
	got, err := svc.Withdraw(ctx, secret, "Found it on your website.")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != foi.StatusWithdrawn || got.Outcome != foi.Withdrawn {
		t.Errorf("after withdrawing: %s, %s", got.Status, got.Outcome)
	}
	if e := lastEvent(t, svc, r.Reference, foi.EventWithdrawn); e.Actor != "requester" || !strings.Contains(e.Note, "Found it") {
		t.Errorf("withdrawn event = %+v", e)
	}
	if _, err := svc.Withdraw(ctx, secret, ""); foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("withdrawing twice: %v, want conflict", err)
	}
}

func lastEvent(t *testing.T, svc *casework.Service, ref foi.Reference, typ string) *foi.Event {
	t.Helper()
	_, events, err := svc.FindRequest(ctx, officer, ref)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(events) - 1; i >= 0; i-- {
		if events[i].Type == typ {
			return events[i]
		}
	}
	t.Fatalf("no %s event", typ)
	return nil
}

// ackRecorder is a Mailer that keeps the acknowledgements it is asked for;
// the other emails are not part of these tests.
type ackRecorder struct {
	casework.Mailer
	acks []casework.AcknowledgementEmail
}

func (m *ackRecorder) Acknowledgement(d casework.AcknowledgementEmail) (*foi.OutboxMessage, error) {
	m.acks = append(m.acks, d)
	return &foi.OutboxMessage{Kind: foi.EmailAcknowledgement, Key: "ack-" + d.Request.Reference.Slug(),
		From: "foi@council.example", To: d.Request.Requester.Email, Subject: "received", Text: "received"}, nil
}

func TestAcknowledgementCarriesTheTrackingLink(t *testing.T) {
	svc := newService(t)
	m := &ackRecorder{}
	svc.Mail = m
	_, secret := submitPublic(t, svc, "192.0.2.10")
	if len(m.acks) != 1 || m.acks[0].TrackingPath != "/track/"+secret {
		t.Fatalf("acknowledgements = %+v, want one with the tracking path /track/%s", m.acks, secret)
	}
	submit(t, svc, foi.FOIA, "2026-11-20", "Logged by staff")
	if len(m.acks) != 2 || m.acks[1].TrackingPath != "" {
		t.Errorf("a staff-logged request's acknowledgement has tracking path %q, want none", m.acks[1].TrackingPath)
	}
}
