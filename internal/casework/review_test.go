// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// answeredSeed logs the seed request, answers its seven parts as the
// officer and records the response on 30 May 2023, as Thurrock did.
func answeredSeed(t *testing.T, svc *casework.Service) *foi.Request {
	t.Helper()
	r := submit(t, svc, foi.FOIA, "2023-05-02", seedRequest(t))
	for n := 1; n <= len(r.Parts); n++ {
		if _, err := svc.AnswerPart(ctx, officer, r.Reference, n, casework.Answer{Text: "Answer " + string(rune('0'+n)), Outcome: foi.Granted}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventResponded, On: date("2023-05-30")}); err != nil {
		t.Fatal(err)
	}
	return r
}

var reviewer = &foi.User{ID: 2, Name: "Sam Senior", Role: foi.RoleReviewer}

func TestInternalReviewOfTheSeedCase(t *testing.T) {
	svc := newService(t)
	r := answeredSeed(t, svc)

	got, err := svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventReviewRequested, On: date("2023-06-15"),
		Note: "The answer to question 7 is incomplete."})
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != foi.StatusInReview || foi.FormatDate(got.DueOn) != "2023-06-01" {
		t.Errorf("after the review request: %s due %s; want in-review, the request's own deadline kept", got.Status, foi.FormatDate(got.DueOn))
	}
	reviews, _ := svc.Store.FindReviews(ctx, r.ID)
	if len(reviews) != 1 {
		t.Fatalf("%d reviews, want 1", len(reviews))
	}
	// 20 working days from Thu 15 June 2023, skipping the Battle of the Boyne
	// holiday in Northern Ireland (Wed 12 July), which stops an English clock.
	if rv := reviews[0]; foi.FormatDate(rv.DueOn) != "2023-07-14" || rv.Late || rv.Grounds == "" {
		t.Errorf("review = due %s late %v grounds %q; want due 2023-07-14, in the window, with the grounds",
			foi.FormatDate(rv.DueOn), rv.Late, rv.Grounds)
	}
	if _, err := svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventReviewRequested, On: date("2023-06-16")}); foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("a second review while one is under way gave %v, want conflict", err)
	}

	// Separation of duties: the officer who answered may neither be
	// assigned nor decide; a reviewer who was not involved may.
	decision := casework.ReviewDecision{Outcome: foi.ReviewPartlyUpheld, Note: "Question 7 can be answered in part.",
		Parts: map[int]casework.Answer{7: {Text: "About £12,000 a year, from contract monitoring returns.", Outcome: foi.Granted}}}
	if _, err := svc.CompleteReview(ctx, officer, r.Reference, decision); foi.ErrorCode(err) != foi.EFORBIDDEN ||
		!strings.Contains(err.Error(), "original decision") {
		t.Errorf("the original officer deciding the review gave %v, want forbidden", err)
	}
	if _, err := svc.AssignReviewer(ctx, officer, r.Reference, officer.ID); err == nil {
		t.Errorf("assigning the original officer as reviewer was accepted")
	}
	if _, err := svc.CompleteReview(ctx, reviewer, r.Reference, casework.ReviewDecision{Outcome: foi.ReviewUpheld, Parts: decision.Parts, Note: "x"}); foi.ErrorCode(err) != foi.EINVALID {
		t.Errorf("an upheld review that changes answers gave %v, want invalid", err)
	}
	rv, err := svc.CompleteReview(ctx, reviewer, r.Reference, decision)
	if err != nil {
		t.Fatal(err)
	}
	if rv.Outcome != foi.ReviewPartlyUpheld || foi.FormatDate(rv.CompletedOn) != "2026-11-25" || rv.CompletedBy != reviewer.ID {
		t.Errorf("completed review = %+v", rv)
	}
	if len(rv.Decisions) != 7 || rv.Decisions[6].Outcome != foi.ReviewOverturned || rv.Decisions[6].Before.Answer != "Answer 7" ||
		rv.Decisions[0].Outcome != foi.ReviewUpheld {
		t.Errorf("per-part decisions = %+v", rv.Decisions)
	}
	after, events, _ := svc.FindRequest(ctx, officer, r.Reference)
	if after.Status != foi.StatusClosed || !strings.HasPrefix(after.Parts[6].Answer, "About £12,000") {
		t.Errorf("after the review: status %s, part 7 %q", after.Status, after.Parts[6].Answer)
	}
	last := events[len(events)-2] // the view is the last event
	if last.Type != foi.EventReviewCompleted || !strings.Contains(last.Note, "late (due 2023-07-14)") {
		t.Errorf("the completion event = %s %q; want it to say the review was late", last.Type, last.Note)
	}
}

func TestLateReviewRequestIsFlagged(t *testing.T) {
	svc := newService(t)
	r := answeredSeed(t, svc)
	// 40 working days after 30 May 2023 is 26 July 2023 (12 July skipped).
	if _, err := svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventReviewRequested, On: date("2023-07-27")}); err != nil {
		t.Fatal(err)
	}
	reviews, _ := svc.Store.FindReviews(ctx, r.ID)
	if !reviews[0].Late {
		t.Errorf("a review asked for on 27 July 2023 is not flagged late")
	}
	_, events, _ := svc.FindRequest(ctx, officer, r.Reference)
	for _, e := range events {
		if e.Type == foi.EventReviewRequested && !strings.Contains(e.Note, "window closed on 2023-07-26") {
			t.Errorf("the review-requested event does not explain the lateness: %q", e.Note)
		}
	}
}

func TestReviewDeadlinesByRegime(t *testing.T) {
	tests := []struct {
		regime   foi.Regime
		want     string
		extended string // "" when the regime has no review extension
	}{
		{foi.FOIA, "2026-02-06", "2026-03-06"}, // C18
		{foi.EIR, "2026-03-06", ""},            // reg 11: 40 working days
		{foi.FOISA, "2026-02-06", ""},          // s.21: 20 working days
		{foi.EISR, "2026-02-06", ""},           // reg 16: 20 working days
	}
	for _, tt := range tests {
		t.Run(string(tt.regime), func(t *testing.T) {
			svc := newService(t)
			r := submit(t, svc, tt.regime, "2025-11-03", "How many?")
			if _, err := svc.AnswerPart(ctx, officer, r.Reference, 1, casework.Answer{Text: "3", Outcome: foi.Granted}); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventResponded, On: date("2025-11-28")}); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventReviewRequested, On: date("2026-01-09")}); err != nil {
				t.Fatal(err)
			}
			reviews, _ := svc.Store.FindReviews(ctx, r.ID)
			if got := foi.FormatDate(reviews[0].DueOn); got != tt.want {
				t.Errorf("review due %s, want %s", got, tt.want)
			}
			rv, err := svc.ExtendReview(ctx, officer, r.Reference, "Exceptional volume of material to reconsider.")
			if tt.extended == "" {
				if err == nil {
					t.Errorf("extending a %s review was accepted", tt.regime)
				}
				return
			}
			if err != nil || foi.FormatDate(rv.DueOn) != tt.extended {
				t.Errorf("extended review = %v, %v; want due %s", rv, err, tt.extended)
			}
		})
	}
}

func TestRegulatorComplaint(t *testing.T) {
	svc := newService(t)
	r := answeredSeed(t, svc)
	c, err := svc.LogComplaint(ctx, officer, r.Reference, "IC-234567-X9Y8", date("2023-08-01"), "Complains that question 7 was not answered.")
	if err != nil {
		t.Fatal(err)
	}
	if c.Regulator != "ICO" {
		t.Errorf("regulator %q, want ICO", c.Regulator)
	}
	if _, err := svc.RecordAppeal(ctx, officer, r.Reference, c.ID, date("2023-10-01"), ""); foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("an appeal before any decision gave %v, want conflict", err)
	}
	c, err = svc.RecordDecisionNotice(ctx, officer, r.Reference, c.ID, casework.Decision{On: date("2023-11-01"), Outcome: "complaint upheld"})
	if err != nil {
		t.Fatal(err)
	}
	// Steps within 35 calendar days; a Tribunal appeal within 28 days.
	if foi.FormatDate(c.ComplianceDueOn) != "2023-12-06" || foi.FormatDate(c.AppealDueOn) != "2023-11-29" {
		t.Errorf("compliance due %s, appeal due %s; want 2023-12-06 and 2023-11-29",
			foi.FormatDate(c.ComplianceDueOn), foi.FormatDate(c.AppealDueOn))
	}
	if _, err := svc.CloseRegulatorCase(ctx, officer, r.Reference, c.ID, date("2023-12-05"), "steps taken"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RecordAppeal(ctx, officer, r.Reference, c.ID, date("2023-12-06"), ""); foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("an appeal on a closed case gave %v, want conflict", err)
	}
	_, events, _ := svc.FindRequest(ctx, officer, r.Reference)
	var types []string
	for _, e := range events {
		types = append(types, e.Type)
	}
	joined := strings.Join(types, ",")
	if !strings.Contains(joined, "regulator-complaint,decision-notice,regulator-closed") {
		t.Errorf("the regulator case is not on the timeline: %s", joined)
	}

	scot := submit(t, svc, foi.FOISA, "2025-11-03", "How many?")
	sc, err := svc.LogComplaint(ctx, officer, scot.Reference, "201600123", date("2026-01-05"), "")
	if err != nil || sc.Regulator != "SIC" {
		t.Errorf("a FOISA complaint goes to %v (%v), want SIC", sc, err)
	}
}

// TestReviewOutcomeLetter: the seed case (FOI 12748) goes to review, the
// reviewer overturns question 7; the outcome letter gives each part's
// decision, the new answer, and the right to complain to the ICO with its
// time limit. Under FOISA the same letter offers an application to the
// Scottish Information Commissioner within six months instead.
func TestReviewOutcomeLetter(t *testing.T) {
	svc := newService(t)
	if err := svc.Store.Update(ctx, func(tx foi.Tx) error { return tx.SetSetting(ctx, foi.SettingReferenceStart, "12748") }); err != nil {
		t.Fatal(err)
	}
	r := answeredSeed(t, svc)
	if r.Reference.String() != "FOI 12748" {
		t.Fatalf("the seed case is %s, want FOI 12748", r.Reference)
	}
	if _, err := svc.DraftLetter(ctx, officer, r.Reference, foi.LetterReviewOutcome, ""); foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("an outcome letter before any review gave %v, want conflict", err)
	}
	if _, err := svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventReviewRequested, On: date("2023-06-15")}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.DraftLetter(ctx, officer, r.Reference, foi.LetterReviewOutcome, ""); foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("an outcome letter while the review is under way gave %v, want conflict", err)
	}
	_, err := svc.CompleteReview(ctx, reviewer, r.Reference, casework.ReviewDecision{Outcome: foi.ReviewPartlyUpheld,
		Note:  "Question 7 can be answered in part from contract monitoring returns.",
		Parts: map[int]casework.Answer{7: {Text: "About £12,000 a year.", Outcome: foi.Granted}}})
	if err != nil {
		t.Fatal(err)
	}
	l, err := svc.DraftLetter(ctx, reviewer, r.Reference, foi.LetterReviewOutcome, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Our reference: FOI 12748", "Dear Sam Researcher,", "internal review",
		"Thank you for asking, on 15 June 2023, for an internal review", "completed on 25 November 2026",
		"Outcome: Original decision partly upheld.", "Question 7 can be answered in part",
		"Decision: upheld. Our answer stands: Answer 1 (Granted in full).",
		"Decision: overturned. Our original answer was: Answer 7 (Granted in full).\nOur new answer: About £12,000 a year. (Granted in full).",
		"complain to the Information Commissioner's Office (ICO) under section 50 of the Freedom of Information Act 2000",
		"within six weeks", "www.ico.org.uk",
	} {
		if !strings.Contains(l.Body, want) {
			t.Errorf("the review outcome letter lacks %q:\n%s", want, l.Body)
		}
	}
	if n := strings.Count(l.Body, "Decision: upheld."); n != 6 {
		t.Errorf("%d parts upheld in the letter, want 6", n)
	}
	if strings.Contains(l.Body, "Scottish") {
		t.Errorf("a FOIA letter mentions the Scottish Commissioner:\n%s", l.Body)
	}

	// FOISA: the Scottish Information Commissioner, within six months.
	s := submit(t, svc, foi.FOISA, "2023-05-02", "How many libraries are open on Sundays?")
	if _, err := svc.AnswerPart(ctx, officer, s.Reference, 1, casework.Answer{Text: "Three.", Outcome: foi.Granted}); err != nil {
		t.Fatal(err)
	}
	for _, ev := range []casework.ClockEvent{{Type: foi.EventResponded, On: date("2023-05-25")}, {Type: foi.EventReviewRequested, On: date("2023-06-01")}} {
		if _, err := svc.RecordEvent(ctx, officer, s.Reference, ev); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.CompleteReview(ctx, reviewer, s.Reference, casework.ReviewDecision{Outcome: foi.ReviewUpheld, Note: "The answer was right."}); err != nil {
		t.Fatal(err)
	}
	l, err = svc.DraftLetter(ctx, reviewer, s.Reference, foi.LetterReviewOutcome, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Outcome: Original decision upheld.", "apply to the Scottish Information Commissioner",
		"section 47 of the Freedom of Information (Scotland) Act 2002", "within six months", "www.foi.scot"} {
		if !strings.Contains(l.Body, want) {
			t.Errorf("the FOISA review outcome letter lacks %q:\n%s", want, l.Body)
		}
	}
	if strings.Contains(l.Body, "section 50") {
		t.Errorf("a FOISA letter offers an ICO complaint:\n%s", l.Body)
	}
}

// The reviewer assigned to an internal review finds it in their workload
// (the dashboard and the daily digest), though the case is someone else's.
func TestReviewerSeesTheirReviewInTheirWorkload(t *testing.T) {
	svc := newService(t)
	r := answeredSeed(t, svc)
	if _, err := svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventReviewRequested, On: date("2023-06-15")}); err != nil {
		t.Fatal(err)
	}
	// The store's first user is the officer (id 1) who answered; the second reviews.
	jane := &foi.User{Email: "jane@council.example", Name: officer.Name, Role: foi.RoleOfficer}
	reviewer := &foi.User{Email: "sam@council.example", Name: "Sam Senior", Role: foi.RoleReviewer}
	for _, u := range []*foi.User{jane, reviewer} {
		if err := svc.Store.Update(ctx, func(tx foi.Tx) error { return tx.CreateUser(ctx, u) }); err != nil {
			t.Fatal(err)
		}
	}
	w, err := svc.Workload(ctx, reviewer)
	if err != nil {
		t.Fatal(err)
	}
	if !w.Empty() {
		t.Errorf("before assignment the reviewer's workload = %+v, want empty", w)
	}
	if _, err := svc.AssignReviewer(ctx, officer, r.Reference, reviewer.ID); err != nil {
		t.Fatal(err)
	}
	if w, err = svc.Workload(ctx, reviewer); err != nil {
		t.Fatal(err)
	}
	if len(w.Overdue) != 1 || w.Overdue[0].Request.Reference != r.Reference || !w.Overdue[0].Review ||
		foi.FormatDate(w.Overdue[0].DueOn) != "2023-07-14" {
		t.Errorf("the reviewer's workload = %+v; want the review of %s, overdue since 2023-07-14", w, r.Reference)
	}
}
