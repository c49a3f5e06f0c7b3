// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"disclose/internal/foi"
	"disclose/internal/pgtest"
)

// submitter sends requests to a running server from several clients until
// stopped, and records each one acknowledged (201) with when its answer
// arrived.
type submitter struct {
	mu   sync.Mutex
	acks []ackedAt
	errs []string
	stop context.CancelFunc
	wg   sync.WaitGroup
}

type ackedAt struct {
	acked
	at time.Time
}

// startSubmitting posts requests as staff (token), whom the public
// limits do not slow, from clients goroutines until stopped.
func startSubmitting(t *testing.T, base, token string, clients int) *submitter {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &submitter{stop: cancel}
	client := &http.Client{Timeout: 20 * time.Second}
	for c := range clients {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				name := fmt.Sprintf("Backup Requester %d-%d", c, i)
				body := fmt.Sprintf(`{"requester":{"name":%q,"email":"b%d.%d@example.org"},"request":"How many libraries opened in %d?"}`, name, c, i, 1900+i)
				req, _ := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/requests", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+token)
				resp, err := client.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						s.mu.Lock()
						s.errs = append(s.errs, err.Error())
						s.mu.Unlock()
					}
					return
				}
				var out struct{ Reference string }
				err = json.NewDecoder(resp.Body).Decode(&out)
				resp.Body.Close()
				s.mu.Lock()
				if resp.StatusCode == http.StatusCreated && err == nil {
					s.acks = append(s.acks, ackedAt{acked{out.Reference, name}, time.Now()})
				} else {
					s.errs = append(s.errs, fmt.Sprintf("status %d: %v", resp.StatusCode, err))
				}
				s.mu.Unlock()
			}
		}()
	}
	return s
}

// waitFor blocks until n requests are acknowledged.
func (s *submitter) waitFor(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		s.mu.Lock()
		got := len(s.acks)
		s.mu.Unlock()
		if got >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d requests acknowledged in 60s", got)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// ackedBefore returns the requests acknowledged before t0.
func (s *submitter) ackedBefore(t0 time.Time) []acked {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []acked
	for _, a := range s.acks {
		if a.at.Before(t0) {
			out = append(out, a.acked)
		}
	}
	return out
}

// missing returns the acknowledged requests the database at dsn lacks.
func missing(t *testing.T, dsn string, acks []acked) []string {
	t.Helper()
	store, err := openStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	var lost []string
	for _, a := range acks {
		ref, err := foi.ParseReference(a.reference)
		if err != nil {
			t.Fatalf("acknowledged reference %q: %v", a.reference, err)
		}
		if r, err := store.FindRequest(context.Background(), ref); err != nil || r.Requester.Name != a.name {
			lost = append(lost, a.reference)
		}
	}
	return lost
}

// runBin runs the built binary and returns its status and output.
func runBin(t *testing.T, bin string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "DISCLOSE_DB=")
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), string(out)
	}
	if err != nil {
		t.Fatalf("%s %v: %v", bin, args, err)
	}
	return 0, string(out)
}

// A backup taken while `disclose serve` is taking requests holds every
// request acknowledged before it began, passes `disclose check`, and
// restores to a database that holds them too. Restore refuses a damaged
// backup, an existing file without --force, and a database in use.
func TestBackupUnderWriteLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real servers; skipped with -short")
	}
	bin := buildDisclose(t)
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	token := officerToken(t, "sqlite:"+live)
	base, _ := startServe(t, bin, "sqlite:"+live)
	sub := startSubmitting(t, base, token, 4)
	defer func() { sub.stop(); sub.wg.Wait() }()
	sub.waitFor(t, 100)

	backup := filepath.Join(dir, "backup.db")
	t0 := time.Now()
	if code, out := runBin(t, bin, "backup", "--db", "sqlite:"+live, backup); code != 0 {
		t.Fatalf("disclose backup: exit %d\n%s", code, out)
	}
	before := sub.ackedBefore(t0)
	sub.waitFor(t, len(before)+50) // the server went on taking requests throughout
	sub.stop()
	sub.wg.Wait()
	if len(sub.errs) > 0 {
		t.Errorf("%d submissions failed during the backup, first: %s", len(sub.errs), sub.errs[0])
	}

	code, out := runBin(t, bin, "check", "--db", "sqlite:"+backup)
	if code != 0 || !strings.Contains(out, "integrity: ok") || !strings.Contains(out, "migrations: all applied") {
		t.Fatalf("disclose check of the backup: exit %d\n%s", code, out)
	}
	var n int
	if _, err := fmt.Sscanf(out[strings.Index(out, "\nrequests: ")+1:], "requests: %d", &n); err != nil || n < len(before) {
		t.Errorf("check counts %d requests (%v); %d were acknowledged before the backup", n, err, len(before))
	}

	restored := filepath.Join(dir, "restored.db")
	if code, out := runBin(t, bin, "restore", backup, "--db", "sqlite:"+restored); code != 0 {
		t.Fatalf("disclose restore: exit %d\n%s", code, out)
	}
	if lost := missing(t, "sqlite:"+restored, before); len(lost) > 0 {
		t.Fatalf("%d of %d requests acknowledged before the backup are not in the restored copy: %v", len(lost), len(before), lost[:min(5, len(lost))])
	}
	t.Logf("backup under load: %d requests acknowledged before it, all restored; %d in the copy", len(before), n)

	// Restore refuses what would lose data, and changes nothing.
	if code, out := runBin(t, bin, "restore", backup, "--db", "sqlite:"+restored); code != 1 || !strings.Contains(out, "already exists; add --force") {
		t.Errorf("restore over an existing file without --force: exit %d %q", code, out)
	}
	if code, out := runBin(t, bin, "restore", "--force", backup, "--db", "sqlite:"+live); code != 1 || !strings.Contains(out, "in use") {
		t.Errorf("restore over the database serve has open: exit %d %q", code, out)
	}
	b, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	damaged := filepath.Join(dir, "damaged.db")
	if err := os.WriteFile(damaged, b[:len(b)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out := runBin(t, bin, "check", "--db", "sqlite:"+damaged); code != 1 {
		t.Errorf("check of a truncated backup: exit %d, want 1\n%s", code, out)
	}
	if code, out := runBin(t, bin, "restore", "--force", damaged, "--db", "sqlite:"+restored); code != 1 {
		t.Errorf("restore of a truncated backup: exit %d, want 1\n%s", code, out)
	}
	if lost := missing(t, "sqlite:"+restored, before); len(lost) > 0 {
		t.Errorf("a refused restore changed the database: %d requests gone", len(lost))
	}
}

// PostgreSQL is backed up with pg_dump: `disclose backup` says so, and a
// dump of a live Disclose database restored with pg_restore into an empty
// one is a working Disclose with every request.
func TestPostgresDumpRestores(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real servers; skipped with -short")
	}
	bin := buildDisclose(t)
	src := pgtest.Start(t)
	if code, out := runBin(t, bin, "backup", "--db", src, filepath.Join(t.TempDir(), "x")); code != 2 || !strings.Contains(out, "pg_dump -Fc") {
		t.Errorf("disclose backup of PostgreSQL: exit %d %q, want 2 and how to use pg_dump", code, out)
	}
	token := officerToken(t, src)
	base, _ := startServe(t, bin, src)
	sub := startSubmitting(t, base, token, 2)
	sub.waitFor(t, 40)
	pgBin, err := pgtest.Binaries()
	if err != nil {
		t.Fatal(err)
	}
	dump := filepath.Join(t.TempDir(), "disclose.dump")
	t0 := time.Now()
	if out, err := exec.Command(filepath.Join(pgBin, "pg_dump"), "-Fc", "-f", dump, "--dbname", src).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}
	sub.stop()
	sub.wg.Wait()
	before := sub.ackedBefore(t0)

	dst := pgtest.Start(t)
	if out, err := exec.Command(filepath.Join(pgBin, "pg_restore"), "--no-owner", "--exit-on-error", "-d", dst, dump).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}
	code, out := runBin(t, bin, "check", "--db", dst)
	if code != 0 || !strings.Contains(out, "migrations: all applied") {
		t.Fatalf("disclose check of the restored database: exit %d\n%s", code, out)
	}
	if lost := missing(t, dst, before); len(lost) > 0 {
		t.Fatalf("%d of %d requests acknowledged before pg_dump are not in the restored database", len(lost), len(before))
	}
	// It serves, and takes new requests with the next references.
	base2, _ := startServe(t, bin, dst)
	sub2 := startSubmitting(t, base2, token, 1) // the token came with the dump
	sub2.waitFor(t, 3)
	sub2.stop()
	sub2.wg.Wait()
	if len(sub2.errs) > 0 {
		t.Errorf("the restored database refused new requests: %v", sub2.errs[0])
	}
	t.Logf("%d requests dumped and restored", len(before))
}
