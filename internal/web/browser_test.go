// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"disclose/internal/browsertest"
)

// TestHomePageInABrowser loads the public home page in Chromium, checks it
// is styled by the GOV.UK Design System build, and runs axe-core on it.
func TestHomePageInABrowser(t *testing.T) {
	f := newFixture(t)
	ctx := browsertest.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(f.srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	h1, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(h1) != "Freedom of information" {
		t.Errorf("h1 = %q", h1)
	}
	// The stylesheet was built and applied: GOV.UK's body font stack, not
	// the browser default, and never GDS Transport.
	font, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('h1')).fontFamily`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.ToLower(font), "arial") || strings.Contains(font, "GDS Transport") {
		t.Errorf("heading font is %q: the GOV.UK build (without GDS Transport) is not applied; run scripts/build-assets", font)
	}
	browsertest.CheckAxe(t, ctx, "home page")
}
