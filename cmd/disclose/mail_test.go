// SPDX-License-Identifier: AGPL-3.0-or-later

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

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/mailtest"
	"disclose/internal/pgtest"
)

// TestKillDuringDelivery is the outbox's promise: `disclose serve` is
// killed with SIGKILL, three times, while it delivers acknowledgements to a
// real SMTP server; after the last restart every message has arrived
// exactly once. A message whose delivery was cut off after the server was
// sent it may or may not have been accepted, so it is not sent again by
// itself: it is held in doubt on its case, and staff check (here: ask
// Mailpit) and confirm it or send it again.
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
	const n, kills = 60, 3
	pit := mailtest.StartMailpit(t)
	mailbox := []string{"--mailbox", "Thurrock FOI <foi@thurrock.example>"}

	// Take n requests by web with email off (no DISCLOSE_SMTP): the
	// acknowledgements wait in the outbox.
	t.Setenv("DISCLOSE_SMTP", "")
	token := officerToken(t, dsn)
	base, srv := startServe(t, bin, dsn, mailbox...)
	for i := range n {
		body := fmt.Sprintf(`{"requester":{"name":"Requester %d","email":"r%d@example.org"},"request":"How many libraries were open in %d?"}`, i, i, 2000+i)
		req, _ := http.NewRequest("POST", base+"/api/v1/requests", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != http.StatusCreated {
			t.Fatalf("submitting request %d: %v %v", i, err, resp)
		}
		resp.Body.Close()
	}
	_ = srv.Process.Kill()
	_ = srv.Wait()

	// Deliver, killing the server each time another batch has arrived:
	// the moment a message shows in Mailpit is the moment after the
	// server's 250, the narrowest window there is.
	t.Setenv("DISCLOSE_SMTP", "smtp://"+pit.SMTP)
	fast := append(mailbox, "--outbox-lease", "2s", "--outbox-poll", "100ms")
	// Each kill comes a few messages after the last: watching closely (not
	// at WaitFor's pace) so that a fast machine cannot deliver the rest
	// between two looks.
	seen := 0
	for range kills {
		_, srv = startServe(t, bin, dsn, fast...)
		deadline := time.Now().Add(60 * time.Second)
		for want := seen + 5; seen < want && time.Now().Before(deadline); {
			time.Sleep(5 * time.Millisecond)
			seen = len(pit.Messages(t))
		}
		if err := srv.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = srv.Wait()
	}
	if got := len(pit.Messages(t)); got >= n {
		t.Fatalf("all %d messages were delivered before the last kill; the test proves nothing", got)
	}

	// Restart: the rest are delivered, and any message cut off after the
	// hand-over is held in doubt once its lease lapses.
	_, _ = startServe(t, bin, dsn, fast...)
	store, err := openStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	settled := func() (sent, held []*foi.OutboxMessage) {
		t.Helper()
		deadline := time.Now().Add(90 * time.Second)
		for {
			all, err := store.FindMessages(context.Background(), foi.OutboxFilter{Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			sent, held = nil, nil
			for _, m := range all {
				switch {
				case m.Status == foi.OutboxSent:
					sent = append(sent, m)
				case m.Status == foi.OutboxFailed && m.InDoubt:
					held = append(held, m)
				}
			}
			if len(sent)+len(held) == n || time.Now().After(deadline) {
				return sent, held
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	received := func() map[string]int {
		got := map[string]int{}
		for _, m := range pit.Messages(t) {
			got[m.MessageID]++
		}
		return got
	}
	id := func(m *foi.OutboxMessage) string { return m.Key + "@thurrock.example" }
	sent, held := settled()
	if len(sent)+len(held) != n {
		t.Fatalf("after the restart %d are sent and %d held in doubt, of %d", len(sent), len(held), n)
	}
	if len(held) > kills {
		t.Errorf("%d messages held in doubt after %d kills of one worker; at most one a kill", len(held), kills)
	}
	time.Sleep(time.Second) // anything still on its way to Mailpit arrives
	got := received()
	for _, m := range sent {
		if got[id(m)] != 1 {
			t.Errorf("acknowledgement %s is recorded as sent and arrived %d times, want once", id(m), got[id(m)])
		}
	}

	// Staff check each held message: it arrived (confirm it) or it did not
	// (send it again). Each arrives exactly once in the end.
	svc, err := casework.New(context.Background(), store)
	if err != nil {
		t.Fatal(err)
	}
	officer := &foi.User{ID: 1, Name: "Jane Officer", Role: foi.RoleOfficer}
	arrived := 0
	for _, m := range held {
		r, err := store.FindRequestByID(context.Background(), m.RequestID)
		if err != nil {
			t.Fatal(err)
		}
		c := got[id(m)]
		if c > 1 {
			t.Errorf("held message %s arrived %d times", id(m), c)
		}
		arrived += c
		if _, err := svc.ResolveEmail(context.Background(), officer, r.Reference, m.ID, c == 0); err != nil {
			t.Fatal(err)
		}
	}
	heldCount := len(held)
	sent, _ = settled()
	if len(sent) != n {
		t.Fatalf("after staff resolved the held messages %d of %d are sent", len(sent), n)
	}
	time.Sleep(time.Second)
	got = received()
	duplicates := 0
	for _, m := range sent {
		if c := got[id(m)]; c != 1 {
			t.Errorf("acknowledgement %s arrived %d times, want exactly once", id(m), c)
			duplicates += max(c-1, 0)
		}
	}
	if len(got) != n {
		t.Errorf("mailpit received %d distinct messages, want %d", len(got), n)
	}
	t.Logf("%d kills: %d messages held in doubt (%d had in fact arrived); %d duplicates", kills, heldCount, arrived, duplicates)
}
