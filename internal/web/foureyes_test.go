// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"disclose/internal/auth"
	"disclose/internal/casework"
	"disclose/internal/foi"
)

// Four eyes through the browser's form and the API: a reviewer who
// answered and drafted a response is refused its approval with the reason,
// on the letter page and as JSON; an administrator who took no part
// approves it.
func TestAuthorCannotApproveTheirLetterThroughTheWebOrAPI(t *testing.T) {
	f := newStaffFixture(t)
	rita := f.users[foi.RoleReviewer]
	if err := f.svc.SetResponsesNeedApproval(ctx, f.users[foi.RoleAdmin], true); err != nil {
		t.Fatal(err)
	}
	req, err := f.svc.Store.FindRequest(ctx, f.ref)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range req.Parts {
		if _, err := f.svc.AnswerPart(ctx, rita, f.ref, p.Number, casework.Answer{Text: "Yes.", Outcome: foi.Granted}); err != nil {
			t.Fatal(err)
		}
	}
	l, err := f.svc.DraftLetter(ctx, rita, f.ref, foi.LetterResponse, "")
	if err != nil {
		t.Fatal(err)
	}
	path := "/staff/cases/" + f.ref.Slug() + "/letters/" + itoa(l.ID)

	ritaC := f.signedIn(t, foi.RoleReviewer)
	if resp, page := f.get(t, ritaC, path); resp.StatusCode != http.StatusOK || strings.Contains(page, `id="approve"`) ||
		!strings.Contains(html.UnescapeString(page), "may not approve it") {
		t.Errorf("the letter page offers its author the Approve button, or does not say why not (%d)", resp.StatusCode)
	}
	resp, body := f.postBody(t, ritaC, path+"/approve", url.Values{})
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(html.UnescapeString(body), "Rita Reviewer drafted or edited letter") {
		t.Errorf("the author approving on the letter page: %d, want 403 with the reason on the page", resp.StatusCode)
	}

	secret, hash := auth.NewToken()
	if err := f.svc.Store.Update(ctx, func(tx foi.Tx) error {
		return tx.CreateToken(ctx, &foi.Token{UserID: rita.ID, Hash: hash})
	}); err != nil {
		t.Fatal(err)
	}
	api, _ := http.NewRequest("POST", f.srv.URL+"/api/v1/requests/"+f.ref.Slug()+"/letters/"+itoa(l.ID)+"/approve", nil)
	api.Header.Set("Authorization", "Bearer "+secret)
	apiResp, err := http.DefaultClient.Do(api)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	_ = json.NewDecoder(apiResp.Body).Decode(&out)
	apiResp.Body.Close()
	if msg, _ := out["error"].(string); apiResp.StatusCode != http.StatusForbidden || !strings.Contains(msg, "may not approve it") {
		t.Errorf("the author approving through the API: %d %v, want 403 with the reason", apiResp.StatusCode, out)
	}
	if got, _ := f.svc.Store.FindLetter(ctx, l.ID); !got.ApprovedAt.IsZero() {
		t.Fatalf("the letter was approved by its author")
	}

	adminC := f.signedIn(t, foi.RoleAdmin)
	if _, page := f.get(t, adminC, path); !strings.Contains(page, `id="approve"`) {
		t.Errorf("the letter page does not offer the administrator, who took no part, the Approve button")
	}
	if resp := f.post(t, adminC, path+"/approve", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the administrator approving: %d", resp.StatusCode)
	}
	if got, _ := f.svc.Store.FindLetter(ctx, l.ID); got.ApprovedBy != "Ada Admin" {
		t.Errorf("approved by %q, want Ada Admin", got.ApprovedBy)
	}
}

// Approve and send keeps four eyes: the reviewer who answered the parts
// is refused and nothing is sent; an officer may not approve at all; the
// button is not offered to either.
func TestApproveAndSendKeepsFourEyes(t *testing.T) {
	f := newStaffFixture(t)
	useMail(t, f)
	rita := f.users[foi.RoleReviewer]
	if err := f.svc.SetResponsesNeedApproval(ctx, f.users[foi.RoleAdmin], true); err != nil {
		t.Fatal(err)
	}
	req, err := f.svc.Store.FindRequest(ctx, f.ref)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range req.Parts {
		if _, err := f.svc.AnswerPart(ctx, rita, f.ref, p.Number, casework.Answer{Text: "Yes.", Outcome: foi.Granted}); err != nil {
			t.Fatal(err)
		}
	}
	l, err := f.svc.DraftLetter(ctx, f.users[foi.RoleOfficer], f.ref, foi.LetterResponse, "")
	if err != nil {
		t.Fatal(err)
	}
	path := "/staff/cases/" + f.ref.Slug() + "/letters/" + itoa(l.ID)
	for _, role := range []foi.Role{foi.RoleReviewer, foi.RoleOfficer} {
		c := f.signedIn(t, role)
		if _, page := f.get(t, c, path); strings.Contains(page, `id="approve-send"`) {
			t.Errorf("the letter page offers the %s Approve and send", role)
		}
		if resp := f.post(t, c, path+"/approve-send", url.Values{}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("the %s's approve and send: %d, want 403", role, resp.StatusCode)
		}
	}
	got, err := f.svc.Store.FindLetter(ctx, l.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.ApprovedAt.IsZero() || !got.SentAt.IsZero() {
		t.Errorf("after the refusals the letter is approved %v, sent %v", got.ApprovedAt, got.SentAt)
	}
	admin := f.signedIn(t, foi.RoleAdmin)
	if _, page := f.get(t, admin, path); !strings.Contains(page, `id="approve-send"`) {
		t.Errorf("the administrator, who wrote none of it, is not offered Approve and send")
	}
	if resp := f.post(t, admin, path+"/approve-send", url.Values{}); resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "notice=approved-sent") {
		t.Errorf("the administrator's approve and send: %d to %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if got, _ := f.svc.Store.FindLetter(ctx, l.ID); got.ApprovedBy != "Ada Admin" || got.SentBy != "Ada Admin" || got.Delivery != foi.LetterByEmail {
		t.Errorf("after approve and send: approved by %q, sent by %q by %q", got.ApprovedBy, got.SentBy, got.Delivery)
	}
}
