// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"disclose/internal/auth"
	"disclose/internal/casework"
	"disclose/internal/foi"
)

// A contributor (a department asked about part 1) sees the same through
// the API and the case list's search as on their case page: part 1, and
// nothing of the requester, the other parts, their answers, the review
// (whose grounds are the requester's words) or the complaint.
func TestContributorSeesTheSameThroughEveryRoute(t *testing.T) {
	f := newStaffFixture(t)
	officer, reviewer := f.users[foi.RoleOfficer], f.users[foi.RoleReviewer]
	svc := f.svc
	req, err := svc.Store.FindRequest(ctx, f.ref)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range req.Parts {
		if _, err := svc.AnswerPart(ctx, officer, f.ref, p.Number, casework.Answer{Text: "Answer-QZX of part " + itoa(int64(p.Number)), Outcome: foi.Granted}); err != nil {
			t.Fatal(err)
		}
	}
	day := func(s string) time.Time { d, _ := foi.ParseDate(s); return d }
	for _, ev := range []casework.ClockEvent{{Type: foi.EventResponded, On: day("2026-11-20")},
		{Type: foi.EventReviewRequested, On: day("2026-11-23"), Note: "Grounds-QZX: my neighbour at 4 Elm Road says otherwise"}} {
		if _, err := svc.RecordEvent(ctx, officer, f.ref, ev); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.AssignReviewer(ctx, officer, f.ref, reviewer.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CompleteReview(ctx, reviewer, f.ref, casework.ReviewDecision{Outcome: foi.ReviewOverturned, Note: "Decision-QZX",
		Parts: map[int]casework.Answer{2: {Text: "After-QZX", Outcome: foi.Granted}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.LogComplaint(ctx, officer, f.ref, "IC-QZX", day("2026-11-24"), "Complaint-QZX"); err != nil {
		t.Fatal(err)
	}
	contributor := f.users[foi.RoleContributor]
	secret, hash := auth.NewToken()
	if err := svc.Store.Update(ctx, func(tx foi.Tx) error {
		return tx.CreateToken(ctx, &foi.Token{UserID: contributor.ID, Hash: hash})
	}); err != nil {
		t.Fatal(err)
	}

	c := f.signedIn(t, foi.RoleContributor)
	resp, page := f.get(t, c, "/staff/cases/"+f.ref.Slug())
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("contributor's case page: %d", resp.StatusCode)
	}
	page = html.UnescapeString(page)
	apiReq, _ := http.NewRequest("GET", f.srv.URL+"/api/v1/requests/"+f.ref.Slug(), nil)
	apiReq.Header.Set("Authorization", "Bearer "+secret)
	apiResp, err := http.DefaultClient.Do(apiReq)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.NewDecoder(apiResp.Body).Decode(&doc); err != nil || apiResp.StatusCode != http.StatusOK {
		t.Fatalf("contributor's API copy: %d %v", apiResp.StatusCode, err)
	}
	apiResp.Body.Close()
	raw, _ := json.Marshal(doc)

	secrets := []string{"Sam Researcher", "sam@example.org", "Answer-QZX of part 2", "Answer-QZX of part 7", "After-QZX", "Grounds-QZX",
		"4 Elm Road", "Decision-QZX", "IC-QZX", "Complaint-QZX", req.Preamble[:40], req.Parts[1].Text[:30], req.Parts[6].Text[:30]}
	for _, s := range secrets {
		if strings.Contains(page, s) {
			t.Errorf("the contributor's page shows %q", s)
		}
		if strings.Contains(string(raw), jsonText(s)) {
			t.Errorf("the contributor's API copy shows %q (the page does not)", s)
		}
	}
	// Every piece of text the API gives, the page shows too.
	var walk func(key string, v any)
	walk = func(key string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				walk(k, x)
			}
		case []any:
			for _, x := range v {
				walk(key, x)
			}
		case string:
			switch key {
			case "text", "label", "request", "preamble", "name", "email", "address", "phone", "answer", "public_interest", "note", "grounds", "case_reference", "actor":
				if v != "" && !strings.Contains(page, strings.TrimSpace(v)) {
					t.Errorf("the API gives the contributor %s %q, which their page does not show", key, v)
				}
			}
		}
	}
	walk("", doc)
	for _, own := range []string{req.Parts[0].Text[:30], "Answer-QZX of part 1"} {
		if !strings.Contains(string(raw), jsonText(own)) || !strings.Contains(page, own) {
			t.Errorf("the contributor's page or API copy lacks %q, of their own part", own)
		}
	}

	// Search finds only what the contributor sees: not the requester, not
	// other parts; the officer's search of the same words does find them.
	other := wordOnlyIn(req.Parts[1].Text, req.Parts[0].Text)
	own := wordOnlyIn(req.Parts[0].Text, "")
	officerC := f.signedIn(t, foi.RoleOfficer)
	for _, q := range []string{"Researcher", "sam@example.org", other, "Grounds-QZX"} {
		_, list := f.get(t, c, "/staff/cases?q="+url.QueryEscape(q))
		if strings.Contains(list, f.ref.String()) {
			t.Errorf("a contributor's search for %q finds %s", q, f.ref)
		}
	}
	if _, list := f.get(t, officerC, "/staff/cases?status=all&q="+url.QueryEscape(other)); !strings.Contains(list, f.ref.String()) {
		t.Errorf("the officer's search for %q does not find %s: the test proves nothing", other, f.ref)
	}
	if _, list := f.get(t, c, "/staff/cases?status=all&q="+url.QueryEscape(own)); !strings.Contains(list, f.ref.String()) {
		t.Errorf("a contributor's search for %q, in their part, does not find %s", own, f.ref)
	}
	// The list's row shows their part, not the request's first question.
	if _, list := f.get(t, c, "/staff/cases?status=all"); strings.Contains(html.UnescapeString(list), req.Parts[1].Text[:30]) {
		t.Errorf("the contributor's case list shows part 2")
	}
}

// jsonText is s as it appears inside a JSON string.
func jsonText(s string) string {
	b, _ := json.Marshal(s)
	return strings.Trim(string(b), `"`)
}

// wordOnlyIn returns a word of at least six letters in text that is not in
// other.
func wordOnlyIn(text, other string) string {
	for _, w := range strings.Fields(text) {
		w = strings.Trim(w, ".,;:()?!'\"")
		if len(w) >= 6 && !strings.Contains(strings.ToLower(other), strings.ToLower(w)) {
			return w
		}
	}
	panic("no distinctive word in " + text)
}
