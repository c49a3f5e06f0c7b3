// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// The holding pen: staff read a held message (headers, text, attachments,
// the raw download, which is recorded), make a request of it (received
// the day it arrived, its file copied to the case), file another on a case
// by reference, and discard a third with a reason.
func TestHoldingPen(t *testing.T) {
	f := newStaffFixture(t)
	officer := f.signedIn(t, foi.RoleOfficer)
	held := "/staff/mail/" + itoa(f.inbound)

	_, body := f.get(t, officer, "/staff/mail")
	if !strings.Contains(body, "Parking fines") || !strings.Contains(body, "requester&#39;s name is required") {
		t.Fatalf("the holding pen does not list the held message with its reason:\n%s", body)
	}
	_, body = f.get(t, officer, held)
	for _, want := range []string{"pat@example.net", "&lt;held-1@example.net&gt;", "Orsett Road in 2025", "orsett road.pdf (application/pdf"} {
		if !strings.Contains(body, want) {
			t.Errorf("the message page lacks %q", want)
		}
	}
	resp, raw := f.get(t, officer, held+"/raw")
	if raw != heldEmail || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") ||
		resp.Header.Get("Content-Security-Policy") != "sandbox" {
		t.Errorf("raw download: %q, disposition %q", raw[:min(40, len(raw))], resp.Header.Get("Content-Disposition"))
	}

	// Without a name it is still not a request; with one it is.
	resp, body = f.postBody(t, officer, held+"/request", url.Values{"name": {""}, "email": {"pat@example.net"}, "text": {"How many parking fines?"}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "govuk-error-summary") {
		t.Fatalf("a request without a name: %d", resp.StatusCode)
	}
	resp = f.post(t, officer, held+"/request", url.Values{"name": {"Pat Driver"}, "email": {"pat@example.net"},
		"text": {"How many parking fines were issued on Orsett Road in 2025?"}})
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "notice=created") {
		t.Fatalf("make a request: %d to %q", resp.StatusCode, loc)
	}
	ref := mustRef(t, strings.TrimPrefix(strings.Split(loc, "?")[0], "/staff/cases/"))
	r, err := f.svc.Store.FindRequest(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	if r.Requester.Name != "Pat Driver" || r.Channel != foi.ChannelEmail || foi.FormatDate(r.ReceivedOn) != "2026-11-25" {
		t.Errorf("request from the held email: %+v by %s on %s", r.Requester, r.Channel, foi.FormatDate(r.ReceivedOn))
	}
	events, _ := f.svc.Store.FindEvents(ctx, r.ID)
	if len(events) < 2 || events[1].Type != foi.EventEmailReceived || events[1].Actor != "Olu Officer" ||
		!strings.Contains(events[1].Note, "inbound message "+itoa(f.inbound)) {
		t.Errorf("the new case's second event = %+v, want the email received, filed by the officer", events[1])
	}
	files, _ := f.svc.Store.FindAttachments(ctx, r.ID)
	if len(files) != 1 || files[0].Name != "orsett road.pdf" || files[0].InboundID != f.inbound || files[0].Release {
		t.Errorf("case attachments = %+v, want the PDF from the email, not for release", files)
	}
	if resp := f.post(t, officer, held+"/request", url.Values{"name": {"Pat Driver"}, "email": {"pat@example.net"}, "text": {"again"}}); resp.StatusCode != http.StatusConflict {
		t.Errorf("filing a message twice: %d, want 409", resp.StatusCode)
	}
	if _, body := f.get(t, officer, "/staff/mail"); strings.Contains(body, "Parking fines") {
		t.Errorf("a filed message is still in the holding pen")
	}

	// Another is filed on the seed case by its reference.
	second := "/staff/mail/" + itoa(f.holdEmail(t, strings.Replace(heldEmail, "held-1", "held-2", 1)))
	resp, body = f.postBody(t, officer, second+"/thread", url.Values{"reference": {"FOI 999999"}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "not found") {
		t.Errorf("filing on a case that does not exist: %d", resp.StatusCode)
	}
	if resp := f.post(t, officer, second+"/thread", url.Values{"reference": {f.ref.String()}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("file on case: %d", resp.StatusCode)
	}
	events, _ = f.svc.Store.FindEvents(ctx, mustFind(t, f, f.ref).ID)
	last := events[len(events)-1]
	if last.Type != casework.EventAttachment || events[len(events)-2].Type != foi.EventEmailReceived || events[len(events)-2].Actor != "Olu Officer" {
		t.Errorf("last events on the case: %s, %s by %s; want the email received (filed by the officer) and its file",
			events[len(events)-2].Type, last.Type, events[len(events)-2].Actor)
	}

	// A third is discarded, with a reason.
	third := f.holdEmail(t, strings.Replace(heldEmail, "held-1", "held-3", 1))
	if resp := f.post(t, officer, "/staff/mail/"+itoa(third)+"/discard", url.Values{"reason": {"other"}, "reason_other": {" "}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("discard without a reason: %d", resp.StatusCode)
	}
	if resp := f.post(t, officer, "/staff/mail/"+itoa(third)+"/discard", url.Values{"reason": {"Spam"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("discard: %d", resp.StatusCode)
	}
	m, _ := f.svc.Store.FindInbound(ctx, third)
	if m.Status != foi.InboundIgnored || !strings.Contains(m.Note, "discarded by Olu Officer: Spam") {
		t.Errorf("discarded message: %s %q", m.Status, m.Note)
	}
	if _, body := f.get(t, officer, "/staff/mail"); strings.Contains(body, "/staff/mail/"+itoa(third)+`"`) {
		t.Errorf("a discarded message is still listed to sort")
	}
	if _, body := f.get(t, officer, "/staff/mail?show=set-aside"); !strings.Contains(body, "/staff/mail/"+itoa(third)+`"`) ||
		!strings.Contains(body, "discarded by Olu Officer: Spam") {
		t.Errorf("the discarded message is not listed as set aside with its reason")
	}
	// One set aside by mistake can still be filed.
	if resp := f.post(t, officer, "/staff/mail/"+itoa(third)+"/thread", url.Values{"reference": {f.ref.String()}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("filing a message set aside: %d", resp.StatusCode)
	}
}

func mustFind(t *testing.T, f *staffFixture, ref foi.Reference) *foi.Request {
	t.Helper()
	r, err := f.svc.Store.FindRequest(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// failedMessage queues a message on the case and fails it as the worker
// would: refused for good, or in doubt.
func (f *staffFixture) failedMessage(t *testing.T, r *foi.Request, key string, inDoubt bool) int64 {
	t.Helper()
	m := &foi.OutboxMessage{Key: key, RequestID: r.ID, Kind: foi.EmailAcknowledgement, From: "foi@thurrock.example",
		To: "Sam Researcher <sam@example.org>", Subject: "Your request " + r.Reference.String(), Text: "Received."}
	err := f.svc.Store.Update(ctx, func(tx foi.Tx) error {
		if err := tx.QueueMessage(ctx, m); err != nil {
			return err
		}
		claimed, err := tx.ClaimMessages(ctx, "w", time.Minute, 10)
		if err != nil || len(claimed) != 1 {
			t.Fatalf("claim: %v, %d", err, len(claimed))
		}
		c := claimed[0]
		c.Status, c.InDoubt, c.LastError = foi.OutboxFailed, inDoubt, "550 5.1.1 mailbox unavailable"
		return tx.RecordDelivery(ctx, c, "w")
	})
	if err != nil {
		t.Fatal(err)
	}
	return m.ID
}

// The case page shows replies with their suggestion, recorded in one
// click, and outgoing email with a failure shown prominently and sent
// again from there.
func TestCaseEmailPanel(t *testing.T) {
	f := newStaffFixture(t)
	officer := f.signedIn(t, foi.RoleOfficer)
	r := mustFind(t, f, f.ref)
	if _, err := f.svc.RecordEvent(ctx, f.users[foi.RoleOfficer], f.ref, casework.ClockEvent{Type: foi.EventClarificationRequested}); err != nil {
		t.Fatal(err)
	}
	id := f.holdEmail(t, strings.Replace(heldEmail, "held-1", "reply-1", 1))
	if _, err := f.svc.ThreadHeldEmail(ctx, f.users[foi.RoleOfficer], id, f.ref); err != nil {
		t.Fatal(err)
	}
	failed := f.failedMessage(t, r, "ack-failed", false)
	doubt := f.failedMessage(t, r, "ack-doubt", true)

	page := "/staff/cases/" + f.ref.Slug()
	_, body := f.get(t, officer, page)
	for _, want := range []string{`id="email-failed"`, "2 emails to the requester were not delivered", "Record clarification received",
		"Not delivered", "550 5.1.1", "May have been sent", "It arrived: mark sent"} {
		if !strings.Contains(body, want) {
			t.Errorf("the case page lacks %q", want)
		}
	}

	// One click records the clarification on the day the reply arrived.
	if resp := f.post(t, officer, page+"/email/"+itoa(id)+"/confirm", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm the suggestion: %d", resp.StatusCode)
	}
	got := mustFind(t, f, f.ref)
	if got.Status != foi.StatusOpen {
		t.Errorf("after the clarification the case is %s, want open again", got.Status)
	}
	if resp := f.post(t, officer, page+"/email/"+itoa(id)+"/confirm", nil); resp.StatusCode != http.StatusConflict {
		t.Errorf("confirming twice: %d, want 409", resp.StatusCode)
	}

	// A contributor may not resend; an officer resends one and confirms the other.
	if resp := f.post(t, f.signedIn(t, foi.RoleContributor), page+"/outbox/"+itoa(failed), url.Values{"action": {"resend"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("contributor resending: %d", resp.StatusCode)
	}
	if resp := f.post(t, officer, page+"/outbox/"+itoa(failed), url.Values{"action": {"resend"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("send again: %d", resp.StatusCode)
	}
	if resp := f.post(t, officer, page+"/outbox/"+itoa(doubt), url.Values{"action": {"sent"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark sent: %d", resp.StatusCode)
	}
	list, _ := f.svc.Store.FindMessages(ctx, foi.OutboxFilter{RequestID: r.ID})
	status := map[int64]foi.OutboxStatus{}
	for _, m := range list {
		status[m.ID] = m.Status
	}
	if status[failed] != foi.OutboxQueued || status[doubt] != foi.OutboxSent {
		t.Errorf("after staff acted: %v, want %d queued and %d sent", status, failed, doubt)
	}
	if _, body := f.get(t, officer, page); strings.Contains(body, `id="email-failed"`) {
		t.Errorf("the failure banner is still shown after both were resolved")
	}
}
