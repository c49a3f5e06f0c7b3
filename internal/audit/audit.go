// SPDX-License-Identifier: AGPL-3.0-or-later

// Package audit makes the audit trail tamper-evident: the canonical,
// versioned encoding of what an event commits to, the hash chain that links
// each event to the one before it, the signed checkpoints of the chain's
// head, and the walk that verifies all of it (docs/audit.md).
//
// It holds no SQL: the store computes each link with Link when it writes an
// event, and feeds a Verifier the chain one link at a time.
package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"disclose/internal/foi"
)

// Version is the encoding a link's hash is computed with. A new encoding
// gets a new version, and the old one stays verifiable.
const Version = 1

// instantLayout is how an instant is written into the encoding: UTC with
// microseconds, the precision both engines keep.
const instantLayout = "2006-01-02T15:04:05.000000Z"

// encoder writes the canonical encoding: a tag line, then one line per
// field, "name length:value\n", in a fixed order. The length prefix makes
// the encoding unambiguous whatever a value holds (newlines included).
type encoder struct{ b strings.Builder }

func newEncoder(tag string) *encoder {
	e := &encoder{}
	e.b.WriteString(tag)
	e.b.WriteByte('\n')
	return e
}

func (e *encoder) field(name, value string) {
	e.b.WriteString(name)
	e.b.WriteByte(' ')
	e.b.WriteString(strconv.Itoa(len(value)))
	e.b.WriteByte(':')
	e.b.WriteString(value)
	e.b.WriteByte('\n')
}

func (e *encoder) sum() string {
	h := sha256.Sum256([]byte(e.b.String()))
	return hex.EncodeToString(h[:])
}

// Genesis is the hash the first link of a chain follows: it binds the
// chain to its identifier, so links from another database never fit.
func Genesis(chain string) string {
	e := newEncoder("disclose-audit-genesis-v1")
	e.field("chain", chain)
	return e.sum()
}

// ContentDigest is the digest of an event's personal fields (its note and
// the JSON before and after). The link hashes this digest, not the fields:
// retention may remove personal data from the fields and the chain still
// holds, while a change nobody recorded shows as a digest that no longer
// matches.
func ContentDigest(note, before, after string) string {
	e := newEncoder("disclose-audit-content-v1")
	e.field("note", note)
	e.field("before", before)
	e.field("after", after)
	return e.sum()
}

// EventAt is an event's instant as the stores keep it (UTC, microseconds).
func EventAt(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// Hash is the hash of the link at seq: what event ev committed to (its
// id, request, type, dates, actor and content digest) after prev, the hash
// of the link before it.
func Hash(prev string, seq int64, ev *foi.Event, content string) string {
	e := newEncoder("disclose-audit-event-v" + strconv.Itoa(Version))
	e.field("seq", strconv.FormatInt(seq, 10))
	e.field("prev", prev)
	e.field("id", strconv.FormatInt(ev.ID, 10))
	e.field("request", optionalID(ev.RequestID))
	e.field("type", ev.Type)
	on := ""
	if !ev.On.IsZero() {
		on = ev.On.Format(foi.DateLayout)
	}
	e.field("on", on)
	e.field("at", EventAt(ev.At).Format(instantLayout))
	e.field("actor_id", optionalID(ev.ActorID))
	e.field("actor", ev.Actor)
	e.field("content", content)
	return e.sum()
}

func optionalID(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// Link computes the link for ev at seq after prev.
func Link(prev string, seq int64, ev *foi.Event) foi.AuditLink {
	content := ContentDigest(ev.Note, ev.Before, ev.After)
	return foi.AuditLink{Seq: seq, EventID: ev.ID, Prev: prev, Content: content, Hash: Hash(prev, seq, ev, content)}
}
