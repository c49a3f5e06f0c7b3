// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/seedcase"
)

var update = flag.Bool("update", false, "rewrite golden files")

// seedFile returns the canonical published response, normalised: no
// trailing spaces on lines.
func seedFile(t *testing.T) string { return normalise(seedcase.Raw()) }

var trailing = regexp.MustCompile(`[ \t]+\n`)

func normalise(s string) string {
	return trailing.ReplaceAllString(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	j := strings.Index(s[i+len(from):], to)
	if i < 0 || j < 0 {
		return ""
	}
	return strings.TrimSpace(s[i+len(from) : i+len(from)+j])
}

// seedAnswers reads each part's answer from the seed's Response section:
// the text after the repeated question, to the end of its paragraph.
func seedAnswers(t *testing.T, parts []foi.Part) []string {
	t.Helper()
	resp := between(seedFile(t), "Response:", "You are free to use")
	var out []string
	for _, p := range parts {
		i := strings.Index(resp, p.Text)
		if i < 0 {
			t.Fatalf("part %d's question is not repeated in the seed's response", p.Number)
		}
		rest := resp[i+len(p.Text):]
		if j := strings.Index(rest, "\n\n"); j >= 0 {
			rest = rest[:j]
		}
		out = append(out, strings.TrimPrefix(strings.TrimSpace(rest), "- "))
	}
	return out
}

// seedAnsweredAsThurrock logs and answers the seed request as Thurrock Council did.
func seedAnsweredAsThurrock(t *testing.T, svc *casework.Service) *foi.Request {
	t.Helper()
	admin := &foi.User{ID: 1, Name: "Admin", Role: foi.RoleAdmin}
	if err := svc.SetAuthority(ctx, admin, casework.Authority{
		Name: "Thurrock Council", FOIEmail: "information.matters@thurrock.gov.uk",
		ReviewTeam: "a senior member of the Information Management Team",
	}); err != nil {
		t.Fatal(err)
	}
	r := submit(t, svc, foi.FOIA, "2023-05-02", between(seedFile(t), "Request:", "Response:"))
	for i, a := range seedAnswers(t, r.Parts) {
		if _, err := svc.AnswerPart(ctx, officer, r.Reference, i+1, casework.Answer{Text: a, Outcome: foi.Granted}); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

func TestSeedResponseLetter(t *testing.T) {
	svc := newService(t)
	r := seedAnsweredAsThurrock(t, svc)
	l, err := svc.DraftLetter(ctx, officer, r.Reference, foi.LetterResponse, "")
	if err != nil {
		t.Fatal(err)
	}
	// The response reads exactly as the council's published response: each
	// question repeated with its answer after it, the re-use notice, the
	// internal review and the ICO.
	want := between(seedFile(t), "Response:", "Request reference:")
	got := between(l.Body, "Response:", "Yours sincerely,")
	if got != want {
		t.Errorf("the response differs from the seed's:\n--- got\n%s\n--- want\n%s", got, want)
	}
	if !strings.HasSuffix(strings.TrimSpace(l.Body), "Request reference:\n"+r.Reference.String()) {
		t.Errorf("the letter does not end with its reference")
	}
	golden := filepath.Join("testdata", "seed-response.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(l.Body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(b) != l.Body {
		t.Errorf("response letter differs from %s (go test -update rewrites it):\n%s", golden, l.Body)
	}
}

func TestSendingNeedsApprovalWhenTheAuthoritySaysSo(t *testing.T) {
	svc := newService(t)
	r := seedAnsweredAsThurrock(t, svc)
	admin := &foi.User{ID: 1, Name: "Admin", Role: foi.RoleAdmin}
	reviewer := &foi.User{ID: 3, Name: "Rita Reviewer", Role: foi.RoleReviewer}
	if err := svc.SetResponsesNeedApproval(ctx, admin, true); err != nil {
		t.Fatal(err)
	}
	l, err := svc.DraftLetter(ctx, officer, r.Reference, foi.LetterResponse, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SendLetter(ctx, officer, r.Reference, l.ID); foi.ErrorCode(err) != foi.ECONFLICT {
		t.Fatalf("sending unapproved: %v, want conflict", err)
	}
	if err := svc.ApproveLetter(ctx, officer, r.Reference, l.ID); foi.ErrorCode(err) != foi.EFORBIDDEN {
		t.Errorf("an officer approving: %v, want forbidden", err)
	}
	if err := svc.ApproveLetter(ctx, reviewer, r.Reference, l.ID); err != nil {
		t.Fatal(err)
	}
	// Without email nothing is sent: the letter is posted and recorded so.
	if _, err := svc.SendLetter(ctx, officer, r.Reference, l.ID); foi.ErrorCode(err) != foi.ECONFLICT ||
		!strings.Contains(foi.ErrorMessage(err), "email is not set up") {
		t.Fatalf("emailing with no email set up: %v, want a conflict saying why", err)
	}
	if got, _ := svc.Store.FindRequest(ctx, r.Reference); got.Status == foi.StatusResponded {
		t.Fatal("a letter that could not be emailed made the case responded")
	}
	for _, bad := range []string{"2026-11-26", "2020-01-01"} {
		if _, err := svc.PostLetter(ctx, officer, r.Reference, l.ID, date(bad)); foi.ErrorCode(err) != foi.EINVALID {
			t.Errorf("posted on %s: %v, want invalid", bad, err)
		}
	}
	sent, err := svc.PostLetter(ctx, officer, r.Reference, l.ID, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if sent.ApprovedBy != "Rita Reviewer" || sent.SentAt.IsZero() || sent.Delivery != foi.LetterByPost || foi.FormatDate(sent.PostedOn) != "2026-11-25" {
		t.Errorf("posted letter: approved by %q, sent %v, delivery %q on %s", sent.ApprovedBy, sent.SentAt, sent.Delivery, foi.FormatDate(sent.PostedOn))
	}
	got, events, _ := svc.FindRequest(ctx, officer, r.Reference)
	if got.Status != foi.StatusResponded || foi.FormatDate(got.RespondedOn) != "2026-11-25" {
		t.Errorf("after sending: %s, responded %s", got.Status, foi.FormatDate(got.RespondedOn))
	}
	types := strings.Join(eventTypes(events), " ")
	if !strings.Contains(types, "letter-approved responded letter-sent") {
		t.Errorf("history %s lacks approval, response and sending in order", types)
	}
	if err := svc.EditLetter(ctx, officer, r.Reference, l.ID, "changed"); foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("editing a sent letter: %v, want conflict", err)
	}
	if _, err := svc.SendLetter(ctx, officer, r.Reference, l.ID); foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("sending twice: %v, want conflict", err)
	}
}

func TestLetterTemplatesAreCheckedBeforeSaving(t *testing.T) {
	svc := newService(t)
	admin := &foi.User{ID: 1, Name: "Admin", Role: foi.RoleAdmin}
	for _, bad := range []string{"{{.Nope}}", "{{range .Parts}}", "{{.Reference"} {
		if err := svc.SetLetterTemplate(ctx, admin, foi.LetterResponse, bad); foi.ErrorCode(err) != foi.EINVALID {
			t.Errorf("template %q: %v, want invalid", bad, err)
		}
	}
	if err := svc.SetLetterTemplate(ctx, officer, foi.LetterResponse, "Dear {{.Requester.Name}}"); foi.ErrorCode(err) != foi.EFORBIDDEN {
		t.Errorf("officer editing a template: %v", err)
	}
	if err := svc.SetLetterTemplate(ctx, admin, foi.LetterAcknowledgement, "Dear {{.Requester.Name}}, got it: {{.Reference}}"); err != nil {
		t.Fatal(err)
	}
	r := submit(t, svc, foi.FOIA, "2026-11-02", "How many bins?")
	l, err := svc.DraftLetter(ctx, officer, r.Reference, foi.LetterAcknowledgement, "")
	if err != nil {
		t.Fatal(err)
	}
	if l.Body != "Dear Sam Researcher, got it: "+r.Reference.String() {
		t.Errorf("letter from the edited template = %q", l.Body)
	}
}

func TestContributorsSeeOnlyTheirParts(t *testing.T) {
	svc := newService(t)
	r := submit(t, svc, foi.FOIA, "2026-11-02", "1. How many staff?\n2. What budget?\n3. Which roads?")
	hr := &foi.User{Email: "hr@council.example", Name: "HR", Role: foi.RoleContributor}
	other := &foi.User{Email: "fin@council.example", Name: "Finance", Role: foi.RoleContributor}
	for _, u := range []*foi.User{hr, other} {
		if err := svc.Store.Update(ctx, func(tx foi.Tx) error { return tx.CreateUser(ctx, u) }); err != nil {
			t.Fatal(err)
		}
	}
	if err := svc.AssignPart(ctx, officer, r.Reference, 1, hr.ID, date("2026-11-30"), "headcount please"); err != nil {
		t.Fatal(err)
	}
	got, events, err := svc.FindRequest(ctx, hr, r.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Parts) != 1 || got.Parts[0].Number != 1 || got.Requester.Name != "" || got.Text != "" || events != nil {
		t.Errorf("contributor view: parts %v, requester %q, text %q, %d events", got.Parts, got.Requester.Name, got.Text, len(events))
	}
	if _, _, err := svc.FindRequest(ctx, other, r.Reference); foi.ErrorCode(err) != foi.EFORBIDDEN {
		t.Errorf("a contributor with no part: %v, want forbidden", err)
	}
	if err := svc.AddPartInput(ctx, hr, r.Reference, 2, "x"); foi.ErrorCode(err) != foi.EFORBIDDEN {
		t.Errorf("input on a part not assigned: %v", err)
	}
	if err := svc.AddPartInput(ctx, hr, r.Reference, 1, "We employ 412 staff."); err != nil {
		t.Fatal(err)
	}
	list, n, err := svc.ListCases(ctx, hr, foi.RequestFilter{})
	if err != nil || n != 1 || list[0].Requester.Name != "" {
		t.Errorf("contributor's case list: %d cases, %v", n, err)
	}
	_, events, _ = svc.FindRequest(ctx, officer, r.Reference)
	if in := casework.PartInputs(events)[1]; len(in) != 1 || !strings.Contains(in[0].Note, "412") {
		t.Errorf("part 1 input = %v", in)
	}
}

func TestEditMergeAndSplitParts(t *testing.T) {
	svc := newService(t)
	r := submit(t, svc, foi.FOIA, "2026-11-02", "1. How many staff?\n2. In each department?\n3. What budget?")
	if err := svc.MergeParts(ctx, officer, r.Reference, 1); err != nil {
		t.Fatal(err)
	}
	if err := svc.SplitPart(ctx, officer, r.Reference, 2, "What budget?", "What was spent?"); err != nil {
		t.Fatal(err)
	}
	if err := svc.EditPart(ctx, officer, r.Reference, 3, "What was spent in 2025?"); err != nil {
		t.Fatal(err)
	}
	got, events, _ := svc.FindRequest(ctx, officer, r.Reference)
	var texts []string
	for _, p := range got.Parts {
		texts = append(texts, p.Text)
	}
	want := "How many staff?\n\nIn each department?|What budget?|What was spent in 2025?"
	if strings.Join(texts, "|") != want {
		t.Errorf("parts = %q, want %q", strings.Join(texts, "|"), want)
	}
	var labels []string
	for _, p := range got.Parts {
		labels = append(labels, p.Label)
	}
	if strings.Join(labels, " ") != "1–2 3a 3b" {
		t.Errorf("labels = %q, want the requester's numbers: 1–2 3a 3b", labels)
	}
	if types := strings.Join(eventTypes(events), " "); !strings.Contains(types, "parts-merged part-split part-edited") {
		t.Errorf("history = %s", types)
	}
	if err := svc.MergeParts(ctx, officer, r.Reference, 3); foi.ErrorCode(err) != foi.EINVALID {
		t.Errorf("merging the last part: %v", err)
	}
}

// TestSplittingKeepsTheNumbersUnique splits part 2 of four: the letter
// numbers them 1, 2a, 2b, 3, 4, as the requester did, and no number twice.
func TestSplittingKeepsTheNumbersUnique(t *testing.T) {
	svc := newService(t)
	r := submit(t, svc, foi.FOIA, "2026-11-02", "1. How many staff?\n2. How many in each department and what do they cost?\n3. What budget?\n4. Who approved it?")
	if err := svc.SplitPart(ctx, officer, r.Reference, 2, "How many in each department?", "What do they cost?"); err != nil {
		t.Fatal(err)
	}
	if err := svc.SplitPart(ctx, officer, r.Reference, 2, "How many in each department in 2025?", "And in 2024?"); err != nil {
		t.Fatal(err)
	}
	for n := 1; n <= 6; n++ {
		if _, err := svc.AnswerPart(ctx, officer, r.Reference, n, casework.Answer{Text: "Answer " + strconv.Itoa(n), Outcome: foi.Granted}); err != nil {
			t.Fatal(err)
		}
	}
	l, err := svc.DraftLetter(ctx, officer, r.Reference, foi.LetterResponse, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"1. How many staff?", "2a.1. How many in each department in 2025?", "2a.2. And in 2024?", "2b. What do they cost?", "3. What budget?", "4. Who approved it?"} {
		if strings.Count(l.Body, "\n"+want) != 1 {
			t.Errorf("the letter has %q %d times:\n%s", want, strings.Count(l.Body, "\n"+want), l.Body)
		}
	}
}

func TestHints(t *testing.T) {
	svc := newService(t)
	a := submit(t, svc, foi.FOIA, "2026-10-01", "How many fly-tipping reports were made about Station Road in 2025?")
	b := submit(t, svc, foi.FOIA, "2026-11-02", "How many fly-tipping reports about Station Road were there in 2024?")
	if h := casework.EnvironmentalHint(a); len(h) == 0 {
		t.Errorf("no environmental hint for fly-tipping")
	}
	if h := casework.EnvironmentalHint(&foi.Request{Regime: foi.FOIA, Text: "How many street lights?"}); len(h) != 0 {
		t.Errorf("environmental hint for street lights: %v", h)
	}
	rel, err := svc.RelatedRequests(ctx, officer, b)
	if err != nil || len(rel) != 1 || rel[0].Request.ID != a.ID || rel[0].Similarity < 0.3 {
		t.Errorf("related requests = %+v, %v", rel, err)
	}
}
