// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"disclose/internal/foi"
	"disclose/internal/pgtest"
)

// TestTwoServeProcessesTakeRequestsAndPublish: two `disclose serve`
// processes on one PostgreSQL database take requests and publish them at
// the same time, each client's calls alternating between the two. Every
// acknowledged request is stored once under its own reference, every
// publication is in the log, and the log's cached counts add up to them:
// no reference given twice, no write lost.
func TestTwoServeProcessesTakeRequestsAndPublish(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real servers; skipped with -short")
	}
	bin := buildDisclose(t)
	dsn := pgtest.Start(t)
	token := officerToken(t, dsn)
	a, _ := startServe(t, bin, dsn)
	b, _ := startServe(t, bin, dsn)
	servers := []string{a, b}

	const clients, perClient = 6, 8
	client := &http.Client{}
	call := func(n int, method, path, body string) (int, map[string]any, error) {
		req, _ := http.NewRequest(method, servers[n%2]+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		var out map[string]any
		err = json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out, err
	}
	var (
		mu   sync.Mutex
		refs = map[string]string{} // reference → requester
		errs []string
		wg   sync.WaitGroup
	)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perClient {
				name := fmt.Sprintf("Two Process Requester %d-%d", c, i)
				step := c + i // which server each call goes to alternates
				status, out, err := call(step, "POST", "/api/v1/requests", fmt.Sprintf(`{"requester":{"name":%q,
					"email":"tp%d.%d@example.org"},"request":"How many bridges were inspected in %d?",
					"received_on":"2026-10-01","channel":"email"}`, name, c, i, 1900+10*c+i))
				if status != http.StatusCreated || err != nil {
					mu.Lock()
					errs = append(errs, fmt.Sprintf("create: %d %v %v", status, out, err))
					mu.Unlock()
					return
				}
				ref := out["reference"].(string)
				slug := strings.ToLower(strings.ReplaceAll(ref, " ", "-"))
				for k, s := range []struct{ method, path, body string }{
					{"PATCH", "/parts/1", `{"answer":"Eleven.","outcome":"granted"}`},
					{"POST", "/events", `{"type":"responded","on":"2026-10-20"}`},
					{"POST", "/publish", fmt.Sprintf(`{"title":"Bridge inspections %d-%d","category":"Highways"}`, c, i)},
				} {
					status, out, err := call(step+k+1, s.method, "/api/v1/requests/"+slug+s.path, s.body)
					if status/100 != 2 || err != nil {
						mu.Lock()
						errs = append(errs, fmt.Sprintf("%s %s %s: %d %v %v", s.method, slug, s.path, status, out, err))
						mu.Unlock()
						return
					}
				}
				mu.Lock()
				if other, dup := refs[ref]; dup {
					errs = append(errs, fmt.Sprintf("%s given to %s and %s", ref, other, name))
				}
				refs[ref] = name
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		t.Fatalf("%d errors, the first: %s", len(errs), errs[0])
	}
	if len(refs) != clients*perClient {
		t.Fatalf("%d distinct references for %d requests", len(refs), clients*perClient)
	}

	ctx := context.Background()
	store, err := openStore(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	for ref, name := range refs {
		r, err := foi.ParseReference(ref)
		if err != nil {
			t.Fatal(err)
		}
		req, err := store.FindRequest(ctx, r)
		if err != nil || req.Requester.Name != name || req.Status != foi.StatusResponded {
			t.Errorf("%s: %v, %v; want %s's responded request", ref, req, err, name)
		}
		if p, err := store.FindPublication(ctx, r); err != nil || !p.Public() {
			t.Errorf("%s: publication %v, %v", ref, p, err)
		}
	}
	page, err := store.FindPublications(ctx, foi.PublicationFilter{Category: "Highways", PerPage: 100})
	if err != nil || page.Total != len(refs) || len(page.Entries) != len(refs) {
		t.Errorf("the log's Highways category: %v, %v; want %d entries", page, err, len(refs))
	}
	found, err := store.FindPublications(ctx, foi.PublicationFilter{Query: "bridge inspections", PerPage: 100})
	if err != nil || found.Total != len(refs) {
		t.Errorf("search for the entries: %v, %v; want %d", found, err, len(refs))
	}
}
