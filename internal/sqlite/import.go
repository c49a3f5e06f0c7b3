// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"disclose/internal/foi"
	"disclose/internal/sqlstore"
)

// CreateImported stores a batch of new cases in few statements instead of
// a dozen per case: each table gets multi-row INSERTs (see insertRows),
// with ids assigned here. Importing a historical log of a million entries
// is dominated by per-statement cost otherwise.
//
// The public entries are not indexed for search here: their keys go to
// publication_search_backlog, and IndexImported indexes the whole import
// at its end (see migration 0016).
func (t *tx) CreateImported(ctx context.Context, cases []foi.ImportedCase) error {
	if len(cases) == 0 {
		return nil
	}
	var nextRequester, nextRequest, nextEvent int64
	if err := t.tx.QueryRowContext(ctx, `SELECT (SELECT coalesce(max(id), 0) FROM requesters),
		(SELECT coalesce(max(id), 0) FROM requests), (SELECT coalesce(max(id), 0) FROM events)`).
		Scan(&nextRequester, &nextRequest, &nextEvent); err != nil {
		return wrap("import", err)
	}
	var (
		requesters [][]any
		requests   [][]any
		parts      [][]any
		events     [][]any
		pubs       [][]any
		indexed    []int64
		maxRef     int
		categories = map[string]int64{}
		counts     = map[[2]any]int{}
	)
	for _, c := range cases {
		r := c.Request
		if r.Reference.Prefix == "" {
			r.Reference.Prefix = r.Regime.ReferencePrefix()
		}
		nextRequester++
		nextRequest++
		q := r.Requester
		requesters = append(requesters, []any{nextRequester, q.Name, q.Email, q.Address, q.Phone})
		requests = append(requests, []any{nextRequest, nextRequester, r.Reference.Prefix, r.Reference.Number,
			string(r.Regime), string(r.Channel), instant(r.ReceivedAt), date(r.ReceivedOn), r.Text, r.Preamble,
			string(r.Status), date(r.DueOn), r.CalendarVersion, nullID(r.AssigneeID), date(r.RespondedOn), string(r.Outcome),
			instant(t.now), instant(t.now), 1})
		for _, p := range r.Parts {
			parts = append(parts, []any{nextRequest, p.Number, p.Label, p.Text, p.Answer, string(p.Outcome),
				jsonStrings(p.Exemptions), p.PublicInterest})
		}
		maxRef = max(maxRef, r.Reference.Number)
		r.ID, r.Version, r.CreatedAt, r.UpdatedAt = nextRequest, 1, t.now, t.now

		if e := c.Event; e != nil {
			nextEvent++
			if e.At.IsZero() {
				e.At = t.now
			}
			e.ID, e.RequestID = nextEvent, r.ID
			events = append(events, []any{e.ID, r.ID, e.Type, date(e.On), instant(e.At), nullID(e.ActorID),
				e.Actor, e.Note, e.Before, e.After})
		}

		p := c.Publication
		if p == nil {
			continue
		}
		p.RequestID, p.Reference = r.ID, r.Reference
		name := trimmed(p.Category)
		id, ok := categories[name]
		if !ok {
			var err error
			if id, err = t.categoryID(ctx, name); err != nil {
				return wrap("import", err)
			}
			categories[name] = id
		}
		key := publicationKey(p.PublishedOn, r.Reference.Number)
		var down any
		if !p.Public() {
			down = instant(t.now)
			p.UnpublishedAt = t.now
		} else {
			indexed = append(indexed, key)
			counts[[2]any{id, p.Month()}]++
		}
		p.Category, p.PublishedAt, p.UpdatedAt = name, t.now, t.now
		pubs = append(pubs, []any{key, r.ID, r.Reference.Prefix, r.Reference.Number, string(p.Regime), id,
			date(p.PublishedOn), date(p.ReceivedOn), date(p.RespondedOn), string(p.Outcome), instant(t.now),
			instant(t.now), down, cleanText(trimmed(p.Title)), cleanText(p.Summary), cleanText(p.Request),
			cleanText(p.Response), encodeParts(p.Parts)})
	}

	inserts := []struct {
		head string
		rows [][]any
	}{
		{`INSERT INTO requesters (id, name, email, address, phone)`, requesters},
		{`INSERT INTO requests (id, requester_id, ref_prefix, ref_number, regime, channel, received_at, received_on,
				text, preamble, status, due_on, calendar_version, assignee_id, responded_on, outcome,
				created_at, updated_at, version)`, requests},
		{`INSERT INTO parts (request_id, number, label, text, answer, outcome, exemptions, public_interest)`, parts},
		{`INSERT INTO events (id, request_id, type, on_date, at, actor_id, actor, note, before, after)`, events},
		{`INSERT INTO publications (key, request_id, ref_prefix, ref_number, regime, category_id, published_on,
				received_on, responded_on, outcome, published_at, updated_at, unpublished_at, title, summary,
				request, response, parts)`, pubs},
	}
	for _, in := range inserts {
		if err := t.insertRows(ctx, in.head, in.rows); err != nil {
			if isUnique(err) {
				return foi.Errorf(foi.ECONFLICT, "a reference in the batch is already stored")
			}
			return wrap("import", err)
		}
	}
	if _, err := t.tx.ExecContext(ctx, `INSERT INTO counters (name, next) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET next = max(next, excluded.next)`, sqlstore.ReferenceCounter, maxRef+1); err != nil {
		return wrap("import", err)
	}
	keysByCount := make([][2]any, 0, len(counts))
	for k := range counts {
		keysByCount = append(keysByCount, k)
	}
	sort.Slice(keysByCount, func(i, j int) bool { return fmt.Sprint(keysByCount[i]) < fmt.Sprint(keysByCount[j]) })
	for _, k := range keysByCount {
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO publication_counts (category_id, month, n) VALUES (?, ?, ?)
			ON CONFLICT (category_id, month) DO UPDATE SET n = n + excluded.n`, k[0], k[1], counts[k]); err != nil {
			return wrap("import", err)
		}
	}
	if len(indexed) > 0 {
		list, _ := json.Marshal(indexed)
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO publication_search_backlog (key)
			SELECT value FROM json_each(?)`, string(list)); err != nil {
			return wrap("import", err)
		}
		if err := t.logChanged(ctx); err != nil {
			return wrap("import", err)
		}
	}
	for _, c := range cases { // into the audit chain at commit
		if c.Event != nil {
			t.Tx.ChainEvent(c.Event)
		}
	}
	return nil
}

// indexChunk is how many backlog entries one transaction indexes: about
// 100 MiB of index data held in memory and written as one segment, and a
// few seconds of holding the writer, so a server sharing the file waits
// well within its busy timeout.
const indexChunk = 100_000

// IndexImported indexes for search the entries imports have added since it
// last ran, oldest key first, in transactions of indexChunk entries, and
// returns how many it indexed. Each transaction reads the same entries'
// text as publishing does (publication_text) in key order, which FTS5
// takes fastest.
func (s *Store) IndexImported(ctx context.Context) (int, error) {
	var waiting bool
	if err := s.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM publication_search_backlog)`).Scan(&waiting); err != nil || !waiting {
		return 0, wrap("index imported entries", err)
	}
	total := 0
	for {
		var n int
		err := s.Update(ctx, func(ftx foi.Tx) error {
			t := ftx.(*tx)
			var last sql.NullInt64
			if err := t.tx.QueryRowContext(ctx, `SELECT count(*), max(key) FROM (SELECT key FROM publication_search_backlog
				ORDER BY key LIMIT ?)`, indexChunk).Scan(&n, &last); err != nil {
				return err
			}
			if n == 0 {
				return nil
			}
			if _, err := t.tx.ExecContext(ctx, `INSERT INTO publication_search (rowid, title, summary, request, answers, facets)
				SELECT key, title, summary, request, answers, facets FROM publication_text
				WHERE key IN (SELECT key FROM publication_search_backlog WHERE key <= ?) ORDER BY key`, last.Int64); err != nil {
				return err
			}
			if _, err := t.tx.ExecContext(ctx, `INSERT INTO publication_titles (rowid, title, summary)
				SELECT key, title, summary FROM publications
				WHERE key IN (SELECT key FROM publication_search_backlog WHERE key <= ?) ORDER BY key`, last.Int64); err != nil {
				return err
			}
			if _, err := t.tx.ExecContext(ctx, `DELETE FROM publication_search_backlog WHERE key <= ?`, last.Int64); err != nil {
				return err
			}
			return t.logChanged(ctx)
		})
		if err != nil {
			return total, wrap("index imported entries", err)
		}
		if n == 0 {
			return total, nil
		}
		total += n
	}
}

// insertChunk is how many rows one INSERT statement writes. A statement per
// row costs more than the row; a statement of this many rows has the same
// text every time, so it is prepared once per connection, and the rows left
// over go one at a time.
const insertChunk = 64

// insertRows runs head (an INSERT naming its columns) over rows, all of the
// same width.
func (t *tx) insertRows(ctx context.Context, head string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	width := len(rows[0])
	one := "(?" + strings.Repeat(", ?", width-1) + ")"
	chunk := head + " VALUES " + one + strings.Repeat(", "+one, insertChunk-1)
	args := make([]any, 0, insertChunk*width)
	for len(rows) > 0 {
		query, n := chunk, insertChunk
		if len(rows) < insertChunk {
			query, n = head+" VALUES "+one, 1
		}
		args = args[:0]
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		if _, err := t.tx.ExecContext(ctx, query, args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

func trimmed(s string) string { return strings.TrimSpace(s) }

// StoredReferences reports which of the numbers are requests' references.
func (t *tx) StoredReferences(ctx context.Context, numbers []int) (map[int]bool, error) {
	list, _ := json.Marshal(numbers)
	found, err := queryKeys(ctx, t.tx, `SELECT ref_number FROM requests
		WHERE ref_number IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, wrap("stored references", err)
	}
	stored := make(map[int]bool, len(found))
	for _, n := range found {
		stored[int(n)] = true
	}
	return stored, nil
}
