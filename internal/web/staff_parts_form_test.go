// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// wasField reads the fingerprint the case page gave a part's answer.
func wasField(t *testing.T, body string, n string) string {
	t.Helper()
	m := regexp.MustCompile(`name="was-` + n + `" value="([0-9a-f]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the case page has no was-%s field", n)
	}
	return m[1]
}

// One save for the page: every part changed is saved, a part left as it
// was is not touched, and a part someone else saved meanwhile is refused
// with the writer's words kept, then saved on the second try.
func TestAnswersSavedTogether(t *testing.T) {
	f := newStaffFixture(t)
	officer := f.signedIn(t, foi.RoleOfficer)
	page := "/staff/cases/" + f.ref.Slug()
	if _, err := f.svc.AnswerPart(ctx, f.users[foi.RoleOfficer], f.ref, 3, casework.Answer{Text: "Three.", Outcome: foi.Granted}); err != nil {
		t.Fatal(err)
	}
	_, body := f.get(t, officer, page)
	form := url.Values{"save": {"1"}}
	for _, n := range []string{"1", "2", "3"} {
		form.Set("was-"+n, wasField(t, body, n))
	}
	form.Set("outcome-1", "granted")
	form.Set("answer-1", "One.")
	form.Set("outcome-2", "granted")
	form.Set("answer-2", "Two, by the officer.")
	form.Set("outcome-3", "granted")
	form.Set("answer-3", "Three.\r\n") // as it was: a browser's line break does not make it a change

	// Meanwhile the reviewer saves part 2.
	if _, err := f.svc.AnswerPart(ctx, f.users[foi.RoleReviewer], f.ref, 2, casework.Answer{Text: "Two, by the reviewer.", Outcome: foi.Granted}); err != nil {
		t.Fatal(err)
	}
	resp, body := f.postBody(t, officer, page+"/answers", form)
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("saving over the reviewer's answer: %d, want 400", resp.StatusCode)
	}
	body = html.UnescapeString(body)
	for _, want := range []string{"Rita Reviewer saved a different answer", "Two, by the officer.", "Saved: part 1."} {
		if !strings.Contains(body, want) {
			t.Errorf("the refused save's page lacks %q", want)
		}
	}
	r, _ := f.svc.Store.FindRequest(ctx, f.ref)
	if r.Parts[0].Answer != "One." || r.Parts[1].Answer != "Two, by the reviewer." {
		t.Errorf("after the conflict: part 1 %q, part 2 %q", r.Parts[0].Answer, r.Parts[1].Answer)
	}
	events, _ := f.svc.Store.FindEvents(ctx, r.ID)
	saves := 0
	for _, e := range events {
		if e.Type == foi.EventPartAnswered && strings.HasPrefix(e.Note, "part 3:") {
			saves++
		}
	}
	if saves != 1 {
		t.Errorf("part 3 was saved %d times, want once (sent unchanged, it is left alone)", saves)
	}
	// The page shown with the error carries the reviewer's fingerprint:
	// saving again puts the officer's words in place.
	form.Set("was-2", wasField(t, body, "2"))
	form.Set("was-1", wasField(t, body, "1"))
	if resp := f.post(t, officer, page+"/answers", form); resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "parts=2") {
		t.Fatalf("saving again: %d to %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	r, _ = f.svc.Store.FindRequest(ctx, f.ref)
	if r.Parts[1].Answer != "Two, by the officer." {
		t.Errorf("after saving again, part 2 is %q", r.Parts[1].Answer)
	}
	// Nothing changed: nothing saved, and the page says so.
	_, body = f.get(t, officer, page)
	same := url.Values{"save": {"1"}, "was-1": {wasField(t, body, "1")}, "outcome-1": {"granted"}, "answer-1": {"One."}}
	if resp := f.post(t, officer, page+"/answers", same); !strings.Contains(resp.Header.Get("Location"), "notice=answer-unchanged") {
		t.Errorf("an unchanged save went to %s", resp.Header.Get("Location"))
	}
}

// The department contact's inputs go in one send; an empty send is refused.
func TestInputsSentTogether(t *testing.T) {
	f := newStaffFixture(t)
	if err := f.svc.AssignPart(ctx, f.users[foi.RoleOfficer], f.ref, 4, f.users[foi.RoleContributor].ID, f.now, ""); err != nil {
		t.Fatal(err)
	}
	c := f.signedIn(t, foi.RoleContributor)
	page := "/staff/cases/" + f.ref.Slug()
	if resp, body := f.postBody(t, c, page+"/inputs", url.Values{"send": {"1"}, "input-1": {" "}, "input-4": {""}}); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Write your input") {
		t.Errorf("an empty send: %d", resp.StatusCode)
	}
	if resp := f.post(t, c, page+"/inputs", url.Values{"send": {"1"}, "input-1": {"412."}, "input-4": {"£2.1m."}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sending: %d", resp.StatusCode)
	}
	// Part 2 is not theirs: refused, and nothing of it kept.
	if resp := f.post(t, c, page+"/inputs", url.Values{"send": {"2"}, "input-2": {"Not mine."}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("input on a part not asked of them: %d, want 403", resp.StatusCode)
	}
	events, _ := f.svc.Store.FindEvents(ctx, mustFind(t, f, f.ref).ID)
	got := []string{}
	for _, e := range events {
		if e.Type == casework.EventPartInput {
			got = append(got, e.Note)
		}
	}
	if strings.Join(got, "|") != "part 1: 412.|part 4: £2.1m." {
		t.Errorf("inputs recorded: %q", got)
	}
}
