// SPDX-License-Identifier: AGPL-3.0-or-later

// Package logbench measures the disclosure log at scale: it builds a
// SQLite database (or fills a PostgreSQL one) from a generated log through the import code (which is
// the import benchmark), and drives a server over HTTP on loopback to time
// searches, deep pages and entry pages. cmd/disclose-bench runs it at
// 1,000,000 entries; its test runs the same code at 2,000 so it cannot rot.
package logbench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/loadgen"
	"disclose/internal/logimport"
	"disclose/internal/postgres"
	"disclose/internal/sqlite"
)

// FirstRef is the reference number of the first generated entry.
const FirstRef = 100000

// Seed is the generator seed of every benchmark database.
const Seed = 1

// Paths names the cached files for n entries: keyed by the generator's
// version, so a changed generator builds afresh.
func Paths(dir string, n int) (logFile, dbFile string) {
	base := fmt.Sprintf("gen%d-n%d-seed%d", loadgen.Version, n, Seed)
	return filepath.Join(dir, base+".jsonl"), filepath.Join(dir, base+".db")
}

// Build makes (or finds cached) the log file and the SQLite database for n
// entries in dir. When it imports, the returned stats are the import
// benchmark; a cached database returns ok=false and zero stats.
func Build(ctx context.Context, dir string, n int, progress func(logimport.Stats)) (st logimport.Stats, imported bool, err error) {
	logFile, dbFile := Paths(dir, n)
	if _, err := os.Stat(dbFile + ".done"); err == nil {
		return st, false, nil
	}
	if err := generate(logFile, n); err != nil {
		return st, false, err
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(dbFile + suffix)
	}
	store, err := sqlite.Open(ctx, dbFile, sqlite.ForBulkImport())
	if err != nil {
		return st, false, err
	}
	defer store.Close()
	if st, err = importLog(ctx, store, logFile, progress); err != nil {
		return st, true, err
	}
	if err := store.Close(); err != nil {
		return st, true, err
	}
	return st, true, os.WriteFile(dbFile+".done", []byte(time.Now().UTC().Format(time.RFC3339)+"\n"), 0o644)
}

// builtSetting is the setting BuildPostgres leaves in a database it filled,
// naming the log it imported, so that a rerun only measures.
const builtSetting = "benchmark_log"

// BuildPostgres imports the log of n entries (generated into dir, or found
// there) into the PostgreSQL database at dsn, which must be empty or hold
// this same log from an earlier run (then it imports nothing and returns
// ok=false). It creates nothing but the log file and the database's
// contents: the server and the database are the caller's.
func BuildPostgres(ctx context.Context, dir, dsn string, n int, progress func(logimport.Stats)) (st logimport.Stats, imported bool, err error) {
	logFile, _ := Paths(dir, n)
	store, err := postgres.Open(ctx, dsn)
	if err != nil {
		return st, false, err
	}
	defer store.Close()
	want := filepath.Base(logFile)
	switch got, err := store.FindSetting(ctx, builtSetting); {
	case err == nil && got == want:
		return st, false, nil
	case err == nil:
		return st, false, fmt.Errorf("the database holds the benchmark log %s, not %s: use an empty database", got, want)
	case !foi.IsNotFound(err):
		return st, false, err
	}
	if _, total, err := store.FindRequests(ctx, foi.RequestFilter{Limit: 1}); err != nil || total > 0 {
		return st, false, errors.Join(err, errors.New("the database is not empty: the benchmark imports into an empty one"))
	}
	if err := generate(logFile, n); err != nil {
		return st, false, err
	}
	if st, err = importLog(ctx, store, logFile, progress); err != nil {
		return st, true, err
	}
	return st, true, store.Update(ctx, func(tx foi.Tx) error { return tx.SetSetting(ctx, builtSetting, want) })
}

// generate writes the log file of n entries unless it is there already.
func generate(logFile string, n int) error {
	if _, err := os.Stat(logFile); err == nil {
		return nil
	}
	tmp := logFile + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if err := loadgen.Write(f, loadgen.Options{N: n, Seed: Seed, FirstRef: FirstRef}); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, logFile)
}

// importLog imports the log file into store with the code behind
// `disclose import`.
func importLog(ctx context.Context, store foi.Store, logFile string, progress func(logimport.Stats)) (logimport.Stats, error) {
	svc, err := casework.New(ctx, store)
	if err != nil {
		return logimport.Stats{}, err
	}
	f, err := os.Open(logFile)
	if err != nil {
		return logimport.Stats{}, err
	}
	defer f.Close()
	var problems []string
	st, err := logimport.Run(ctx, svc, f, logFile, logimport.Options{Progress: progress,
		Problem: func(line int, err error) { problems = append(problems, fmt.Sprintf("line %d: %v", line, err)) }})
	if err != nil {
		return st, err
	}
	if len(problems) > 0 {
		return st, fmt.Errorf("the generated log has bad lines: %v", problems[:min(5, len(problems))])
	}
	return st, nil
}

// Queries are the searches timed: common words that match a large share
// of the log, middling ones, and rare words and phrases.
var Queries = []string{
	// common
	"council", "information", "how many", "social value", "spent", "year",
	// middling
	"potholes", "temporary accommodation", "parking fines", "air quality", "agency staff",
	"tender weighting", "recycling contamination", "care home fees", "school transport taxis",
	// rare
	"glyphosate", "knotweed", "Brightwater", "\"oak processionary moth\"", "sandbags depot",
	"ransom", "vapes seized", "hogweed -knotweed", "Orsett OR Aveley libraries",
}

// NewQueries returns n searches no one has made of the server yet (none
// repeats, none is in Queries): one to three consecutive words from the
// title or request of entries the generator writes with another seed, as
// a reader would pick them. Each is timed once, so no cache of earlier
// searches helps it.
func NewQueries(n int) []string {
	g := loadgen.New(loadgen.Options{N: n, Seed: Seed + 1000})
	rnd := rand.New(rand.NewPCG(Seed, 7))
	seen := map[string]bool{}
	for _, q := range Queries {
		seen[strings.ToLower(q)] = true
	}
	var out []string
	for len(out) < n {
		e := g.Next()
		text := e.Title
		if rnd.IntN(2) == 0 {
			text = e.Request
		}
		words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
		})
		if len(words) == 0 {
			continue
		}
		k := 1 + rnd.IntN(3)
		i := rnd.IntN(len(words))
		q := strings.Join(words[i:min(len(words), i+k)], " ")
		if seen[q] {
			continue
		}
		seen[q] = true
		out = append(out, q)
	}
	return out
}

// Latency is the distribution of a set of timed requests.
type Latency struct {
	N             int
	P50, P90, P99 time.Duration
	Max           time.Duration
}

// LoadAverage is the machine's load average over 1, 5 and 15 minutes, for
// a figure measured on a shared machine ("unknown" where /proc has none).
func LoadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// Frac writes a/b as a ratio to four places with the counts: "0.9225 (1845/2000)".
func Frac(a, b int) string {
	r := 0.0
	if b > 0 {
		r = float64(a) / float64(b)
	}
	return fmt.Sprintf("%.4f (%d/%d)", r, a, b)
}

// LatencyOf is the distribution of d (sorted in place).
func LatencyOf(d []time.Duration) Latency {
	if len(d) == 0 {
		return Latency{}
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	at := func(q float64) time.Duration { return d[min(len(d)-1, int(q*float64(len(d))))] }
	return Latency{N: len(d), P50: at(0.50), P90: at(0.90), P99: at(0.99), Max: d[len(d)-1]}
}

func (l Latency) String() string {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }
	return fmt.Sprintf("p50 %s, p90 %s, p99 %s, max %s (%d requests)", ms(l.P50), ms(l.P90), ms(l.P99), ms(l.Max), l.N)
}

// Results are what Measure found.
type Results struct {
	SearchCold Latency // each query's first run: nothing cached
	// NewSearch and NewSearchHTML time NewQueries, each asked once, through
	// the JSON API and the HTML page (different queries for each).
	NewSearch     Latency
	NewSearchHTML Latency
	Search        Latency // the mix of queries, repeated
	SearchHTML    Latency // the same through /disclosure-log?q= (when the page exists)
	BrowsePage1   Latency
	BrowsePage    Latency // page DeepPage
	SearchPage1   Latency // a common word, page 1
	SearchDeep    Latency // the same, page DeepPage
	DeepPage      int
	// Filtered is the log narrowed by outcome and exemption (issue 16):
	// browsing page 1 and a deep page, and searching, of each filter in
	// Filters, in order.
	Filtered     []FilteredResults
	Entry        Throughput
	EntryHTML    Throughput
	TotalEntries int
}

// Filters are the outcome and exemption filters Measure times: a common
// outcome, a common and a rarer exemption, and both together.
var Filters = []string{"outcome=withheld", "exemption=foia:s43(2)", "exemption=eir:reg12(5)(e)",
	"outcome=partially-withheld&exemption=foia:s40(2)"}

// FilteredResults are one filter's timings.
type FilteredResults struct {
	Filter              string
	Total               int // entries the filter keeps
	DeepPage            int // the deep page timed: page 500, or the last
	Browse1, BrowseDeep Latency
	Search              Latency // the query mix with the filter, page 1
}

// Throughput is a rate of successful requests.
type Throughput struct {
	Requests int
	Errors   int
	Elapsed  time.Duration
	PerSec   float64
	Latency  Latency
}

func (t Throughput) String() string {
	return fmt.Sprintf("%.0f req/s (%d requests in %.1fs, %d errors; %s)", t.PerSec, t.Requests, t.Elapsed.Seconds(), t.Errors, t.Latency)
}

// Options bound the measuring.
type Options struct {
	Rounds      int           // times the query mix is run; 0 means 20
	DeepPage    int           // 0 means 500
	EntryFor    time.Duration // 0 means 10s
	Concurrency int           // clients for the entry-page test; 0 means 8
	Entries     int           // how many entries the log has (for picking references)
	NewQueries  int           // searches asked once, for each of JSON and HTML; 0 means 200
}

// Measure times the server at base (http://127.0.0.1:PORT).
func Measure(ctx context.Context, base string, opt Options) (*Results, error) {
	if opt.Rounds == 0 {
		opt.Rounds = 20
	}
	if opt.DeepPage == 0 {
		opt.DeepPage = 500
	}
	if opt.EntryFor == 0 {
		opt.EntryFor = 10 * time.Second
	}
	if opt.Concurrency == 0 {
		opt.Concurrency = 8
	}
	if opt.NewQueries == 0 {
		opt.NewQueries = 200
	}
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	res := &Results{DeepPage: opt.DeepPage}
	timed := func(path string) (time.Duration, int, error) {
		start := time.Now()
		resp, err := client.Get(base + path)
		if err != nil {
			return 0, 0, err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return time.Since(start), resp.StatusCode, err
	}
	series := func(paths []string) (Latency, error) {
		var d []time.Duration
		for _, p := range paths {
			t, code, err := timed(p)
			if err != nil {
				return Latency{}, err
			}
			if code != http.StatusOK {
				return Latency{}, fmt.Errorf("GET %s: status %d", p, code)
			}
			d = append(d, t)
		}
		return LatencyOf(d), nil
	}
	api := func(q string, page int) string {
		v := url.Values{}
		if q != "" {
			v.Set("q", q)
		}
		if page > 1 {
			v.Set("page", fmt.Sprint(page))
		}
		return "/api/v1/disclosures?" + v.Encode()
	}

	var first struct {
		Total int `json:"total"`
	}
	resp, err := client.Get(base + api("", 1))
	if err != nil {
		return nil, err
	}
	err = json.NewDecoder(resp.Body).Decode(&first)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	res.TotalEntries = first.Total

	var cold, mix, html, fresh, freshHTML []string
	for _, q := range Queries {
		cold = append(cold, api(q, 1))
	}
	for i, q := range NewQueries(2 * opt.NewQueries) {
		if i%2 == 0 {
			fresh = append(fresh, api(q, 1))
		} else {
			freshHTML = append(freshHTML, "/disclosure-log?"+url.Values{"q": {q}}.Encode())
		}
	}
	for range opt.Rounds {
		for _, q := range Queries {
			mix = append(mix, api(q, 1))
			html = append(html, "/disclosure-log?"+url.Values{"q": {q}}.Encode())
		}
	}
	if res.SearchCold, err = series(cold); err != nil {
		return nil, err
	}
	if res.NewSearch, err = series(fresh); err != nil {
		return nil, err
	}
	if res.Search, err = series(mix); err != nil {
		return nil, err
	}
	if _, code, err := timed(html[0]); err == nil && code == http.StatusOK {
		if res.NewSearchHTML, err = series(freshHTML); err != nil {
			return nil, err
		}
		if res.SearchHTML, err = series(html); err != nil {
			return nil, err
		}
	}
	repeat := func(p string) []string {
		out := make([]string, opt.Rounds*5)
		for i := range out {
			out[i] = p
		}
		return out
	}
	if res.BrowsePage1, err = series(repeat(api("", 1))); err != nil {
		return nil, err
	}
	deep := opt.DeepPage
	if pages := (first.Total + 19) / 20; deep > pages {
		deep = max(1, pages)
		res.DeepPage = deep
	}
	if res.BrowsePage, err = series(repeat(api("", deep))); err != nil {
		return nil, err
	}
	if res.SearchPage1, err = series(repeat(api("council", 1))); err != nil {
		return nil, err
	}
	searchDeep := min(deep, 500) // a search pages through its first 10,000 results
	if res.SearchDeep, err = series(repeat(api("council", searchDeep))); err != nil {
		return nil, err
	}
	for _, filter := range Filters {
		fr := FilteredResults{Filter: filter}
		resp, err := client.Get(base + api("", 1) + "&" + filter)
		if err != nil {
			return nil, err
		}
		var got struct {
			Total int `json:"total"`
		}
		err = json.NewDecoder(resp.Body).Decode(&got)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("filter %s: status %d, %v", filter, resp.StatusCode, err)
		}
		fr.Total = got.Total
		fr.DeepPage = max(1, min(opt.DeepPage, (got.Total+19)/20))
		withFilter := func(paths []string) []string {
			out := make([]string, len(paths))
			for i, p := range paths {
				out[i] = p + "&" + filter
			}
			return out
		}
		if fr.Browse1, err = series(withFilter(repeat(api("", 1)))); err != nil {
			return nil, err
		}
		if fr.BrowseDeep, err = series(withFilter(repeat(api("", fr.DeepPage)))); err != nil {
			return nil, err
		}
		var queries []string
		for _, q := range Queries {
			queries = append(queries, api(q, 1))
		}
		if fr.Search, err = series(withFilter(queries)); err != nil {
			return nil, err
		}
		res.Filtered = append(res.Filtered, fr)
	}

	// A log built in part (an interrupted import) holds the first
	// generated references; pick among those.
	n := max(min(opt.Entries, res.TotalEntries), 1)
	ref := func(r *rand.Rand) string { return fmt.Sprintf("foi-%d", FirstRef+r.IntN(n)) }
	// Generated references that are EIR entries answer 200 under their own
	// prefix and under foi- alike (the number is unique), so every request
	// is for a real entry.
	entries := func(prefix string) Throughput {
		return hammer(ctx, client, []string{base}, opt.Concurrency, opt.EntryFor, 42,
			func(r *rand.Rand) string { return prefix + ref(r) }, discard)
	}
	res.Entry = entries("/api/v1/disclosures/")
	if _, code, err := timed("/disclosure-log/" + fmt.Sprintf("foi-%d", FirstRef)); err == nil && code != http.StatusNotFound {
		res.EntryHTML = entries("/disclosure-log/")
	}
	return res, nil
}

// hammer requests paths from clients concurrent clients for d, client i
// asking bases[i % len(bases)] with its own random source (seeded from
// seed); read takes each answer's body, and a read that fails or a status
// other than 200 counts as an error.
func hammer(ctx context.Context, client *http.Client, bases []string, clients int, d time.Duration, seed uint64,
	path func(*rand.Rand) string, read func(io.Reader) error) Throughput {
	var (
		wg       sync.WaitGroup
		requests atomic.Int64
		errs     atomic.Int64
		mu       sync.Mutex
		lat      []time.Duration
	)
	start := time.Now()
	deadline := start.Add(d)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			base := bases[c%len(bases)]
			r := rand.New(rand.NewPCG(uint64(c), seed))
			var mine []time.Duration
			for time.Now().Before(deadline) && ctx.Err() == nil {
				t := time.Now()
				resp, err := client.Get(base + path(r))
				if err != nil {
					errs.Add(1)
					continue
				}
				err = read(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK {
					errs.Add(1)
					continue
				}
				requests.Add(1)
				mine = append(mine, time.Since(t))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	el := time.Since(start)
	return Throughput{Requests: int(requests.Load()), Errors: int(errs.Load()), Elapsed: el,
		PerSec: float64(requests.Load()) / el.Seconds(), Latency: LatencyOf(lat)}
}

// discard reads a body to its end (the entry pages: only the status is checked).
func discard(r io.Reader) error {
	_, err := io.Copy(io.Discard, r)
	return err
}
