// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"disclose/internal/auth"
	"disclose/internal/foi"
)

// TestSeedThroughTheAPI logs the seed request, answers its seven parts,
// drafts the response, has a reviewer approve it and sends it, all through
// the JSON API; the letter reads like the published response.
func TestSeedThroughTheAPI(t *testing.T) {
	f := newStaffFixture(t)
	if err := f.svc.SetResponsesNeedApproval(ctx, f.users[foi.RoleAdmin], true); err != nil {
		t.Fatal(err)
	}
	tokens := map[foi.Role]string{}
	for _, role := range []foi.Role{foi.RoleOfficer, foi.RoleReviewer} {
		secret, hash := auth.NewToken()
		if err := f.svc.Store.Update(ctx, func(tx foi.Tx) error {
			return tx.CreateToken(ctx, &foi.Token{UserID: f.users[role].ID, Hash: hash})
		}); err != nil {
			t.Fatal(err)
		}
		tokens[role] = secret
	}
	call := func(method, path string, role foi.Role, body any) (int, map[string]any) {
		t.Helper()
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest(method, f.srv.URL+"/api/v1"+path, strings.NewReader(string(b)))
		req.Header.Set("Authorization", "Bearer "+tokens[role])
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		var out map[string]any
		_ = json.Unmarshal(raw, &out)
		return resp.StatusCode, out
	}
	status, created := call("POST", "/requests", foi.RoleOfficer, map[string]any{
		"requester": map[string]string{"name": "Sam Researcher", "email": "sam@example.org"},
		"request":   seedRequestText(t), "received_on": "2026-11-20", "regime": "foia", "channel": "email",
	})
	if status != http.StatusCreated {
		t.Fatalf("logging the seed: %d %v", status, created)
	}
	parts, _ := created["parts"].([]any)
	if len(parts) != 7 {
		t.Fatalf("the seed split into %d parts, want 7", len(parts))
	}
	ref := strings.ToLower(strings.ReplaceAll(created["reference"].(string), " ", "-"))
	var fp []foi.Part
	for i, p := range parts {
		fp = append(fp, foi.Part{Number: i + 1, Text: p.(map[string]any)["text"].(string)})
	}
	for i, a := range seedAnswers(t, fp) {
		if status, out := call("PATCH", fmt.Sprintf("/requests/%s/parts/%d", ref, i+1), foi.RoleOfficer, map[string]any{"answer": a, "outcome": "granted"}); status != 200 {
			t.Fatalf("answering part %d: %d %v", i+1, status, out)
		}
	}
	status, letter := call("POST", "/requests/"+ref+"/letters", foi.RoleOfficer, map[string]string{"kind": "response"})
	if status != http.StatusCreated {
		t.Fatalf("drafting: %d %v", status, letter)
	}
	id := fmt.Sprint(letter["id"])
	if status, out := call("POST", "/requests/"+ref+"/letters/"+id+"/send", foi.RoleOfficer, nil); status != http.StatusConflict {
		t.Errorf("sending unapproved: %d %v", status, out)
	}
	if status, _ := call("POST", "/requests/"+ref+"/letters/"+id+"/approve", foi.RoleOfficer, nil); status != http.StatusForbidden {
		t.Errorf("an officer approving: %d", status)
	}
	if status, out := call("POST", "/requests/"+ref+"/letters/"+id+"/approve", foi.RoleReviewer, nil); status != 200 || out["approved_by"] != "Rita Reviewer" {
		t.Fatalf("approving: %d %v", status, out)
	}
	if status, out := call("POST", "/requests/"+ref+"/letters/"+id+"/send", foi.RoleOfficer, nil); status != http.StatusConflict ||
		!strings.Contains(fmt.Sprint(out["error"]), "email is not set up") {
		t.Errorf("emailing with no email set up: %d %v", status, out)
	}
	status, sent := call("POST", "/requests/"+ref+"/letters/"+id+"/send", foi.RoleOfficer, map[string]string{"by": "post"})
	if status != 200 || sent["sent_by"] != "Olu Officer" || sent["delivery"] != "post" || sent["posted_on"] != "2026-11-25" {
		t.Fatalf("sending: %d %v", status, sent)
	}
	want := between(seedFile(t), "Response:", "Request reference:")
	if got := between(sent["body"].(string), "Response:", "Yours sincerely,"); got != want {
		t.Errorf("the response differs from the seed's:\n%s", got)
	}
	if status, c := call("GET", "/requests/"+ref, foi.RoleOfficer, nil); status != 200 || c["status"] != "responded" {
		t.Errorf("after sending: %d status %v", status, c["status"])
	}
}
