// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"disclose/internal/auth"
	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/sqlite"
	"disclose/internal/web"
)

var ctx = context.Background()

type fixture struct {
	srv    *httptest.Server
	site   *web.Server
	store  foi.Store
	svc    *casework.Service
	tokens map[foi.Role]string
}

// newFixture serves the API on a fresh SQLite database, with one user and
// token per role; the clock reads 25 November 2026.
func newFixture(t testing.TB) *fixture {
	t.Helper()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "api.db"))
	if err != nil {
		t.Fatal(err)
	}
	return newFixtureOn(t, store)
}

// newFixtureOn is newFixture on a store of either engine.
func newFixtureOn(t testing.TB, store foi.Store) *fixture {
	t.Helper()
	t.Cleanup(func() { store.Close() })
	svc, err := casework.New(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	svc.Now = func() time.Time { return time.Date(2026, 11, 25, 10, 0, 0, 0, casework.UK) }
	f := &fixture{store: store, svc: svc, tokens: map[foi.Role]string{}}
	for _, role := range foi.Roles {
		u := &foi.User{Email: string(role) + "@council.example", Name: "A " + string(role), Role: role}
		secret, hash := auth.NewToken()
		if err := store.Update(ctx, func(tx foi.Tx) error {
			if err := tx.CreateUser(ctx, u); err != nil {
				return err
			}
			return tx.CreateToken(ctx, &foi.Token{UserID: u.ID, Hash: hash})
		}); err != nil {
			t.Fatal(err)
		}
		f.tokens[role] = secret
	}
	site, err := web.New(svc, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.site = site
	f.srv = httptest.NewServer(site.Handler())
	t.Cleanup(f.srv.Close)
	return f
}

// call makes an API call and decodes the JSON answer into a map.
func (f *fixture) call(t *testing.T, method, path, token, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, f.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s %s: answer is not a JSON object (%v): %s", method, path, err, raw)
	}
	return resp.StatusCode, out
}

const seedLike = `{"requester":{"name":"Sam Researcher","email":"sam@example.org"},
 "request":"I would like to request the following.\n\n1. Does your organisation give consideration to Social Value?\n• Independent Fostering Agencies (IFAs)\n• Residential children's homes\n\n2. If so, what outcomes?"}`

func TestCreateRequestContract(t *testing.T) {
	f := newFixture(t)
	f.site.PublicAPIRequests = true
	status, got := f.call(t, "POST", "/api/v1/requests", "", seedLike)
	if status != http.StatusCreated {
		t.Fatalf("POST /api/v1/requests = %d %v, want 201", status, got)
	}
	want := map[string]any{"reference": "FOI 1", "regime": "foia", "received_on": "2026-11-25", "due_on": "2026-12-24"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	parts, _ := got["parts"].([]any)
	if len(parts) != 2 {
		t.Fatalf("parts = %v, want 2", got["parts"])
	}
	p1 := parts[0].(map[string]any)
	if p1["number"] != float64(1) || !strings.Contains(p1["text"].(string), "Residential children's homes") {
		t.Errorf("part 1 = %v, want number 1 with its bullets", p1)
	}
	if _, ok := got["requester"]; ok {
		t.Errorf("the public answer echoes the requester's details: %v", got)
	}
}

func TestCreateRequestRejectsBadInput(t *testing.T) {
	f := newFixture(t)
	f.site.PublicAPIRequests = true
	tests := []struct {
		name, token, body string
		status            int
		msg               string
	}{
		{"no name", "", `{"requester":{"email":"a@example.org"},"request":"x"}`, 400, "name"},
		{"no address", "", `{"requester":{"name":"A"},"request":"x"}`, 400, "address"},
		{"no request", "", `{"requester":{"name":"A","email":"a@example.org"}}`, 400, "request text"},
		{"unknown field", "", `{"requester":{"name":"A","email":"a@example.org"},"request":"x","urgent":true}`, 400, "urgent"},
		{"not JSON", "", `name=A`, 400, "invalid JSON"},
		{"two values", "", `{"requester":{"name":"A","email":"a@example.org"},"request":"x"} {}`, 400, "more than one"},
		{"bad date", "officer", `{"requester":{"name":"A","email":"a@example.org"},"request":"x","received_on":"2026-02-30"}`, 400, "received_on"},
		{"bad regime", "officer", `{"requester":{"name":"A","email":"a@example.org"},"request":"x","regime":"gdpr"}`, 400, "regime"},
		{"public sets staff field", "", `{"requester":{"name":"A","email":"a@example.org"},"request":"x","regime":"eir"}`, 403, "staff"},
		{"bad token", "nonsense", `{"requester":{"name":"A","email":"a@example.org"},"request":"x"}`, 401, "token"},
		{"huge body", "", `{"requester":{"name":"A","email":"a@example.org"},"request":"` + strings.Repeat("a", 300<<10) + `"}`, 400, "larger than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token := tt.token
			if tok, ok := f.tokens[foi.Role(tt.token)]; ok {
				token = tok
			}
			status, got := f.call(t, "POST", "/api/v1/requests", token, tt.body)
			msg, _ := got["error"].(string)
			if status != tt.status || !strings.Contains(msg, tt.msg) {
				t.Errorf("= %d %q, want %d with an error mentioning %q", status, msg, tt.status, tt.msg)
			}
		})
	}
	if _, n, _ := f.store.FindRequests(ctx, foi.RequestFilter{}); n != 0 {
		t.Errorf("rejected calls stored %d requests", n)
	}
}

func TestStaffLogHistoricalRequestAndWorkIt(t *testing.T) {
	f := newFixture(t)
	officer := f.tokens[foi.RoleOfficer]
	status, got := f.call(t, "POST", "/api/v1/requests", officer,
		`{"requester":{"name":"A","address":"1 High St"},"request":"1. How many?\n2. How much?","received_on":"2026-02-02","regime":"foia","channel":"post","reference":"FOI 12748"}`)
	if status != 201 || got["reference"] != "FOI 12748" || got["due_on"] != "2026-03-02" {
		t.Fatalf("staff POST = %d %v; want 201 FOI 12748 due 2026-03-02", status, got)
	}
	if status, got := f.call(t, "GET", "/api/v1/requests/foi-12748", "", ""); status != 401 {
		t.Errorf("GET without a token = %d %v, want 401", status, got)
	}
	if status, got := f.call(t, "PATCH", "/api/v1/requests/foi-12748/parts/1", officer,
		`{"answer":"","outcome":"withheld","exemptions":["s43(2)"]}`); status != 400 || !strings.Contains(got["error"].(string), "public-interest") {
		t.Errorf("qualified exemption without reasoning = %d %v, want 400 naming the public interest", status, got)
	}
	for n, body := range []string{`{"answer":"12","outcome":"granted"}`, `{"answer":"Not held.","outcome":"not-held"}`} {
		if status, got := f.call(t, "PATCH", "/api/v1/requests/FOI%2012748/parts/"+string(rune('1'+n)), officer, body); status != 200 {
			t.Fatalf("PATCH part %d = %d %v", n+1, status, got)
		}
	}
	status, got = f.call(t, "POST", "/api/v1/requests/foi-12748/events", officer, `{"type":"responded","on":"2026-02-27"}`)
	if status != 201 || got["status"] != "responded" || got["outcome"] != "granted" {
		t.Errorf("responded = %d %v, want 201 responded granted", status, got)
	}
	status, got = f.call(t, "GET", "/api/v1/requests/foi-12748", officer, "")
	if status != 200 || got["status"] != "responded" || got["responded_on"] != "2026-02-27" {
		t.Fatalf("GET = %d %v", status, got)
	}
	var types []string
	for _, e := range got["events"].([]any) {
		types = append(types, e.(map[string]any)["type"].(string))
	}
	if strings.Join(types, ",") != "created,part-answered,part-answered,responded,viewed" {
		t.Errorf("events = %v, want created, two answers, responded, viewed", types)
	}
	if status, _ := f.call(t, "GET", "/api/v1/requests/foi-99999", officer, ""); status != 404 {
		t.Errorf("unknown reference = %d, want 404", status)
	}
	if status, _ := f.call(t, "GET", "/api/v1/requests/foi-12748", f.tokens[foi.RoleContributor], ""); status != 403 {
		t.Errorf("contributor reading a whole case = %d, want 403", status)
	}
}

func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	f := newFixture(t)
	status, doc := f.call(t, "GET", "/api/v1/openapi.json", "", "")
	if status != 200 || doc["openapi"] != "3.1.0" {
		t.Fatalf("openapi.json = %d, version %v", status, doc["openapi"])
	}
	paths := doc["paths"].(map[string]any)
	for _, rt := range web.APIRoutes() {
		ops, ok := paths[rt[1]].(map[string]any)
		if !ok || ops[strings.ToLower(rt[0])] == nil {
			t.Errorf("route %s %s is not in the OpenAPI document", rt[0], rt[1])
		}
	}
}

func TestUnknownAPIRouteIsJSON404(t *testing.T) {
	f := newFixture(t)
	status, got := f.call(t, "GET", "/api/v1/nothing-here", "", "")
	if status != 404 || got["error"] == nil {
		t.Errorf("= %d %v, want 404 with an error", status, got)
	}
}

func TestReviewAndComplaintThroughTheAPI(t *testing.T) {
	f := newFixture(t)
	officer, reviewer := f.tokens[foi.RoleOfficer], f.tokens[foi.RoleReviewer]
	steps := []struct {
		method, path, token, body string
		status                    int
		want                      string // a fragment of the answer
	}{
		{"POST", "/api/v1/requests", officer, `{"requester":{"name":"A","email":"a@example.org"},"request":"1. How many?\n2. How much?","received_on":"2025-11-03"}`, 201, `"reference": "FOI 1"`},
		{"PATCH", "/api/v1/requests/foi-1/parts/1", officer, `{"answer":"12","outcome":"granted"}`, 200, `"granted"`},
		{"PATCH", "/api/v1/requests/foi-1/parts/2", officer, `{"outcome":"withheld","exemptions":["s43(2)"],"public_interest":"Prices are commercially sensitive."}`, 200, `"s43(2)"`},
		{"POST", "/api/v1/requests/foi-1/events", officer, `{"type":"responded","on":"2025-11-28"}`, 201, `"partially-withheld"`},
		{"POST", "/api/v1/requests/foi-1/events", officer, `{"type":"review-requested","on":"2026-01-09","note":"Prices should be public."}`, 201, `"in-review"`},
		{"PATCH", "/api/v1/requests/foi-1/review", officer, `{"reviewer":"officer@council.example"}`, 403, `original decision`},
		{"PATCH", "/api/v1/requests/foi-1/review", officer, `{"reviewer":"reviewer@council.example"}`, 200, `"due_on": "2026-02-06"`},
		{"POST", "/api/v1/requests/foi-1/review", reviewer, `{"outcome":"overturned","note":"Contract prices are routinely published.","parts":[{"number":2,"answer":"£3,000","outcome":"granted"}]}`, 200, `"outcome": "overturned"`},
		{"POST", "/api/v1/requests/foi-1/regulator-cases", officer, `{"case_reference":"IC-1","on":"2026-03-02"}`, 201, `"regulator": "ICO"`},
		{"PATCH", "/api/v1/requests/foi-1/regulator-cases/1", officer, `{"action":"decision","on":"2026-06-01","outcome":"not upheld"}`, 200, `"appeal_due_on": "2026-06-29"`},
		{"PATCH", "/api/v1/requests/foi-1/regulator-cases/1", officer, `{"action":"dance"}`, 400, `action must be`},
	}
	for _, st := range steps {
		req, _ := http.NewRequest(st.method, f.srv.URL+st.path, strings.NewReader(st.body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+st.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != st.status || !strings.Contains(string(raw), st.want) {
			t.Fatalf("%s %s = %d %s\nwant %d containing %s", st.method, st.path, resp.StatusCode, raw, st.status, st.want)
		}
	}
	status, got := f.call(t, "GET", "/api/v1/requests/foi-1", officer, "")
	if status != 200 || got["status"] != "closed" || len(got["reviews"].([]any)) != 1 || len(got["regulator_cases"].([]any)) != 1 {
		t.Errorf("the case after review and complaint = %d %v", status, got)
	}
}

// A clarification dated before it was asked for is refused through the
// API too (400, the reason), and the case keeps waiting for it.
func TestAPIRefusesClarificationBeforeItWasAskedFor(t *testing.T) {
	f := newFixture(t)
	officer := f.tokens[foi.RoleOfficer]
	if status, got := f.call(t, "POST", "/api/v1/requests", officer, `{"requester":{"name":"A","email":"a@example.org"},"request":"How many?","received_on":"2025-11-03"}`); status != 201 {
		t.Fatalf("create = %d %v", status, got)
	}
	if status, got := f.call(t, "POST", "/api/v1/requests/foi-1/events", officer, `{"type":"clarification-requested","on":"2025-11-10"}`); status != 201 {
		t.Fatalf("clarification requested = %d %v", status, got)
	}
	status, got := f.call(t, "POST", "/api/v1/requests/foi-1/events", officer, `{"type":"clarification-received","on":"2025-11-07"}`)
	if status != 400 || !strings.Contains(errText(got), "before it was asked for (2025-11-10)") {
		t.Errorf("clarification before the question = %d %v, want 400 saying why", status, got)
	}
	if status, got := f.call(t, "GET", "/api/v1/requests/foi-1", officer, ""); status != 200 || got["status"] != "awaiting-clarification" {
		t.Errorf("the case after the refusal = %d %v", status, got["status"])
	}
}

func errText(got map[string]any) string {
	s, _ := got["error"].(string)
	if m, ok := got["error"].(map[string]any); ok {
		s, _ = m["message"].(string)
	}
	return s
}

// A request through the API that signs off keeps its sign-off out of the
// parts and shows it as the request's closing.
func TestAPIRequestSignOffIsTheClosing(t *testing.T) {
	f := newFixture(t)
	officer := f.tokens[foi.RoleOfficer]
	body := `{"requester":{"name":"Priya Sender","email":"priya@example.org"},"request":"1. How many?\n2. How much?\n\nMany thanks,\nPriya Sender","received_on":"2025-11-03"}`
	if status, got := f.call(t, "POST", "/api/v1/requests", officer, body); status != 201 {
		t.Fatalf("create = %d %v", status, got)
	}
	status, got := f.call(t, "GET", "/api/v1/requests/foi-1", officer, "")
	parts, _ := got["parts"].([]any)
	if status != 200 || len(parts) != 2 || got["closing"] != "Many thanks,\nPriya Sender" {
		t.Fatalf("request = %d, %d parts, closing %q", status, len(parts), got["closing"])
	}
	if last, _ := parts[1].(map[string]any); last["text"] != "How much?" {
		t.Errorf("part 2 = %v, want only its question", last)
	}
}

// The staff API's historical intake refuses dates no request could have
// and a reference whose prefix contradicts the regime, and stores nothing.
func TestHistoricalIntakeRefusesImpossibleDates(t *testing.T) {
	f := newFixture(t)
	tok := f.tokens[foi.RoleOfficer]
	for body, want := range map[string]string{
		`"reference":"FOI 40","received_on":"0001-01-01"`:                 "0001-01-01 is not a date any case can have",
		`"reference":"FOI 41","received_on":"2004-12-31"`:                 "before 1 January 2005",
		`"reference":"FOI 42","received_on":"2027-01-04"`:                 "received_on 2027-01-04 is in the future",
		`"reference":"EIR 43","received_on":"2020-01-06","regime":"foia"`: "reference EIR 43 does not match regime foia",
	} {
		status, got := f.call(t, "POST", "/api/v1/requests", tok, `{"requester":{"name":"Sam","email":"sam@example.org"},"request":"How many bins?",`+body+`}`)
		if status != http.StatusBadRequest || !strings.Contains(fmt.Sprint(got["error"]), want) {
			t.Errorf("%s: %d %v, want 400 saying %q", body, status, got, want)
		}
	}
	if _, n, _ := f.store.FindRequests(ctx, foi.RequestFilter{}); n != 0 {
		t.Errorf("%d requests stored from refused intakes", n)
	}
}
