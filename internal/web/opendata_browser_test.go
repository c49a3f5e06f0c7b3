// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"disclose/internal/browsertest"
)

// A person narrows the log to a category, finds the open-data links for
// those results below them (the page still axe-clean), and follows the
// JSON and the CSV: each holds only that category's entry.
func TestLogOpenDataLinksInABrowser(t *testing.T) {
	f := newFixture(t)
	potholes, _ := openDataLog(t, f)
	ctx := browsertest.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(f.srv.URL+"/disclosure-log"),
		chromedp.SetValue(chromedp.CSS("#category"), "Highways"),
		chromedp.Click(chromedp.CSS("form.dsc-filter button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("form.dsc-filter a.govuk-link"))); err != nil { // "Clear search and filters": the filtered page
		t.Fatal(err)
	}
	if h := text(t, ctx, "#open-data"); h != "Reuse these results" {
		t.Errorf("open-data heading = %q", h)
	}
	browsertest.CheckAxe(t, ctx, "log-open-data")
	link, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`#open-data + ul a[download]`), "href"))
	if err != nil || !link.Exists {
		t.Fatalf("no CSV link: %v", err)
	}
	csvHref := link.Value
	if got := csvReferences(t, f, csvHref); strings.Join(got, " ") != potholes {
		t.Errorf("the CSV link %s lists %q, want %s", csvHref, got, potholes)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#open-data + ul a[type="application/json"]`)),
		chromedp.WaitReady(chromedp.CSS("pre"))); err != nil { // the JSON, shown as text
		t.Fatal(err)
	}
	body := text(t, ctx, "pre")
	var got struct {
		Total   int `json:"total"`
		Results []struct {
			URL string `json:"url"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil || got.Total != 1 || got.Results[0].URL != "/disclosure-log/"+potholes {
		t.Errorf("the JSON link shows %q (%v), want only %s", body, err, potholes)
	}
}
