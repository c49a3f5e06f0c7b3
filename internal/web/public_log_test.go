// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/web"
)

// seedEntry publishes FOI 12748 as the seed shows it: the request split
// into seven questions, each answered, responded and published on 30 May
// 2023 as "Placements".
func seedEntry(t testing.TB, f *fixture) foi.Reference {
	t.Helper()
	var seed struct {
		Reference, Title, Category, Request string
		Answers                             []string
	}
	b, err := os.ReadFile(filepath.Join("..", "demo", "foi-12748.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &seed); err != nil {
		t.Fatal(err)
	}
	admin, _ := f.store.FindUserByEmail(ctx, "admin@council.example")
	if err := f.svc.SetAuthority(ctx, admin, casework.Authority{Name: "Thurrock Council", FOIEmail: "information.matters@thurrock.gov.uk",
		ReviewTeam: "a senior member of the Information Management Team"}); err != nil {
		t.Fatal(err)
	}
	ref, _ := foi.ParseReference(seed.Reference)
	received, _ := foi.ParseDate("2023-05-02")
	responded, _ := foi.ParseDate("2023-05-30")
	r, err := f.svc.SubmitRequest(ctx, admin, casework.NewRequest{
		Requester: foi.Requester{Name: plantedName, Email: plantedEmail, Address: plantedAddress, Phone: plantedPhone},
		Text:      seed.Request, Channel: foi.ChannelEmail, ReceivedOn: received, Reference: ref, Regime: foi.FOIA,
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range seed.Answers {
		if _, err := f.svc.AnswerPart(ctx, admin, r.Reference, i+1, casework.Answer{Text: a, Outcome: foi.Granted}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.svc.RecordEvent(ctx, admin, r.Reference, casework.ClockEvent{Type: foi.EventResponded, On: responded}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Publish(ctx, admin, r.Reference, casework.PublishInput{Title: seed.Title, Category: seed.Category, PublishedOn: responded}); err != nil {
		t.Fatal(err)
	}
	return r.Reference
}

// A requester no page may ever show.
const (
	plantedName    = "Zebedee Quillfeather-Planted"
	plantedEmail   = "zq.planted@example.net"
	plantedAddress = "77 Plantation Crescent, Nowhereton ZZ9 9ZZ"
	plantedPhone   = "07700 900461"
)

// inOrder reports the first of want not found after the previous one.
func inOrder(s string, want ...string) string {
	at := 0
	for _, w := range want {
		i := strings.Index(s[at:], w)
		if i < 0 {
			return w
		}
		at += i + len(w)
	}
	return ""
}

func TestSeedEntryReadsLikeTheSeed(t *testing.T) {
	f := newFixture(t)
	seedEntry(t, f)
	status, page := get(t, f.srv.URL+"/disclosure-log/foi-12748")
	if status != 200 {
		t.Fatalf("GET /disclosure-log/foi-12748 = %d", status)
	}
	// Title, date, reference, the request, then the response: question 1
	// with its four bullets as a list, "Yes" after the whole question,
	// then question 2 and its answer... then re-use, review, complaint.
	missing := inOrder(page,
		"<h1", "Placements", "Publication date", "30 May 2023", "Reference", "FOI 12748", "Children&#39;s services",
		">Request<", "regarding the use of Social Value", "7. What financial return",
		">Response<", "regarding the use of Social Value",
		"Question 1", "The Social Value Act 2012 requires", "Does your organisation give consideration",
		`<ul class="govuk-list govuk-list--bullet"><li>Independent Fostering Agencies (IFAs)</li><li>Residential children’s homes and/or parent and child units</li><li>16&#43; semi-independent accommodation</li><li>Accommodation services for unaccompanied asylum-seeking children</li></ul>`,
		"Answer", "<p class=\"govuk-body dsc-pre-wrap\">Yes</p>",
		"Question 2", "what Social Value/added value outcomes", "Answer", "source and support volunteering opportunities",
		"Question 3", "Answer", "built into the service specification",
		"Question 4", "Answer", "3%",
		"Question 5", "Question 6", "Question 7", "Answer", "has not been able to quantify this",
		"Re-using this information", "copyright is owned by Thurrock Council", "information.matters@thurrock.gov.uk",
		"internal review", "40 working days", "a senior member of the Information Management Team",
		"Information Commissioner&#39;s Office", "Request reference", "FOI 12748")
	if missing != "" {
		t.Errorf("the entry page does not read like the seed: %q is missing or out of order", missing)
	}
	for _, alias := range []string{"FOI%2012748", "foi12748", "EIR-12748"} {
		resp, _ := noRedirects.Get(f.srv.URL + "/disclosure-log/" + alias)
		if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/disclosure-log/foi-12748" {
			t.Errorf("/disclosure-log/%s = %d to %q, want a permanent redirect to foi-12748", alias, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	for _, missing := range []string{"foi-99999", "not-a-ref"} {
		if status, _ := get(t, f.srv.URL+"/disclosure-log/"+missing); status != 404 {
			t.Errorf("/disclosure-log/%s = %d, want 404", missing, status)
		}
	}
}

func TestScottishEntryNamesTheScottishCommissioner(t *testing.T) {
	f := newFixture(t)
	admin, _ := f.store.FindUserByEmail(ctx, "admin@council.example")
	d, _ := foi.ParseDate("2026-10-01")
	r, err := f.svc.SubmitRequest(ctx, admin, casework.NewRequest{Requester: foi.Requester{Name: "A", Email: "a@example.org"},
		Text: "How many bridges?", Regime: foi.FOISA, Channel: foi.ChannelEmail, ReceivedOn: d})
	if err != nil {
		t.Fatal(err)
	}
	f.svc.AnswerPart(ctx, admin, r.Reference, 1, casework.Answer{Text: "Twelve.", Outcome: foi.Granted})
	f.svc.RecordEvent(ctx, admin, r.Reference, casework.ClockEvent{Type: foi.EventResponded, On: d.AddDate(0, 0, 7)})
	if _, err := f.svc.Publish(ctx, admin, r.Reference, casework.PublishInput{Title: "Bridges", Category: "Roads"}); err != nil {
		t.Fatal(err)
	}
	_, page := get(t, f.srv.URL+"/disclosure-log/"+r.Reference.Slug())
	if !strings.Contains(page, "Scottish Information Commissioner") || strings.Contains(page, "Information Commissioner&#39;s Office") {
		t.Error("a FOISA entry does not name the Scottish Information Commissioner alone")
	}
}

func TestDisclosureLogBrowseSearchAndPages(t *testing.T) {
	f := newFixture(t)
	seedEntry(t, f)
	for i := 1; i <= 45; i++ {
		publishAnswered(t, f, fmt.Sprintf("Potholes report %d", i), "Highways", fmt.Sprintf("How many potholes were reported in ward %d?", i), "Some.")
	}
	status, page := get(t, f.srv.URL+"/disclosure-log")
	if status != 200 {
		t.Fatalf("GET /disclosure-log = %d", status)
	}
	if missing := inOrder(page, "46 responses", "Potholes report 45", "Potholes report 44"); missing != "" {
		t.Errorf("the log is not newest first with a count: %q", missing)
	}
	if !strings.Contains(page, "Highways (45)") || !strings.Contains(page, "Children&#39;s services (1)") || !strings.Contains(page, "May 2023 (1)") {
		t.Error("the log lacks category and month counts")
	}
	if !strings.Contains(page, `class="govuk-pagination"`) || !strings.Contains(page, `href="/disclosure-log?page=2"`) {
		t.Error("the log has no pagination to page 2")
	}
	_, p3 := get(t, f.srv.URL+"/disclosure-log?page=3")
	if !strings.Contains(p3, "Placements") || !strings.Contains(p3, `aria-current="page">3<`) {
		t.Error("page 3 does not hold the oldest entry, or does not mark itself current")
	}
	if status, _ := get(t, f.srv.URL+"/disclosure-log?page=9"); status != 404 {
		t.Errorf("a page past the end = %d, want 404", status)
	}
	_, cat := get(t, f.srv.URL+"/disclosure-log?category=Children%27s+services")
	if !strings.Contains(cat, "1 response in Children&#39;s services") || strings.Contains(cat, "Potholes") {
		t.Error("the category filter does not narrow the list")
	}
	_, month := get(t, f.srv.URL+"/disclosure-log?month=2023-05")
	if !strings.Contains(month, "published in May 2023") || !strings.Contains(month, "Placements") || strings.Contains(month, "Potholes report") {
		t.Error("the month filter does not narrow the list")
	}

	// The acceptance search finds the seed, with the words marked.
	_, found := get(t, f.srv.URL+"/disclosure-log?q=social+value+weighting+tender")
	if !strings.Contains(found, `href="/disclosure-log/foi-12748">Placements</a>`) || !strings.Contains(found, `<mark class="dsc-search-highlight">`) {
		t.Errorf("searching for the seed does not find it with highlighted words")
	}
	if strings.Contains(found, "Potholes") {
		t.Error("the search found unrelated entries")
	}
	status, bad := get(t, f.srv.URL+"/disclosure-log?month=May")
	if status != 400 || !strings.Contains(bad, "govuk-error-summary") {
		t.Errorf("a bad month = %d without an error summary", status)
	}
}

// TestRequesterNeverShownPublicly plants a distinctive requester on a
// published case and on a case sent through the public form, and checks
// every public page and public API answer for any trace of them.
func TestRequesterNeverShownPublicly(t *testing.T) {
	f := newFixture(t)
	ref := seedEntry(t, f)
	sendRequest(t, f, requestForm(plantedName, plantedEmail, plantedAddress, "Social value in children's placements, please."))
	paths := []string{"/", "/requests/new", "/disclosure-log", "/disclosure-log?q=social+value",
		"/disclosure-log?category=Children%27s+services", "/disclosure-log?month=2023-05", "/disclosure-log/" + ref.Slug()}
	for _, rt := range web.APIRoutes() {
		if rt[0] != "GET" || !strings.HasPrefix(rt[1], "/disclosures") && !strings.HasPrefix(rt[1], "/requests/{ref}") {
			continue
		}
		paths = append(paths, "/api/v1"+strings.ReplaceAll(rt[1], "{ref}", ref.Slug()), "/api/v1"+strings.ReplaceAll(rt[1], "{ref}", ref.Slug())+"?q=social+value")
	}
	needles := []string{plantedName, "Quillfeather", plantedEmail, "zq.planted", "Plantation Crescent", "ZZ9 9ZZ", plantedPhone, "900461"}
	for _, p := range paths {
		status, body := get(t, f.srv.URL+p)
		for _, n := range needles {
			if strings.Contains(strings.ToLower(body), strings.ToLower(n)) {
				t.Errorf("GET %s (%d) shows the requester: %q", p, status, n)
			}
		}
	}
}
