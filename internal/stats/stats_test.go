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

// summaries is a StatsReader over a fixed list, for the counting rules.
type summaries []*foi.CaseSummary

func (s summaries) SummariseRequests(ctx context.Context, from, to time.Time, fn func(*foi.CaseSummary) error) error {
	for _, c := range s {
		if !c.ReceivedOn.Before(from) && !c.ReceivedOn.After(to) {
			if err := fn(c); err != nil {
				return err
			}
		}
	}
	return nil
}

func d(s string) time.Time {
	t, err := foi.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

var cases = summaries{
	// In time, granted, published under Housing.
	{Regime: foi.FOIA, ReceivedOn: d("2026-01-05"), DueOn: d("2026-02-02"), RespondedOn: d("2026-01-30"), Status: foi.StatusResponded,
		Outcome: foi.Granted, Category: "Housing"},
	// Within a permitted extension, partially withheld, reviewed and overturned, then a complaint.
	{Regime: foi.FOIA, ReceivedOn: d("2026-01-12"), DueOn: d("2026-03-09"), RespondedOn: d("2026-03-02"), Status: foi.StatusClosed,
		Outcome: foi.PartiallyWithheld, Extended: true, Exemptions: []string{"s43(2)", "s40(2)"},
		Reviews: []foi.ReviewOutcome{foi.ReviewOverturned}, Complaints: 1},
	// Late, withheld.
	{Regime: foi.EIR, ReceivedOn: d("2026-02-02"), DueOn: d("2026-03-02"), RespondedOn: d("2026-03-10"), Status: foi.StatusInReview,
		Outcome: foi.Withheld, Exemptions: []string{"reg12(5)(e)"}, ReviewsOpen: 1, Category: "Environment"},
	// Still open and overdue on the report date; still open and not yet due.
	{Regime: foi.FOIA, ReceivedOn: d("2026-03-20"), DueOn: d("2026-04-20"), Status: foi.StatusOpen},
	{Regime: foi.FOIA, ReceivedOn: d("2026-03-30"), DueOn: d("2026-04-28"), Status: foi.StatusAwaitingClarification},
	// Withdrawn, in April (the second quarter).
	{Regime: foi.FOIA, ReceivedOn: d("2026-04-01"), DueOn: d("2026-04-29"), Status: foi.StatusWithdrawn, Outcome: foi.Withdrawn},
	// Outside the period.
	{Regime: foi.FOIA, ReceivedOn: d("2025-12-31"), Status: foi.StatusOpen},
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
	if r.ByCategory[0].Key != "Environment" || r.ByCategory[2].Key != "Not published" || r.ByCategory[2].Counts.Received != 4 {
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
	if !strings.Contains(csvOut.String(), "regime,eir,late,1\n") || !strings.Contains(csvOut.String(), "quarter,2026 Q2,withdrawn,1\n") {
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
