// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"disclose/internal/foi"
	"disclose/internal/mailtest"
	"disclose/internal/pgtest"
)

// served is a running `disclose serve` whose output the test reads.
type served struct {
	cmd     *exec.Cmd
	base    string // the site
	metrics string // the /metrics URL, when --metrics-addr was given
	mu      sync.Mutex
	stderr  bytes.Buffer
	exited  chan struct{}
}

func (s *served) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stderr.Write(b)
}

// log returns what the server has written to standard error so far.
func (s *served) log() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stderr.String()
}

// startServed starts `disclose serve` with the given flags (--addr among
// them, or 127.0.0.1:0) and waits until it serves.
func startServed(t *testing.T, bin, dsn string, flags ...string) *served {
	t.Helper()
	return startServedEnv(t, bin, dsn, nil, flags...)
}

// startServedEnv is startServed with extra environment variables.
func startServedEnv(t *testing.T, bin, dsn string, env []string, flags ...string) *served {
	t.Helper()
	args := append([]string{"serve", "--db", dsn}, flags...)
	if !strings.Contains(strings.Join(flags, " "), "--addr") {
		args = append(args, "--addr", "127.0.0.1:0")
	}
	s := &served{cmd: exec.Command(bin, args...), exited: make(chan struct{})}
	s.cmd.Env = append(append(os.Environ(), "DISCLOSE_DB=", "DISCLOSE_ADDR=", "DISCLOSE_SMTP="), env...)
	s.cmd.Stderr = s
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = s.cmd.Wait(); close(s.exited) }()
	t.Cleanup(func() { _ = s.cmd.Process.Kill(); <-s.exited })
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			if u, ok := strings.CutPrefix(line, "disclose: metrics on "); ok {
				s.metrics = u
			}
			if u, ok := strings.CutPrefix(line, "disclose: serving on "); ok {
				s.base = u
				close(ready)
			}
		}
	}()
	select {
	case <-ready:
	case <-s.exited:
		t.Fatalf("disclose serve exited before serving:\n%s", s.log())
	case <-time.After(60 * time.Second):
		t.Fatalf("disclose serve did not start in 60s:\n%s", s.log())
	}
	return s
}

// scrape reads the metrics as "name{labels}" → value.
func scrape(t *testing.T, u string) map[string]float64 {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d", u, resp.StatusCode)
	}
	out := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("metrics line %q: %v", line, err)
		}
		out[line[:i]] = v
	}
	return out
}

func postJSON(t *testing.T, u, token, body string) int {
	t.Helper()
	req, _ := http.NewRequest("POST", u, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// The planted personal data: none of it may reach a log line.
const (
	plantedName  = "Philippa Plantedname"
	plantedEmail = "philippa.planted@example.org"
	mailedName   = "Quentin Plantedmail"
	mailedEmail  = "quentin.planted@example.net"
)

// TestMetricsAndLogs scrapes /metrics from a real `disclose serve` on each
// engine and checks that each series moves with what happens: requests
// received (open cases, one overdue), acknowledgements waiting in the
// outbox, inbound email accepted and sorted, a scheduled job's run, and
// the HTTP latency histogram labelled by route pattern, never by a path's
// reference or token. The JSON log of the whole run holds no planted name,
// email address or token.
func TestMetricsAndLogs(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real servers; skipped with -short")
	}
	bin := buildDisclose(t)
	t.Run("sqlite", func(t *testing.T) { metricsAndLogs(t, bin, "sqlite:"+filepath.Join(t.TempDir(), "m.db")) })
	t.Run("postgres", func(t *testing.T) { metricsAndLogs(t, bin, pgtest.Start(t)) })
}

func metricsAndLogs(t *testing.T, bin, dsn string) {
	token := officerToken(t, dsn)
	smtpAddr := mailtest.FreePort(t)
	// An IMAP mailbox that does not answer: its polls fail and are logged,
	// without the password.
	imap := "imaps://foi-user:Imap-Secret-Pass@" + mailtest.FreePort(t) + "/INBOX"
	s := startServed(t, bin, dsn, "--metrics-addr", "127.0.0.1:0", "--log-format", "json", "--public-api-requests",
		"--mailbox", "Thurrock FOI <foi@thurrock.example>", "--smtp-addr", smtpAddr, "--imap", imap, "--imap-poll", "200ms")
	if s.metrics == "" {
		t.Fatal("serve did not print the metrics address")
	}
	before := scrape(t, s.metrics)
	for _, name := range []string{`disclose_cases_open{status="open"}`, `disclose_cases_overdue`, `disclose_outbox_messages{status="queued"}`,
		`disclose_outbox_messages{status="failed"}`, `disclose_inbound_messages{status="request-created"}`,
		`disclose_inbound_messages{status="holding-pen"}`, `disclose_database_up`} {
		if _, ok := before[name]; !ok {
			t.Errorf("series %s is missing", name)
		}
	}

	// A public request with the planted details, and one received a year
	// ago (so overdue), entered by staff.
	if code := postJSON(t, s.base+"/api/v1/requests", "", fmt.Sprintf(`{"requester":{"name":%q,"email":%q},"request":"How many bridges were inspected?"}`, plantedName, plantedEmail)); code != 201 {
		t.Fatalf("public request: %d", code)
	}
	if code := postJSON(t, s.base+"/api/v1/requests", token, `{"requester":{"name":"Old Case","email":"old.case@example.org"},"request":"An old question","received_on":"2025-01-06"}`); code != 201 {
		t.Fatalf("staff request: %d", code)
	}
	// A request by email, and one that cannot be read as a request (no text).
	raw := fmt.Sprintf("From: %s <%s>\r\nTo: foi@thurrock.example\r\nSubject: Potholes\r\nMessage-ID: <m1@example.net>\r\nDate: Mon, 7 Dec 2026 10:00:00 +0000\r\n\r\nHow many potholes were filled in 2025?\r\n\r\n%s\r\n", mailedName, mailedEmail, mailedName)
	if out, ok := swaks(t, smtpAddr, mailedEmail, "foi@thurrock.example", []byte(raw)); !ok {
		t.Fatalf("swaks: %s", out)
	}
	empty := "From: nobody@example.net\r\nTo: foi@thurrock.example\r\nSubject: \r\nMessage-ID: <m2@example.net>\r\n\r\n\r\n"
	if out, ok := swaks(t, smtpAddr, "nobody@example.net", "foi@thurrock.example", []byte(empty)); !ok {
		t.Fatalf("swaks: %s", out)
	}
	// A scheduled job's finished run, recorded as the scheduler records it.
	store, err := openStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	if err := store.Update(context.Background(), func(tx foi.Tx) error {
		if _, err := tx.ClaimJob(context.Background(), "metrics-test", day, "test", time.Minute); err != nil {
			return err
		}
		return tx.FinishJob(context.Background(), "metrics-test", day, "test")
	}); err != nil {
		t.Fatal(err)
	}
	store.Close()
	// Paths with a token and a reference in them.
	for _, p := range []string{"/track/secret-tracking-token-123", "/api/v1/requests/FOI-1"} {
		resp, err := http.Get(s.base + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}

	var after map[string]float64
	deadline := time.Now().Add(30 * time.Second)
	for {
		after = scrape(t, s.metrics)
		// The request metrics are observed once a response is written, so
		// a scrape can come before the last request's: wait for it too.
		track := `disclose_http_request_duration_seconds_count{code="404",route="GET /track/{token}"}`
		if after[`disclose_inbound_messages{status="request-created"}`] > before[`disclose_inbound_messages{status="request-created"}`] &&
			after[`disclose_inbound_messages{status="holding-pen"}`] > before[`disclose_inbound_messages{status="holding-pen"}`] &&
			after[track] > before[track] || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	moved := func(name string, by float64) {
		t.Helper()
		if got := after[name] - before[name]; got != by {
			t.Errorf("%s moved by %v, want %v (before %v, after %v)", name, got, by, before[name], after[name])
		}
	}
	moved(`disclose_cases_open{status="open"}`, 3) // two by the API, one by email
	moved(`disclose_cases_overdue`, 1)
	moved(`disclose_outbox_messages{status="queued"}`, 3) // their acknowledgements wait: no DISCLOSE_SMTP
	moved(`disclose_inbound_messages{status="request-created"}`, 1)
	moved(`disclose_inbound_messages{status="holding-pen"}`, 1)
	moved(`disclose_job_runs_finished{job="metrics-test"}`, 1)
	if after[`disclose_job_last_finished_timestamp_seconds{job="metrics-test"}`] == 0 {
		t.Error("the job's last finished time is missing")
	}
	moved(`disclose_http_request_duration_seconds_count{code="201",route="POST /api/v1/requests"}`, 2)
	moved(`disclose_http_request_duration_seconds_count{code="404",route="GET /track/{token}"}`, 1)
	if after[`disclose_http_request_duration_seconds_bucket{code="201",route="POST /api/v1/requests",le="+Inf"}`] < 2 {
		t.Error("the latency histogram has no buckets for the requests")
	}
	for name := range after {
		if strings.Contains(name, "secret-tracking-token") || strings.Contains(name, "FOI-1") || strings.Contains(name, "FOI 1") {
			t.Errorf("a metric label carries a path's token or reference: %s", name)
		}
	}

	// The log: JSON lines, an access line by route, and nothing personal.
	time.Sleep(200 * time.Millisecond)
	log := s.log()
	sawAccess := false
	for _, line := range strings.Split(strings.TrimSpace(log), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("log line is not JSON: %q", line)
			continue
		}
		if rec["msg"] == "http" && rec["route"] == "POST /api/v1/requests" {
			sawAccess = true
		}
	}
	if !strings.Contains(log, "imap poll") {
		t.Errorf("the failing IMAP poll was not logged, so the password check proves nothing:\n%s", log)
	}
	if !sawAccess {
		t.Errorf("no access log line for POST /api/v1/requests in:\n%s", log)
	}
	for _, secret := range []string{plantedName, "Philippa", "Plantedname", plantedEmail, mailedName, "Plantedmail", mailedEmail,
		"secret-tracking-token", token, "old.case@example.org", "Imap-Secret-Pass"} {
		if strings.Contains(log, secret) {
			t.Errorf("the log contains %q:\n%s", secret, log)
		}
	}
}

// /readyz answers 503 while the database is being migrated (here: while
// another process holds the write lock the migration waits for) and pages
// answer 503 with Retry-After; once migrated it answers 200. On
// PostgreSQL, it answers 503 once the database stops answering.
func TestReadyz(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real servers; skipped with -short")
	}
	bin := buildDisclose(t)
	get := func(u string) (int, http.Header) {
		resp, err := http.Get(u)
		if err != nil {
			return 0, nil
		}
		resp.Body.Close()
		return resp.StatusCode, resp.Header
	}

	t.Run("sqlite migrating", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "r.db")
		db, err := sql.Open("sqlite", path+"?_pragma=journal_mode(WAL)")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		c, err := db.Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
			t.Fatal(err)
		}
		addr := mailtest.FreePort(t)
		base := "http://" + addr
		cmd := exec.Command(bin, "serve", "--db", "sqlite:"+path, "--addr", addr)
		cmd.Env = append(os.Environ(), "DISCLOSE_DB=", "DISCLOSE_ADDR=")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
		var code int
		var h http.Header
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if code, h = get(base + "/readyz"); code != 0 {
				break
			}
		}
		if code != http.StatusServiceUnavailable {
			t.Fatalf("/readyz while the migration waits: %d, want 503", code)
		}
		if code, h = get(base + "/disclosure-log"); code != http.StatusServiceUnavailable || h.Get("Retry-After") == "" {
			t.Errorf("a page while migrating: %d Retry-After %q, want 503 with Retry-After", code, h.Get("Retry-After"))
		}
		if code, _ = get(base + "/healthz"); code != 200 {
			t.Errorf("/healthz while migrating: %d, want 200 (alive, so a liveness probe does not restart it)", code)
		}
		c.ExecContext(context.Background(), "ROLLBACK")
		c.Close()
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if code, _ = get(base + "/readyz"); code == 200 {
				break
			}
		}
		if code != 200 {
			t.Errorf("/readyz once migrated: %d, want 200", code)
		}
	})

	t.Run("postgres unreachable", func(t *testing.T) {
		dsn := pgtest.Start(t)
		s := startServed(t, bin, dsn)
		if code, _ := get(s.base + "/readyz"); code != 200 {
			t.Fatalf("/readyz: %d, want 200", code)
		}
		u, _ := url.Parse(dsn)
		name := strings.TrimPrefix(u.Path, "/")
		u.Path = "/postgres"
		conn, err := pgx.Connect(context.Background(), u.String())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(context.Background(), "DROP DATABASE "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
			t.Fatal(err)
		}
		if code, _ := get(s.base + "/readyz"); code != http.StatusServiceUnavailable {
			t.Errorf("/readyz with the database gone: %d, want 503", code)
		}
	})
}
