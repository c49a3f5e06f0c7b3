// SPDX-License-Identifier: AGPL-3.0-or-later

package mail_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/mail"
	"disclose/internal/mailtest"
)

// TestIMAPPolling fetches from a real Dovecot over IMAPS: every unseen
// message is stored once and flagged seen; a message fetched again (the
// flag was lost) is not stored twice; the messages are then sorted, with
// the mailbox's arrival time as the day of receipt in UK time.
func TestIMAPPolling(t *testing.T) {
	dc := mailtest.StartDovecot(t, "foi@thurrock.example", "imap-Pa55")
	f := newFixture(t)
	r := f.submit(t)
	if _, err := f.svc.RecordEvent(ctx, &foi.User{ID: 1, Name: "Jane Officer", Role: foi.RoleOfficer}, r.Reference,
		casework.ClockEvent{Type: foi.EventClarificationRequested}); err != nil {
		t.Fatal(err)
	}

	// 23:30 UTC on 31 March 2026 is 00:30 on 1 April in London (BST).
	arrived := time.Date(2026, 3, 31, 23, 30, 0, 0, time.UTC)
	dc.Deliver(t, readFixture(t, "gmail.eml"), arrived)
	reply := strings.NewReplacer("{{REF}}", r.Reference.String(), "{{NUM}}", fmt.Sprint(r.Reference.Number),
		"{{TO}}", f.addrs.Case(r.Reference)).Replace(string(readFixture(t, "iphone-reply.eml")))
	dc.Deliver(t, []byte(reply), arrived)
	dc.Deliver(t, readFixture(t, "out-of-office.eml"), arrived)

	cfg, err := mail.ParseIMAP(fmt.Sprintf("imaps://%s:%s@%s/INBOX", "foi%40thurrock.example", dc.Password, dc.Addr))
	if err != nil {
		t.Fatal(err)
	}
	cfg.TLS = mail.TLSConfig("127.0.0.1", dc.Roots)
	inbox := &mail.Inbox{Store: f.store, Service: f.svc, Addresses: f.addrs}
	p := &mail.Poller{Config: cfg, Inbox: inbox}
	if n, err := p.Poll(ctx); err != nil || n != 3 {
		t.Fatalf("first poll stored %d, %v; want 3", n, err)
	}
	if n := dc.Unseen(t); n != 0 {
		t.Errorf("%d messages still unseen after they were stored", n)
	}
	if n, err := p.Poll(ctx); err != nil || n != 0 {
		t.Errorf("second poll stored %d, %v; want nothing new", n, err)
	}
	dc.MarkAllUnseen(t)
	if _, err := p.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	all, _ := f.store.FindInboundMessages(ctx, foi.InboundFilter{})
	if len(all) != 3 {
		t.Fatalf("%d inbound messages after fetching the same three again, want 3", len(all))
	}

	if err := inbox.SortAll(ctx); err != nil {
		t.Fatal(err)
	}
	byStatus := map[foi.InboundStatus]*foi.InboundMessage{}
	for _, m := range must(f.store.FindInboundMessages(ctx, foi.InboundFilter{})) {
		byStatus[m.Status] = m
	}
	created, threaded, ignored := byStatus[foi.InboundRequestCreated], byStatus[foi.InboundThreaded], byStatus[foi.InboundIgnored]
	if created == nil || threaded == nil || ignored == nil {
		t.Fatalf("sorted into %v, want one request, one reply and one auto-reply", byStatus)
	}
	req, err := f.store.FindRequestByID(ctx, created.RequestID)
	if err != nil {
		t.Fatal(err)
	}
	if req.Requester.Name != "Priya Šarčević" || foi.FormatDate(req.ReceivedOn) != "2026-04-01" {
		t.Errorf("request from %q received %s; want Priya Šarčević on 2026-04-01 (UK time)", req.Requester.Name, foi.FormatDate(req.ReceivedOn))
	}
	if threaded.RequestID != r.ID || threaded.Suggestion != foi.EventClarificationReceived {
		t.Errorf("reply threaded to %d with suggestion %q; want %d, clarification-received", threaded.RequestID, threaded.Suggestion, r.ID)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestParseIMAP(t *testing.T) {
	tests := []struct {
		in, want string
		err      string
	}{
		{"imaps://foi%40council.example:pw@outlook.office365.example/INBOX", "imaps://foi@council.example@outlook.office365.example:993/INBOX", ""},
		{"imaps://u:pw@mail.example", "imaps://u@mail.example:993/INBOX", ""},
		{"imap://u:pw@127.0.0.1:1143/FOI", "imap://u@127.0.0.1:1143/FOI", ""},
		{"imaps://mail.example/INBOX", "", "no user"},
		{"pop3://u:secret@mail.example", "", "scheme"},
	}
	for _, tt := range tests {
		got, err := mail.ParseIMAP(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) || strings.Contains(err.Error(), "secret") {
				t.Errorf("ParseIMAP(%q) = %v, want an error about %s that hides the password", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got.String() != tt.want {
			t.Errorf("ParseIMAP(%q) = %v, %v; want %s", tt.in, got, err, tt.want)
		}
	}
}
