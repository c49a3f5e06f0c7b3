// SPDX-License-Identifier: AGPL-3.0-or-later

package storetest

import (
	"testing"
	"time"

	"disclose/internal/foi"
)

// credentialTests are the conformance tests of foi.CredentialReader and
// foi.CredentialWriter.
var credentialTests = []struct {
	name string
	fn   func(t *testing.T, s foi.Store)
}{
	{"TokenLifecycle", testTokenLifecycle},
	{"UserIdentity", testUserIdentity},
	{"SessionTOTPOffer", testSessionTOTPOffer},
	{"TrackingTokenList", testTrackingTokenList},
}

func testTokenLifecycle(t *testing.T, s foi.Store) {
	a := newUser(t, s, "a@example.org", foi.RoleOfficer)
	b := newUser(t, s, "b@example.org", foi.RoleOfficer)
	ta := &foi.Token{UserID: a.ID, Hash: "hash-a", Label: "scanner"}
	tb := &foi.Token{UserID: b.ID, Hash: "hash-b", Label: "report"}
	update(t, s, func(tx foi.Tx) error {
		if err := tx.CreateToken(ctx, ta); err != nil {
			return err
		}
		return tx.CreateToken(ctx, tb)
	})
	list, err := s.FindTokens(ctx, a.ID)
	if err != nil || len(list) != 1 || list[0].ID != ta.ID || list[0].Label != "scanner" || !list[0].LastUsedAt.IsZero() {
		t.Fatalf("tokens of a: %+v, %v; want the scanner token, never used", list, err)
	}
	if all, err := s.FindTokens(ctx, 0); err != nil || len(all) != 2 || all[0].ID != tb.ID {
		t.Fatalf("every token: %+v, %v; want both, newest first", all, err)
	}

	used := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	update(t, s, func(tx foi.Tx) error { return tx.TouchToken(ctx, ta.ID, used) })
	update(t, s, func(tx foi.Tx) error { return tx.TouchToken(ctx, ta.ID, used.Add(-time.Hour)) }) // never back
	got, err := s.FindToken(ctx, "hash-a")
	if err != nil || !got.LastUsedAt.Equal(used) || got.Revoked() {
		t.Fatalf("after use: %+v, %v; want last used %v, not revoked", got, err, used)
	}

	revoked := used.Add(time.Hour)
	update(t, s, func(tx foi.Tx) error { return tx.RevokeToken(ctx, ta.ID, revoked) })
	update(t, s, func(tx foi.Tx) error { return tx.RevokeToken(ctx, ta.ID, revoked.Add(time.Hour)) }) // keeps the first
	if got, err := s.FindToken(ctx, "hash-a"); err != nil || !got.RevokedAt.Equal(revoked) {
		t.Fatalf("after revoking: %+v, %v; want revoked at %v", got, err, revoked)
	}
	if _, err := s.FindUserByToken(ctx, "hash-a"); !foi.IsNotFound(err) {
		t.Errorf("a revoked token finds its user: %v", err)
	}
	if u, err := s.FindUserByToken(ctx, "hash-b"); err != nil || u.ID != b.ID {
		t.Errorf("the other token: %v, %v; want user b", u, err)
	}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.RevokeToken(ctx, 9999, revoked) }); !foi.IsNotFound(err) {
		t.Errorf("revoking no token: %v, want not found", err)
	}
	if _, err := s.FindToken(ctx, "nothing"); !foi.IsNotFound(err) {
		t.Errorf("unknown token: %v, want not found", err)
	}
}

func testUserIdentity(t *testing.T, s foi.Store) {
	u := &foi.User{Email: "pat@example.org", Name: "Pat", Role: foi.RoleContributor, Department: "Highways",
		Subject: "https://login.example|123"}
	update(t, s, func(tx foi.Tx) error { return tx.CreateUser(ctx, u) })
	got, err := s.FindUserBySubject(ctx, "https://login.example|123")
	if err != nil || got.ID != u.ID || got.Department != "Highways" || got.BreakGlass {
		t.Fatalf("by subject: %+v, %v", got, err)
	}
	if _, err := s.FindUserBySubject(ctx, ""); !foi.IsNotFound(err) {
		t.Errorf("an empty subject: %v, want not found", err)
	}
	// Two users without an identity are fine; two with the same are not.
	newUser(t, s, "one@example.org", foi.RoleOfficer)
	newUser(t, s, "two@example.org", foi.RoleOfficer)
	err = s.Update(ctx, func(tx foi.Tx) error {
		return tx.CreateUser(ctx, &foi.User{Email: "other@example.org", Name: "O", Role: foi.RoleOfficer, Subject: u.Subject})
	})
	if foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("a second user with the same identity: %v, want conflict", err)
	}

	u.BreakGlass, u.Department, u.Role, u.Subject = true, "", foi.RoleAdmin, ""
	update(t, s, func(tx foi.Tx) error { return tx.UpdateUser(ctx, u) })
	got, err = s.FindUser(ctx, u.ID)
	if err != nil || !got.BreakGlass || got.Department != "" || got.Role != foi.RoleAdmin || got.Subject != "" {
		t.Fatalf("after update: %+v, %v", got, err)
	}
}

func testSessionTOTPOffer(t *testing.T, s foi.Store) {
	u := newUser(t, s, "officer@example.org", foi.RoleOfficer)
	update(t, s, func(tx foi.Tx) error { return tx.CreateSession(ctx, &foi.Session{Hash: "s1", UserID: u.ID}) })
	update(t, s, func(tx foi.Tx) error { return tx.SetSessionTOTPOffer(ctx, "s1", "JBSWY3DPEHPK3PXP") })
	if got, err := s.FindSession(ctx, "s1"); err != nil || got.TOTPOffer != "JBSWY3DPEHPK3PXP" {
		t.Fatalf("offer: %+v, %v", got, err)
	}
	update(t, s, func(tx foi.Tx) error { return tx.SetSessionTOTPOffer(ctx, "s1", "") })
	if got, err := s.FindSession(ctx, "s1"); err != nil || got.TOTPOffer != "" {
		t.Fatalf("offer removed: %+v, %v", got, err)
	}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.SetSessionTOTPOffer(ctx, "none", "X") }); !foi.IsNotFound(err) {
		t.Errorf("offer to no session: %v, want not found", err)
	}
}

func testTrackingTokenList(t *testing.T, s foi.Store) {
	r := create(t, s, newRequest(foi.FOIA, "2023-05-02"))
	other := create(t, s, newRequest(foi.FOIA, "2023-05-03"))
	if list, err := s.FindTrackingTokens(ctx, r.ID); err != nil || len(list) != 0 {
		t.Fatalf("before any: %v, %v", list, err)
	}
	update(t, s, func(tx foi.Tx) error {
		for _, tok := range []*foi.TrackingToken{{RequestID: r.ID, Hash: "t1"}, {RequestID: other.ID, Hash: "t2"}} {
			if err := tx.CreateTrackingToken(ctx, tok); err != nil {
				return err
			}
		}
		if _, err := tx.RevokeTrackingTokens(ctx, r.ID); err != nil {
			return err
		}
		return tx.CreateTrackingToken(ctx, &foi.TrackingToken{RequestID: r.ID, Hash: "t3"})
	})
	list, err := s.FindTrackingTokens(ctx, r.ID)
	if err != nil || len(list) != 2 || list[0].Hash != "t3" || list[0].Revoked() || !list[1].Revoked() {
		t.Fatalf("links of the request: %+v, %v; want t3 working, then t1 revoked", list, err)
	}
}
