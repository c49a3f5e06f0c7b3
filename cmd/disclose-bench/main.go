// SPDX-License-Identifier: AGPL-3.0-or-later

// Command disclose-bench measures the disclosure log at scale on this
// machine (loopback only):
//
//	go run ./cmd/disclose-bench -n 1000000 -dir /tmp/disclose-bench
//	go run ./cmd/disclose-bench -n 1000000 -db postgres://127.0.0.1:5432/bench
//
// With -db it imports into that PostgreSQL database (empty, or filled by an
// earlier run with the same log, which is then only measured); it starts
// no database server: that, and the database, are the caller's.
//
// It generates the log (internal/loadgen) and imports it into SQLite with
// the code behind `disclose import` - that import is the import
// benchmark - caching both in -dir keyed by the generator's version, so a
// rerun only measures. It then starts a server process on 127.0.0.1 (this
// program again, with -serve: the same store, service and handlers as
// `disclose serve`), and times searches (JSON API, and the HTML page when
// present), page 1 against a deep page, entry pages per second, and the
// server's resident memory. -compare DB serves a second database of the
// same log and reports how far the first pages of never-asked searches
// agree (quality beside speed); -two D times the search mix for D against
// one server process, then two on the same database. See
// docs/disclosure-log.md, "Benchmarks", and docs/store.md for figures.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	_ "time/tzdata"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/logbench"
	"disclose/internal/logimport"
	"disclose/internal/postgres"
	"disclose/internal/sqlite"
	"disclose/internal/web"
)

// profileEnv passes the server's profile file to the server process.
const profileEnv = "DISCLOSE_BENCH_SERVE_PROFILE"

// exit is main's status, set instead of calling os.Exit so that the
// deferred profile is written.
var exit int

func startProfile(name string) (func(), error) {
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

func main() {
	defer func() { os.Exit(exit) }()
	n := flag.Int("n", 1_000_000, "entries in the log")
	dir := flag.String("dir", filepath.Join(os.TempDir(), "disclose-bench"), "where the generated log and database are cached")
	rounds := flag.Int("rounds", 20, "times the search mix is run")
	entryFor := flag.Duration("entry-for", 10*time.Second, "how long to hammer entry pages")
	clients := flag.Int("clients", 8, "concurrent clients for entry pages")
	db := flag.String("db", "", "a postgres:// URL of an empty database to import into and serve (default: a SQLite file in -dir)")
	serveDB := flag.String("serve", "", "internal: serve this database on 127.0.0.1 and print the address")
	compare := flag.String("compare", "", "another database holding the same log (a SQLite file or postgres:// URL) to serve and compare search results with")
	two := flag.Duration("two", 0, "if set, time the search mix for this long against one server process, then two on the same database")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the import (and of the server to FILE.serve)")
	flag.Parse()
	if *cpuProfile != "" {
		stopProfile, err := startProfile(*cpuProfile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "disclose-bench:", err)
			os.Exit(1)
		}
		defer stopProfile()
		if *serveDB == "" {
			os.Setenv(profileEnv, *cpuProfile+".serve")
		}
	} else if f := os.Getenv(profileEnv); f != "" && *serveDB != "" {
		stopProfile, err := startProfile(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, "disclose-bench -serve:", err)
			os.Exit(1)
		}
		defer stopProfile()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *serveDB != "" {
		if err := serve(ctx, *serveDB); err != nil {
			fmt.Fprintln(os.Stderr, "disclose-bench -serve:", err)
			exit = 1
		}
		return
	}
	if err := bench(ctx, *n, *dir, *db, extras{*compare, *two}, logbench.Options{Rounds: *rounds, EntryFor: *entryFor, Concurrency: *clients, Entries: *n}); err != nil {
		fmt.Fprintln(os.Stderr, "disclose-bench:", err)
		exit = 1
	}
}

// extras are the measurements beyond the usual: comparing search results
// with another database, and two server processes.
type extras struct {
	compare string
	two     time.Duration
}

func bench(ctx context.Context, n int, dir, db string, x extras, opt logbench.Options) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	fmt.Printf("disclose-bench: %d entries, cache %s\n", n, dir)
	start := time.Now()
	progress := func(st logimport.Stats) {
		if st.Indexing {
			fmt.Fprintf(os.Stderr, "\rimported %d / %d; indexing for search after %.0fs   ", st.Read, n, st.Elapsed.Seconds())
			return
		}
		fmt.Fprintf(os.Stderr, "\rimported %d / %d (%d%%) %.0f/s   ", st.Read, n, st.Read*100/n, float64(st.Read)/st.Elapsed.Seconds())
	}
	var (
		st       logimport.Stats
		imported bool
		err      error
	)
	_, dbFile := logbench.Paths(dir, n)
	if db != "" {
		dbFile = db
		st, imported, err = logbench.BuildPostgres(ctx, dir, db, n, progress)
	} else {
		st, imported, err = logbench.Build(ctx, dir, n, progress)
	}
	if err != nil {
		return err
	}
	switch {
	case imported:
		fmt.Fprintln(os.Stderr)
		size := "PostgreSQL"
		if fi, err := os.Stat(dbFile); err == nil {
			size = fmt.Sprintf("%d MiB", fi.Size()>>20)
		}
		fmt.Printf("import: %d entries in %.1fs = %.0f entries/s (database %s; generation and import %.0fs)\n",
			st.Created, st.Elapsed.Seconds(), float64(st.Created)/st.Elapsed.Seconds(), size, time.Since(start).Seconds())
	case db != "":
		fmt.Println("import: the database holds this log from an earlier run (give an empty one to measure the import again)")
	default:
		fmt.Printf("import: cached database %s (delete its .done file to measure the import again)\n", dbFile)
	}

	srv, base, err := startServer(ctx, dbFile)
	if err != nil {
		return err
	}
	defer srv.stop()
	fmt.Printf("server: pid %d at %s, RSS at start %s\n", srv.Process.Pid, base, rss(srv.Process.Pid))

	res, err := logbench.Measure(ctx, base, opt)
	if err != nil {
		return err
	}
	fmt.Printf("log: %d public entries\n", res.TotalEntries)
	fmt.Printf("search, first run of each query (%d queries): %s\n", len(logbench.Queries), res.SearchCold)
	fmt.Printf("search, JSON API, queries never asked before: %s\n", res.NewSearch)
	if res.NewSearchHTML.N > 0 {
		fmt.Printf("search, HTML page, queries never asked before: %s\n", res.NewSearchHTML)
	}
	fmt.Printf("search, JSON API, query mix:  %s\n", res.Search)
	if res.SearchHTML.N > 0 {
		fmt.Printf("search, HTML page, query mix: %s\n", res.SearchHTML)
	}
	fmt.Printf("browse page 1:   %s\n", res.BrowsePage1)
	fmt.Printf("browse page %d: %s\n", res.DeepPage, res.BrowsePage)
	fmt.Printf("search \"council\" page 1:   %s\n", res.SearchPage1)
	fmt.Printf("search \"council\" page %d: %s\n", min(res.DeepPage, 500), res.SearchDeep)
	for _, fr := range res.Filtered {
		fmt.Printf("filtered %s (%d entries): browse page 1 %s; page %d %s; search mix %s\n",
			fr.Filter, fr.Total, fr.Browse1, fr.DeepPage, fr.BrowseDeep, fr.Search)
	}
	fmt.Printf("entry, JSON API: %s\n", res.Entry)
	if res.EntryHTML.Requests > 0 {
		fmt.Printf("entry, HTML page: %s\n", res.EntryHTML)
	}
	fmt.Printf("server RSS after the run: %s (peak %s)\n", rss(srv.Process.Pid), peak(srv.Process.Pid))

	if x.compare != "" {
		other, otherBase, err := startServer(ctx, x.compare)
		if err != nil {
			return err
		}
		defer other.stop()
		agree, err := logbench.Compare(ctx, base, otherBase, logbench.NewQueries(2*200), 10)
		if err != nil {
			return err
		}
		fmt.Printf("search results against %s, queries never asked before: %s\n", x.compare, agree)
	}
	if x.two > 0 {
		// Two server processes on the one database, driven together (client
		// i asks server i mod 2), beside the first alone.
		second, secondBase, err := startServer(ctx, dbFile)
		if err != nil {
			return err
		}
		defer second.stop()
		one := logbench.SearchThroughput(ctx, []string{base}, opt.Concurrency, x.two)
		fmt.Printf("search mix, one server process, %d clients: %s\n", opt.Concurrency, one)
		both := logbench.SearchThroughput(ctx, []string{base, secondBase}, opt.Concurrency, x.two)
		fmt.Printf("search mix, two server processes, %d clients: %s\n", opt.Concurrency, both)
		if one.PerSec > 0 {
			fmt.Printf("two processes: %.2f× one\n", both.PerSec/one.PerSec)
		}
	}
	return nil
}

// server is a server process this program started (-serve).
type server struct{ *exec.Cmd }

func (s server) stop() { s.Process.Signal(syscall.SIGTERM); s.Wait() }

// startServer starts this program again with -serve on db and reads the
// address it listens on.
func startServer(ctx context.Context, db string) (server, string, error) {
	self, err := os.Executable()
	if err != nil {
		return server{}, "", err
	}
	cmd := exec.CommandContext(ctx, self, "-serve", db)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return server{}, "", err
	}
	if err := cmd.Start(); err != nil {
		return server{}, "", err
	}
	srv := server{cmd}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		srv.stop()
		return server{}, "", fmt.Errorf("server on %s did not start: %w", db, err)
	}
	return srv, strings.TrimSpace(line), nil
}

// serve is the server process: the same store, service and handlers as
// `disclose serve`, on a loopback port it prints on stdout.
func serve(ctx context.Context, db string) error {
	var store foi.Store
	var err error
	if strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://") {
		store, err = postgres.Open(ctx, db)
	} else {
		store, err = sqlite.Open(ctx, db)
	}
	if err != nil {
		return err
	}
	defer store.Close()
	svc, err := casework.New(ctx, store)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	site, err := web.New(svc, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Printf("http://%s\n", ln.Addr())
	srv := &http.Server{Handler: site.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { <-ctx.Done(); srv.Close() }()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// rss and peak read a process's resident memory from /proc.
func rss(pid int) string  { return procStatus(pid, "VmRSS:") }
func peak(pid int) string { return procStatus(pid, "VmHWM:") }

func procStatus(pid int, field string) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "unknown"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, field); ok {
			var kb int
			fmt.Sscan(strings.TrimSpace(rest), &kb)
			return fmt.Sprintf("%d MiB", kb>>10)
		}
	}
	return "unknown"
}
