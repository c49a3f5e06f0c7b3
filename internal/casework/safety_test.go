// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/inspect"
	"disclose/internal/inspecttest"
)

// answeredWithFile is a request with its one part answered and a workbook
// with a hidden sheet of staff salaries marked for release.
func answeredWithFile(t *testing.T, svc *casework.Service) (*foi.Request, *foi.CaseAttachment) {
	t.Helper()
	r := submit(t, svc, foi.FOIA, "2026-11-02", "How many FOI requests did you receive in each of the last two years?")
	if _, err := svc.AnswerPart(ctx, officer, r.Reference, 1, casework.Answer{Text: "See the attached workbook.", Outcome: foi.Granted}); err != nil {
		t.Fatal(err)
	}
	a, err := svc.AddAttachment(ctx, officer, r.Reference, casework.Upload{Name: "requests.xlsx", Data: inspecttest.HiddenSheetXLSX(t), Release: true})
	if err != nil {
		t.Fatal(err)
	}
	return r, a
}

func caseSafety(t *testing.T, svc *casework.Service, ref foi.Reference) *casework.Safety {
	t.Helper()
	r, err := svc.Store.FindRequest(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	s, err := svc.CaseSafety(ctx, officer, r)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func findingKinds(fs []casework.CaseFinding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Kind)
	}
	slices.Sort(out)
	return out
}

func TestSendingIsBlockedUntilFindingsAreOverridden(t *testing.T) {
	svc := newService(t)
	r, a := answeredWithFile(t, svc)

	// Marking the file for release inspected it: the findings are on the case.
	s := caseSafety(t, svc, r.Reference)
	if got := findingKinds(s.BlockSend); !slices.Equal(got, []string{"document-properties", "hidden-sheet"}) {
		t.Fatalf("findings blocking the send = %v, want the hidden sheet and the properties", got)
	}
	for _, f := range s.Findings {
		if f.Label != "requests.xlsx" || f.AttachmentID != a.ID || f.Status != foi.FindingOpen || !f.Current {
			t.Errorf("finding %+v: want open, current, in requests.xlsx", f)
		}
	}

	l, err := svc.DraftLetter(ctx, officer, r.Reference, foi.LetterResponse, "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = svc.SendLetter(ctx, officer, r.Reference, l.ID)
	if foi.ErrorCode(err) != foi.ECONFLICT {
		t.Fatalf("sending with open findings: %v, want a conflict", err)
	}
	msg := foi.ErrorMessage(err)
	for _, want := range []string{"Sending letter 1 is blocked", "requests.xlsx", "hidden-sheet at sheet 'Staff' (hidden)", "document-properties"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the refusal does not name %q: %s", want, msg)
		}
	}
	after, events, err := svc.FindRequest(ctx, officer, r.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if after.Status != foi.StatusOpen || !after.RespondedOn.IsZero() || slices.Contains(eventTypes(events), casework.EventLetterSent) {
		t.Fatalf("a refused send changed the case: status %s, responded %v, events %v", after.Status, after.RespondedOn, eventTypes(events))
	}
	if _, got, _ := svc.Letter(ctx, officer, r.Reference, l.ID); !got.SentAt.IsZero() {
		t.Fatal("a refused send marked the letter sent")
	}

	// Only those who approve responses may override, and only with a reason.
	id := s.BlockSend[0].ID
	if _, err := svc.OverrideFinding(ctx, officer, r.Reference, id, "it is fine"); foi.ErrorCode(err) != foi.EFORBIDDEN {
		t.Errorf("an officer overriding: %v, want forbidden", err)
	}
	if _, err := svc.OverrideFinding(ctx, reviewer, r.Reference, id, "   "); foi.ErrorCode(err) != foi.EINVALID {
		t.Errorf("an override without a reason: %v, want invalid", err)
	}
	if got := caseSafety(t, svc, r.Reference); len(got.BlockSend) != 2 {
		t.Fatalf("refused overrides changed the findings: %d block the send", len(got.BlockSend))
	}
	reasons := map[string]string{
		"hidden-sheet":        "The Staff sheet holds the published pay bands of the FOI team, already on our website.",
		"document-properties": "The author is the spreadsheet library, not a person.",
	}
	for _, f := range s.BlockSend {
		if _, err := svc.OverrideFinding(ctx, reviewer, r.Reference, f.ID, reasons[f.Kind]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.OverrideFinding(ctx, reviewer, r.Reference, id, "again"); foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("overriding twice: %v, want a conflict", err)
	}
	if _, err := svc.PostLetter(ctx, officer, r.Reference, l.ID, time.Time{}); err != nil {
		t.Fatalf("sending after the overrides: %v", err)
	}
	after, events, err = svc.FindRequest(ctx, officer, r.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if after.Status != foi.StatusResponded {
		t.Errorf("status after sending = %s, want responded", after.Status)
	}
	var overrides []*foi.Event
	for _, e := range events {
		if e.Type == casework.EventFindingOverridden {
			overrides = append(overrides, e)
		}
	}
	if len(overrides) != 2 {
		t.Fatalf("%d override events on the timeline, want 2", len(overrides))
	}
	for _, e := range overrides {
		if e.Actor != reviewer.Name || e.At.IsZero() || !strings.Contains(e.Note, "requests.xlsx") ||
			!(strings.Contains(e.Note, reasons["hidden-sheet"]) || strings.Contains(e.Note, reasons["document-properties"])) {
			t.Errorf("override event %+v does not say who, which finding and why", e)
		}
	}
	for _, f := range caseSafety(t, svc, r.Reference).Findings {
		if f.Status != foi.FindingOverridden || f.ClosedBy != reviewer.Name || f.Note != reasons[f.Kind] {
			t.Errorf("finding after override: %+v", f.Finding)
		}
	}
}

func TestCleanCopyIsReleasedInsteadOfTheOriginal(t *testing.T) {
	svc := newService(t)
	r, orig := answeredWithFile(t, svc)

	cc, err := svc.MakeCleanCopy(ctx, officer, r.Reference, orig.ID)
	if err != nil {
		t.Fatal(err)
	}
	if cc.Copy.Name != "requests (clean copy).xlsx" || cc.Copy.CleanOf != orig.ID || !cc.Copy.Release || cc.Remaining != "" {
		t.Errorf("clean copy = %+v, remaining %q", cc.Copy, cc.Remaining)
	}
	list, err := svc.Store.FindAttachments(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Release || !list[1].Release {
		t.Fatalf("after the clean copy: %+v; want the original withheld and the copy marked for release", list)
	}
	// The copy, read back from storage, has no hidden sheet and no author.
	_, data, err := svc.ReadAttachment(ctx, officer, r.Reference, cc.Copy.ID)
	if err != nil {
		t.Fatal(err)
	}
	if fs := inspect.File(cc.Copy.Name, data, inspect.Options{}); len(fs) != 0 {
		t.Errorf("the released copy still has findings: %v", fs)
	}
	if s := caseSafety(t, svc, r.Reference); len(s.BlockSend) != 0 || s.Open != 0 {
		t.Errorf("after the clean copy %d findings block the send, %d open; want none", len(s.BlockSend), s.Open)
	}

	// The original is not released again while it has a clean copy.
	if err := svc.MarkAttachment(ctx, officer, r.Reference, orig.ID, true); foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("marking the original for release again: %v, want a conflict", err)
	}
	l, err := svc.DraftLetter(ctx, officer, r.Reference, foi.LetterResponse, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.PostLetter(ctx, officer, r.Reference, l.ID, time.Time{}); err != nil {
		t.Fatalf("sending with the clean copy: %v", err)
	}
	_, events, err := svc.FindRequest(ctx, officer, r.Reference)
	if err != nil {
		t.Fatal(err)
	}
	var made bool
	var released string
	for _, e := range events {
		made = made || (e.Type == casework.EventCleanCopy && strings.Contains(e.Note, "hidden-sheet") && strings.Contains(e.Note, "instead of the original"))
		if e.Type == casework.EventFilesReleased {
			released = e.Note
		}
	}
	if !made {
		t.Errorf("no clean-copy event naming what was removed: %v", eventTypes(events))
	}
	if !strings.Contains(released, "requests (clean copy).xlsx") || strings.Contains(released, "requests.xlsx") {
		t.Errorf("files-released event = %q, want the clean copy alone", released)
	}

	// A file with nothing mechanical to remove gets no clean copy.
	b, err := svc.AddAttachment(ctx, officer, r.Reference, casework.Upload{Name: "notes.txt", Data: []byte("Call Alex on 07700 900123."), Release: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.MakeCleanCopy(ctx, officer, r.Reference, b.ID); foi.ErrorCode(err) != foi.ECONFLICT || !strings.Contains(foi.ErrorMessage(err), "nothing a clean copy could remove") {
		t.Errorf("clean copy of a file with only personal data: %v", err)
	}
}

func TestPublishIsBlockedByTheRequesterInAnAnswer(t *testing.T) {
	svc := newService(t)
	r := submit(t, svc, foi.FOIA, "2026-11-02", "How much did the council spend on consultants in 2025?")
	if _, err := svc.AnswerPart(ctx, officer, r.Reference, 1, casework.Answer{
		Text: "As we told Sam Researcher on the phone, we spent £1.2m.", Outcome: foi.Granted}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventResponded}); err != nil {
		t.Fatal(err)
	}
	_, err := svc.Publish(ctx, officer, r.Reference, casework.PublishInput{Title: "Consultants", Category: "Finance"})
	if foi.ErrorCode(err) != foi.ECONFLICT {
		t.Fatalf("publishing an answer naming the requester: %v, want a conflict", err)
	}
	for _, want := range []string{"Publishing FOI 1 is blocked", "the answer to part 1", "personal-data:requester", "S** R*********"} {
		if !strings.Contains(foi.ErrorMessage(err), want) {
			t.Errorf("the refusal does not name %q: %s", want, foi.ErrorMessage(err))
		}
	}
	if _, err := svc.Disclosure(ctx, r.Reference); !foi.IsNotFound(err) {
		t.Fatalf("a refused publication is in the log: %v", err)
	}
	s := caseSafety(t, svc, r.Reference)
	if len(s.BlockPublish) != 1 {
		t.Fatalf("findings blocking publication: %+v", s.BlockPublish)
	}

	// Redacting the match takes the name out of the answer, leaves a
	// marker, logs it, and the finding is resolved.
	x, err := svc.RedactFinding(ctx, officer, r.Reference, s.BlockPublish[0].ID, "s40(2)")
	if err != nil {
		t.Fatal(err)
	}
	if x.Original != "Sam Researcher" || x.Masked != "S** R*********" || x.Reason != "s40(2)" || x.Count != 1 {
		t.Errorf("redaction log entry = %+v", x)
	}
	p, err := svc.Publish(ctx, officer, r.Reference, casework.PublishInput{Title: "Consultants", Category: "Finance"})
	if err != nil {
		t.Fatalf("publishing after the redaction: %v", err)
	}
	if got := p.Parts[0].Answer; got != "As we told [redacted: s40(2)] on the phone, we spent £1.2m." {
		t.Errorf("published answer = %q", got)
	}
	if got := caseSafety(t, svc, r.Reference).Findings[0]; got.Status != foi.FindingResolved {
		t.Errorf("the redacted finding is %s, want resolved", got.Status)
	}
}

func TestRequestTextIsRedactedWhenPublished(t *testing.T) {
	svc := newService(t)
	r := submit(t, svc, foi.FOIA, "2026-11-02", "How many parking fines were issued in 2025?\n\nThanks, Sam Researcher, 07700 900123")
	if _, err := svc.AnswerPart(ctx, officer, r.Reference, 1, casework.Answer{Text: "4,210.", Outcome: foi.Granted}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventResponded}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Publish(ctx, officer, r.Reference, casework.PublishInput{Title: "Parking fines", Category: "Transport"}); foi.ErrorCode(err) != foi.ECONFLICT ||
		!strings.Contains(foi.ErrorMessage(err), "the request text") {
		t.Fatalf("publishing a request text signed by the requester: %v", err)
	}
	for _, bad := range []casework.Redact{
		{Subject: foi.SubjectRequest, Phrase: "Sam Researcher", Reason: ""},
		{Subject: foi.SubjectRequest, Phrase: "Sam Researcher", Reason: "s99"},
		{Subject: foi.SubjectRequest, Phrase: "Nobody Here", Reason: "s40(2)"},
		{Subject: foi.SubjectRequest, Phrase: " ", Reason: "s40(2)"},
	} {
		if _, err := svc.RedactText(ctx, officer, r.Reference, bad); foi.ErrorCode(err) != foi.EINVALID {
			t.Errorf("redaction %+v: %v, want invalid", bad, err)
		}
	}
	for _, phrase := range []string{"Sam Researcher", "07700 900123"} {
		if _, err := svc.RedactText(ctx, officer, r.Reference, casework.Redact{Subject: foi.SubjectRequest, Phrase: phrase, Reason: "s40(2)"}); err != nil {
			t.Fatal(err)
		}
	}
	p, err := svc.Publish(ctx, officer, r.Reference, casework.PublishInput{Title: "Parking fines", Category: "Transport"})
	if err != nil {
		t.Fatalf("publishing after redacting the request text: %v", err)
	}
	if want := "How many parking fines were issued in 2025?\n\nThanks, [redacted: s40(2)], [redacted: s40(2)]"; p.Request != want {
		t.Errorf("published request = %q, want %q", p.Request, want)
	}
	// The request as the requester wrote it is kept for staff.
	kept, _, err := svc.FindRequest(ctx, officer, r.Reference)
	if err != nil || !strings.Contains(kept.Text, "Sam Researcher") {
		t.Errorf("the stored request text lost the original: %q, %v", kept.Text, err)
	}
	log := caseSafety(t, svc, r.Reference).Redactions
	if len(log) != 2 || log[0].Masked != "S** R*********" || log[1].Masked != "0**** 9*****" {
		t.Errorf("redaction log = %+v", log)
	}
}

// Retention removes the requester's details from the redaction log too.
func TestRetentionScrubsTheRedactionLog(t *testing.T) {
	svc := newService(t)
	r := submit(t, svc, foi.FOIA, "2023-05-02", "How many libraries are there?\n\nThanks, Sam Researcher")
	if _, err := svc.AnswerPart(ctx, officer, r.Reference, 1, casework.Answer{Text: "Ten.", Outcome: foi.Granted}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventResponded, On: date("2023-05-30")}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RedactText(ctx, officer, r.Reference, casework.Redact{Subject: foi.SubjectRequest, Phrase: "Thanks, Sam Researcher", Reason: "s40(2)"}); err != nil {
		t.Fatal(err)
	}
	due, err := svc.RetentionDue(ctx, date("2026-11-25"))
	if err != nil || len(due) != 1 {
		t.Fatalf("due = %v, %v", due, err)
	}
	removed, err := svc.Anonymise(ctx, due[0])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(removed, "; "), "1 redaction log entr(ies)") {
		t.Errorf("removed = %v, want the redaction log named", removed)
	}
	log := caseSafety(t, svc, r.Reference).Redactions
	if len(log) != 1 || strings.Contains(log[0].Original+log[0].Masked, "Sam") || strings.Contains(log[0].Masked, "R*****") ||
		log[0].Original != "Thanks, [removed]" {
		t.Errorf("redaction log after retention = %+v", log[0])
	}
	// The published request still carries the marker where the name was.
	p, err := svc.Publish(ctx, officer, r.Reference, casework.PublishInput{Title: "Libraries", Category: "Culture"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "How many libraries are there?\n\n[redacted: s40(2)]"; p.Request != want {
		t.Errorf("published request = %q, want %q", p.Request, want)
	}
}

// After the response, a file marked for release is not handed to the
// requester's tracking page while it has an open finding.
func TestTrackingPageHoldsBackFilesWithOpenFindings(t *testing.T) {
	svc := newService(t)
	r, secret := submitPublic(t, svc, "192.0.2.7")
	for n := 1; n <= 2; n++ {
		if _, err := svc.AnswerPart(ctx, officer, r.Reference, n, casework.Answer{Text: "See the file.", Outcome: foi.Granted}); err != nil {
			t.Fatal(err)
		}
	}
	clean, err := svc.AddAttachment(ctx, officer, r.Reference, casework.Upload{Name: "libraries.csv", Data: []byte("year,count\n2025,12\n"), Release: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventResponded}); err != nil {
		t.Fatal(err)
	}
	trap, err := svc.AddAttachment(ctx, officer, r.Reference, casework.Upload{Name: "costs.xlsx", Data: inspecttest.HiddenSheetXLSX(t), Release: true})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := svc.TrackRequest(ctx, secret)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Files) != 1 || tr.Files[0].ID != clean.ID {
		t.Errorf("tracking page files = %+v, want only the clean CSV", tr.Files)
	}
	if _, _, err := svc.TrackedFile(ctx, secret, trap.ID); !foi.IsNotFound(err) {
		t.Errorf("downloading the workbook with a hidden sheet: %v, want not found", err)
	}
	cc, err := svc.MakeCleanCopy(ctx, officer, r.Reference, trap.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, data, err := svc.TrackedFile(ctx, secret, cc.Copy.ID); err != nil || len(inspect.File(cc.Copy.Name, data, inspect.Options{})) != 0 {
		t.Errorf("downloading the clean copy: %v", err)
	}
}

// A .doc or .xls must be an OLE compound file: the sniffer calls any
// binary "octet-stream", so without the signature check a renamed
// executable or a zip passed as a Word file.
func TestLegacyOfficeFileMustBeCompoundFile(t *testing.T) {
	svc := newService(t)
	r := submit(t, svc, foi.FOIA, "2026-11-02", "Please send the minutes.")
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
	for _, bad := range []struct {
		name string
		data []byte
	}{
		{"minutes.doc", []byte("MZ\x90\x00\x03\x00\x00\x00 a program, not a document")},
		{"budget.xls", append([]byte{0x00, 0x01, 0x02}, ole...)},
		{"budget.XLS", []byte{0xD0, 0xCF, 0x11, 0xE0, 0x00, 0x00, 0x00, 0x00, 0x00}},
	} {
		_, err := svc.AddAttachment(ctx, officer, r.Reference, casework.Upload{Name: bad.name, Data: bad.data})
		if foi.ErrorCode(err) != foi.EINVALID || !strings.Contains(foi.ErrorMessage(err), "does not look like a") {
			t.Errorf("%s: err = %v, want a refusal", bad.name, err)
		}
	}
	if ex, err := svc.FindCaseExtras(ctx, officer, r); err != nil || len(ex.Attachments) != 0 {
		t.Fatalf("refused files were stored: %+v %v", ex.Attachments, err)
	}
	if _, err := svc.AddAttachment(ctx, officer, r.Reference, casework.Upload{Name: "minutes.doc", Data: ole}); err != nil {
		t.Fatalf("a compound file named .doc: %v", err)
	}
}
