// SPDX-License-Identifier: AGPL-3.0-or-later

package demo_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/demo"
	"disclose/internal/foi"
	"disclose/internal/sqlite"
	"disclose/internal/stats"
)

var ctx = context.Background()

// loaded is a fresh database with the demo loaded.
func loaded(t *testing.T) (*casework.Service, *sqlite.Store) {
	t.Helper()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	svc, err := casework.New(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Load(ctx, svc, &foi.User{ID: 1, Name: "Demo Officer", Role: foi.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	return svc, store
}

func TestLoad(t *testing.T) {
	svc, store := loaded(t)
	seed, err := store.FindRequest(ctx, foi.Reference{Prefix: "FOI", Number: 12748})
	if err != nil {
		t.Fatal(err)
	}
	if len(seed.Parts) != 7 || seed.Status != foi.StatusResponded || seed.Outcome != foi.Granted ||
		seed.Parts[3].Answer != "3%" || foi.FormatDate(seed.RespondedOn) != "2023-05-30" {
		t.Errorf("FOI 12748 is not answered as the council answered it: %d parts, %s, %s, part 4 %q, responded %s",
			len(seed.Parts), seed.Status, seed.Outcome, seed.Parts[3].Answer, foi.FormatDate(seed.RespondedOn))
	}
	pub, err := svc.Disclosure(ctx, seed.Reference)
	if err != nil {
		t.Fatalf("FOI 12748 is not in the disclosure log: %v", err)
	}
	if pub.Title != "Placements" || foi.FormatDate(pub.PublishedOn) != "2023-05-30" || pub.Category != "Children's services" ||
		len(pub.Parts) != 7 || pub.Parts[0].Answer != "Yes" {
		t.Errorf("FOI 12748 is published as %q in %q on %s with %d parts", pub.Title, pub.Category, foi.FormatDate(pub.PublishedOn), len(pub.Parts))
	}
	found, err := svc.Disclosures(ctx, foi.PublicationFilter{Query: "social value weighting tender", Category: "Children's services"})
	if err != nil || len(found.Entries) == 0 || !slices.ContainsFunc(found.Entries, func(h *foi.PublicationHit) bool { return h.Reference == seed.Reference }) {
		t.Errorf("searching the demo's log for the seed: %v, %v", found, err)
	}
	// A few hundred responses across departments, to browse and search.
	log, err := svc.Disclosures(ctx, foi.PublicationFilter{})
	if err != nil || log.Total < 300 {
		t.Errorf("the demo's log has %d entries (%v), want a few hundred", log.Total, err)
	}
	categories, err := store.FindPublicationCategories(ctx)
	if err != nil || len(categories) < 6 {
		t.Errorf("the demo's log has categories %v (%v), want entries across departments", categories, err)
	}
	all, _, err := store.FindRequests(ctx, foi.RequestFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[foi.Status]bool{}
	for _, r := range all {
		seen[r.Status] = true
	}
	for _, s := range []foi.Status{foi.StatusOpen, foi.StatusAwaitingClarification, foi.StatusAwaitingFee, foi.StatusExtended, foi.StatusResponded, foi.StatusInReview} {
		if !seen[s] {
			t.Errorf("the demo has no %s case", s)
		}
	}
}

// TestLoadGivesAYearOfStatistics: the last twelve months of demo cases
// fill the dashboard: every timeliness band, several outcomes, categories
// and departments, internal reviews upheld and overturned, complaints to
// the regulator, and four quarters in the quarterly CSV.
func TestLoadGivesAYearOfStatistics(t *testing.T) {
	svc, store := loaded(t)
	today := svc.Today()
	r, err := stats.Build(ctx, store, today.AddDate(-1, 0, 0), today, today)
	if err != nil {
		t.Fatal(err)
	}
	c := r.Total
	if c.Received < 40 || c.InTime == 0 || c.InTimeExtended == 0 || c.Late == 0 || c.Outstanding == 0 {
		t.Errorf("timeliness: %d received, %d in time, %d extended, %d late, %d outstanding; want some of each",
			c.Received, c.InTime, c.InTimeExtended, c.Late, c.Outstanding)
	}
	for _, o := range []foi.Outcome{foi.Granted, foi.PartiallyWithheld, foi.CostLimit} {
		if c.Outcomes[o] == 0 {
			t.Errorf("no %s outcome in the demo's year", o)
		}
	}
	if c.ReviewOutcomes[foi.ReviewUpheld] == 0 || c.ReviewOutcomes[foi.ReviewOverturned] == 0 || c.Complaints == 0 || len(c.Exemptions) < 2 {
		t.Errorf("reviews %v, complaints %d, exemptions %v; want reviews upheld and overturned, a complaint, two exemptions",
			c.ReviewOutcomes, c.Complaints, c.Exemptions)
	}
	if len(r.ByCategory) < 5 || len(r.ByDepartment) < 5 || len(r.ByQuarter) < 4 {
		t.Errorf("%d categories, %d departments, %d quarters; want at least 5, 5 and 4", len(r.ByCategory), len(r.ByDepartment), len(r.ByQuarter))
	}

	// The regulator's view: every band in some month, for requests and for
	// internal reviews.
	from, to := stats.RegulatorWindow(today)
	year, err := stats.Build(ctx, store, from, to, today)
	if err != nil {
		t.Fatal(err)
	}
	requests, reviews := map[stats.Band]int{}, map[stats.Band]int{}
	for _, m := range year.Bands(today, year.RegimesOf(foi.FOIA)).Months {
		for _, row := range m.Rows {
			requests[row.Requests.Band()]++
			reviews[row.Reviews.Band()]++
		}
	}
	for _, b := range []stats.Band{stats.BandGood, stats.BandAdequate, stats.BandUnsatisfactory} {
		if requests[b] == 0 {
			t.Errorf("no month's requests are %s (bands by month and regime: %v)", b.Title(), requests)
		}
	}
	for _, b := range []stats.Band{stats.BandGood, stats.BandAdequate, stats.BandUnsatisfactory} {
		if reviews[b] == 0 {
			t.Errorf("no month's internal reviews are %s (bands by month and regime: %v)", b.Title(), reviews)
		}
	}

	// A backlog: open over 20 working days, over six months, over a year,
	// and email nobody has logged.
	b, err := svc.Backlog(ctx, &foi.User{ID: 1, Role: foi.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	if b.Open.Over20Days < 3 || b.Open.Over6Months < 2 || b.Open.OverAYear < 1 || b.Held.All < 1 || b.Held.Over20Days < 1 {
		t.Errorf("backlog: open %+v, unsorted email %+v; want some over 20 working days, 6 months and a year, and a held message", b.Open, b.Held)
	}
}

// TestLoadFillsTheReviewAndRegulatorScreens: the reviewer has a review to
// decide in her queue, and a complaint to the ICO has a decision notice
// whose steps are still to come.
func TestLoadFillsTheReviewAndRegulatorScreens(t *testing.T) {
	svc, store := loaded(t)
	reviewer, err := store.FindUserByEmail(ctx, "reviews@thurrock.example")
	if err != nil {
		t.Fatal(err)
	}
	q, err := svc.ReviewQueue(ctx, reviewer)
	if err != nil || !slices.ContainsFunc(q, func(x casework.QueuedReview) bool { return x.Mine }) {
		t.Errorf("the reviewer's queue %v (%v) has none of hers", q, err)
	}
	all, _, _ := store.FindRequests(ctx, foi.RequestFilter{Limit: 1000})
	notices := 0
	for _, r := range all {
		cases, _ := store.FindRegulatorCases(ctx, r.ID)
		for _, c := range cases {
			if !c.DecisionOn.IsZero() && c.ComplianceDueOn.After(svc.Today()) {
				notices++
			}
		}
	}
	if notices != 1 {
		t.Errorf("%d decision notices with steps to come, want 1", notices)
	}
}

// TestDemoHasWelsh: the demo has a request made in Welsh and an entry
// published in Welsh and English, found by a Welsh search.
func TestDemoHasWelsh(t *testing.T) {
	svc, _ := loaded(t)
	found, err := svc.SearchWelsh(ctx, "cyfrwng cymraeg", 10)
	if err != nil || len(found) != 1 || found[0].Welsh.Title != "Lleoedd mewn ysgolion cyfrwng Cymraeg" || found[0].Entry.Title != "Welsh-medium school places" {
		t.Fatalf("the Welsh search = %+v, %v", found, err)
	}
	rs, _, err := svc.Store.FindRequests(ctx, foi.RequestFilter{RequesterEmail: "dafydd@example.cymru"})
	if err != nil || len(rs) != 1 {
		t.Fatalf("the open Welsh request: %v", err)
	}
	if l, _ := svc.RequestLanguage(ctx, rs[0].ID); !l.Welsh() {
		t.Errorf("the demo's Welsh request is recorded as %+v", l)
	}
	seed, _ := svc.Disclosure(ctx, foi.Reference{Prefix: "FOI", Number: 12748})
	if w, err := svc.WelshDisclosure(ctx, seed); err != nil || w == nil || w.Title != "Lleoliadau" {
		t.Errorf("the seed's Welsh version = %+v, %v", w, err)
	}
}

// TestDemoFillsTheWorkspace: the demo shows each screen of the case
// workspace with data: department input asked (one request overdue), the
// dashboard's team table counting it, searches recorded against a part, a
// round robin linked with a published entry, a case in internal
// review with its reviewer, a decision notice, a stopped clock.
func TestDemoFillsTheWorkspace(t *testing.T) {
	svc, store := loaded(t)
	officer := &foi.User{ID: 1, Name: "Demo Officer", Role: foi.RoleAdmin}
	awaiting, err := store.FindAwaitingInput(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var open, overdue, searched, roundRobin int
	for _, id := range awaiting {
		r, err := store.FindRequestByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Status.Open() {
			continue
		}
		open++
		as, _ := store.FindPartAssignments(ctx, id)
		for _, a := range as {
			if !a.DueOn.IsZero() && a.DueOn.Before(svc.Today()) {
				overdue++
			}
		}
		if ss, _ := store.FindSearches(ctx, id); len(ss) > 0 {
			searched++
		}
	}
	if open < 2 || overdue != 1 || searched != 1 {
		t.Errorf("the demo has %d open cases awaiting department input (%d overdue), %d with searches; want 2 or more, one overdue, one with searches", open, overdue, searched)
	}
	team, err := svc.TeamWorkload(ctx, officer)
	if err != nil {
		t.Fatal(err)
	}
	if team.Total.AwaitingInput < 2 || team.Total.WithRegulator < 1 || team.Total.InReview < 1 || team.Total.Stopped < 2 {
		t.Errorf("the dashboard's team totals are %+v: want cases awaiting input, with the regulator, in review and with the clock stopped", team.Total)
	}
	all, _, _ := store.FindRequests(ctx, foi.RequestFilter{Statuses: foi.OpenStatuses, Limit: 1000})
	for _, r := range all {
		if linked, _ := store.FindRoundRobin(ctx, r.ID); len(linked) > 0 {
			if p, err := store.FindPublication(ctx, linked[0].Reference); err == nil && p.Title == "Business rates relief" {
				roundRobin++
			}
		}
	}
	if roundRobin != 1 {
		t.Errorf("%d open cases are linked as a round robin with a published business rates entry, want 1", roundRobin)
	}
}
