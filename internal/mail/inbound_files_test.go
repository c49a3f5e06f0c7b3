// SPDX-License-Identifier: AGPL-3.0-or-later

package mail_test

import (
	"fmt"
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/mail"
)

// receive stores raw as if it came in by SMTP and sorts it.
func receive(t *testing.T, inbox *mail.Inbox, from, to string, raw []byte) *foi.InboundMessage {
	t.Helper()
	m := &foi.InboundMessage{Raw: raw, EnvelopeFrom: from, EnvelopeTo: []string{to}, ReceivedAt: inbox.Service.Now()}
	if err := inbox.Keep(ctx, m); err != nil {
		t.Fatal(err)
	}
	if err := inbox.SortAll(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := inbox.Store.FindInbound(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

type caseFile struct {
	Name    string
	Release bool
	Inbound int64
	Data    string
}

func caseFiles(t *testing.T, s foi.Store, requestID int64) []caseFile {
	t.Helper()
	list, err := s.FindAttachments(ctx, requestID)
	if err != nil {
		t.Fatal(err)
	}
	var out []caseFile
	for _, a := range list {
		data, err := s.FindBlob(ctx, a.Hash)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, caseFile{a.Name, a.Release, a.InboundID, string(data)})
	}
	return out
}

// The files that come with an email become the case's attachments, not
// for release, with the message they came with: the files inside a
// winmail.dat, not inline images; a type that cannot be attached stays in
// the stored message and the case says so.
func TestEmailAttachmentsAreCopiedToTheCase(t *testing.T) {
	f := newFixture(t)
	inbox := &mail.Inbox{Store: f.store, Service: f.svc, Addresses: f.addrs}

	m := receive(t, inbox, "contracts@contractor.example", "foi@thurrock.example", readFixture(t, "winmail-dat.eml"))
	if m.Status != foi.InboundRequestCreated {
		t.Fatalf("winmail.dat request: %s (%s)", m.Status, m.Note)
	}
	want := []caseFile{
		{"Budget 2025.xlsx", false, m.ID, "PK\x03\x04fake-xlsx-bytes"},
		{"Résumé.docx", false, m.ID, "PK\x03\x04fake-docx-bytes"},
	}
	if got := caseFiles(t, f.store, m.RequestID); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("case attachments = %+v, want %+v", got, want)
	}

	m = receive(t, inbox, "tom.baker@icloud.example", "foi@thurrock.example", readFixture(t, "apple-inline-image.eml"))
	got := caseFiles(t, f.store, m.RequestID)
	if len(got) != 1 || got[0].Name != "map.pdf" || got[0].Inbound != m.ID || got[0].Release {
		t.Errorf("case attachments = %+v, want map.pdf only (the inline photo belongs to the body)", got)
	}

	// A reply to the case address brings a PDF and a program.
	r := f.submit(t)
	reply := fmt.Sprintf("From: Zoë Requester <zoe@example.org>\r\nTo: %s\r\nSubject: Re: my request\r\n"+
		"Message-ID: <reply-files@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"+
		"--b\r\nContent-Type: text/plain\r\n\r\nThe map you asked for is attached.\r\n"+
		"--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"ward map.pdf\"\r\n\r\n%%PDF-1.4 ward map\r\n"+
		"--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"setup.exe\"\r\n\r\nMZ\x90\x00\r\n"+
		"--b--\r\n", f.addrs.Case(r.Reference))
	m = receive(t, inbox, "zoe@example.org", f.addrs.Case(r.Reference), []byte(reply))
	if m.Status != foi.InboundThreaded || m.RequestID != r.ID {
		t.Fatalf("reply: %s to %d, want threaded to %d", m.Status, m.RequestID, r.ID)
	}
	got = caseFiles(t, f.store, r.ID)
	if len(got) != 1 || got[0].Name != "ward map.pdf" || got[0].Inbound != m.ID {
		t.Errorf("case attachments after the reply = %+v, want the PDF only", got)
	}
	events, _ := f.store.FindEvents(ctx, r.ID)
	var notes []string
	for _, e := range events {
		if e.Type == casework.EventAttachment {
			notes = append(notes, e.Note)
		}
	}
	if len(notes) != 2 || !strings.Contains(notes[0], "ward map.pdf") || !strings.Contains(notes[1], "setup.exe") ||
		!strings.Contains(notes[1], "not copied") {
		t.Errorf("attachment events = %q, want the PDF copied and setup.exe not copied", notes)
	}
}
