// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"disclose/internal/browsertest"
	"disclose/internal/casework"
	"disclose/internal/foi"
)

// choose picks an option as a person does, so the page hears the change.
func choose(sel, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.value = %q; e.dispatchEvent(new Event('change', {bubbles: true})) })()`, sel, value))
}

// TestTypingKeptInABrowser is issue 15's item 3: saving one part used to
// reload the page and throw away what was typed in the others. Now one
// save keeps every part typed in (the parts' fields are one form), and
// anything typed but not saved when another form on the page is sent
// (asking a department, say) is kept as a draft in the tab and put back.
// The department contact's page keeps their typing the same way.
func TestTypingKeptInABrowser(t *testing.T) {
	f := newStaffFixture(t)
	b := browsertest.New(t)
	casePath := "/staff/cases/" + f.ref.Slug()
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(b, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	value := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(b, chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector(%q).value`, sel)))
		if err != nil {
			t.Fatalf("reading %s: %v", sel, err)
		}
		return v
	}

	browserSignIn(t, b, f, foi.RoleOfficer)
	do("type answers to parts 1 and 2 and save part 1",
		chromedp.Navigate(f.srv.URL+casePath), waitFor(casePath),
		chromedp.SetValue(chromedp.CSS("#part-1-outcome"), "granted"),
		chromedp.SendKeys(chromedp.CSS("#part-1-answer"), "We placed 412 children."),
		chromedp.SetValue(chromedp.CSS("#part-2-outcome"), "granted"),
		chromedp.SendKeys(chromedp.CSS("#part-2-answer"), "Typed into part 2, not saved by its own button."),
		click("#part-1-save"), waitFor("notice=answer"))
	if got := value("#part-2-answer"); got != "Typed into part 2, not saved by its own button." {
		t.Errorf("after saving part 1, part 2's answer box holds %q: the typing was lost", got)
	}
	r, err := f.svc.Store.FindRequest(ctx, f.ref)
	if err != nil {
		t.Fatal(err)
	}
	if r.Parts[0].Answer != "We placed 412 children." || r.Parts[1].Answer != "Typed into part 2, not saved by its own button." {
		t.Errorf("after one save, the stored answers are %q and %q, want both parts typed in", r.Parts[0].Answer, r.Parts[1].Answer)
	}
	if n, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS(".govuk-notification-banner"))); !strings.Contains(n, "parts 1 and 2") {
		t.Errorf("the notice after saving reads %q, want it to name parts 1 and 2", n)
	}
	checkAxeWide(t, b, "case page after saving two parts")

	// Another form on the page sends the page away: what was typed in a
	// part and not saved comes back, and the page says so.
	do("type into part 3, then ask a department about part 4",
		choose("#part-3-outcome", "withheld"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#part-3 details.dsc-exemptions').open = true`),
		chromedp.Click(chromedp.CSS(`#part-3 input[value="s43(2)"]`)),
		chromedp.SendKeys(chromedp.CSS("#part-3-answer"), "Half an answer to part 3"),
		chromedp.SendKeys(chromedp.CSS("#part-3-pi"), "Reasoning so far"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#part-4 details.dsc-tools').open = true`),
		chromedp.SetValue(chromedp.CSS("#part-4-dept"), itoa(f.users[foi.RoleContributor].ID)),
		click(`form[action$="/parts/4/assign"] button`), waitFor("notice=part-assigned"),
		waitUntil(`document.querySelector('#drafts-restored') !== null`))
	if got := value("#part-3-answer"); got != "Half an answer to part 3" {
		t.Errorf("after asking a department about part 4, part 3's answer box holds %q", got)
	}
	if got := value("#part-3-pi"); got != "Reasoning so far" {
		t.Errorf("after asking a department about part 4, part 3's reasoning holds %q", got)
	}
	if got, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS("#drafts-restored"))); !strings.Contains(got, "Part 3") {
		t.Errorf("the restored-drafts notice reads %q, want it to name part 3", got)
	}
	checkAxeWide(t, b, "case page with a draft restored")
	// Saved, the draft is gone: a reload shows the stored answer, no notice.
	if got, _ := chromedp.Run(b, chromedp.Evaluate[string](`document.querySelector('#part-3-outcome').value + ' ' + document.querySelector('#part-3 input[value="s43(2)"]').checked`)); got != "withheld true" {
		t.Errorf("after asking a department about part 4, part 3's outcome and s43(2) are %q, want the choices put back", got)
	}
	do("save part 3", click("#part-3-save"), waitFor("notice=answer"))
	do("reload", chromedp.Reload(), waitFor(casePath), chromedp.Sleep(200*time.Millisecond))
	if n, _ := chromedp.Run(b, chromedp.Evaluate[int](`document.querySelectorAll('#drafts-restored').length`)); n != 0 {
		t.Errorf("after saving part 3 and reloading, a draft was still restored")
	}
	if got := value("#part-3-answer"); got != "Half an answer to part 3" {
		t.Errorf("after saving, part 3 holds %q", got)
	}
	r, _ = f.svc.Store.FindRequest(ctx, f.ref)
	if p := r.Parts[2]; p.Outcome != foi.Withheld || p.PublicInterest != "Reasoning so far" || len(p.Exemptions) != 1 {
		t.Errorf("part 3 stored as %+v", p)
	}

	// The department contact, asked about parts 1 and 4, sends input on
	// part 1 with words typed for part 4: neither is lost.
	browserSignIn(t, b, f, foi.RoleContributor)
	do("type input for parts 1 and 4, send part 1",
		chromedp.Navigate(f.srv.URL+casePath), waitFor(casePath),
		chromedp.SendKeys(chromedp.CSS("#part-1-input"), "412 placements."),
		chromedp.SendKeys(chromedp.CSS("#part-4-input"), "We spent £2.1m."),
		click("#part-1-send"), waitFor("notice=input"))
	for _, n := range []string{"1", "4"} {
		got, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS("#part-"+n+" .dsc-input")))
		want := map[string]string{"1": "412 placements.", "4": "We spent £2.1m."}[n]
		if !strings.Contains(got, want) {
			t.Errorf("after sending, part %s shows %q as sent, want %q", n, got, want)
		}
	}
	checkAxeWide(t, b, "contributor's case page after sending two inputs")
}

// TestFindingAndAssigningInABrowser: the officer finds a case by the
// requester's name, sorts the list by status, ticks two cases and gives
// them to a reviewer, sees the team's counts on the dashboard, and jumps
// to a case by its number from the keyboard. Each page passes axe at 1280
// and 320 pixels.
func TestFindingAndAssigningInABrowser(t *testing.T) {
	f := newStaffFixture(t)
	overdue, okafor := f.teamCases(t)
	b := browsertest.New(t)
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(b, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	rows := func() string {
		t.Helper()
		got, err := chromedp.Run(b, chromedp.Evaluate[string](`[...document.querySelectorAll('[data-dsc-row] td:nth-child(2) a')].map(a => a.textContent.trim()).join('|')`))
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	browserSignIn(t, b, f, foi.RoleOfficer)
	do("search by requester", chromedp.SendKeys(chromedp.CSS("#requester"), "Okafor"), click(".dsc-case-filters button[type=submit]"), waitFor("requester=Okafor"))
	if got := rows(); got != okafor.Reference.String() {
		t.Errorf("searching for the requester Okafor lists %q, want %s", got, okafor.Reference)
	}
	checkAxeWide(t, b, "case list searched by requester")

	do("sort by status", chromedp.Navigate(f.srv.URL+"/staff/cases"), waitFor("/staff/cases"),
		chromedp.SetValue(chromedp.CSS("#order"), "status"), click(".dsc-case-filters button[type=submit]"), waitFor("order=status"))
	if got := rows(); !strings.Contains(got, overdue.Reference.String()) || strings.Count(got, "|") != 2 {
		t.Errorf("sorted by status, the list is %q", got)
	}

	rita := f.users[foi.RoleReviewer]
	do("tick two cases and assign them to Rita",
		chromedp.Click(chromedp.CSS("#select-"+overdue.Reference.Slug())),
		chromedp.Click(chromedp.CSS("#select-"+okafor.Reference.Slug())),
		chromedp.SetValue(chromedp.CSS("#bulk-assignee"), itoa(rita.ID)),
		click("#bulk-assign"), waitFor("notice=bulk-assigned"))
	checkAxeWide(t, b, "case list after a bulk assign")
	if got := rows(); !strings.Contains(got, okafor.Reference.String()) {
		t.Errorf("after the bulk assign the list lost its sort or cases: %q", got)
	}
	for _, ref := range []foi.Reference{overdue.Reference, okafor.Reference} {
		if r, _ := f.svc.Store.FindRequest(ctx, ref); r.AssigneeID != rita.ID {
			t.Errorf("%s not assigned to Rita after the bulk assign", ref)
		}
	}
	if r, _ := f.svc.Store.FindRequest(ctx, f.ref); r.AssigneeID != 0 {
		t.Errorf("the case not ticked was assigned")
	}

	do("the dashboard", chromedp.Navigate(f.srv.URL+"/staff/dashboard"), waitFor("/staff/dashboard"))
	row, _ := chromedp.Run(b, chromedp.Evaluate[string](`[...document.querySelectorAll('#team-`+itoa(rita.ID)+` th, #team-`+itoa(rita.ID)+` td')].map(c => (c.querySelector('a') ? c.querySelector('a').firstChild : c.firstChild).textContent.trim()).join('|')`))
	if want := "Rita Reviewer|2|1|0|0|0|0|0"; row != want {
		t.Errorf("Rita's row in the team table reads %q, want %q (2 still to answer, 1 overdue)", row, want)
	}
	checkAxeWide(t, b, "dashboard with the team table")

	do("press g, type the number, press Enter",
		chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`),
		chromedp.KeyEvent("g"),
		waitUntil(`document.activeElement && document.activeElement.id === 'jump'`),
		chromedp.KeyEvent(itoa(int64(okafor.Reference.Number))+"\r"),
		waitFor("/staff/cases/"+okafor.Reference.Slug()))
	checkAxeWide(t, b, "case page reached by its number")
}

// TestS17LettersInABrowser drafts, from the case page, a public-interest
// extension notice and a response whose parts are partly withheld: each
// letter page says what s.17 requires and passes axe.
func TestS17LettersInABrowser(t *testing.T) {
	f := newStaffFixture(t)
	b := browsertest.New(t)
	casePath := "/staff/cases/" + f.ref.Slug()
	browserSignIn(t, b, f, foi.RoleOfficer)
	if err := chromedp.Do(b, chromedp.Navigate(f.srv.URL+casePath), waitFor(casePath),
		chromedp.SetValue(chromedp.CSS("#letter-kind"), foi.LetterPITExtension),
		chromedp.SetValue(chromedp.CSS("#letter-details"), "Section 43(2), commercial interests: the providers' prices."),
		click(`form[action$="/letters"] button[type=submit]`), waitFor("notice=letter")); err != nil {
		t.Fatal(err)
	}
	body, _ := chromedp.Run(b, chromedp.Evaluate[string](`document.querySelector("#body").value`))
	for _, want := range []string{"section 10(3)", "the providers' prices", "(section 17(2))"} {
		if !strings.Contains(body, want) {
			t.Errorf("the drafted extension notice lacks %q", want)
		}
	}
	checkAxeWide(t, b, "public-interest extension notice")

	f.answerFromSeed(t, nil)
	if _, err := f.svc.AnswerPart(ctx, f.users[foi.RoleOfficer], f.ref, 2, casework.Answer{Text: "The totals are given; the unit prices are withheld.",
		Outcome: foi.PartiallyWithheld, Exemptions: []string{"s43(2)"}, PublicInterest: "Prices would harm the next tender; the totals meet the public interest in spending."}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b, chromedp.Navigate(f.srv.URL+casePath), waitFor(casePath),
		chromedp.SetValue(chromedp.CSS("#letter-kind"), foi.LetterResponse),
		click(`form[action$="/letters"] button[type=submit]`), waitFor("notice=letter")); err != nil {
		t.Fatal(err)
	}
	body, _ = chromedp.Run(b, chromedp.Evaluate[string](`document.querySelector("#body").value`))
	for _, want := range []string{"the unit prices are withheld", "Exemption relied on: Commercial interests", "The public interest test: Prices would harm", "refusal notice that section 17"} {
		if !strings.Contains(body, want) {
			t.Errorf("the drafted response lacks %q", want)
		}
	}
	checkAxeWide(t, b, "mixed-outcome response")
}
