// SPDX-License-Identifier: AGPL-3.0-or-later

package storetest

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"disclose/internal/foi"
)

// staffTests are the conformance tests of the staff application's tables.
var staffTests = []struct {
	name string
	fn   func(t *testing.T, s foi.Store)
}{
	{"Sessions", testSessions},
	{"LoginFailures", testLoginFailures},
	{"LoginClaimsAreSerialised", testLoginClaims},
	{"TOTPSecrets", testTOTPSecrets},
	{"PartAssignments", testPartAssignments},
	{"Letters", testLetters},
	{"Attachments", testAttachments},
	{"Searches", testSearches},         // searches.go
	{"Aggregations", testAggregations}, // searches.go
}

func update(t *testing.T, s foi.Store, fn func(tx foi.Tx) error) {
	t.Helper()
	if err := s.Update(ctx, fn); err != nil {
		t.Fatal(err)
	}
}

func newUser(t *testing.T, s foi.Store, email string, role foi.Role) *foi.User {
	t.Helper()
	u := &foi.User{Email: email, Name: email, Role: role}
	update(t, s, func(tx foi.Tx) error { return tx.CreateUser(ctx, u) })
	return u
}

func testSessions(t *testing.T, s foi.Store) {
	u := newUser(t, s, "officer@example.org", foi.RoleOfficer)
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	sess := &foi.Session{Hash: "abc", UserID: u.ID, CreatedAt: at, Pending: true}
	update(t, s, func(tx foi.Tx) error { return tx.CreateSession(ctx, sess) })
	got, err := s.FindSession(ctx, "abc")
	if err != nil {
		t.Fatal(err)
	}
	want := &foi.Session{Hash: "abc", UserID: u.ID, CreatedAt: at, LastSeenAt: at, Pending: true}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("session (-want +got):\n%s", d)
	}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateSession(ctx, &foi.Session{Hash: "abc", UserID: u.ID}) }); foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("a second session with the same hash: %v, want conflict", err)
	}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateSession(ctx, &foi.Session{Hash: "x", UserID: 999}) }); foi.ErrorCode(err) != foi.ENOTFOUND {
		t.Errorf("a session for no user: %v, want not found", err)
	}
	later := at.Add(time.Hour)
	update(t, s, func(tx foi.Tx) error {
		if err := tx.TouchSession(ctx, "abc", later); err != nil {
			return err
		}
		return tx.TouchSession(ctx, "abc", at) // never moves back
	})
	if got, _ := s.FindSession(ctx, "abc"); got == nil || !got.LastSeenAt.Equal(later) {
		t.Errorf("after touching, last seen = %v, want %v", got, later)
	}
	update(t, s, func(tx foi.Tx) error { return tx.CreateSession(ctx, &foi.Session{Hash: "def", UserID: u.ID}) })
	update(t, s, func(tx foi.Tx) error { return tx.DeleteSession(ctx, "abc") })
	if _, err := s.FindSession(ctx, "abc"); !foi.IsNotFound(err) {
		t.Errorf("deleted session: %v, want not found", err)
	}
	update(t, s, func(tx foi.Tx) error { return tx.DeleteUserSessions(ctx, u.ID) })
	if _, err := s.FindSession(ctx, "def"); !foi.IsNotFound(err) {
		t.Errorf("session after deleting the user's sessions: %v, want not found", err)
	}
}

func testLoginFailures(t *testing.T, s foi.Store) {
	base := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	update(t, s, func(tx foi.Tx) error {
		for i := range 3 {
			if err := tx.AddLoginFailure(ctx, "account:a@example.org", base.Add(time.Duration(i)*time.Minute)); err != nil {
				return err
			}
		}
		return tx.AddLoginFailure(ctx, "address:192.0.2.1", base)
	})
	for _, tt := range []struct {
		key   string
		since time.Time
		want  int
	}{
		{"account:a@example.org", base, 3},
		{"account:a@example.org", base.Add(90 * time.Second), 1},
		{"address:192.0.2.1", base, 1},
		{"account:b@example.org", base, 0},
	} {
		if n, err := s.CountLoginFailures(ctx, tt.key, tt.since); err != nil || n != tt.want {
			t.Errorf("CountLoginFailures(%s, %v) = %d, %v; want %d", tt.key, tt.since, n, err, tt.want)
		}
	}
	update(t, s, func(tx foi.Tx) error { return tx.ClearLoginFailures(ctx, "account:a@example.org") })
	if n, _ := s.CountLoginFailures(ctx, "account:a@example.org", base); n != 0 {
		t.Errorf("after clearing, %d failures", n)
	}
	if n, _ := s.CountLoginFailures(ctx, "address:192.0.2.1", base); n != 1 {
		t.Errorf("clearing one key cleared another: %d", n)
	}

	// Records out of the window are forgotten: a claim drops its own key's,
	// pruning drops every key's, and neither touches a record inside it.
	update(t, s, func(tx foi.Tx) error {
		for _, f := range []struct {
			key string
			at  time.Time
		}{{"address:192.0.2.7", base}, {"address:192.0.2.7", base.Add(time.Hour)}, {"address:192.0.2.8", base}} {
			if err := tx.AddLoginFailure(ctx, f.key, f.at); err != nil {
				return err
			}
		}
		_, err := tx.ClaimLoginAttempt(ctx, "address:192.0.2.7", base.Add(time.Hour+time.Minute), base.Add(30*time.Minute))
		return err
	})
	if n, _ := s.CountLoginFailures(ctx, "address:192.0.2.7", base); n != 2 {
		t.Errorf("after a claim, its key has %d records, want the 2 inside the window", n)
	}
	var pruned int64
	update(t, s, func(tx foi.Tx) (err error) {
		pruned, err = tx.PruneLoginFailures(ctx, base.Add(30*time.Minute))
		return err
	})
	if pruned != 2 { // 192.0.2.1's and 192.0.2.8's, both at base
		t.Errorf("PruneLoginFailures removed %d, want 2", pruned)
	}
	for key, want := range map[string]int{"address:192.0.2.1": 0, "address:192.0.2.8": 0, "address:192.0.2.7": 2} {
		if n, _ := s.CountLoginFailures(ctx, key, base); n != want {
			t.Errorf("after pruning, %s has %d records, want %d", key, n, want)
		}
	}
}

func testTOTPSecrets(t *testing.T, s foi.Store) {
	u := newUser(t, s, "a@example.org", foi.RoleAdmin)
	if _, err := s.FindTOTPSecret(ctx, u.ID); !foi.IsNotFound(err) {
		t.Errorf("no secret yet: %v, want not found", err)
	}
	update(t, s, func(tx foi.Tx) error { return tx.SetTOTPSecret(ctx, u.ID, "SECRET1") })
	update(t, s, func(tx foi.Tx) error { return tx.SetTOTPSecret(ctx, u.ID, "SECRET2") })
	if v, err := s.FindTOTPSecret(ctx, u.ID); err != nil || v != "SECRET2" {
		t.Errorf("secret = %q, %v; want SECRET2", v, err)
	}
	// A code's step is used once; an earlier step after a later one is
	// refused too; a new secret starts afresh.
	use := func(step int64) bool {
		t.Helper()
		var fresh bool
		update(t, s, func(tx foi.Tx) (err error) { fresh, err = tx.UseTOTPStep(ctx, u.ID, step); return err })
		return fresh
	}
	for _, tt := range []struct {
		step int64
		want bool
	}{{100, true}, {100, false}, {99, false}, {101, true}} {
		if got := use(tt.step); got != tt.want {
			t.Errorf("UseTOTPStep(%d) = %v, want %v", tt.step, got, tt.want)
		}
	}
	update(t, s, func(tx foi.Tx) error { return tx.SetTOTPSecret(ctx, u.ID, "SECRET3") })
	if !use(50) {
		t.Error("a new secret's first code was refused as used")
	}
	update(t, s, func(tx foi.Tx) error { return tx.SetTOTPSecret(ctx, u.ID, "") })
	if _, err := s.FindTOTPSecret(ctx, u.ID); !foi.IsNotFound(err) {
		t.Errorf("removed secret: %v, want not found", err)
	}
}

func testPartAssignments(t *testing.T, s foi.Store) {
	r := create(t, s, newRequest(foi.FOIA, "2026-11-02"))
	other := create(t, s, newRequest(foi.FOIA, "2026-11-03"))
	hr := newUser(t, s, "hr@example.org", foi.RoleContributor)
	fin := newUser(t, s, "finance@example.org", foi.RoleContributor)
	update(t, s, func(tx foi.Tx) error {
		for _, a := range []*foi.PartAssignment{
			{RequestID: r.ID, Part: 2, UserID: fin.ID, DueOn: day("2026-11-10"), Note: "costs"},
			{RequestID: r.ID, Part: 1, UserID: hr.ID},
			{RequestID: r.ID, Part: 2, UserID: hr.ID, Note: "first"},
			{RequestID: r.ID, Part: 2, UserID: hr.ID, Note: "replaced"},
		} {
			if err := tx.SetPartAssignment(ctx, a); err != nil {
				return err
			}
		}
		return nil
	})
	got, err := s.FindPartAssignments(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	var summary []string
	for _, a := range got {
		summary = append(summary, a.Note+"@"+foi.FormatDate(a.DueOn))
	}
	// By part, then user: hr (created first) before finance.
	want := []string{"@", "replaced@", "costs@2026-11-10"}
	if d := cmp.Diff(want, summary); d != "" {
		t.Errorf("assignments (-want +got):\n%s", d)
	}
	list, n, err := s.FindRequests(ctx, foi.RequestFilter{ContributorID: fin.ID})
	if err != nil || n != 1 || list[0].ID != r.ID {
		t.Errorf("requests with a part for finance: %d, %v", n, err)
	}
	if _, n, _ := s.FindRequests(ctx, foi.RequestFilter{}); n != 2 {
		t.Errorf("all requests: %d, want 2 (other is %v)", n, other.Reference)
	}
	if list, n, err := s.FindRequests(ctx, foi.RequestFilter{RequesterEmail: "ALEX@example.org"}); err != nil || n != 2 || len(list) != 2 {
		t.Errorf("requests from alex@example.org in another case: %d, %v", n, err)
	}
	if _, n, _ := s.FindRequests(ctx, foi.RequestFilter{RequesterEmail: "someone@example.org"}); n != 0 {
		t.Errorf("requests from someone else: %d, want 0", n)
	}
	update(t, s, func(tx foi.Tx) error { return tx.DeletePartAssignments(ctx, r.ID, 2) })
	if got, _ := s.FindPartAssignments(ctx, r.ID); len(got) != 1 || got[0].Part != 1 {
		t.Errorf("after removing part 2's assignments: %v", got)
	}
	err = s.Update(ctx, func(tx foi.Tx) error {
		return tx.SetPartAssignment(ctx, &foi.PartAssignment{RequestID: r.ID, Part: 1, UserID: 999})
	})
	if !foi.IsNotFound(err) {
		t.Errorf("assigning to no user: %v, want not found", err)
	}
}

func testLetters(t *testing.T, s foi.Store) {
	r := create(t, s, newRequest(foi.FOIA, "2026-11-02"))
	l := &foi.Letter{RequestID: r.ID, Kind: foi.LetterResponse, Body: "Dear Alex", CreatedBy: "Jane"}
	update(t, s, func(tx foi.Tx) error { return tx.CreateLetter(ctx, l) })
	if l.ID == 0 || l.CreatedAt.IsZero() {
		t.Fatalf("CreateLetter did not set ID and CreatedAt: %+v", l)
	}
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	l.Body, l.ApprovedAt, l.ApprovedBy, l.SentAt, l.SentBy = "Dear Alex,\nYes.", at, "Rita Reviewer", at.Add(time.Minute), "Jane"
	l.Delivery, l.PostedOn = foi.LetterByPost, time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	update(t, s, func(tx foi.Tx) error { return tx.UpdateLetter(ctx, l) })
	got, err := s.FindLetters(ctx, r.ID)
	if err != nil || len(got) != 1 {
		t.Fatalf("FindLetters = %v, %v", got, err)
	}
	if d := cmp.Diff(l, got[0]); d != "" {
		t.Errorf("letter (-want +got):\n%s", d)
	}
	if one, err := s.FindLetter(ctx, l.ID); err != nil || one.Body != l.Body {
		t.Errorf("FindLetter = %v, %v", one, err)
	}
	if _, err := s.FindLetter(ctx, l.ID+100); !foi.IsNotFound(err) {
		t.Errorf("missing letter: %v", err)
	}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.UpdateLetter(ctx, &foi.Letter{ID: l.ID + 100}) }); !foi.IsNotFound(err) {
		t.Errorf("updating a missing letter: %v", err)
	}
}

func testAttachments(t *testing.T, s foi.Store) {
	r := create(t, s, newRequest(foi.FOIA, "2026-11-02"))
	data := []byte("%PDF-1.4 binary \x00\x01\x02")
	a := &foi.CaseAttachment{RequestID: r.ID, Name: "a.pdf", ContentType: "application/pdf", Hash: "h1", Size: int64(len(data)), UploadedBy: "Jane"}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateAttachment(ctx, a) }); !foi.IsNotFound(err) {
		t.Errorf("an attachment without its blob: %v, want not found", err)
	}
	update(t, s, func(tx foi.Tx) error {
		if err := tx.PutBlob(ctx, "h1", data); err != nil {
			return err
		}
		if err := tx.PutBlob(ctx, "h1", data); err != nil { // the same content again
			return err
		}
		return tx.CreateAttachment(ctx, a)
	})
	b, err := s.FindBlob(ctx, "h1")
	if err != nil || string(b) != string(data) {
		t.Errorf("blob = %q, %v", b, err)
	}
	a.Release = true
	update(t, s, func(tx foi.Tx) error { return tx.UpdateAttachment(ctx, a) })
	got, err := s.FindAttachments(ctx, r.ID)
	if err != nil || len(got) != 1 {
		t.Fatalf("FindAttachments = %v, %v", got, err)
	}
	if d := cmp.Diff(a, got[0]); d != "" {
		t.Errorf("attachment (-want +got):\n%s", d)
	}
	if one, err := s.FindAttachment(ctx, a.ID); err != nil || !one.Release {
		t.Errorf("FindAttachment = %v, %v", one, err)
	}
	if _, err := s.FindBlob(ctx, "nope"); !foi.IsNotFound(err) {
		t.Errorf("missing blob: %v", err)
	}

	// A file that came by email keeps the message it came with.
	in := &foi.InboundMessage{Raw: []byte("Subject: map\r\n\r\nattached")}
	update(t, s, func(tx foi.Tx) error { return tx.CreateInbound(ctx, in) })
	e := &foi.CaseAttachment{RequestID: r.ID, Name: "map.pdf", ContentType: "application/pdf", Hash: "h1", Size: 3,
		UploadedBy: "email", InboundID: in.ID}
	update(t, s, func(tx foi.Tx) error { return tx.CreateAttachment(ctx, e) })
	if one, err := s.FindAttachment(ctx, e.ID); err != nil || one.InboundID != in.ID {
		t.Errorf("attachment from email = %+v, %v; want inbound message %d", one, err, in.ID)
	}
	bad := &foi.CaseAttachment{RequestID: r.ID, Name: "x.pdf", ContentType: "application/pdf", Hash: "h1", Size: 3, InboundID: in.ID + 1000}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateAttachment(ctx, bad) }); !foi.IsNotFound(err) {
		t.Errorf("an attachment from a message that does not exist: %v, want not found", err)
	}
}

// testLoginClaims claims attempts on one key from parallel transactions,
// each holding its transaction open a moment after claiming: every claim
// must see all those committed before it, so the counts are 0, 1, 2, ...
// with none repeated (a repeat is two sign-ins let through on one count).
func testLoginClaims(t *testing.T, s foi.Store) {
	base := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	const n = 12
	earlier := make(chan int, n)
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- s.Update(ctx, func(tx foi.Tx) error {
				c, err := tx.ClaimLoginAttempt(ctx, "account:race@example.org", base.Add(time.Duration(i)*time.Second), base)
				if err != nil {
					return err
				}
				time.Sleep(20 * time.Millisecond)
				earlier <- c.Earlier
				return nil
			})
		}()
	}
	wg.Wait()
	close(earlier)
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var got []int
	for e := range earlier {
		got = append(got, e)
	}
	slices.Sort(got)
	for i, e := range got {
		if e != i {
			t.Fatalf("parallel claims saw earlier counts %v, want 0 to %d each once", got, n-1)
		}
	}
	var c foi.LoginClaim
	update(t, s, func(tx foi.Tx) error {
		var err error
		c, err = tx.ClaimLoginAttempt(ctx, "account:race@example.org", base.Add(time.Hour), base.Add(5*time.Second))
		return err
	})
	if c.Earlier != n-5 || !c.Latest.Equal(base.Add((n-1)*time.Second)) || c.ID == 0 {
		t.Errorf("claim after the race = %+v; want %d earlier since the window's start, the latest at %v", c, n-5, base.Add((n-1)*time.Second))
	}
	// That claim dropped the key's 5 records from before its window.
	update(t, s, func(tx foi.Tx) error { return tx.WithdrawLoginAttempt(ctx, c.ID) })
	if got, _ := s.CountLoginFailures(ctx, "account:race@example.org", base); got != n-5 {
		t.Errorf("after withdrawing one claim, %d attempts; want the %d inside the window", got, n-5)
	}
}
