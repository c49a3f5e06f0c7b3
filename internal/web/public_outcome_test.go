// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"disclose/internal/browsertest"
	"disclose/internal/foi"
)

// An entry shows each question's outcome and the exemptions by name and
// section, linked to the page that explains them; the entry's outcome is
// in its details and in the log's results.
func TestEntryShowsOutcomesAndExemptions(t *testing.T) {
	f := newFixture(t)
	slug := wasteContractEntry(t, f)
	costly := publishCase(t, f, `Every email about bins since 2010.\n\n1. All emails sent?\n2. All emails received?`,
		[2]string{`{"outcome":"cost-limit"}`, `{"outcome":"cost-limit"}`},
		`{"title":"Bin emails","category":"Waste","published_on":"2026-10-23"}`)

	_, page := getPublic(t, f, "/disclosure-log/"+slug)
	for _, want := range []string{
		`id="entry-outcome">Partially withheld<`,
		`Outcome:</span> Granted in full`,
		`Outcome:</span> Withheld in full`,
		`<a class="govuk-link" href="/exemptions#foia-s43-2">Commercial interests</a> (Freedom of Information Act 2000, s43(2))`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the entry page lacks %q", want)
		}
	}
	_, page = getPublic(t, f, "/disclosure-log/"+costly)
	if !strings.Contains(page, `id="entry-outcome">Refused: cost limit (s.12)<`) || strings.Count(page, `Outcome:</span> Refused: cost limit (s.12)`) != 2 {
		t.Errorf("a cost-limit refusal does not show its outcome on the entry and on each question")
	}
	_, log := getPublic(t, f, "/disclosure-log?category=Waste")
	if !strings.Contains(log, "· Partially withheld</p>") || !strings.Contains(log, "· Refused: cost limit (s.12)</p>") {
		t.Errorf("the log's results do not show each entry's outcome")
	}

	resp, ex := getPublic(t, f, "/exemptions")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /exemptions = %d", resp.StatusCode)
	}
	if !regexp.MustCompile(`id="foia-s43-2"><td class="govuk-table__cell">s43\(2\)</td><td class="govuk-table__cell">Commercial interests</td><td class="govuk-table__cell">Yes \(qualified\)`).MatchString(ex) {
		t.Errorf("the exemptions page has no qualified s43(2) row for the entry's link to land on")
	}
	// Every exemption of every regime has its own anchor, so no link lands
	// on the wrong row.
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(`<tr class="govuk-table__row" id="([^"]+)"`).FindAllStringSubmatch(ex, -1) {
		if seen[m[1]] {
			t.Errorf("anchor %q is on two rows", m[1])
		}
		seen[m[1]] = true
	}
	n := 0
	for _, r := range foi.Regimes {
		n += len(foi.Exemptions(r))
	}
	if len(seen) != n {
		t.Errorf("the exemptions page has %d rows, want one for each of the %d in the catalogue", len(seen), n)
	}
}

// The requester's tracking page shows each question's outcome and the
// exemptions, and a refusal is not a green "Answered".
func TestTrackingPageShowsOutcomes(t *testing.T) {
	f := newFixture(t)
	track := sendRequest(t, f, requestForm("Sam", "sam@example.org", "", "Waste contract.\n\n1. Who holds the contract?\n2. What is the unit price?"))
	rs, _, err := f.store.FindRequests(ctx, foi.RequestFilter{})
	if err != nil || len(rs) != 1 {
		t.Fatalf("requests: %v %d", err, len(rs))
	}
	slug := rs[0].Reference.Slug()
	tok := f.tokens["officer"]
	for i, body := range []string{`{"answer":"Greenway Waste Ltd.","outcome":"granted"}`,
		`{"outcome":"withheld","exemptions":["s43(2)"],"public_interest":"Prices are commercially sensitive."}`} {
		if status, got := f.call(t, "PATCH", "/api/v1/requests/"+slug+"/parts/"+itoa(int64(i+1)), tok, body); status != http.StatusOK {
			t.Fatalf("PATCH: %d %v", status, got)
		}
	}
	_, before := get(t, f.srv.URL+track)
	if strings.Contains(before, "Withheld in full") {
		t.Fatal("the tracking page shows an outcome before the response was sent")
	}
	if status, got := f.call(t, "POST", "/api/v1/requests/"+slug+"/events", tok, `{"type":"responded","on":"2026-11-25"}`); status != http.StatusCreated {
		t.Fatalf("respond: %d %v", status, got)
	}
	_, page := get(t, f.srv.URL+track)
	for _, want := range []string{`govuk-tag--yellow">Partly refused<`, `Outcome:</span> Withheld in full`,
		`href="/exemptions#foia-s43-2">Commercial interests</a>`, "Ask for an internal review"} {
		if !strings.Contains(page, want) {
			t.Errorf("the tracking page lacks %q", want)
		}
	}
	if strings.Contains(page, `govuk-tag--green">Answered<`) {
		t.Error("a partly refused request is tagged a green Answered")
	}
}

// A reader follows an exemption from an entry to its explanation; both
// pages are axe-clean.
func TestExemptionLinkInABrowser(t *testing.T) {
	f := newFixture(t)
	slug := wasteContractEntry(t, f)
	ctx := browsertest.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(f.srv.URL+"/disclosure-log/"+slug),
		chromedp.WaitVisible(chromedp.CSS(".dsc-part__exemptions a"))); err != nil {
		t.Fatal(err)
	}
	browsertest.CheckAxe(t, ctx, "entry with outcomes")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".dsc-part__exemptions a")),
		chromedp.WaitVisible(chromedp.CSS("#foia-s43-2"))); err != nil {
		t.Fatal(err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if u, _ := url.Parse(loc); u.Path != "/exemptions" || u.Fragment != "foia-s43-2" {
		t.Errorf("the exemption link went to %s", loc)
	}
	if got := text(t, ctx, "#foia-s43-2"); !strings.Contains(got, "Commercial interests") {
		t.Errorf("the row it lands on reads %q", got)
	}
	browsertest.CheckAxe(t, ctx, "exemptions")
}

// The open-data page explains the downloads and lists every public API
// route from the API's own description, never a staff one, and its
// examples work against this site.
func TestOpenDataPage(t *testing.T) {
	f := newFixture(t)
	wasteContractEntry(t, f)
	resp, page := getPublic(t, f, "/open-data")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /open-data = %d", resp.StatusCode)
	}
	for _, want := range []string{"<code>GET /api/v1/disclosures</code>", "<code>GET /api/v1/disclosures/{ref}</code>",
		"<code>GET /api/v1/disclosures/similar</code>", "<code>per_page</code>", `href="/disclosure-log-parts.csv"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the open-data page lacks %q", want)
		}
	}
	for _, staff := range []string{"/api/v1/requests", "/findings", "/publish"} {
		if strings.Contains(page, staff) {
			t.Errorf("the open-data page lists the staff route %q", staff)
		}
	}
	examples := regexp.MustCompile(`dsc-code">(?:curl ')?(http[^'<]+)'?</div>`).FindAllStringSubmatch(page, -1)
	if len(examples) < 2 {
		t.Errorf("the open-data page has %d examples, want the CSV and the API ones", len(examples))
	}
	for _, m := range examples {
		u, err := url.Parse(strings.ReplaceAll(m[1], "&amp;", "&"))
		if err != nil {
			t.Fatal(err)
		}
		if resp, _ := getPublic(t, f, u.RequestURI()); resp.StatusCode != http.StatusOK {
			t.Errorf("the example %s answers %d", m[1], resp.StatusCode)
		}
	}
	_, home := getPublic(t, f, "/disclosure-log")
	if !strings.Contains(home, `<a class="govuk-footer__link" href="/open-data">Open data</a>`) {
		t.Error("the footer does not link the open-data page")
	}
}

// A reader finds the open-data page from the footer; it is axe-clean.
func TestOpenDataPageInABrowser(t *testing.T) {
	f := newFixture(t)
	ctx := browsertest.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(f.srv.URL+"/disclosure-log"),
		chromedp.Click(chromedp.CSS(`.govuk-footer a[href="/open-data"]`)), chromedp.WaitVisible(chromedp.CSS("#api"))); err != nil {
		t.Fatal(err)
	}
	if h := text(t, ctx, "h1"); h != "Open data" {
		t.Errorf("the footer's Open data link opened %q", h)
	}
	browsertest.CheckAxe(t, ctx, "open data")
}
