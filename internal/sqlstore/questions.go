// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlstore

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"disclose/internal/askedbefore"
	"disclose/internal/foi"
)

// The question index (migration 0024): each part of a request under the
// keys askedbefore.Keys gives its text.

// questionIndexCounter holds the highest request id IndexQuestionBatch has
// indexed; requests CreateRequest stores are indexed as they are stored.
const questionIndexCounter = "question_index"

// indexQuestions replaces the keys of request id's parts.
func (t *Tx) indexQuestions(ctx context.Context, q Querier, id int64, parts []foi.Part) error {
	if _, err := q.Exec(ctx, `DELETE FROM question_keys WHERE request_id = ?`, id); err != nil {
		return t.D.Wrap("index questions", err)
	}
	var rows []questionKey
	for _, p := range parts {
		for _, k := range askedbefore.Keys(p.Text) {
			rows = append(rows, questionKey{k, id, p.Number})
		}
	}
	return t.insertQuestionKeys(ctx, q, rows)
}

type questionKey struct {
	hash, requestID int64
	number          int
}

// insertQuestionKeys writes rows a few hundred to a statement.
func (t *Tx) insertQuestionKeys(ctx context.Context, q Querier, rows []questionKey) error {
	const chunk = 300
	for len(rows) > 0 {
		n := min(chunk, len(rows))
		var b strings.Builder
		b.WriteString(`INSERT INTO question_keys (hash, request_id, number) VALUES `)
		args := make([]any, 0, 3*n)
		for i, r := range rows[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?, ?)")
			args = append(args, r.hash, r.requestID, r.number)
		}
		// Two parts of one request may share a key.
		b.WriteString(` ON CONFLICT DO NOTHING`)
		if _, err := q.Exec(ctx, b.String(), args...); err != nil {
			return t.D.Wrap("index questions", err)
		}
		rows = rows[n:]
	}
	return nil
}

// IndexQuestionBatch indexes the parts of up to limit requests past the
// counter, and moves the counter past them.
func (t *Tx) IndexQuestionBatch(ctx context.Context, limit int) (int, error) {
	if limit <= 0 {
		return 0, foi.Errorf(foi.EINVALID, "index questions: a batch needs a positive size, not %d", limit)
	}
	var from int64
	switch err := t.Q.QueryRow(ctx, `SELECT next FROM counters WHERE name = ?`, questionIndexCounter).Scan(&from); {
	case errors.Is(err, ErrNoRows):
	case err != nil:
		return 0, t.D.Wrap("index questions", err)
	}
	rows, err := t.Q.Query(ctx, `SELECT id FROM requests WHERE id > ? ORDER BY id LIMIT ?`, from, limit)
	if err != nil {
		return 0, t.D.Wrap("index questions", err)
	}
	var n int
	var through int64
	for rows.Next() {
		if err := rows.Scan(&through); err != nil {
			rows.Close()
			return 0, t.D.Wrap("index questions", err)
		}
		n++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, t.D.Wrap("index questions", err)
	}
	if n == 0 {
		return 0, nil
	}
	if _, err := t.Q.Exec(ctx, `DELETE FROM question_keys WHERE request_id > ? AND request_id <= ?`, from, through); err != nil {
		return 0, t.D.Wrap("index questions", err)
	}
	parts, err := t.Q.Query(ctx, `SELECT request_id, number, text FROM parts WHERE request_id > ? AND request_id <= ?`, from, through)
	if err != nil {
		return 0, t.D.Wrap("index questions", err)
	}
	var keys []questionKey
	for parts.Next() {
		var k questionKey
		var text string
		if err := parts.Scan(&k.requestID, &k.number, &text); err != nil {
			parts.Close()
			return 0, t.D.Wrap("index questions", err)
		}
		for _, h := range askedbefore.Keys(text) {
			k.hash = h
			keys = append(keys, k)
		}
	}
	parts.Close()
	if err := parts.Err(); err != nil {
		return 0, t.D.Wrap("index questions", err)
	}
	// The batch's old keys are gone, so its keys go in by the engine's
	// bulk path (COPY on PostgreSQL), once each: after an import this
	// writes tens of millions of rows.
	bulk := make([][]any, 0, len(keys))
	seen := make(map[questionKey]bool, len(keys))
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			bulk = append(bulk, []any{k.hash, k.requestID, k.number})
		}
	}
	if len(bulk) > 0 {
		if err := t.D.BulkInsert(ctx, t.Q, "question_keys", []string{"hash", "request_id", "number"}, bulk); err != nil {
			return 0, t.D.Wrap("index questions", err)
		}
	}
	if _, err := t.Q.Exec(ctx, `INSERT INTO counters (name, next) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET next = excluded.next`, questionIndexCounter, through); err != nil {
		return 0, t.D.Wrap("index questions", err)
	}
	return n, nil
}

// QuestionCandidates reads each key's newest perKey parts and returns the
// parts found under most keys, with their text: QuestionCandidatesByPart
// for one part.
func (r *Reader) QuestionCandidates(ctx context.Context, keys []int64, exclude int64, perKey, limit int) ([]foi.QuestionCandidate, error) {
	out, err := r.QuestionCandidatesByPart(ctx, [][]int64{keys}, exclude, perKey, limit)
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// QuestionCandidatesByPart is QuestionCandidates for every part's keys at
// once, in one query, so a case page's check costs one read however many
// parts it has: each part's keys are read perKey deep, and each part keeps
// its own limit best (a window over the part).
func (r *Reader) QuestionCandidatesByPart(ctx context.Context, keys [][]int64, exclude int64, perKey, limit int) ([][]foi.QuestionCandidate, error) {
	out := make([][]foi.QuestionCandidate, len(keys))
	if limit <= 0 || perKey <= 0 {
		return out, nil
	}
	var b strings.Builder
	var args []any
	arm := 0
	for part, ks := range keys {
		for _, k := range ks {
			if arm > 0 {
				b.WriteString(" UNION ALL ")
			}
			// Each key's own LIMIT keeps a key thousands of parts share to
			// perKey index reads.
			b.WriteString(`SELECT * FROM (SELECT ` + strconv.Itoa(part) + ` AS part, request_id, number FROM question_keys
				WHERE hash = ? AND request_id <> ? ORDER BY request_id DESC LIMIT ?) k` + strconv.Itoa(arm))
			args = append(args, k, exclude, perKey)
			arm++
		}
	}
	if arm == 0 {
		return out, nil
	}
	args = append(args, limit)
	rows, err := r.Q.Query(ctx, `SELECT m.part, m.request_id, m.number, m.shared, p.text
		FROM (SELECT part, request_id, number, shared,
				row_number() OVER (PARTITION BY part ORDER BY shared DESC, request_id DESC, number) AS pos
			FROM (SELECT part, request_id, number, count(*) AS shared FROM (`+b.String()+`) c
				GROUP BY part, request_id, number) g) m
		JOIN parts p ON p.request_id = m.request_id AND p.number = m.number
		WHERE m.pos <= ?
		ORDER BY m.part, m.shared DESC, m.request_id DESC, m.number`, args...)
	if err != nil {
		return nil, r.D.Wrap("find asked-before candidates", err)
	}
	defer rows.Close()
	for rows.Next() {
		var part int
		var c foi.QuestionCandidate
		if err := rows.Scan(&part, &c.RequestID, &c.Number, &c.Shared, &c.Text); err != nil {
			return nil, r.D.Wrap("find asked-before candidates", err)
		}
		out[part] = append(out[part], c)
	}
	return out, r.D.Wrap("find asked-before candidates", rows.Err())
}

// CompleteQuestionCandidates reads the candidates' cases in one query.
func (r *Reader) CompleteQuestionCandidates(ctx context.Context, cands []foi.QuestionCandidate) error {
	if len(cands) == 0 {
		return nil
	}
	seen := map[int64]bool{}
	var ids []any
	for _, c := range cands {
		if !seen[c.RequestID] {
			seen[c.RequestID] = true
			ids = append(ids, c.RequestID)
		}
	}
	rows, err := r.Q.Query(ctx, `SELECT r.id, p.number, p.answer, p.outcome,
			r.ref_prefix, r.ref_number, r.regime, r.channel, r.status, r.received_on, r.responded_on, r.outcome,
			q.name, q.email, pub.published_on
		FROM requests r
		JOIN parts p ON p.request_id = r.id
		JOIN requesters q ON q.id = r.requester_id
		LEFT JOIN publications pub ON pub.request_id = r.id AND pub.unpublished_at IS NULL
		WHERE r.id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`, ids...)
	if err != nil {
		return r.D.Wrap("complete asked-before candidates", err)
	}
	defer rows.Close()
	type key struct {
		id     int64
		number int
	}
	got := map[key]foi.QuestionCandidate{}
	for rows.Next() {
		var c foi.QuestionCandidate
		var outcome, regime, channel, status, reqOutcome string
		if err := rows.Scan(&c.RequestID, &c.Number, &c.Answer, &outcome,
			&c.Reference.Prefix, &c.Reference.Number, &regime, &channel, &status,
			ScanDate(&c.ReceivedOn), ScanDate(&c.RespondedOn), &reqOutcome,
			&c.RequesterName, &c.RequesterEmail, ScanDate(&c.PublishedOn)); err != nil {
			return r.D.Wrap("complete asked-before candidates", err)
		}
		c.Outcome, c.Regime, c.Channel = foi.Outcome(outcome), foi.Regime(regime), foi.Channel(channel)
		c.Status, c.RequestOutcome = foi.Status(status), foi.Outcome(reqOutcome)
		got[key{c.RequestID, c.Number}] = c
	}
	if err := rows.Err(); err != nil {
		return r.D.Wrap("complete asked-before candidates", err)
	}
	for i := range cands {
		c, ok := got[key{cands[i].RequestID, cands[i].Number}]
		if !ok {
			continue // changed since it was found: left as found
		}
		c.Shared, c.Text = cands[i].Shared, cands[i].Text
		cands[i] = c
	}
	return nil
}

// LinkRoundRobin stores the pair with the lower id first.
func (t *Tx) LinkRoundRobin(ctx context.Context, a, b int64) error {
	if a == b {
		return foi.Errorf(foi.EINVALID, "a request cannot be linked to itself as a round robin")
	}
	if a > b {
		a, b = b, a
	}
	_, err := t.Q.Exec(ctx, `INSERT INTO round_robin_links (request_id, other_id, linked_at) VALUES (?, ?, ?)
		ON CONFLICT DO NOTHING`, a, b, t.D.Instant(t.Now))
	if t.D.IsForeignKey(err) {
		return foi.Errorf(foi.ENOTFOUND, "no request %d or %d to link", a, b)
	}
	return t.D.Wrap("link round robin", err)
}

// FindRoundRobin walks the links from requestID.
func (r *Reader) FindRoundRobin(ctx context.Context, requestID int64) ([]foi.RoundRobinCase, error) {
	rows, err := r.Q.Query(ctx, `WITH RECURSIVE g (id) AS (
			SELECT CAST(? AS BIGINT)
			UNION
			SELECT CASE WHEN l.request_id = g.id THEN l.other_id ELSE l.request_id END
			FROM round_robin_links l JOIN g ON l.request_id = g.id OR l.other_id = g.id)
		SELECT r.id, r.ref_prefix, r.ref_number, r.received_on, r.status
		FROM g JOIN requests r ON r.id = g.id WHERE r.id <> ? ORDER BY r.ref_number`, requestID, requestID)
	if err != nil {
		return nil, r.D.Wrap("find round robin", err)
	}
	defer rows.Close()
	var out []foi.RoundRobinCase
	for rows.Next() {
		var c foi.RoundRobinCase
		var status string
		if err := rows.Scan(&c.RequestID, &c.Reference.Prefix, &c.Reference.Number, ScanDate(&c.ReceivedOn), &status); err != nil {
			return nil, r.D.Wrap("find round robin", err)
		}
		c.Status = foi.Status(status)
		out = append(out, c)
	}
	return out, r.D.Wrap("find round robin", rows.Err())
}

// CountRoundRobinCases counts the period's requests in any round-robin link
// (both columns are indexed).
func (r *Reader) CountRoundRobinCases(ctx context.Context, from, to time.Time) (int, error) {
	var n int
	err := r.Q.QueryRow(ctx, `SELECT count(*) FROM requests q WHERE q.received_on >= ? AND q.received_on <= ?
		AND EXISTS (SELECT 1 FROM round_robin_links l WHERE l.request_id = q.id OR l.other_id = q.id)`,
		r.D.Date(from), r.D.Date(to)).Scan(&n)
	return n, r.D.Wrap("count round robin cases", err)
}
