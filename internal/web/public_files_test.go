// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// addFiles puts two files on a case: one released with the response and
// one kept back.
func addFiles(t *testing.T, f *fixture, ref foi.Reference) (released, kept *foi.CaseAttachment) {
	t.Helper()
	officer, _ := f.store.FindUserByEmail(ctx, "officer@council.example")
	released, err := f.svc.AddAttachment(ctx, officer, ref, casework.Upload{Name: "spend 2025.csv",
		Data: []byte("supplier,amount\nBrightwater,12400\n"), Release: true})
	if err != nil {
		t.Fatal(err)
	}
	kept, err = f.svc.AddAttachment(ctx, officer, ref, casework.Upload{Name: "internal notes.txt",
		Data: []byte("not for the public\n")})
	if err != nil {
		t.Fatal(err)
	}
	return released, kept
}

func TestPublishedFilesAreListedAndDownloaded(t *testing.T) {
	f := newFixture(t)
	slug := respondedCase(t, f, "Please tell me about spending on weighting reviews.")
	ref, _ := foi.ParseReference(slug)
	released, kept := addFiles(t, f, ref)
	tok := f.tokens["officer"]

	// A file kept back from the requester cannot be published.
	status, got := f.call(t, "POST", "/api/v1/requests/"+slug+"/publish", tok,
		fmt.Sprintf(`{"title":"Spending","category":"Finance","files":[%d]}`, kept.ID))
	if status != http.StatusBadRequest || !strings.Contains(fmt.Sprint(got["error"]), "released") {
		t.Fatalf("publishing a file not released: %d %v, want 400 naming release", status, got)
	}
	if _, page := getPublic(t, f, "/disclosure-log/"+slug); !strings.Contains(page, "no published response") {
		t.Errorf("a refused publish left an entry:\n%s", page)
	}

	status, got = f.call(t, "POST", "/api/v1/requests/"+slug+"/publish", tok,
		fmt.Sprintf(`{"title":"Spending","category":"Finance","files":[%d]}`, released.ID))
	if status != http.StatusOK {
		t.Fatalf("publish: %d %v", status, got)
	}
	fileURL := fmt.Sprintf("/disclosure-log/%s/files/%d", slug, released.ID)
	status, entry := f.call(t, "GET", "/api/v1/disclosures/"+slug, "", "")
	files, _ := entry["files"].([]any)
	if status != http.StatusOK || len(files) != 1 {
		t.Fatalf("entry JSON: %d files %v, want the one published", status, entry["files"])
	}
	file := files[0].(map[string]any)
	if file["name"] != "spend 2025.csv" || file["type"] != "text/csv; charset=utf-8" || file["size"] != float64(34) || file["url"] != fileURL {
		t.Errorf("file JSON = %v", file)
	}

	_, page := getPublic(t, f, "/disclosure-log/"+slug)
	if !strings.Contains(page, `href="`+fileURL+`"`) || !strings.Contains(page, "spend 2025.csv") || !strings.Contains(page, "(CSV, 34 bytes)") {
		t.Errorf("entry page does not link the published file:\n%s", page)
	}
	if strings.Contains(page, "internal notes") {
		t.Error("entry page shows a file that was not published")
	}

	resp, body := getPublic(t, f, fileURL)
	if resp.StatusCode != http.StatusOK || body != "supplier,amount\nBrightwater,12400\n" ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("download = %d %q (%s), want the file as an attachment", resp.StatusCode, body, resp.Header.Get("Content-Disposition"))
	}
	if resp, _ := getPublic(t, f, fmt.Sprintf("/disclosure-log/%s/files/%d", slug, kept.ID)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unpublished file downloads with %d, want 404", resp.StatusCode)
	}

	// Taken out of the log, its files go too.
	if status, got := f.call(t, "POST", "/api/v1/requests/"+slug+"/unpublish", tok, `{"reason":"published by mistake"}`); status != http.StatusOK && status != http.StatusNoContent {
		t.Fatalf("unpublish: %d %v", status, got)
	}
	if resp, _ := getPublic(t, f, fileURL); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a file of an unpublished entry downloads with %d, want 404", resp.StatusCode)
	}
}

func TestRequesterDownloadsReleasedFiles(t *testing.T) {
	f := newFixture(t)
	track := sendRequest(t, f, requestForm("Sam", "sam@example.org", "", "How many libraries?"))
	rs, _, err := f.store.FindRequests(ctx, foi.RequestFilter{Order: foi.OrderReceived, Limit: 1})
	if err != nil || len(rs) == 0 {
		t.Fatal("no request", err)
	}
	released, kept := addFiles(t, f, rs[0].Reference)
	fileURL := fmt.Sprintf("%s/files/%d", track, released.ID)

	// Before the response is sent, nothing is offered.
	if _, page := get(t, f.srv.URL+track); strings.Contains(page, "spend 2025.csv") {
		t.Error("the tracking page offers files before the response was sent")
	}
	if status, _ := get(t, f.srv.URL+fileURL); status != http.StatusNotFound {
		t.Errorf("a file downloads before the response: %d, want 404", status)
	}

	respondAsStaff(t, f, "2026-11-25")
	_, page := get(t, f.srv.URL+track)
	if !strings.Contains(page, "Files released to you") || !strings.Contains(page, `href="`+fileURL+`"`) {
		t.Errorf("the answered tracking page does not list the released file:\n%s", page)
	}
	if strings.Contains(page, "internal notes") {
		t.Error("the tracking page lists a file kept back")
	}
	resp, err := http.Get(f.srv.URL + fileURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("download = %d, Cache-Control %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	if status, _ := get(t, f.srv.URL+fmt.Sprintf("%s/files/%d", track, kept.ID)); status != http.StatusNotFound {
		t.Errorf("a file kept back downloads with %d, want 404", status)
	}
	events, _ := f.store.FindEvents(ctx, rs[0].ID)
	var logged bool
	for _, e := range events {
		logged = logged || strings.Contains(e.Note, "downloaded spend 2025.csv")
	}
	if !logged {
		t.Error("the requester's download is not in the case's audit trail")
	}
}

// Public entries and their files are cached only with revalidation, so an
// entry taken out of the log is gone at once: the page and file say
// no-cache, the file has an ETag a cache revalidates with (304 while
// public, 404 after).
func TestPublicEntriesAreRevalidated(t *testing.T) {
	f := newFixture(t)
	ref := seedEntry(t, f)
	released, _ := addFiles(t, f, ref)
	admin, _ := f.store.FindUserByEmail(ctx, "admin@council.example")
	if _, err := f.svc.Publish(ctx, admin, ref, casework.PublishInput{Title: "Placements", Category: "Children's services", Files: []int64{released.ID}}); err != nil {
		t.Fatal(err)
	}
	entry := f.srv.URL + "/disclosure-log/" + ref.Slug()
	file := fmt.Sprintf("%s/files/%d", entry, released.ID)
	for _, u := range []string{entry, file, f.srv.URL + "/disclosure-log", f.srv.URL + "/disclosure-log.csv", f.srv.URL + "/disclosure-log.atom",
		f.srv.URL + "/api/v1/disclosures", f.srv.URL + "/api/v1/disclosures/" + ref.Slug()} {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if cc := resp.Header.Get("Cache-Control"); cc != "no-cache" {
			t.Errorf("GET %s: Cache-Control %q, want no-cache", u, cc)
		}
	}
	resp, err := http.Get(file)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	etag := resp.Header.Get("ETag")
	if etag == "" {
		t.Fatal("a published file has no ETag")
	}
	revalidate := func() int {
		req, _ := http.NewRequest("GET", file, nil)
		req.Header.Set("If-None-Match", etag)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := revalidate(); got != http.StatusNotModified {
		t.Errorf("revalidating a public file: %d, want 304", got)
	}
	if err := f.svc.Unpublish(ctx, admin, ref, "published by mistake"); err != nil {
		t.Fatal(err)
	}
	if got := revalidate(); got != http.StatusNotFound {
		t.Errorf("revalidating the file of an unpublished entry: %d, want 404", got)
	}
}
