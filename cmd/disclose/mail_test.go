package main

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"disclose/internal/foi"
	"disclose/internal/mailtest"
	"disclose/internal/pgtest"
)

// TestKillDuringDelivery is the outbox's promise: `disclose serve` is
// killed with SIGKILL while it delivers acknowledgements to a real SMTP
// server; after a restart every message arrives, and none arrives twice
// except, at most, the one message that was in flight at the kill — the
// one case the outbox cannot rule out (the server had accepted it, our
// record of that had not committed), which is resent with the same
// Message-ID so it is recognisably the same message.
func TestKillDuringDelivery(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real servers; skipped with -short")
	}
	bin := buildDisclose(t)
	t.Run("sqlite", func(t *testing.T) {
		killDuringDelivery(t, bin, "sqlite:"+filepath.Join(t.TempDir(), "disclose.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		killDuringDelivery(t, bin, pgtest.StartDurable(t))
	})
}

func killDuringDelivery(t *testing.T, bin, dsn string) {
	const n = 60
	pit := mailtest.StartMailpit(t)
	mailbox := []string{"--mailbox", "Thurrock FOI <foi@thurrock.example>"}

	// Take n requests by web with email off (no DISCLOSE_SMTP): the
	// acknowledgements wait in the outbox.
	t.Setenv("DISCLOSE_SMTP", "")
	base, srv := startServe(t, bin, dsn, mailbox...)
	for i := range n {
		body := fmt.Sprintf(`{"requester":{"name":"Requester %d","email":"r%d@example.org"},"request":"How many libraries were open in %d?"}`, i, i, 2000+i)
		resp, err := http.Post(base+"/api/v1/requests", "application/json", strings.NewReader(body))
		if err != nil || resp.StatusCode != http.StatusCreated {
			t.Fatalf("submitting request %d: %v %v", i, err, resp)
		}
		resp.Body.Close()
	}
	_ = srv.Process.Kill()
	_ = srv.Wait()

	// Deliver, and kill the server part-way through.
	t.Setenv("DISCLOSE_SMTP", "smtp://"+pit.SMTP)
	fast := append(mailbox, "--outbox-lease", "2s", "--outbox-poll", "100ms")
	_, srv = startServe(t, bin, dsn, fast...)
	got := pit.WaitFor(t, n/3, 60*time.Second)
	if err := srv.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = srv.Wait()
	if len(got) >= n {
		t.Fatalf("all %d messages were delivered before the kill; the test proves nothing", len(got))
	}
	before := len(pit.Messages(t))

	// Restart: the rest are delivered, including any whose lease lapsed.
	_, _ = startServe(t, bin, dsn, fast...)
	store, err := openStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	deadline := time.Now().Add(90 * time.Second)
	var sent []*foi.OutboxMessage
	for {
		sent, err = store.FindMessages(context.Background(), foi.OutboxFilter{Status: foi.OutboxSent, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if len(sent) == n || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if len(sent) != n {
		t.Fatalf("%d of %d acknowledgements are recorded as sent after the restart", len(sent), n)
	}
	received := map[string]int{}
	for _, m := range pit.WaitFor(t, n, 10*time.Second) {
		received[m.MessageID]++
	}
	duplicates := 0
	for _, m := range sent {
		id := m.Key + "@thurrock.example"
		switch c := received[id]; {
		case c == 0:
			t.Errorf("acknowledgement %s was recorded as sent but never arrived", id)
		case c > 1:
			duplicates += c - 1
		}
	}
	if len(received) != n {
		t.Errorf("mailpit received %d distinct messages, want %d", len(received), n)
	}
	if duplicates > 1 {
		t.Errorf("%d messages arrived twice; at most the one in flight at the kill may", duplicates)
	}
	t.Logf("%d delivered before the kill, %d in all; %d sent twice (same Message-ID)", before, n, duplicates)
}
