// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"disclose/internal/auth"
	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/web"
)

// permissionMatrix is docs/admin-guide.md's permission matrix, written out here on
// its own so that a change to the code's matrix must be made on purpose.
var permissionMatrix = map[casework.Permission][]foi.Role{
	casework.PermViewCases:  {foi.RoleAdmin, foi.RoleOfficer, foi.RoleReviewer, foi.RoleContributor},
	casework.PermWorkCases:  {foi.RoleAdmin, foi.RoleOfficer, foi.RoleReviewer},
	casework.PermContribute: {foi.RoleContributor},
	casework.PermApprove:    {foi.RoleAdmin, foi.RoleReviewer},
	casework.PermSend:       {foi.RoleAdmin, foi.RoleOfficer, foi.RoleReviewer},
	casework.PermAdminister: {foi.RoleAdmin},
	casework.PermAccount:    {foi.RoleAdmin, foi.RoleOfficer, foi.RoleReviewer, foi.RoleContributor},
}

func TestPermissionMatrixMatchesTheCode(t *testing.T) {
	for _, p := range casework.Permissions {
		for _, role := range foi.Roles {
			want := false
			for _, r := range permissionMatrix[p] {
				want = want || r == role
			}
			if got := casework.Can(&foi.User{Role: role}, p); got != want {
				t.Errorf("%s may %s: code says %v, the documented matrix %v", role, p, got, want)
			}
		}
	}
}

// TestAuthorizationMatrix requests every staff route as every role and as
// nobody. The routes come from the route table itself, so a new route is
// tested the moment it is added: anonymous requests are sent to sign in
// (GET) or refused (401); a role without the route's permission gets 403;
// a role with it gets neither (its request may still be invalid: 400).
func TestAuthorizationMatrix(t *testing.T) {
	f := newStaffFixture(t)
	routes := web.StaffRoutes()
	if len(routes) < 20 {
		t.Fatalf("only %d staff routes", len(routes))
	}
	for _, rt := range routes {
		path := strings.NewReplacer("{ref}", f.ref.Slug(), "{n}", "1", "{kind}", "acknowledgement", "{format}", "csv").Replace(rt.Path)
		switch {
		case strings.Contains(path, "/letters/{id}"):
			path = strings.Replace(path, "{id}", strconv.FormatInt(f.letterID, 10), 1)
		case strings.Contains(path, "/attachments/{id}"):
			path = strings.Replace(path, "{id}", strconv.FormatInt(f.attachment, 10), 1)
		case strings.Contains(path, "/findings/{id}"):
			path = strings.Replace(path, "{id}", "1", 1) // none yet: allowed roles get 404, not 403
		case strings.Contains(path, "{id}"): // received and sent email
			path = strings.Replace(path, "{id}", strconv.FormatInt(f.inbound, 10), 1)
		}
		if strings.Contains(path, "{") {
			t.Fatalf("%s %s: the test does not know how to fill in %s", rt.Method, rt.Path, path)
		}
		t.Run(rt.Method+" "+rt.Path, func(t *testing.T) {
			status, location := f.request(t, rt.Method, path, "")
			if rt.Method == http.MethodGet {
				if status != http.StatusSeeOther || !strings.HasPrefix(location, "/staff/sign-in") {
					t.Errorf("anonymous: %d to %q, want a redirect to sign in", status, location)
				}
			} else if status != http.StatusUnauthorized {
				t.Errorf("anonymous: %d, want 401", status)
			}
			for _, role := range foi.Roles {
				allowed := false
				for _, r := range permissionMatrix[rt.Permission] {
					allowed = allowed || r == role
				}
				status, _ := f.request(t, rt.Method, path, f.session(t, role))
				switch {
				case allowed && (status == http.StatusUnauthorized || status == http.StatusForbidden || status >= 500):
					t.Errorf("%s: %d, but the matrix allows %s", role, status, rt.Permission)
				case !allowed && status != http.StatusForbidden:
					t.Errorf("%s: %d, want 403 (no %s)", role, status, rt.Permission)
				}
			}
		})
	}
}

// session creates a signed-in session for a role directly in the store
// (signing in through the form for every request would be slow).
func (f *staffFixture) session(t *testing.T, role foi.Role) string {
	t.Helper()
	b := make([]byte, 32)
	rand.Read(b)
	id := base64.RawURLEncoding.EncodeToString(b)
	if err := f.svc.Store.Update(ctx, func(tx foi.Tx) error {
		return tx.CreateSession(ctx, &foi.Session{Hash: auth.HashToken(id), UserID: f.users[role].ID, CreatedAt: f.now.UTC()})
	}); err != nil {
		t.Fatal(err)
	}
	return id
}

func (f *staffFixture) request(t *testing.T, method, path, session string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, f.srv.URL+path, strings.NewReader(url.Values{}.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if session != "" {
		req.AddCookie(&http.Cookie{Name: "disclose_session", Value: session})
	}
	resp, err := client(t).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location")
}
