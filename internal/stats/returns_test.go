// SPDX-License-Identifier: AGPL-3.0-or-later

package stats

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"disclose/internal/foi"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it):\n%s", path, got)
	}
}

// quarterRows are a hand-counted quarter, July to September 2026, of an
// English authority (FOIA and EIR), with one request from June outside it:
//
//	FOIA  received 10: granted 4 (3 in time, 1 within an extension),
//	      partly withheld 1 (late), withheld 1 under s43(2) (in time),
//	      cost limit 1 (in time), not held 1 (in time), withdrawn 1,
//	      open 1 awaiting clarification (not overdue)
//	EIR   received 3: granted 1 (in time), open 1 extended (overdue),
//	      open 1 (not overdue)
//	reviews: 2 FOIA (1 upheld in time, 1 open and overdue)
//
// So all: received 13, open 3 (1 clock stopped, 1 overdue), answered 9,
// in time 8 of 10 due (9 answered + 1 overdue): 80.0%, Unsatisfactory.
var quarterRows = &counts{
	Requests: []foi.RequestCount{
		{StatsKey: key("2026-07", foi.FOIA, "Housing"), Status: foi.StatusResponded, Outcome: foi.Granted, Timeliness: foi.InTime, N: 3},
		{StatsKey: key("2026-08", foi.FOIA, ""), Status: foi.StatusResponded, Outcome: foi.Granted, Timeliness: foi.InTimeExtended, N: 1},
		{StatsKey: key("2026-08", foi.FOIA, ""), Status: foi.StatusResponded, Outcome: foi.PartiallyWithheld, Timeliness: foi.Late, N: 1},
		{StatsKey: key("2026-08", foi.FOIA, ""), Status: foi.StatusClosed, Outcome: foi.Withheld, Timeliness: foi.InTime, N: 1},
		{StatsKey: key("2026-09", foi.FOIA, ""), Status: foi.StatusResponded, Outcome: foi.CostLimit, Timeliness: foi.InTime, N: 1},
		{StatsKey: key("2026-09", foi.FOIA, ""), Status: foi.StatusResponded, Outcome: foi.NotHeld, Timeliness: foi.InTime, N: 1},
		{StatsKey: key("2026-09", foi.FOIA, ""), Status: foi.StatusWithdrawn, Outcome: foi.Withdrawn, N: 1},
		{StatsKey: key("2026-09", foi.FOIA, ""), Status: foi.StatusAwaitingClarification, N: 1},
		{StatsKey: key("2026-07", foi.EIR, "Environment"), Status: foi.StatusResponded, Outcome: foi.Granted, Timeliness: foi.InTime, N: 1},
		{StatsKey: key("2026-08", foi.EIR, ""), Status: foi.StatusExtended, Overdue: true, N: 1},
		{StatsKey: key("2026-09", foi.EIR, ""), Status: foi.StatusOpen, N: 1},
		{StatsKey: key("2026-06", foi.FOIA, ""), Status: foi.StatusResponded, Outcome: foi.Granted, Timeliness: foi.Late, N: 1},
	},
	Exemptions: []foi.ExemptionCount{{StatsKey: key("2026-08", foi.FOIA, ""), Exemption: "s43(2)", N: 1}},
	Reviews: []foi.ReviewCount{
		{StatsKey: key("2026-07", foi.FOIA, "Housing"), Outcome: foi.ReviewUpheld, Timeliness: foi.InTime, N: 1},
		{StatsKey: key("2026-08", foi.FOIA, ""), Open: true, Overdue: true, N: 1},
	},
}

func TestS45Set(t *testing.T) {
	r, err := Build(context.Background(), quarterRows, d("2026-04-01"), d("2026-09-30"), d("2026-12-07"))
	if err != nil {
		t.Fatal(err)
	}
	quarters := LastQuarters(d("2026-12-07"), 2)
	rows := r.S45(quarters, []foi.Regime{foi.FOIA, foi.EIR})
	if len(rows) != 6 || rows[3].Regime != "all" || rows[3].Quarter != "July to September 2026" {
		t.Fatalf("rows = %+v", rows)
	}
	all, foia, eir := rows[3], rows[4], rows[5]
	for name, v := range map[string][2]int{
		"received": {all.Received, 13}, "still open": {all.StillOpen, 3}, "clock stopped": {all.ClockStopped, 1},
		"open overdue": {all.OpenOverdue, 1}, "answered": {all.Answered, 9}, "in time": {all.AnsweredInTime, 8},
		"late": {all.AnsweredLate, 1}, "extended": {all.Extended, 2}, "granted": {all.GrantedInFull, 5},
		"partly withheld": {all.PartlyWithheld, 1}, "refused in full": {all.RefusedInFull, 2}, "not held": {all.NotHeld, 1},
		"withdrawn": {all.WithdrawnOrLapsed, 1}, "referred for review": {all.ReferredForReview, 2},
		"FOIA received": {foia.Received, 10}, "EIR received": {eir.Received, 3}, "April-June received": {rows[0].Received, 1},
	} {
		if v[0] != v[1] {
			t.Errorf("%s = %d, want %d", name, v[0], v[1])
		}
	}
	if all.InTimePercent == nil || *all.InTimePercent != 80 || all.Band != "unsatisfactory" {
		t.Errorf("in time %v %s, want 80.0%% unsatisfactory", all.InTimePercent, all.Band)
	}
	if rows[2].Received != 0 || rows[2].InTimePercent != nil || rows[2].Band != "none" {
		t.Errorf("EIR April to June, nothing received: %+v", rows[2])
	}
	var csvOut, jsonOut bytes.Buffer
	if err := WriteS45CSV(&csvOut, rows); err != nil {
		t.Fatal(err)
	}
	golden(t, "s45.csv.golden", csvOut.Bytes())
	if err := WriteS45JSON(&jsonOut, "Thurrock Council", d("2026-12-07"), rows); err != nil {
		t.Fatal(err)
	}
	golden(t, "s45.json.golden", jsonOut.Bytes())
}

// scottishRows are a hand-counted quarter of a Scottish authority:
//
//	FOISA received 6: full release 2 (on time), some released 1 under
//	      s33(1)(b) (late), none released 1 under s30 and s38(1)(b) (on
//	      time), s.12 cost 1 (on time), lapsed unclarified 1
//	EISR  received 2: none released under reg10(4)(b) (on time), open
//	      past its deadline 1
//	reviews: FOISA 3: upheld on time, overturned late, open past due
var scottishRows = &counts{
	Requests: []foi.RequestCount{
		{StatsKey: key("2026-07", foi.FOISA, ""), Status: foi.StatusResponded, Outcome: foi.Granted, Timeliness: foi.InTime, N: 2},
		{StatsKey: key("2026-07", foi.FOISA, ""), Status: foi.StatusResponded, Outcome: foi.PartiallyWithheld, Timeliness: foi.Late, N: 1},
		{StatsKey: key("2026-08", foi.FOISA, ""), Status: foi.StatusInReview, Outcome: foi.Withheld, Timeliness: foi.InTime, N: 1},
		{StatsKey: key("2026-08", foi.FOISA, ""), Status: foi.StatusResponded, Outcome: foi.CostLimit, Timeliness: foi.InTime, N: 1},
		{StatsKey: key("2026-09", foi.FOISA, ""), Status: foi.StatusLapsed, Outcome: foi.Lapsed, N: 1},
		{StatsKey: key("2026-08", foi.EISR, ""), Status: foi.StatusResponded, Outcome: foi.Withheld, Timeliness: foi.InTime, N: 1},
		{StatsKey: key("2026-09", foi.EISR, ""), Status: foi.StatusOpen, Overdue: true, N: 1},
	},
	Exemptions: []foi.ExemptionCount{
		{StatsKey: key("2026-07", foi.FOISA, ""), Exemption: "s33(1)(b)", N: 1},
		{StatsKey: key("2026-08", foi.FOISA, ""), Exemption: "s30", N: 1},
		{StatsKey: key("2026-08", foi.FOISA, ""), Exemption: "s38(1)(b)", N: 1},
		{StatsKey: key("2026-08", foi.EISR, ""), Exemption: "reg10(4)(b)", N: 1},
	},
	Reviews: []foi.ReviewCount{
		{StatsKey: key("2026-07", foi.FOISA, ""), Outcome: foi.ReviewUpheld, Timeliness: foi.InTime, N: 1},
		{StatsKey: key("2026-07", foi.FOISA, ""), Outcome: foi.ReviewOverturned, Timeliness: foi.Late, N: 1},
		{StatsKey: key("2026-08", foi.FOISA, ""), Open: true, Overdue: true, N: 1},
	},
}

func TestSICReturn(t *testing.T) {
	q := LatestCompleteQuarter(d("2026-11-10"))
	r, err := Build(context.Background(), scottishRows, q.From, q.To, d("2026-11-10"))
	if err != nil {
		t.Fatal(err)
	}
	lines := r.SICReturn(q)
	value := map[string]string{}
	for _, l := range lines {
		value[l.Regime+"|"+l.Measure] = l.Value
	}
	for k, want := range map[string]string{
		"FOISA|Requests received": "6", "FOISA|Response on time": "4", "FOISA|Response late": "1",
		"FOISA|Closed - unclear or not clarified": "1", "FOISA|Full release": "2", "FOISA|Some released": "1",
		"FOISA|None released": "1", "FOISA|Refused - excessive cost (s.12)": "1",
		"FOISA|s.30 Prejudice to effective conduct of public affairs": "1", "FOISA|s.33(1)(b) Commercial interests": "1",
		"FOISA|s.38(1)(b) Personal information": "1", "FOISA|s.25 Information otherwise accessible": "0",
		"FOISA|Reviews requested": "3", "FOISA|Review response on time": "1", "FOISA|Review response late": "1",
		"FOISA|Review - failure to respond (open past the deadline)":            "1",
		"FOISA|Review - original decision upheld, wholly or with modifications": "1",
		"FOISA|Review - substituted a different decision":                       "1",
		"EIRs|Requests received":                                                "2", "EIRs|Failure to respond (open past the deadline)": "1",
		"EIRs|Refused - manifestly unreasonable (reg 10(4)(b))": "1", "EIRs|reg 10(4)(b) Manifestly unreasonable": "1",
		"FOISA|Fees notices issued": "",
	} {
		if got, ok := value[k]; !ok || got != want {
			t.Errorf("%s = %q (present %v), want %q", k, got, ok, want)
		}
	}
	var buf bytes.Buffer
	if err := WriteSICCSV(&buf, q, lines); err != nil {
		t.Fatal(err)
	}
	if recs, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll(); err != nil || len(recs) != len(lines)+1 ||
		strings.Join(recs[0], ",") != "period_start,period_end,regime,section,measure,value,note" {
		t.Fatalf("CSV: %v, %d rows", err, len(recs))
	}
	golden(t, "sic-return.csv.golden", buf.Bytes())
}
