// SPDX-License-Identifier: AGPL-3.0-or-later

package audit

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"disclose/internal/foi"
)

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// TestEncodingVersion1 pins the encoding docs/audit.md describes, written
// out here by hand: a change to it must be a new version, never a silent
// change that old chains would fail.
func TestEncodingVersion1(t *testing.T) {
	if got, want := Genesis("c1"), sum("disclose-audit-genesis-v1\nchain 2:c1\n"); got != want {
		t.Errorf("Genesis = %s, want %s", got, want)
	}
	content := ContentDigest("to a@b.example: ack\nline two", "", `{"x":1}`)
	if want := sum("disclose-audit-content-v1\nnote 28:to a@b.example: ack\nline two\nbefore 0:\nafter 7:{\"x\":1}\n"); content != want {
		t.Errorf("ContentDigest = %s, want %s", content, want)
	}
	e := &foi.Event{ID: 42, RequestID: 7, Type: "responded", On: time.Date(2026, 5, 30, 0, 0, 0, 0, time.UTC),
		At: time.Date(2026, 5, 30, 9, 1, 2, 345678999, time.FixedZone("BST", 3600)), Actor: "Jane Officer",
		Note: "to a@b.example: ack\nline two", After: `{"x":1}`}
	prev := Genesis("c1")
	want := sum("disclose-audit-event-v1\nseq 1:3\nprev 64:" + prev + "\nid 2:42\nrequest 1:7\ntype 9:responded\n" +
		"on 10:2026-05-30\nat 27:2026-05-30T08:01:02.345678Z\nactor_id 0:\nactor 12:Jane Officer\ncontent 64:" + content + "\n")
	l := Link(prev, 3, e)
	if l.Hash != want || l.Content != content || l.Prev != prev || l.Seq != 3 || l.EventID != 42 {
		t.Errorf("Link = %+v, want hash %s", l, want)
	}
	// Any field of the event changes the hash.
	for name, change := range map[string]func(*foi.Event){
		"request": func(e *foi.Event) { e.RequestID = 8 }, "type": func(e *foi.Event) { e.Type = "withdrawn" },
		"on": func(e *foi.Event) { e.On = e.On.AddDate(0, 0, 1) }, "at": func(e *foi.Event) { e.At = e.At.Add(time.Microsecond) },
		"actor_id": func(e *foi.Event) { e.ActorID = 1 }, "actor": func(e *foi.Event) { e.Actor = "J" },
		"note": func(e *foi.Event) { e.Note = "" }, "id": func(e *foi.Event) { e.ID = 43 },
	} {
		c := *e
		change(&c)
		if Link(prev, 3, &c).Hash == l.Hash {
			t.Errorf("changing %s leaves the hash as it was", name)
		}
	}
}

func TestCheckpointSignature(t *testing.T) {
	_, key, _ := ed25519.GenerateKey(nil)
	c := Sign(key, foi.AuditHead{Chain: "c1", Seq: 9, Hash: "ab"}, time.Date(2026, 12, 8, 1, 0, 0, 0, time.UTC))
	if err := CheckSignature(c); err != nil {
		t.Fatalf("a fresh checkpoint: %v", err)
	}
	for name, change := range map[string]func(*foi.AuditCheckpoint){
		"seq": func(c *foi.AuditCheckpoint) { c.Seq++ }, "hash": func(c *foi.AuditCheckpoint) { c.Hash = "ac" },
		"chain": func(c *foi.AuditCheckpoint) { c.Chain = "c2" }, "at": func(c *foi.AuditCheckpoint) { c.At = c.At.Add(time.Second) },
	} {
		d := *c
		change(&d)
		if CheckSignature(&d) == nil {
			t.Errorf("a checkpoint with its %s changed still verifies", name)
		}
	}
}
