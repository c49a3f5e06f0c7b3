// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"disclose/internal/browsertest"

	"disclose/internal/foi"
	"disclose/internal/sqlite"
)

// caseStatementBudget is what one case page may cost in statements of
// the shared SQL, for the fixture's seven-part case with a department
// asked, a letter, a file and an email. Measured at 27 when written (9
// for the department contact), at 50 once the panels of other work
// joined the page (asked before, the tracking links, the searches and
// the s.12 estimate, the requester's language), and at 44 once asked
// before read every part's candidates in one query
// (QuestionCandidatesByPart) instead of one a part. The budget leaves
// room for a small panel; a page that starts reading per row or per part
// goes past it, and the check below catches a read per part.
const caseStatementBudget = 46

// TestCasePageCost counts what one case page costs the store, as the
// officer sees it and as the department contact does, and that the cost
// does not grow with the number of parts.
func TestCasePageCost(t *testing.T) {
	f := newStaffFixture(t)
	c := f.signedIn(t, foi.RoleOfficer)
	page := "/staff/cases/" + f.ref.Slug()
	cost := func(role string, get func()) int64 {
		get() // warm: the first view may fill caches
		before := sqlite.Statements()
		get()
		n := sqlite.Statements() - before
		t.Logf("%s's case page: %d statements", role, n)
		return n
	}
	officer := cost("officer", func() { f.get(t, c, page) })
	if officer > caseStatementBudget {
		t.Errorf("the officer's case page ran %d statements, over the budget of %d", officer, caseStatementBudget)
	}
	d := f.signedIn(t, foi.RoleContributor)
	if n := cost("department contact", func() { f.get(t, d, page) }); n > 15 {
		t.Errorf("the department contact's case page ran %d statements, over 15", n)
	}
	// Split two parts: two more parts must not cost more statements.
	for _, n := range []int{1, 2} {
		if err := f.svc.SplitPart(ctx, f.users[foi.RoleOfficer], f.ref, n, "First half?", "Second half?"); err != nil {
			t.Fatal(err)
		}
	}
	if more := cost("officer, two more parts", func() { f.get(t, c, page) }); more > officer {
		t.Errorf("with two more parts the case page ran %d statements, against %d: it reads per part", more, officer)
	}
}

// TestCasePageRequestsInABrowser counts what the browser fetches to show
// a case page: the page and its stylesheets and scripts, nothing per part.
func TestCasePageRequestsInABrowser(t *testing.T) {
	f := newStaffFixture(t)
	b := browsertest.New(t)
	browserSignIn(t, b, f, foi.RoleOfficer)
	page := "/staff/cases/" + f.ref.Slug()
	if err := chromedp.Do(b, chromedp.Navigate(f.srv.URL+page), waitFor(page)); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(b, chromedp.Evaluate[[]string](`[location.pathname, ...performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)]`))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("one case page: %d requests: %v", len(got), got)
	if len(got) > 5 {
		t.Errorf("one case page made %d requests, want at most 5 (the page, two stylesheets, two scripts): %v", len(got), got)
	}
}
