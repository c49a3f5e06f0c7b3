// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"disclose/internal/browsertest"
)

// publishedTender publishes a response about social value weighting.
func publishedTender(t *testing.T, f *fixture) string {
	t.Helper()
	slug := respondedCase(t, f, "Please tell me about social value weighting in tender evaluation.")
	if status, got := f.call(t, "POST", "/api/v1/requests/"+slug+"/publish", f.tokens["officer"],
		`{"title":"Social value weighting in tenders","category":"Procurement","published_on":"2026-10-21"}`); status != http.StatusOK {
		t.Fatalf("publish: %d %v", status, got)
	}
	return slug
}

func TestSimilarDisclosuresAPI(t *testing.T) {
	f := newFixture(t)
	slug := publishedTender(t, f)
	status, got := f.call(t, "GET", "/api/v1/disclosures/similar?text="+url.QueryEscape("How is social value weighted when you evaluate a tender?"), "", "")
	results, _ := got["results"].([]any)
	if status != http.StatusOK || len(results) != 1 {
		t.Fatalf("similar: %d %v, want the one published answer", status, got)
	}
	hit := results[0].(map[string]any)
	if hit["url"] != "/disclosure-log/"+slug || hit["title"] != "Social value weighting in tenders" || hit["published_on"] != "2026-10-21" {
		t.Errorf("similar answer = %v", hit)
	}
	status, got = f.call(t, "GET", "/api/v1/disclosures/similar?text="+url.QueryEscape("How many allotments are vacant?"), "", "")
	if results, ok := got["results"].([]any); status != http.StatusOK || !ok || len(results) != 0 {
		t.Errorf("unrelated text: %d %v, want an empty list", status, got)
	}
}

// TestSuggestionsWhileTyping types a request in Chromium and waits for the
// similar published answer to be offered in the live region, reachable by
// Tab, with no accessibility violations in that state.
func TestSuggestionsWhileTyping(t *testing.T) {
	f := newFixture(t)
	slug := publishedTender(t, f)
	ctx := browsertest.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(f.srv.URL+"/requests/new")); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#similar-answers"); got != "" {
		t.Fatalf("suggestions before typing: %q", got)
	}
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS("#request-text")),
		chromedp.KeyEvent("How do you weight social value when evaluating tenders?")); err != nil {
		t.Fatal(err)
	}
	link := `#similar-answers a[href="/disclosure-log/` + slug + `"]`
	waitCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(waitCtx, chromedp.WaitVisible(chromedp.CSS(link))); err != nil {
		t.Fatalf("no suggestion appeared while typing: %v", err)
	}
	region := text(t, ctx, "#similar-answers")
	if !strings.Contains(region, "Social value weighting in tenders") || !strings.Contains(region, "21 October 2026") {
		t.Errorf("suggestions read %q", region)
	}
	live, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("similar-answers").getAttribute("aria-live")`))
	if err != nil || live != "polite" {
		t.Errorf("suggestions region aria-live = %q (%v), want polite", live, err)
	}
	tabTo(t, ctx, "the suggested answer", `document.activeElement && document.activeElement.matches('`+link+`')`)
	browsertest.CheckAxe(t, ctx, "request form with suggestions")
	screenshot(t, ctx, "request-form-suggestions")
}
