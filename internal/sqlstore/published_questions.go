// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlstore

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"disclose/internal/askedbefore"
	"disclose/internal/foi"
)

// The published question index (migration 0029): each question of each
// public entry, as published, under the keys askedbefore.Keys gives it.
// Only the entry's published (redacted) text is ever keyed: a key from the
// case's own text would let a redacted word find the entry.

// publishedQuestionCounter holds the highest request id
// IndexPublishedQuestionBatch has looked at.
const publishedQuestionCounter = "published_question_index"

// PublishedQuestionsOf returns an entry's published questions: its parts
// or, for an entry whose response is one text, the questions of its
// published request as intake splits it.
func PublishedQuestionsOf(p *foi.Publication) []foi.PublishedQuestion {
	return publishedQuestions(p.Parts, p.Request)
}

func publishedQuestions(parts []foi.PublishedPart, request string) []foi.PublishedQuestion {
	var out []foi.PublishedQuestion
	for _, x := range parts {
		out = append(out, foi.PublishedQuestion{Number: x.Number, Text: x.Text})
	}
	if len(out) == 0 && strings.TrimSpace(request) != "" {
		for i, q := range foi.SplitRequest(request).Questions {
			out = append(out, foi.PublishedQuestion{Number: i + 1, Text: q.Text})
		}
	}
	return out
}

var publishedKeyColumns = []string{"hash", "request_id", "number"}

// publishedKeyRows are the index rows of an entry's questions.
func publishedKeyRows(requestID int64, qs []foi.PublishedQuestion) [][]any {
	var rows [][]any
	for _, q := range qs {
		for _, k := range askedbefore.Keys(q.Text) {
			rows = append(rows, []any{k, requestID, q.Number})
		}
	}
	return rows
}

// keepPublishedQuestions makes the index hold what p publishes now: its
// questions' keys while it is public, nothing once it is not. SavePublication
// and UnpublishPublication call it in their transaction.
func (t *Tx) keepPublishedQuestions(ctx context.Context, p *foi.Publication) error {
	if _, err := t.Q.Exec(ctx, `DELETE FROM published_question_keys WHERE request_id = ?`, p.RequestID); err != nil {
		return t.D.Wrap("index published questions", err)
	}
	if !p.Public() {
		return nil
	}
	return t.insertPublishedKeys(ctx, t.Q, publishedKeyRows(p.RequestID, PublishedQuestionsOf(p)))
}

// unkeepPublishedQuestions drops an unpublished entry's keys.
func (t *Tx) unkeepPublishedQuestions(ctx context.Context, requestID int64) error {
	_, err := t.Q.Exec(ctx, `DELETE FROM published_question_keys WHERE request_id = ?`, requestID)
	return t.D.Wrap("index published questions", err)
}

// indexImportedQuestions keys the public entries of an import batch, in
// bulk (CreateImported; its new requests have no keys yet).
func (t *Tx) indexImportedQuestions(ctx context.Context, q Querier, im Importer, cases []foi.ImportedCase) error {
	var rows [][]any
	for _, c := range cases {
		if p := c.Publication; p != nil && p.Public() {
			rows = append(rows, publishedKeyRows(p.RequestID, PublishedQuestionsOf(p))...)
		}
	}
	if len(rows) == 0 {
		return nil
	}
	return im.BulkInsert(ctx, q, "published_question_keys", publishedKeyColumns, rows)
}

// insertPublishedKeys writes rows a few hundred to a statement.
func (t *Tx) insertPublishedKeys(ctx context.Context, q Querier, rows [][]any) error {
	const chunk = 300
	for len(rows) > 0 {
		n := min(chunk, len(rows))
		args := make([]any, 0, 3*n)
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		// Two questions of one entry may share a key.
		if _, err := q.Exec(ctx, `INSERT INTO published_question_keys (hash, request_id, number) VALUES (?, ?, ?)`+
			strings.Repeat(", (?, ?, ?)", n-1)+` ON CONFLICT DO NOTHING`, args...); err != nil {
			return t.D.Wrap("index published questions", err)
		}
		rows = rows[n:]
	}
	return nil
}

// IndexPublishedQuestionBatch re-keys the entries of up to limit requests
// past the counter and moves the counter past them.
func (t *Tx) IndexPublishedQuestionBatch(ctx context.Context, limit int) (int, error) {
	if limit <= 0 {
		return 0, foi.Errorf(foi.EINVALID, "index published questions: a batch needs a positive size, not %d", limit)
	}
	var from int64
	switch err := t.Q.QueryRow(ctx, `SELECT next FROM counters WHERE name = ?`, publishedQuestionCounter).Scan(&from); {
	case errors.Is(err, ErrNoRows):
	case err != nil:
		return 0, t.D.Wrap("index published questions", err)
	}
	rows, err := t.Q.Query(ctx, `SELECT request_id, unpublished_at IS NULL, parts, request FROM publications
		WHERE request_id > ? ORDER BY request_id LIMIT ?`, from, limit)
	if err != nil {
		return 0, t.D.Wrap("index published questions", err)
	}
	var (
		n       int
		through int64
		keys    [][]any
	)
	for rows.Next() {
		var (
			public  bool
			parts   []byte
			request string
		)
		if err := rows.Scan(&through, &public, &parts, &request); err != nil {
			rows.Close()
			return 0, t.D.Wrap("index published questions", err)
		}
		n++
		if !public {
			continue
		}
		qs, err := decodePublishedQuestions(parts, request)
		if err != nil {
			rows.Close()
			return 0, foi.Errorf(foi.EINTERNAL, "index published questions: request %d: %v", through, err)
		}
		keys = append(keys, publishedKeyRows(through, qs)...)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, t.D.Wrap("index published questions", err)
	}
	if n == 0 {
		return 0, nil
	}
	if _, err := t.Q.Exec(ctx, `DELETE FROM published_question_keys WHERE request_id > ? AND request_id <= ?`, from, through); err != nil {
		return 0, t.D.Wrap("index published questions", err)
	}
	if err := t.insertPublishedKeys(ctx, t.Q, keys); err != nil {
		return 0, err
	}
	if _, err := t.Q.Exec(ctx, `INSERT INTO counters (name, next) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET next = excluded.next`, publishedQuestionCounter, through); err != nil {
		return 0, t.D.Wrap("index published questions", err)
	}
	return n, nil
}

func decodePublishedQuestions(parts []byte, request string) ([]foi.PublishedQuestion, error) {
	var list []partJSON
	if err := json.Unmarshal(parts, &list); err != nil {
		return nil, err
	}
	pp := make([]foi.PublishedPart, len(list))
	for i, x := range list {
		pp[i] = foi.PublishedPart{Number: x.Number, Text: x.Text}
	}
	return publishedQuestions(pp, request), nil
}

// PublishedQuestionCandidates reads each key's newest perKey questions and
// returns those found under most keys.
func (r *Reader) PublishedQuestionCandidates(ctx context.Context, keys []int64, perKey, limit int) ([]foi.PublishedQuestionHit, error) {
	if len(keys) == 0 || limit <= 0 || perKey <= 0 {
		return nil, nil
	}
	var b strings.Builder
	args := make([]any, 0, 2*len(keys)+1)
	for i, k := range keys {
		if i > 0 {
			b.WriteString(" UNION ALL ")
		}
		// Each key's own LIMIT keeps a key thousands of entries share to
		// perKey index reads.
		b.WriteString(`SELECT * FROM (SELECT request_id, number FROM published_question_keys
			WHERE hash = ? ORDER BY request_id DESC LIMIT ?) k` + strconv.Itoa(i))
		args = append(args, k, perKey)
	}
	args = append(args, limit)
	rows, err := r.Q.Query(ctx, `SELECT request_id, number, count(*) AS shared FROM (`+b.String()+`) c
		GROUP BY request_id, number ORDER BY shared DESC, request_id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, r.D.Wrap("find published question candidates", err)
	}
	defer rows.Close()
	var out []foi.PublishedQuestionHit
	for rows.Next() {
		var h foi.PublishedQuestionHit
		if err := rows.Scan(&h.RequestID, &h.Number, &h.Shared); err != nil {
			return nil, r.D.Wrap("find published question candidates", err)
		}
		out = append(out, h)
	}
	return out, r.D.Wrap("find published question candidates", rows.Err())
}

// PublishedQuestions reads the public entries of requestIDs in one query.
func (r *Reader) PublishedQuestions(ctx context.Context, requestIDs []int64) ([]foi.PublishedQuestions, error) {
	if len(requestIDs) == 0 {
		return nil, nil
	}
	args := make([]any, len(requestIDs))
	for i, id := range requestIDs {
		args[i] = id
	}
	rows, err := r.Q.Query(ctx, `SELECT request_id, ref_prefix, ref_number, title, published_on, parts, request
		FROM publications WHERE unpublished_at IS NULL AND request_id IN (?`+strings.Repeat(", ?", len(args)-1)+`)`, args...)
	if err != nil {
		return nil, r.D.Wrap("find published questions", err)
	}
	defer rows.Close()
	var out []foi.PublishedQuestions
	for rows.Next() {
		var (
			e       foi.PublishedQuestions
			parts   []byte
			request string
		)
		if err := rows.Scan(&e.RequestID, &e.Reference.Prefix, &e.Reference.Number, &e.Title,
			ScanDate(&e.PublishedOn), &parts, &request); err != nil {
			return nil, r.D.Wrap("find published questions", err)
		}
		if e.Questions, err = decodePublishedQuestions(parts, request); err != nil {
			return nil, foi.Errorf(foi.EINTERNAL, "find published questions: %s: %v", e.Reference, err)
		}
		out = append(out, e)
	}
	return out, r.D.Wrap("find published questions", rows.Err())
}
