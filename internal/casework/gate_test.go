// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"strconv"
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// respondedWith submits text from Sam Researcher, answers every part and
// records the response.
func respondedWith(t *testing.T, svc *casework.Service, text string) *foi.Request {
	t.Helper()
	r := submit(t, svc, foi.FOIA, "2026-11-02", text)
	for _, p := range r.Parts {
		if _, err := svc.AnswerPart(ctx, officer, r.Reference, p.Number, casework.Answer{Text: "Yes.", Outcome: foi.Granted}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventResponded}); err != nil {
		t.Fatal(err)
	}
	return r
}

// A redaction made in the request text reaches every published copy of
// it, the questions split from the text included, and the questions as
// published pass the gate.
func TestRequestTextRedactionReachesTheQuestions(t *testing.T) {
	svc := newService(t)
	r := respondedWith(t, svc, "1. How many bins were collected on my road, 4 Elm Street, for Sam Researcher?\n2. How many were missed?\n\nRegards, Sam Researcher")
	in := casework.PublishInput{Title: "Bin collections", Category: "Waste"}
	if _, err := svc.Publish(ctx, officer, r.Reference, in); foi.ErrorCode(err) != foi.ECONFLICT {
		t.Fatalf("publishing a request naming its requester: %v, want a conflict", err)
	}
	if _, err := svc.RedactText(ctx, officer, r.Reference, casework.Redact{Subject: foi.SubjectRequest, Phrase: "Sam Researcher", Reason: "s40(2)"}); err != nil {
		t.Fatal(err)
	}
	p, err := svc.Publish(ctx, officer, r.Reference, in)
	if err != nil {
		t.Fatalf("publishing after redacting the request text: %v", err)
	}
	whole := p.Request
	for _, part := range p.Parts {
		whole += "\n" + part.Text + "\n" + part.Answer
	}
	if strings.Contains(whole, "Sam Researcher") || strings.Contains(whole, "Researcher") {
		t.Errorf("the published entry still names the requester:\n%s", whole)
	}
	if !strings.Contains(p.Parts[0].Text, "for [redacted: s40(2)]?") {
		t.Errorf("question 1 as published = %q, want the redaction marker", p.Parts[0].Text)
	}
	got, err := svc.Disclosure(ctx, r.Reference)
	if err != nil || got.Parts[0].Text != p.Parts[0].Text {
		t.Fatalf("the public entry's question = %q, %v", got.Parts[0].Text, err)
	}
	// The case keeps the questions as written, for staff.
	kept, _, _ := svc.FindRequest(ctx, officer, r.Reference)
	if !strings.Contains(kept.Parts[0].Text, "Sam Researcher") {
		t.Errorf("the stored question lost the original: %q", kept.Parts[0].Text)
	}
}

// A question changed by staff after the split can hold what the request
// text does not: the gate checks each question as published, and a
// question can be redacted on its own.
func TestEachQuestionPassesTheGate(t *testing.T) {
	svc := newService(t)
	r := submit(t, svc, foi.FOIA, "2026-11-02", "1. How many bins?\n2. How many lorries?")
	if err := svc.EditPart(ctx, officer, r.Reference, 2, "How many lorries (call me on 07700 900123)?"); err != nil {
		t.Fatal(err)
	}
	for n := 1; n <= 2; n++ {
		if _, err := svc.AnswerPart(ctx, officer, r.Reference, n, casework.Answer{Text: "Ten.", Outcome: foi.Granted}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventResponded}); err != nil {
		t.Fatal(err)
	}
	in := casework.PublishInput{Title: "Bins", Category: "Waste"}
	_, err := svc.Publish(ctx, officer, r.Reference, in)
	if foi.ErrorCode(err) != foi.ECONFLICT || !strings.Contains(foi.ErrorMessage(err), "the question of part 2: personal-data:phone") {
		t.Fatalf("publishing a question with a phone number: %v", err)
	}
	s := caseSafety(t, svc, r.Reference)
	if len(s.BlockPublish) != 1 || !s.BlockPublish[0].Redactable || s.BlockPublish[0].Label != "the question of part 2" {
		t.Fatalf("findings blocking publication: %+v", s.BlockPublish)
	}
	if _, err := svc.RedactFinding(ctx, officer, r.Reference, s.BlockPublish[0].ID, "s40(2)"); err != nil {
		t.Fatal(err)
	}
	p, err := svc.Publish(ctx, officer, r.Reference, in)
	if err != nil {
		t.Fatal(err)
	}
	if p.Parts[1].Text != "How many lorries (call me on [redacted: s40(2)])?" {
		t.Errorf("question 2 as published = %q", p.Parts[1].Text)
	}
}

// The title, summary, category and the names of the files published with
// an entry reach the public like the answers: each is checked, each
// finding is on the case and named in the refusal, and staff change the
// text or override the finding.
func TestPublishChecksTitleSummaryCategoryAndFileNames(t *testing.T) {
	svc := newService(t)
	r := respondedWith(t, svc, "How many bins?")
	a, err := svc.AddAttachment(ctx, officer, r.Reference, casework.Upload{Name: "letter_to_Sam_Researcher.txt", Data: []byte("Bins: 40,000\n"), Release: true})
	if err != nil {
		t.Fatal(err)
	}
	in := casework.PublishInput{Title: "Bins for Sam Researcher", Summary: "Asked by sam@example.org.",
		Category: "Call 07700 900123", Files: []int64{a.ID}}
	_, err = svc.Publish(ctx, officer, r.Reference, in)
	if foi.ErrorCode(err) != foi.ECONFLICT {
		t.Fatalf("publishing a title naming the requester: %v, want a conflict", err)
	}
	msg := foi.ErrorMessage(err)
	for _, want := range []string{"in the title: personal-data:requester", "in the summary: personal-data:", "in the category: personal-data:phone",
		"in the name of file " + itoa(a.ID) + " (letter_to_Sam_Researcher.txt): personal-data:requester"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the refusal does not name %q: %s", want, msg)
		}
	}
	if strings.Contains(msg, "Sam Researcher") || strings.Contains(msg, "sam@example.org") {
		t.Errorf("the refusal shows the match unmasked: %s", msg)
	}
	if _, err := svc.Disclosure(ctx, r.Reference); !foi.IsNotFound(err) {
		t.Fatalf("a refused publication is in the log: %v", err)
	}
	s := caseSafety(t, svc, r.Reference)
	labels := map[string]casework.CaseFinding{}
	for _, f := range s.BlockPublish {
		labels[f.Label] = f
		if f.Redactable {
			t.Errorf("finding in %s is offered for redaction: the publisher changes it instead", f.Label)
		}
	}
	for _, l := range []string{"the title", "the summary", "the category", "the name of file " + itoa(a.ID) + " (letter_to_Sam_Researcher.txt)"} {
		if _, ok := labels[l]; !ok {
			t.Errorf("no finding blocking publication in %s: %+v", l, s.BlockPublish)
		}
	}

	// A new title and summary are checked afresh (the old findings are
	// resolved); the category and the file name are overridden.
	in.Title, in.Summary = "Bins", "How many bins the council has."
	for _, l := range []string{"the category", "the name of file " + itoa(a.ID) + " (letter_to_Sam_Researcher.txt)"} {
		if _, err := svc.OverrideFinding(ctx, reviewer, r.Reference, labels[l].ID, "agreed with the requester"); err != nil {
			t.Fatal(err)
		}
	}
	p, err := svc.Publish(ctx, officer, r.Reference, in)
	if err != nil {
		t.Fatalf("publishing after the changes and overrides: %v", err)
	}
	if p.Title != "Bins" || len(p.Files) != 1 {
		t.Errorf("published %q with %d file(s)", p.Title, len(p.Files))
	}
	if left := caseSafety(t, svc, r.Reference).BlockPublish; len(left) != 0 {
		t.Errorf("findings still blocking after publishing: %+v", left)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// An imported entry the gate holds back is a case without a public entry,
// its findings open; staff clear them the usual way and publish it from
// the case, and its response (kept as one text) goes with it.
func TestImportedEntryHeldBackIsClearedByStaff(t *testing.T) {
	svc := newService(t)
	admin := &foi.User{ID: 3, Name: "Ada Admin", Role: foi.RoleAdmin}
	ref := foi.Reference{Prefix: "FOI", Number: 700}
	line := func() casework.ImportCase {
		r := &foi.Request{Reference: ref, Regime: foi.FOIA, ReceivedOn: date("2019-01-02"), RespondedOn: date("2019-01-20"),
			Text: "How many bins? Ring me on 07700 900123.", Status: foi.StatusResponded, Requester: foi.Requester{Name: foi.ImportedRequesterName}}
		p := &foi.Publication{Reference: ref, Regime: foi.FOIA, Title: "Bins", Category: "Waste", PublishedOn: date("2019-01-25"),
			ReceivedOn: r.ReceivedOn, RespondedOn: r.RespondedOn, Request: r.Text, Response: "Ten bins."}
		return casework.ImportCase{Line: 1, Request: r, Publication: p}
	}
	out, err := svc.ImportCases(ctx, admin, []casework.ImportCase{line()}, casework.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if o := out[0]; o.Result != casework.ImportCreated || !o.Held || len(o.Findings) != 1 || o.Findings[0].Field != "the request text" || o.Findings[0].Kind != "personal-data:phone" {
		t.Fatalf("import outcome = %+v", o)
	}
	if _, err := svc.Disclosure(ctx, ref); !foi.IsNotFound(err) {
		t.Fatalf("a held-back entry is public: %v", err)
	}
	s := caseSafety(t, svc, ref)
	if len(s.BlockPublish) != 1 || !s.BlockPublish[0].Redactable {
		t.Fatalf("findings on the imported case: %+v", s.BlockPublish)
	}
	if _, err := svc.RedactFinding(ctx, officer, ref, s.BlockPublish[0].ID, "s40(2)"); err != nil {
		t.Fatal(err)
	}
	got, err := svc.Publish(ctx, officer, ref, casework.PublishInput{Title: "Bins", Category: "Waste", PublishedOn: date("2019-01-25")})
	if err != nil {
		t.Fatalf("publishing the cleared entry: %v", err)
	}
	if got.Request != "How many bins? Ring me on [redacted: s40(2)]." || got.Response != "Ten bins." {
		t.Errorf("published %q / %q", got.Request, got.Response)
	}
	// Importing the same file again leaves the cleared entry as it is.
	out, err = svc.ImportCases(ctx, admin, []casework.ImportCase{line()}, casework.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Result != casework.ImportUnchanged || out[0].Held {
		t.Errorf("importing again: %+v", out[0])
	}
	if pub, err := svc.Disclosure(ctx, ref); err != nil || pub.Request != got.Request {
		t.Errorf("after importing again the entry is %v, %v", pub, err)
	}
}
