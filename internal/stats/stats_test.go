// SPDX-License-Identifier: AGPL-3.0-or-later

package stats

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"disclose/internal/foi"
)

// counts is a StatsReader that returns fixed counts, as a store would
// for the cases described beside each row.
type counts foi.StatsCounts

func (c *counts) CountRequests(ctx context.Context, from, to, asOf time.Time) (*foi.StatsCounts, error) {
	return (*foi.StatsCounts)(c), nil
}

func d(s string) time.Time {
	t, err := foi.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

func key(month string, regime foi.Regime, category string) foi.StatsKey {
	return foi.StatsKey{Month: month, Regime: regime, Category: category}
}

var cases = &counts{
	Requests: []foi.RequestCount{
		// In time, granted, published under Housing.
		{StatsKey: key("2026-01", foi.FOIA, "Housing"), Status: foi.StatusResponded, Outcome: foi.Granted, Timeliness: foi.InTime, N: 1},
		// Within a permitted extension, partially withheld, reviewed and overturned, then a complaint.
		{StatsKey: key("2026-01", foi.FOIA, ""), Status: foi.StatusClosed, Outcome: foi.PartiallyWithheld, Timeliness: foi.InTimeExtended, N: 1},
		// Late, withheld, under review.
		{StatsKey: key("2026-02", foi.EIR, "Environment"), Status: foi.StatusInReview, Outcome: foi.Withheld, Timeliness: foi.Late, N: 1},
		// Still open: one overdue on the report date, one awaiting clarification.
		{StatsKey: key("2026-03", foi.FOIA, ""), Status: foi.StatusOpen, Overdue: true, N: 1},
		{StatsKey: key("2026-03", foi.FOIA, ""), Status: foi.StatusAwaitingClarification, N: 1},
		// Withdrawn, in April (the second quarter).
		{StatsKey: key("2026-04", foi.FOIA, ""), Status: foi.StatusWithdrawn, Outcome: foi.Withdrawn, N: 1},
	},
	Exemptions: []foi.ExemptionCount{
		{StatsKey: key("2026-01", foi.FOIA, ""), Exemption: "s43(2)", N: 1},
		{StatsKey: key("2026-01", foi.FOIA, ""), Exemption: "s40(2)", N: 1},
		{StatsKey: key("2026-02", foi.EIR, "Environment"), Exemption: "reg12(5)(e)", N: 1},
	},
	Reviews: []foi.ReviewCount{
		{StatsKey: key("2026-01", foi.FOIA, ""), Outcome: foi.ReviewOverturned, N: 1},
		{StatsKey: key("2026-02", foi.EIR, "Environment"), Open: true, N: 1},
	},
	Complaints: []foi.ComplaintCount{{StatsKey: key("2026-01", foi.FOIA, ""), N: 1}},
}

func TestBuildCounts(t *testing.T) {
	r, err := Build(context.Background(), cases, d("2026-01-01"), d("2026-06-30"), d("2026-04-22"))
	if err != nil {
		t.Fatal(err)
	}
	c := r.Total
	checks := map[string][2]int{
		"received":            {c.Received, 6},
		"responded":           {c.Responded, 3},
		"in time":             {c.InTime, 1},
		"with extension":      {c.InTimeExtended, 1},
		"late":                {c.Late, 1},
		"outstanding":         {c.Outstanding, 2},
		"overdue":             {c.Overdue, 1},
		"withdrawn":           {c.Withdrawn, 1},
		"granted":             {c.Outcomes[foi.Granted], 1},
		"s40(2)":              {c.Exemptions["s40(2)"], 1},
		"reviews completed":   {c.ReviewsCompleted, 1},
		"reviews overturned":  {c.ReviewOutcomes[foi.ReviewOverturned], 1},
		"reviews open":        {c.ReviewsOpen, 1},
		"complaints":          {c.Complaints, 1},
		"quarters":            {len(r.ByQuarter), 2},
		"first quarter total": {r.ByQuarter[0].Counts.Received, 5},
	}
	for name, v := range checks {
		if v[0] != v[1] {
			t.Errorf("%s = %d, want %d", name, v[0], v[1])
		}
	}
	if got := c.InTimePercent(); got < 66.6 || got > 66.7 {
		t.Errorf("in time (with extensions) = %.2f%%, want 66.67%%", got)
	}
	if r.ByCategory[0].Key != "Environment" || r.ByCategory[2].Key != "Not published" || r.ByCategory[2].Counts.Received != 4 ||
		r.ByCategory[2].Counts.Exemptions["s40(2)"] != 1 || r.ByRegime[0].Key != "eir" || r.ByRegime[0].Counts.ReviewsOpen != 1 {
		t.Errorf("categories = %+v", r.ByCategory)
	}
	if _, err := Build(context.Background(), cases, d("2026-02-01"), d("2026-01-01"), d("2026-04-22")); foi.ErrorCode(err) != foi.EINVALID {
		t.Errorf("a period ending before it starts gave %v", err)
	}
}

func TestQuarterlyCSV(t *testing.T) {
	r, _ := Build(context.Background(), cases, d("2026-01-01"), d("2026-06-30"), d("2026-04-22"))
	var buf bytes.Buffer
	if err := r.WriteQuarterlyCSV(&buf); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[1][0] != "2026 Q1" || rows[2][0] != "2026 Q2" || rows[3][0] != "Total" {
		t.Fatalf("rows = %v", rows)
	}
	col := func(name string) int {
		for i, h := range rows[0] {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %q", name)
		return -1
	}
	if got := rows[3][col("Processed within a permitted extension")]; got != "1" {
		t.Errorf("total within a permitted extension = %s", got)
	}
	if got := rows[1][col("Total requests received")]; got != "5" {
		t.Errorf("Q1 received = %s, want 5", got)
	}
	if got := rows[3][col("Percentage processed in time (including permitted extensions)")]; got != "66.7" {
		t.Errorf("percentage = %s", got)
	}
}

func TestLongCSVAndJSON(t *testing.T) {
	r, _ := Build(context.Background(), cases, d("2026-01-01"), d("2026-06-30"), d("2026-04-22"))
	var csvOut, jsonOut bytes.Buffer
	if err := r.WriteCSV(&csvOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(csvOut.String(), "regime,eir,late,1\n") || !strings.Contains(csvOut.String(), "quarter,2026 Q2,withdrawn,1\n") ||
		!strings.Contains(csvOut.String(), "month,2026-03,clock stopped (awaiting clarification or fee),1\n") ||
		!strings.Contains(csvOut.String(), "total,2026-01-01 to 2026-06-30,extended,1\n") {
		t.Errorf("long CSV lacks expected rows:\n%s", csvOut.String())
	}
	if err := r.WriteJSON(&jsonOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(jsonOut.String(), `"in_time_with_extension": 1`) || !strings.Contains(jsonOut.String(), `"from": "2026-01-01"`) {
		t.Errorf("JSON lacks expected fields:\n%s", jsonOut.String())
	}
}

func TestChartsAreAccessibleSVG(t *testing.T) {
	r, _ := Build(context.Background(), cases, d("2026-01-01"), d("2026-06-30"), d("2026-04-22"))
	for _, svg := range []string{string(r.TimelinessByMonth().Columns()), string(r.VolumeByCategory().Bars()), string(r.Outcomes().Bars())} {
		if !strings.HasPrefix(svg, "<svg") || !strings.Contains(svg, `role="img"`) || !strings.Contains(svg, "<title id=") ||
			!strings.Contains(svg, "<desc id=") || !strings.HasSuffix(svg, "</svg>") {
			t.Errorf("chart is not a labelled SVG image: %.200s", svg)
		}
	}
	tl := r.TimelinessByMonth()
	if strings.Join(tl.Categories, ",") != "2026-01,2026-02,2026-03,2026-04" || tl.Series[2].Values[1] != 1 {
		t.Errorf("timeliness data = %v %v", tl.Categories, tl.Series)
	}
}

// TestByDepartment: a request asked of two departments counts in both;
// the requests asked of none are the rest, measure by measure.
func TestByDepartment(t *testing.T) {
	c := &counts{
		// The late request was asked of Planning and Highways, one in-time
		// request of Planning; the other in-time one and the open one of none.
		Requests: []foi.RequestCount{
			{StatsKey: key("2026-01", foi.FOIA, ""), Status: foi.StatusResponded, Outcome: foi.Granted, Timeliness: foi.InTime, Departments: []string{"Planning"}, N: 1},
			{StatsKey: key("2026-01", foi.FOIA, ""), Status: foi.StatusResponded, Outcome: foi.Granted, Timeliness: foi.InTime, N: 1},
			{StatsKey: key("2026-02", foi.FOIA, ""), Status: foi.StatusResponded, Outcome: foi.Withheld, Timeliness: foi.Late, Departments: []string{"Highways", "Planning"}, N: 1},
			{StatsKey: key("2026-02", foi.EIR, "Environment"), Status: foi.StatusOpen, Overdue: true, N: 1},
		},
	}
	r, err := Build(context.Background(), c, d("2026-01-01"), d("2026-03-31"), d("2026-04-01"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Counts{}
	var keys []string
	for _, g := range r.ByDepartment {
		got[g.Key] = g.Counts
		keys = append(keys, g.Key)
	}
	if strings.Join(keys, ",") != "Highways,No department,Planning" {
		t.Fatalf("departments = %v", keys)
	}
	for name, want := range map[string][5]int{ // received, in time, late, outstanding, overdue
		"Planning": {2, 1, 1, 0, 0}, "Highways": {1, 0, 1, 0, 0}, NoDepartment: {2, 1, 0, 1, 1},
	} {
		g := got[name]
		if have := [5]int{g.Received, g.InTime, g.Late, g.Outstanding, g.Overdue}; have != want {
			t.Errorf("%s = %v, want %v", name, have, want)
		}
	}
	if o := got[NoDepartment].Outcomes; len(o) != 1 || o[foi.Granted] != 1 {
		t.Errorf("no department's outcomes = %v, want one granted", o)
	}
	if r.Total.Received != 4 {
		t.Errorf("total received = %d, want 4: a request asked of two departments is one request", r.Total.Received)
	}
	var buf bytes.Buffer
	if err := r.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "department,Planning,received,2\n") || !strings.Contains(buf.String(), "department,No department,overdue,1\n") {
		t.Errorf("the CSV lacks the department rows:\n%s", buf.String())
	}
	buf.Reset()
	if err := r.WriteJSON(&buf); err != nil || !strings.Contains(buf.String(), `"by_department"`) {
		t.Errorf("the JSON lacks by_department: %v", err)
	}
}
