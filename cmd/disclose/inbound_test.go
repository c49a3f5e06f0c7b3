// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/mailtest"
	"disclose/internal/pgtest"
)

// swaks sends raw (a whole message) to the SMTP server at addr with Debian's
// swaks, and returns its transcript and whether the server accepted it.
func swaks(t *testing.T, addr, from, to string, raw []byte) (string, bool) {
	t.Helper()
	if _, err := exec.LookPath("swaks"); err != nil {
		t.Fatal("swaks is not installed: run scripts/test, or apt-get install swaks")
	}
	host, port, _ := strings.Cut(addr, ":")
	cmd := exec.Command("swaks", "--server", host, "--port", port, "--from", from, "--to", to,
		"--data", "-", "--timeout", "30")
	cmd.Stdin = strings.NewReader(string(raw))
	out, err := cmd.CombinedOutput()
	return string(out), err == nil
}

func mailFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "internal", "mail", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func waitInbound(t *testing.T, store foi.Store, f foi.InboundFilter, n int) []*foi.InboundMessage {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		list, err := store.FindInboundMessages(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) >= n || time.Now().After(deadline) {
			return list
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestEmailRequestAndReply is the mailbox end to end: swaks sends an
// Outlook request to `disclose serve`'s SMTP listener; it becomes a case
// with the sender as requester, received today (UK time) and split into
// its parts; the acknowledgement arrives in a real SMTP server's mailbox
// once; a reply to the acknowledgement's case address threads to the case;
// an out-of-office is set aside and an unknown recipient is refused.
func TestEmailRequestAndReply(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real servers; skipped with -short")
	}
	bin := buildDisclose(t)
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "disclose.db")
	pit := mailtest.StartMailpit(t)
	smtpAddr := mailtest.FreePort(t)
	t.Setenv("DISCLOSE_SMTP", "smtp://"+pit.SMTP)
	startServe(t, bin, dsn, "--mailbox", "Thurrock FOI <foi@thurrock.example>", "--smtp-addr", smtpAddr,
		"--outbox-poll", "100ms")
	store, err := openStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()

	out, ok := swaks(t, smtpAddr, "sean.obrien@outlook.example", "foi@thurrock.example", mailFixture(t, "outlook-windows-1252.eml"))
	if !ok {
		t.Fatalf("the listener refused the request:\n%s", out)
	}
	today := foi.Date(time.Now().In(casework.UK))
	created := waitInbound(t, store, foi.InboundFilter{Status: foi.InboundRequestCreated}, 1)
	if len(created) != 1 {
		list, _ := store.FindInboundMessages(ctx, foi.InboundFilter{})
		t.Fatalf("no request was created; inbound: %+v", list)
	}
	r, err := store.FindRequestByID(ctx, created[0].RequestID)
	if err != nil {
		t.Fatal(err)
	}
	if r.Requester.Name != "Seán O’Brien" || r.Requester.Email != "sean.obrien@outlook.example" || r.Channel != foi.ChannelEmail {
		t.Errorf("requester %+v by %s, want Seán O’Brien <sean.obrien@outlook.example> by email", r.Requester, r.Channel)
	}
	if !r.ReceivedOn.Equal(today) {
		t.Errorf("received on %s, want today in UK time, %s", foi.FormatDate(r.ReceivedOn), foi.FormatDate(today))
	}
	if len(r.Parts) != 2 || !strings.Contains(r.Parts[0].Text, "potholes repaired in 2025 – by ward") || !strings.Contains(r.Parts[1].Text, "in £") {
		t.Errorf("parts = %+v, want the two numbered questions", r.Parts)
	}

	acks := pit.WaitFor(t, 1, 20*time.Second)
	if len(acks) != 1 || acks[0].To[0].Address != "sean.obrien@outlook.example" || !strings.Contains(acks[0].Subject, r.Reference.String()) {
		t.Fatalf("mailpit holds %+v, want one acknowledgement of %s to the requester", acks, r.Reference)
	}
	caseAddr := acks[0].ReplyTo[0].Address

	// The requester replies from an iPhone to the case address.
	reply := strings.NewReplacer("{{REF}}", r.Reference.String(), "{{NUM}}", fmt.Sprint(r.Reference.Number), "{{TO}}", caseAddr).
		Replace(string(mailFixture(t, "iphone-reply.eml")))
	if out, ok := swaks(t, smtpAddr, "sam@example.org", caseAddr, []byte(reply)); !ok {
		t.Fatalf("the listener refused a reply to %s:\n%s", caseAddr, out)
	}
	threaded := waitInbound(t, store, foi.InboundFilter{Status: foi.InboundThreaded}, 1)
	if len(threaded) != 1 || threaded[0].RequestID != r.ID || !strings.Contains(threaded[0].Text, "financial year April 2025") {
		t.Fatalf("threaded replies = %+v, want the reply on %s", threaded, r.Reference)
	}
	events, _ := store.FindEvents(ctx, r.ID)
	if last := events[len(events)-1]; last.Type != foi.EventEmailReceived || !strings.Contains(last.Note, "sam@example.org") {
		t.Errorf("last event = %s %q, want email-received from the reply", last.Type, last.Note)
	}

	// A forged case address (right number, wrong token) and a stranger are
	// refused at RCPT time; nothing is stored.
	forged := strings.Replace(caseAddr, "-", "-x", 1)
	for _, to := range []string{"nobody@thurrock.example", forged, "foi@elsewhere.example"} {
		if out, ok := swaks(t, smtpAddr, "spam@example.net", to, []byte("From: spam@example.net\r\nSubject: hi\r\n\r\nhi\r\n")); ok || !strings.Contains(out, "550") {
			t.Errorf("mail to %s was not refused with 550:\n%s", to, out)
		}
	}

	// An out-of-office and a bounce are recorded and set aside, never a request.
	for from, file := range map[string]string{"jo.bloggs@company.example": "out-of-office.eml", "<>": "dsn-bounce.eml"} {
		if out, ok := swaks(t, smtpAddr, from, "foi@thurrock.example", mailFixture(t, file)); !ok {
			t.Fatalf("the listener refused %s:\n%s", file, out)
		}
	}
	ignored := waitInbound(t, store, foi.InboundFilter{Status: foi.InboundIgnored}, 2)
	if len(ignored) != 2 {
		t.Errorf("%d messages set aside, want the out-of-office and the bounce", len(ignored))
	}
	if _, n, _ := store.FindRequests(ctx, foi.RequestFilter{}); n != 1 {
		t.Errorf("%d requests, want only the one from the real request", n)
	}
	if all, _ := store.FindInboundMessages(ctx, foi.InboundFilter{}); len(all) != 4 {
		t.Errorf("%d inbound messages stored, want 4 (the refused ones are not)", len(all))
	}
	if n := len(pit.Messages(t)); n != 1 {
		t.Errorf("mailpit holds %d messages, want only the one acknowledgement", n)
	}
}

// TestKillDuringInbound: `disclose serve` is killed with SIGKILL while
// swaks clients send it mail; after a restart every message that was
// answered 250 is stored, and each becomes a request.
func TestKillDuringInbound(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real servers; skipped with -short")
	}
	bin := buildDisclose(t)
	t.Run("sqlite", func(t *testing.T) {
		killDuringInbound(t, bin, "sqlite:"+filepath.Join(t.TempDir(), "disclose.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		killDuringInbound(t, bin, pgtest.StartDurable(t))
	})
}

func killDuringInbound(t *testing.T, bin, dsn string) {
	smtpAddr := mailtest.FreePort(t)
	t.Setenv("DISCLOSE_SMTP", "")
	args := []string{"--mailbox", "foi@thurrock.example", "--smtp-addr", smtpAddr}
	_, srv := startServe(t, bin, dsn, args...)

	const clients = 4
	var (
		mu     sync.Mutex
		acked  []string
		wg     sync.WaitGroup
		stop   = make(chan struct{})
		failed int
	)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				// Each message has its own sender: intake holds a sender's
				// eleventh request of the day (the public limit), and this
				// test is about durability, not that limit.
				subject := fmt.Sprintf("load-%d-%d", c, i)
				sender := fmt.Sprintf("load%d-%d@example.org", c, i)
				raw := fmt.Sprintf("From: Load Tester %d <%s>\r\nTo: foi@thurrock.example\r\nSubject: %s\r\nMessage-ID: <%s@example.org>\r\n\r\nHow many streetlights were repaired in ward %d?\r\n", c, sender, subject, subject, i)
				if _, ok := swaks(t, smtpAddr, sender, "foi@thurrock.example", []byte(raw)); ok {
					mu.Lock()
					acked = append(acked, subject)
					mu.Unlock()
				} else {
					mu.Lock()
					failed++
					mu.Unlock()
					return // the server is gone
				}
			}
		}()
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 60 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := srv.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = srv.Wait()
	close(stop)
	wg.Wait()
	if len(acked) < 30 {
		t.Fatalf("only %d messages were accepted before the kill; the test proves little", len(acked))
	}

	startServe(t, bin, dsn, args...)
	store, err := openStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	var all []*foi.InboundMessage
	deadline = time.Now().Add(60 * time.Second)
	for {
		all, err = store.FindInboundMessages(context.Background(), foi.InboundFilter{Limit: 100000})
		if err != nil {
			t.Fatal(err)
		}
		sorted := 0
		for _, m := range all {
			if m.Status != foi.InboundNew {
				sorted++
			}
		}
		if sorted == len(all) && len(all) >= len(acked) || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	stored := map[string]*foi.InboundMessage{}
	for _, m := range all {
		stored[m.Subject] = m
	}
	lost := 0
	for _, s := range acked {
		m, ok := stored[s]
		if !ok || m.Status != foi.InboundRequestCreated || m.RequestID == 0 {
			lost++
			if lost <= 5 {
				t.Errorf("accepted message %s after restart: %+v", s, m)
			}
		}
	}
	if lost > 0 {
		t.Fatalf("%d of %d accepted messages were lost or not made requests", lost, len(acked))
	}
	t.Logf("%d messages accepted with 250 before kill -9; all stored and made requests after restart (%d stored in all)", len(acked), len(all))
}

// TestCopiesSortedAtOnceMakeOneRequest: two copies of one message (the SMTP
// listener and the polled mailbox, or two processes) sorted at the same
// moment make one request; the other copy is set aside. On PostgreSQL the
// two sorts used to run side by side, each seeing the other copy still
// unsorted, and made two requests.
func TestCopiesSortedAtOnceMakeOneRequest(t *testing.T) {
	for name, dsn := range map[string]func() string{
		"sqlite":   func() string { return "sqlite:" + filepath.Join(t.TempDir(), "disclose.db") },
		"postgres": func() string { return pgtest.Start(t) },
	} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			store, err := openStore(ctx, dsn())
			if err != nil {
				t.Fatal(err)
			}
			defer store.Close()
			svc, err := casework.New(ctx, store)
			if err != nil {
				t.Fatal(err)
			}
			const messages = 10
			for i := range messages {
				mid := fmt.Sprintf("<copy-%d@example.org>", i)
				var ids [2]int64
				for c := range ids {
					m := &foi.InboundMessage{Raw: []byte(fmt.Sprintf("copy %d of %s", c, mid)), ReceivedAt: time.Now()}
					if err := store.Update(ctx, func(tx foi.Tx) error { return tx.CreateInbound(ctx, m) }); err != nil {
						t.Fatal(err)
					}
					ids[c] = m.ID
				}
				var wg sync.WaitGroup
				start := make(chan struct{})
				for _, id := range ids {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						if _, err := svc.ReceiveEmail(ctx, casework.ReceivedEmail{InboundID: id, Kind: casework.EmailNewRequest,
							MessageID: mid, FromName: "Alex Requester", FromEmail: fmt.Sprintf("alex%d@example.org", i),
							Subject: "Bins", Text: fmt.Sprintf("How many bins were emptied in ward %d?", i)}); err != nil {
							t.Error(err)
						}
					}()
				}
				close(start)
				wg.Wait()
			}
			if _, n, err := store.FindRequests(ctx, foi.RequestFilter{}); err != nil || n != messages {
				t.Errorf("%d requests from %d messages sent twice (%v); want one each", n, messages, err)
			}
			if set := waitInbound(t, store, foi.InboundFilter{Status: foi.InboundIgnored}, messages); len(set) != messages {
				t.Errorf("%d copies set aside; want %d", len(set), messages)
			}
		})
	}
}
