// SPDX-License-Identifier: AGPL-3.0-or-later

package mail_test

import (
	"bufio"
	"net"
	"strings"
	"testing"
	"time"

	"disclose/internal/foi"
)

// scriptedSMTP is an SMTP server reduced to the moments that matter for
// delivering exactly once: it accepts a message, then calls afterData with
// the connection (to answer, or to drop it unanswered) and onQuit when the
// client says QUIT.
func scriptedSMTP(t *testing.T, afterData func(c net.Conn), onQuit func()) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				r := bufio.NewReader(c)
				say := func(s string) { c.Write([]byte(s + "\r\n")) }
				say("220 scripted ESMTP")
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					cmd := strings.ToUpper(strings.TrimSpace(line))
					switch {
					case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
						say("250-scripted\r\n250 8BITMIME")
					case cmd == "DATA":
						say("354 go ahead")
						for {
							l, err := r.ReadString('\n')
							if err != nil {
								return
							}
							if l == ".\r\n" {
								break
							}
						}
						afterData(c)
					case cmd == "QUIT":
						if onQuit != nil {
							onQuit()
						}
						say("221 bye")
						return
					default:
						say("250 ok")
					}
				}
			}()
		}
	}()
	return ln.Addr().String()
}

// A server that takes the whole message and then drops the connection
// may have accepted it: the message is held for staff, not sent again.
func TestNoAnswerAfterTheMessageHoldsItInDoubt(t *testing.T) {
	f := newFixture(t)
	addr := scriptedSMTP(t, func(c net.Conn) { c.Close() }, nil)
	w := f.worker(smtpTo(t, addr))
	r := f.submit(t)
	runOnce(t, w)
	m := outbox(t, f.store, r.ID)[0]
	if m.Status != foi.OutboxFailed || !m.InDoubt || m.Attempts != 1 || !strings.Contains(m.LastError, "no answer") {
		t.Fatalf("after the connection dropped at the end of DATA: status %s, in doubt %v, attempts %d, error %q; want failed in doubt",
			m.Status, m.InDoubt, m.Attempts, m.LastError)
	}
	events, _ := f.store.FindEvents(ctx, r.ID)
	last := events[len(events)-1]
	if last.Type != foi.EventEmailFailed || !strings.Contains(last.Note, "may have been sent") {
		t.Errorf("last event = %s %q, want email-failed saying it may have been sent", last.Type, last.Note)
	}
	time.Sleep(1300 * time.Millisecond) // past any backoff
	if n := runOnce(t, w); n != 0 {
		t.Errorf("a message in doubt was attempted again")
	}
}

// "Sent" is recorded the moment the server accepts the message, before the
// session ends: by the time the client says QUIT it is committed.
func TestSentIsRecordedBeforeQuit(t *testing.T) {
	f := newFixture(t)
	r := f.submit(t)
	atQuit := make(chan foi.OutboxStatus, 1)
	addr := scriptedSMTP(t, func(c net.Conn) { c.Write([]byte("250 queued as 1\r\n")) }, func() {
		list, err := f.store.FindMessages(ctx, foi.OutboxFilter{RequestID: r.ID})
		if err != nil || len(list) != 1 {
			t.Errorf("reading the outbox at QUIT: %v", err)
			atQuit <- ""
			return
		}
		atQuit <- list[0].Status
	})
	runOnce(t, f.worker(smtpTo(t, addr)))
	select {
	case st := <-atQuit:
		if st != foi.OutboxSent {
			t.Errorf("when the client said QUIT the outbox said %q, want sent", st)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the client never said QUIT")
	}
}
