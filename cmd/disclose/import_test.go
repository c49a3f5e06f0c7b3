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
	store, err := sqlite.Open(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := casework.New(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
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
