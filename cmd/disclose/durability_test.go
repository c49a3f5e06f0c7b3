// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"disclose/internal/foi"
	"disclose/internal/pgtest"
)

// TestKillDuringIntake is the promise that nothing acknowledged is lost: it
// kills `disclose serve` with SIGKILL while clients are submitting requests,
// restarts it on the same database, and checks that every request that was
// answered 201 is there, on both engines.
func TestKillDuringIntake(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real servers; skipped with -short")
	}
	bin := buildDisclose(t)
	t.Run("sqlite", func(t *testing.T) {
		killDuringIntake(t, bin, "sqlite:"+filepath.Join(t.TempDir(), "disclose.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		killDuringIntake(t, bin, pgtest.StartDurable(t))
	})
}

// buildDisclose compiles the command once for the end-to-end tests.
func buildDisclose(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "disclose")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startServe starts `disclose serve` with any extra flags and returns its
// base URL and process.
func startServe(t *testing.T, bin, dsn string, extra ...string) (string, *exec.Cmd) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0", "--db", dsn}, extra...)...)
	cmd.Env = append(os.Environ(), "DISCLOSE_DB=", "DISCLOSE_ADDR=")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "disclose: serving on "); ok {
				urlc <- u
			}
		}
		close(urlc)
	}()
	select {
	case u, ok := <-urlc:
		if !ok {
			t.Fatalf("disclose serve exited before listening:\n%s", stderr.String())
		}
		return u, cmd
	case <-time.After(60 * time.Second):
		t.Fatalf("disclose serve did not start within 60s:\n%s", stderr.String())
	}
	return "", nil
}

// officerToken adds an officer to the database and returns an API token
// for them: the tests log requests as staff, who are not rate-limited as
// the public are.
func officerToken(t *testing.T, dsn string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"user", "add", "--db", dsn, "--role", "officer", "--name", "Intake Officer",
		"--email", "intake@council.example"}, strings.NewReader("correct horse battery staple\n"), &out, &errOut); code != 0 {
		t.Fatalf("user add: %d %s", code, errOut.String())
	}
	out.Reset()
	if code := run(context.Background(), []string{"token", "create", "--db", dsn, "--email", "intake@council.example"}, strings.NewReader(""), &out, &errOut); code != 0 {
		t.Fatalf("token create: %d %s", code, errOut.String())
	}
	return strings.TrimSpace(out.String())
}

type acked struct {
	reference string
	name      string
}

func killDuringIntake(t *testing.T, bin, dsn string) {
	token := officerToken(t, dsn)
	base, srv := startServe(t, bin, dsn)

	const clients = 8
	var (
		mu   sync.Mutex
		acks []acked
		wg   sync.WaitGroup
	)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	client := &http.Client{Timeout: 10 * time.Second}
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				name := fmt.Sprintf("Requester %d-%d", c, i)
				body := fmt.Sprintf(`{"requester":{"name":%q,"email":"r%d.%d@example.org"},"request":"1. How many potholes were repaired in %d?\n2. At what cost?"}`, name, c, i, 2000+i)
				req, _ := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/requests", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+token)
				resp, err := client.Do(req)
				if err != nil {
					return // the server was killed
				}
				var out struct{ Reference string }
				err = json.NewDecoder(resp.Body).Decode(&out)
				resp.Body.Close()
				if resp.StatusCode == http.StatusCreated && err == nil {
					mu.Lock()
					acks = append(acks, acked{out.Reference, name})
					mu.Unlock()
				}
			}
		}()
	}
	// Kill once a good number of requests have been acknowledged, while
	// the clients are still sending.
	deadline := time.Now().Add(30 * time.Second)
	for {
		mu.Lock()
		n := len(acks)
		mu.Unlock()
		if n >= 150 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := srv.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = srv.Wait()
	cancel()
	wg.Wait()
	if len(acks) < 50 {
		t.Fatalf("only %d requests were acknowledged before the kill; the test proves little", len(acks))
	}

	// Restart on the same database; it must come up and hold every
	// acknowledged request.
	base, _ = startServe(t, bin, dsn)
	if resp, err := http.Get(base + "/healthz"); err != nil || resp.StatusCode != 200 {
		t.Fatalf("restarted server is not healthy: %v", err)
	}
	store, err := openStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	lost := 0
	for _, a := range acks {
		ref, err := foi.ParseReference(a.reference)
		if err != nil {
			t.Fatalf("acknowledged reference %q: %v", a.reference, err)
		}
		r, err := store.FindRequest(context.Background(), ref)
		if err != nil || r.Requester.Name != a.name || len(r.Parts) != 2 {
			lost++
			if lost <= 5 {
				t.Errorf("acknowledged %s (%s) after restart: %v", a.reference, a.name, err)
			}
		}
	}
	if lost > 0 {
		t.Fatalf("%d of %d acknowledged requests were lost", lost, len(acks))
	}
	t.Logf("%d acknowledged requests all survived kill -9", len(acks))
}
