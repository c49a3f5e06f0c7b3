// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"disclose/internal/browsertest"
	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/inspecttest"
)

// TestDisclosureSafetyInABrowser is issue 7's block-and-override flow as a
// reviewer meets it: a workbook with a hidden sheet of salaries is
// uploaded and marked for release, the finding shows on the case, sending
// the response is refused with the findings named, an empty reason is
// refused, each finding is overridden with a reason, the response goes,
// and the history shows who overrode what and why. axe-core checks every
// page on the way.
func TestDisclosureSafetyInABrowser(t *testing.T) {
	f := newStaffFixture(t)
	f.answerFromSeed(t, nil)
	trap := filepath.Join(t.TempDir(), "placements.xlsx")
	if err := os.WriteFile(trap, inspecttest.HiddenSheetXLSX(t), 0o644); err != nil {
		t.Fatal(err)
	}
	// A PDF on the case (not for release) puts the PDF redaction form on
	// the pages axe checks.
	if _, err := f.svc.AddAttachment(ctx, f.users[foi.RoleOfficer], f.ref, casework.Upload{Name: "covering-note.pdf",
		Data: inspecttest.TextPDF("Dear applicant,", "Please find the figures attached.")}); err != nil {
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
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(b, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q) || {innerText: ''}).innerText`, sel)))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	casePage := "/staff/cases/" + f.ref.Slug()

	browserSignIn(t, b, f, foi.RoleReviewer)

	// Upload the workbook, then mark it for release: it is inspected.
	do("upload the workbook",
		chromedp.Navigate(f.srv.URL+casePage), waitFor(casePage),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{trap}),
		click(`form[action$="/attachments"] button[type=submit]`),
		waitFor("notice=attachment"))
	do("mark it for release",
		chromedp.Evaluate[chromedp.Void](`setTimeout(() => [...document.querySelectorAll('tr')].find(tr => tr.innerText.includes('placements.xlsx')).querySelector('form[action$="/release"] button').click(), 0)`),
		waitFor("notice=release"),
		waitUntil(`document.querySelector('#findings') !== null`))
	findings := text("#findings")
	for _, want := range []string{"placements.xlsx", "hidden-sheet", "sheet 'Staff' (hidden)", "document-properties", "Open"} {
		if !strings.Contains(findings, want) {
			t.Errorf("the findings panel lacks %q:\n%s", want, findings)
		}
	}
	if got := text("#attachments + .dsc-table-scroll table"); !strings.Contains(got, "2 open finding(s)") {
		t.Errorf("the attachments table does not flag the workbook: %q", got)
	}
	if blocked := text("#send-blocked"); !strings.Contains(blocked, "Sending is blocked by 2 open finding(s)") {
		t.Errorf("the case page does not say sending is blocked: %q", blocked)
	}
	if got := text(`label[for="redact-pdf"]`); !strings.Contains(got, "Black out words in a PDF") {
		t.Errorf("the case page offers no PDF redaction form: %q", got)
	}
	browsertest.CheckAxe(t, b, "case page with findings")
	shot("safety-findings")

	// Draft the response: the letter page says why it cannot go, and
	// sending is refused with the findings named.
	do("draft the response",
		chromedp.SetValue(chromedp.CSS("#letter-kind"), "response"),
		click(`form[action$="/letters"] button[type=submit]`),
		waitFor("notice=letter"))
	letterURL, _ := chromedp.Run(b, chromedp.Evaluate[string](`location.pathname`))
	if got := text("#send-blockers"); !strings.Contains(got, "hidden-sheet") || !strings.Contains(got, "placements.xlsx") {
		t.Errorf("the letter page does not list what blocks sending: %q", got)
	}
	browsertest.CheckAxe(t, b, "letter page, blocked")
	do("try to send", click("#post"), waitUntil(`document.querySelector('.govuk-error-summary') !== null`))
	msg := text(".govuk-error-summary")
	for _, want := range []string{"blocked", "hidden-sheet", "placements.xlsx"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the refusal does not say %q: %q", want, msg)
		}
	}
	browsertest.CheckAxe(t, b, "letter page, send refused")
	shot("safety-send-refused")
	if _, got, _ := f.svc.Letter(ctx, f.users[foi.RoleReviewer], f.ref, mustLetterID(t, letterURL)); !got.SentAt.IsZero() {
		t.Fatal("the refused letter was sent")
	}

	// Override each finding with a reason; an empty reason is refused.
	sf := caseFindings(t, f)
	first := fmt.Sprintf("finding-%d", sf[0].ID)
	do("override without a reason",
		chromedp.Navigate(f.srv.URL+casePage), waitFor(casePage),
		click(`#`+first+` form[action$="/override"] button`),
		waitUntil(`document.querySelector('.govuk-error-summary') !== null`))
	if msg := text(".govuk-error-summary"); !strings.Contains(msg, "say why") {
		t.Errorf("an empty reason was not refused clearly: %q", msg)
	}
	browsertest.CheckAxe(t, b, "case page, override refused")
	reasons := map[string]string{
		"hidden-sheet":        "The Staff sheet lists pay bands already published on our website.",
		"document-properties": "The author named is the spreadsheet library, not a person.",
	}
	for _, fd := range sf {
		row := fmt.Sprintf("#finding-%d", fd.ID)
		do("override "+fd.Kind,
			chromedp.Navigate(f.srv.URL+casePage), waitFor(casePage),
			chromedp.SetValue(chromedp.CSS(row+" input[name=reason]"), reasons[fd.Kind]),
			click(row+` form[action$="/override"] button`),
			waitFor("notice=overridden"))
	}
	if got := text("#no-findings"); !strings.Contains(got, "No open findings") {
		t.Errorf("after the overrides the panel says %q", got)
	}
	browsertest.CheckAxe(t, b, "case page, findings overridden")
	shot("safety-overridden")

	do("send", chromedp.Navigate(f.srv.URL+letterURL), waitFor(letterURL), click("#post"), waitFor("notice=posted"))
	if sent := text("#sent"); !strings.Contains(sent, "Rita Reviewer") {
		t.Errorf("the letter says sent %q", sent)
	}
	do("open the history", chromedp.Navigate(f.srv.URL+casePage+"#history"), waitFor(casePage))
	history := text("#history + .dsc-table-scroll table")
	for _, want := range []string{"Disclosure finding overridden", "Rita Reviewer", reasons["hidden-sheet"], reasons["document-properties"], "Letter sent"} {
		if !strings.Contains(history, want) {
			t.Errorf("the history lacks %q", want)
		}
	}
	// The response sent, the publish form offers the released file; axe
	// checks the form with its checkboxes.
	if files := text("#publish ~ form fieldset"); !strings.Contains(files, "Files to publish with the entry") {
		t.Errorf("the case page after sending offers no files to publish: %q", files)
	}
	browsertest.CheckAxe(t, b, "case page after sending")
}

func caseFindings(t *testing.T, f *staffFixture) []casework.CaseFinding {
	t.Helper()
	r, err := f.svc.Store.FindRequest(ctx, f.ref)
	if err != nil {
		t.Fatal(err)
	}
	sf, err := f.svc.CaseSafety(ctx, f.users[foi.RoleReviewer], r)
	if err != nil {
		t.Fatal(err)
	}
	if len(sf.BlockSend) != 2 {
		t.Fatalf("%d findings block sending, want the hidden sheet and the properties", len(sf.BlockSend))
	}
	return sf.BlockSend
}

func mustLetterID(t *testing.T, path string) int64 {
	t.Helper()
	var id int64
	if _, err := fmt.Sscanf(path[strings.LastIndex(path, "/")+1:], "%d", &id); err != nil {
		t.Fatalf("letter path %q: %v", path, err)
	}
	return id
}

// TestRedactionInABrowser: an answer names the requester, so publishing
// from the case page is refused; the officer redacts the match under
// s40(2) from the findings panel, the redaction log shows it, and the
// public entry carries the marker instead of the name.
func TestRedactionInABrowser(t *testing.T) {
	f := newStaffFixture(t)
	officer := f.users[foi.RoleOfficer]
	f.answerFromSeed(t, func(i int, a string) string {
		if i == 0 {
			a += " (as discussed with Sam Researcher by phone)"
		}
		return a
	})
	if _, err := f.svc.RecordEvent(ctx, officer, f.ref, casework.ClockEvent{Type: foi.EventResponded}); err != nil {
		t.Fatal(err)
	}

	b := browsertest.New(t)
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(b, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(b, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q) || {innerText: ''}).innerText`, sel)))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	casePage := "/staff/cases/" + f.ref.Slug()
	browserSignIn(t, b, f, foi.RoleOfficer)
	do("open the case", chromedp.Navigate(f.srv.URL+casePage), waitFor(casePage))
	if got := text("#publish-blocked"); !strings.Contains(got, "Publishing is blocked by 1 open finding(s)") || !strings.Contains(got, "the answer to part 1") {
		t.Errorf("the case page does not say publishing is blocked: %q", got)
	}
	if got := text("#findings"); !strings.Contains(got, "personal-data:requester") || strings.Contains(got, "Sam Researcher") {
		t.Errorf("the findings panel should show the requester finding masked: %q", got)
	}
	browsertest.CheckAxe(t, b, "case page, publish blocked")

	do("try to publish",
		chromedp.SetValue(chromedp.CSS("#publish-title"), "Placements"),
		chromedp.SetValue(chromedp.CSS("#publish-category"), "Children's services"),
		click("#publish-button"),
		waitUntil(`document.querySelector('.govuk-error-summary') !== null`))
	if msg := text(".govuk-error-summary"); !strings.Contains(msg, "Publishing FOI 1 is blocked") || !strings.Contains(msg, "personal-data:requester") {
		t.Errorf("the refusal does not name the finding: %q", msg)
	}
	if _, err := f.svc.Disclosure(ctx, f.ref); !foi.IsNotFound(err) {
		t.Fatalf("a refused publication is public: %v", err)
	}

	do("redact the match",
		chromedp.Navigate(f.srv.URL+casePage), waitFor(casePage),
		click(`#findings form[action$="/redact"] button`),
		waitFor("notice=redacted"))
	if got := text("#redaction-log"); !strings.Contains(got, "Sam Researcher") || !strings.Contains(got, "s40(2)") || !strings.Contains(got, "Olu Officer") {
		t.Errorf("the redaction log does not show what, why and who: %q", got)
	}
	if text("#publish-blocked") != "" {
		t.Error("publishing is still shown as blocked after the redaction")
	}
	browsertest.CheckAxe(t, b, "case page, redacted")

	do("publish",
		chromedp.SetValue(chromedp.CSS("#publish-title"), "Placements"),
		chromedp.SetValue(chromedp.CSS("#publish-category"), "Children's services"),
		click("#publish-button"),
		waitFor("notice=published"))
	do("open the public entry", chromedp.Navigate(f.srv.URL+"/disclosure-log/"+f.ref.Slug()), waitFor("/disclosure-log/"))
	entry := text("main")
	if !strings.Contains(entry, "(as discussed with [redacted: s40(2)] by phone)") || strings.Contains(entry, "Sam Researcher") {
		t.Errorf("the public entry does not carry the marker in place of the name:\n%s", entry)
	}
	browsertest.CheckAxe(t, b, "public entry with a redaction")
}
