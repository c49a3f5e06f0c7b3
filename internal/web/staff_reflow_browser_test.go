// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"disclose/internal/browsertest"
	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/web"
)

// TestEveryStaffPageReflows opens every staff page the route table has
// (WCAG 1.4.10: nothing scrolls sideways at 320 CSS pixels) and checks each
// with axe at 1280 and 320 pixels, signed in as an administrator, on a
// case with parts answered, a letter, a file, an email and a review under
// way. A new GET route fails the test until it is listed here.
func TestEveryStaffPageReflows(t *testing.T) {
	f := newStaffFixture(t)
	f.reviewFixture(t)
	slug := f.ref.Slug()
	// The Welsh version of an entry is added once the entry is published.
	if _, err := f.svc.Publish(ctx, f.users[foi.RoleAdmin], f.ref, casework.PublishInput{Title: "Placements", Category: "Children's services"}); err != nil {
		t.Fatal(err)
	}
	pages := map[string]string{ // route -> the address opened, or "" for a download or a redirect
		"/staff":                              "", // redirects to the case list
		"/staff/account":                      "/staff/account",
		"/staff/dashboard":                    "/staff/dashboard",
		"/staff/statistics/{format}":          "", // a CSV or JSON download
		"/staff/regulator/evidence":           "", // the evidence pack, a download
		"/staff/cases":                        "/staff/cases?status=all",
		"/staff/go":                           "", // redirects to a case or the list
		"/staff/cases/new":                    "/staff/cases/new",
		"/staff/cases/{ref}":                  "/staff/cases/" + slug,
		"/staff/cases/{ref}/letters/{id}":     "/staff/cases/" + slug + "/letters/" + itoa(f.letterID),
		"/staff/cases/{ref}/letters/{id}/pdf": "",
		"/staff/cases/{ref}/attachments/{id}": "",
		"/staff/cases/{ref}/review":           "/staff/cases/" + slug + "/review",
		"/staff/reviews":                      "/staff/reviews",
		"/staff/mail":                         "/staff/mail",
		"/staff/mail/{id}":                    "/staff/mail/" + itoa(f.inbound),
		"/staff/mail/{id}/raw":                "",
		"/staff/admin":                        "/staff/admin",
		"/staff/admin/categories":             "/staff/admin/categories",
		"/staff/users":                        "/staff/users",
		"/staff/users/{id}":                   "/staff/users/" + itoa(f.users[foi.RoleOfficer].ID),
		"/staff/cases/{ref}/welsh":            "/staff/cases/" + slug + "/welsh",
	}
	for _, rt := range web.StaffRoutes() {
		if _, ok := pages[rt.Path]; rt.Method == "GET" && !ok {
			t.Errorf("the staff page %s is not checked here: add it to this test", rt.Path)
		}
	}
	b := browsertest.New(t)
	if err := chromedp.Do(b, chromedp.Navigate(f.srv.URL+"/staff/sign-in"), waitFor("/staff/sign-in")); err != nil {
		t.Fatal(err)
	}
	checkAxeWide(t, b, "sign-in page")
	browserSignIn(t, b, f, foi.RoleAdmin)
	for route, addr := range pages {
		if addr == "" {
			continue
		}
		if err := chromedp.Do(b, chromedp.Navigate(f.srv.URL+addr), waitFor(strings.Split(addr, "?")[0])); err != nil {
			t.Fatalf("open %s: %v", addr, err)
		}
		if h, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS("h1"))); strings.Contains(h, "not found") || strings.Contains(h, "problem") {
			t.Errorf("%s (%s) shows %q, not the page", route, addr, h)
		}
		checkAxeWide(t, b, route)
	}
}
