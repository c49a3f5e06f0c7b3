// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// The searches API keeps the case page's rules: an officer records on any
// part and reads the estimate; a department contact records only on their
// part and reads no estimate; bad input is a 400 and stores nothing.
func TestSearchesThroughTheAPI(t *testing.T) {
	f := newFixture(t)
	officer, contact := f.tokens[foi.RoleOfficer], f.tokens[foi.RoleContributor]
	users, err := f.store.FindUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byRole := map[foi.Role]*foi.User{}
	for _, u := range users {
		byRole[u.Role] = u
	}
	r, err := f.svc.SubmitRequest(ctx, byRole[foi.RoleOfficer], casework.NewRequest{Requester: foi.Requester{Name: "Sam", Email: "sam@example.org"},
		Text: "1. How many agency staff?\n2. At what cost?", Regime: foi.FOIA, Channel: foi.ChannelEmail, ReceivedOn: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.AssignPart(ctx, byRole[foi.RoleOfficer], r.Reference, 1, byRole[foi.RoleContributor].ID, time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC), ""); err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/requests/" + r.Reference.Slug() + "/searches"
	for _, tc := range []struct {
		name, token, body string
		status            int
	}{
		{"no place", officer, `{"part":2,"where":"","activity":"locate","minutes":30}`, 400},
		{"an unknown activity", officer, `{"part":2,"where":"Finance","activity":"reading","minutes":30}`, 400},
		{"a bad day", officer, `{"part":2,"where":"Finance","activity":"locate","minutes":30,"on":"30/11/2026"}`, 400},
		{"the contact on another part", contact, `{"part":2,"where":"HR system","activity":"locate","minutes":30}`, 403},
		{"no token", "", `{"part":2,"where":"Finance","activity":"locate","minutes":30}`, 401},
	} {
		if status, got := f.call(t, "POST", path, tc.token, tc.body); status != tc.status || got["error"] == nil {
			t.Errorf("%s: = %d %v, want %d with an error", tc.name, status, got, tc.status)
		}
	}
	if got, _ := f.store.FindSearches(ctx, r.ID); len(got) != 0 {
		t.Fatalf("refused searches stored: %+v", got)
	}
	if status, got := f.call(t, "POST", path, contact, `{"part":1,"where":"HR system","terms":"agency","activity":"locate","minutes":600,"on":"2026-11-20"}`); status != 201 || got["by"] != "A contributor" || got["counted"] != true {
		t.Errorf("the contact on their part = %d %v", status, got)
	}
	if status, got := f.call(t, "POST", path, officer, `{"part":2,"where":"Finance","activity":"extract","minutes":540,"estimated":true}`); status != 201 || got["on"] != "2026-11-25" {
		t.Errorf("the officer = %d %v", status, got)
	}
	status, got := f.call(t, "GET", path, officer, "")
	est, _ := got["estimate"].(map[string]any)
	// 1,140 minutes at £25 an hour: £475, over £450.
	if status != 200 || len(got["searches"].([]any)) != 2 || est["cost_pence"] != 47500.0 || est["limit_pence"] != 45000.0 || est["over_limit"] != true {
		t.Errorf("GET as the officer = %d %v", status, got)
	}
	status, got = f.call(t, "GET", path, contact, "")
	if status != 200 || len(got["searches"].([]any)) != 1 || got["estimate"] != nil {
		t.Errorf("GET as the contact = %d %v; want their one search and no estimate", status, got)
	}
}
