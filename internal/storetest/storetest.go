// SPDX-License-Identifier: AGPL-3.0-or-later

// Package storetest is the conformance suite every foi.Store must pass. The
// SQLite and PostgreSQL adapters run it from their own tests, so the two
// engines cannot drift apart in behaviour.
package storetest

import (
	"context"
	"errors"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"disclose/internal/foi"
)

// Opener returns a new, empty, migrated store. The suite closes it.
type Opener func(t *testing.T) foi.Store

// Run runs the whole conformance suite against stores from open.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s foi.Store)
	}{
		{"CreateAndFindRequest", testCreateAndFindRequest},
		{"ReferenceSequence", testReferenceSequence},
		{"ReferenceStartSetting", testReferenceStartSetting},
		{"HistoricalReference", testHistoricalReference},
		{"ConcurrentReferencesAreUnique", testConcurrentReferences},
		{"UpdateRequest", testUpdateRequest},
		{"UpdateRequestConflict", testUpdateRequestConflict},
		{"RollbackKeepsNothing", testRollback},
		{"EventsAppendOnlyInOrder", testEvents},
		{"NotFound", testNotFound},
		{"FindRequestsFilters", testFindRequests},
		{"FindRequestsWorkspace", testFindRequestsWorkspace}, // workspace.go
		{"Users", testUsers},
		{"Tokens", testTokens},
		{"Calendars", testCalendars},
		{"Settings", testSettings},
		{"Reviews", testReviews},
		{"RegulatorCases", testRegulatorCases},
		{"CountRequests", testCountRequests},
		{"RetentionCandidates", testRetentionCandidates},
		{"TrackingTokens", testTrackingTokens},
		{"CountAttempts", testCountAttempts},
		{"JobClaims", testJobClaims},
		{"RetentionRedaction", testRetentionRedaction},
		{"ImportLogFile", testImportLogFile},
		{"Gauges", testGauges},
		{"RequestLanguage", testRequestLanguage},                   // language.go
		{"WelshPublication", testWelshPublication},                 // language.go
		{"PublicationWithWelsh", testPublicationWithWelsh},         // language.go
		{"WDTKPage", testWDTKPage},                                 // wdtk.go
		{"WelshMutations", testWelshMutations},                     // welshfold.go
		{"MergeCategory", testMergeCategory},                       // categories.go
		{"FindAwaitingInput", testFindAwaitingInput},               // team.go
		{"FindWithRegulator", testFindWithRegulator},               // team.go
		{"QuestionCandidatesByPart", testQuestionCandidatesByPart}, // questions_byparts.go
	}
	tests = append(tests, publicationTests...)       // publication.go
	tests = append(tests, publicationFacetTests...)  // publication_facet.go
	tests = append(tests, mailTests...)              // mail.go
	tests = append(tests, staffTests...)             // staff.go
	tests = append(tests, safetyTests...)            // safety.go
	tests = append(tests, credentialTests...)        // credential.go
	tests = append(tests, questionTests...)          // questions.go
	tests = append(tests, publishedQuestionTests...) // published_questions.go
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() { s.Close() })
			tt.fn(t, s)
		})
	}
}

var ctx = context.Background()

func day(s string) time.Time {
	t, err := foi.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

// newRequest returns a request as intake would build it, with every field set.
func newRequest(regime foi.Regime, received string) *foi.Request {
	return &foi.Request{
		Regime:     regime,
		Channel:    foi.ChannelEmail,
		ReceivedAt: day(received).Add(9*time.Hour + 30*time.Minute),
		ReceivedOn: day(received),
		Requester: foi.Requester{
			Name:    "Alex Requester",
			Email:   "alex@example.org",
			Address: "1 High Street\nGrays\nRM17 6SL",
			Phone:   "01375 000000",
		},
		Text:     "I would like to request...\n1. How many?\n2. How much?",
		Preamble: "I would like to request...",
		Parts: []foi.Part{
			{Number: 1, Label: "1", Text: "How many?"},
			{Number: 2, Label: "2", Text: "How much?", Answer: "£3", Outcome: foi.Granted},
		},
		Status:          foi.StatusOpen,
		DueOn:           day(received).AddDate(0, 0, 28),
		CalendarVersion: "govuk-test",
	}
}

func create(t *testing.T, s foi.Store, r *foi.Request) *foi.Request {
	t.Helper()
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateRequest(ctx, r) }); err != nil {
		t.Fatalf("CreateRequest: %v", err)
	}
	return r
}

// sameInstant compares times by instant, ignoring location and monotonic
// clock readings; databases keep microseconds at best.
var sameInstant = cmp.Comparer(func(a, b time.Time) bool {
	return a.Truncate(time.Microsecond).Equal(b.Truncate(time.Microsecond))
})

func testCreateAndFindRequest(t *testing.T, s foi.Store) {
	want := newRequest(foi.FOIA, "2023-05-02")
	want.Parts[1].Exemptions = []string{"s40(2)", "s43(2)"}
	want.Parts[1].PublicInterest = "The public interest in disclosure is outweighed by..."
	want.RespondedOn = day("2023-05-30")
	want.Outcome = foi.PartiallyWithheld
	create(t, s, want)
	if want.ID == 0 || want.Reference.IsZero() || want.Version == 0 || want.CreatedAt.IsZero() {
		t.Fatalf("CreateRequest did not set ID, Reference, Version and CreatedAt: %+v", want)
	}
	if want.Reference.Prefix != "FOI" {
		t.Errorf("FOIA request got prefix %q, want FOI", want.Reference.Prefix)
	}
	got, err := s.FindRequest(ctx, want.Reference)
	if err != nil {
		t.Fatalf("FindRequest(%v): %v", want.Reference, err)
	}
	if diff := cmp.Diff(want, got, sameInstant, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("request read back differs (-stored +read):\n%s", diff)
	}
	byID, err := s.FindRequestByID(ctx, want.ID)
	if err != nil {
		t.Fatalf("FindRequestByID: %v", err)
	}
	if byID.Reference != want.Reference {
		t.Errorf("FindRequestByID gave %v, want %v", byID.Reference, want.Reference)
	}
	// The slug form and the other prefix find the same request: the number is unique.
	other := foi.Reference{Prefix: "EIR", Number: want.Reference.Number}
	if got, err := s.FindRequest(ctx, other); err != nil || got.ID != want.ID {
		t.Errorf("FindRequest(%v) = %v, %v; want request %d", other, got, err, want.ID)
	}
}

func testReferenceSequence(t *testing.T, s foi.Store) {
	a := create(t, s, newRequest(foi.FOIA, "2024-01-08"))
	b := create(t, s, newRequest(foi.EIR, "2024-01-08"))
	c := create(t, s, newRequest(foi.FOISA, "2024-01-08"))
	d := create(t, s, newRequest(foi.EISR, "2024-01-08"))
	got := []foi.Reference{a.Reference, b.Reference, c.Reference, d.Reference}
	n := a.Reference.Number
	want := []foi.Reference{{Prefix: "FOI", Number: n}, {Prefix: "EIR", Number: n + 1}, {Prefix: "FOI", Number: n + 2}, {Prefix: "EIR", Number: n + 3}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("references are one sequence with the regime's prefix (-want +got):\n%s", diff)
	}
}

func testReferenceStartSetting(t *testing.T, s foi.Store) {
	if err := s.Update(ctx, func(tx foi.Tx) error {
		return tx.SetSetting(ctx, foi.SettingReferenceStart, "12748")
	}); err != nil {
		t.Fatal(err)
	}
	r := create(t, s, newRequest(foi.FOIA, "2023-05-02"))
	if r.Reference.String() != "FOI 12748" {
		t.Errorf("first reference after start 12748 = %q, want FOI 12748", r.Reference)
	}
	r2 := create(t, s, newRequest(foi.EIR, "2023-05-02"))
	if r2.Reference.String() != "EIR 12749" {
		t.Errorf("second reference = %q, want EIR 12749", r2.Reference)
	}
}

func testHistoricalReference(t *testing.T, s foi.Store) {
	old := newRequest(foi.FOIA, "2019-03-01")
	old.Reference = foi.Reference{Prefix: "FOI", Number: 500}
	create(t, s, old)
	if old.Reference.Number != 500 {
		t.Fatalf("given reference was replaced: %v", old.Reference)
	}
	next := create(t, s, newRequest(foi.FOIA, "2024-01-08"))
	if next.Reference.Number <= 500 {
		t.Errorf("next reference %v does not move past the historical FOI 500", next.Reference)
	}
	dup := newRequest(foi.FOIA, "2019-03-01")
	dup.Reference = foi.Reference{Prefix: "EIR", Number: 500}
	err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateRequest(ctx, dup) })
	if foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("reusing number 500 gave %v, want a conflict error", err)
	}
}

func testConcurrentReferences(t *testing.T, s foi.Store) {
	const n = 40
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		nums []int
		errs []error
	)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := newRequest(foi.FOIA, "2024-02-01")
			err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateRequest(ctx, r) })
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
				return
			}
			nums = append(nums, r.Reference.Number)
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		t.Fatalf("%d of %d concurrent creates failed; first: %v", len(errs), n, errs[0])
	}
	sort.Ints(nums)
	for i := 1; i < len(nums); i++ {
		if nums[i] != nums[i-1]+1 {
			t.Fatalf("concurrent references are not unique and consecutive: %v", nums)
		}
	}
	_, total, err := s.FindRequests(ctx, foi.RequestFilter{})
	if err != nil || total != n {
		t.Errorf("FindRequests total = %d, %v; want %d", total, err, n)
	}
}

func testUpdateRequest(t *testing.T, s foi.Store) {
	r := create(t, s, newRequest(foi.FOIA, "2023-05-02"))
	v := r.Version
	err := s.Update(ctx, func(tx foi.Tx) error {
		got, err := tx.FindRequest(ctx, r.Reference)
		if err != nil {
			return err
		}
		got.Status = foi.StatusResponded
		got.RespondedOn = day("2023-05-30")
		got.Outcome = foi.Granted
		got.Requester.Phone = ""
		got.Parts = []foi.Part{
			{Number: 1, Label: "1", Text: "How many?", Answer: "Yes", Outcome: foi.Granted},
			{Number: 2, Label: "2", Text: "How much?", Answer: "3%", Outcome: foi.Granted},
			{Number: 3, Label: "3", Text: "Split out", Answer: "Not held", Outcome: foi.NotHeld},
		}
		if err := tx.UpdateRequest(ctx, got); err != nil {
			return err
		}
		*r = *got
		return nil
	})
	if err != nil {
		t.Fatalf("update: %v", err)
	}
	if r.Version != v+1 {
		t.Errorf("Version after update = %d, want %d", r.Version, v+1)
	}
	got, err := s.FindRequest(ctx, r.Reference)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, got, sameInstant, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("updated request read back differs (-saved +read):\n%s", diff)
	}
}

func testUpdateRequestConflict(t *testing.T, s foi.Store) {
	r := create(t, s, newRequest(foi.FOIA, "2023-05-02"))
	stale := *r
	r.Status = foi.StatusExtended
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.UpdateRequest(ctx, r) }); err != nil {
		t.Fatalf("first update: %v", err)
	}
	stale.Status = foi.StatusWithdrawn
	err := s.Update(ctx, func(tx foi.Tx) error { return tx.UpdateRequest(ctx, &stale) })
	if foi.ErrorCode(err) != foi.ECONFLICT {
		t.Fatalf("update from a stale copy gave %v, want a conflict", err)
	}
	got, _ := s.FindRequest(ctx, r.Reference)
	if got.Status != foi.StatusExtended {
		t.Errorf("stale update changed status to %q", got.Status)
	}
}

func testRollback(t *testing.T, s foi.Store) {
	boom := errors.New("boom")
	var ref foi.Reference
	err := s.Update(ctx, func(tx foi.Tx) error {
		r := newRequest(foi.FOIA, "2023-05-02")
		if err := tx.CreateRequest(ctx, r); err != nil {
			return err
		}
		ref = r.Reference
		if err := tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: foi.EventCreated, Actor: "test"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update returned %v, want the function's own error", err)
	}
	if _, err := s.FindRequest(ctx, ref); !foi.IsNotFound(err) {
		t.Errorf("request from a rolled-back transaction: FindRequest gave %v, want not found", err)
	}
	if _, total, _ := s.FindRequests(ctx, foi.RequestFilter{}); total != 0 {
		t.Errorf("rolled-back transaction left %d requests", total)
	}
}

func testEvents(t *testing.T, s foi.Store) {
	r := create(t, s, newRequest(foi.FOIA, "2023-05-02"))
	want := []*foi.Event{
		{RequestID: r.ID, Type: foi.EventCreated, At: time.Date(2023, 5, 2, 9, 30, 0, 0, time.UTC), Actor: "system",
			After: `{"status":"open"}`},
		{RequestID: r.ID, Type: foi.EventClarificationRequested, On: day("2023-05-03"),
			At: time.Date(2023, 5, 3, 10, 0, 0, 0, time.UTC), ActorID: 7, Actor: "Jane Officer", Note: "Which years?"},
		{RequestID: r.ID, Type: foi.EventClarificationReceived, On: day("2023-05-05"),
			At: time.Date(2023, 5, 5, 16, 0, 0, 0, time.UTC), Actor: "requester",
			Before: `{"due_on":"2023-05-31"}`, After: `{"due_on":"2023-06-05"}`},
	}
	for _, e := range want {
		e := e
		if err := s.Update(ctx, func(tx foi.Tx) error { return tx.AddEvent(ctx, e) }); err != nil {
			t.Fatalf("AddEvent: %v", err)
		}
		if e.ID == 0 {
			t.Fatalf("AddEvent did not set ID")
		}
	}
	// An event with no time gets the time it was recorded.
	now := &foi.Event{RequestID: r.ID, Type: foi.EventViewed, Actor: "Jane Officer"}
	before := time.Now().Add(-time.Minute)
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.AddEvent(ctx, now) }); err != nil {
		t.Fatal(err)
	}
	if now.At.Before(before) {
		t.Errorf("AddEvent with zero At set At = %v, want about now", now.At)
	}
	want = append(want, now)
	got, err := s.FindEvents(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, sameInstant); diff != "" {
		t.Errorf("events read back differ (-added +read):\n%s", diff)
	}
	other := create(t, s, newRequest(foi.FOIA, "2023-05-02"))
	if evs, err := s.FindEvents(ctx, other.ID); err != nil || len(evs) != 0 {
		t.Errorf("another request's events = %v, %v; want none", evs, err)
	}
}

func testNotFound(t *testing.T, s foi.Store) {
	checks := map[string]error{}
	_, checks["FindRequest"] = s.FindRequest(ctx, foi.Reference{Prefix: "FOI", Number: 99999})
	_, checks["FindRequestByID"] = s.FindRequestByID(ctx, 99999)
	_, checks["FindUser"] = s.FindUser(ctx, 99999)
	_, checks["FindUserByEmail"] = s.FindUserByEmail(ctx, "nobody@example.org")
	_, checks["FindUserByToken"] = s.FindUserByToken(ctx, "00ff")
	_, checks["FindCalendar"] = s.FindCalendar(ctx)
	_, checks["FindSetting"] = s.FindSetting(ctx, "no-such-setting")
	for name, err := range checks {
		if !foi.IsNotFound(err) {
			t.Errorf("%s on an empty store gave %v, want a not-found error", name, err)
		}
	}
}

func testFindRequests(t *testing.T, s foi.Store) {
	mk := func(regime foi.Regime, received, due string, status foi.Status, assignee int64, text string) *foi.Request {
		r := newRequest(regime, received)
		r.DueOn = day(due)
		r.Status = status
		r.AssigneeID = assignee
		r.Text = text
		return create(t, s, r)
	}
	a := mk(foi.FOIA, "2024-01-02", "2024-01-30", foi.StatusOpen, 1, "Social value in children's placements")
	b := mk(foi.EIR, "2024-01-05", "2024-02-02", foi.StatusOpen, 2, "Air quality monitoring data")
	c := mk(foi.FOIA, "2024-01-10", "2024-02-07", foi.StatusResponded, 1, "Parking fines income in 1998")
	d := mk(foi.FOIA, "2024-01-03", "2024-01-31", foi.StatusAwaitingClarification, 0, "Pothole repairs")

	refs := func(rs []*foi.Request) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Reference.String())
		}
		return out
	}
	names := func(rs ...*foi.Request) []string { return refs(rs) }
	tests := []struct {
		name      string
		filter    foi.RequestFilter
		want      []string
		wantTotal int
	}{
		{"all by due date", foi.RequestFilter{}, names(a, d, b, c), 4},
		{"newest received first", foi.RequestFilter{Order: foi.OrderReceived}, names(c, b, d, a), 4},
		{"open statuses", foi.RequestFilter{Statuses: []foi.Status{foi.StatusOpen, foi.StatusAwaitingClarification}}, names(a, d, b), 3},
		{"regime", foi.RequestFilter{Regime: foi.EIR}, names(b), 1},
		{"assignee", foi.RequestFilter{AssigneeID: 1}, names(a, c), 2},
		{"due by", foi.RequestFilter{DueBy: day("2024-01-31")}, names(a, d), 2},
		{"text word", foi.RequestFilter{Text: "parking"}, names(c), 1},
		{"reference", foi.RequestFilter{Text: b.Reference.String()}, names(b), 1},
		{"reference slug", foi.RequestFilter{Text: b.Reference.Slug()}, names(b), 1},
		// A bare number finds the request it numbers, and any whose text holds it.
		{"bare number", foi.RequestFilter{Text: strconv.Itoa(b.Reference.Number)}, names(b), 1},
		{"number in the text", foi.RequestFilter{Text: "1998"}, names(c), 1},
		{"page", foi.RequestFilter{Limit: 2, Offset: 1}, names(d, b), 4},
		{"no match", foi.RequestFilter{Text: "zebra crossings"}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := s.FindRequests(ctx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, refs(got), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("FindRequests(%+v) (-want +got):\n%s", tt.filter, diff)
			}
			if total != tt.wantTotal {
				t.Errorf("total = %d, want %d", total, tt.wantTotal)
			}
		})
	}
	// Listed requests carry their parts, so a list can show progress.
	got, _, _ := s.FindRequests(ctx, foi.RequestFilter{Text: "parking"})
	if len(got) == 1 && len(got[0].Parts) != 2 {
		t.Errorf("listed request has %d parts, want 2", len(got[0].Parts))
	}
}

func testUsers(t *testing.T, s foi.Store) {
	u := &foi.User{Email: "jane.officer@council.example", Name: "Jane Officer", Role: foi.RoleOfficer,
		PasswordHash: "$argon2id$v=19$m=65536,t=1,p=2$c2FsdA$aGFzaA"}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateUser(ctx, u) }); err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	if u.ID == 0 || u.CreatedAt.IsZero() {
		t.Fatalf("CreateUser did not set ID and CreatedAt")
	}
	got, err := s.FindUserByEmail(ctx, "Jane.Officer@Council.Example")
	if err != nil {
		t.Fatalf("FindUserByEmail is case-insensitive: %v", err)
	}
	if diff := cmp.Diff(u, got, sameInstant); diff != "" {
		t.Errorf("user read back (-want +got):\n%s", diff)
	}
	dup := &foi.User{Email: "JANE.OFFICER@council.example", Name: "Imposter", Role: foi.RoleAdmin}
	err = s.Update(ctx, func(tx foi.Tx) error { return tx.CreateUser(ctx, dup) })
	if foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("second user with the same email (other case) gave %v, want conflict", err)
	}
	u.Role = foi.RoleReviewer
	u.Disabled = true
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.UpdateUser(ctx, u) }); err != nil {
		t.Fatalf("UpdateUser: %v", err)
	}
	got, _ = s.FindUser(ctx, u.ID)
	if got.Role != foi.RoleReviewer || !got.Disabled {
		t.Errorf("UpdateUser did not save role and disabled: %+v", got)
	}
	other := &foi.User{Email: "a.contributor@council.example", Name: "A Contributor", Role: foi.RoleContributor}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateUser(ctx, other) }); err != nil {
		t.Fatal(err)
	}
	all, err := s.FindUsers(ctx)
	if err != nil || len(all) != 2 {
		t.Errorf("FindUsers = %d users, %v; want 2", len(all), err)
	}
}

func testTokens(t *testing.T, s foi.Store) {
	u := &foi.User{Email: "api@council.example", Name: "Integration", Role: foi.RoleOfficer}
	tok := &foi.Token{Hash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", Label: "case system"}
	revoked := &foi.Token{Hash: "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752", Label: "old",
		RevokedAt: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	err := s.Update(ctx, func(tx foi.Tx) error {
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		tok.UserID, revoked.UserID = u.ID, u.ID
		if err := tx.CreateToken(ctx, tok); err != nil {
			return err
		}
		return tx.CreateToken(ctx, revoked)
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.FindUserByToken(ctx, tok.Hash)
	if err != nil || got.ID != u.ID {
		t.Fatalf("FindUserByToken(valid) = %v, %v; want user %d", got, err, u.ID)
	}
	if _, err := s.FindUserByToken(ctx, revoked.Hash); !foi.IsNotFound(err) {
		t.Errorf("revoked token gave %v, want not found", err)
	}
	u.Disabled = true
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.UpdateUser(ctx, u) }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindUserByToken(ctx, tok.Hash); !foi.IsNotFound(err) {
		t.Errorf("token of a disabled user gave %v, want not found", err)
	}
}

func testCalendars(t *testing.T, s foi.Store) {
	add := func(version, data string) {
		c := &foi.Calendar{Version: version, Data: []byte(data), Source: version + ".json"}
		if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateCalendar(ctx, c) }); err != nil {
			t.Fatalf("CreateCalendar(%s): %v", version, err)
		}
	}
	add("govuk-aaa", `{"v":1}`)
	add("govuk-bbb", `{"v":2}`)
	got, err := s.FindCalendar(ctx)
	if err != nil || got.Version != "govuk-bbb" || string(got.Data) != `{"v":2}` || got.ImportedAt.IsZero() {
		t.Fatalf("FindCalendar = %+v, %v; want govuk-bbb with its data", got, err)
	}
	time.Sleep(5 * time.Millisecond)
	add("govuk-aaa", `{"v":1}`) // importing an older file again makes it current again
	got, err = s.FindCalendar(ctx)
	if err != nil || got.Version != "govuk-aaa" {
		t.Errorf("after re-import FindCalendar = %+v, %v; want govuk-aaa", got, err)
	}
}

func testSettings(t *testing.T, s foi.Store) {
	set := func(k, v string) {
		if err := s.Update(ctx, func(tx foi.Tx) error { return tx.SetSetting(ctx, k, v) }); err != nil {
			t.Fatal(err)
		}
	}
	set("authority_name", "Thurrock Council")
	set("authority_name", "Thurrock Borough Council")
	got, err := s.FindSetting(ctx, "authority_name")
	if err != nil || got != "Thurrock Borough Council" {
		t.Errorf("FindSetting = %q, %v; want the last value set", got, err)
	}
	set("empty", "")
	if got, err := s.FindSetting(ctx, "empty"); err != nil || got != "" {
		t.Errorf("an empty setting reads back as %q, %v", got, err)
	}
}
