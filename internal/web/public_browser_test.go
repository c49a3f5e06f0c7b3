// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"disclose/internal/browsertest"
)

// screenshot saves the page as a PNG under DISCLOSE_SCREENSHOTS, when set,
// so people can look at what the tests saw.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("DISCLOSE_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func text(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		t.Fatalf("reading %s: %v", css, err)
	}
	return strings.TrimSpace(s)
}

// tabTo presses Tab until the element the test wants has the focus, as a
// keyboard user would, and fails when it never gets there.
func tabTo(t *testing.T, ctx context.Context, want, js string) {
	t.Helper()
	for i := 0; i < 40; i++ {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			return
		}
	}
	t.Fatalf("Tab never reached %s", want)
}

func focusedID(id string) string {
	return `document.activeElement && document.activeElement.id === "` + id + `"`
}
func focusedButton(label string) string {
	return `document.activeElement && document.activeElement.tagName === "BUTTON" && document.activeElement.textContent.trim() === "` + label + `"`
}

// TestMakeARequestWithTheKeyboardOnly completes the request form in
// Chromium using only Tab, typing and Enter, and checks each page of the
// flow with axe-core.
func TestMakeARequestWithTheKeyboardOnly(t *testing.T) {
	f := newFixture(t)
	ctx := browsertest.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(f.srv.URL+"/requests/new")); err != nil {
		t.Fatal(err)
	}
	browsertest.CheckAxe(t, ctx, "request form")
	screenshot(t, ctx, "request-form")

	// Enter with nothing filled in shows the error summary, which takes
	// the focus (GOV.UK Frontend), and links to the fields.
	tabTo(t, ctx, "Continue", focusedButton("Continue"))
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS(".govuk-error-summary"))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, ".govuk-error-summary__list"); !strings.Contains(got, "Enter your name") {
		t.Errorf("error summary = %q", got)
	}
	browsertest.CheckAxe(t, ctx, "request form with errors")
	screenshot(t, ctx, "request-form-errors")

	if err := chromedp.Do(ctx, chromedp.Navigate(f.srv.URL+"/requests/new")); err != nil {
		t.Fatal(err)
	}
	tabTo(t, ctx, "the name field", focusedID("name"))
	chromedp.Do(ctx, chromedp.KeyEvent("Kim Keyboard"))
	tabTo(t, ctx, "the email field", focusedID("email"))
	chromedp.Do(ctx, chromedp.KeyEvent("kim@example.org"))
	tabTo(t, ctx, "the request box", focusedID("request-text"))
	chromedp.Do(ctx, chromedp.KeyEvent("How many public toilets does the council maintain?"))
	tabTo(t, ctx, "Continue", focusedButton("Continue"))
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS(".govuk-summary-list"))); err != nil {
		t.Fatal(err)
	}
	if h1 := text(t, ctx, "h1"); h1 != "Check your answers before sending your request" {
		t.Fatalf("after Continue the page is %q", h1)
	}
	if got := text(t, ctx, "main"); !strings.Contains(got, "Kim Keyboard") || !strings.Contains(got, "public toilets") {
		t.Errorf("the check page does not show what was typed")
	}
	browsertest.CheckAxe(t, ctx, "check your answers")
	screenshot(t, ctx, "request-check")

	tabTo(t, ctx, "Send request", focusedButton("Send request"))
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS(".govuk-panel"))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, ".govuk-panel"); !strings.Contains(got, "Request sent") || !strings.Contains(got, "FOI 1") {
		t.Errorf("confirmation panel = %q", got)
	}
	browsertest.CheckAxe(t, ctx, "confirmation")
	screenshot(t, ctx, "request-confirmation")

	// Follow the tracking link, by keyboard too.
	tabTo(t, ctx, "Follow your request", `document.activeElement && document.activeElement.textContent.trim() === "Follow your request"`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS(".govuk-tag"))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, ".govuk-tag"); got != "Being dealt with" {
		t.Errorf("tracking status = %q", got)
	}
	browsertest.CheckAxe(t, ctx, "tracking page")
	screenshot(t, ctx, "track")

	tabTo(t, ctx, "Withdraw your request", `document.activeElement && document.activeElement.textContent.trim() === "Withdraw your request"`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS(".govuk-warning-text"))); err != nil {
		t.Fatal(err)
	}
	browsertest.CheckAxe(t, ctx, "withdraw confirmation")
	screenshot(t, ctx, "track-withdraw")
}

// TestDisclosureLogInABrowser checks the log list, search results and the
// seed's entry page with axe-core.
func TestDisclosureLogInABrowser(t *testing.T) {
	f := newFixture(t)
	seedEntry(t, f)
	for i := 1; i <= 25; i++ {
		publishAnswered(t, f, "Social value in contracts "+string(rune('A'+i)), "Procurement",
			"What weighting does social value get in your tender evaluations?", "5%")
	}
	ctx := browsertest.New(t)
	pages := []struct{ name, path, h1 string }{
		{"log-list", "/disclosure-log", "Disclosure log"},
		{"log-search", "/disclosure-log?q=social+value+weighting+tender", "Disclosure log"},
		{"log-entry", "/disclosure-log/foi-12748", "Placements"},
	}
	for _, p := range pages {
		if err := chromedp.Do(ctx, chromedp.Navigate(f.srv.URL+p.path)); err != nil {
			t.Fatal(err)
		}
		if h1 := text(t, ctx, "h1"); h1 != p.h1 {
			t.Errorf("%s: h1 = %q, want %q", p.path, h1, p.h1)
		}
		browsertest.CheckAxe(t, ctx, p.name)
		screenshot(t, ctx, p.name)
	}
}
