// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"disclose/internal/browsertest"
	"disclose/internal/foi"
	"disclose/internal/loadgen"
	"disclose/internal/logimport"
	"disclose/internal/seedcase"
)

// The published entry's two questions.
const (
	tenderWeighting = "How is social value weighted when you evaluate a tender?"
	tenderSupplier  = "Which supplier was used for the tender evaluation?"
)

// publishedTender publishes a response whose questions are about social
// value weighting and the supplier used.
func publishedTender(t *testing.T, f *fixture) string {
	t.Helper()
	tok := f.tokens["officer"]
	slug := loggedCase(t, f, `Please tell me about tender evaluation.\n\n1. `+tenderWeighting+`\n2. `+tenderSupplier)
	for n, answer := range []string{"Ten per cent of the quality score.", "Brightwater Facilities."} {
		if status, got := f.call(t, "PATCH", fmt.Sprintf("/api/v1/requests/%s/parts/%d", slug, n+1), tok,
			`{"answer":"`+answer+`","outcome":"granted"}`); status != http.StatusOK {
			t.Fatalf("answer: %d %v", status, got)
		}
	}
	if status, got := f.call(t, "POST", "/api/v1/requests/"+slug+"/events", tok, `{"type":"responded","on":"2026-10-20"}`); status != http.StatusCreated && status != http.StatusOK {
		t.Fatalf("respond: %d %v", status, got)
	}
	if status, got := f.call(t, "POST", "/api/v1/requests/"+slug+"/publish", tok,
		`{"title":"Social value weighting in tenders","category":"Procurement","published_on":"2026-10-21"}`); status != http.StatusOK {
		t.Fatalf("publish: %d %v", status, got)
	}
	return slug
}

// similar asks the suggestions endpoint.
func similar(t *testing.T, f *fixture, text, lang string) []map[string]any {
	t.Helper()
	path := "/api/v1/disclosures/similar?text=" + url.QueryEscape(text)
	if lang != "" {
		path += "&lang=" + lang
	}
	status, got := f.call(t, "GET", path, "", "")
	results, ok := got["results"].([]any)
	if status != http.StatusOK || !ok {
		t.Fatalf("similar: %d %v", status, got)
	}
	var out []map[string]any
	for _, r := range results {
		out = append(out, r.(map[string]any))
	}
	return out
}

// TestSimilarDisclosuresAPI: the suggestions say which of the requester's
// questions each entry answers, and with which of its published questions.
func TestSimilarDisclosuresAPI(t *testing.T) {
	f := newFixture(t)
	slug := publishedTender(t, f)
	asked := "Dear FOI team,\n\n1. Which supplier was used for the evaluation of the tender?\n2. How many allotments are vacant?\n3. How is social value weighted in tender evaluation?\n\nThanks"
	results := similar(t, f, asked, "")
	if len(results) != 1 {
		t.Fatalf("similar: %v, want the one published answer", results)
	}
	hit := results[0]
	if hit["url"] != "/disclosure-log/"+slug || hit["title"] != "Social value weighting in tenders" || hit["published_on"] != "2026-10-21" {
		t.Errorf("similar answer = %v", hit)
	}
	if fmt.Sprint(hit["questions"]) != "[1 3]" || hit["answers_text"] != "Answers your questions 1 and 3" {
		t.Errorf("the answer says it answers %v (%q), want questions 1 and 3", hit["questions"], hit["answers_text"])
	}
	answers, _ := hit["answers"].([]any)
	if len(answers) != 2 {
		t.Fatalf("answers = %v", hit["answers"])
	}
	first, third := answers[0].(map[string]any), answers[1].(map[string]any)
	if first["question"] != 1.0 || first["published_number"] != 2.0 || first["published_question"] != tenderSupplier ||
		third["question"] != 3.0 || third["published_number"] != 1.0 || third["published_question"] != tenderWeighting {
		t.Errorf("answers = %v, want question 1 by its question 2 and question 3 by its question 1", answers)
	}
	if cy := similar(t, f, asked, "cy"); len(cy) != 1 || cy[0]["answers_text"] != "Yn ateb eich cwestiynau 1 a 3" {
		t.Errorf("in Welsh: %v", cy)
	}
	if one := similar(t, f, tenderWeighting, ""); len(one) != 1 || one[0]["answers_text"] != "Answers your question 1" {
		t.Errorf("one question: %v", one)
	}
	if got := similar(t, f, "How many allotments are vacant?", ""); len(got) != 0 {
		t.Errorf("unrelated text: %v, want an empty list", got)
	}
}

// TestSuggestionsFindTheSeedsPlacements: the seed's social-value tender
// question (FOI 12748, question 4), typed word for word, is answered by the
// generated log's Placements entries, not by "Social worker caseloads",
// which share its words "social" and "questions" (issue 16).
func TestSuggestionsFindTheSeedsPlacements(t *testing.T) {
	f := newFixture(t)
	var buf bytes.Buffer
	if err := loadgen.Write(&buf, loadgen.Options{N: 800, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if st, err := logimport.Run(ctx, f.svc, bytes.NewReader(buf.Bytes()), "generated.jsonl", logimport.Options{}); err != nil || st.Created != 800 {
		t.Fatalf("import: %+v, %v", st, err)
	}
	var q4 string
	for _, q := range foi.SplitRequest(seedcase.Request()).Questions {
		if strings.Contains(q.Text, "what weighting is given to these questions") {
			q4 = q.Text
		}
	}
	if q4 == "" {
		t.Fatal("the seed has no question about the weighting of social value questions")
	}
	results := similar(t, f, q4, "")
	if len(results) == 0 {
		t.Fatalf("the seed's question %q finds nothing", q4)
	}
	for i, r := range results {
		if r["title"] != "Placements" {
			t.Errorf("suggestion %d for the seed's question is %q (%v), want only Placements entries", i+1, r["title"], r["answers"])
		}
	}
}

// TestRedactedWordsSuggestNothing: a word redacted from a published
// question never makes its entry a suggestion; the words left do.
func TestRedactedWordsSuggestNothing(t *testing.T) {
	f := newFixture(t)
	tok := f.tokens["officer"]
	secret := "Quillfeather Marchbanks Oxendale"
	slug := loggedCase(t, f, `Please tell me about a contract.\n\n1. What did the council pay `+secret+` for consultancy on parking enforcement?\n2. Which supplier was used?`)
	for n, answer := range []string{"Twelve thousand pounds.", "Brightwater Facilities."} {
		if status, got := f.call(t, "PATCH", fmt.Sprintf("/api/v1/requests/%s/parts/%d", slug, n+1), tok,
			`{"answer":"`+answer+`","outcome":"granted"}`); status != http.StatusOK {
			t.Fatalf("answer: %d %v", status, got)
		}
	}
	if status, got := f.call(t, "POST", "/api/v1/requests/"+slug+"/events", tok, `{"type":"responded","on":"2026-10-20"}`); status != http.StatusCreated && status != http.StatusOK {
		t.Fatalf("respond: %d %v", status, got)
	}
	for _, subject := range []string{foi.SubjectQuestion(1), foi.SubjectRequest} {
		if status, got := f.call(t, "POST", "/api/v1/requests/"+slug+"/redactions", tok,
			`{"subject":"`+subject+`","phrase":"`+secret+`","reason":"s43(2)"}`); status != http.StatusCreated && status != http.StatusOK {
			t.Fatalf("redact %s: %d %v", subject, status, got)
		}
	}
	if status, got := f.call(t, "POST", "/api/v1/requests/"+slug+"/publish", tok,
		`{"title":"Parking consultancy","category":"Parking","published_on":"2026-10-21"}`); status != http.StatusOK {
		t.Fatalf("publish: %d %v", status, got)
	}
	if got := similar(t, f, "What did the council pay "+secret+"?", ""); len(got) != 0 {
		t.Errorf("the redacted words find %v: a suggestion would tell the requester they are in the entry", got)
	}
	got := similar(t, f, "What did the council pay for consultancy on parking enforcement?", "")
	if len(got) != 1 || got[0]["url"] != "/disclosure-log/"+slug {
		t.Fatalf("the words left find %v, want the entry", got)
	}
	if a := fmt.Sprint(got[0]["answers"]); strings.Contains(a, "Quillfeather") || !strings.Contains(a, "[redacted: s43(2)]") {
		t.Errorf("the answering question reads %s, want it as published, redacted", a)
	}
}

// TestSuggestionsWhileTyping types a request in Chromium and waits for the
// similar published answer to be offered in the live region, saying which
// questions it answers, reachable by Tab, with no accessibility violations
// in that state; the check page then says the same without JavaScript's
// help.
func TestSuggestionsWhileTyping(t *testing.T) {
	f := newFixture(t)
	slug := publishedTender(t, f)
	ctx := browsertest.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(f.srv.URL+"/requests/new")); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#similar-answers"); got != "" {
		t.Fatalf("suggestions before typing: %q", got)
	}
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS("#request-text")),
		chromedp.KeyEvent("How do you weight social value when evaluating tenders?")); err != nil {
		t.Fatal(err)
	}
	link := `#similar-answers a[href="/disclosure-log/` + slug + `"]`
	waitCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(waitCtx, chromedp.WaitVisible(chromedp.CSS(link))); err != nil {
		t.Fatalf("no suggestion appeared while typing: %v", err)
	}
	region := text(t, ctx, "#similar-answers")
	if !strings.Contains(region, "Social value weighting in tenders") || !strings.Contains(region, "21 October 2026") ||
		!strings.Contains(region, "Answers your question 1") || !strings.Contains(region, "Your question 1, as it was asked there: "+tenderWeighting) {
		t.Errorf("suggestions read %q", region)
	}
	live, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("similar-answers").getAttribute("aria-live")`))
	if err != nil || live != "polite" {
		t.Errorf("suggestions region aria-live = %q (%v), want polite", live, err)
	}
	tabTo(t, ctx, "the suggested answer", `document.activeElement && document.activeElement.matches('`+link+`')`)
	browsertest.CheckAxe(t, ctx, "request form with suggestions")
	screenshot(t, ctx, "request-form-suggestions")

	// Three numbered questions, two of them answered.
	asked := "Dear FOI team,\n\n1. Which supplier was used for the evaluation of the tender?\n2. How many allotments are vacant?\n3. How is social value weighted in tender evaluation?"
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#request-text"), asked),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("request-text").dispatchEvent(new Event("input"))`),
		waitUntil(`document.getElementById("similar-answers").textContent.includes("Answers your questions 1 and 3")`)); err != nil {
		t.Fatalf("the suggestions do not say questions 1 and 3 are answered: %v (%q)", err, text(t, ctx, "#similar-answers"))
	}
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#name"), "Kim Keyboard"),
		chromedp.SetValue(chromedp.CSS("#email"), "kim@example.org"),
		click(`form button.govuk-button`),
		waitUntil(`document.querySelector(".govuk-summary-list") !== null && document.readyState === "complete"`)); err != nil {
		t.Fatal(err)
	}
	check := text(t, ctx, ".dsc-similar-published")
	for _, want := range []string{"Social value weighting in tenders", "Answers your questions 1 and 3",
		"Your question 1, as it was asked there: " + tenderSupplier, "Your question 3, as it was asked there: " + tenderWeighting} {
		if !strings.Contains(check, want) {
			t.Errorf("the check page's suggestions do not say %q: %q", want, check)
		}
	}
	browsertest.CheckAxe(t, ctx, "check your answers with suggestions")
	screenshot(t, ctx, "request-check-suggestions")
}
