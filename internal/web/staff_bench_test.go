// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"disclose/internal/auth"
	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/sqlite"
	"disclose/internal/web"
)

// TestStaffPageLatency measures the case list and the case page over HTTP
// (loopback) against a SQLite database of many cases, and holds them to
// the bar: under 100 ms at the 95th percentile. The normal suite runs it
// on 2,000 cases; the bar is for 100,000:
//
//	DISCLOSE_BENCH_CASES=100000 go test ./internal/web -run TestStaffPageLatency -v
func TestStaffPageLatency(t *testing.T) {
	n := 2000
	if v := os.Getenv("DISCLOSE_BENCH_CASES"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 100 {
			t.Fatalf("DISCLOSE_BENCH_CASES=%q: want a number of cases, at least 100", v)
		}
	}
	if testing.Short() && n > 2000 {
		t.Skip("-short")
	}
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "bench.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	svc, err := casework.New(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	svc.Now = func() time.Time { return time.Date(2026, 11, 25, 10, 0, 0, 0, casework.UK) }
	officers := fillCases(t, store, n)

	site, err := web.New(svc, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := newLoopbackServer(t, site.Handler())
	c := client(t)
	resp, err := c.PostForm(srv+"/staff/sign-in", url.Values{"email": {officers[0].Email}, "password": {testPassword}})
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %v %v", resp, err)
	}
	resp.Body.Close()

	rng := rand.New(rand.NewPCG(1, 2))
	pages := []struct {
		name string
		url  func() string
	}{
		{"case list (due order)", func() string { return "/staff/cases" }},
		{"case list, open, one officer", func() string {
			return "/staff/cases?status=open&assignee=" + strconv.FormatInt(officers[rng.IntN(len(officers))].ID, 10)
		}},
		{"case list, overdue", func() string { return "/staff/cases?overdue=1" }},
		{"case list, due within 5 days", func() string { return "/staff/cases?within=5" }},
		{"case list, all statuses", func() string { return "/staff/cases?status=all" }},
		{"case list, all, page 20", func() string { return "/staff/cases?status=all&page=20" }},
		{"case list, search by reference", func() string { return "/staff/cases?q=FOI+" + strconv.Itoa(1+rng.IntN(n)) }},
		{"case list, search by word", func() string { return "/staff/cases?q=" + benchTopics[rng.IntN(len(benchTopics))] }},
		{"case list, search all by word", func() string {
			return "/staff/cases?status=all&q=" + benchTopics[rng.IntN(len(benchTopics))] + "+" + strconv.Itoa(2015+rng.IntN(11))
		}},
		{"case page", func() string { return "/staff/cases/foi-" + strconv.Itoa(1+rng.IntN(n)) }},
	}
	const rounds = 200
	t.Logf("%d cases in SQLite; %d requests per page over HTTP on loopback", n, rounds)
	for _, p := range pages {
		var times []time.Duration
		for i := 0; i < rounds+10; i++ {
			u := p.url()
			start := time.Now()
			resp, err := c.Get(srv + u)
			if err != nil {
				t.Fatal(err)
			}
			var buf [32 << 10]byte
			for {
				if _, err := resp.Body.Read(buf[:]); err != nil {
					break
				}
			}
			resp.Body.Close()
			d := time.Since(start)
			if resp.StatusCode != 200 {
				t.Fatalf("%s: %s gave %d", p.name, u, resp.StatusCode)
			}
			if i >= 10 { // the first few warm the caches
				times = append(times, d)
			}
		}
		slices.Sort(times)
		p50, p95, max := times[len(times)/2], times[len(times)*95/100], times[len(times)-1]
		t.Logf("%-34s p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms", p.name, ms(p50), ms(p95), ms(max))
		// The bar is for a measured run (DISCLOSE_BENCH_CASES set, on a
		// machine not busy with other work); the small run in the normal
		// suite shares its CPU with every other test, so it holds only the
		// median to the bar.
		if os.Getenv("DISCLOSE_BENCH_CASES") != "" && p95 > 100*time.Millisecond {
			t.Errorf("%s: p95 %.1f ms is over the 100 ms bar", p.name, ms(p95))
		}
		if p50 > 100*time.Millisecond {
			t.Errorf("%s: median %.1f ms is over 100 ms", p.name, ms(p50))
		}
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

var benchTopics = []string{"parking", "housing", "schools", "potholes", "planning", "waste", "libraries", "care", "agency", "contracts"}

// fillCases stores n varied cases as intake would have left them, in
// batches, with a created event each, and returns the officers.
func fillCases(t *testing.T, store foi.Store, n int) []*foi.User {
	t.Helper()
	hash, err := auth.HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	var officers []*foi.User
	err = store.Update(ctx, func(tx foi.Tx) error {
		for i := range 12 {
			u := &foi.User{Email: fmt.Sprintf("officer%d@council.example", i), Name: fmt.Sprintf("Officer %d", i), Role: foi.RoleOfficer, PasswordHash: hash}
			if err := tx.CreateUser(ctx, u); err != nil {
				return err
			}
			officers = append(officers, u)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	today := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	perDay := max(1, n/(11*365)) // eleven years of requests
	const batch = 5000
	for from := 0; from < n; from += batch {
		err := store.Update(ctx, func(tx foi.Tx) error {
			for i := from; i < min(n, from+batch); i++ {
				age := (n - 1 - i) / perDay // days ago, newest last
				recv := today.AddDate(0, 0, -age-1)
				r := &foi.Request{
					Regime: foi.FOIA, Channel: foi.ChannelEmail, ReceivedOn: recv, ReceivedAt: recv.Add(9 * time.Hour),
					Requester: foi.Requester{Name: fmt.Sprintf("Requester %d", i), Email: fmt.Sprintf("person%d@example.org", i%(n/3+1))},
					Text: fmt.Sprintf("Please tell me about %s and %s spending in %d.\n1. How many?\n2. How much?\n3. Since when?",
						benchTopics[i%len(benchTopics)], benchTopics[(i/7)%len(benchTopics)], 2015+i%11),
					Preamble: "Please tell me.", DueOn: recv.AddDate(0, 0, 28), CalendarVersion: "bench",
					AssigneeID: officers[i%len(officers)].ID,
					Parts: []foi.Part{
						{Number: 1, Label: "1", Text: "How many?", Answer: "12", Outcome: foi.Granted},
						{Number: 2, Label: "2", Text: "How much?"},
						{Number: 3, Label: "3", Text: "Since when?"},
					},
				}
				switch {
				case age < 45: // the last few weeks are still being worked on
					r.Status = []foi.Status{foi.StatusOpen, foi.StatusOpen, foi.StatusExtended, foi.StatusAwaitingClarification}[i%4]
				default:
					r.Status = []foi.Status{foi.StatusResponded, foi.StatusClosed, foi.StatusClosed, foi.StatusInReview}[i%4]
					r.RespondedOn = recv.AddDate(0, 0, 20)
				}
				if i%5 == 0 {
					r.Regime = foi.EIR
				}
				r.Reference = foi.Reference{Prefix: r.Regime.ReferencePrefix(), Number: i + 1}
				if err := tx.CreateRequest(ctx, r); err != nil {
					return err
				}
				if err := tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: foi.EventCreated, On: recv, At: r.ReceivedAt, Actor: "requester"}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("stored %d cases in %v", n, time.Since(start).Round(time.Second))
	return officers
}

// newLoopbackServer serves h on 127.0.0.1 for the length of the test.
func newLoopbackServer(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptestServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

func httptestServer(h http.Handler) *httptest.Server { return httptest.NewServer(h) }
