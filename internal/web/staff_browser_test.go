// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"disclose/internal/browsertest"
	"disclose/internal/casework"
	"disclose/internal/foi"
)

// TestStaffWorkflowInABrowser is the "done when" in a real
// browser: an officer signs in, logs the seed request, sees it split into
// seven parts, answers them as the council did, drafts the response; a
// reviewer approves it and sends it; the letter reads like the published
// response. Every staff page on the way is checked with axe-core.
// DISCLOSE_SCREENSHOTS=DIR keeps a screenshot of each page.
func TestStaffWorkflowInABrowser(t *testing.T) {
	f := newStaffFixture(t)
	if err := f.svc.SetResponsesNeedApproval(ctx, f.users[foi.RoleAdmin], true); err != nil {
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
	signIn := func(role foi.Role) { t.Helper(); browserSignIn(t, b, f, role) }

	do("open the sign-in page", chromedp.Navigate(f.srv.URL+"/staff/cases"), waitFor("/staff/sign-in"))
	browsertest.CheckAxe(t, b, "sign-in page")
	shot("sign-in")
	signIn(foi.RoleOfficer)
	browsertest.CheckAxe(t, b, "case list")
	shot("case-list")

	// Keyboard: "/" focuses the search; j selects the first row.
	do("press /", chromedp.KeyEvent("/"))
	if id, _ := chromedp.Run(b, chromedp.Evaluate[string](`document.activeElement.id`)); id != "q" {
		t.Errorf("after /, the focus is on %q, want the search box", id)
	}
	do("leave the search and press j", chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`), chromedp.KeyEvent("j"))
	if n, _ := chromedp.Run(b, chromedp.Evaluate[int](`document.querySelectorAll('tr.dsc-selected').length`)); n != 1 {
		t.Errorf("after j, %d rows are selected, want 1", n)
	}

	// Log the seed request.
	do("log the seed request",
		click(`a[href="/staff/cases/new"]`),
		waitFor("/staff/cases/new"),
		chromedp.SetValue(chromedp.CSS("#received_on"), "2026-11-20"),
		chromedp.SetValue(chromedp.CSS("#channel"), "email"),
		chromedp.SetValue(chromedp.CSS("#name"), "Sam Researcher"),
		chromedp.SetValue(chromedp.CSS("#email"), "sam.researcher@example.org"),
		chromedp.SetValue(chromedp.CSS("#text"), seedRequestText(t)))
	browsertest.CheckAxe(t, b, "log a request")
	do("submit the request", click("main form button[type=submit]"), waitFor("notice=created"))
	ref, err := chromedp.Run(b, chromedp.Evaluate[string](`location.pathname.split('/').pop()`))
	if err != nil {
		t.Fatal(err)
	}
	parts, _ := chromedp.Run(b, chromedp.Evaluate[int](`document.querySelectorAll('section.dsc-case-part').length`))
	if parts != 7 {
		t.Fatalf("the seed request split into %d parts on the case page, want 7", parts)
	}
	browsertest.CheckAxe(t, b, "case page")
	shot("case-page")

	// Answer the seven parts as the council did.
	r, err := f.svc.Store.FindRequest(ctx, mustRef(t, ref))
	if err != nil {
		t.Fatal(err)
	}
	answers := seedAnswers(t, r.Parts)
	for i, a := range answers {
		n := i + 1
		do(fmt.Sprintf("answer part %d", n),
			chromedp.SetValue(chromedp.CSS(fmt.Sprintf("#part-%d-outcome", n)), "granted"),
			chromedp.SetValue(chromedp.CSS(fmt.Sprintf("#part-%d-answer", n)), a),
			click(fmt.Sprintf("#part-%d-save", n)),
			waitFor(fmt.Sprintf("#part-%d", n)),
			waitUntil(fmt.Sprintf(`document.querySelector('#part-%d-heading .govuk-tag') !== null`, n)))
	}
	shot("case-answered")

	// Draft the response; an officer cannot send it before a reviewer approves.
	do("draft the response",
		chromedp.SetValue(chromedp.CSS("#letter-kind"), "response"),
		click(`form[action$="/letters"] button[type=submit]`),
		waitFor("notice=letter"))
	letterURL, _ := chromedp.Run(b, chromedp.Evaluate[string](`location.pathname`))
	browsertest.CheckAxe(t, b, "letter page")
	shot("letter-draft")
	do("try to send unapproved", click("#post"), waitUntil(`document.querySelector('.govuk-error-summary') !== null`))
	if msg, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS(".govuk-error-summary"))); !strings.Contains(msg, "approval") {
		t.Errorf("sending unapproved said %q", msg)
	}

	// A reviewer approves and sends.
	do("sign out", click(".dsc-sign-out button"), waitFor("/staff/sign-in"))
	signIn(foi.RoleReviewer)
	do("approve", chromedp.Navigate(f.srv.URL+letterURL), waitFor(letterURL), click("#approve"), waitFor("notice=approved"))
	do("send", click("#post"), waitFor("notice=posted"))
	shot("letter-sent")
	browsertest.CheckAxe(t, b, "sent letter")
	sent, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS("#sent")))
	approved, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS("#approved")))
	if !strings.Contains(approved, "Rita Reviewer") || !strings.Contains(sent, "Rita Reviewer") {
		t.Errorf("approved %q, sent %q: want Rita Reviewer on both", approved, sent)
	}
	body, err := chromedp.Run(b, chromedp.TextContent(chromedp.CSS("#letter-body")))
	if err != nil {
		t.Fatal(err)
	}
	want := between(seedFile(t), "Response:", "Request reference:")
	if got := between(body, "Response:", "Yours sincerely,"); got != want {
		t.Errorf("the sent response differs from the seed's:\n--- got\n%s\n--- want\n%s", got, want)
	}
	got, _ := f.svc.Store.FindRequest(ctx, r.Reference)
	if got.Status != foi.StatusResponded || foi.FormatDate(got.RespondedOn) != "2026-11-25" {
		t.Errorf("after sending: %s, responded %s", got.Status, foi.FormatDate(got.RespondedOn))
	}

	// The remaining staff pages pass axe too.
	for _, p := range []string{"/staff/account", "/staff/cases/" + ref + "#history"} {
		do("open "+p, chromedp.Navigate(f.srv.URL+p), waitFor(strings.Split(p, "#")[0]))
		browsertest.CheckAxe(t, b, p)
	}
	signIn(foi.RoleAdmin)
	do("open settings", chromedp.Navigate(f.srv.URL+"/staff/admin"), waitFor("/staff/admin"))
	browsertest.CheckAxe(t, b, "settings")
	shot("admin")
	signIn(foi.RoleContributor)
	do("contributor's case", chromedp.Navigate(f.srv.URL+"/staff/cases/"+f.ref.Slug()), waitFor(f.ref.Slug()))
	browsertest.CheckAxe(t, b, "contributor's case page")
	shot("contributor-case")
}

// waitFor waits for the page whose address contains s to have loaded,
// riding out the moments of a navigation when there is no page to ask.
func waitFor(s string) chromedp.Action[chromedp.Void] {
	return waitUntil(fmt.Sprintf(`document.readyState === 'complete' && location.href.includes(%q) && document.querySelector('main') !== null`, s))
}

// click clicks from inside the page, so a click that navigates does not
// leave the action waiting on a page that has gone.
func click(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`setTimeout(() => document.querySelector(%q).click(), 0)`, sel))
}

// browserSignIn signs in as role through the form.
func browserSignIn(t *testing.T, b context.Context, f *staffFixture, role foi.Role) {
	t.Helper()
	if err := chromedp.Do(b,
		chromedp.Navigate(f.srv.URL+"/staff/sign-in"),
		chromedp.SetValue(chromedp.CSS("#email"), string(role)+"@council.example"),
		chromedp.SetValue(chromedp.CSS("#password"), testPassword),
		click("main button[type=submit]"),
		waitFor("/staff/cases")); err != nil {
		t.Fatalf("sign in as %s: %v", role, err)
	}
}

func mustRef(t *testing.T, s string) foi.Reference {
	t.Helper()
	r, err := foi.ParseReference(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// between is the trimmed text between two markers.
func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	rest := s[i+len(from):]
	j := strings.Index(rest, to)
	if j < 0 {
		return ""
	}
	return strings.TrimSpace(trailingSpace.ReplaceAllString(rest[:j], "\n"))
}

// seedAnswers reads each part's answer from the seed's Response section:
// the text after the repeated question, to the end of its paragraph.
// answerFromSeed answers every part of the fixture's case as the seed's
// response does (edit, when given, changes an answer first) and returns
// the request.
func (f *staffFixture) answerFromSeed(t *testing.T, edit func(i int, answer string) string) *foi.Request {
	t.Helper()
	r, err := f.svc.Store.FindRequest(ctx, f.ref)
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range seedAnswers(t, r.Parts) {
		if edit != nil {
			a = edit(i, a)
		}
		if _, err := f.svc.AnswerPart(ctx, f.users[foi.RoleOfficer], f.ref, i+1, casework.Answer{Text: a, Outcome: foi.Granted}); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

func seedAnswers(t *testing.T, parts []foi.Part) []string {
	t.Helper()
	resp := between(seedFile(t), "Response:", "You are free to use")
	var out []string
	for _, p := range parts {
		i := strings.Index(resp, p.Text)
		if i < 0 {
			t.Fatalf("part %d's question is not repeated in the seed's response", p.Number)
		}
		rest := resp[i+len(p.Text):]
		if j := strings.Index(rest, "\n\n"); j >= 0 {
			rest = rest[:j]
		}
		out = append(out, strings.TrimPrefix(strings.TrimSpace(rest), "- "))
	}
	return out
}

// screenshotter saves full-page screenshots to DISCLOSE_SCREENSHOTS, if set.
func screenshotter(t *testing.T, b context.Context) func(name string) {
	dir := os.Getenv("DISCLOSE_SCREENSHOTS")
	return func(name string) {
		if dir == "" {
			return
		}
		png, err := chromedp.Run(b, chromedp.FullScreenshot(100))
		if err != nil {
			t.Logf("screenshot %s: %v", name, err)
			return
		}
		_ = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	}
}

var _ = casework.PermViewCases

// waitUntil polls a JavaScript condition until it holds, for up to 20
// seconds; errors while a page is being replaced count as "not yet".
func waitUntil(cond string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		deadline := time.Now().Add(20 * time.Second)
		for {
			ok, err := chromedp.Evaluate[bool](cond)(ctx, t)
			if err == nil && ok {
				return chromedp.Void{}, nil
			}
			if time.Now().After(deadline) {
				return chromedp.Void{}, fmt.Errorf("waited 20s for %s (last error: %v)", cond, err)
			}
			select {
			case <-ctx.Done():
				return chromedp.Void{}, ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
}
