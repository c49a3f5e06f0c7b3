// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"disclose/internal/browsertest"
)

// box is an element's place on the page, in CSS pixels.
type box struct{ Left, Top, Bottom, Width float64 }

func boxOf(t *testing.T, ctx context.Context, css string) box {
	t.Helper()
	b, err := chromedp.Run(ctx, chromedp.Evaluate[box](`(() => { const r = document.querySelector(`+"`"+css+"`"+`).getBoundingClientRect();
		return {Left: r.left + scrollX, Top: r.top + scrollY, Bottom: r.bottom + scrollY, Width: r.width}; })()`))
	if err != nil {
		t.Fatalf("where is %s: %v", css, err)
	}
	return b
}

// On a phone the log's results come straight after the search form, before
// the list of categories; on a wide screen the categories sit below the
// filters in the left column, beside the results.
func TestLogResultsBeforeCategoriesOnAPhone(t *testing.T) {
	f := newFixture(t)
	openDataLog(t, f)
	ctx := browsertest.New(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(375, 800), chromedp.Navigate(f.srv.URL+"/disclosure-log"),
		chromedp.WaitVisible(chromedp.CSS(".dsc-result"))); err != nil {
		t.Fatal(err)
	}
	form, result, browse := boxOf(t, ctx, "form.dsc-filter"), boxOf(t, ctx, ".dsc-result"), boxOf(t, ctx, "#browse-categories")
	if !(form.Bottom <= result.Top && result.Top < browse.Top) {
		t.Errorf("on a phone: form ends at %.0f, first result at %.0f, categories at %.0f; want form, results, then categories", form.Bottom, result.Top, browse.Top)
	}
	browsertest.CheckAxe(t, ctx, "log on a phone")

	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Reload(),
		chromedp.WaitVisible(chromedp.CSS(".dsc-result"))); err != nil {
		t.Fatal(err)
	}
	form, result, browse = boxOf(t, ctx, "form.dsc-filter"), boxOf(t, ctx, ".dsc-result"), boxOf(t, ctx, "#browse-categories")
	if !(browse.Left < result.Left && browse.Top >= form.Bottom && result.Top < form.Bottom) {
		t.Errorf("on a wide screen: form %+v, result %+v, categories %+v; want the categories below the form, left of the results", form, result, browse)
	}
}

// A printed entry is the response alone, full width, with its reference and
// address, and no site header, navigation or footer.
func TestEntryPrintsWithoutTheSite(t *testing.T) {
	f := newFixture(t)
	slug := wasteContractEntry(t, f)
	ctx := browsertest.New(t)
	printMedia := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	})
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1024, 900), chromedp.Navigate(f.srv.URL+"/disclosure-log/"+slug),
		chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`getComputedStyle(document.querySelector(".dsc-print-only")).display !== "none"`))
	if err != nil {
		t.Fatalf("no print-only reference line: %v", err)
	}
	if shown {
		t.Error("the print-only reference line shows on screen")
	}
	if err := chromedp.Do(ctx, printMedia); err != nil {
		t.Fatal(err)
	}
	for _, css := range []string{".govuk-generic-header", ".govuk-footer", ".govuk-back-link", ".govuk-skip-link"} {
		if shown, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const e = document.querySelector("`+css+`"); return !!e && getComputedStyle(e).display !== "none"; })()`)); err != nil || shown {
			t.Errorf("%s is printed (%v)", css, err)
		}
	}
	line := text(t, ctx, ".dsc-print-only")
	if !strings.Contains(line, "/disclosure-log/"+slug) || !strings.Contains(strings.ToLower(strings.ReplaceAll(line, " ", "-")), slug) {
		t.Errorf("the printed reference line reads %q, want the reference and the entry's address", line)
	}
	column, page := boxOf(t, ctx, ".govuk-grid-column-two-thirds"), boxOf(t, ctx, ".govuk-main-wrapper")
	if column.Width < page.Width*0.95 {
		t.Errorf("printed, the response is %.0f px wide of %.0f: want the full width", column.Width, page.Width)
	}
}
