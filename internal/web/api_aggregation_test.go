// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/clock"
	"disclose/internal/foi"
)

// Aggregation for the cost limit (SI 2004/3244 reg 5) and the time for
// compliance varied (SI 2004/3364) through the API: the case page's rules,
// refusals and roles.
func TestAggregationAndVariationThroughTheAPI(t *testing.T) {
	f := newFixture(t)
	officer, contact := f.tokens[foi.RoleOfficer], f.tokens[foi.RoleContributor]
	submit := func(regime foi.Regime, on time.Time, text string) *foi.Request {
		t.Helper()
		r, err := f.svc.SubmitRequest(ctx, casework.CommandLine, casework.NewRequest{Requester: foi.Requester{Name: "Sam Researcher", Email: "sam@example.org"},
			Text: text, Regime: regime, Channel: foi.ChannelEmail, ReceivedOn: on})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := submit(foi.FOIA, time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC), "Agency staff costs in 2025?")
	related := submit(foi.FOIA, time.Date(2026, 11, 9, 0, 0, 0, 0, time.UTC), "Agency staff numbers in 2025?")
	old := submit(foi.FOIA, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), "Agency staff costs in 2024?")
	eir := submit(foi.EIR, time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC), "Air quality readings?")
	for ref, minutes := range map[foi.Reference]int{r.Reference: 600, related.Reference: 540} {
		if status, got := f.call(t, "POST", "/api/v1/requests/"+ref.Slug()+"/searches", officer, `{"part":1,"where":"HR system","activity":"locate","minutes":`+itoa(int64(minutes))+`}`); status != 201 {
			t.Fatalf("recording a search: %d %v", status, got)
		}
	}
	path := "/api/v1/requests/" + r.Reference.Slug() + "/aggregations"
	why := `"reason":"Both ask about agency staff in 2025"`
	for _, tc := range []struct {
		name, token, body string
		status            int
		msg               string
	}{
		{"outside 60 working days", officer, `{"related":"` + old.Reference.String() + `","basis":"same-person",` + why + `}`, 400, "reg 5(2)(c)"},
		{"an EIR request", officer, `{"related":"` + eir.Reference.String() + `","basis":"same-person",` + why + `}`, 400, "only"},
		{"no reason", officer, `{"related":"` + related.Reference.String() + `","basis":"same-person","reason":""}`, 400, "reg 5(2)(b)"},
		{"a department contact", contact, `{"related":"` + related.Reference.String() + `","basis":"same-person",` + why + `}`, 403, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, got := f.call(t, "POST", path, tc.token, tc.body)
			if msg, _ := got["error"].(string); status != tc.status || !strings.Contains(msg, tc.msg) {
				t.Errorf("= %d %v; want %d saying %q", status, got, tc.status, tc.msg)
			}
		})
	}
	status, got := f.call(t, "POST", path, officer, `{"related":"`+related.Reference.String()+`","basis":"same-person",`+why+`}`)
	// 600 + 540 = 1,140 minutes: £475, over £450.
	if agg, _ := got["aggregated"].([]any); status != 201 || got["total_minutes_counted"] != 1140.0 || got["total_cost_pence"] != 47500.0 || got["over_limit"] != true || len(agg) != 1 {
		t.Errorf("aggregating: %d %v", status, got)
	}
	if status, got := f.call(t, "GET", "/api/v1/requests/"+r.Reference.Slug()+"/searches", officer, ""); status != 200 || got["estimate"].(map[string]any)["total_cost_pence"] != 47500.0 {
		t.Errorf("the searches' estimate: %d %v", status, got)
	}
	status, got = f.call(t, "POST", path+"/withdraw", officer, `{"related":"`+related.Reference.String()+`","reason":"Numbers, not costs"}`)
	if agg, _ := got["aggregated"].([]any); status != 200 || got["over_limit"] != false || len(agg) != 0 {
		t.Errorf("withdrawing: %d %v", status, got)
	}

	// Varied: information held abroad, the 45th working day.
	day45, err := f.svc.Calendar().AddWorkingDays(clock.FOIA, clock.DateOf(r.ReceivedOn), 45)
	if err != nil {
		t.Fatal(err)
	}
	body := `{"variation":"held-abroad","specified":"` + day45.String() + `","reason":"Held by our office in Brussels"}`
	if status, got := f.call(t, "POST", "/api/v1/requests/"+eir.Reference.Slug()+"/variation", officer, body); status != 400 || !strings.Contains(got["error"].(string), "FOIA s.10(1) only") {
		t.Errorf("varying an EIR request: %d %v", status, got)
	}
	if status, _ := f.call(t, "POST", "/api/v1/requests/"+r.Reference.Slug()+"/variation", contact, body); status != 403 {
		t.Errorf("a contact varying: %d", status)
	}
	if status, got := f.call(t, "POST", "/api/v1/requests/"+r.Reference.Slug()+"/variation", officer, body); status != 201 || got["due_on"] != day45.String() {
		t.Errorf("varying: %d %v; want due %s", status, got, day45)
	}
}
