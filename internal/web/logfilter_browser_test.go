// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"disclose/internal/browsertest"
)

// A person narrows the log to the responses partly refused under s.43(2),
// without JavaScript's help (the form is a plain GET): the page says what
// it shows, lists only that entry, keeps the choices, is axe-clean, and
// its CSV link gives the same entry. Clearing the filters shows them all.
func TestLogFiltersByOutcomeAndExemptionInABrowser(t *testing.T) {
	f := newFixture(t)
	openDataLog(t, f)
	waste := wasteContractEntry(t, f)
	salariesEntry(t, f)
	ctx := browsertest.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(f.srv.URL+"/disclosure-log"),
		chromedp.SetValue(chromedp.CSS("#outcome"), "partially-withheld"),
		chromedp.SetValue(chromedp.CSS("#exemption"), "foia:s43(2)"),
		chromedp.Click(chromedp.CSS("form.dsc-filter button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("form.dsc-filter a.govuk-link"))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#result-count"); got != "1 response, outcome: Partially withheld, refused under s43(2) (Commercial interests)" {
		t.Errorf("result count = %q", got)
	}
	links, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll(".dsc-results h2 a")].map(a => a.getAttribute("href")).join(" ")`))
	if err != nil {
		t.Fatal(err)
	}
	if links != "/disclosure-log/"+waste {
		t.Errorf("the filtered log lists %q, want only %s", links, waste)
	}
	chosen, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#outcome").value + " " + document.querySelector("#exemption").value`))
	if err != nil {
		t.Fatal(err)
	}
	if chosen != "partially-withheld foia:s43(2)" {
		t.Errorf("the filters read %q after filtering, want the choices kept", chosen)
	}
	browsertest.CheckAxe(t, ctx, "log-filtered-by-exemption")
	link, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`#open-data + ul a[download]`), "href"))
	if err != nil || !link.Exists {
		t.Fatalf("no CSV link: %v", err)
	}
	if got := csvReferences(t, f, link.Value); strings.Join(got, " ") != waste {
		t.Errorf("the CSV link %s lists %q, want %s", link.Value, got, waste)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("form.dsc-filter a.govuk-link")),
		chromedp.WaitVisible(chromedp.CSS("#result-count"))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#result-count"); got != "4 responses" {
		t.Errorf("after clearing, result count = %q", got)
	}
	// The same filtered page in Welsh.
	if err := chromedp.Do(ctx, chromedp.Navigate(f.srv.URL+"/disclosure-log?outcome=partially-withheld&exemption=foia:s43(2)&lang=cy"),
		chromedp.WaitVisible(chromedp.CSS("#result-count"))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#result-count"); !strings.Contains(got, "wedi’i wrthod o dan s43(2)") {
		t.Errorf("Welsh result count = %q", got)
	}
	browsertest.CheckAxe(t, ctx, "log-filtered-by-exemption-cy")
}
