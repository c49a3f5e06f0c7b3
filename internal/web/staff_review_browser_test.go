package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"disclose/internal/browsertest"
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

	do("the requester's page", chromedp.Navigate(f.srv.URL+"/track/"+secret), waitFor("/track/"))
	checkAxeWide(t, b, "tracking page after the review")
	if got := text("#review-outcome"); !strings.Contains(got, "Original decision overturned") {
		t.Errorf("the requester reads the outcome as %q", got)
	}
	if got := text("#complain"); !strings.Contains(got, "Information Commissioner's Office (FOIA s.50)") || !strings.Contains(got, "12 January 2027") {
		t.Errorf("the requester's next step reads %q", got)
	}
}
