// SPDX-License-Identifier: AGPL-3.0-or-later

package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"disclose/internal/foi"
)

// mailTests are the conformance tests of the outbox and inbound email.
var mailTests = []struct {
	name string
	fn   func(t *testing.T, s foi.Store)
}{
	{"OutboxQueueOncePerKey", testOutboxQueueOncePerKey},
	{"OutboxClaimLeaseAndRetry", testOutboxClaimLease},
	{"OutboxConcurrentClaimsNeverShare", testOutboxConcurrentClaims},
	{"OutboxHandedOverIsHeldNotResent", testOutboxInDoubt},
	{"InboundStoreAndSort", testInbound},
	{"InboundByMessageID", testInboundByMessageID},
	{"InitSettingFirstWins", testInitSetting},
}

func queue(t *testing.T, s foi.Store, m *foi.OutboxMessage) *foi.OutboxMessage {
	t.Helper()
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.QueueMessage(ctx, m) }); err != nil {
		t.Fatalf("QueueMessage: %v", err)
	}
	return m
}

func outboxMessage(key string, requestID int64) *foi.OutboxMessage {
	return &foi.OutboxMessage{
		Key: key, RequestID: requestID, Kind: foi.EmailAcknowledgement,
		From: "FOI Team <foi@council.example>", ReplyTo: "foi+123-abc@council.example",
		To: "Alex Requester <alex@example.org>", Subject: "Your request FOI 1",
		Text: "We received your request.", HTML: "<p>We received your request.</p>",
	}
}

func claim(t *testing.T, s foi.Store, worker string, lease time.Duration, limit int) []*foi.OutboxMessage {
	t.Helper()
	var got []*foi.OutboxMessage
	err := s.Update(ctx, func(tx foi.Tx) error {
		var err error
		got, err = tx.ClaimMessages(ctx, worker, lease, limit)
		return err
	})
	if err != nil {
		t.Fatalf("ClaimMessages(%s): %v", worker, err)
	}
	return got
}

func testOutboxQueueOncePerKey(t *testing.T, s foi.Store) {
	r := create(t, s, newRequest(foi.FOIA, "2024-01-08"))
	m := outboxMessage("ack-1", r.ID)
	m.Attachments = []foi.Attachment{
		{Filename: "response.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4\x00\xff binary")},
		{Filename: "data.csv", ContentType: "text/csv", Data: []byte("a,b\n1,2\n")},
	}
	queue(t, s, m)
	if m.ID == 0 || m.Status != foi.OutboxQueued || m.CreatedAt.IsZero() || m.NextAttemptAt.IsZero() {
		t.Fatalf("QueueMessage did not set ID, Status, CreatedAt and NextAttemptAt: %+v", m)
	}
	again := queue(t, s, outboxMessage("ack-1", r.ID))
	if again.ID != m.ID {
		t.Errorf("queueing key ack-1 twice gave ids %d and %d, want the same message", m.ID, again.ID)
	}
	got, err := s.FindMessages(ctx, foi.OutboxFilter{RequestID: r.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("request has %d outbox messages after queueing one key twice, want 1", len(got))
	}
	if diff := cmp.Diff(m, got[0], sameInstant); diff != "" {
		t.Errorf("stored message differs (-queued +found):\n%s", diff)
	}
	err = s.Update(ctx, func(tx foi.Tx) error { return tx.QueueMessage(ctx, outboxMessage("orphan", 987654)) })
	if !foi.IsNotFound(err) {
		t.Errorf("queueing for a missing request = %v, want not found", err)
	}
}

func testOutboxClaimLease(t *testing.T, s foi.Store) {
	m := queue(t, s, outboxMessage("lease-1", 0))
	later := outboxMessage("later", 0)
	later.NextAttemptAt = time.Now().Add(time.Hour)
	queue(t, s, later)

	got := claim(t, s, "worker-a", 300*time.Millisecond, 10)
	if len(got) != 1 || got[0].ID != m.ID {
		t.Fatalf("worker-a claimed %d messages, want only the due one", len(got))
	}
	if got[0].Status != foi.OutboxSending || got[0].Attempts != 1 || got[0].ClaimedBy != "worker-a" || got[0].ClaimedUntil.IsZero() {
		t.Errorf("claimed message = status %s, attempts %d, by %q until %v; want sending, 1, worker-a, a lease",
			got[0].Status, got[0].Attempts, got[0].ClaimedBy, got[0].ClaimedUntil)
	}
	if len(got[0].Attachments) != 0 {
		t.Errorf("message without attachments claimed with %d", len(got[0].Attachments))
	}
	if again := claim(t, s, "worker-b", time.Minute, 10); len(again) != 0 {
		t.Fatalf("worker-b claimed %d messages while worker-a's lease was live", len(again))
	}

	// worker-a dies; once its lease lapses worker-b retries the message,
	// and worker-a's late report is refused.
	time.Sleep(400 * time.Millisecond)
	retry := claim(t, s, "worker-b", time.Minute, 10)
	if len(retry) != 1 || retry[0].ID != m.ID || retry[0].Attempts != 2 || retry[0].ClaimedBy != "worker-b" {
		t.Fatalf("after the lease lapsed worker-b claimed %+v, want message %d on attempt 2", retry, m.ID)
	}
	late := *got[0]
	late.Status, late.SentAt = foi.OutboxSent, time.Now()
	err := s.Update(ctx, func(tx foi.Tx) error { return tx.RecordDelivery(ctx, &late, "worker-a") })
	if foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("RecordDelivery by a worker whose lease lapsed = %v, want conflict", err)
	}

	// A temporary failure puts it back in the queue for later.
	r := retry[0]
	r.Status, r.LastError, r.NextAttemptAt = foi.OutboxQueued, "451 try again later", time.Now().Add(time.Hour)
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.RecordDelivery(ctx, r, "worker-b") }); err != nil {
		t.Fatalf("RecordDelivery(queued): %v", err)
	}
	if again := claim(t, s, "worker-c", time.Minute, 10); len(again) != 0 {
		t.Errorf("a message retried in an hour was claimed now")
	}
	list, err := s.FindMessages(ctx, foi.OutboxFilter{Status: foi.OutboxQueued})
	if err != nil || len(list) != 2 {
		t.Fatalf("queued messages = %d, %v; want 2", len(list), err)
	}
	for _, q := range list {
		if q.ID == m.ID && (q.LastError != "451 try again later" || q.Attempts != 2 || q.ClaimedBy != "") {
			t.Errorf("after a temporary failure: %+v", q)
		}
	}
}

func testOutboxConcurrentClaims(t *testing.T, s foi.Store) {
	const n, workers = 40, 4
	for i := range n {
		queue(t, s, outboxMessage(fmt.Sprintf("bulk-%d", i), 0))
	}
	var (
		mu      sync.Mutex
		claimed = map[int64]string{}
		wg      sync.WaitGroup
		errs    = make(chan error, workers)
	)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			worker := fmt.Sprintf("worker-%d", w)
			for {
				var got []*foi.OutboxMessage
				err := s.Update(ctx, func(tx foi.Tx) error {
					var err error
					got, err = tx.ClaimMessages(ctx, worker, time.Minute, 3)
					return err
				})
				if err != nil {
					errs <- err
					return
				}
				if len(got) == 0 {
					return
				}
				for _, m := range got {
					mu.Lock()
					if prev, ok := claimed[m.ID]; ok {
						errs <- fmt.Errorf("message %d claimed by %s and %s", m.ID, prev, worker)
					}
					claimed[m.ID] = worker
					mu.Unlock()
					m.Status, m.SentAt = foi.OutboxSent, time.Now()
					if err := s.Update(ctx, func(tx foi.Tx) error { return tx.RecordDelivery(ctx, m, worker) }); err != nil {
						errs <- err
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if len(claimed) != n {
		t.Errorf("%d of %d messages were claimed", len(claimed), n)
	}
	sent, err := s.FindMessages(ctx, foi.OutboxFilter{Status: foi.OutboxSent})
	if err != nil || len(sent) != n {
		t.Errorf("sent messages = %d, %v; want %d", len(sent), err, n)
	}
}

func testInbound(t *testing.T, s foi.Store) {
	raw := []byte("From: Alex <alex@example.org>\r\nTo: foi@council.example\r\nSubject: Potholes\r\n\r\nHow many?\r\n\x00\xff")
	m := &foi.InboundMessage{Raw: raw, ReceivedAt: time.Date(2024, 3, 31, 0, 30, 0, 0, time.UTC),
		EnvelopeFrom: "alex@example.org", EnvelopeTo: []string{"foi@council.example"}}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateInbound(ctx, m) }); err != nil {
		t.Fatalf("CreateInbound: %v", err)
	}
	if m.ID == 0 || m.Status != foi.InboundNew {
		t.Fatalf("CreateInbound set id %d status %s, want an id and new", m.ID, m.Status)
	}
	got, err := s.FindInbound(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(m, got, sameInstant, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("stored inbound differs (-created +found):\n%s", diff)
	}

	// A message fetched twice from a mailbox is stored once.
	fetched := func() *foi.InboundMessage {
		return &foi.InboundMessage{SourceKey: "imap:INBOX:1700000000:42", Raw: []byte("Subject: x\r\n\r\nbody")}
	}
	first, second := fetched(), fetched()
	for _, f := range []*foi.InboundMessage{first, second} {
		if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateInbound(ctx, f) }); err != nil {
			t.Fatalf("CreateInbound(fetched): %v", err)
		}
	}
	if first.ID == 0 || second.ID != first.ID {
		t.Errorf("the same mailbox message stored as %d and %d, want one id", first.ID, second.ID)
	}

	r := create(t, s, newRequest(foi.FOIA, "2024-03-28"))
	got.FromName, got.FromEmail, got.Subject, got.MessageID = "Alex", "alex@example.org", "Potholes", "<a1@example.org>"
	got.Text = "How many?"
	got.Attachments = []foi.AttachmentInfo{{Filename: "winmail.dat", ContentType: "application/ms-tnef", Size: 300,
		Contents: []string{"map.pdf"}}}
	got.Status, got.RequestID, got.Suggestion, got.Note = foi.InboundThreaded, r.ID, foi.EventClarificationReceived, "reply"
	if err := s.Update(ctx, func(tx foi.Tx) error {
		m, err := tx.FindInbound(ctx, got.ID)
		if err != nil || m.Status != foi.InboundNew {
			return fmt.Errorf("FindInbound in a transaction: %v, status %v", err, m)
		}
		return tx.UpdateInbound(ctx, got)
	}); err != nil {
		t.Fatalf("UpdateInbound: %v", err)
	}
	list, err := s.FindInboundMessages(ctx, foi.InboundFilter{RequestID: r.ID})
	if err != nil || len(list) != 1 {
		t.Fatalf("FindInboundMessages(request) = %d, %v; want 1", len(list), err)
	}
	want := *got
	want.Raw = nil
	if diff := cmp.Diff(&want, list[0], sameInstant, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("listed inbound differs (-updated +listed):\n%s", diff)
	}
	if news, _ := s.FindInboundMessages(ctx, foi.InboundFilter{Status: foi.InboundNew}); len(news) != 1 || news[0].ID != first.ID {
		t.Errorf("new inbound messages = %v, want only %d", news, first.ID)
	}
	bad := *got
	bad.Status = "lost"
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.UpdateInbound(ctx, &bad) }); foi.ErrorCode(err) != foi.EINVALID {
		t.Errorf("UpdateInbound with status lost = %v, want invalid", err)
	}
	if _, err := s.FindInbound(ctx, 999999); !foi.IsNotFound(err) {
		t.Errorf("FindInbound(missing) = %v, want not found", err)
	}
}

func testInitSetting(t *testing.T, s foi.Store) {
	const workers = 4
	values := make([]string, workers)
	var wg sync.WaitGroup
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := s.Update(ctx, func(tx foi.Tx) error {
				var err error
				values[i], err = tx.InitSetting(ctx, "mail_secret", fmt.Sprintf("secret-%d", i))
				return err
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	stored, err := s.FindSetting(ctx, "mail_secret")
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range values {
		if v != stored {
			t.Errorf("process %d was told the setting is %q; the store holds %q", i, v, stored)
		}
	}
}

// A message whose worker died after handing it to the server is never
// claimed again: it is held in doubt, still the worker's (a late answer
// counts), until staff send it again or confirm it arrived.
func testOutboxInDoubt(t *testing.T, s foi.Store) {
	r := create(t, s, newRequest(foi.FOIA, "2024-01-08"))
	handed := queue(t, s, outboxMessage("doubt-1", r.ID))
	notHanded := queue(t, s, outboxMessage("doubt-2", r.ID))
	a := claim(t, s, "worker-a", 300*time.Millisecond, 1)
	b := claim(t, s, "worker-b", 300*time.Millisecond, 1)
	if len(a) != 1 || a[0].ID != handed.ID || len(b) != 1 || b[0].ID != notHanded.ID {
		t.Fatalf("claims = %v, %v; want one message each", a, b)
	}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.HandOver(ctx, a[0], "worker-b") }); foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("HandOver by a worker without the claim = %v, want conflict", err)
	}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.HandOver(ctx, a[0], "worker-a") }); err != nil || a[0].HandedAt.IsZero() {
		t.Fatalf("HandOver = %v, handed at %v", err, a[0].HandedAt)
	}
	hold := func() []*foi.OutboxMessage {
		var held []*foi.OutboxMessage
		if err := s.Update(ctx, func(tx foi.Tx) error {
			var err error
			held, err = tx.HoldInDoubt(ctx)
			return err
		}); err != nil {
			t.Fatalf("HoldInDoubt: %v", err)
		}
		return held
	}
	if held := hold(); len(held) != 0 {
		t.Fatalf("held %d messages while their leases were live", len(held))
	}

	// Both workers die. The message never handed over is sent again; the
	// other is held, failed and in doubt.
	time.Sleep(400 * time.Millisecond)
	retry := claim(t, s, "worker-c", time.Minute, 10)
	if len(retry) != 1 || retry[0].ID != notHanded.ID {
		t.Fatalf("after the leases lapsed worker-c claimed %v, want only message %d (never handed over)", retry, notHanded.ID)
	}
	held := hold()
	if len(held) != 1 || held[0].ID != handed.ID || held[0].Status != foi.OutboxFailed || !held[0].InDoubt ||
		held[0].ClaimedBy != "worker-a" || held[0].LastError == "" {
		t.Fatalf("held = %+v, want message %d failed in doubt, still worker-a's", held, handed.ID)
	}
	if again := hold(); len(again) != 0 {
		t.Errorf("a held message was held again")
	}
	if again := claim(t, s, "worker-d", time.Minute, 10); len(again) != 0 {
		t.Errorf("a message in doubt was claimed again")
	}

	// worker-a's late answer still counts.
	late := *held[0]
	late.Status, late.SentAt, late.InDoubt, late.LastError = foi.OutboxSent, time.Now(), false, ""
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.RecordDelivery(ctx, &late, "worker-a") }); err != nil {
		t.Fatalf("late RecordDelivery by the worker that handed it over: %v", err)
	}
	got, _ := s.FindMessages(ctx, foi.OutboxFilter{RequestID: r.ID})
	if got[0].Status != foi.OutboxSent || got[0].InDoubt || !got[0].HandedAt.IsZero() {
		t.Errorf("after the late answer: status %s, in doubt %v, handed at %v", got[0].Status, got[0].InDoubt, got[0].HandedAt)
	}

	// Staff resolve failed messages only: again sends it afresh, sent
	// confirms it arrived.
	resolve := func(id int64, to foi.OutboxStatus) (*foi.OutboxMessage, error) {
		var m *foi.OutboxMessage
		err := s.Update(ctx, func(tx foi.Tx) error {
			var err error
			m, err = tx.ResolveMessage(ctx, id, to)
			return err
		})
		return m, err
	}
	if _, err := resolve(handed.ID, foi.OutboxQueued); foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("resolving a sent message = %v, want conflict", err)
	}
	if _, err := resolve(987654, foi.OutboxQueued); !foi.IsNotFound(err) {
		t.Errorf("resolving a missing message = %v, want not found", err)
	}
	r2 := retry[0]
	r2.Status, r2.InDoubt, r2.LastError = foi.OutboxFailed, true, "no answer"
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.RecordDelivery(ctx, r2, "worker-c") }); err != nil {
		t.Fatal(err)
	}
	m, err := resolve(r2.ID, foi.OutboxQueued)
	if err != nil || m.Status != foi.OutboxQueued || m.InDoubt || m.Attempts != 0 || m.ClaimedBy != "" {
		t.Fatalf("send again = %+v, %v; want queued afresh", m, err)
	}
	if again := claim(t, s, "worker-e", time.Minute, 10); len(again) != 1 || again[0].ID != r2.ID {
		t.Fatalf("after send again worker-e claimed %v", again)
	}
	r2.Status, r2.InDoubt = foi.OutboxFailed, false
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.RecordDelivery(ctx, r2, "worker-e") }); err != nil {
		t.Fatal(err)
	}
	if m, err := resolve(r2.ID, foi.OutboxSent); err != nil || m.Status != foi.OutboxSent || m.SentAt.IsZero() {
		t.Errorf("confirm sent = %+v, %v", m, err)
	}
}

// testInboundByMessageID finds an earlier, sorted copy of a message by its
// Message-ID, never the message itself or one still waiting to be sorted.
func testInboundByMessageID(t *testing.T, s foi.Store) {
	store := func(mid string, status foi.InboundStatus) *foi.InboundMessage {
		m := &foi.InboundMessage{Raw: []byte("Subject: x\r\n\r\nbody"), ReceivedAt: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
		update(t, s, func(tx foi.Tx) error {
			if err := tx.CreateInbound(ctx, m); err != nil {
				return err
			}
			m.MessageID, m.Status = mid, status
			return tx.UpdateInbound(ctx, m)
		})
		return m
	}
	waiting := store("<dup@example.org>", foi.InboundNew)
	first := store("<dup@example.org>", foi.InboundHoldingPen)
	later := store("<dup@example.org>", foi.InboundIgnored)
	store("<other@example.org>", foi.InboundHoldingPen)
	for _, tt := range []struct {
		mid    string
		except int64
		want   int64
	}{
		{"<dup@example.org>", later.ID, first.ID},
		{"<dup@example.org>", first.ID, later.ID},
		{"<dup@example.org>", waiting.ID, first.ID},
		{"<none@example.org>", 0, 0},
	} {
		if got, err := s.FirstInboundWithMessageID(ctx, tt.mid, tt.except); err != nil || got != tt.want {
			t.Errorf("FirstInboundWithMessageID(%s, %d) = %d, %v; want %d", tt.mid, tt.except, got, err, tt.want)
		}
	}
}
