// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"encoding/csv"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"disclose/internal/foi"
	"disclose/internal/logfile"
)

// welshLog publishes an English-only entry and one with a Welsh version.
func welshLog(t *testing.T, f *fixture) (english, welsh foi.Reference) {
	t.Helper()
	english = publishAnswered(t, f, "Library opening hours", "Libraries", "What are the opening hours?", "Nine to five.")
	welsh = publishAnswered(t, f, "Park opening times", "Parks", "When do the parks open?", "At dawn.")
	officer, _ := f.store.FindUserByEmail(ctx, "officer@council.example")
	if err := f.svc.SetWelshEntry(ctx, officer, welsh, foi.WelshPublication{Title: "Amseroedd agor parciau",
		Summary: "Pryd mae’r parciau’n agor bob dydd.",
		Parts:   []foi.WelshPart{{Number: 1, Text: "Pryd mae’r parciau’n agor?", Answer: "Gyda’r wawr."}}}); err != nil {
		t.Fatal(err)
	}
	return english, welsh
}

// A Welsh reader sees the Welsh title and summary of an entry that has
// them in the log's lists (browse, filters and search), marked lang="cy";
// an English reader sees the English.
func TestLogListsShowWelshToAWelshReader(t *testing.T) {
	f := newFixture(t)
	english, welsh := welshLog(t, f)
	cy, en := langClient(t, f.srv.URL, "cy"), langClient(t, f.srv.URL, "en")
	get := func(c *http.Client, path string) string {
		t.Helper()
		resp, err := c.Get(f.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	for _, path := range []string{"/disclosure-log", "/disclosure-log?category=Parks", "/disclosure-log?q=opening", "/disclosure-log?outcome=granted"} {
		page := get(cy, path)
		if !strings.Contains(page, `href="/disclosure-log/`+welsh.Slug()+`" lang="cy">Amseroedd agor parciau</a>`) ||
			!strings.Contains(page, `lang="cy">Pryd mae’r parciau’n agor bob dydd.</p>`) && !strings.Contains(path, "q=") {
			t.Errorf("Welsh %s does not show the Welsh title and summary", path)
		}
		if strings.Contains(page, ">Park opening times</a>") {
			t.Errorf("Welsh %s shows the English title of an entry that has a Welsh one", path)
		}
		if !strings.Contains(path, "Parks") && !strings.Contains(page, `lang="en">Library opening hours</a>`) {
			t.Errorf("Welsh %s does not show the English-only entry marked lang=\"en\"", path)
		}
		if page := get(en, path); !strings.Contains(page, ">Park opening times</a>") || strings.Contains(page, "Amseroedd") {
			t.Errorf("English %s does not show the English title", path)
		}
	}
	if page := get(cy, "/disclosure-log"); !strings.Contains(page, `href="/disclosure-log.atom?lang=cy"`) {
		t.Errorf("the Welsh log does not link the Welsh feed")
	}
	_ = english
}

// The CSVs and the JSON carry the Welsh title and summary beside the
// English; the Atom feed in Welsh has them, with xml:lang.
func TestOpenDataCarriesTheWelsh(t *testing.T) {
	f := newFixture(t)
	english, welsh := welshLog(t, f)
	for _, path := range []string{"/disclosure-log.csv", "/disclosure-log-parts.csv"} {
		_, body := getPublic(t, f, path)
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil || len(rows) != 3 {
			t.Fatalf("GET %s: %d rows, %v", path, len(rows), err)
		}
		h := rows[0]
		if h[len(h)-2] != "title_cy" || h[len(h)-1] != "summary_cy" {
			t.Fatalf("GET %s header %q does not end with title_cy, summary_cy", path, h)
		}
		for _, row := range rows[1:] {
			want := []string{"", ""}
			if row[0] == welsh.String() {
				want = []string{"Amseroedd agor parciau", "Pryd mae’r parciau’n agor bob dydd."}
			}
			if got := row[len(row)-2:]; strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("GET %s row %s Welsh = %q, want %q", path, row[0], got, want)
			}
		}
	}
	// The per-entry CSV is still the import format: an English-only entry
	// reads back; one with Welsh is refused by line, never its Welsh dropped.
	_, body := getPublic(t, f, "/disclosure-log.csv")
	rd, err := logfile.NewReader(strings.NewReader(body), "log.csv")
	if err != nil {
		t.Fatalf("the CSV does not read back: %v", err)
	}
	for {
		e, line, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		switch {
		case e.Reference == english.String() || err == nil && e.Reference != "":
			if err != nil || e.Reference != english.String() {
				t.Errorf("line %d (%s) = %v, want the English entry read back", line, e.Reference, err)
			}
		case err == nil || !strings.Contains(err.Error(), "no Welsh title or summary"):
			t.Errorf("line %d = %v, want the Welsh entry refused with the reason", line, err)
		}
	}

	status, got := f.call(t, "GET", "/api/v1/disclosures", "", "")
	if status != http.StatusOK {
		t.Fatal(status)
	}
	for _, r := range got["results"].([]any) {
		hit := r.(map[string]any)
		if hit["reference"] == welsh.String() && (hit["title_cy"] != "Amseroedd agor parciau" || hit["summary_cy"] != "Pryd mae’r parciau’n agor bob dydd.") {
			t.Errorf("JSON hit %v lacks the Welsh", hit)
		}
		if hit["reference"] == english.String() && hit["title_cy"] != nil {
			t.Errorf("JSON hit %v has Welsh it does not have", hit)
		}
	}

	type entry struct {
		Lang  string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
		Title string `xml:"title"`
		Link  struct {
			Href     string `xml:"href,attr"`
			HrefLang string `xml:"hreflang,attr"`
		} `xml:"link"`
	}
	var feed struct {
		Lang    string  `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
		Title   string  `xml:"title"`
		Entries []entry `xml:"entry"`
	}
	_, body = getPublic(t, f, "/disclosure-log.atom?lang=cy")
	if err := xml.Unmarshal([]byte(body), &feed); err != nil {
		t.Fatal(err)
	}
	if feed.Lang != "cy" || !strings.HasSuffix(feed.Title, ": Log datgelu") || len(feed.Entries) != 2 {
		t.Fatalf("the Welsh feed is lang %q, title %q, %d entries", feed.Lang, feed.Title, len(feed.Entries))
	}
	for _, e := range feed.Entries {
		switch {
		case strings.Contains(e.Link.Href, welsh.Slug()):
			if e.Title != "Amseroedd agor parciau" || e.Lang != "" || e.Link.HrefLang != "cy" || !strings.HasSuffix(e.Link.Href, "?lang=cy") {
				t.Errorf("the Welsh feed's Welsh entry = %+v", e)
			}
		default:
			if e.Title != "Library opening hours" || e.Lang != "en" {
				t.Errorf("the Welsh feed's English-only entry = %+v, want xml:lang en", e)
			}
		}
	}
	_, body = getPublic(t, f, "/disclosure-log.atom")
	if strings.Contains(body, "Amseroedd") || strings.Contains(body, "xml:lang") {
		t.Errorf("the English feed carries Welsh or a language: %s", body)
	}
	if !strings.Contains(body, "<title>Park opening times</title>") {
		t.Errorf("the English feed lacks the English title")
	}
}
