// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"disclose/internal/foi"
	"disclose/internal/mailtest"
	"disclose/internal/pgtest"
)

// TestGracefulShutdown sends SIGTERM to `disclose serve` while clients
// submit requests over keep-alive connections and an email is half-way
// through DATA. The process exits 0; every request answered 201 is in the
// database and no other was taken (the count matches); no client's
// connection was reset, each request either completed with its status or
// was refused before the server took it; the email is answered 250 and
// stored.
func TestGracefulShutdown(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real servers; skipped with -short")
	}
	bin := buildDisclose(t)
	t.Run("sqlite", func(t *testing.T) { gracefulShutdown(t, bin, "sqlite:"+filepath.Join(t.TempDir(), "g.db")) })
	t.Run("postgres", func(t *testing.T) { gracefulShutdown(t, bin, pgtest.Start(t)) })
}

// smtpConv is a hand-driven SMTP client, so a message can be left half
// sent.
type smtpConv struct {
	t *testing.T
	c net.Conn
	r *bufio.Reader
}

func (s *smtpConv) expect(code string) string {
	s.t.Helper()
	s.c.SetReadDeadline(time.Now().Add(30 * time.Second))
	var all string
	for {
		line, err := s.r.ReadString('\n')
		if err != nil {
			s.t.Fatalf("smtp: waiting for %s: %v (read %q)", code, err, all+line)
		}
		all += line
		if len(line) < 4 || line[3] != '-' {
			break
		}
	}
	if !strings.HasPrefix(all, code) {
		s.t.Fatalf("smtp: got %q, want %s", all, code)
	}
	return all
}

func (s *smtpConv) send(line string) {
	s.t.Helper()
	if _, err := s.c.Write([]byte(line + "\r\n")); err != nil {
		s.t.Fatalf("smtp: send %q: %v", line, err)
	}
}

type outcome struct {
	name   string
	status int
	err    error
	reused bool
}

func gracefulShutdown(t *testing.T, bin, dsn string) {
	token := officerToken(t, dsn)
	smtpAddr := mailtest.FreePort(t)
	s := startServed(t, bin, dsn, "--mailbox", "Thurrock FOI <foi@thurrock.example>", "--smtp-addr", smtpAddr)

	// An email, stopped half-way through its content.
	c, err := net.Dial("tcp", smtpAddr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sm := &smtpConv{t: t, c: c, r: bufio.NewReader(c)}
	sm.expect("220")
	sm.send("EHLO client.example.net")
	sm.expect("250")
	sm.send("MAIL FROM:<sender@example.net>")
	sm.expect("250")
	sm.send("RCPT TO:<foi@thurrock.example>")
	sm.expect("250")
	sm.send("DATA")
	sm.expect("354")
	sm.send("From: Shutdown Sender <sender@example.net>\r\nTo: foi@thurrock.example\r\nSubject: Gritting\r\nMessage-ID: <shutdown@example.net>\r\n")

	var (
		mu       sync.Mutex
		outcomes []outcome
		wg       sync.WaitGroup
	)
	nAcked := func() int {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, o := range outcomes {
			if o.status == http.StatusCreated {
				n++
			}
		}
		return n
	}
	for cl := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{}}
			for i := 0; ; i++ {
				o := outcome{name: fmt.Sprintf("Shutdown Requester %d-%d", cl, i)}
				body := fmt.Sprintf(`{"requester":{"name":%q,"email":"s%d.%d@example.org"},"request":"How many bins were emptied on round %d?"}`, o.name, cl, i, i)
				req, _ := http.NewRequest("POST", s.base+"/api/v1/requests", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+token)
				req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
					GotConn: func(info httptrace.GotConnInfo) { o.reused = info.Reused },
				}))
				resp, err := client.Do(req)
				if err != nil {
					o.err = err
				} else {
					var out struct{ Reference string }
					if json.NewDecoder(resp.Body).Decode(&out) == nil && resp.StatusCode == http.StatusCreated {
						o.name += "|" + out.Reference
					}
					resp.Body.Close()
					o.status = resp.StatusCode
				}
				mu.Lock()
				outcomes = append(outcomes, o)
				mu.Unlock()
				if errors.Is(err, syscall.ECONNREFUSED) || (o.status != 0 && o.status != http.StatusCreated) {
					return // the server has gone, or is going
				}
				if err != nil && i > 1000 {
					return
				}
			}
		}()
	}
	for deadline := time.Now().Add(60 * time.Second); nAcked() < 60; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("only %d requests acknowledged", nAcked())
		}
	}
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// The rest of the email, after the signal: it must still be taken.
	time.Sleep(200 * time.Millisecond)
	sm.send("\r\nHow many gritters were out last night?\r\n\r\nShutdown Sender\r\n.")
	sm.expect("250")
	sm.send("QUIT")
	sm.expect("221")

	select {
	case <-s.exited:
	case <-time.After(60 * time.Second):
		t.Fatal("serve did not exit within 60s of SIGTERM")
	}
	wg.Wait()
	if code := s.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("exit status after SIGTERM: %d, want 0\n%s", code, s.log())
	}

	var acks []acked
	refused, cut := 0, 0
	for _, o := range outcomes {
		switch {
		case o.status == http.StatusCreated:
			name, ref, _ := strings.Cut(o.name, "|")
			acks = append(acks, acked{ref, name})
		case o.err != nil && errors.Is(o.err, syscall.ECONNREFUSED):
			refused++
		case o.err != nil && strings.Contains(o.err.Error(), "reset"):
			t.Errorf("a client's connection was reset (reused connection: %v): %v", o.reused, o.err)
		case o.err != nil:
			cut++ // ended before an answer, cleanly; checked below that nothing was taken
			t.Logf("request ended without an answer (reused connection: %v): %v", o.reused, o.err)
		case o.status == http.StatusServiceUnavailable:
			refused++ // refused while shutting down
		default:
			t.Errorf("unexpected answer %d during shutdown", o.status)
		}
	}
	if lost := missing(t, dsn, acks); len(lost) > 0 {
		t.Fatalf("%d of %d acknowledged requests are not in the database: %v", len(lost), len(acks), lost[:min(5, len(lost))])
	}
	store, err := openStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	inbound, err := store.FindInboundMessages(context.Background(), foi.InboundFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(inbound) != 1 {
		t.Fatalf("inbound messages after shutdown: %d, want the one answered 250", len(inbound))
	}
	if m, err := store.FindInbound(context.Background(), inbound[0].ID); err != nil || !strings.Contains(string(m.Raw), "gritters were out") {
		t.Fatalf("the email answered 250 is not stored whole: %v", err)
	}
	fromEmail := 0
	if inbound[0].Status == foi.InboundRequestCreated {
		fromEmail = 1
	}
	_, total, err := store.FindRequests(context.Background(), foi.RequestFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := total - fromEmail; got != len(acks) {
		t.Errorf("%d requests by the API in the database, %d acknowledged: a request was taken without its answer reaching the client", got, len(acks))
	}
	t.Logf("SIGTERM under load: %d acknowledged and kept, %d refused, %d ended cleanly without an answer, the email kept", len(acks), refused, cut)
}

// slowSMTP is a real SMTP server (go-smtp) that takes its time to answer
// a message's content, so a delivery can be caught in flight.
type slowSMTP struct {
	inData chan struct{}
	mu     sync.Mutex
	got    int
}

func (b *slowSMTP) NewSession(*smtp.Conn) (smtp.Session, error) { return &slowSession{b}, nil }

type slowSession struct{ b *slowSMTP }

func (s *slowSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *slowSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *slowSession) Reset()                               {}
func (s *slowSession) Logout() error                        { return nil }
func (s *slowSession) Data(r io.Reader) error {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err
	}
	select {
	case s.b.inData <- struct{}{}:
	default:
	}
	time.Sleep(2 * time.Second)
	s.b.mu.Lock()
	s.b.got++
	s.b.mu.Unlock()
	return nil
}

// An email being delivered when SIGTERM arrives is finished, not cut off
// after DATA (which would leave it in doubt, held for staff): it is
// accepted once and recorded sent, and serve exits 0. (The sender uses its
// context only to dial and for its deadline, so shutdown waits for the
// delivery under way; this guards that.)
func TestShutdownFinishesDelivery(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real servers; skipped with -short")
	}
	bin := buildDisclose(t)
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "d.db")
	b := &slowSMTP{inData: make(chan struct{}, 1)}
	srv := smtp.NewServer(b)
	srv.Domain = "relay.example"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()
	s := startServedEnv(t, bin, dsn, []string{"DISCLOSE_SMTP=smtp://" + ln.Addr().String()},
		"--mailbox", "Thurrock FOI <foi@thurrock.example>", "--outbox-poll", "100ms")
	if code := postJSON(t, s.base+"/api/v1/requests", officerToken(t, dsn), `{"requester":{"name":"Mail Waiter","email":"waiter@example.org"},"request":"When is bin day?"}`); code != 201 {
		t.Fatalf("request: %d", code)
	}
	select {
	case <-b.inData:
	case <-time.After(30 * time.Second):
		t.Fatalf("the acknowledgement never reached the mail server:\n%s", s.log())
	}
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.exited:
	case <-time.After(40 * time.Second):
		t.Fatal("serve did not exit within 40s of SIGTERM")
	}
	if code := s.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("exit status %d, want 0\n%s", code, s.log())
	}
	store, err := openStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	msgs, err := store.FindMessages(context.Background(), foi.OutboxFilter{})
	if err != nil || len(msgs) != 1 {
		t.Fatalf("outbox: %d messages, %v", len(msgs), err)
	}
	b.mu.Lock()
	got := b.got
	b.mu.Unlock()
	if m := msgs[0]; m.Status != foi.OutboxSent || m.InDoubt || got != 1 {
		t.Errorf("the email in flight at SIGTERM: status %s, in doubt %v, accepted %d times; want sent once", m.Status, m.InDoubt, got)
	}
}
