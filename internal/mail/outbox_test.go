// SPDX-License-Identifier: AGPL-3.0-or-later

package mail_test

import (
	"context"
	"crypto/x509"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/mail"
	"disclose/internal/mailtest"
	"disclose/internal/sqlite"
)

var ctx = context.Background()

// fixture is a casework service that queues email, on a fresh SQLite store.
type fixture struct {
	store *sqlite.Store
	svc   *casework.Service
	addrs *mail.Addresses
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "disclose.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	addrs, err := mail.NewAddresses("Thurrock FOI <foi@thurrock.example>", "", []byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	composer, err := mail.NewComposer(addrs)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := casework.New(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	svc.Mail = composer
	svc.Now = func() time.Time { return time.Date(2026, 11, 25, 10, 0, 0, 0, casework.UK) }
	if err := store.Update(ctx, func(tx foi.Tx) error { return tx.SetSetting(ctx, "authority_name", "Thurrock Council") }); err != nil {
		t.Fatal(err)
	}
	return &fixture{store: store, svc: svc, addrs: addrs}
}

func (f *fixture) worker(cfg *mail.SMTP) *mail.Worker {
	return &mail.Worker{
		Store: f.store, Sender: &mail.Sender{Config: cfg, Addresses: f.addrs},
		Name: "test-worker", Backoff: time.Second, MaxAttempts: 3,
	}
}

func smtpTo(t *testing.T, hostport string) *mail.SMTP {
	t.Helper()
	host, port, _ := net.SplitHostPort(hostport)
	cfg, err := mail.ParseSMTP("smtp://" + host + ":" + port)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Timeout = 10 * time.Second
	return cfg
}

func (f *fixture) submit(t *testing.T) *foi.Request {
	t.Helper()
	r, _, err := f.svc.SubmitPublicRequest(ctx, "192.0.2.10", casework.NewRequest{
		Requester: foi.Requester{Name: "Zoë Requester", Email: "zoe@example.org"},
		Text:      "Please tell me:\n1. How many potholes were repaired in 2025?\n2. What did the repairs cost?",
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func runOnce(t *testing.T, w *mail.Worker) int {
	t.Helper()
	n, err := w.RunOnce(ctx)
	if err != nil {
		t.Fatalf("worker: %v", err)
	}
	return n
}

func outbox(t *testing.T, s foi.Store, requestID int64) []*foi.OutboxMessage {
	t.Helper()
	list, err := s.FindMessages(ctx, foi.OutboxFilter{RequestID: requestID})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func eventTypes(t *testing.T, s foi.Store, requestID int64) []string {
	t.Helper()
	events, err := s.FindEvents(ctx, requestID)
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, e := range events {
		types = append(types, e.Type)
	}
	return types
}

func TestAcknowledgementAndResponseReachARealSMTPServer(t *testing.T) {
	pit := mailtest.StartMailpit(t)
	f := newFixture(t)
	r := f.submit(t)

	// The acknowledgement was queued with the request, in one transaction.
	queued := outbox(t, f.store, r.ID)
	if len(queued) != 1 || queued[0].Kind != foi.EmailAcknowledgement || queued[0].Status != foi.OutboxQueued {
		t.Fatalf("outbox after intake = %+v, want one queued acknowledgement", queued)
	}
	if got := eventTypes(t, f.store, r.ID); !slices.Equal(got, []string{foi.EventCreated, foi.EventEmailQueued}) {
		t.Errorf("events after intake = %v", got)
	}

	w := f.worker(smtpTo(t, pit.SMTP))
	if n := runOnce(t, w); n != 1 {
		t.Fatalf("worker attempted %d messages, want 1", n)
	}
	if n := runOnce(t, w); n != 0 {
		t.Fatalf("worker attempted %d more messages after sending everything", n)
	}
	got := pit.Messages(t)
	if len(got) != 1 {
		t.Fatalf("mailpit holds %d messages, want the acknowledgement once", len(got))
	}
	ack := pit.Message(t, got[0].ID)
	wantSubject := "Your request " + r.Reference.String() + ": received, due by 24 December 2026"
	if ack.Subject != wantSubject {
		t.Errorf("subject %q, want %q", ack.Subject, wantSubject)
	}
	if ack.From.Address != "foi@thurrock.example" || len(ack.To) != 1 || ack.To[0].Address != "zoe@example.org" || ack.To[0].Name != "Zoë Requester" {
		t.Errorf("from %v to %v, want the FOI mailbox to Zoë Requester <zoe@example.org>", ack.From, ack.To)
	}
	caseAddr := f.addrs.Case(r.Reference)
	if len(ack.ReplyTo) != 1 || ack.ReplyTo[0].Address != caseAddr {
		t.Errorf("reply-to %v, want the case address %s", ack.ReplyTo, caseAddr)
	}
	if n, _, ok := f.addrs.Recipient(caseAddr); !ok || n != r.Reference.Number {
		t.Errorf("the case address %s does not lead back to %s", caseAddr, r.Reference)
	}
	if ack.MessageID != f.addrs.MessageID(queued[0].Key) {
		t.Errorf("Message-ID %q, want the outbox key %q", ack.MessageID, f.addrs.MessageID(queued[0].Key))
	}
	for _, want := range []string{"Dear Zoë Requester", r.Reference.String(), "25 November 2026", "24 December 2026",
		"1. How many potholes were repaired in 2025?", "What happens next", "Thurrock Council"} {
		if !strings.Contains(ack.Text, want) {
			t.Errorf("acknowledgement text lacks %q:\n%s", want, ack.Text)
		}
	}
	if !strings.Contains(ack.HTML, "<strong>24 December 2026</strong>") || !strings.Contains(ack.HTML, "Zoë Requester") {
		t.Errorf("acknowledgement HTML lacks the due date or greeting:\n%s", ack.HTML)
	}
	if h := pit.Headers(t, got[0].ID); !slices.Contains(h["Auto-Submitted"], "auto-replied") {
		t.Errorf("acknowledgement headers lack Auto-Submitted: auto-replied: %v", h["Auto-Submitted"])
	}
	sent := outbox(t, f.store, r.ID)[0]
	if sent.Status != foi.OutboxSent || sent.SentAt.IsZero() || sent.Attempts != 1 {
		t.Errorf("after delivery the outbox says %s, sent %v, %d attempts", sent.Status, sent.SentAt, sent.Attempts)
	}

	// Answer both parts and record the response: the response is queued
	// and delivered with the answers.
	officer := &foi.User{ID: 1, Name: "Jane Officer", Role: foi.RoleOfficer}
	if _, err := f.svc.AnswerPart(ctx, officer, r.Reference, 1, casework.Answer{Text: "1,204 potholes.", Outcome: foi.Granted}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AnswerPart(ctx, officer, r.Reference, 2, casework.Answer{Outcome: foi.Withheld,
		Exemptions: []string{"s43(2)"}, PublicInterest: "Contract prices are being renegotiated."}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventResponded}); err != nil {
		t.Fatal(err)
	}
	runOnce(t, w)
	got = pit.WaitFor(t, 2, 5*time.Second)
	if len(got) != 2 {
		t.Fatalf("mailpit holds %d messages, want the acknowledgement and the response", len(got))
	}
	resp := pit.Message(t, got[1].ID)
	for _, want := range []string{"our response", "1,204 potholes.", "Freedom of Information Act 2000, s.43(2)",
		"internal review within 40 working days", "Information Commissioner's Office"} {
		if !strings.Contains(resp.Text, want) && !strings.Contains(resp.Subject, want) {
			t.Errorf("response lacks %q:\n%s", want, resp.Text)
		}
	}
	if got := eventTypes(t, f.store, r.ID); !slices.Contains(got, foi.EventEmailSent) || len(slices.DeleteFunc(slices.Clone(got),
		func(s string) bool { return s != foi.EventEmailSent })) != 2 {
		t.Errorf("events = %v, want an email-sent for each of the two messages", got)
	}
}

func TestAttachmentsArriveIntact(t *testing.T) {
	pit := mailtest.StartMailpit(t)
	f := newFixture(t)
	r := f.submit(t)
	pdf := append([]byte("%PDF-1.4\n"), make([]byte, 70_000)...)
	for i := range pdf[9:] {
		pdf[9+i] = byte(i * 7)
	}
	csv := []byte("ward,potholes\nGrays,412\nTilbury,388\n")
	composer, _ := mail.NewComposer(f.addrs)
	m, err := composer.Response(casework.ResponseEmail{Authority: "Thurrock Council", Request: r, Attachments: []foi.Attachment{
		{Filename: "potholes-2025.pdf", ContentType: "application/pdf", Data: pdf},
		{Filename: "by ward.csv", ContentType: "text/csv", Data: csv},
	}})
	if err != nil {
		t.Fatal(err)
	}
	m.RequestID = r.ID
	if err := f.store.Update(ctx, func(tx foi.Tx) error { return tx.QueueMessage(ctx, m) }); err != nil {
		t.Fatal(err)
	}
	runOnce(t, f.worker(smtpTo(t, pit.SMTP)))
	list := pit.Messages(t)
	var resp *mailtest.Message
	for _, s := range list {
		if strings.Contains(s.Subject, "our response") {
			resp = pit.Message(t, s.ID)
		}
	}
	if resp == nil {
		t.Fatalf("no response among %d messages", len(list))
	}
	if len(resp.Attachments) != 2 {
		t.Fatalf("response has %d attachments, want 2", len(resp.Attachments))
	}
	for i, want := range [][]byte{pdf, csv} {
		a := resp.Attachments[i]
		if got := pit.PartData(t, resp.ID, a.PartID); string(got) != string(want) {
			t.Errorf("attachment %s arrived as %d bytes, want the %d sent", a.FileName, len(got), len(want))
		}
	}
	if resp.Attachments[0].FileName != "potholes-2025.pdf" || resp.Attachments[1].FileName != "by ward.csv" {
		t.Errorf("attachment names %q, %q", resp.Attachments[0].FileName, resp.Attachments[1].FileName)
	}
	if !strings.Contains(resp.Text, "Attached: potholes-2025.pdf, by ward.csv.") {
		t.Errorf("response text does not list the attachments:\n%s", resp.Text)
	}
}

func TestTemporaryFailureIsRetriedAndPermanentFailureShowsOnTheCase(t *testing.T) {
	pit := mailtest.StartMailpit(t)
	f := newFixture(t)
	w := f.worker(smtpTo(t, pit.SMTP))

	// 451: the message waits and is retried after the backoff.
	pit.Chaos(t, 451)
	r := f.submit(t)
	runOnce(t, w)
	m := outbox(t, f.store, r.ID)[0]
	if m.Status != foi.OutboxQueued || m.Attempts != 1 || !strings.Contains(m.LastError, "451") || !m.NextAttemptAt.After(time.Now().Add(-time.Second)) {
		t.Fatalf("after a 451: status %s, attempts %d, error %q, next %v; want queued for a retry", m.Status, m.Attempts, m.LastError, m.NextAttemptAt)
	}
	if n := runOnce(t, w); n != 0 {
		t.Errorf("the worker retried at once instead of backing off")
	}
	pit.Chaos(t, 0)
	time.Sleep(1300 * time.Millisecond) // the backoff, 1s ± 20%
	runOnce(t, w)
	if m := outbox(t, f.store, r.ID)[0]; m.Status != foi.OutboxSent || m.Attempts != 2 {
		t.Errorf("after the server recovered: status %s after %d attempts, want sent after 2", m.Status, m.Attempts)
	}
	if n := len(pit.Messages(t)); n != 1 {
		t.Errorf("mailpit holds %d messages, want 1", n)
	}

	// 550: refused for good; staff see it on the case.
	pit.Chaos(t, 550)
	r2 := f.submit(t)
	runOnce(t, w)
	m = outbox(t, f.store, r2.ID)[0]
	if m.Status != foi.OutboxFailed || m.Attempts != 1 || !strings.Contains(m.LastError, "550") {
		t.Fatalf("after a 550: status %s, attempts %d, error %q; want failed at once", m.Status, m.Attempts, m.LastError)
	}
	events, _ := f.store.FindEvents(ctx, r2.ID)
	last := events[len(events)-1]
	if last.Type != foi.EventEmailFailed || !strings.Contains(last.Note, "550") || !strings.Contains(last.Note, "zoe@example.org") {
		t.Errorf("last event on the case = %s %q, want email-failed naming the address and the 550", last.Type, last.Note)
	}
	pit.Chaos(t, 0)
	if n := runOnce(t, w); n != 0 {
		t.Errorf("a failed message was attempted again")
	}
}

// TestSTARTTLSWithAuthentication sends through a server that requires
// STARTTLS and a login, as a council's Microsoft 365 or relay does.
func TestSTARTTLSWithAuthentication(t *testing.T) {
	dir := t.TempDir()
	certPEM, keyPEM := mailtest.SelfSignedCert(t, "127.0.0.1")
	cert, key, auth := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem"), filepath.Join(dir, "auth")
	for p, b := range map[string][]byte{cert: certPEM, key: keyPEM, auth: []byte("disclose:s3cret-Pa55\n")} {
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	pit := mailtest.StartMailpit(t, "--smtp-tls-cert", cert, "--smtp-tls-key", key, "--smtp-require-starttls",
		"--smtp-auth-file", auth)
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(certPEM)
	_, port, _ := net.SplitHostPort(pit.SMTP)

	for _, tt := range []struct {
		password string
		want     foi.OutboxStatus
	}{
		// A refused login is our configuration, not the message: it waits
		// (and retries) until an administrator fixes DISCLOSE_SMTP.
		{"wrong", foi.OutboxQueued},
		{"s3cret-Pa55", foi.OutboxSent},
	} {
		f := newFixture(t)
		cfg, err := mail.ParseSMTP("smtp://disclose:" + tt.password + "@127.0.0.1:" + port)
		if err != nil {
			t.Fatal(err)
		}
		cfg.TLS = mail.TLSConfig("127.0.0.1", roots)
		r := f.submit(t)
		runOnce(t, f.worker(cfg))
		m := outbox(t, f.store, r.ID)[0]
		if tt.want == foi.OutboxQueued && !strings.Contains(m.LastError, "535") {
			t.Errorf("password %q: last error %q, want the server's 535", tt.password, m.LastError)
		}
		if m.Status != tt.want {
			t.Errorf("password %q: status %s (%s), want %s", tt.password, m.Status, m.LastError, tt.want)
		}
	}
	if n := len(pit.Messages(t)); n != 1 {
		t.Errorf("mailpit holds %d messages, want the one sent with the right password", n)
	}
}

func TestParseSMTP(t *testing.T) {
	tests := []struct {
		in, want string
		implicit bool
		err      string
	}{
		{"smtp://user:pa%40ss@smtp.council.example:587", "smtp://user@smtp.council.example:587", false, ""},
		{"smtp://user:pass@smtp.council.example", "smtp://user@smtp.council.example:587", false, ""},
		{"smtps://user:pass@smtp.council.example", "smtps://user@smtp.council.example:465", true, ""},
		{"smtp://relay.internal:25", "smtp://relay.internal:25", false, ""},
		{"http://x:25", "", false, "scheme"},
		{"smtp://user:secret@host:99999", "", false, "port"},
		{"smtp://", "", false, "not a URL"},
	}
	for _, tt := range tests {
		got, err := mail.ParseSMTP(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) || strings.Contains(err.Error(), "secret") {
				t.Errorf("ParseSMTP(%q) = %v, want an error about %s that hides the password", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got.String() != tt.want || got.Implicit != tt.implicit {
			t.Errorf("ParseSMTP(%q) = %v, %v; want %s", tt.in, got, err, tt.want)
		}
	}
	if cfg, _ := mail.ParseSMTP("smtp://user:pa%40ss@h:587"); cfg.Password != "pa@ss" {
		t.Errorf("password %q, want pa@ss", cfg.Password)
	}
}

// TestResponseLetterArrivesOnceWithReleasedFiles: staff draft a response
// letter, mark one of two files for release and send it; the requester
// receives the letter as written, with only the released file, once.
func TestResponseLetterArrivesOnceWithReleasedFiles(t *testing.T) {
	pit := mailtest.StartMailpit(t)
	f := newFixture(t)
	r := f.submit(t)
	officer := &foi.User{ID: 1, Name: "Jane Officer", Role: foi.RoleOfficer}
	for n, a := range []casework.Answer{{Text: "1,204 potholes.", Outcome: foi.Granted}, {Text: "See the attached spreadsheet.", Outcome: foi.Granted}} {
		if _, err := f.svc.AnswerPart(ctx, officer, r.Reference, n+1, a); err != nil {
			t.Fatal(err)
		}
	}
	csv := []byte("ward,cost\nGrays,41200\nTilbury,38800\n")
	if _, err := f.svc.AddAttachment(ctx, officer, r.Reference, casework.Upload{Name: "pothole costs.csv", Data: csv, Release: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AddAttachment(ctx, officer, r.Reference, casework.Upload{Name: "internal notes.txt", Data: []byte("not for release"), Release: false}); err != nil {
		t.Fatal(err)
	}
	l, err := f.svc.DraftLetter(ctx, officer, r.Reference, foi.LetterResponse, "")
	if err != nil {
		t.Fatal(err)
	}
	body := "Dear Zoë Requester,\n\nThank you for your request. We repaired 1,204 potholes; the costs by ward are attached.\n\nYours sincerely,\nJane Officer"
	if err := f.svc.EditLetter(ctx, officer, r.Reference, l.ID, body); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SendLetter(ctx, officer, r.Reference, l.ID); err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, m := range outbox(t, f.store, r.ID) {
		kinds = append(kinds, m.Kind)
	}
	if !slices.Equal(kinds, []string{foi.EmailAcknowledgement, "letter-response"}) {
		t.Fatalf("outbox = %v, want the acknowledgement and the response letter (not a second, generated response)", kinds)
	}
	w := f.worker(smtpTo(t, pit.SMTP))
	runOnce(t, w)
	runOnce(t, w)
	got := pit.Messages(t)
	if len(got) != 2 {
		t.Fatalf("mailpit holds %d messages, want 2", len(got))
	}
	letter := pit.Message(t, got[1].ID)
	if letter.Subject != "Your request "+r.Reference.String()+": our response" || !strings.Contains(letter.Text, "We repaired 1,204 potholes") {
		t.Errorf("letter %q:\n%s", letter.Subject, letter.Text)
	}
	if len(letter.Attachments) != 1 || letter.Attachments[0].FileName != "pothole costs.csv" ||
		string(pit.PartData(t, letter.ID, letter.Attachments[0].PartID)) != string(csv) {
		t.Errorf("attachments %+v, want only the released pothole costs.csv, intact", letter.Attachments)
	}
	if !strings.Contains(letter.HTML, "We repaired 1,204 potholes") {
		t.Errorf("letter HTML:\n%s", letter.HTML)
	}
}

func TestAcknowledgementCarriesTheTrackingLink(t *testing.T) {
	f := newFixture(t)
	composer, _ := mail.NewComposer(f.addrs)
	composer.PublicURL = "https://foi.thurrock.example/"
	r := f.submit(t)
	m, err := composer.Acknowledgement(casework.AcknowledgementEmail{Authority: "Thurrock Council", Request: r, TrackingPath: "/track/s3cr3t"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Text, "https://foi.thurrock.example/track/s3cr3t") || !strings.Contains(m.HTML, `href="https://foi.thurrock.example/track/s3cr3t"`) {
		t.Errorf("acknowledgement lacks the tracking link:\n%s\n%s", m.Text, m.HTML)
	}
}
