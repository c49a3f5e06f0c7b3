// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlstore

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"disclose/internal/audit"
	"disclose/internal/foi"
)

// The audit chain (migration 0022, docs/audit.md): audit_chain holds one
// link per event, audit_head the last link and the chain's identifier, and
// its single row is the lock that serialises every writer of the chain.
// Links are computed when a transaction commits (Seal), so the head is
// locked for the end of a transaction only, after every other lock it
// takes: two writers queue for it and never deadlock on it.

// ChainEvent queues e, stored by a bulk path with its id set, to be linked
// at commit.
func (t *Tx) ChainEvent(e *foi.Event) {
	ev := *e
	ev.At = audit.EventAt(ev.At)
	t.pending = append(t.pending, &ev)
}

// Seal links the events the transaction wrote, in the order written, at
// the head of the chain. The engines call it just before they commit.
func (t *Tx) Seal(ctx context.Context) error {
	if len(t.pending) == 0 {
		return nil
	}
	head, err := t.lockHead(ctx)
	if err != nil {
		return err
	}
	for head.BackfillUntil > 0 {
		if _, err := t.backfill(ctx, &head, 10_000); err != nil {
			return err
		}
	}
	if err := t.link(ctx, &head, t.pending); err != nil {
		return err
	}
	t.pending = nil
	return nil
}

func (t *Tx) lockHead(ctx context.Context) (foi.AuditHead, error) {
	var h foi.AuditHead
	err := t.Q.QueryRow(ctx, `SELECT chain, seq, hash, backfill_until FROM audit_head WHERE id = 1`+t.D.ForUpdate()).
		Scan(&h.Chain, &h.Seq, &h.Hash, &h.BackfillUntil)
	if errors.Is(err, ErrNoRows) {
		return h, errors.New("audit chain: the head row is missing")
	}
	return h, t.D.Wrap("audit head", err)
}

// linkRows is how many links one INSERT writes.
const linkRows = 100

// link appends events to the chain after head and moves the head.
func (t *Tx) link(ctx context.Context, head *foi.AuditHead, events []*foi.Event) error {
	prev, seq := head.Hash, head.Seq
	if seq == 0 {
		prev = audit.Genesis(head.Chain)
	}
	for len(events) > 0 {
		n := min(len(events), linkRows)
		var sql strings.Builder
		sql.WriteString(`INSERT INTO audit_chain (seq, event_id, prev_hash, hash, content_digest) VALUES `)
		args := make([]any, 0, 5*n)
		for i, e := range events[:n] {
			if i > 0 {
				sql.WriteString(", ")
			}
			sql.WriteString("(?, ?, ?, ?, ?)")
			seq++
			l := audit.Link(prev, seq, e)
			args = append(args, l.Seq, l.EventID, l.Prev, l.Hash, l.Content)
			prev = l.Hash
		}
		if _, err := t.Q.Exec(ctx, sql.String(), args...); err != nil {
			return t.D.Wrap("audit chain", err)
		}
		events = events[n:]
	}
	n, err := t.Q.Exec(ctx, `UPDATE audit_head SET seq = ?, hash = ?, backfill_until = ? WHERE id = 1 AND seq = ?`,
		seq, prev, head.BackfillUntil, head.Seq)
	if err != nil {
		return t.D.Wrap("audit head", err)
	}
	if n != 1 {
		return fmt.Errorf("audit chain: the head moved from sequence %d while it was locked", head.Seq)
	}
	head.Seq, head.Hash = seq, prev
	return nil
}

// ChainBackfill links up to limit of the events an upgrade found in the
// database, oldest id first.
func (t *Tx) ChainBackfill(ctx context.Context, limit int) (int, error) {
	head, err := t.lockHead(ctx)
	if err != nil || head.BackfillUntil == 0 {
		return 0, err
	}
	return t.backfill(ctx, &head, limit)
}

func (t *Tx) backfill(ctx context.Context, head *foi.AuditHead, limit int) (int, error) {
	rows, err := t.Q.Query(ctx, `SELECT `+eventColumns+` FROM events e
		WHERE e.id <= ? AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_id = e.id)
		ORDER BY e.id LIMIT ?`, head.BackfillUntil, limit)
	if err != nil {
		return 0, t.D.Wrap("audit backfill", err)
	}
	var list []*foi.Event
	for rows.Next() {
		e := &foi.Event{}
		if err := rows.Scan(scanEvent(e)...); err != nil {
			rows.Close()
			return 0, t.D.Wrap("audit backfill", err)
		}
		list = append(list, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, t.D.Wrap("audit backfill", err)
	}
	if len(list) < limit {
		head.BackfillUntil = 0
	}
	if err := t.link(ctx, head, list); err != nil {
		return 0, err
	}
	return len(list), nil
}

// eventColumns reads an event row e; NULLs (a link whose event is gone)
// read as empty.
const eventColumns = `e.id, e.request_id, coalesce(e.type, ''), e.on_date, e.at, e.actor_id, coalesce(e.actor, ''),
	coalesce(e.note, ''), coalesce(e.before, ''), coalesce(e.after, '')`

func scanEvent(e *foi.Event) []any {
	return []any{ScanID(&e.ID), ScanID(&e.RequestID), &e.Type, ScanDate(&e.On), ScanInstant(&e.At), ScanID(&e.ActorID),
		&e.Actor, &e.Note, &e.Before, &e.After}
}

// RedactEvent rewrites an event's personal fields, recording which
// retention event did it; the triggers of migration 0022 allow this update
// and no other.
func (t *Tx) RedactEvent(ctx context.Context, e *foi.Event, byID int64) error {
	if _, err := t.Q.Exec(ctx, `INSERT INTO audit_redactions (event_id, by_event_id) VALUES (?, ?)
		ON CONFLICT (event_id) DO UPDATE SET by_event_id = excluded.by_event_id`, e.ID, byID); err != nil {
		return t.D.Wrap("redact event", err)
	}
	n, err := t.Q.Exec(ctx, `UPDATE events SET note = ?, before = ?, after = ? WHERE id = ?`, e.Note, e.Before, e.After, e.ID)
	if err != nil {
		return t.D.Wrap("redact event", err)
	}
	if n == 0 {
		return foi.Errorf(foi.ENOTFOUND, "there is no event %d", e.ID)
	}
	return nil
}

// AddAuditCheckpoint stores a signed checkpoint.
func (t *Tx) AddAuditCheckpoint(ctx context.Context, c *foi.AuditCheckpoint) error {
	err := t.Q.QueryRow(ctx, `INSERT INTO audit_checkpoints (chain, seq, hash, at, public_key, signature)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, c.Chain, c.Seq, c.Hash, t.D.Instant(c.At),
		base64.StdEncoding.EncodeToString(c.PublicKey), base64.StdEncoding.EncodeToString(c.Signature)).Scan(&c.ID)
	return t.D.Wrap("add audit checkpoint", err)
}

// AuditHead returns the head of the chain.
func (r *Reader) AuditHead(ctx context.Context) (foi.AuditHead, error) {
	var h foi.AuditHead
	err := r.Q.QueryRow(ctx, `SELECT chain, seq, hash, backfill_until FROM audit_head WHERE id = 1`).
		Scan(&h.Chain, &h.Seq, &h.Hash, &h.BackfillUntil)
	if errors.Is(err, ErrNoRows) {
		return h, errors.New("audit chain: the head row is missing")
	}
	return h, r.D.Wrap("audit head", err)
}

const checkpointColumns = `id, chain, seq, hash, at, public_key, signature`

func scanCheckpoint(rows Rows) (*foi.AuditCheckpoint, error) {
	c := &foi.AuditCheckpoint{}
	var pub, sig string
	if err := rows.Scan(&c.ID, &c.Chain, &c.Seq, &c.Hash, ScanInstant(&c.At), &pub, &sig); err != nil {
		return nil, err
	}
	// A value that is not base64 reads as empty, and fails its check.
	c.PublicKey, _ = base64.StdEncoding.DecodeString(pub)
	c.Signature, _ = base64.StdEncoding.DecodeString(sig)
	return c, nil
}

// FindAuditCheckpoints lists stored checkpoints, newest first.
func (r *Reader) FindAuditCheckpoints(ctx context.Context, limit int) ([]*foi.AuditCheckpoint, error) {
	q := `SELECT ` + checkpointColumns + ` FROM audit_checkpoints ORDER BY seq DESC, id DESC`
	var args []any
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := r.Q.Query(ctx, q, args...)
	if err != nil {
		return nil, r.D.Wrap("find audit checkpoints", err)
	}
	defer rows.Close()
	var out []*foi.AuditCheckpoint
	for rows.Next() {
		c, err := scanCheckpoint(rows)
		if err != nil {
			return nil, r.D.Wrap("find audit checkpoints", err)
		}
		out = append(out, c)
	}
	return out, r.D.Wrap("find audit checkpoints", rows.Err())
}

// WalkAudit streams the chain to w from one snapshot: the head, the
// stored checkpoints, the events outside the chain, the links and the
// redactions (foi.AuditWalker).
func (r *Reader) WalkAudit(ctx context.Context, w foi.AuditWalker) error {
	return r.snapshot(ctx, func(r *Reader) error {
		h, err := r.AuditHead(ctx)
		if err != nil {
			return err
		}
		if err := w.Head(h); err != nil {
			return err
		}
		err = r.each(ctx, `SELECT `+checkpointColumns+` FROM audit_checkpoints ORDER BY seq, id`, nil, func(rows Rows) error {
			c, err := scanCheckpoint(rows)
			if err != nil {
				return err
			}
			return w.Checkpoint(c)
		})
		if err != nil {
			return err
		}
		err = r.each(ctx, `SELECT `+eventColumns+` FROM events e
			WHERE e.id > ? AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_id = e.id) ORDER BY e.id`,
			[]any{h.BackfillUntil}, func(rows Rows) error {
				e := &foi.Event{}
				if err := rows.Scan(scanEvent(e)...); err != nil {
					return err
				}
				return w.Unchained(e)
			})
		if err != nil {
			return err
		}
		err = r.each(ctx, `SELECT c.seq, c.event_id, c.prev_hash, c.hash, c.content_digest, coalesce(rd.by_event_id, 0), `+
			eventColumns+` FROM audit_chain c LEFT JOIN events e ON e.id = c.event_id
			LEFT JOIN audit_redactions rd ON rd.event_id = c.event_id ORDER BY c.seq`, nil, func(rows Rows) error {
			l := &foi.AuditLink{Event: &foi.Event{}}
			dest := append([]any{&l.Seq, &l.EventID, &l.Prev, &l.Hash, &l.Content, &l.RedactedBy}, scanEvent(l.Event)...)
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			if l.Event.ID == 0 {
				l.Event = nil
			}
			return w.Link(l)
		})
		if err != nil {
			return err
		}
		ye := strings.ReplaceAll(eventColumns, "e.", "y.")
		return r.each(ctx, `SELECT x.seq, x.event_id, x.prev_hash, x.hash, x.content_digest, `+eventColumns+`,
				coalesce(yc.seq, 0), coalesce(yc.content_digest, ''), `+ye+`
			FROM audit_redactions rd JOIN audit_chain x ON x.event_id = rd.event_id JOIN events e ON e.id = rd.event_id
			LEFT JOIN events y ON y.id = rd.by_event_id LEFT JOIN audit_chain yc ON yc.event_id = rd.by_event_id
			ORDER BY x.seq`, nil, func(rows Rows) error {
			x := &foi.AuditLink{Event: &foi.Event{}}
			y := &foi.AuditLink{Event: &foi.Event{}}
			dest := append([]any{&x.Seq, &x.EventID, &x.Prev, &x.Hash, &x.Content}, scanEvent(x.Event)...)
			dest = append(dest, &y.Seq, &y.Content)
			dest = append(dest, scanEvent(y.Event)...)
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			y.EventID = y.Event.ID
			red := &foi.AuditRedaction{Event: x, By: y}
			if y.Seq == 0 || y.Event.ID == 0 {
				red.By = nil
			}
			return w.Redaction(red)
		})
	})
}

// each runs a query and calls fn for each row, one at a time.
func (r *Reader) each(ctx context.Context, query string, args []any, fn func(Rows) error) error {
	rows, err := r.Q.Query(ctx, query, args...)
	if err != nil {
		return r.D.Wrap("walk audit chain", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return r.D.Wrap("walk audit chain", err)
		}
	}
	return r.D.Wrap("walk audit chain", rows.Err())
}
