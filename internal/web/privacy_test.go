// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/logfile"
	"disclose/internal/logimport"
	"disclose/internal/pgtest"
	"disclose/internal/postgres"
	"disclose/internal/sqlite"
	"disclose/internal/stats"
)

// The privacy test (issue 13): a requester is planted — name, email,
// phone, postal address, and their own name inside their request and its
// sign-off — and driven down every path to the public: the public form,
// redaction of the request text (which reaches its questions), publishing
// through the API with the title, summary, category and a file name
// carrying them (refused, then done cleanly), republishing, `disclose
// import` of lines carrying them (held back), export then import (as
// published, and with personal data), and another requester's tracking
// page. Then every public page, file, feed, search and public API answer
// is scanned for any trace of them, exact and case-folded, on SQLite and
// on PostgreSQL.

// The planted requester. Each needle is searched case-folded.
const (
	privName    = "Zebedee Quillfeather-Planted"
	privEmail   = "zq.planted@example.net"
	privPhone   = "07700 900461"
	privAddress = "77 Plantation Crescent, Nowhereton"
)

var privNeedles = []string{privName, "Zebedee", "Quillfeather", privEmail, "zq.planted", privPhone, "07700900461", "900461",
	"Plantation Crescent", "Nowhereton"}

// privText is what the planted requester wrote: their name in a question,
// their address in another, and a sign-off with their phone.
const privText = "1. How many potholes were reported in the road where Zebedee Quillfeather-Planted lives?\n" +
	"2. How many were repaired outside 77 Plantation Crescent, Nowhereton?\n\n" +
	"Regards,\nZebedee Quillfeather-Planted\n07700 900461"

func TestRequesterNeverReachesThePublic(t *testing.T) {
	engines := []struct {
		name string
		open func(t *testing.T) foi.Store
	}{
		{"sqlite", func(t *testing.T) foi.Store {
			s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "privacy.db"))
			if err != nil {
				t.Fatal(err)
			}
			return s
		}},
		{"postgres", func(t *testing.T) foi.Store {
			s, err := postgres.Open(ctx, pgtest.Start(t))
			if err != nil {
				t.Fatal(err)
			}
			return s
		}},
	}
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			f := newFixtureOn(t, e.open(t))
			ref := plantAndPublish(t, f)
			held := importPlanted(t, f)

			// Export (as published) → import into a new database, and
			// export with personal data → import: the first publishes the
			// redacted entry, the second holds back what is not redacted.
			var published, personal bytes.Buffer
			for _, x := range []struct {
				buf      *bytes.Buffer
				personal bool
			}{{&published, false}, {&personal, true}} {
				w := logfile.NewWriter(x.buf)
				if _, err := logfile.Export(ctx, f.store, w, x.personal); err != nil {
					t.Fatal(err)
				}
				if err := w.Flush(); err != nil {
					t.Fatal(err)
				}
			}
			if leaks := leaksIn(published.String(), privNeedles); len(leaks) > 0 {
				t.Errorf("the export without personal data carries %q", leaks)
			}
			second := newFixtureOn(t, e.open(t))
			if st := importFile(t, second, "export.jsonl", published.Bytes()); st.Created == 0 || st.Held != 0 || st.Refused != 0 {
				t.Errorf("importing the export: %+v", st)
			}
			if _, err := second.svc.Disclosure(ctx, ref); err != nil {
				t.Errorf("the exported entry is not in the new log: %v", err)
			}
			third := newFixtureOn(t, e.open(t))
			if st := importFile(t, third, "personal.jsonl", personal.Bytes()); st.Held == 0 {
				t.Errorf("importing the cases with their originals held nothing back: %+v", st)
			}

			for name, fx := range map[string]*fixture{"the first database": f, "the export's import": second, "the personal export's import": third} {
				for _, leak := range scanPublic(t, fx, privNeedles) {
					t.Errorf("%s: %s", name, leak)
				}
			}
			for _, h := range held {
				if _, err := f.svc.Disclosure(ctx, h); !foi.IsNotFound(err) {
					t.Errorf("%s, held back on import, is public: %v", h, err)
				}
			}
		})
	}
}

// plantAndPublish sends the planted request through the public form,
// answers it, tries to publish it with the requester in each publish
// field (each refused), redacts the request text, and publishes and
// republishes it cleanly. It returns the reference.
func plantAndPublish(t *testing.T, f *fixture) foi.Reference {
	t.Helper()
	form := requestForm(privName, privEmail, privAddress, privText)
	sendRequest(t, f, form)
	rs, _, err := f.store.FindRequests(ctx, foi.RequestFilter{Limit: 1})
	if err != nil || len(rs) != 1 {
		t.Fatalf("the planted request was not stored: %v", err)
	}
	r := rs[0]
	officer, _ := f.store.FindUserByEmail(ctx, "officer@council.example")
	for _, p := range r.Parts {
		if _, err := f.svc.AnswerPart(ctx, officer, r.Reference, p.Number, casework.Answer{Text: fmt.Sprintf("%d were.", 10+p.Number), Outcome: foi.Granted}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventResponded}); err != nil {
		t.Fatal(err)
	}
	file, err := f.svc.AddAttachment(ctx, officer, r.Reference, casework.Upload{Name: "potholes_Zebedee_Quillfeather-Planted.csv", Data: []byte("ward,potholes\nNorth,12\n"), Release: true})
	if err != nil {
		t.Fatal(err)
	}
	clean, err := f.svc.AddAttachment(ctx, officer, r.Reference, casework.Upload{Name: "potholes.csv", Data: []byte("ward,repaired\nNorth,11\n"), Release: true})
	if err != nil {
		t.Fatal(err)
	}
	token := f.tokens[foi.RoleOfficer]
	path := "/api/v1/requests/" + r.Reference.Slug()
	publish := func(title, summary, category string, files ...int64) (int, map[string]any) {
		b, _ := json.Marshal(map[string]any{"title": title, "summary": summary, "category": category, "files": files})
		return f.call(t, "POST", path+"/publish", token, string(b))
	}
	// The request text still names the requester: refused.
	if status, got := publish("Potholes", "", "Highways"); status != http.StatusConflict || !strings.Contains(fmt.Sprint(got["error"]), "the question of part 1") {
		t.Fatalf("publishing the unredacted request: %d %v", status, got)
	}
	for _, phrase := range []string{privName, "77 Plantation Crescent, Nowhereton", privPhone} {
		b, _ := json.Marshal(map[string]string{"subject": foi.SubjectRequest, "phrase": phrase, "reason": "s40(2)"})
		if status, got := f.call(t, "POST", path+"/redactions", token, string(b)); status != http.StatusCreated && status != http.StatusOK {
			t.Fatalf("redacting %q: %d %v", phrase, status, got)
		}
	}
	// Each publish field carrying the requester is refused, by name.
	for _, tc := range []struct {
		title, summary, category string
		files                    []int64
		want                     string
	}{
		{"Potholes for " + privName, "", "Highways", nil, "the title"},
		{"Potholes", "Asked by " + privEmail, "Highways", nil, "the summary"},
		{"Potholes", "", "Highways near " + privPhone, nil, "the category"},
		{"Potholes", "", "Highways", []int64{file.ID}, "the name of file"},
	} {
		status, got := publish(tc.title, tc.summary, tc.category, tc.files...)
		if status != http.StatusConflict || !strings.Contains(fmt.Sprint(got["error"]), "in "+tc.want) {
			t.Errorf("publishing with the requester in %s: %d %v", tc.want, status, got)
		}
	}
	if status, got := publish("Potholes", "", "Highways", clean.ID); status != http.StatusOK && status != http.StatusCreated {
		t.Fatalf("publishing the redacted entry: %d %v", status, got)
	}
	// Republishing goes through the same gate.
	if status, got := publish("Potholes reported and repaired", "How many potholes were reported and mended.", "Highways", clean.ID); status != http.StatusOK && status != http.StatusCreated {
		t.Fatalf("republishing: %d %v", status, got)
	}
	if status, _ := publish("Potholes for "+privName, "", "Highways"); status != http.StatusConflict {
		t.Errorf("republishing with the requester in the title: %d, want 409", status)
	}
	// Another requester's tracking page shows nothing of this one.
	other := sendRequest(t, f, requestForm("Olive Other", "olive@example.org", "", "How many potholes were reported last year?"))
	if _, body := get(t, f.srv.URL+other); len(leaksIn(body, privNeedles)) > 0 {
		t.Errorf("another requester's tracking page shows %q", leaksIn(body, privNeedles))
	}
	return r.Reference
}

// importPlanted imports a JSONL and a CSV log whose lines carry the
// planted requester in each public field: every one is held back.
func importPlanted(t *testing.T, f *fixture) []foi.Reference {
	t.Helper()
	jsonl := strings.Join([]string{
		`{"reference":"FOI 801","title":"Potholes for Zebedee Quillfeather-Planted","category":"Highways","regime":"foia","received_on":"2019-01-02","responded_on":"2019-01-20","published_on":"2019-01-25","request":"How many potholes?","response":"Ten.","requester":{"name":"Zebedee Quillfeather-Planted","email":"zq.planted@example.net"}}`,
		`{"reference":"FOI 802","title":"Potholes","category":"Highways","regime":"foia","received_on":"2019-01-02","responded_on":"2019-01-20","published_on":"2019-01-25","request":"How many potholes? Reply to zq.planted@example.net","response":"Ten."}`,
		`{"reference":"FOI 803","title":"Potholes","category":"Highways","summary":"Call 07700 900461","regime":"foia","received_on":"2019-01-02","responded_on":"2019-01-20","published_on":"2019-01-25","request":"How many potholes?","parts":[{"number":1,"text":"How many potholes?","answer":"Ten.","outcome":"granted"}]}`,
		`{"reference":"FOI 804","title":"Potholes","category":"Highways","regime":"foia","received_on":"2019-01-02","responded_on":"2019-01-20","published_on":"2019-01-25","request":"How many potholes?","requester":{"name":"Zebedee Quillfeather-Planted"},"parts":[{"number":1,"text":"How many potholes near Zebedee Quillfeather-Planted?","answer":"Ten.","outcome":"granted"}]}`,
	}, "\n") + "\n"
	if st := importFile(t, f, "planted.jsonl", []byte(jsonl)); st.Held != 4 || st.Refused != 0 {
		t.Errorf("importing the planted JSONL: %+v, want all 4 held back", st)
	}
	csv := "reference,title,category,regime,received_on,responded_on,published_on,request,response\n" +
		`FOI 805,Potholes,Highways,foia,2019-01-02,2019-01-20,2019-01-25,"How many potholes?","Sent to zq.planted@example.net on 20 January."` + "\n"
	if st := importFile(t, f, "planted.csv", []byte(csv)); st.Held != 1 || st.Refused != 0 {
		t.Errorf("importing the planted CSV: %+v, want it held back", st)
	}
	var refs []foi.Reference
	for n := 801; n <= 805; n++ {
		refs = append(refs, foi.Reference{Prefix: "FOI", Number: n})
	}
	return refs
}

// importFile runs `disclose import`'s code on a file's content.
func importFile(t *testing.T, f *fixture, name string, content []byte) logimport.Stats {
	t.Helper()
	st, err := logimport.Run(ctx, f.svc, bytes.NewReader(content), name, logimport.Options{
		Problem: func(line int, err error) { t.Logf("%s: line %d: %v", name, line, err) },
	})
	if err != nil {
		t.Fatalf("importing %s: %v", name, err)
	}
	return st
}

// scanPublic fetches every public surface of the fixture's site — the
// home page, the log (browsed by page, category and month, and searched),
// each entry page and published file, the CSV (both forms) and Atom feeds, every
// public API answer, the statistics in each CSV layout — and returns each
// place where one of the needles (case-folded) appears. A search for each
// needle's words must find nothing. extra names more paths to fetch (a
// contributor's view, say). It is the hook for other tests of personal
// data: give it what must never be public.
func scanPublic(t *testing.T, f *fixture, needles []string, extra ...string) []string {
	t.Helper()
	paths := []string{"/", "/requests/new", "/disclosure-log", "/disclosure-log.csv", "/disclosure-log-parts.csv",
		"/disclosure-log.atom", "/api/v1/disclosures", "/api/v1/openapi.json", "/open-data", "/exemptions"}
	cats, _ := f.store.FindPublicationCategories(ctx)
	for _, c := range cats {
		paths = append(paths, "/disclosure-log?category="+url.QueryEscape(c.Value), "/api/v1/disclosures?category="+url.QueryEscape(c.Value))
	}
	months, _ := f.store.FindPublicationMonths(ctx, "")
	for _, m := range months {
		paths = append(paths, "/disclosure-log?month="+m.Value)
	}
	for page := 1; ; page++ {
		pg, err := f.svc.Disclosures(ctx, foi.PublicationFilter{Page: page, PerPage: foi.MaxPerPage})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range pg.Entries {
			entry := "/disclosure-log/" + h.Reference.Slug()
			paths = append(paths, entry, "/api/v1/disclosures/"+h.Reference.Slug(), "/api/v1/requests/"+h.Reference.Slug())
			for _, file := range h.Files {
				paths = append(paths, fmt.Sprintf("%s/files/%d", entry, file.ID))
			}
		}
		paths = append(paths, fmt.Sprintf("/disclosure-log?page=%d", page), fmt.Sprintf("/api/v1/disclosures?page=%d", page))
		if page >= pg.Pages() {
			break
		}
	}
	for _, q := range []string{"potholes", "repaired", "redacted", "Highways"} {
		paths = append(paths, "/disclosure-log?q="+url.QueryEscape(q), "/api/v1/disclosures?q="+url.QueryEscape(q),
			"/api/v1/disclosures/similar?text="+url.QueryEscape("How many potholes were reported "+q))
	}
	paths = append(paths, extra...)
	var leaks []string
	for _, p := range paths {
		status, body := get(t, f.srv.URL+p)
		for _, n := range leaksIn(body, needles) {
			leaks = append(leaks, fmt.Sprintf("GET %s (%d) shows %q", p, status, n))
		}
	}
	// Searching for the requester finds nothing (the search index holds
	// only what was published).
	for _, n := range needles {
		for _, word := range strings.Fields(n) {
			_, got := f.call(t, "GET", "/api/v1/disclosures?q="+url.QueryEscape(`"`+word+`"`), "", "")
			if total, _ := got["total"].(float64); total != 0 {
				leaks = append(leaks, fmt.Sprintf("searching for %q finds %v entries", word, total))
			}
		}
	}
	// The statistics, in every layout staff download and publish.
	report, err := stats.Build(ctx, f.store, foi.Date(f.svc.Now().AddDate(-10, 0, 0)), f.svc.Today(), f.svc.Today())
	if err != nil {
		t.Fatal(err)
	}
	for name, write := range map[string]func(*bytes.Buffer) error{
		"statistics CSV":           func(b *bytes.Buffer) error { return report.WriteCSV(b) },
		"statistics quarterly CSV": func(b *bytes.Buffer) error { return report.WriteQuarterlyCSV(b) },
		"statistics JSON":          func(b *bytes.Buffer) error { return report.WriteJSON(b) },
	} {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatal(err)
		}
		for _, n := range leaksIn(b.String(), needles) {
			leaks = append(leaks, fmt.Sprintf("the %s shows %q", name, n))
		}
	}
	return leaks
}

// leaksIn lists the needles found in s, case-folded, as written and with
// HTML's and JSON's escapes undone.
func leaksIn(s string, needles []string) []string {
	forms := []string{strings.ToLower(s), strings.ToLower(htmlUnescape(s))}
	var j string
	if err := json.Unmarshal([]byte(`"`+strings.ReplaceAll(s, `"`, `\"`)+`"`), &j); err == nil {
		forms = append(forms, strings.ToLower(j))
	}
	var out []string
	for _, n := range needles {
		for _, form := range forms {
			if strings.Contains(form, strings.ToLower(n)) {
				out = append(out, n)
				break
			}
		}
	}
	return out
}
