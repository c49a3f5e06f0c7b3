// SPDX-License-Identifier: AGPL-3.0-or-later

package storetest

import (
	"crypto/ed25519"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"disclose/internal/audit"
	"disclose/internal/foi"
)

// Tamper runs SQL statements on a store's database as someone with direct
// access to it would: on a connection of their own, with the tables'
// triggers out of the way.
type Tamper func(t *testing.T, statements ...string)

// AuditOpener returns a new, empty, migrated store and its Tamper.
type AuditOpener func(t *testing.T) (foi.Store, Tamper)

// RunAudit runs the audit chain's conformance tests: whatever is changed,
// deleted, inserted or reordered behind the store's back, audit.Verify
// names the first event that does not fit.
func RunAudit(t *testing.T, open AuditOpener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s foi.Store, tamper Tamper)
	}{
		{"VerifiesWhatWasWritten", testAuditVerifies},
		{"EditedNoteNamed", testAuditEditedNote},
		{"EditedActorNamed", testAuditEditedActor},
		{"DeletedEventNamed", testAuditDeleted},
		{"DeletedLatestEvent", testAuditDeletedLatest},
		{"InsertedEventNamed", testAuditInserted},
		{"ReorderedEventsNamed", testAuditReordered},
		{"RewriteDetectedByCheckpoint", testAuditRewrite},
		{"RedactionKeepsTheChain", testAuditRedaction},
		{"ForgedRedactionNamed", testAuditForgedRedaction},
		{"ConcurrentWritersOneChain", testAuditConcurrent},
		{"ImportedEventsChained", testAuditImported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, tamper := open(t)
			t.Cleanup(func() { s.Close() })
			tt.fn(t, s, tamper)
		})
	}
}

// auditEvents writes a request and n more events about it, in several
// transactions, and one event about no request; it returns the events in
// the order written.
func auditEvents(t *testing.T, s foi.Store, n int) []*foi.Event {
	t.Helper()
	r := create(t, s, newRequest(foi.FOIA, "2024-03-04"))
	var out []*foi.Event
	for i := range n {
		e := &foi.Event{RequestID: r.ID, Type: "note_added", Actor: "Jane Officer", ActorID: 7,
			Note: fmt.Sprintf("note %d about Alex Requester", i), Before: `{"n":1}`, After: `{"n":2}`}
		if i == 1 {
			e.On = day("2024-03-05")
		}
		if err := s.Update(ctx, func(tx foi.Tx) error { return tx.AddEvent(ctx, e) }); err != nil {
			t.Fatalf("AddEvent: %v", err)
		}
		out = append(out, e)
	}
	e := &foi.Event{Type: "signed_in", Actor: "Jane Officer", ActorID: 7, Note: "from 127.0.0.1"}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.AddEvent(ctx, e) }); err != nil {
		t.Fatalf("AddEvent: %v", err)
	}
	return append(out, e)
}

func verify(t *testing.T, s foi.Store, external *foi.AuditCheckpoint) *audit.Report {
	t.Helper()
	rep, err := audit.Verify(ctx, s, external)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	return rep
}

// wantOK fails unless the chain verifies with want links.
func wantOK(t *testing.T, rep *audit.Report, want int64) {
	t.Helper()
	if !rep.OK() {
		t.Fatalf("Verify found problems in an untouched chain: %v", rep.Problems)
	}
	if rep.Links != want || rep.Head.Seq != want {
		t.Fatalf("Verify checked %d links, head at %d; want %d", rep.Links, rep.Head.Seq, want)
	}
}

// wantNamed fails unless the first problem names the event id and
// contains reason.
func wantNamed(t *testing.T, rep *audit.Report, id int64, reason string) {
	t.Helper()
	p := rep.First()
	if p == nil {
		t.Fatalf("Verify passed a tampered chain (%d links)", rep.Links)
	}
	if p.EventID != id || !strings.Contains(p.Reason, reason) {
		t.Fatalf("first problem: %v; want event %d, %q (all: %v)", p, id, reason, rep.Problems)
	}
	if p.EventID != 0 && (p.Type == "" || p.At.IsZero()) && !strings.Contains(reason, "deleted") {
		t.Errorf("problem %v does not give the event's type and time", p)
	}
}

func testAuditVerifies(t *testing.T, s foi.Store, _ Tamper) {
	evs := auditEvents(t, s, 5)
	// CreateRequest writes no event: the chain is the events written.
	rep := verify(t, s, nil)
	wantOK(t, rep, int64(len(evs)))
	h, err := s.AuditHead(ctx)
	if err != nil || h.Seq != int64(len(evs)) || len(h.Hash) != 64 || h.Chain == "" {
		t.Fatalf("AuditHead = %+v, %v", h, err)
	}
}

func testAuditEditedNote(t *testing.T, s foi.Store, tamper Tamper) {
	evs := auditEvents(t, s, 5)
	tamper(t, fmt.Sprintf(`UPDATE events SET note = 'nothing happened' WHERE id = %d`, evs[2].ID))
	wantNamed(t, verify(t, s, nil), evs[2].ID, "note, before or after were changed")
}

func testAuditEditedActor(t *testing.T, s foi.Store, tamper Tamper) {
	evs := auditEvents(t, s, 5)
	tamper(t, fmt.Sprintf(`UPDATE events SET actor = 'Someone Else' WHERE id = %d`, evs[3].ID))
	wantNamed(t, verify(t, s, nil), evs[3].ID, "hash does not match")
}

func testAuditDeleted(t *testing.T, s foi.Store, tamper Tamper) {
	evs := auditEvents(t, s, 5)
	// The careful attacker removes the event and its link.
	tamper(t, fmt.Sprintf(`DELETE FROM audit_chain WHERE event_id = %d`, evs[1].ID),
		fmt.Sprintf(`DELETE FROM events WHERE id = %d`, evs[1].ID))
	wantNamed(t, verify(t, s, nil), evs[2].ID, "missing (sequence 2 to 2)")
	// The careless one only the event row.
	tamper(t, fmt.Sprintf(`DELETE FROM events WHERE id = %d`, evs[3].ID))
	rep := verify(t, s, nil)
	if len(rep.Problems) < 2 || rep.Problems[1].EventID != evs[3].ID || !strings.Contains(rep.Problems[1].Reason, "event row was deleted") {
		t.Fatalf("problems %v; want the second to name event %d as deleted", rep.Problems, evs[3].ID)
	}
}

func testAuditDeletedLatest(t *testing.T, s foi.Store, tamper Tamper) {
	evs := auditEvents(t, s, 3)
	last := evs[len(evs)-1]
	tamper(t, fmt.Sprintf(`DELETE FROM audit_chain WHERE event_id = %d`, last.ID),
		fmt.Sprintf(`DELETE FROM events WHERE id = %d`, last.ID))
	rep := verify(t, s, nil)
	if p := rep.First(); p == nil || !strings.Contains(p.Reason, "latest events were deleted") {
		t.Fatalf("first problem %v; want the head to show the latest event deleted", p)
	}
}

func testAuditInserted(t *testing.T, s foi.Store, tamper Tamper) {
	evs := auditEvents(t, s, 3)
	tamper(t, fmt.Sprintf(`INSERT INTO events (request_id, type, at, actor, note) VALUES (%d, 'responded', '2024-03-06T10:00:00.000000Z', 'Jane Officer', 'sent on time')`,
		evs[0].RequestID))
	got, err := s.FindEvents(ctx, evs[0].RequestID)
	if err != nil {
		t.Fatal(err)
	}
	inserted := got[len(got)-1]
	if inserted.Note != "sent on time" {
		t.Fatalf("the inserted event is not the last: %+v", inserted)
	}
	wantNamed(t, verify(t, s, nil), inserted.ID, "not in the chain")
}

func testAuditReordered(t *testing.T, s foi.Store, tamper Tamper) {
	evs := auditEvents(t, s, 5)
	// Swap the second and third events' places in the chain.
	tamper(t, `UPDATE audit_chain SET seq = -2 WHERE seq = 2`, `UPDATE audit_chain SET seq = 2 WHERE seq = 3`,
		`UPDATE audit_chain SET seq = 3 WHERE seq = -2`)
	wantNamed(t, verify(t, s, nil), evs[2].ID, "does not follow the event before it")
}

// links reads the chain as stored.
type collect struct {
	head  foi.AuditHead
	links []*foi.AuditLink
}

func (c *collect) Head(h foi.AuditHead) error               { c.head = h; return nil }
func (c *collect) Unchained(*foi.Event) error               { return nil }
func (c *collect) Link(l *foi.AuditLink) error              { c.links = append(c.links, l); return nil }
func (c *collect) Redaction(*foi.AuditRedaction) error      { return nil }
func (c *collect) Checkpoint(cp *foi.AuditCheckpoint) error { return nil }

func testAuditRewrite(t *testing.T, s foi.Store, tamper Tamper) {
	evs := auditEvents(t, s, 4)
	_, key, _ := ed25519.GenerateKey(nil)
	h, err := s.AuditHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cp := audit.Sign(key, h, time.Now())
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.AddAuditCheckpoint(ctx, cp) }); err != nil {
		t.Fatal(err)
	}
	exported := audit.Export(cp)
	wantOK(t, verify(t, s, nil), int64(len(evs)))

	// Someone with the database changes event 2 and recomputes the whole
	// chain after it, head included, and removes the stored checkpoint.
	stmts := Rewrite(t, s, evs[1].ID, "rewritten")
	tamper(t, stmts...)

	rep := verify(t, s, nil)
	if !rep.OK() {
		t.Fatalf("a consistent rewrite should pass without a checkpoint kept elsewhere; got %v", rep.Problems)
	}
	ext := readExported(t, exported)
	rep = verify(t, s, ext)
	wantNamed(t, rep, evs[len(evs)-1].ID, "differs from the checkpoint")
	if rep.ExternalChecked {
		t.Error("ExternalChecked set for a checkpoint the chain does not match")
	}
}

func testAuditRedaction(t *testing.T, s foi.Store, tamper Tamper) {
	evs := auditEvents(t, s, 4)
	x := *evs[1]
	x.Note = "note 1 about [removed]"
	err := s.Update(ctx, func(tx foi.Tx) error {
		y := &foi.Event{RequestID: x.RequestID, Type: foi.EventAnonymised, Actor: "retention",
			Note: "removed: name", After: audit.RedactionAfter([]int64{x.ID})}
		if err := tx.AddEvent(ctx, y); err != nil {
			return err
		}
		return tx.RedactEvent(ctx, &x, y.ID)
	})
	if err != nil {
		t.Fatalf("RedactEvent: %v", err)
	}
	got, err := s.FindEvents(ctx, x.RequestID)
	if err != nil || got[1].Note != x.Note || got[1].Type != x.Type || got[1].Actor != x.Actor {
		t.Fatalf("event after redaction: %+v, %v", got[1], err)
	}
	wantOK(t, verify(t, s, nil), int64(len(evs)+1))

	// Editing the redacted event's type still shows.
	tamper(t, fmt.Sprintf(`UPDATE events SET type = 'withdrawn' WHERE id = %d`, x.ID))
	wantNamed(t, verify(t, s, nil), x.ID, "hash does not match")
}

func testAuditForgedRedaction(t *testing.T, s foi.Store, tamper Tamper) {
	evs := auditEvents(t, s, 4)
	// A redaction record naming an ordinary event, and one naming a
	// retention event that does not list it.
	var y *foi.Event
	err := s.Update(ctx, func(tx foi.Tx) error {
		y = &foi.Event{RequestID: evs[0].RequestID, Type: foi.EventAnonymised, Actor: "retention", Note: "removed: name",
			After: audit.RedactionAfter([]int64{evs[0].ID})}
		return tx.AddEvent(ctx, y)
	})
	if err != nil {
		t.Fatal(err)
	}
	tamper(t, fmt.Sprintf(`INSERT INTO audit_redactions (event_id, by_event_id) VALUES (%d, %d)`, evs[1].ID, evs[3].ID),
		fmt.Sprintf(`UPDATE events SET note = 'forged' WHERE id = %d`, evs[1].ID),
		fmt.Sprintf(`INSERT INTO audit_redactions (event_id, by_event_id) VALUES (%d, %d)`, evs[2].ID, y.ID),
		fmt.Sprintf(`UPDATE events SET note = 'forged' WHERE id = %d`, evs[2].ID))
	rep := verify(t, s, nil)
	wantNamed(t, rep, evs[1].ID, "not a retention run")
	if len(rep.Problems) != 2 || rep.Problems[1].EventID != evs[2].ID || !strings.Contains(rep.Problems[1].Reason, "does not list it") {
		t.Fatalf("problems %v; want the second to name event %d as not listed", rep.Problems, evs[2].ID)
	}
}

func testAuditConcurrent(t *testing.T, s foi.Store, _ Tamper) {
	const writers, each = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				err := s.Update(ctx, func(tx foi.Tx) error {
					for k := range 2 { // two events in one transaction stay adjacent
						if err := tx.AddEvent(ctx, &foi.Event{Type: "signed_in", Actor: fmt.Sprintf("writer %d", w),
							Note: fmt.Sprintf("%d.%d", i, k)}); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("concurrent AddEvent: %v", err)
	}
	wantOK(t, verify(t, s, nil), writers*each*2)
	var c collect
	if err := s.WalkAudit(ctx, &c); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(c.links); i += 2 {
		a, b := c.links[i].Event, c.links[i+1].Event
		if a.Actor != b.Actor || strings.Split(a.Note, ".")[0] != strings.Split(b.Note, ".")[0] {
			t.Fatalf("links %d and %d are of different transactions: %+v, %+v", i+1, i+2, a, b)
		}
	}
}

func testAuditImported(t *testing.T, s foi.Store, tamper Tamper) {
	auditEvents(t, s, 2)
	var cases []foi.ImportedCase
	for i := range 3 {
		r := newRequest(foi.FOIA, "2023-01-10")
		r.Reference = foi.Reference{Prefix: "FOI", Number: 900 + i}
		r.Status = foi.StatusResponded
		cases = append(cases, foi.ImportedCase{Request: r, Event: &foi.Event{Type: foi.EventImported, On: r.ReceivedOn,
			Actor: "Importer", Note: fmt.Sprintf("imported %d", i)}})
	}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateImported(ctx, cases) }); err != nil {
		t.Fatalf("CreateImported: %v", err)
	}
	wantOK(t, verify(t, s, nil), 3+3)
	tamper(t, fmt.Sprintf(`UPDATE events SET on_date = '2023-01-11' WHERE id = %d`, cases[1].Event.ID))
	wantNamed(t, verify(t, s, nil), cases[1].Event.ID, "hash does not match")
}

// readExported reads an exported checkpoint back as an auditor would.
func readExported(t *testing.T, b []byte) *foi.AuditCheckpoint {
	t.Helper()
	path := filepath.Join(t.TempDir(), "checkpoint.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := audit.ReadFile(path)
	if err != nil {
		t.Fatalf("ReadFile: %v", err)
	}
	return c
}

// Rewrite returns the statements with which someone holding the database
// changes an event's note and recomputes the whole chain after it (the
// head included), removing the stored checkpoints: a chain that verifies
// on its own, caught only by a checkpoint kept elsewhere.
func Rewrite(t *testing.T, s foi.Store, eventID int64, note string) []string {
	t.Helper()
	var c collect
	if err := s.WalkAudit(ctx, &c); err != nil {
		t.Fatal(err)
	}
	stmts := []string{`DELETE FROM audit_checkpoints`,
		fmt.Sprintf(`UPDATE events SET note = '%s' WHERE id = %d`, note, eventID)}
	prev := audit.Genesis(c.head.Chain)
	found := false
	for _, l := range c.links {
		e := l.Event
		if e.ID == eventID {
			e.Note, found = note, true
		}
		nl := audit.Link(prev, l.Seq, e)
		stmts = append(stmts, fmt.Sprintf(`UPDATE audit_chain SET prev_hash = '%s', hash = '%s', content_digest = '%s' WHERE seq = %d`,
			nl.Prev, nl.Hash, nl.Content, l.Seq))
		prev = nl.Hash
	}
	if !found {
		t.Fatalf("Rewrite: event %d is not in the chain", eventID)
	}
	return append(stmts, fmt.Sprintf(`UPDATE audit_head SET hash = '%s'`, prev))
}
