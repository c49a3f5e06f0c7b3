// SPDX-License-Identifier: AGPL-3.0-or-later

package audit

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"disclose/internal/foi"
)

// Problem is a place where the chain does not fit.
type Problem struct {
	Seq     int64 // 0 for an event outside the chain
	EventID int64 // 0 when no event can be named
	Type    string
	At      time.Time
	Reason  string
}

func (p Problem) String() string {
	switch {
	case p.EventID == 0:
		return fmt.Sprintf("sequence %d: %s", p.Seq, p.Reason)
	case p.Seq == 0:
		return fmt.Sprintf("event %d (%s, %s): %s", p.EventID, p.Type, p.At.UTC().Format(time.RFC3339), p.Reason)
	}
	return fmt.Sprintf("event %d (sequence %d, %s, %s): %s", p.EventID, p.Seq, p.Type, p.At.UTC().Format(time.RFC3339), p.Reason)
}

// Report is the result of a verification.
type Report struct {
	Head        foi.AuditHead
	Links       int64 // links checked
	Checkpoints int   // stored checkpoints checked
	// External is the checkpoint given from a file, when there was one;
	// ExternalChecked says the chain held its hash at its sequence.
	External        *foi.AuditCheckpoint
	ExternalChecked bool
	Latest          *foi.AuditCheckpoint // the newest stored checkpoint
	Problems        []Problem            // in the order found, at most maxProblems
	More            int                  // problems found beyond those
}

const maxProblems = 20

// OK reports whether the chain verified.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

// First is the first problem in chain order: an event outside the chain,
// else the lowest sequence.
func (r *Report) First() *Problem {
	if len(r.Problems) == 0 {
		return nil
	}
	first := &r.Problems[0]
	for i := range r.Problems {
		if p := &r.Problems[i]; p.Seq < first.Seq {
			first = p
		}
	}
	return first
}

// Verify walks the chain of s and checks every link, redaction and stored
// checkpoint, and external when it is not nil. trusted, when not empty,
// are the only public keys a checkpoint may be signed with.
func Verify(ctx context.Context, s foi.AuditReader, external *foi.AuditCheckpoint, trusted ...ed25519.PublicKey) (*Report, error) {
	v := &verifier{report: &Report{External: external}, trusted: trusted, checkpoints: map[int64][]*foi.AuditCheckpoint{}}
	if external != nil {
		v.checkpoints[external.Seq] = append(v.checkpoints[external.Seq], external)
	}
	if err := s.WalkAudit(ctx, v); err != nil {
		return nil, err
	}
	v.finish()
	return v.report, nil
}

type verifier struct {
	report      *Report
	trusted     []ed25519.PublicKey
	checkpoints map[int64][]*foi.AuditCheckpoint // by sequence, until the walk passes it
	prev        string
	seq         int64 // the last link's sequence
}

func (v *verifier) problem(p Problem) {
	if len(v.report.Problems) >= maxProblems {
		v.report.More++
		return
	}
	v.report.Problems = append(v.report.Problems, p)
}

func linkProblem(l *foi.AuditLink, reason string, args ...any) Problem {
	p := Problem{Seq: l.Seq, EventID: l.EventID, Reason: fmt.Sprintf(reason, args...)}
	if l.Event != nil {
		p.Type, p.At = l.Event.Type, l.Event.At
	}
	return p
}

func (v *verifier) Head(h foi.AuditHead) error {
	v.report.Head = h
	v.prev = Genesis(h.Chain)
	if h.BackfillUntil > 0 {
		v.problem(Problem{Reason: fmt.Sprintf("the events up to id %d, from before the upgrade that made the chain, are not all linked yet: open the database with this version (disclose migrate)", h.BackfillUntil)})
	}
	if v.report.External != nil && v.report.External.Chain != h.Chain {
		v.problem(Problem{Seq: v.report.External.Seq, Reason: fmt.Sprintf(
			"the checkpoint file is of chain %s, this database's chain is %s", v.report.External.Chain, h.Chain)})
	}
	return nil
}

func (v *verifier) Checkpoint(c *foi.AuditCheckpoint) error {
	v.report.Checkpoints++
	if v.report.Latest == nil || c.Seq >= v.report.Latest.Seq {
		v.report.Latest = c
	}
	if err := CheckSignature(c); err != nil {
		v.problem(Problem{Seq: c.Seq, Reason: fmt.Sprintf("stored checkpoint %d: %v", c.ID, err)})
	} else if !v.trust(c.PublicKey) {
		v.problem(Problem{Seq: c.Seq, Reason: fmt.Sprintf("stored checkpoint %d is signed by key %s, not the audit key", c.ID, KeyID(c.PublicKey))})
	}
	if c.Chain != v.report.Head.Chain {
		v.problem(Problem{Seq: c.Seq, Reason: fmt.Sprintf("stored checkpoint %d is of another chain (%s)", c.ID, c.Chain)})
	}
	v.checkpoints[c.Seq] = append(v.checkpoints[c.Seq], c)
	return nil
}

func (v *verifier) trust(pub []byte) bool {
	if len(v.trusted) == 0 {
		return true
	}
	return slices.ContainsFunc(v.trusted, func(k ed25519.PublicKey) bool { return bytes.Equal(k, pub) })
}

func (v *verifier) Unchained(e *foi.Event) error {
	v.problem(Problem{EventID: e.ID, Type: e.Type, At: e.At,
		Reason: "it is not in the chain: it was written outside Disclose, or its link was removed"})
	return nil
}

func (v *verifier) Link(l *foi.AuditLink) error {
	v.report.Links++
	want := v.seq + 1
	switch {
	case l.Seq > want:
		v.problem(linkProblem(l, "%d link(s) before it are missing (sequence %d to %d): events were deleted", l.Seq-want, want, l.Seq-1))
	case l.Seq < want:
		v.problem(linkProblem(l, "its sequence number repeats one already in the chain"))
	case l.Prev != v.prev:
		v.problem(linkProblem(l, "it does not follow the event before it: the chain was reordered or rewritten here"))
	case l.Event == nil:
		v.problem(linkProblem(l, "the event row was deleted"))
	default:
		content := ContentDigest(l.Event.Note, l.Event.Before, l.Event.After)
		if content != l.Content && l.RedactedBy == 0 {
			v.problem(linkProblem(l, "its note, before or after were changed, and no retention run recorded removing personal data from it"))
		} else if Hash(l.Prev, l.Seq, l.Event, l.Content) != l.Hash {
			v.problem(linkProblem(l, "its recorded fields (request, type, dates or actor) were changed: its hash does not match"))
		}
	}
	// The walk goes on from the hash stored, so one change is one problem.
	v.prev, v.seq = l.Hash, max(v.seq, l.Seq)
	for _, c := range v.checkpoints[l.Seq] {
		if c.Hash != l.Hash {
			v.problem(linkProblem(l, "its hash differs from the checkpoint of %s: the chain was rewritten from here or before",
				c.At.UTC().Format(time.RFC3339)))
		} else if c == v.report.External {
			v.report.ExternalChecked = true
		}
	}
	delete(v.checkpoints, l.Seq)
	return nil
}

func (v *verifier) Redaction(r *foi.AuditRedaction) error {
	l := r.Event
	by := r.By
	switch {
	case by == nil || by.Event == nil:
		v.problem(linkProblem(l, "its personal data was removed by an event that is not in the chain"))
	case by.Event.Type != foi.EventAnonymised:
		v.problem(linkProblem(l, "its personal data was removed by event %d, a %s event, not a retention run", by.EventID, by.Event.Type))
	case by.Seq <= l.Seq:
		v.problem(linkProblem(l, "its personal data was removed by event %d, which comes before it", by.EventID))
	case l.Event != nil && by.Event.RequestID != l.Event.RequestID:
		v.problem(linkProblem(l, "its personal data was removed by event %d, of another case", by.EventID))
	case ContentDigest(by.Event.Note, by.Event.Before, by.Event.After) != by.Content:
		v.problem(linkProblem(l, "the retention event %d that removed its personal data was itself changed", by.EventID))
	case !slices.Contains(RedactedEvents(by.Event.After), l.EventID):
		v.problem(linkProblem(l, "the retention event %d does not list it among the events it removed personal data from", by.EventID))
	}
	return nil
}

func (v *verifier) finish() {
	h := v.report.Head
	if h.Seq != v.seq || (h.Seq > 0 && h.Hash != v.prev) {
		v.problem(Problem{Seq: max(h.Seq, v.seq), Reason: fmt.Sprintf(
			"the chain ends at sequence %d but its head records sequence %d: the latest events were deleted or the head changed", v.seq, h.Seq)})
	}
	// A checkpoint of the empty chain holds of every chain.
	for _, c := range v.checkpoints[0] {
		if c.Hash != "" {
			v.problem(Problem{Reason: "a checkpoint of the empty chain records a hash"})
		} else if c == v.report.External {
			v.report.ExternalChecked = true
		}
	}
	delete(v.checkpoints, 0)
	for seq, list := range v.checkpoints {
		for range list {
			v.problem(Problem{Seq: seq, Reason: fmt.Sprintf(
				"a checkpoint records sequence %d but the chain ends at %d: events were deleted", seq, v.seq)})
		}
	}
}

// redactions is the After of a retention event that removed personal data
// from other events: {"redacted_events":[ids]}.
type redactions struct {
	Events []int64 `json:"redacted_events"`
}

// RedactionAfter is the After a retention event records when it removes
// personal data from the events ids.
func RedactionAfter(ids []int64) string {
	b, _ := json.Marshal(redactions{Events: ids})
	return string(b)
}

// RedactedEvents reads the ids a retention event's After lists.
func RedactedEvents(after string) []int64 {
	var r redactions
	if json.Unmarshal([]byte(after), &r) != nil {
		return nil
	}
	return r.Events
}
