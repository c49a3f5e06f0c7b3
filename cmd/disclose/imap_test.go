// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"disclose/internal/foi"
	"disclose/internal/mailtest"
	"disclose/internal/pgtest"
)

// TestServeWithIMAP is `disclose serve --imap` end to end against a real
// Dovecot over IMAPS: messages appended to the mailbox become requests
// with the sender as requester, received on the day the mailbox got them
// (UK time), split into parts, and are flagged \Seen. serve is killed
// with SIGKILL while it works through the mailbox and every \Seen flag is
// then cleared (the worst a crash between storing and flagging can do);
// after a restart each message is still exactly one request.
func TestServeWithIMAP(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real servers; skipped with -short")
	}
	bin := buildDisclose(t)
	t.Run("sqlite", func(t *testing.T) {
		serveWithIMAP(t, bin, "sqlite:"+filepath.Join(t.TempDir(), "disclose.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		serveWithIMAP(t, bin, pgtest.StartDurable(t))
	})
}

func serveWithIMAP(t *testing.T, bin, dsn string) {
	const load = 20
	dc := mailtest.StartDovecot(t, "foi@thurrock.example", "imap-Pa55")
	// serve trusts the server's self-signed certificate as a council's
	// machine trusts its mail server's: through the system's roots.
	certFile := filepath.Join(t.TempDir(), "dovecot.pem")
	if err := os.WriteFile(certFile, dc.CertPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SSL_CERT_FILE", certFile)
	t.Setenv("DISCLOSE_SMTP", "")

	// 23:30 UTC on 31 March 2026 is 00:30 on 1 April in London (BST).
	dc.Deliver(t, mailFixture(t, "gmail.eml"), time.Date(2026, 3, 31, 23, 30, 0, 0, time.UTC))
	for i := range load {
		raw := fmt.Sprintf("From: Load Tester %d <load%d@example.org>\r\nTo: foi@thurrock.example\r\nSubject: load-%d\r\n"+
			"Message-ID: <load-%d@example.org>\r\n\r\n1. How many streetlights were repaired in ward %d?\r\n2. At what cost?\r\n", i, i, i, i, i)
		dc.Deliver(t, []byte(raw), time.Now())
	}
	imapURL := fmt.Sprintf("imaps://%s:%s@%s/INBOX", url.QueryEscape(dc.User), dc.Password, dc.Addr)
	args := []string{"--mailbox", "Thurrock FOI <foi@thurrock.example>", "--imap", imapURL, "--imap-poll", "200ms"}

	store, err := openStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	inbound := func() int {
		list, err := store.FindInboundMessages(ctx, foi.InboundFilter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}

	// Kill serve part-way through the mailbox.
	_, srv := startServe(t, bin, dsn, args...)
	deadline := time.Now().Add(60 * time.Second)
	for inbound() < 5 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if err := srv.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = srv.Wait()
	before := inbound()
	if before == 0 || before > load {
		t.Fatalf("%d messages stored before the kill; the test proves little", before)
	}
	dc.MarkAllUnseen(t)

	// Restart: every message is stored once, flagged seen, and a request.
	startServe(t, bin, dsn, args...)
	deadline = time.Now().Add(90 * time.Second)
	var requests []*foi.Request
	for {
		requests, _, err = store.FindRequests(ctx, foi.RequestFilter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if (len(requests) >= load+1 && dc.Unseen(t) == 0) || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if n := dc.Unseen(t); n != 0 {
		t.Errorf("%d messages are still unseen in the mailbox", n)
	}
	if n := inbound(); n != load+1 {
		t.Errorf("%d inbound messages stored, want %d: each once", n, load+1)
	}
	if len(requests) != load+1 {
		t.Fatalf("%d requests, want %d: one a message", len(requests), load+1)
	}
	seen := map[string]int{}
	var priya *foi.Request
	for _, r := range requests {
		full, err := store.FindRequestByID(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		seen[full.Requester.Email]++
		if full.Requester.Email == "priya.s@gmail.example" {
			priya = full
		} else if len(full.Parts) != 2 || full.Channel != foi.ChannelEmail {
			t.Errorf("%s from %s: %d parts by %s, want 2 by email", full.Reference, full.Requester.Email, len(full.Parts), full.Channel)
		}
	}
	for email, n := range seen {
		if n != 1 {
			t.Errorf("%s made %d requests, want 1", email, n)
		}
	}
	if priya == nil {
		t.Fatal("the request from gmail.eml is missing")
	}
	if priya.Requester.Name != "Priya Šarčević" || foi.FormatDate(priya.ReceivedOn) != "2026-04-01" ||
		len(priya.Parts) == 0 || !strings.Contains(priya.Text, "agency social workers") {
		t.Errorf("request from gmail.eml: %q received %s, %d parts, text %q; want Priya Šarčević on 2026-04-01 (UK time)",
			priya.Requester.Name, foi.FormatDate(priya.ReceivedOn), len(priya.Parts), priya.Text)
	}
	t.Logf("%d of %d messages stored before the kill; after the restart %d requests, none twice", before, load+1, len(requests))
}
