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

// reviewFixture is the staff fixture's case answered as the seed was,
// responded to by the officer on 25 November 2026, and with an internal
// review asked for through the tracking link on 1 December. It returns the
// tracking link's secret.
func (f *staffFixture) reviewFixture(t *testing.T) string {
	t.Helper()
	f.answerFromSeed(t, nil)
	officer := f.users[foi.RoleOfficer]
	if _, err := f.svc.RecordEvent(ctx, officer, f.ref, casework.ClockEvent{Type: foi.EventResponded}); err != nil {
		t.Fatal(err)
	}
	secret, err := f.svc.IssueTrackingLink(ctx, officer, f.ref)
	if err != nil {
		t.Fatal(err)
	}
	f.now = time.Date(2026, 12, 1, 10, 0, 0, 0, casework.UK)
	if _, err := f.svc.RequestReview(ctx, secret, "Part 2 should have been answered in full."); err != nil {
		t.Fatal(err)
	}
	return secret
}

// TestInternalReviewInTheWebPages decides an internal review through the
// staff pages alone: the reviewer is assigned, the review is in their
// queue, they decide it part by part, the outcome letter is drafted, and
// the requester's page shows the outcome and the way to the ICO.
func TestInternalReviewInTheWebPages(t *testing.T) {
	f := newStaffFixture(t)
	secret := f.reviewFixture(t)
	officer, reviewer := f.signedIn(t, foi.RoleOfficer), f.signedIn(t, foi.RoleReviewer)
	casePath := "/staff/cases/" + f.ref.Slug()

	_, page := f.get(t, officer, casePath)
	for _, want := range []string{`id="review"`, "Part 2 should have been answered in full.", "20 working days after the review was asked for (s.45 Code of Practice",
		"Not assigned yet", "Rita Reviewer (reviewer)", "Extend the review to 40 working days"} {
		if !strings.Contains(page, want) {
			t.Errorf("the case page lacks %q", want)
		}
	}
	if strings.Contains(between(page, `id="reviewer"`, "</select>"), "Olu Officer") {
		t.Error("the officer who sent the response is offered as the reviewer")
	}
	if strings.Contains(page, `value="review-completed"`) {
		t.Error("the event form still offers a bare 'review completed'")
	}

	// The bare event and the letter before a decision are both refused.
	resp, body := f.postBody(t, officer, casePath+"/events", url.Values{"type": {foi.EventReviewCompleted}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Decide the internal review") {
		t.Errorf("recording a bare review-completed: %d", resp.StatusCode)
	}
	resp, body = f.postBody(t, officer, casePath+"/letters", url.Values{"kind": {foi.LetterReviewOutcome}})
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "with its decision") {
		t.Errorf("drafting the outcome letter before the decision: %d", resp.StatusCode)
	}

	// Assigning the officer who decided the original is refused; the reviewer is assigned.
	resp, body = f.postBody(t, officer, casePath+"/review/assign", url.Values{"reviewer": {itoa(f.users[foi.RoleOfficer].ID)}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "took part in the original decision") {
		t.Errorf("assigning the original decider: %d", resp.StatusCode)
	}
	if resp := f.post(t, officer, casePath+"/review/assign", url.Values{"reviewer": {itoa(f.users[foi.RoleReviewer].ID)}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("assigning the reviewer: %d", resp.StatusCode)
	}

	// The reviewer's queue has it.
	_, queue := f.get(t, reviewer, "/staff/reviews")
	if mine := between(queue, `id="mine"`, `id="unassigned"`); !strings.Contains(mine, f.ref.String()) || !strings.Contains(mine, "31 December 2026") {
		t.Errorf("the reviewer's queue lacks the case or its due date:\n%s", mine)
	}
	if !strings.Contains(queue, `href="/staff/reviews"`) {
		t.Error("the staff navigation does not link to the review queue")
	}

	// A decision that contradicts itself is refused and keeps what was typed.
	form := url.Values{"outcome": {"upheld"}, "note": {"Part 2 can be answered in full."},
		"part-2-change": {"yes"}, "part-2-outcome": {"granted"}, "part-2-answer": {"All 14 of them."}}
	resp, body = f.postBody(t, reviewer, casePath+"/review", form)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "an upheld review changes no answers") || !strings.Contains(body, "All 14 of them.") {
		t.Errorf("an upheld decision that changes a part: %d", resp.StatusCode)
	}
	form.Set("outcome", "partly-upheld")
	if resp := f.post(t, reviewer, casePath+"/review", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("deciding the review: %d", resp.StatusCode)
	}
	r, err := f.svc.Store.FindRequest(ctx, f.ref)
	if err != nil {
		t.Fatal(err)
	}
	reviews, _ := f.svc.Store.FindReviews(ctx, r.ID)
	rv := reviews[len(reviews)-1]
	if r.Status != foi.StatusClosed || rv.Outcome != foi.ReviewPartlyUpheld || rv.ReviewerID != f.users[foi.RoleReviewer].ID || r.Parts[1].Answer != "All 14 of them." {
		t.Fatalf("after the decision: status %s, outcome %q, reviewer %d, part 2 %q", r.Status, rv.Outcome, rv.ReviewerID, r.Parts[1].Answer)
	}

	// The outcome letter is drafted from the case page.
	_, page = f.get(t, officer, casePath)
	if !strings.Contains(page, "Original decision partly upheld") || !strings.Contains(page, `id="draft-review-letter"`) {
		t.Error("the case page does not show the decision with the outcome letter to draft")
	}
	resp = f.post(t, officer, casePath+"/letters", url.Values{"kind": {foi.LetterReviewOutcome}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("drafting the outcome letter: %d", resp.StatusCode)
	}
	_, letter := f.get(t, officer, resp.Header.Get("Location"))
	if !strings.Contains(letter, "partly upheld") || !strings.Contains(letter, "All 14 of them.") {
		t.Error("the outcome letter does not give the decision and the new answer")
	}

	// The requester sees the outcome and the way to the ICO, not an invitation to ask again.
	_, track := f.get(t, client(t), "/track/"+secret)
	for _, want := range []string{"Review completed", "Original decision partly upheld", "the answer to part 2 has changed",
		"Information Commissioner&#39;s Office (FOIA s.50)", "12 January 2027"} {
		if !strings.Contains(track, want) {
			t.Errorf("the tracking page lacks %q", want)
		}
	}
	if strings.Contains(track, "/review\" role=\"button\"") {
		t.Error("the tracking page invites a second review")
	}
}
