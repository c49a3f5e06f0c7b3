// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlstore

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"disclose/internal/foi"
)

// Importer is the bulk-import path an engine offers CreateImported.
type Importer interface {
	// BeginImport is called at the start of every batch, before its rows
	// are written.
	BeginImport(ctx context.Context, q Querier) error
	// ReserveIDs takes n new ids of the table's id column.
	ReserveIDs(ctx context.Context, q Querier, table string, n int) ([]int64, error)
	// BulkInsert writes rows (values in the order of columns) into the
	// table as fast as the engine can: COPY on PostgreSQL, multi-row
	// INSERTs on SQLite.
	BulkInsert(ctx context.Context, q Querier, table string, columns []string, rows [][]any) error
	// Imported is told the keys of the public entries a batch added, for
	// an engine that indexes them for search at the import's end.
	Imported(ctx context.Context, q Querier, keys []int64) error
}

// bulkTables are the tables CreateImported writes with Importer.BulkInsert,
// with the columns of the rows it builds for each.
var bulkTables = []struct {
	table   string
	columns []string
}{
	{"requesters", []string{"id", "name", "email", "address", "phone"}},
	{"requests", []string{"id", "ref_prefix", "ref_number", "requester_id", "regime", "channel", "received_at",
		"received_on", "text", "preamble", "status", "due_on", "calendar_version", "assignee_id", "responded_on",
		"outcome", "created_at", "updated_at", "version"}},
	{"parts", []string{"request_id", "number", "label", "text", "answer", "outcome", "exemptions", "public_interest"}},
	{"events", []string{"id", "request_id", "type", "on_date", "at", "actor_id", "actor", "note", "before", "after"}},
}

// CreateImported stores a batch of new cases in a few statements instead of
// a dozen per case: ids are reserved for the batch, each table is written
// in bulk, and the reference counter and the month counts are written once
// for the batch (per-row statements held the counters row for every entry).
func (t *Tx) CreateImported(ctx context.Context, cases []foi.ImportedCase) error {
	if len(cases) == 0 {
		return nil
	}
	err := t.D.Savepoint(ctx, t.Q, func(q Querier) error { return t.createImported(ctx, q, t.D, cases) })
	if t.D.IsUnique(err) {
		return foi.Errorf(foi.ECONFLICT, "a reference in the batch is already stored")
	}
	if err != nil {
		return t.D.Wrap("import", err)
	}
	for _, c := range cases { // into the audit chain at commit
		if c.Event != nil {
			t.ChainEvent(c.Event)
		}
	}
	return nil
}

func (t *Tx) createImported(ctx context.Context, q Querier, im Importer, cases []foi.ImportedCase) error {
	if err := im.BeginImport(ctx, q); err != nil {
		return err
	}
	nEvents := 0
	for _, c := range cases {
		if c.Event != nil {
			nEvents++
		}
	}
	var ids [3][]int64
	for i, table := range []string{"requesters", "requests", "events"} {
		n := len(cases)
		if table == "events" {
			n = nEvents
		}
		var err error
		if ids[i], err = im.ReserveIDs(ctx, q, table, n); err != nil {
			return err
		}
	}
	d := t.D
	now := d.Instant(t.Now)
	var (
		rows       [4][][]any // requesters, requests, parts, events
		pubs       [][]any
		public     []int64
		facets     []facetEntry
		maxRef     int
		categories = map[string]any{}
		counts     = map[[2]any]int{} // (category, month) → entries
	)
	r := Reader{Q: q, D: t.D}
	for i, c := range cases {
		req := c.Request
		if req.Reference.Prefix == "" {
			req.Reference.Prefix = req.Regime.ReferencePrefix()
		}
		rq, requesterID, id := req.Requester, ids[0][i], ids[1][i]
		rows[0] = append(rows[0], []any{requesterID, rq.Name, rq.Email, rq.Address, rq.Phone})
		rows[1] = append(rows[1], []any{id, req.Reference.Prefix, req.Reference.Number, requesterID,
			string(req.Regime), string(req.Channel), d.Instant(req.ReceivedAt), d.Date(req.ReceivedOn), req.Text,
			req.Preamble, string(req.Status), d.Date(req.DueOn), req.CalendarVersion, ID(req.AssigneeID),
			d.Date(req.RespondedOn), string(req.Outcome), now, now, 1})
		for _, p := range req.Parts {
			rows[2] = append(rows[2], []any{id, p.Number, p.Label, p.Text, p.Answer, string(p.Outcome),
				d.Strings(p.Exemptions), p.PublicInterest})
		}
		maxRef = max(maxRef, req.Reference.Number)
		req.ID, req.Version, req.CreatedAt, req.UpdatedAt = id, 1, t.Now, t.Now
		if e := c.Event; e != nil {
			if e.At.IsZero() {
				e.At = t.Now
			}
			e.ID, e.RequestID = ids[2][len(rows[3])], id
			rows[3] = append(rows[3], []any{e.ID, id, e.Type, d.Date(e.On), d.Instant(e.At), ID(e.ActorID),
				e.Actor, e.Note, e.Before, e.After})
		}
		p := c.Publication
		if p == nil {
			continue
		}
		p.RequestID, p.Reference = id, req.Reference
		p.Category = strings.TrimSpace(p.Category)
		category, ok := categories[p.Category]
		if !ok {
			var err error
			if category, err = d.Category(ctx, q, p.Category, true); err != nil {
				return err
			}
			categories[p.Category] = category
		}
		key := PublicationKey(p.PublishedOn, p.Reference.Number)
		if p.Public() {
			public = append(public, key)
			facets = append(facets, facetEntry{key, category, p.Month(), foi.PublicationFacets(p)})
			counts[[2]any{category, p.Month()}]++
		} else {
			p.UnpublishedAt = t.Now
		}
		p.PublishedAt, p.UpdatedAt = t.Now, t.Now
		pubs = append(pubs, r.insertArgs(p, key, category, t.Now, t.Now))
	}
	for i, b := range bulkTables {
		if len(rows[i]) > 0 {
			if err := im.BulkInsert(ctx, q, b.table, b.columns, rows[i]); err != nil {
				return err
			}
		}
	}
	if err := r.insertPublications(ctx, pubs); err != nil {
		return err
	}
	if _, err := q.Exec(ctx, `INSERT INTO counters (name, next) VALUES (?, ?) ON CONFLICT (name) DO UPDATE
		SET next = CASE WHEN excluded.next > counters.next THEN excluded.next ELSE counters.next END`,
		ReferenceCounter, maxRef+1); err != nil {
		return err
	}
	keys := make([][2]any, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	// The same order in every batch: no two lock the counts in opposite orders.
	sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
	tx := Tx{Reader: r, Now: t.Now}
	for _, k := range keys {
		if err := tx.count(ctx, k[0], k[1].(string), counts[k]); err != nil {
			return err
		}
	}
	if err := tx.addFacets(ctx, facets); err != nil {
		return err
	}
	if err := tx.indexImportedQuestions(ctx, q, im, cases); err != nil { // published_questions.go
		return err
	}
	if len(public) == 0 {
		return nil
	}
	return im.Imported(ctx, q, public)
}

// StoredReferences reports which of the numbers are requests' references.
func (t *Tx) StoredReferences(ctx context.Context, numbers []int) (map[int]bool, error) {
	stored := make(map[int]bool)
	for len(numbers) > 0 {
		n := min(len(numbers), 500)
		args := make([]any, n)
		for i, x := range numbers[:n] {
			args[i] = x
		}
		found, err := Keys(ctx, t.Q, `SELECT ref_number FROM requests WHERE ref_number IN (?`+
			strings.Repeat(", ?", n-1)+`)`, args...)
		if err != nil {
			return nil, t.D.Wrap("stored references", err)
		}
		for _, k := range found {
			stored[int(k)] = true
		}
		numbers = numbers[n:]
	}
	return stored, nil
}
