// SPDX-License-Identifier: AGPL-3.0-or-later

package storetest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/logimport"
)

// testImportLogFile runs `disclose import`'s code (the log-file reader and
// the casework service) over the store: a log file records only the day a
// request was received, and every engine must take it.
func testImportLogFile(t *testing.T, s foi.Store) {
	svc, err := casework.New(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for n := 1; n <= 25; n++ {
		lines = append(lines, fmt.Sprintf(`{"reference":"FOI %d","title":"Gritting routes %d","category":"Highways","regime":"foia",`+
			`"received_on":"2019-01-%02d","responded_on":"2019-02-01","published_on":"2019-02-%02d","request":"Which roads are gritted?",`+
			`"parts":[{"number":1,"text":"Which roads are gritted?","answer":"The A13 and B186","outcome":"granted"}]}`, 900+n, n, n, n))
	}
	file := strings.Join(lines, "\n") + "\n"
	var problems []string
	opt := logimport.Options{Batch: 10, Problem: func(line int, err error) { problems = append(problems, fmt.Sprint(line, err)) }}
	st, err := logimport.Run(ctx, svc, strings.NewReader(file), "log.jsonl", opt)
	if err != nil || st.Created != 25 || len(problems) > 0 {
		t.Fatalf("import: %+v, %v, problems %v; want 25 created", st, err, problems)
	}
	r, err := s.FindRequest(ctx, foi.Reference{Prefix: "FOI", Number: 907})
	if err != nil {
		t.Fatal(err)
	}
	// Received at the start of its day in UK time, as a request logged
	// later is: the file does not know the hour.
	if want := time.Date(2019, 1, 7, 0, 0, 0, 0, casework.UK); !r.ReceivedAt.Equal(want) || !r.ReceivedOn.Equal(day("2019-01-07")) {
		t.Errorf("FOI 907 received at %v on %v, want %v on 2019-01-07", r.ReceivedAt, r.ReceivedOn, want)
	}
	if r.Status != foi.StatusResponded || r.Parts[0].Answer != "The A13 and B186" {
		t.Errorf("FOI 907 = %s, %+v", r.Status, r.Parts)
	}
	pg := page(t, s, foi.PublicationFilter{Query: "gritted", PerPage: 10})
	if pg.Total != 25 || len(pg.Entries) != 10 || pg.Entries[0].Reference.Number != 925 {
		t.Errorf("search after import: total %d, %v; want 25, newest (FOI 925) first", pg.Total, pageRefs(pg))
	}
	// The same file again changes nothing; a corrected line updates its case.
	if st, err := logimport.Run(ctx, svc, strings.NewReader(file), "log.jsonl", opt); err != nil || st.Unchanged != 25 {
		t.Errorf("second import: %+v, %v; want 25 unchanged", st, err)
	}
	fixed := strings.Replace(lines[6], "B186", "B1335", 1) + "\n"
	if st, err := logimport.Run(ctx, svc, strings.NewReader(fixed), "log.jsonl", opt); err != nil || st.Updated != 1 {
		t.Errorf("corrected import: %+v, %v; want 1 updated", st, err)
	}
	if r, err := s.FindRequest(ctx, foi.Reference{Prefix: "FOI", Number: 907}); err != nil || r.Parts[0].Answer != "The A13 and B1335" {
		t.Errorf("after the corrected import: %v, %v", r, err)
	}
	// The reference sequence moves past the imported numbers.
	if next := create(t, s, newRequest(foi.FOIA, "2024-01-02")); next.Reference.Number <= 925 {
		t.Errorf("a new request after the import got %s, want a number after 925", next.Reference)
	}
}
