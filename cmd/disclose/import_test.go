// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/demo"
	"disclose/internal/foi"
	"disclose/internal/pgtest"
	"disclose/internal/sqlite"
)

// disclose runs the command line in-process and returns its exit status,
// stdout and stderr.
func disclose(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// eachEngine runs fn on a new, empty database of each engine (a DSN as
// --db takes it).
func eachEngine(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, "sqlite:"+filepath.Join(t.TempDir(), "log.db")) })
	t.Run("postgres", func(t *testing.T) { fn(t, pgtest.Start(t)) })
}

func publicTotal(t *testing.T, dsn string) int {
	t.Helper()
	s, err := openStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pg, err := s.FindPublications(context.Background(), foi.PublicationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return pg.Total
}

const goodLine1 = `{"reference":"FOI 501","title":"Bins","category":"Waste","regime":"foia","received_on":"2019-01-02","responded_on":"2019-01-20","published_on":"2019-01-25","request":"How many bins?","parts":[{"number":1,"text":"How many bins?","answer":"40,000","outcome":"granted"}]}`
const goodLine2 = `{"reference":"EIR 502","title":"Air quality","category":"Environment","regime":"eir","received_on":"2019-02-02","responded_on":"2019-02-20","published_on":"2019-02-21","request":"NO2 readings please","response":"See the attached readings."}`

func TestImportReportsBadLinesAndIsIdempotent(t *testing.T) { eachEngine(t, importBadLinesIdempotent) }

func importBadLinesIdempotent(t *testing.T, db string) {
	file := writeFile(t, "log.jsonl", strings.Join([]string{
		goodLine1,
		`{"reference":"FOI 503", "title": oops}`,
		``,
		`{"reference":"FOI 504","title":"X","category":"Y","regime":"foia","received_on":"2019-02-30","request":"r"}`,
		goodLine2,
		`{"reference":"FOI 505","title":"X","category":"Y","regime":"foia","received_on":"2019-03-01","responded_on":"2019-03-05","published_on":"2019-03-06","request":"r","parts":[{"number":1,"text":"q","answer":"a","outcome":"withheld","exemptions":["s99"]}]}`,
		`{"reference":"FOI 506","title":"X","category":"Y","regime":"foia","received_on":"2019-03-01","responded_on":"2019-03-05","published_on":"2019-03-06","request":"r","colour":"blue"}`,
	}, "\n")+"\n")

	code, out, errOut := disclose(t, "import", "--db", db, file)
	if code != 1 {
		t.Errorf("exit status %d, want 1 when lines were bad", code)
	}
	for _, want := range []string{"line 2: not a JSON entry", "line 4: received_on", "line 6: part 1:", "s99", "line 7:", "colour"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr does not say %q:\n%s", want, errOut)
		}
	}
	if !strings.Contains(out, "2 created") || !strings.Contains(out, "4 refused") {
		t.Errorf("summary = %q, want 2 created and 4 refused", out)
	}
	if n := publicTotal(t, db); n != 2 {
		t.Errorf("log has %d entries, want the 2 good lines", n)
	}

	code, out, _ = disclose(t, "import", "--db", db, file)
	if code != 1 || !strings.Contains(out, "0 created, 0 updated, 2 unchanged") {
		t.Errorf("second import: status %d, %q; want the good lines unchanged", code, out)
	}
	if n := publicTotal(t, db); n != 2 {
		t.Errorf("after importing twice the log has %d entries, want 2", n)
	}

	// A corrected file updates what an earlier import brought in.
	fixed := writeFile(t, "fixed.jsonl", strings.Replace(goodLine1, `"40,000"`, `"41,000"`, 1)+"\n")
	if code, out, errOut := disclose(t, "import", "--db", db, fixed); code != 0 || !strings.Contains(out, "1 updated") {
		t.Errorf("corrected import: status %d, %q %s", code, out, errOut)
	}
}

func TestImportCSV(t *testing.T) { eachEngine(t, importCSV) }

func importCSV(t *testing.T, db string) {
	file := writeFile(t, "log.csv", "reference,title,category,regime,received_on,responded_on,published_on,request,response\n"+
		`FOI 601,Parking fines,Parking,foia,2020-01-02,2020-01-20,2020-01-22,"How much income from fines?","£1.2m, from 40,000 notices."`+"\n"+
		`FOI 602,Bad,Parking,foia,2020-01-02,2020-01-20,2020-01-10,"Published before responding?","x"`+"\n"+
		`FOI 603,Short,Parking,foia,2020-01-02`+"\n")
	code, out, errOut := disclose(t, "import", "--db", db, file)
	if code != 1 || !strings.Contains(out, "1 created") {
		t.Errorf("status %d, %q", code, out)
	}
	if !strings.Contains(errOut, "line 3: published_on 2020-01-10 is before responded_on") || !strings.Contains(errOut, "line 4: 5 fields, want 9") {
		t.Errorf("stderr:\n%s", errOut)
	}
	bad := writeFile(t, "bad.csv", "ref,title\nFOI 1,x\n")
	if code, _, errOut := disclose(t, "import", "--db", db, bad); code != 1 || !strings.Contains(errOut, "header must be") {
		t.Errorf("a wrong header: status %d, %s", code, errOut)
	}
}

// TestExportImportRoundTrip exports a database with cases in every state
// and a published response, imports the file into an empty database, and
// exports that: the two files are the same.
func TestExportImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	first := filepath.Join(t.TempDir(), "first.db")
	store, svc := fileService(t, first)
	svc.Now = func() time.Time { return time.Date(2026, 11, 25, 10, 0, 0, 0, casework.UK) }
	admin := &foi.User{ID: 1, Name: "Ada Admin", Role: foi.RoleAdmin}
	if err := demo.Load(ctx, svc, admin); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Publish(ctx, admin, foi.Reference{Prefix: "FOI", Number: 12748},
		casework.PublishInput{Title: "Placements", Category: "Children's services", PublishedOn: time.Date(2023, 5, 30, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	store.Close()

	code, exported, errOut := disclose(t, "export", "--db", "sqlite:"+first)
	if code != 0 {
		t.Fatalf("export: %d %s", code, errOut)
	}
	if strings.Contains(exported, "sam.researcher@example.org") || strings.Contains(exported, `"requester"`) {
		t.Error("export without --include-personal-data carries requesters")
	}
	if !strings.Contains(exported, `"published_on":"2023-05-30"`) || strings.Count(exported, "\n") < 5 {
		t.Fatalf("export lacks the published case or the open ones:\n%s", exported)
	}
	file := writeFile(t, "export.jsonl", exported)
	second := filepath.Join(t.TempDir(), "second.db")
	if code, out, errOut := disclose(t, "import", "--db", "sqlite:"+second, file); code != 0 {
		t.Fatalf("import of the export: %d %s %s", code, out, errOut)
	}
	_, again, _ := disclose(t, "export", "--db", "sqlite:"+second)
	if again != exported {
		t.Errorf("export → import → export changed the file:\nfirst:\n%s\nsecond:\n%s", exported, again)
	}

	_, personal, _ := disclose(t, "export", "--db", "sqlite:"+first, "--include-personal-data")
	if !strings.Contains(personal, "sam.researcher@example.org") {
		t.Error("--include-personal-data leaves out the requester")
	}
	third := filepath.Join(t.TempDir(), "third.db")
	if code, _, errOut := disclose(t, "import", "--db", "sqlite:"+third, writeFile(t, "p.jsonl", personal)); code != 0 {
		t.Fatalf("import with requesters: %s", errOut)
	}
	if _, back, _ := disclose(t, "export", "--db", "sqlite:"+third, "--include-personal-data"); back != personal {
		t.Errorf("a personal export does not round-trip:\n%s\n---\n%s", personal, back)
	}
}

// An export without --include-personal-data carries each entry as the
// public read it: a request text redacted before publishing stays
// redacted in the file, in its questions too, and an import of the file
// publishes it redacted.
func TestExportCarriesWhatWasPublished(t *testing.T) {
	ctx := context.Background()
	first := filepath.Join(t.TempDir(), "first.db")
	store, svc := fileService(t, first)
	svc.Now = func() time.Time { return time.Date(2026, 11, 25, 10, 0, 0, 0, casework.UK) }
	admin := &foi.User{ID: 1, Name: "Ada Admin", Role: foi.RoleAdmin}
	r, err := svc.SubmitRequest(ctx, admin, casework.NewRequest{
		Requester: foi.Requester{Name: "Amara Okafor", Email: "amara.okafor@example.net", Phone: "07700 900461"},
		Text:      "1. How many potholes were reported on Amara Okafor's road?\n2. How many were mended?\n\nThanks, Amara Okafor, 07700 900461",
		Regime:    foi.FOIA, Channel: foi.ChannelEmail, ReceivedOn: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	never, err := svc.SubmitRequest(ctx, admin, casework.NewRequest{
		Requester: foi.Requester{Name: "Amara Okafor", Email: "amara.okafor@example.net"}, Text: "What is my council tax band? Amara Okafor, 3 Mill Lane",
		Regime: foi.FOIA, Channel: foi.ChannelEmail, ReceivedOn: time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range r.Parts {
		if _, err := svc.AnswerPart(ctx, admin, r.Reference, p.Number, casework.Answer{Text: "Forty.", Outcome: foi.Granted}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.RecordEvent(ctx, admin, r.Reference, casework.ClockEvent{Type: foi.EventResponded}); err != nil {
		t.Fatal(err)
	}
	for _, phrase := range []string{"Amara Okafor", "07700 900461"} {
		if _, err := svc.RedactText(ctx, admin, r.Reference, casework.Redact{Subject: foi.SubjectRequest, Phrase: phrase, Reason: "s40(2)"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.Publish(ctx, admin, r.Reference, casework.PublishInput{Title: "Potholes", Category: "Highways"}); err != nil {
		t.Fatal(err)
	}
	store.Close()

	code, exported, errOut := disclose(t, "export", "--db", "sqlite:"+first)
	if code != 0 {
		t.Fatalf("export: %d %s", code, errOut)
	}
	for _, secret := range []string{"Amara", "Okafor", "900461", "Mill Lane", never.Reference.String()} {
		if strings.Contains(exported, secret) {
			t.Errorf("the export carries %q:\n%s", secret, exported)
		}
	}
	if !strings.Contains(exported, `reported on [redacted: s40(2)]'s road?`) || strings.Count(exported, "[redacted: s40(2)]") < 4 {
		t.Errorf("the export lacks the redacted request text and questions:\n%s", exported)
	}
	second := filepath.Join(t.TempDir(), "second.db")
	if code, out, errOut := disclose(t, "import", "--db", "sqlite:"+second, writeFile(t, "export.jsonl", exported)); code != 0 || !strings.Contains(out, "1 created") {
		t.Fatalf("import of the export: %d %s %s", code, out, errOut)
	}
	s2, err := sqlite.Open(ctx, second)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	p, err := s2.FindPublication(ctx, r.Reference)
	if err != nil || !p.Public() {
		t.Fatalf("the imported entry: %v, %v", p, err)
	}
	if strings.Contains(p.Request+p.Parts[0].Text+p.Parts[1].Text, "Okafor") {
		t.Errorf("the imported entry names the requester: %q", p.Request)
	}

	// With --include-personal-data the file carries the cases as kept, and
	// importing it checks every entry against its requester again.
	_, personal, _ := disclose(t, "export", "--db", "sqlite:"+first, "--include-personal-data")
	if !strings.Contains(personal, "Thanks, Amara Okafor") || !strings.Contains(personal, never.Reference.String()) {
		t.Errorf("--include-personal-data leaves out the originals:\n%s", personal)
	}
}

// TestImportHoldsBackWhatTheGateFinds: every imported entry passes the
// publication gate; one with personal data in any public field is stored
// out of the public log, listed by line, field, kind and masked match,
// and left on its case for staff; --publish-unchecked publishes it and
// records why.
func TestImportHoldsBackWhatTheGateFinds(t *testing.T) {
	db := filepath.Join(t.TempDir(), "log.db")
	lines := []string{
		goodLine1,
		`{"reference":"FOI 511","title":"Bins for jo.bloggs@example.net","category":"Waste","regime":"foia","received_on":"2019-01-02","responded_on":"2019-01-20","published_on":"2019-01-25","request":"How many bins?","response":"Ten."}`,
		`{"reference":"FOI 512","title":"Bins","category":"Waste","summary":"Asked by 07700 900123","regime":"foia","received_on":"2019-01-02","responded_on":"2019-01-20","published_on":"2019-01-25","request":"How many bins?","parts":[{"number":1,"text":"How many bins at 12 Acacia Avenue, RM17 6SL?","answer":"Two.","outcome":"granted"}]}`,
		`{"reference":"FOI 513","title":"Bins","category":"Waste","regime":"foia","received_on":"2019-01-02","responded_on":"2019-01-20","published_on":"2019-01-25","request":"How many bins?","response":"Ten.","requester":{"name":"Jo Bloggs"},"parts":[]}`,
	}
	lines[3] = strings.Replace(lines[3], `"request":"How many bins?"`, `"request":"How many bins? Thanks, Jo Bloggs"`, 1)
	file := writeFile(t, "log.jsonl", strings.Join(lines, "\n")+"\n")
	code, out, errOut := disclose(t, "import", "--db", "sqlite:"+db, file)
	if code != 1 {
		t.Errorf("exit status %d, want 1 when entries are held back", code)
	}
	for _, want := range []string{
		"line 2: FOI 511 held back from the public log: 1 finding(s)", "the title: personal-data:email at the title",
		"line 3: FOI 512 held back from the public log: 2 finding(s)", "the summary: personal-data:phone",
		"the question of part 1: personal-data:postcode-address",
		"line 4: FOI 513 held back", "the request text: personal-data:requester",
		"4 created, 0 updated, 0 unchanged, 0 refused, 3 held back from the log",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout does not say %q:\n%s%s", want, out, errOut)
		}
	}
	for _, secret := range []string{"jo.bloggs@example.net", "07700 900123", "Acacia", "Jo Bloggs"} {
		if strings.Contains(out, secret) {
			t.Errorf("the report shows %q unmasked:\n%s", secret, out)
		}
	}
	if n := publicTotal(t, "sqlite:"+db); n != 1 {
		t.Errorf("log has %d public entries, want only the clean one", n)
	}
	// Again: nothing changes, and the held entries are listed again.
	code, out, _ = disclose(t, "import", "--db", "sqlite:"+db, file)
	if code != 1 || !strings.Contains(out, "0 created, 0 updated, 4 unchanged, 0 refused, 3 held back") {
		t.Errorf("second import: %d %s", code, out)
	}
	// The operator may say otherwise, explicitly; each override is on the case.
	code, out, errOut = disclose(t, "import", "--db", "sqlite:"+db, "--publish-unchecked", file)
	if code != 0 || !strings.Contains(out, "FOI 511 published unchecked (--publish-unchecked)") || !strings.Contains(out, "3 updated") || !strings.Contains(out, "FOI 513 published unchecked") {
		t.Errorf("--publish-unchecked: %d %s %s", code, out, errOut)
	}
	if n := publicTotal(t, "sqlite:"+db); n != 4 {
		t.Errorf("after --publish-unchecked the log has %d public entries, want 4", n)
	}
	s, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r, err := s.FindRequest(context.Background(), foi.Reference{Prefix: "FOI", Number: 511})
	if err != nil {
		t.Fatal(err)
	}
	fs, _ := s.FindFindings(context.Background(), r.ID)
	if len(fs) != 1 || fs[0].Status != foi.FindingOverridden || !strings.Contains(fs[0].Note, "--publish-unchecked") {
		t.Errorf("FOI 511's findings after --publish-unchecked: %+v", fs)
	}
}

// A line too long for an entry, and a CSV record whose quote never
// closes, are bad lines like any other: reported with their number and
// reason, and the rest of the file is imported.
func TestImportSkipsOverlongAndUnterminatedRecords(t *testing.T) {
	db := filepath.Join(t.TempDir(), "log.db")
	long := `{"reference":"FOI 520","title":"Long","category":"Y","regime":"foia","received_on":"2019-01-02","request":"` + strings.Repeat("x", 5<<20) + `"}`
	file := writeFile(t, "log.jsonl", goodLine1+"\n"+long+"\n"+goodLine2+"\n")
	code, out, errOut := disclose(t, "import", "--db", "sqlite:"+db, file)
	if code != 1 || !strings.Contains(errOut, "line 2: the line is longer than 4194304 bytes") || !strings.Contains(out, "2 created") {
		t.Errorf("an overlong line: %d %q %s", code, out, errOut)
	}

	db = filepath.Join(t.TempDir(), "csv.db")
	csvFile := writeFile(t, "log.csv", "reference,title,category,regime,received_on,responded_on,published_on,request,response\r\n"+
		`FOI 611,Parking,Parking,foia,2020-01-02,2020-01-20,2020-01-22,"How much from fines?","£1.2m"`+"\r\n"+
		`FOI 612,Broken,Parking,foia,2020-01-02,2020-01-20,2020-01-22,"An unterminated quote,x`+"\r\n"+
		`FOI 613,Bins,Waste,foia,2020-01-02,2020-01-20,2020-01-22,"How many bins?","Forty,`+"\r\n"+`over two lines."`+"\r\n"+
		`FOI 614,Lights,Highways,foia,2020-01-02,2020-01-20,2020-01-22,"How many street lights?","3,000"`+"\r\n"+
		`FOI 615,Last,Highways,foia,2020-01-02,2020-01-20,2020-01-22,"How many, never closed`+"\r\n")
	code, out, errOut = disclose(t, "import", "--db", "sqlite:"+db, csvFile)
	if code != 1 || !strings.Contains(errOut, "line 3: not a CSV record") || !strings.Contains(errOut, "line 7: a quoted field is never closed") ||
		!strings.Contains(out, "3 created, 0 updated, 0 unchanged, 2 refused") {
		t.Errorf("an unterminated quote: %d %q %s", code, out, errOut)
	}
	s, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p, err := s.FindPublication(context.Background(), foi.Reference{Prefix: "FOI", Number: 613})
	if err != nil || p.Response != "Forty,\nover two lines." {
		t.Errorf("the record over two lines after the bad one: %v %v", p, err)
	}
}

// Dates no request could have (before the rights of access began on
// 1 January 2005, or in the future) and a reference whose prefix
// contradicts the regime are refused, by line.
func TestImportRefusesImpossibleDatesAndPrefixes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "log.db")
	line := func(ref, regime, received, responded, published string) string {
		return `{"reference":"` + ref + `","title":"Bins","category":"Waste","regime":"` + regime + `","received_on":"` + received +
			`","responded_on":"` + responded + `","published_on":"` + published + `","request":"How many bins?","response":"Ten."}`
	}
	file := writeFile(t, "log.jsonl", strings.Join([]string{
		line("FOI 531", "foia", "2019-01-02", "2019-01-20", "2019-01-25"),
		line("EIR 532", "foia", "2019-01-02", "2019-01-20", "2019-01-25"),
		line("FOI 533", "eir", "2019-01-02", "2019-01-20", "2019-01-25"),
		line("FOI 534", "foia", "0001-01-01", "2019-01-20", "2019-01-25"),
		line("FOI 535", "foia", "2019-01-02", "2019-01-20", "2099-01-25"),
		line("FOI 536", "foia", "2098-01-02", "2099-01-20", "2099-01-25"),
	}, "\n")+"\n")
	code, out, errOut := disclose(t, "import", "--db", "sqlite:"+db, file)
	for _, want := range []string{
		"line 2: reference EIR 532 does not match regime foia (want prefix FOI)",
		"line 3: reference FOI 533 does not match regime eir (want prefix EIR)",
		"line 4: received_on: 0001-01-01 is not a date any case can have",
		"line 5: published_on 2099-01-25 is in the future",
		"line 6: received_on 2098-01-02 is in the future",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr does not say %q:\n%s", want, errOut)
		}
	}
	if code != 1 || !strings.Contains(out, "1 created") || !strings.Contains(out, "5 refused") {
		t.Errorf("status %d, %q", code, out)
	}
}
