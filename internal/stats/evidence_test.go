// SPDX-License-Identifier: AGPL-3.0-or-later

package stats

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"disclose/internal/foi"
)

// TestEvidencePack: the pack for the hand-counted quarter (quarterRows)
// has its figures against the bands, the backlog listed, the reviews and
// the exemptions.
func TestEvidencePack(t *testing.T) {
	r, err := Build(context.Background(), quarterRows, d("2026-07-01"), d("2026-09-30"), d("2026-12-07"))
	if err != nil {
		t.Fatal(err)
	}
	old := []OpenCase{
		{Reference: foi.Reference{Prefix: "EIR", Number: 120}, Regime: foi.EIR, Status: foi.StatusExtended,
			ReceivedOn: d("2026-08-10"), DueOn: d("2026-10-05"), WorkingDays: 83},
		{Reference: foi.Reference{Prefix: "FOI", Number: 7}, Regime: foi.FOIA, Status: foi.StatusAwaitingClarification,
			ReceivedOn: d("2025-09-01"), WorkingDays: 321},
		{Reference: foi.Reference{Prefix: "FOI", Number: 131}, Regime: foi.FOIA, Status: foi.StatusOpen,
			ReceivedOn: d("2026-12-01"), WorkingDays: 4},
	}
	b := NewBacklog(d("2026-12-07"), old, []HeldMessage{{ID: 4, ReceivedOn: d("2026-06-01"), WorkingDays: 134}})
	var buf bytes.Buffer
	if err := WriteEvidence(&buf, Evidence{Authority: "Thurrock Council", DefaultRegime: foi.FOIA, Report: r, Backlog: b,
		Generated: d("2026-12-07")}); err != nil {
		t.Fatal(err)
	}
	doc := buf.String()
	backlog := doc[strings.Index(doc, `<table id="backlog">`):]
	backlog = backlog[:strings.Index(backlog, "</table>")]
	for _, want := range []string{
		"Requests received from 1 July 2026 to 30 September 2026",
		`<td class="n"><span class="unsatisfactory">Unsatisfactory</span> 80.0% (8 of 10)</td>`, // the period's requests
		`<td class="n"><span class="unsatisfactory">Unsatisfactory</span> 50.0% (1 of 2)</td>`,  // its reviews
		`<th scope="row">July to September 2026</th><td>FOIA</td><td><span class="unsatisfactory">Unsatisfactory</span> 87.5% (7 of 8)</td>`,
		`<th scope="row">July 2026</th><td>FOIA</td><td><span class="good">Good</span> 100.0% (3 of 3)</td><td><span class="good">Good</span> 100.0% (1 of 1)</td>`,
		// August's EIR request is open past its deadline: 0 of 1; September's reviews: none.
		`<th scope="row">August 2026</th><td>EIR</td><td><span class="unsatisfactory">Unsatisfactory</span> 0.0% (0 of 1)</td><td>no reviews</td>`,
		`<td>s.43(2)</td><td>Commercial interests</td><td class="n">1</td>`,
		`<th scope="row">Open over 20 working days / over 6 months / over a year</th><td class="n">2 / 1 / 1</td>`,
		`<th scope="row">Email not yet logged</th><td class="n">1</td><td class="n">1</td><td class="n">1</td><td class="n">0</td>`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("the pack lacks %s", want)
		}
	}
	// Oldest first; the four-day-old request is not listed.
	if i, j := strings.Index(backlog, "FOI 7"), strings.Index(backlog, "EIR 120"); i < 0 || j < i || strings.Contains(backlog, "FOI 131") {
		t.Errorf("backlog list:\n%s", backlog)
	}
	if !strings.Contains(backlog, "<td>1 year 3 months</td><td>awaiting clarification</td><td>—</td>") {
		t.Errorf("FOI 7's row:\n%s", backlog)
	}
	golden(t, "evidence.html.golden", buf.Bytes())
}
