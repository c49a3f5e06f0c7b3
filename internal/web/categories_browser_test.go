// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"disclose/internal/browsertest"
	"disclose/internal/casework"
	"disclose/internal/foi"
)

// publishedCase logs a one-part request, answers it, records the response
// and publishes it under category.
func (f *staffFixture) publishedCase(t *testing.T, text, answer, category string) foi.Reference {
	t.Helper()
	officer := f.users[foi.RoleOfficer]
	r, err := f.svc.SubmitRequest(ctx, officer, casework.NewRequest{
		Requester: foi.Requester{Name: "Pat Example", Email: "pat@example.org"}, Text: text,
		Regime: foi.FOIA, Channel: foi.ChannelEmail, ReceivedOn: time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AnswerPart(ctx, officer, r.Reference, 1, casework.Answer{Text: answer, Outcome: foi.Granted}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventResponded}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Publish(ctx, officer, r.Reference, casework.PublishInput{Title: text, Category: category}); err != nil {
		t.Fatal(err)
	}
	return r.Reference
}

// TestMergeCategoriesInABrowser: the administrator merges "Highways" into
// "Highways and transport" on the categories page; the published entry
// moves, the old name leaves the public log's browse list, the CSV and
// the administrator's list, and the audit trail records the merge.
func TestMergeCategoriesInABrowser(t *testing.T) {
	f := newStaffFixture(t)
	old := f.publishedCase(t, "How many potholes were repaired in 2025?", "3,104 potholes.", "Highways")
	f.publishedCase(t, "What did resurfacing Ship Lane cost?", "£41,000.", "Highways and transport")
	admin := f.users[foi.RoleAdmin]
	if err := f.svc.SetCategories(ctx, admin, []string{"Highways and transport", "Highways", "Parking"}); err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t)
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(b, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	browserSignIn(t, b, f, foi.RoleAdmin)
	do("open the categories page from settings",
		chromedp.Navigate(f.srv.URL+"/staff/admin"), waitFor("/staff/admin"),
		click("#categories-link"), waitFor("/staff/admin/categories"))
	do("merge a category into itself",
		chromedp.SetValue(chromedp.CSS("#merge-from"), "Parking"), chromedp.SetValue(chromedp.CSS("#merge-into"), "Parking"),
		click("#merge-button"), waitUntil(`document.querySelector('#merge-from-error') !== null`))
	if msg := text(t, b, "#merge-from-error"); !strings.Contains(msg, "same category") {
		t.Errorf("merging Parking into Parking says %q", msg)
	}
	do("merge Highways into Highways and transport",
		chromedp.SetValue(chromedp.CSS("#merge-from"), "Highways"), chromedp.SetValue(chromedp.CSS("#merge-into"), "Highways and transport"),
		click("#merge-button"), waitFor("notice=category-merged"))
	if n := text(t, b, ".govuk-notification-banner"); !strings.Contains(n, "1 entries moved") {
		t.Errorf("the notice reads %q", n)
	}
	checkAxeWide(t, b, "categories page after a merge")
	rows, _ := chromedp.Run(b, chromedp.Evaluate[string](`[...document.querySelectorAll('#category-table tbody td:first-child')].map(td => td.textContent.trim()).join('|')`))
	if rows != "Highways and transport|Parking" {
		t.Errorf("after the merge the categories page lists %q, want Highways and transport|Parking", rows)
	}

	p, err := f.svc.Store.FindPublication(ctx, old)
	if err != nil {
		t.Fatal(err)
	}
	if p.Category != "Highways and transport" {
		t.Errorf("the pothole entry is filed under %q", p.Category)
	}
	if list, _ := f.svc.Categories(ctx); strings.Join(list, "|") != "Highways and transport|Parking" {
		t.Errorf("the list after the merge is %q", list)
	}
	do("open the public log", chromedp.Navigate(f.srv.URL+"/disclosure-log"), waitFor("/disclosure-log"))
	browse, _ := chromedp.Run(b, chromedp.Evaluate[string](`[...document.querySelectorAll('#category option, #browse-categories + * li')].map(e => e.textContent.trim()).join('|')`))
	if !strings.Contains(browse, "Highways and transport") || strings.Contains(strings.ReplaceAll(browse, "Highways and transport", ""), "Highways") {
		t.Errorf("the public log's categories read %q, want Highways and transport and no Highways", browse)
	}
	resp, err := http.Get(f.srv.URL + "/disclosure-log.csv")
	if err != nil {
		t.Fatal(err)
	}
	csv, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if strings.Contains(strings.ReplaceAll(string(csv), "Highways and transport", ""), "Highways") || strings.Count(string(csv), "Highways and transport") != 2 {
		t.Errorf("the CSV still names Highways, or not both entries under the new name:\n%s", csv)
	}
	w := &eventWalker{}
	if err := f.svc.Store.WalkAudit(ctx, w); err != nil {
		t.Fatal(err)
	}
	var audited bool
	for _, e := range w.events {
		audited = audited || (e.Type == foi.EventSettingsChanged && strings.Contains(e.Note, `"Highways" merged into "Highways and transport": 1 entries moved`) && e.ActorID == admin.ID)
	}
	if !audited {
		t.Errorf("no settings event records the merge")
	}
}

// eventWalker collects the events of the audit chain.
type eventWalker struct{ events []*foi.Event }

func (w *eventWalker) Head(foi.AuditHead) error              { return nil }
func (w *eventWalker) Unchained(e *foi.Event) error          { w.events = append(w.events, e); return nil }
func (w *eventWalker) Redaction(*foi.AuditRedaction) error   { return nil }
func (w *eventWalker) Checkpoint(*foi.AuditCheckpoint) error { return nil }
func (w *eventWalker) Link(l *foi.AuditLink) error {
	if l.Event != nil {
		w.events = append(w.events, l.Event)
	}
	return nil
}
