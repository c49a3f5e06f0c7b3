// SPDX-License-Identifier: AGPL-3.0-or-later

package storetest

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"disclose/internal/foi"
)

func testRetentionCandidates(t *testing.T, s foi.Store) {
	mk := func(status foi.Status, events ...*foi.Event) *foi.Request {
		r := newRequest(foi.FOIA, "2022-01-10")
		r.Status = status
		create(t, s, r)
		if err := s.Update(ctx, func(tx foi.Tx) error {
			for _, e := range events {
				e.RequestID = r.ID
				if err := tx.AddEvent(ctx, e); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return r
	}
	ev := func(typ, on string) *foi.Event {
		e := &foi.Event{Type: typ}
		if on != "" {
			e.On = day(on)
		}
		return e
	}
	mk(foi.StatusOpen, ev(foi.EventCreated, "2022-01-10")) // still open: never a candidate
	answered := mk(foi.StatusResponded, ev(foi.EventCreated, "2022-01-10"), ev(foi.EventResponded, "2022-02-04"), ev(foi.EventViewed, ""))
	reviewed := mk(foi.StatusClosed, ev(foi.EventCreated, "2022-01-10"), ev(foi.EventResponded, "2022-02-01"),
		ev(foi.EventReviewCompleted, "2022-04-01"))
	if err := s.Update(ctx, func(tx foi.Tx) error {
		return tx.CreateReview(ctx, &foi.Review{RequestID: reviewed.ID, RequestedOn: day("2022-02-10"), DueOn: day("2022-03-10")})
	}); err != nil {
		t.Fatal(err)
	}
	mk(foi.StatusWithdrawn, ev(foi.EventCreated, "2022-01-10"), ev(foi.EventWithdrawn, "2022-01-20"), ev(foi.EventAnonymised, "2025-01-20"))

	got, err := s.FindRetentionCandidates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []foi.RetentionCandidate{
		{RequestID: answered.ID, Reference: answered.Reference, Status: foi.StatusResponded, LastActivity: day("2022-02-04")},
		{RequestID: reviewed.ID, Reference: reviewed.Reference, Status: foi.StatusClosed, LastActivity: day("2022-04-01"), Escalated: true},
	}
	if diff := cmp.Diff(want, got, sameInstant); diff != "" {
		t.Errorf("retention candidates (-want +got):\n%s", diff)
	}
}

// testRetentionRedaction: retention overwrites a received message's raw
// bytes and parsed fields and a sent email's recipient and bodies, keeping
// the rows; deleting an attachment keeps content another still uses.
func testRetentionRedaction(t *testing.T, s foi.Store) {
	r := create(t, s, newRequest(foi.FOIA, "2022-01-10"))
	in := &foi.InboundMessage{Raw: []byte("From: Alex <alex@example.org>\r\n\r\nHow many?\r\n"), ReceivedAt: day("2022-01-10"),
		EnvelopeFrom: "alex@example.org", EnvelopeTo: []string{"foi@council.example"}}
	msg := outboxMessage("ack-redact", r.ID)
	data := []byte("the requester's letter")
	const hash = "5b3a1c0e9f8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b"
	a1 := &foi.CaseAttachment{RequestID: r.ID, Name: "letter.txt", ContentType: "text/plain", Hash: hash, Size: int64(len(data))}
	a2 := &foi.CaseAttachment{RequestID: r.ID, Name: "copy.txt", ContentType: "text/plain", Hash: hash, Size: int64(len(data))}
	err := s.Update(ctx, func(tx foi.Tx) error {
		if err := tx.CreateInbound(ctx, in); err != nil {
			return err
		}
		in.Status, in.RequestID, in.FromName, in.FromEmail, in.Text = foi.InboundThreaded, r.ID, "Alex", "alex@example.org", "How many?"
		if err := tx.UpdateInbound(ctx, in); err != nil {
			return err
		}
		if err := tx.QueueMessage(ctx, msg); err != nil {
			return err
		}
		if err := tx.PutBlob(ctx, hash, data); err != nil {
			return err
		}
		if err := tx.CreateAttachment(ctx, a1); err != nil {
			return err
		}
		return tx.CreateAttachment(ctx, a2)
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Update(ctx, func(tx foi.Tx) error {
		red := &foi.InboundMessage{ID: in.ID, Raw: []byte("removed\r\n"), FromName: "[removed]", Text: "How many? [removed]", Note: "retention"}
		if err := tx.RedactInbound(ctx, red); err != nil {
			return err
		}
		m := *msg
		m.To, m.Subject, m.Text, m.HTML = "[removed]", "Your request", "Dear [removed]", "<p>Dear [removed]</p>"
		if err := tx.RedactMessage(ctx, &m); err != nil {
			return err
		}
		return tx.DeleteAttachment(ctx, a1.ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.FindInbound(ctx, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	if string(got.Raw) != "removed\r\n" || got.EnvelopeFrom != "" || got.FromName != "[removed]" || got.FromEmail != "" ||
		got.Text != "How many? [removed]" || got.Status != foi.InboundThreaded || got.RequestID != r.ID {
		t.Errorf("inbound after redaction = %+v (raw %q)", got, got.Raw)
	}
	msgs, err := s.FindMessages(ctx, foi.OutboxFilter{RequestID: r.ID})
	if err != nil || len(msgs) != 1 || msgs[0].To != "[removed]" || msgs[0].Text != "Dear [removed]" ||
		msgs[0].HTML != "<p>Dear [removed]</p>" || msgs[0].Key != msg.Key || msgs[0].Status != foi.OutboxQueued {
		t.Errorf("outbox after redaction = %+v, %v", msgs, err)
	}
	if _, err := s.FindBlob(ctx, hash); err != nil {
		t.Errorf("content still used by another attachment was deleted: %v", err)
	}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.DeleteAttachment(ctx, a2.ID) }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindBlob(ctx, hash); !foi.IsNotFound(err) {
		t.Errorf("content no attachment uses is still stored: %v", err)
	}
	if list, _ := s.FindAttachments(ctx, r.ID); len(list) != 0 {
		t.Errorf("attachments after deleting both: %+v", list)
	}
	err = s.Update(ctx, func(tx foi.Tx) error {
		if err := tx.DeleteAttachment(ctx, a2.ID); !foi.IsNotFound(err) {
			t.Errorf("deleting a deleted attachment = %v, want not found", err)
		}
		if err := tx.RedactInbound(ctx, &foi.InboundMessage{ID: 987654}); !foi.IsNotFound(err) {
			t.Errorf("redacting a missing message = %v, want not found", err)
		}
		if err := tx.RedactMessage(ctx, &foi.OutboxMessage{ID: 987654}); !foi.IsNotFound(err) {
			t.Errorf("redacting a missing email = %v, want not found", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
