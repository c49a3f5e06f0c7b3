// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"disclose/internal/foi"
)

// The disclosure log on SQLite. The schema and the reasons for its shape are
// in migrations/0002_publications.sql; the search strategy is described at
// FindPublications.

// publicationCounter names the counters row bumped by every change to the
// public log; cached search counts are keyed by it, so a change (from this
// process or another) makes them stale at once.
const publicationCounter = "publications"

// keyDateFactor places the date above the reference number in a key.
const keyDateFactor = 10_000_000_000

// keyBase is what a key is subtracted from, so that newer entries have
// smaller keys (see migrations/0013_publication_order.sql).
const keyBase = 1_000_000_000_000_000_000

// maxKey is above every key.
const maxKey = int64(1 << 62)

// publicationKey is a publication's place in the log: ascending keys are
// newest first, by publication date, then the highest reference first.
func publicationKey(publishedOn time.Time, refNumber int) int64 {
	y, m, d := publishedOn.Date()
	return keyBase - (int64(y*10000+int(m)*100+d)*keyDateFactor + int64(refNumber))
}

// monthKeys returns the key range [lo, hi] of a "YYYY-MM" month.
func monthKeys(month string) (lo, hi int64, err error) {
	t, err := foi.ParseMonth(month)
	if err != nil {
		return 0, 0, err
	}
	lo = publicationKey(t.AddDate(0, 1, -1), keyDateFactor-1)
	hi = publicationKey(t, 0)
	return lo, hi, nil
}

// partJSON is how a published part is stored in publications.parts.
type partJSON struct {
	Number     int      `json:"number"`
	Label      string   `json:"label,omitempty"`
	Text       string   `json:"text"`
	Answer     string   `json:"answer"`
	Outcome    string   `json:"outcome,omitempty"`
	Exemptions []string `json:"exemptions,omitempty"`
}

func encodeParts(parts []foi.PublishedPart) string {
	list := make([]partJSON, len(parts))
	for i, p := range parts {
		list[i] = partJSON{p.Number, p.Label, cleanText(p.Text), cleanText(p.Answer), string(p.Outcome), p.Exemptions}
	}
	b, _ := json.Marshal(list) // plain structs always marshal
	return string(b)
}

// encodeFiles and decodeFiles keep publications.files.
func encodeFiles(files []foi.PublishedFile) string {
	if files == nil {
		files = []foi.PublishedFile{}
	}
	b, _ := json.Marshal(files) // plain structs always marshal
	return string(b)
}

func decodeFiles(s string) ([]foi.PublishedFile, error) {
	var files []foi.PublishedFile
	if err := json.Unmarshal([]byte(s), &files); err != nil || len(files) == 0 {
		return nil, err
	}
	return files, nil
}

func decodeParts(s string) ([]foi.PublishedPart, error) {
	var list []partJSON
	if err := json.Unmarshal([]byte(s), &list); err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, nil
	}
	parts := make([]foi.PublishedPart, len(list))
	for i, p := range list {
		parts[i] = foi.PublishedPart{Number: p.Number, Label: p.Label, Text: p.Text, Answer: p.Answer,
			Outcome: foi.Outcome(p.Outcome), Exemptions: p.Exemptions}
	}
	return parts, nil
}

// Snippet markers: control characters no published text keeps (cleanText
// removes them), so a marker in a snippet is always one FTS5 put there.
const (
	markOpen  = "\x02"
	markClose = "\x03"
)

// cleanText drops the snippet marker characters from published text.
func cleanText(s string) string {
	if !strings.ContainsAny(s, markOpen+markClose) {
		return s
	}
	return strings.NewReplacer(markOpen, "", markClose, "").Replace(s)
}

const publicationColumns = `p.key, p.request_id, p.ref_prefix, p.ref_number, p.regime, c.name, p.published_on,
	p.received_on, p.responded_on, p.outcome, p.published_at, p.updated_at, p.unpublished_at, p.title,
	p.summary, p.request, p.response, p.parts, p.files`

const publicationFrom = ` FROM publications p JOIN publication_categories c ON c.id = p.category_id`

func scanPublication(row interface{ Scan(...any) error }) (*foi.Publication, int64, error) {
	p := &foi.Publication{}
	var (
		key   int64
		parts string
		files string
	)
	err := row.Scan(&key, &p.RequestID, &p.Reference.Prefix, &p.Reference.Number, &p.Regime, &p.Category,
		scanDate(&p.PublishedOn), scanDate(&p.ReceivedOn), scanDate(&p.RespondedOn), &p.Outcome,
		scanInstant(&p.PublishedAt), scanInstant(&p.UpdatedAt), scanInstant(&p.UnpublishedAt), &p.Title,
		&p.Summary, &p.Request, &p.Response, &parts, &files)
	if err != nil {
		return nil, 0, err
	}
	if p.Files, err = decodeFiles(files); err != nil {
		return nil, 0, fmt.Errorf("publication %s: files: %w", p.Reference, err)
	}
	if p.Parts, err = decodeParts(parts); err != nil {
		return nil, 0, fmt.Errorf("publication %s: parts: %w", p.Reference, err)
	}
	return p, key, nil
}

// FindPublication finds a request's publication by reference number.
func (r reader) FindPublication(ctx context.Context, ref foi.Reference) (*foi.Publication, error) {
	p, _, err := scanPublication(r.q().QueryRowContext(ctx,
		`SELECT `+publicationColumns+publicationFrom+` WHERE p.ref_number = ?`, ref.Number))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, foi.Errorf(foi.ENOTFOUND, "%s has not been published", ref)
	}
	if err != nil {
		return nil, wrap("find publication", err)
	}
	return p, nil
}

// FindPublicationCategories lists the categories with public entries.
func (r reader) FindPublicationCategories(ctx context.Context) ([]foi.Facet, error) {
	return r.facets(ctx, `SELECT c.name, sum(n.n) FROM publication_counts n
		JOIN publication_categories c ON c.id = n.category_id
		GROUP BY c.id HAVING sum(n.n) > 0 ORDER BY c.name`)
}

// FindPublicationMonths lists the months with public entries, newest first.
func (r reader) FindPublicationMonths(ctx context.Context, category string) ([]foi.Facet, error) {
	if category = strings.TrimSpace(category); category != "" {
		return r.facets(ctx, `SELECT n.month, n.n FROM publication_counts n
			JOIN publication_categories c ON c.id = n.category_id
			WHERE c.name = ? AND n.n > 0 ORDER BY n.month DESC`, category)
	}
	return r.facets(ctx, `SELECT month, sum(n) FROM publication_counts
		GROUP BY month HAVING sum(n) > 0 ORDER BY month DESC`)
}

func (r reader) facets(ctx context.Context, query string, args ...any) ([]foi.Facet, error) {
	rows, err := r.q().QueryContext(ctx, query, args...)
	if err != nil {
		return nil, wrap("find facets", err)
	}
	defer rows.Close()
	var list []foi.Facet
	for rows.Next() {
		var f foi.Facet
		if err := rows.Scan(&f.Value, &f.Count); err != nil {
			return nil, wrap("find facets", err)
		}
		list = append(list, f)
	}
	return list, wrap("find facets", rows.Err())
}

// FindPublications returns a page of the public log; see browse and search.
func (r reader) FindPublications(ctx context.Context, f foi.PublicationFilter) (*foi.PublicationPage, error) {
	f, err := f.Normalise()
	if err != nil {
		return nil, err
	}
	page := &foi.PublicationPage{Page: f.Page, PerPage: f.PerPage}
	err = r.view(ctx, func(q querier) error {
		var categoryID int64
		if f.Category != "" {
			err := q.QueryRowContext(ctx, `SELECT id FROM publication_categories WHERE name = ?`, f.Category).Scan(&categoryID)
			if errors.Is(err, sql.ErrNoRows) {
				return nil // no such category: an empty page
			}
			if err != nil {
				return err
			}
		}
		if f.Query != "" {
			return r.search(ctx, q, f, categoryID, page)
		}
		return browse(ctx, q, f, categoryID, page)
	})
	if err != nil {
		return nil, wrap("find publications", err)
	}
	return page, nil
}

// browse fills a page of the log newest first. A page number becomes a
// position without counting rows: the cached per-month counts say which
// month the page starts in, and only the entries of that month before the
// page are skipped, in a small index. Page 5,000 costs what page 1 does,
// give or take one month's entries.
func browse(ctx context.Context, q querier, f foi.PublicationFilter, categoryID int64, page *foi.PublicationPage) error {
	months, err := monthCounts(ctx, q, categoryID, f.Month)
	if err != nil {
		return err
	}
	for _, m := range months {
		page.Total += m.Count
	}
	skip := f.Offset()
	if skip >= page.Total {
		return nil
	}
	var start string // the month the page starts in
	for _, m := range months {
		if skip < m.Count {
			start = m.Value
			break
		}
		skip -= m.Count
	}
	lo, _, err := monthKeys(start)
	if err != nil {
		return err
	}
	hi := maxKey
	if f.Month != "" {
		_, hi, _ = monthKeys(f.Month)
	}
	query := `SELECT key FROM publications INDEXED BY publications_public
		WHERE unpublished_at IS NULL AND key BETWEEN ? AND ? ORDER BY key LIMIT ? OFFSET ?`
	args := []any{lo, hi, f.PerPage, skip}
	if categoryID != 0 {
		query = `SELECT key FROM publications INDEXED BY publications_public_category
			WHERE unpublished_at IS NULL AND category_id = ? AND key BETWEEN ? AND ? ORDER BY key LIMIT ? OFFSET ?`
		args = append([]any{categoryID}, args...)
	}
	keys, err := queryKeys(ctx, q, query, args...)
	if err != nil {
		return err
	}
	page.Entries, err = loadPublications(ctx, q, keys)
	return err
}

// monthCounts returns the cached counts of public entries per month, newest
// first, in a category (0: all) and month ("": all).
func monthCounts(ctx context.Context, q querier, categoryID int64, month string) ([]foi.Facet, error) {
	query := `SELECT month, sum(n) FROM publication_counts WHERE (?1 = 0 OR category_id = ?1)
		AND (?2 = '' OR month = ?2) GROUP BY month HAVING sum(n) > 0 ORDER BY month DESC`
	rows, err := q.QueryContext(ctx, query, categoryID, month)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []foi.Facet
	for rows.Next() {
		var m foi.Facet
		if err := rows.Scan(&m.Value, &m.Count); err != nil {
			return nil, err
		}
		list = append(list, m)
	}
	return list, rows.Err()
}

func queryKeys(ctx context.Context, q querier, query string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var keys []int64
	for rows.Next() {
		var k int64
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	return keys, rows.Err()
}

// loadPublications reads the entries with these keys, in the keys' order.
func loadPublications(ctx context.Context, q querier, keys []int64) ([]*foi.PublicationHit, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	list, _ := json.Marshal(keys)
	rows, err := q.QueryContext(ctx, `SELECT `+publicationColumns+publicationFrom+`
		WHERE p.key IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byKey := make(map[int64]*foi.Publication, len(keys))
	for rows.Next() {
		p, key, err := scanPublication(rows)
		if err != nil {
			return nil, err
		}
		byKey[key] = p
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	hits := make([]*foi.PublicationHit, 0, len(keys))
	for _, k := range keys {
		if p := byKey[k]; p != nil {
			hits = append(hits, &foi.PublicationHit{Publication: p})
		}
	}
	return hits, nil
}

// SavePublication publishes or republishes a request's response.
func (t *tx) SavePublication(ctx context.Context, p *foi.Publication) error {
	var (
		oldKey      int64
		oldCategory int64
		oldMonth    string
		oldAt       time.Time
		oldPublic   bool
	)
	err := t.tx.QueryRowContext(ctx, `SELECT key, category_id, substr(published_on, 1, 7), published_at,
			unpublished_at IS NULL FROM publications WHERE request_id = ?`, p.RequestID).
		Scan(&oldKey, &oldCategory, &oldMonth, scanInstant(&oldAt), &oldPublic)
	exists := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return wrap("save publication", err)
	}
	categoryID, err := t.categoryID(ctx, strings.TrimSpace(p.Category))
	if err != nil {
		return wrap("save publication", err)
	}
	publishedAt := t.now
	if exists {
		publishedAt = oldAt
		if oldPublic {
			if err := t.unindex(ctx, oldKey, oldCategory, oldMonth); err != nil {
				return err
			}
		}
		if _, err := t.tx.ExecContext(ctx, `DELETE FROM publications WHERE key = ?`, oldKey); err != nil {
			return wrap("save publication", err)
		}
	}
	key := publicationKey(p.PublishedOn, p.Reference.Number)
	_, err = t.tx.ExecContext(ctx, `INSERT INTO publications (key, request_id, ref_prefix, ref_number, regime,
			category_id, published_on, received_on, responded_on, outcome, published_at, updated_at,
			unpublished_at, title, summary, request, response, parts, files)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)`,
		key, p.RequestID, p.Reference.Prefix, p.Reference.Number, p.Regime, categoryID, date(p.PublishedOn),
		date(p.ReceivedOn), date(p.RespondedOn), p.Outcome, instant(publishedAt), instant(t.now),
		cleanText(strings.TrimSpace(p.Title)), cleanText(p.Summary), cleanText(p.Request), cleanText(p.Response),
		encodeParts(p.Parts), encodeFiles(p.Files))
	if isUnique(err) {
		return foi.Errorf(foi.ECONFLICT, "reference %s is already published for another request", p.Reference)
	}
	if isForeignKey(err) {
		return foi.Errorf(foi.ENOTFOUND, "cannot publish: request %d not found", p.RequestID)
	}
	if err != nil {
		return wrap("save publication", err)
	}
	if err := t.index(ctx, key, ""); err != nil {
		return err
	}
	if err := t.count(ctx, categoryID, p.Month(), +1); err != nil {
		return err
	}
	p.Category = strings.TrimSpace(p.Category)
	p.PublishedAt, p.UpdatedAt, p.UnpublishedAt = publishedAt, t.now, time.Time{}
	return nil
}

// UnpublishPublication takes an entry out of the public log and its index.
func (t *tx) UnpublishPublication(ctx context.Context, requestID int64) error {
	var (
		key        int64
		categoryID int64
		month      string
		public     bool
		ref        foi.Reference
	)
	err := t.tx.QueryRowContext(ctx, `SELECT key, category_id, substr(published_on, 1, 7), unpublished_at IS NULL,
			ref_prefix, ref_number FROM publications WHERE request_id = ?`, requestID).
		Scan(&key, &categoryID, &month, &public, &ref.Prefix, &ref.Number)
	if errors.Is(err, sql.ErrNoRows) {
		return foi.Errorf(foi.ENOTFOUND, "request %d has not been published", requestID)
	}
	if err != nil {
		return wrap("unpublish", err)
	}
	if !public {
		return foi.Errorf(foi.ECONFLICT, "%s is not in the public log", ref)
	}
	if err := t.unindex(ctx, key, categoryID, month); err != nil {
		return err
	}
	_, err = t.tx.ExecContext(ctx, `UPDATE publications SET unpublished_at = ?, updated_at = ? WHERE key = ?`,
		instant(t.now), instant(t.now), key)
	return wrap("unpublish", err)
}

// unindex removes a public entry from the search index and the counts. An
// external-content FTS5 index is told what it indexed, so this must run
// while the row still holds what was indexed.
func (t *tx) unindex(ctx context.Context, key, categoryID int64, month string) error {
	if err := t.index(ctx, key, "delete"); err != nil {
		return err
	}
	return t.count(ctx, categoryID, month, -1)
}

// index adds the entry with this key to the search indexes (command "") or
// removes it ("delete"): publication_search with the text publication_text
// gives for it, publication_titles with its title and summary.
//
// The text is read first and written with a one-row INSERT ... VALUES, not
// an INSERT ... SELECT: a statement that writes several rows opens a
// statement savepoint, and FTS5 writes its pending index data to disk at
// every savepoint, so indexing a batch of entries that way writes a tiny
// index segment per entry and spends the import merging them.
func (t *tx) index(ctx context.Context, key int64, command string) error {
	if command == "delete" {
		// An imported entry still waiting in the backlog is not in the
		// index: FTS5 must not be told to remove what it never had.
		res, err := t.tx.ExecContext(ctx, `DELETE FROM publication_search_backlog WHERE key = ?`, key)
		if err != nil {
			return wrap("index publication", err)
		}
		if n, err := res.RowsAffected(); err != nil || n > 0 {
			return wrap("index publication", err)
		}
	}
	var title, summary, request, answers, facets string
	if err := t.tx.QueryRowContext(ctx, `SELECT title, summary, request, answers, facets FROM publication_text
		WHERE key = ?`, key).Scan(&title, &summary, &request, &answers, &facets); err != nil {
		return wrap("index publication", err)
	}
	var err error
	if command == "" {
		_, err = t.tx.ExecContext(ctx, `INSERT INTO publication_search (rowid, title, summary, request, answers, facets)
			VALUES (?, ?, ?, ?, ?, ?)`, key, title, summary, request, answers, facets)
		if err == nil {
			_, err = t.tx.ExecContext(ctx, `INSERT INTO publication_titles (rowid, title, summary) VALUES (?, ?, ?)`,
				key, title, summary)
		}
	} else {
		_, err = t.tx.ExecContext(ctx, `INSERT INTO publication_search (publication_search, rowid, title, summary,
				request, answers, facets)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, command, key, title, summary, request, answers, facets)
		if err == nil {
			_, err = t.tx.ExecContext(ctx, `INSERT INTO publication_titles (publication_titles, rowid, title, summary)
				VALUES (?, ?, ?, ?)`, command, key, title, summary)
		}
	}
	return wrap("index publication", err)
}

// count moves the cached count of a category's month, and marks cached
// search counts stale.
func (t *tx) count(ctx context.Context, categoryID int64, month string, delta int) error {
	if _, err := t.tx.ExecContext(ctx, `INSERT INTO publication_counts (category_id, month, n) VALUES (?, ?, max(?, 0))
		ON CONFLICT (category_id, month) DO UPDATE SET n = n + ?`, categoryID, month, delta, delta); err != nil {
		return wrap("count publications", err)
	}
	return wrap("count publications", t.logChanged(ctx))
}

// logChanged bumps the log's generation, so cached search counts and
// windows (search.go) are read afresh.
func (t *tx) logChanged(ctx context.Context) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO counters (name, next) VALUES (?, 1)
		ON CONFLICT (name) DO UPDATE SET next = next + 1`, publicationCounter)
	return err
}

// categoryID returns the id of a category, adding it when new.
func (t *tx) categoryID(ctx context.Context, name string) (int64, error) {
	var id int64
	err := t.tx.QueryRowContext(ctx, `SELECT id FROM publication_categories WHERE name = ?`, name).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	res, err := t.tx.ExecContext(ctx, `INSERT INTO publication_categories (name) VALUES (?)`, name)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}
