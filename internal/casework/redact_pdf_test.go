// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"os/exec"
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/inspect"
	"disclose/internal/inspecttest"
)

func pdfCase(t *testing.T, svc *casework.Service) (*foi.Request, *foi.CaseAttachment) {
	t.Helper()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Fatal("poppler-utils is not installed (scripts/test installs it)")
	}
	r := submit(t, svc, foi.FOIA, "2026-11-02", "What did the council spend on parking signs?")
	if _, err := svc.AnswerPart(ctx, officer, r.Reference, 1, casework.Answer{Text: "See the attached letter.", Outcome: foi.Granted}); err != nil {
		t.Fatal(err)
	}
	pdf := inspecttest.TextPDF("Letter to Sam Researcher at sam@example.org", "The council spent 1,240 pounds on signs.")
	a, err := svc.AddAttachment(ctx, officer, r.Reference, casework.Upload{Name: "letter.pdf", Data: pdf, Release: true})
	if err != nil {
		t.Fatal(err)
	}
	return r, a
}

func TestRedactPDFAttachmentIsReleasedInsteadOfTheOriginal(t *testing.T) {
	svc := newService(t)
	r, orig := pdfCase(t, svc)
	if s := caseSafety(t, svc, r.Reference); len(s.BlockSend) == 0 {
		t.Fatal("the original names the requester: its findings should block the send")
	}

	// Bad requests change nothing.
	for _, bad := range []casework.RedactFile{
		{Phrases: []string{"Sam Researcher"}},                                  // no exemption
		{Phrases: []string{"Sam Researcher"}, Reason: "s99"},                   // not an exemption
		{Reason: "s40(2)"},                                                     // nothing to redact
		{Phrases: []string{"Sam Researcher", "Nobody Else"}, Reason: "s40(2)"}, // one phrase not there
		{Regions: []inspect.Region{{Page: 2, W: 5, H: 5}}, Reason: "s40(2)"},   // no page 2
	} {
		_, err := svc.RedactPDF(ctx, officer, r.Reference, orig.ID, bad)
		if foi.ErrorCode(err) != foi.EINVALID {
			t.Errorf("%+v: err = %v, want invalid", bad, err)
		}
		if len(bad.Phrases) == 2 && !strings.Contains(foi.ErrorMessage(err), `"Nobody Else"`) {
			t.Errorf("the error should name the phrase not found: %v", err)
		}
	}
	if list, _ := svc.Store.FindAttachments(ctx, r.ID); len(list) != 1 || !list[0].Release {
		t.Fatalf("a refused redaction changed the attachments: %+v", list)
	}

	res, err := svc.RedactPDF(ctx, officer, r.Reference, orig.ID, casework.RedactFile{
		Phrases: []string{"Sam Researcher", "sam@example.org"}, Reason: "s40(2)"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Copy.Name != "letter (redacted).pdf" || res.Copy.CleanOf != orig.ID || !res.Copy.Release {
		t.Errorf("copy = %+v", res.Copy)
	}
	list, err := svc.Store.FindAttachments(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Release || !list[1].Release || list[1].ID != res.Copy.ID {
		t.Fatalf("after redacting: %+v; want the original withheld and the redacted copy marked for release", list)
	}
	_, data, err := svc.ReadAttachment(ctx, officer, r.Reference, res.Copy.ID)
	if err != nil {
		t.Fatal(err)
	}
	if fs := inspect.File(res.Copy.Name, data, inspect.Options{Requester: []string{"Sam Researcher", "sam@example.org"}}); len(fs) != 0 {
		t.Errorf("the redacted copy has findings: %v", fs)
	}
	if s := caseSafety(t, svc, r.Reference); len(s.BlockSend) != 0 {
		t.Errorf("after redacting, the send is still blocked by %d finding(s)", len(s.BlockSend))
	}
	if err := svc.MarkAttachment(ctx, officer, r.Reference, orig.ID, true); foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("marking the original for release again: %v, want a conflict", err)
	}

	log := caseSafety(t, svc, r.Reference).Redactions
	if len(log) != 2 || log[0].Original != "Sam Researcher" || log[0].Masked != "S** R*********" || log[0].Reason != "s40(2)" ||
		log[0].Count != 1 || log[0].Subject != foi.SubjectAttachment(res.Copy.ID) {
		t.Errorf("redaction log = %+v", log)
	}
	_, events, err := svc.FindRequest(ctx, officer, r.Reference)
	if err != nil {
		t.Fatal(err)
	}
	var note string
	for _, e := range events {
		if e.Type == casework.EventRedacted {
			note = e.Note
		}
	}
	if !strings.Contains(note, "letter.pdf redacted under s40(2) as letter (redacted).pdf") || !strings.Contains(note, "instead of the original") ||
		!strings.Contains(note, "14 character(s): S** R*********") || strings.Contains(note, "Researcher") {
		t.Errorf("timeline note = %q; want the file, the exemption and masked phrases only", note)
	}
}

func TestRedactPDFAttachmentByRegion(t *testing.T) {
	svc := newService(t)
	r, orig := pdfCase(t, svc)
	// The first line (baseline 760) is the one with the requester's details.
	res, err := svc.RedactPDF(ctx, officer, r.Reference, orig.ID, casework.RedactFile{
		Regions: []inspect.Region{{Page: 1, X: 60, Y: 750, W: 480, H: 30}}, Reason: "s40(2)"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Report.Regions != 1 || len(res.Redactions) != 1 || res.Redactions[0].Original != "area of page 1 (60,750 480×30 pt)" {
		t.Errorf("result = %+v, redactions %+v", res.Report, res.Redactions)
	}
	if s := caseSafety(t, svc, r.Reference); len(s.BlockSend) != 0 {
		t.Errorf("after blacking out the line, the send is still blocked by %d finding(s)", len(s.BlockSend))
	}
	// Only a PDF can be redacted this way.
	r2, x := answeredWithFile(t, svc)
	if _, err := svc.RedactPDF(ctx, officer, r2.Reference, x.ID, casework.RedactFile{Phrases: []string{"Staff"}, Reason: "s40(2)"}); foi.ErrorCode(err) != foi.EINVALID ||
		!strings.Contains(foi.ErrorMessage(err), "only a PDF") {
		t.Errorf("redacting a workbook: %v, want a refusal", err)
	}
}

// A file the public log entry offers is not replaced by a redacted copy
// (which withdraws the original from release) until the entry is
// republished without it: the public would otherwise be offered a file the
// case no longer releases.
func TestPublishedPDFIsReplacedOnlyAfterRepublishing(t *testing.T) {
	svc := newService(t)
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Fatal("poppler-utils is not installed (scripts/test installs it)")
	}
	r := submit(t, svc, foi.FOIA, "2026-11-02", "What did the council spend on parking signs?")
	if _, err := svc.AnswerPart(ctx, officer, r.Reference, 1, casework.Answer{Text: "See the attached table.", Outcome: foi.Granted}); err != nil {
		t.Fatal(err)
	}
	a, err := svc.AddAttachment(ctx, officer, r.Reference, casework.Upload{Name: "signs.pdf",
		Data: inspecttest.TextPDF("Parking signs", "The council spent 1,240 pounds on signs."), Release: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventResponded}); err != nil {
		t.Fatal(err)
	}
	in := casework.PublishInput{Title: "Parking signs", Category: "Highways", Files: []int64{a.ID}}
	if _, err := svc.Publish(ctx, officer, r.Reference, in); err != nil {
		t.Fatal(err)
	}
	redact := casework.RedactFile{Phrases: []string{"1,240 pounds"}, Reason: "s43(2)"}
	_, err = svc.RedactPDF(ctx, officer, r.Reference, a.ID, redact)
	if foi.ErrorCode(err) != foi.ECONFLICT || !strings.Contains(err.Error(), "republish") {
		t.Fatalf("redacting a published file: %v, want a refusal saying to republish first", err)
	}
	if list, _ := svc.Store.FindAttachments(ctx, r.ID); len(list) != 1 || !list[0].Release {
		t.Fatalf("the refused redaction changed the attachments: %+v", list)
	}
	in.Files = nil
	if _, err := svc.Publish(ctx, officer, r.Reference, in); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RedactPDF(ctx, officer, r.Reference, a.ID, redact); err != nil {
		t.Errorf("redacting once the entry no longer offers the file: %v", err)
	}
}
