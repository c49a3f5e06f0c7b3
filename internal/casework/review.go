// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"disclose/internal/clock"
	"disclose/internal/foi"
)

// openReview starts an internal review when a review-requested event is
// recorded: the review's deadline comes from the clock's review stage, and
// a request outside the requester's 40-working-day window is accepted but
// flagged, for staff to decide (s.45 Code; EIR reg 11(2); FOISA s.20(5)).
func (s *Service) openReview(ctx context.Context, tx foi.Tx, r *foi.Request, e *foi.Event, grounds string) (*foi.Review, error) {
	reviews, err := tx.FindReviews(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	for _, rv := range reviews {
		if rv.Open() {
			return nil, foi.Errorf(foi.ECONFLICT, "%s already has an internal review under way", r.Reference)
		}
	}
	cal := s.Calendar()
	regime := r.Regime
	due, err := cal.Deadline(clock.Case{Regime: regime, Stage: clock.StageReview, Received: clock.DateOf(e.On)})
	if err != nil {
		return nil, foi.Errorf(foi.EINVALID, "cannot compute the review deadline: %v", err)
	}
	rv := &foi.Review{RequestID: r.ID, RequestedOn: e.On, Grounds: strings.TrimSpace(grounds), DueOn: due.Time()}
	if !r.RespondedOn.IsZero() {
		window, err := cal.ReviewWindow(regime, clock.DateOf(r.RespondedOn))
		if err != nil {
			return nil, foi.Errorf(foi.EINVALID, "cannot compute the review window: %v", err)
		}
		rv.Late = e.On.After(window.Time())
		if rv.Late {
			e.Note = strings.TrimSpace(fmt.Sprintf("%s\nLate: asked for after the window closed on %s (40 working days after the response); staff decide whether to accept it.",
				e.Note, foi.FormatDate(window.Time())))
		}
	}
	if err := tx.CreateReview(ctx, rv); err != nil {
		return nil, err
	}
	e.Note = strings.TrimSpace(fmt.Sprintf("%s\nReview due %s.", e.Note, foi.FormatDate(rv.DueOn)))
	return rv, nil
}

// openReviewOf returns the request's review under way.
func openReviewOf(ctx context.Context, tx foi.Reader, r *foi.Request) (*foi.Review, error) {
	reviews, err := tx.FindReviews(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	for _, rv := range reviews {
		if rv.Open() {
			return rv, nil
		}
	}
	return nil, foi.Errorf(foi.ECONFLICT, "%s has no internal review under way", r.Reference)
}

// findReview reads one review back.
func findReview(ctx context.Context, tx foi.Reader, requestID, id int64) (*foi.Review, error) {
	reviews, err := tx.FindReviews(ctx, requestID)
	if err != nil {
		return nil, err
	}
	for _, rv := range reviews {
		if rv.ID == id {
			return rv, nil
		}
	}
	return nil, foi.Errorf(foi.ENOTFOUND, "review %d not found", id)
}

// deciders are the staff who made the original decision: who answered its
// parts, approved it, or sent it. None of them may decide the review (ICO:
// a fresh decision by someone not involved; FOISA s.21).
func deciders(events []*foi.Event) []int64 {
	var ids []int64
	for _, e := range events {
		if e.Type == foi.EventReviewRequested {
			break // only the original decision counts
		}
		involved := e.Type == foi.EventPartAnswered || e.Type == foi.EventResponded || strings.HasPrefix(e.Type, "approv")
		if involved && e.ActorID != 0 && !slices.Contains(ids, e.ActorID) {
			ids = append(ids, e.ActorID)
		}
	}
	return ids
}

// checkReviewer applies the separation of duties to a member of staff who
// would decide a review.
func checkReviewer(u *foi.User, events []*foi.Event) error {
	if slices.Contains(deciders(events), u.ID) {
		return foi.Errorf(foi.EFORBIDDEN, "%s took part in the original decision and may not review it", u.Name)
	}
	if u.Disabled || (u.Role != foi.RoleReviewer && u.Role != foi.RoleAdmin) {
		return foi.Errorf(foi.EFORBIDDEN, "%s is a %s: internal reviews are decided by a reviewer or an administrator", u.Name, u.Role)
	}
	return nil
}

// AssignReviewer names who will decide the review under way.
func (s *Service) AssignReviewer(ctx context.Context, actor *foi.User, ref foi.Reference, reviewerID int64) (*foi.Review, error) {
	if err := requireCaseworker(actor); err != nil {
		return nil, err
	}
	var rv *foi.Review
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		r, err := tx.FindRequest(ctx, ref)
		if err != nil {
			return err
		}
		if rv, err = openReviewOf(ctx, tx, r); err != nil {
			return err
		}
		reviewer, err := tx.FindUser(ctx, reviewerID)
		if err != nil {
			return err
		}
		events, err := tx.FindEvents(ctx, r.ID)
		if err != nil {
			return err
		}
		if err := checkReviewer(reviewer, events); err != nil {
			return err
		}
		rv.ReviewerID = reviewer.ID
		if err := tx.UpdateReview(ctx, rv); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: foi.EventReviewerAssigned, ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("internal review assigned to %s", reviewer.Name)})
	})
	return rv, err
}

// ExtendReview takes the FOIA review to 40 working days, which the Code of
// Practice allows only in exceptional cases. The other regimes set their
// review time in law and have no extension (EIR reg 11(4), FOISA s.21(1),
// EISR reg 16(4)); the clock refuses those.
func (s *Service) ExtendReview(ctx context.Context, actor *foi.User, ref foi.Reference, reason string) (*foi.Review, error) {
	if err := requireCaseworker(actor); err != nil {
		return nil, err
	}
	if strings.TrimSpace(reason) == "" {
		return nil, foi.Errorf(foi.EINVALID, "say why the review needs more time: the extension is for exceptional cases")
	}
	var rv *foi.Review
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		r, err := tx.FindRequest(ctx, ref)
		if err != nil {
			return err
		}
		if rv, err = openReviewOf(ctx, tx, r); err != nil {
			return err
		}
		if rv.Extended {
			return foi.Errorf(foi.ECONFLICT, "the review of %s is already extended", r.Reference)
		}
		due, err := s.Calendar().Deadline(clock.Case{Regime: r.Regime, Stage: clock.StageReview,
			Received: clock.DateOf(rv.RequestedOn), Extended: true})
		if err != nil {
			return foi.Errorf(foi.EINVALID, "%v", err)
		}
		before := foi.FormatDate(rv.DueOn)
		rv.Extended, rv.DueOn = true, due.Time()
		if err := tx.UpdateReview(ctx, rv); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: foi.EventReviewExtended, On: s.today(), ActorID: actor.ID,
			Actor: actor.Name, Note: strings.TrimSpace(reason),
			Before: fmt.Sprintf(`{"review_due_on":%q}`, before), After: fmt.Sprintf(`{"review_due_on":%q}`, foi.FormatDate(rv.DueOn))})
	})
	return rv, err
}

// ReviewDecision is a reviewer's decision: the outcome, the reasons, and
// new answers for the parts whose answer changes.
type ReviewDecision struct {
	Outcome foi.ReviewOutcome
	Note    string
	Parts   map[int]Answer // part number -> the new answer; parts not named are upheld
}

// CompleteReview records the review's outcome. The reviewer must not have
// taken part in the original decision; changed parts are checked exactly as
// answers are; the case closes with the review-completed event.
func (s *Service) CompleteReview(ctx context.Context, actor *foi.User, ref foi.Reference, d ReviewDecision) (*foi.Review, error) {
	if err := requireCaseworker(actor); err != nil {
		return nil, err
	}
	if _, err := foi.ParseReviewOutcome(string(d.Outcome)); err != nil {
		return nil, err
	}
	switch {
	case d.Outcome == foi.ReviewUpheld && len(d.Parts) > 0:
		return nil, foi.Errorf(foi.EINVALID, "an upheld review changes no answers; choose partly-upheld or overturned")
	case d.Outcome != foi.ReviewUpheld && len(d.Parts) == 0:
		return nil, foi.Errorf(foi.EINVALID, "a %s review changes at least one part's answer: give the new answers", d.Outcome)
	case strings.TrimSpace(d.Note) == "":
		return nil, foi.Errorf(foi.EINVALID, "give the reasons for the review's decision: they go in the letter")
	}
	var rv *foi.Review
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		r, err := tx.FindRequest(ctx, ref)
		if err != nil {
			return err
		}
		if r.Status != foi.StatusInReview {
			return foi.Errorf(foi.ECONFLICT, "%s is %s, not in review", r.Reference, r.Status)
		}
		if rv, err = openReviewOf(ctx, tx, r); err != nil {
			return err
		}
		if _, err = s.applyEvent(ctx, tx, actor, r, ClockEvent{Type: foi.EventReviewCompleted, Note: d.Note}, &d); err != nil {
			return err
		}
		rv, err = findReview(ctx, tx, r.ID, rv.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return rv, nil
}

// closeReview completes the review under way as e records it. It enforces
// the separation of duties and, with a decision, applies the new answers
// (checked as any answer is) and keeps each part's before and after.
// Without one (the bare review-completed event) the outcome is not recorded.
func (s *Service) closeReview(ctx context.Context, tx foi.Tx, actor *foi.User, r *foi.Request, events []*foi.Event, e *foi.Event, d *ReviewDecision) error {
	rv, err := openReviewOf(ctx, tx, r)
	if err != nil {
		return err
	}
	if err := checkReviewer(actor, events); err != nil {
		return err
	}
	if d != nil {
		for n := range d.Parts {
			if !slices.ContainsFunc(r.Parts, func(p foi.Part) bool { return p.Number == n }) {
				return foi.Errorf(foi.ENOTFOUND, "%s has no part %d", r.Reference, n)
			}
		}
		rv.Decisions = nil
		for i, p := range r.Parts {
			dec := foi.PartDecision{Number: p.Number, Outcome: foi.ReviewUpheld, Before: p, After: p}
			if a, ok := d.Parts[p.Number]; ok {
				after, err := checkAnswer(r.Regime, p, a)
				if err != nil {
					return err
				}
				dec.Outcome, dec.After, r.Parts[i] = foi.ReviewOverturned, after, after
			}
			rv.Decisions = append(rv.Decisions, dec)
		}
		rv.Outcome, rv.Note = d.Outcome, strings.TrimSpace(d.Note)
		r.Outcome = overallOutcome(r.Parts)
	}
	rv.CompletedOn, rv.CompletedBy = e.On, actor.ID
	if rv.ReviewerID == 0 {
		rv.ReviewerID = actor.ID
	}
	inTime := "in time"
	if e.On.After(rv.DueOn) {
		inTime = "late (due " + foi.FormatDate(rv.DueOn) + ")"
	}
	e.Note = strings.TrimSpace(fmt.Sprintf("%s: %s\n%s", rv.Outcome.Title(), inTime, e.Note))
	return tx.UpdateReview(ctx, rv)
}

// ReviewRule is the time limit a review runs to, as a sentence with its
// source: 20 working days under the s.45 Code (40 when extended), 40 under
// EIR reg 11(4), 20 under FOISA s.21(1) and EISR reg 16(4).
func ReviewRule(r foi.Regime, extended bool) string {
	rules := clock.Rules(clock.Case{Regime: r, Stage: clock.StageReview, Extended: extended})
	if len(rules) == 0 {
		return ""
	}
	return strings.TrimPrefix(rules[len(rules)-1], "review: ")
}

// CanExtendReview reports whether the regime allows a review more time:
// only the FOIA Code does.
func CanExtendReview(r foi.Regime) bool { return r == foi.FOIA }

// EligibleReviewers are the staff who may decide r's review: reviewers and
// administrators, enabled, who took no part in the original decision.
func (s *Service) EligibleReviewers(ctx context.Context, actor *foi.User, r *foi.Request) ([]*foi.User, error) {
	if err := requireCaseworker(actor); err != nil {
		return nil, err
	}
	events, err := s.Store.FindEvents(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	users, err := s.Store.FindUsers(ctx)
	if err != nil {
		return nil, err
	}
	var out []*foi.User
	for _, u := range users {
		if checkReviewer(u, events) == nil {
			out = append(out, u)
		}
	}
	return out, nil
}

// QueuedReview is an internal review under way, as the reviewers' queue
// lists it.
type QueuedReview struct {
	Request     *foi.Request
	Review      *foi.Review
	Reviewer    string // "" until one is assigned
	Mine        bool   // assigned to the member of staff looking
	DaysLeft    int    // working days to the review's due date; negative when late
	HasDaysLeft bool
}

// ReviewQueue lists every internal review under way, soonest due first:
// the reviewer's queue of reviews to decide, and the officers' view of
// which still need a reviewer.
func (s *Service) ReviewQueue(ctx context.Context, actor *foi.User) ([]QueuedReview, error) {
	if err := requireCaseworker(actor); err != nil {
		return nil, err
	}
	users, err := s.Store.FindUsers(ctx)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, u := range users {
		names[u.ID] = u.Name
	}
	var out []QueuedReview
	f := foi.RequestFilter{Statuses: []foi.Status{foi.StatusInReview}, Limit: 1000}
	for {
		list, total, err := s.Store.FindRequests(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, r := range list {
			reviews, err := s.Store.FindReviews(ctx, r.ID)
			if err != nil {
				return nil, err
			}
			n := len(reviews)
			if n == 0 || !reviews[n-1].Open() {
				continue
			}
			rv := reviews[n-1]
			q := QueuedReview{Request: r, Review: rv, Reviewer: names[rv.ReviewerID], Mine: rv.ReviewerID != 0 && rv.ReviewerID == actor.ID}
			d, err := s.Calendar().WorkingDaysBetween(r.Regime, clock.DateOf(s.today()), clock.DateOf(rv.DueOn))
			q.DaysLeft, q.HasDaysLeft = d, err == nil
			out = append(out, q)
		}
		f.Offset += len(list)
		if len(list) == 0 || f.Offset >= total {
			break
		}
	}
	slices.SortStableFunc(out, func(a, b QueuedReview) int { return a.Review.DueOn.Compare(b.Review.DueOn) })
	return out, nil
}

// ReviewDaysLeft counts the working days from today to a review's due
// date; ok is false when the calendar does not cover it.
func (s *Service) ReviewDaysLeft(r *foi.Request, rv *foi.Review) (int, bool) {
	d, err := s.Calendar().WorkingDaysBetween(r.Regime, clock.DateOf(s.today()), clock.DateOf(rv.DueOn))
	return d, err == nil
}
