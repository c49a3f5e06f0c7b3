// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"disclose/internal/browsertest"
	"disclose/internal/casework"
	"disclose/internal/foi"
)

// checkAxeWide checks the page with axe-core at 1280 and at 320 pixels
// wide (a phone), and leaves the window at 1280.
func checkAxeWide(t *testing.T, b context.Context, page string) {
	t.Helper()
	browsertest.CheckAxe(t, b, page+" at 1280px")
	if err := chromedp.Do(b, chromedp.EmulateViewport(320, 800)); err != nil {
		t.Fatalf("narrowing the window: %v", err)
	}
	browsertest.CheckAxe(t, b, page+" at 320px")
	if w, _ := chromedp.Run(b, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 320 {
		t.Errorf("%s at 320px: the page is %dpx wide, so it scrolls sideways", page, w)
	}
	if err := chromedp.Do(b, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatalf("widening the window: %v", err)
	}
}

// TestInternalReviewInABrowser takes an internal review from the request
// for it to the requester reading its outcome, in the browser: the officer
// assigns the reviewer on the case page; the reviewer finds it in their
// queue, decides it part by part, and drafts the outcome letter; the
// requester's page gives the outcome and the way to the ICO.
func TestInternalReviewInABrowser(t *testing.T) {
	f := newStaffFixture(t)
	secret := f.reviewFixture(t)
	b := browsertest.New(t)
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(b, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("reading %s: %v", sel, err)
		}
		return s
	}
	casePath := "/staff/cases/" + f.ref.Slug()

	browserSignIn(t, b, f, foi.RoleOfficer)
	do("open the case", chromedp.Navigate(f.srv.URL+casePath+"#review"), waitFor(casePath))
	checkAxeWide(t, b, "case page with a review under way")
	do("assign the reviewer",
		chromedp.SetValue(chromedp.CSS("#reviewer"), itoa(f.users[foi.RoleReviewer].ID)),
		click(`form[action$="/review/assign"] button`), waitFor("notice=reviewer"))
	if got := text("[id$=-reviewer]"); got != "Rita Reviewer" {
		t.Errorf("reviewer shown as %q", got)
	}

	browserSignIn(t, b, f, foi.RoleReviewer)
	do("open the queue", click(`a[href="/staff/reviews"]`), waitFor("/staff/reviews"))
	checkAxeWide(t, b, "review queue")
	if mine := text("#reviews-mine"); !strings.Contains(mine, f.ref.String()) || !strings.Contains(mine, "Part 2 should have been answered in full.") {
		t.Errorf("the reviewer's queue reads %q", mine)
	}
	do("open the case from the queue", click(`#reviews-mine a`), waitFor(casePath),
		click("#decide-review"), waitFor(casePath+"/review"))
	checkAxeWide(t, b, "review decision page")
	do("decide without reasons",
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#outcome-overturned').checked = true`),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#part-2-change').checked = true`),
		chromedp.SetValue(chromedp.CSS("#part-2-outcome"), "granted"),
		chromedp.SetValue(chromedp.CSS("#part-2-answer"), "All 14 of them."),
		click("#decide"), waitUntil(`document.querySelector('.govuk-error-summary') !== null`))
	if msg := text(".govuk-error-summary"); !strings.Contains(msg, "give the reasons") {
		t.Errorf("deciding without reasons said %q", msg)
	}
	checkAxeWide(t, b, "review decision page with an error")
	if v, _ := chromedp.Run(b, chromedp.Value(chromedp.CSS("#part-2-answer"))); v != "All 14 of them." {
		t.Errorf("the refused form lost the new answer: %q", v)
	}
	do("decide with reasons",
		chromedp.SetValue(chromedp.CSS("#note"), "Part 2 is not exempt: the figure is already published."),
		click("#decide"), waitFor("notice=review-decided"))
	if got := text("[id^=review-][id$=-decisions]"); !strings.Contains(got, "Answer changed") || !strings.Contains(got, "All 14 of them.") {
		t.Errorf("the decisions table reads %q", got)
	}
	checkAxeWide(t, b, "case page with the review decided")
	do("draft the outcome letter", click("#draft-review-letter"), waitFor("notice=letter"))
	body, _ := chromedp.Run(b, chromedp.Value(chromedp.CSS("#body")))
	if !strings.Contains(body, "overturned") || !strings.Contains(body, "the figure is already published") {
		t.Errorf("the outcome letter does not give the decision and reasons:\n%s", body)
	}

	do("post the outcome letter", click("#post"), waitFor("notice=posted"),
		chromedp.Navigate(f.srv.URL+casePath+"#review"), waitFor(casePath))
	if got := text("#review-letter"); !strings.Contains(got, "Posted 1 December 2026, not emailed") {
		t.Errorf("the review's outcome letter reads %q", got)
	}
	do("the requester's page", chromedp.Navigate(f.srv.URL+"/track/"+secret), waitFor("/track/"))
	checkAxeWide(t, b, "tracking page after the review")
	if got := text("#review-outcome"); !strings.Contains(got, "Original decision overturned") {
		t.Errorf("the requester reads the outcome as %q", got)
	}
	if got := text("#complain"); !strings.Contains(got, "Information Commissioner's Office (FOIA s.50)") || !strings.Contains(got, "12 January 2027") {
		t.Errorf("the requester's next step reads %q", got)
	}
}

// TestRegulatorCaseInABrowser logs a complaint to the ICO from the case
// page and records its decision notice, in the browser.
func TestRegulatorCaseInABrowser(t *testing.T) {
	f := newStaffFixture(t)
	f.reviewFixture(t)
	b := browsertest.New(t)
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(b, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	casePath := "/staff/cases/" + f.ref.Slug()
	browserSignIn(t, b, f, foi.RoleOfficer)
	do("open the complaint form", chromedp.Navigate(f.srv.URL+casePath+"#regulator"), waitFor(casePath),
		click("#complaint-form summary"))
	do("log it without saying what", chromedp.SetValue(chromedp.CSS("#complaint-ref"), "IC-412345-X1Y2"),
		click("#log-complaint"), waitUntil(`document.querySelector('.govuk-error-summary') !== null`))
	checkAxeWide(t, b, "case page refusing a complaint")
	if v, _ := chromedp.Run(b, chromedp.Value(chromedp.CSS("#complaint-ref"))); v != "IC-412345-X1Y2" {
		t.Errorf("the refused form lost the reference: %q", v)
	}
	do("log it", chromedp.SetValue(chromedp.CSS("#complaint-note"), "No answer to the review in time."),
		click("#log-complaint"), waitFor("notice=complaint"))
	do("record the decision notice",
		chromedp.SetValue(chromedp.CSS("select[id^=reg-][id$=-outcome]"), "partly upheld"),
		chromedp.SetValue(chromedp.CSS("input[id^=reg-][id$=-number]"), "IC-412345-X1Y2"),
		chromedp.SetValue(chromedp.CSS("textarea[id$=-steps-note]"), "Answer part 2 again."),
		click(`form[action$="/decision"] button`), waitFor("notice=regulator-decision"))
	checkAxeWide(t, b, "case page with a decision notice")
	got, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS("section[id^=reg-]")))
	for _, want := range []string{"IC-412345-X1Y2", "partly upheld", "5 January 2027", "35 days left", "Answer part 2 again.", "29 December 2026"} {
		if !strings.Contains(got, want) {
			t.Errorf("the complaint reads %q, want %q in it", got, want)
		}
	}
}

// TestPostedLetterInABrowser sends the acknowledgement with email not set
// up: the letter page says it cannot be emailed and offers only to record
// it as posted, with the day; the letter and the case page then say it was
// posted, not emailed, and the Email section still says nothing was sent.
func TestPostedLetterInABrowser(t *testing.T) {
	f := newStaffFixture(t)
	b := browsertest.New(t)
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(b, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("reading %s: %v", sel, err)
		}
		return s
	}
	letterPath := "/staff/cases/" + f.ref.Slug() + "/letters/" + itoa(f.letterID)
	browserSignIn(t, b, f, foi.RoleOfficer)
	do("open the letter", chromedp.Navigate(f.srv.URL+letterPath), waitFor(letterPath))
	checkAxeWide(t, b, "unsent letter with no email")
	if got := text("#no-email"); !strings.Contains(got, "cannot be emailed: email is not set up on this server") {
		t.Errorf("the letter page says %q", got)
	}
	if n, _ := chromedp.Run(b, chromedp.Evaluate[int](`document.querySelectorAll('#send').length`)); n != 0 {
		t.Error("the letter page offers to email it")
	}
	do("post it tomorrow", chromedp.SetValue(chromedp.CSS("#posted-on"), "2026-11-26"), click("#post"),
		waitUntil(`document.querySelector('.govuk-error-summary') !== null`))
	checkAxeWide(t, b, "letter page refusing a posting date")
	do("post it yesterday", chromedp.SetValue(chromedp.CSS("#posted-on"), "2026-11-24"), click("#post"), waitFor("notice=posted"))
	checkAxeWide(t, b, "posted letter")
	if got := text("#sent"); !strings.HasPrefix(got, "Posted 24 November 2026, not emailed") {
		t.Errorf("the letter reads %q", got)
	}
	do("open the case", chromedp.Navigate(f.srv.URL+"/staff/cases/"+f.ref.Slug()+"#letters"), waitFor(f.ref.Slug()))
	if got := text("#letters + .dsc-table-scroll table"); !strings.Contains(got, "Posted 24 November 2026, not emailed") {
		t.Errorf("the case's letters read %q", got)
	}
	if got := text("#email ~ p"); strings.Contains(got, "Sent") {
		t.Errorf("the Email section claims something was sent: %q", got)
	}
}

// TestStoppedClockInABrowser shows a case waiting for clarification on the
// case page, the case list and the dashboard, each passing axe.
func TestStoppedClockInABrowser(t *testing.T) {
	f := newStaffFixture(t)
	officer := f.users[foi.RoleOfficer]
	if err := f.svc.AssignCase(ctx, officer, f.ref, officer.ID); err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t)
	browserSignIn(t, b, f, foi.RoleOfficer)
	casePath := "/staff/cases/" + f.ref.Slug()
	if err := chromedp.Do(b, chromedp.Navigate(f.srv.URL+casePath+"#clock"), waitFor(casePath),
		chromedp.SetValue(chromedp.CSS("#event-type"), foi.EventClarificationRequested),
		chromedp.SetValue(chromedp.CSS("#event-on"), "2026-11-20"),
		click(`form[action$="/events"] button`), waitFor("notice=event")); err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct{ path, sel string }{{casePath, "#due"}, {"/staff/cases", "tbody"}, {"/staff/dashboard", "#stopped-cases"}} {
		if err := chromedp.Do(b, chromedp.Navigate(f.srv.URL+p.path), waitFor(p.path)); err != nil {
			t.Fatal(err)
		}
		checkAxeWide(t, b, p.path+" with the clock stopped")
		got, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(p.sel)))
		if err != nil || !strings.Contains(got, "20 November 2026") || !strings.Contains(got, "clarification asked for") || strings.Contains(got, "left") {
			t.Errorf("%s reads %q (%v)", p.path, got, err)
		}
	}
}

// TestSplitPartNumbersInABrowser splits part 2 of the seed request on the
// case page: the published entry numbers the questions 1, 2a, 2b, 3 ... 7,
// each once, as the requester numbered them.
func TestSplitPartNumbersInABrowser(t *testing.T) {
	f := newStaffFixture(t)
	b := browsertest.New(t)
	casePath := "/staff/cases/" + f.ref.Slug()
	browserSignIn(t, b, f, foi.RoleOfficer)
	if err := chromedp.Do(b, chromedp.Navigate(f.srv.URL+casePath+"#part-2"), waitFor(casePath),
		chromedp.SetValue(chromedp.CSS("#part-2-first"), "First half of question 2?"),
		chromedp.SetValue(chromedp.CSS("#part-2-second"), "Second half of question 2?"),
		click(`form[action$="/parts/2/split"] button`), waitFor("notice=parts")); err != nil {
		t.Fatal(err)
	}
	checkAxeWide(t, b, "case page after a split")
	officer := f.users[foi.RoleOfficer]
	r, _ := f.svc.Store.FindRequest(ctx, f.ref)
	for _, p := range r.Parts {
		if _, err := f.svc.AnswerPart(ctx, officer, f.ref, p.Number, casework.Answer{Text: "Yes.", Outcome: foi.Granted}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.svc.RecordEvent(ctx, officer, f.ref, casework.ClockEvent{Type: foi.EventResponded}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Publish(ctx, officer, f.ref, casework.PublishInput{Title: "Placements", Category: "Children's services"}); err != nil {
		t.Fatal(err)
	}
	entry := "/disclosure-log/" + f.ref.Slug()
	if err := chromedp.Do(b, chromedp.Navigate(f.srv.URL+entry), waitFor(entry)); err != nil {
		t.Fatal(err)
	}
	checkAxeWide(t, b, "published entry after a split")
	got, err := chromedp.Run(b, chromedp.Evaluate[string](`[...document.querySelectorAll('.dsc-part__question-heading')].map(h => h.textContent.trim()).join('|')`))
	if want := "Question 1|Question 2a|Question 2b|Question 3|Question 4|Question 5|Question 6|Question 7"; err != nil || got != want {
		t.Errorf("the entry's questions are %q (%v), want %q", got, err, want)
	}
}

// TestDepartmentContactInABrowser: the contact sends input and sees it
// kept on the page; their case list gives the date asked of them; a
// request not theirs explains itself. Each page passes axe.
func TestDepartmentContactInABrowser(t *testing.T) {
	f := newStaffFixture(t)
	b := browsertest.New(t)
	casePath := "/staff/cases/" + f.ref.Slug()
	browserSignIn(t, b, f, foi.RoleContributor)
	checkAxeWide(t, b, "department contact's case list")
	if err := chromedp.Do(b, chromedp.Navigate(f.srv.URL+casePath), waitFor(casePath),
		chromedp.SetValue(chromedp.CSS("#part-1-input"), "We placed 412 children."),
		click("#part-1-send"), waitFor("notice=input")); err != nil {
		t.Fatal(err)
	}
	checkAxeWide(t, b, "department contact's case page after sending input")
	if got, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS("#part-1 .dsc-input"))); !strings.Contains(got, "We placed 412 children.") {
		t.Errorf("after sending, part 1 shows %q", got)
	}
	other, err := f.svc.SubmitRequest(ctx, f.users[foi.RoleOfficer], casework.NewRequest{Requester: foi.Requester{Name: "Pat", Email: "pat@example.org"},
		Text: "How many parks are there?", Regime: foi.FOIA, Channel: foi.ChannelEmail, ReceivedOn: f.now.AddDate(0, 0, -3)})
	if err != nil {
		t.Fatal(err)
	}
	path := "/staff/cases/" + other.Reference.Slug()
	if err := chromedp.Do(b, chromedp.Navigate(f.srv.URL+path), waitFor(path)); err != nil {
		t.Fatal(err)
	}
	checkAxeWide(t, b, "a request not the contact's")
	if h, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS("h1"))); h != "Not one of your requests" {
		t.Errorf("a request not theirs is headed %q", h)
	}
}
