// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"disclose/internal/browsertest"
	"disclose/internal/demo"
	"disclose/internal/foi"
)

// TestSeedRequestSentAgainIsAnsweredLikeFOI12748InABrowser: the seed
// request, logged again for another requester, shows every part as asked
// before in FOI 12748 (a published round robin); "Answer like FOI 12748"
// copies the published answers into the parts as drafts marked with where
// they came from; the case then lists FOI 12748 as its round robin. Both
// states of the page are checked with axe-core.
func TestSeedRequestSentAgainIsAnsweredLikeFOI12748InABrowser(t *testing.T) {
	f := newStaffFixture(t)
	if err := demo.Load(ctx, f.svc, f.users[foi.RoleAdmin]); err != nil {
		t.Fatal(err)
	}
	pub, err := f.svc.Disclosure(ctx, foi.Reference{Prefix: "FOI", Number: 12748})
	if err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t)
	shot := screenshotter(t, b)
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(b, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	do("open the sign-in page", chromedp.Navigate(f.srv.URL+"/staff/cases"), waitFor("/staff/sign-in"))
	browserSignIn(t, b, f, foi.RoleOfficer)
	do("log the seed request for another requester",
		chromedp.Navigate(f.srv.URL+"/staff/cases/new"), waitFor("/staff/cases/new"),
		chromedp.SetValue(chromedp.CSS("#received_on"), "2026-11-23"),
		chromedp.SetValue(chromedp.CSS("#channel"), "email"),
		chromedp.SetValue(chromedp.CSS("#name"), "Priya Patel"),
		chromedp.SetValue(chromedp.CSS("#email"), "priya.patel@example.net"),
		chromedp.SetValue(chromedp.CSS("#text"), seedRequestText(t)),
		click("main form button[type=submit]"), waitFor("notice=created"))

	for n := 1; n <= len(pub.Parts); n++ {
		text, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(fmt.Sprintf("#part-%d-asked-before", n))))
		if err != nil {
			t.Fatalf("part %d shows nothing asked before: %v", n, err)
		}
		if !strings.Contains(text, fmt.Sprintf("FOI 12748 part %d", n)) || !strings.Contains(text, "round robin") || !strings.Contains(text, "published") {
			t.Errorf("part %d asked before: %q, want FOI 12748's part %d, published, a round robin", n, text, n)
		}
	}
	if href, _ := chromedp.Run(b, chromedp.Evaluate[string](`document.querySelector('#part-4-asked-before a[href^="/disclosure-log/"]').getAttribute('href')`)); href != "/disclosure-log/"+pub.Reference.Slug() {
		t.Errorf("part 4 links the published entry at %q", href)
	}
	browsertest.CheckAxe(t, b, "case page asked before")
	shot("asked-before")

	do("answer like FOI 12748", click(`#asked-before form[action$="/answer-like"] button`), waitFor("notice=answered-like"))
	for i, p := range pub.Parts {
		n := i + 1
		answer, _ := chromedp.Run(b, chromedp.Value(chromedp.CSS(fmt.Sprintf(`#part-%d-answer`, n))))
		if !strings.HasPrefix(answer, p.Answer) || !strings.Contains(answer, "FOIA s.21") {
			t.Errorf("part %d draft %q, want FOI 12748's answer %q pointing to the entry", n, answer, p.Answer)
		}
		copied, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(fmt.Sprintf("#part-%d-copied", n))))
		if err != nil || !strings.Contains(copied, "FOI 12748 question") || !strings.Contains(copied, "review it") {
			t.Errorf("part %d copied mark %q (%v)", n, copied, err)
		}
		if outcome, _ := chromedp.Run(b, chromedp.Value(chromedp.CSS(fmt.Sprintf(`#part-%d-outcome`, n)))); outcome != "" {
			t.Errorf("part %d has outcome %q before review, want none", n, outcome)
		}
	}
	if rr, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS("#asked-before"))); !strings.Contains(rr, "round robin with FOI 12748") {
		t.Errorf("the case's round robin: %q", rr)
	}
	browsertest.CheckAxe(t, b, "case page answered like FOI 12748")
	shot("answered-like")
}
