// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"disclose/internal/clock"
	"disclose/internal/foi"
)

// The reminder digest: once a working day, each officer with cases, each
// reviewer with an internal review to decide, and
// each department contact with an open request for input gets one email
// listing what is overdue and what falls due within a few working days.
// Every `disclose serve` runs the scheduler; the day's run is claimed in
// the store (foi.JobWriter) and each digest is queued in the outbox under
// a key naming the user and the day, so however many processes run, and
// whichever of them crashes, each person gets one digest a day.

// Settings of the digest.
const (
	SettingDigestDays = "digest_days" // due within this many working days; default 5
	SettingDigestTime = "digest_time" // "HH:MM", UK time; default 07:00
)

// Digest defaults.
const (
	DefaultDigestDays = 5
	DefaultDigestTime = "07:00"
	// digestLease is how long a process may take over the day's digests
	// before another may take over (a crash); re-running is harmless.
	digestLease = 10 * time.Minute
)

// DueItem is one case in someone's workload.
type DueItem struct {
	Request *foi.Request // a contributor's copy has no requester
	Summary string       // the first question (a contributor's: their first part), shortened
	DueOn   time.Time    // the statutory date, the review's, or the date input was asked for by
	// DaysLeft is working days from today to DueOn: negative when overdue.
	DaysLeft int
	Review   bool  // the date is an internal review's
	Parts    []int // for a contributor: the parts waiting for their input; for InputFrom, the part
	// InputFrom, for an officer, names the department contact whose input
	// on Parts is overdue (inputdue.go); DueOn is the date it was due.
	InputFrom string
}

// Workload is what one member of staff has overdue and due soon.
type Workload struct {
	Within  int // "due soon" is within this many working days
	Overdue []DueItem
	DueSoon []DueItem
	// Stopped are the member of staff's requests whose clock is stopped,
	// waiting on the requester: no days count, so they are neither
	// overdue nor due soon.
	Stopped []StoppedItem
	// InputsOverdue is department input asked for on the officer's
	// requests and not given by its date (inputdue.go).
	InputsOverdue []DueItem
}

// StoppedItem is a request waiting on its requester, with why.
type StoppedItem struct {
	Request *foi.Request
	Summary string
	Stop    ClockStop
}

// Empty reports whether there is nothing to remind anyone of.
func (w *Workload) Empty() bool {
	return len(w.Overdue) == 0 && len(w.DueSoon) == 0 && len(w.InputsOverdue) == 0
}

// file puts item under overdue or due soon, or leaves it out when it is
// due later than that.
func (w *Workload) file(item DueItem, today time.Time) {
	switch {
	case item.DaysLeft < 0 || item.DueOn.Before(today):
		w.Overdue = append(w.Overdue, item)
	case item.DaysLeft <= w.Within:
		w.DueSoon = append(w.DueSoon, item)
	}
}

// DigestEmail is one member of staff's daily digest.
type DigestEmail struct {
	Authority string
	To        *foi.User
	On        time.Time // the day it is for
	Workload  *Workload
}

// DigestSettings reads the digest's settings, with their defaults.
func (s *Service) DigestSettings(ctx context.Context) (days int, at string, err error) {
	days, at = DefaultDigestDays, DefaultDigestTime
	v, err := s.Store.FindSetting(ctx, SettingDigestDays)
	switch {
	case err == nil && strings.TrimSpace(v) != "":
		if days, err = parseDigestDays(v); err != nil {
			return 0, "", err
		}
	case err != nil && !foi.IsNotFound(err):
		return 0, "", err
	}
	v, err = s.Store.FindSetting(ctx, SettingDigestTime)
	switch {
	case err == nil && strings.TrimSpace(v) != "":
		if _, err = parseClockTime(v); err != nil {
			return 0, "", err
		}
		at = strings.TrimSpace(v)
	case err != nil && !foi.IsNotFound(err):
		return 0, "", err
	}
	return days, at, nil
}

// SetDigestSettings saves the digest's settings (admins only), audited.
func (s *Service) SetDigestSettings(ctx context.Context, actor *foi.User, days int, at string) error {
	if err := require(actor, PermAdminister, "change the reminder digest"); err != nil {
		return err
	}
	if _, err := parseDigestDays(strconv.Itoa(days)); err != nil {
		return err
	}
	if _, err := parseClockTime(at); err != nil {
		return err
	}
	return s.Store.Update(ctx, func(tx foi.Tx) error {
		if err := tx.SetSetting(ctx, SettingDigestDays, strconv.Itoa(days)); err != nil {
			return err
		}
		if err := tx.SetSetting(ctx, SettingDigestTime, strings.TrimSpace(at)); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{Type: foi.EventSettingsChanged, ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("reminder digest: cases due within %d working days, sent at %s", days, strings.TrimSpace(at))})
	})
}

func parseDigestDays(v string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 || n > 60 {
		return 0, foi.Errorf(foi.EINVALID, "the digest's 'due within' must be a number of working days from 0 to 60, not %q", v)
	}
	return n, nil
}

// parseClockTime reads "HH:MM" as minutes after midnight.
func parseClockTime(v string) (int, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(v))
	if err != nil {
		return 0, foi.Errorf(foi.EINVALID, "the digest's time must be a time of day like 07:00, not %q", v)
	}
	return t.Hour()*60 + t.Minute(), nil
}

// running are the statuses whose statutory clock runs: a paused case
// (waiting for clarification or a fee) waits on the requester.
var running = []foi.Status{foi.StatusOpen, foi.StatusExtended, foi.StatusInReview}

// Workload lists u's cases that are overdue or due within the digest's
// number of working days, soonest first: as an officer, the requests
// assigned to them (an internal review's date while one is under way); as
// a department contact, the requests with a part still waiting for their
// input, by the date input was asked for (else the statutory date).
func (s *Service) Workload(ctx context.Context, u *foi.User) (*Workload, error) {
	if err := require(u, PermViewCases, "see their cases"); err != nil {
		return nil, err
	}
	within, _, err := s.DigestSettings(ctx)
	if err != nil {
		return nil, err
	}
	f := foi.RequestFilter{Statuses: running, Limit: 1000}
	if u.Role == foi.RoleContributor {
		f.ContributorID = u.ID
	} else {
		f.AssigneeID = u.ID
	}
	w := &Workload{Within: within}
	for {
		list, total, err := s.Store.FindRequests(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, r := range list {
			item, ok, err := s.dueItem(ctx, u, r)
			if err != nil {
				return nil, err
			}
			if ok {
				w.file(item, s.today())
			}
		}
		f.Offset += len(list)
		if len(list) == 0 || f.Offset >= total {
			break
		}
	}
	if u.Role != foi.RoleContributor {
		if err := s.addReviewsFor(ctx, u, w); err != nil {
			return nil, err
		}
		if err := s.addStopped(ctx, u, w); err != nil {
			return nil, err
		}
		if err := s.addOverdueInputs(ctx, u, w); err != nil {
			return nil, err
		}
	}
	byDate := func(a, b DueItem) int { return a.DueOn.Compare(b.DueOn) }
	slices.SortStableFunc(w.Overdue, byDate)
	slices.SortStableFunc(w.DueSoon, byDate)
	slices.SortStableFunc(w.InputsOverdue, byDate)
	return w, nil
}

// addReviewsFor adds to w the internal reviews u has been assigned to decide
// on requests assigned to someone else (their own are already in w). Few
// requests are in review at once, so all of them are read.
func (s *Service) addReviewsFor(ctx context.Context, u *foi.User, w *Workload) error {
	f := foi.RequestFilter{Statuses: []foi.Status{foi.StatusInReview}, Limit: 1000}
	for {
		list, total, err := s.Store.FindRequests(ctx, f)
		if err != nil {
			return err
		}
		for _, r := range list {
			if r.AssigneeID == u.ID {
				continue
			}
			reviews, err := s.Store.FindReviews(ctx, r.ID)
			if err != nil {
				return err
			}
			if n := len(reviews); n == 0 || !reviews[n-1].Open() || reviews[n-1].ReviewerID != u.ID {
				continue
			}
			item, ok, err := s.dueItem(ctx, u, r)
			if err != nil {
				return err
			}
			if ok {
				w.file(item, s.today())
			}
		}
		f.Offset += len(list)
		if len(list) == 0 || f.Offset >= total {
			return nil
		}
	}
}

// addStopped adds to w the requests assigned to u whose clock is stopped.
func (s *Service) addStopped(ctx context.Context, u *foi.User, w *Workload) error {
	f := foi.RequestFilter{Statuses: []foi.Status{foi.StatusAwaitingClarification, foi.StatusAwaitingFee}, AssigneeID: u.ID, Limit: 1000}
	for {
		list, total, err := s.Store.FindRequests(ctx, f)
		if err != nil {
			return err
		}
		for _, r := range list {
			st, ok, err := s.StoppedClockOf(ctx, r)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			item := StoppedItem{Request: r, Stop: st}
			if len(r.Parts) > 0 {
				item.Summary = shorten(r.Parts[0].Text, 120)
			}
			w.Stopped = append(w.Stopped, item)
		}
		f.Offset += len(list)
		if len(list) == 0 || f.Offset >= total {
			break
		}
	}
	slices.SortStableFunc(w.Stopped, func(a, b StoppedItem) int { return a.Stop.Since.Compare(b.Stop.Since) })
	return nil
}

// dueItem is r as an entry of u's workload; ok is false when it has no
// date to count to (or, for a contributor, no part still waiting for them).
func (s *Service) dueItem(ctx context.Context, u *foi.User, r *foi.Request) (DueItem, bool, error) {
	item := DueItem{Request: r, DueOn: r.DueOn}
	summary := ""
	if len(r.Parts) > 0 {
		summary = r.Parts[0].Text
	}
	if u.Role == foi.RoleContributor {
		if err := contributorView(ctx, s.Store, u, r); err != nil {
			return item, false, err
		}
		as, err := s.Store.FindPartAssignments(ctx, r.ID)
		if err != nil {
			return item, false, err
		}
		item.Parts, item.DueOn, summary = askedOf(as, u, r)
		if len(item.Parts) == 0 {
			return item, false, nil
		}
	} else if r.Status == foi.StatusInReview {
		reviews, err := s.Store.FindReviews(ctx, r.ID)
		if err != nil {
			return item, false, err
		}
		if n := len(reviews); n > 0 && reviews[n-1].Open() {
			item.DueOn, item.Review = reviews[n-1].DueOn, true
		} else {
			return item, false, nil
		}
	}
	if item.DueOn.IsZero() {
		return item, false, nil
	}
	n, err := s.Calendar().WorkingDaysBetween(r.Regime, clock.DateOf(s.today()), clock.DateOf(item.DueOn))
	if err != nil {
		return item, false, nil // a date the calendar does not cover: nothing to count
	}
	item.DaysLeft, item.Summary = n, shorten(summary, 120)
	return item, true, nil
}

func partOf(r *foi.Request, n int) *foi.Part {
	for i := range r.Parts {
		if r.Parts[i].Number == n {
			return &r.Parts[i]
		}
	}
	return nil
}

// shorten cuts s to about n characters at a word boundary.
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := string([]rune(s)[:n])
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}

// DigestDue reports whether the day's digests are due at now: a working
// day (on the authority's default regime's calendar) at or after the
// digest's time of day, in UK time.
func (s *Service) DigestDue(ctx context.Context, now time.Time) (bool, error) {
	_, at, err := s.DigestSettings(ctx)
	if err != nil {
		return false, err
	}
	minutes, _ := parseClockTime(at)
	uk := now.In(UK)
	if uk.Hour()*60+uk.Minute() < minutes {
		return false, nil
	}
	regime, err := defaultRegime(ctx, s.Store)
	if err != nil {
		return false, err
	}
	ok, _, err := s.Calendar().WorkingDay(regime, clock.DateOf(foi.Date(uk)))
	if err != nil {
		return false, err
	}
	return ok, nil
}

// SendDigests queues the day's digests when they are due and no other
// process has claimed them, and returns how many it queued. worker names
// the calling process in the claim. It does nothing without email.
func (s *Service) SendDigests(ctx context.Context, worker string) (int, error) {
	if s.Mail == nil {
		return 0, nil
	}
	due, err := s.DigestDue(ctx, s.Now())
	if err != nil || !due {
		return 0, err
	}
	today := s.today()
	if err := foi.CheckJobClaim(foi.JobDigest, today, worker); err != nil {
		return 0, err
	}
	claimed := false
	err = s.Store.Update(ctx, func(tx foi.Tx) error {
		var err error
		claimed, err = tx.ClaimJob(ctx, foi.JobDigest, today, worker, digestLease)
		return err
	})
	if err != nil || !claimed {
		return 0, err
	}
	n, err := s.queueDigests(ctx, today)
	if err == nil {
		_, err = s.escalateInputs(ctx) // once each: the request's trail says which were
	}
	if err != nil {
		// Stopped part-way (shutdown): let another process take the run
		// now rather than after the lease. Queued digests are not queued
		// twice (their outbox keys are unique).
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = s.Store.Update(rctx, func(tx foi.Tx) error { return tx.ReleaseJob(rctx, foi.JobDigest, today, worker) })
		return n, err
	}
	err = s.Store.Update(ctx, func(tx foi.Tx) error { return tx.FinishJob(ctx, foi.JobDigest, today, worker) })
	return n, err
}

// queueDigests queues the day's digest of everyone with work due.
func (s *Service) queueDigests(ctx context.Context, today time.Time) (int, error) {
	authority, err := authorityName(ctx, s.Store)
	if err != nil {
		return 0, err
	}
	users, err := s.Store.FindUsers(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, u := range users {
		if u.Disabled || u.Email == "" {
			continue
		}
		w, err := s.Workload(ctx, u)
		if err != nil {
			return n, err
		}
		if w.Empty() {
			continue // no empty digests
		}
		m, err := s.Mail.Digest(DigestEmail{Authority: authority, To: u, On: today, Workload: w})
		if err != nil {
			return n, err
		}
		if err := m.Validate(); err != nil {
			return n, err
		}
		err = s.Store.Update(ctx, func(tx foi.Tx) error { return tx.QueueMessage(ctx, m) })
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
