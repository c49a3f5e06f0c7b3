// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"disclose/internal/audit"
	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/mail"
	"disclose/internal/stats"
)

func TestRetentionAnonymisesDueCases(t *testing.T) {
	svc := newService(t) // today is 25 November 2026
	r, err := svc.SubmitRequest(ctx, officer, casework.NewRequest{
		Requester: foi.Requester{Name: "Alexandra Quill", Email: "a.quill@example.org", Address: "4 Mill Lane\nGrays\nRM17 5XX", Phone: "07700 900123"},
		Text:      "1. How many potholes were repaired?\n2. At what cost?\n\nKind regards,\nAlexandra Quill\n4 Mill Lane",
		Regime:    foi.FOIA, Channel: foi.ChannelPost, ReceivedOn: date("2023-05-02"),
	})
	if err != nil {
		t.Fatal(err)
	}
	for n := 1; n <= 2; n++ {
		if _, err := svc.AnswerPart(ctx, officer, r.Reference, n, casework.Answer{Text: "Some.", Outcome: foi.Granted}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventResponded, On: date("2023-05-30")}); err != nil {
		t.Fatal(err)
	}
	recent := submit(t, svc, foi.FOIA, "2025-01-06", "How many libraries?")
	if _, err := svc.AnswerPart(ctx, officer, recent.Reference, 1, casework.Answer{Text: "Ten.", Outcome: foi.Granted}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RecordEvent(ctx, officer, recent.Reference, casework.ClockEvent{Type: foi.EventResponded, On: date("2025-01-30")}); err != nil {
		t.Fatal(err)
	}

	// On 29 May 2026 nothing is due; on 30 May 2026 the 2023 case is.
	if due, err := svc.RetentionDue(ctx, date("2026-05-29")); err != nil || len(due) != 0 {
		t.Fatalf("due on 2026-05-29 = %v, %v; want nothing", due, err)
	}
	due, err := svc.RetentionDue(ctx, date("2026-11-25"))
	if err != nil || len(due) != 1 || due[0].Reference != r.Reference || foi.FormatDate(due[0].DueOn) != "2026-05-30" {
		t.Fatalf("due today = %+v, %v; want only %s, due 2026-05-30", due, err, r.Reference)
	}
	removed, err := svc.Anonymise(ctx, due[0])
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(removed, "; "); !strings.Contains(got, "name; email address; postal address; phone number") || !strings.Contains(got, "mention") {
		t.Errorf("removed = %q", got)
	}
	after, events, _ := svc.FindRequest(ctx, officer, r.Reference)
	for _, leak := range []string{"Alexandra", "Quill", "a.quill", "Mill Lane", "07700"} {
		if strings.Contains(after.Text+after.Requester.Name+after.Requester.Email+after.Requester.Address+after.Requester.Phone, leak) {
			t.Errorf("%q is still on the case after retention", leak)
		}
	}
	if after.Outcome != foi.Granted || len(after.Parts) != 2 || after.Parts[0].Answer != "Some." {
		t.Errorf("retention changed the answers: %+v", after.Parts)
	}
	var note string
	for _, e := range events {
		if e.Type == foi.EventAnonymised {
			note = e.Note
		}
	}
	if !strings.Contains(note, "3 years after the case closed") || strings.Contains(note, "Quill") {
		t.Errorf("the audit event says %q; want the reason and no personal data", note)
	}
	if again, _ := svc.RetentionDue(ctx, date("2026-11-25")); len(again) != 0 {
		t.Errorf("an anonymised case is due again: %+v", again)
	}
}

// TestRetentionCoversEverythingKeptWithTheCase: a web request with a
// tracking link, a reply by email with a file, files on the case, a sent
// response letter and the emails sent: retention removes the requester
// from all of them (the preview first says what, changing nothing), keeps
// every row, and leaves the published entry and the statistics exactly as
// they were.
func TestRetentionCoversEverythingKeptWithTheCase(t *testing.T) {
	svc := newService(t)
	addrs, err := mail.NewAddresses("Thurrock FOI <foi@thurrock.example>", "", []byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	if svc.Mail, err = mail.NewComposer(addrs); err != nil {
		t.Fatal(err)
	}
	at := func(d string) { day := date(d); svc.Now = func() time.Time { return day.Add(10 * time.Hour) } }
	at("2023-05-02")
	r, secret, err := svc.SubmitPublicRequest(ctx, "192.0.2.10", casework.NewRequest{
		Requester: foi.Requester{Name: "Alexandra O'Quill", Email: "a.quill@example.org"},
		Text:      "1. How many potholes were repaired?\n2. At what cost?\n\nKind regards,\nAlexandra O'Quill",
	})
	if err != nil {
		t.Fatal(err)
	}
	raw := "From: Alexandra O'Quill <a.quill@example.org>\r\nSubject: Re: FOI\r\n\r\nPlease see my ID. Alexandra O'Quill, 07700 900123\r\n"
	in := &foi.InboundMessage{Raw: []byte(raw), ReceivedAt: svc.Now(), EnvelopeFrom: "a.quill@example.org"}
	if err := svc.Store.Update(ctx, func(tx foi.Tx) error { return tx.CreateInbound(ctx, in) }); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ReceiveEmail(ctx, casework.ReceivedEmail{InboundID: in.ID, Kind: casework.EmailReply, CaseNumber: r.Reference.Number,
		FromName: "Alexandra O'Quill", FromEmail: "a.quill@example.org", Subject: "Re: FOI", Text: "Please see my ID. Alexandra O'Quill",
		Attachments: []foi.AttachmentInfo{{Filename: "id.pdf", ContentType: "application/pdf", Size: 100}}}); err != nil {
		t.Fatal(err)
	}
	for _, up := range []casework.Upload{
		{Name: "Alexandra O'Quill letter.txt", Data: []byte("her letter")},
		{Name: "officer notes.txt", Data: []byte("notes")},
		{Name: "potholes.csv", Data: []byte("year,count\n2022,310\n"), Release: true},
	} {
		if _, err := svc.AddAttachment(ctx, officer, r.Reference, up); err != nil {
			t.Fatal(err)
		}
	}
	for n := 1; n <= 2; n++ {
		if _, err := svc.AnswerPart(ctx, officer, r.Reference, n, casework.Answer{Text: "310, see the attached file.", Outcome: foi.Granted}); err != nil {
			t.Fatal(err)
		}
	}
	at("2023-05-30")
	l, err := svc.DraftLetter(ctx, officer, r.Reference, foi.LetterResponse, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SendLetter(ctx, officer, r.Reference, l.ID); err != nil {
		t.Fatal(err)
	}
	// The request is signed with the requester's name, which disclosure
	// safety does not let into the log: it is redacted first.
	if _, err := svc.RedactText(ctx, officer, r.Reference, casework.Redact{Subject: foi.SubjectRequest, Phrase: "Alexandra O'Quill", Reason: "s40(2)"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Publish(ctx, officer, r.Reference, casework.PublishInput{Title: "Potholes", Category: "Highways"}); err != nil {
		t.Fatal(err)
	}
	pubBefore, err := svc.Store.FindPublication(ctx, r.Reference)
	if err != nil {
		t.Fatal(err)
	}
	statsBefore, err := stats.Build(ctx, svc.Store, date("2023-01-01"), date("2023-12-31"), date("2026-11-25"))
	if err != nil {
		t.Fatal(err)
	}

	at("2026-11-25")
	due, err := svc.RetentionDue(ctx, date("2026-11-25"))
	if err != nil || len(due) != 1 {
		t.Fatalf("due = %+v, %v; want the 2023 case", due, err)
	}
	preview, err := svc.AnonymisePreview(ctx, due[0])
	if err != nil {
		t.Fatal(err)
	}
	wantCategories := []string{"name", "email address", "mention(s) in the request and answers",
		"1 letter(s): addressee, salutation and mentions", "1 received email(s): raw message, sender and mentions",
		"1 file(s) attached to received emails", "sent email(s): recipient and mentions", "1 tracking link(s) revoked",
		"1 file(s) from the requester deleted", "audit event(s): mentions in their notes and changes"}
	for _, want := range wantCategories {
		if !strings.Contains(strings.Join(preview, "; "), want) {
			t.Errorf("the preview %q does not list %q", preview, want)
		}
	}
	if still, _ := svc.Store.FindRequest(ctx, r.Reference); still.Requester.Name != "Alexandra O'Quill" {
		t.Fatalf("the preview changed the requester to %q", still.Requester.Name)
	}
	if tr, err := svc.TrackRequest(ctx, secret); err != nil || tr == nil {
		t.Fatalf("the preview revoked the tracking link: %v", err)
	}
	removed, err := svc.Anonymise(ctx, due[0])
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(removed, "; ") != strings.Join(preview, "; ") {
		t.Errorf("removed %q, but the preview said %q", removed, preview)
	}

	leaks := []string{"Alexandra", "Quill", "a.quill", "07700", "O&#39;Quill"}
	check := func(where, s string) {
		t.Helper()
		for _, leak := range leaks {
			if strings.Contains(s, leak) {
				t.Errorf("%s still holds %q after retention:\n%s", where, leak, s)
			}
		}
	}
	letters, _ := svc.Store.FindLetters(ctx, r.ID)
	if len(letters) != 1 || !strings.Contains(letters[0].Body, "Dear [removed],") {
		t.Errorf("letters after retention: %+v", letters)
	}
	for _, l := range letters {
		check("a letter", l.Body)
	}
	inbound, _ := svc.Store.FindInboundMessages(ctx, foi.InboundFilter{RequestID: r.ID})
	if len(inbound) != 1 || len(inbound[0].Attachments) != 0 {
		t.Fatalf("received emails after retention: %+v", inbound)
	}
	full, _ := svc.Store.FindInbound(ctx, inbound[0].ID)
	check("a received email", string(full.Raw)+full.EnvelopeFrom+full.FromName+full.FromEmail+full.Subject+full.Text+full.Note)
	if full.Status != foi.InboundThreaded || !strings.Contains(full.Text, "Please see my ID.") {
		t.Errorf("the received email's row or its other words went: %+v", full)
	}
	sent, _ := svc.Store.FindMessages(ctx, foi.OutboxFilter{RequestID: r.ID})
	if len(sent) != 2 {
		t.Fatalf("%d sent emails after retention, want the acknowledgement and the letter kept", len(sent))
	}
	for _, m := range sent {
		check("a sent email", m.To+m.Subject+m.Text+m.HTML)
	}
	if _, err := svc.TrackRequest(ctx, secret); err == nil {
		t.Error("the tracking link still works after retention")
	}
	atts, _ := svc.Store.FindAttachments(ctx, r.ID)
	var names []string
	for _, a := range atts {
		names = append(names, a.Name)
	}
	if strings.Join(names, ", ") != "officer notes.txt, potholes.csv" {
		t.Errorf("attachments after retention = %v; want the requester's file gone, the notes and the released file kept", names)
	}
	after, events, _ := svc.FindRequest(ctx, officer, r.Reference)
	check("the case", after.Text+after.Requester.Name+after.Requester.Email)
	for _, e := range events {
		check(fmt.Sprintf("audit event %d (%s)", e.ID, e.Type), e.Note+e.Before+e.After)
	}
	// The audit events lost the requester's details and kept their place
	// in the chain: it still verifies.
	if rep, err := audit.Verify(ctx, svc.Store, nil); err != nil || !rep.OK() {
		t.Fatalf("the audit chain after retention: %v, %+v", err, rep)
	}
	for _, e := range events {
		if e.Type == foi.EventAnonymised {
			check("the audit event", e.Note)
			if !strings.Contains(e.Note, "1 tracking link(s) revoked") || !strings.Contains(e.Note, "retention schedule: 3 years") {
				t.Errorf("the audit event = %q; want what was removed and why", e.Note)
			}
		}
	}

	pubAfter, err := svc.Store.FindPublication(ctx, r.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(pubBefore, pubAfter); diff != "" {
		t.Errorf("retention changed the published entry (-before +after):\n%s", diff)
	}
	statsAfter, err := stats.Build(ctx, svc.Store, date("2023-01-01"), date("2023-12-31"), date("2026-11-25"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(statsBefore, statsAfter); diff != "" {
		t.Errorf("retention changed the statistics (-before +after):\n%s", diff)
	}
	if statsAfter.Total.Received != 1 || statsAfter.Total.Responded != 1 {
		t.Errorf("statistics = %+v; want the case counted", statsAfter.Total)
	}
}
