// SPDX-License-Identifier: AGPL-3.0-or-later

package mail_test

import (
	"fmt"
	"net"
	"net/smtp"
	"strings"
	"testing"

	"disclose/internal/foi"
	"disclose/internal/mail"
	"disclose/internal/mailtest"
)

// A message whose Message-ID is already stored is not made a second
// request: sent twice to the SMTP listener, and a third time found in the
// polled mailbox (a council whose mail reaches both), it is one request,
// and the copies are set aside with the reason.
func TestTheSameMessageTwiceIsOneRequest(t *testing.T) {
	dc := mailtest.StartDovecot(t, "foi@thurrock.example", "imap-Pa55")
	f := newFixture(t)
	inbox := &mail.Inbox{Store: f.store, Service: f.svc, Addresses: f.addrs}
	raw := readFixture(t, "gmail.eml")

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := &mail.Listener{Inbox: inbox, Domain: "thurrock.example", Now: f.svc.Now}
	go func() { _ = l.Serve(ln) }()
	t.Cleanup(func() { l.Close() })
	for i := range 2 {
		if err := smtp.SendMail(ln.Addr().String(), nil, "priya@gmail.example", []string{"foi@thurrock.example"}, raw); err != nil {
			t.Fatalf("SMTP copy %d: %v", i+1, err)
		}
	}

	dc.Deliver(t, raw, f.svc.Now())
	cfg, err := mail.ParseIMAP(fmt.Sprintf("imaps://%s:%s@%s/INBOX", "foi%40thurrock.example", dc.Password, dc.Addr))
	if err != nil {
		t.Fatal(err)
	}
	cfg.TLS = mail.TLSConfig("127.0.0.1", dc.Roots)
	if n, err := (&mail.Poller{Config: cfg, Inbox: inbox}).Poll(ctx); err != nil || n != 1 {
		t.Fatalf("poll stored %d, %v; want the mailbox's copy", n, err)
	}
	if err := inbox.SortAll(ctx); err != nil {
		t.Fatal(err)
	}
	all, err := f.store.FindInboundMessages(ctx, foi.InboundFilter{})
	if err != nil {
		t.Fatal(err)
	}
	created, copies := 0, 0
	for _, m := range all {
		switch {
		case m.Status == foi.InboundRequestCreated:
			created++
		case m.Status == foi.InboundIgnored && strings.Contains(m.Note, "the same Message-ID"):
			copies++
		default:
			t.Errorf("inbound %d: %s %q", m.ID, m.Status, m.Note)
		}
	}
	if len(all) != 3 || created != 1 || copies != 2 {
		t.Errorf("%d stored: %d made requests, %d set aside as copies; want 3, 1 and 2", len(all), created, copies)
	}
	if _, n, _ := f.store.FindRequests(ctx, foi.RequestFilter{}); n != 1 {
		t.Errorf("%d requests from one message, want 1", n)
	}
}
