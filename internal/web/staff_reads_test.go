// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"net/http"
	"testing"

	"disclose/internal/auth"
	"disclose/internal/foi"
)

// Every staff read of a case goes through casework: a contributor is
// refused each page that is not theirs, and each read by an officer is a
// "viewed" event in the case's audit trail.
func TestStaffReadsOfACaseAreCheckedAndAudited(t *testing.T) {
	f := newStaffFixture(t)
	officer := f.users[foi.RoleOfficer]
	if _, err := f.svc.ThreadHeldEmail(ctx, officer, f.inbound, f.ref); err != nil {
		t.Fatal(err)
	}
	secret, hash := auth.NewToken()
	if err := f.svc.Store.Update(ctx, func(tx foi.Tx) error {
		return tx.CreateToken(ctx, &foi.Token{UserID: officer.ID, Hash: hash})
	}); err != nil {
		t.Fatal(err)
	}
	req, err := f.svc.Store.FindRequest(ctx, f.ref)
	if err != nil {
		t.Fatal(err)
	}
	views := func() int {
		events, err := f.svc.Store.FindEvents(ctx, req.ID)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range events {
			if e.Type == foi.EventViewed && e.ActorID == officer.ID {
				n++
			}
		}
		return n
	}
	letter := "/staff/cases/" + f.ref.Slug() + "/letters/" + itoa(f.letterID)
	contributor, staff := f.signedIn(t, foi.RoleContributor), f.signedIn(t, foi.RoleOfficer)
	for _, path := range []string{letter, letter + "/pdf", "/staff/mail/" + itoa(f.inbound), "/staff/cases/" + f.ref.Slug()} {
		if resp, _ := f.get(t, contributor, path); path != "/staff/cases/"+f.ref.Slug() && resp.StatusCode != http.StatusForbidden {
			t.Errorf("contributor GET %s = %d, want 403", path, resp.StatusCode)
		}
		before := views()
		if resp, _ := f.get(t, staff, path); resp.StatusCode != http.StatusOK {
			t.Fatalf("officer GET %s = %d", path, resp.StatusCode)
		}
		if views() != before+1 {
			t.Errorf("officer GET %s recorded %d viewed events, want 1", path, views()-before)
		}
	}
	before := views()
	api, _ := http.NewRequest("GET", f.srv.URL+"/api/v1/requests/"+f.ref.Slug(), nil)
	api.Header.Set("Authorization", "Bearer "+secret)
	resp, err := http.DefaultClient.Do(api)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || views() != before+1 {
		t.Errorf("API GET of the case = %d, %d viewed events; want 200 and 1", resp.StatusCode, views()-before)
	}
}
