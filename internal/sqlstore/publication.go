// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"disclose/internal/foi"
)

// The disclosure log, written once: frozen copies of responses (see
// foi.Publication), keyed by their place in the log, with cached counts per
// category and month so that totals and page positions never count rows.
// Full-text search is the engine's (Dialect.SearchPublications).

// LogSQL is what the log's SQL needs of an engine's schema.
type LogSQL struct {
	// CategoryColumn holds an entry's category in publications and
	// publication_counts: an id on SQLite, the name on PostgreSQL.
	CategoryColumn string
	// Categories lists (name, count) for every category, in any order.
	Categories string
	// BrowseHint and BrowseCategoryHint follow "FROM publications" in a
	// browse without and with a category (SQLite names the index to use).
	BrowseHint, BrowseCategoryHint string
	// SearchColumn and SearchValue add the entry's search document to its
	// row ("" where the engine indexes it apart): the value takes the
	// title, the summary, and the request and answers as parameters.
	SearchColumn, SearchValue string
}

// A key is an entry's place in the log: ascending keys are newest first, by
// publication date, then the highest reference first (on SQLite FTS5 walks
// a term's entries in rowid order, so newest first must go forwards).
const (
	keyDateFactor = 10_000_000_000
	keyBase       = 1_000_000_000_000_000_000
	// MaxKey is above every key.
	MaxKey = int64(1 << 62)
)

// PublicationKey is the key of the entry published on that day for that
// reference number.
func PublicationKey(publishedOn time.Time, refNumber int) int64 {
	y, m, d := publishedOn.Date()
	return keyBase - (int64(y*10000+int(m)*100+d)*keyDateFactor + int64(refNumber))
}

// MonthKeys returns the key range [lo, hi] of a "YYYY-MM" month.
func MonthKeys(month string) (lo, hi int64, err error) {
	t, err := foi.ParseMonth(month)
	if err != nil {
		return 0, 0, err
	}
	return PublicationKey(t.AddDate(0, 1, -1), keyDateFactor-1), PublicationKey(t, 0), nil
}

// countStep is how far ahead of the page asked for a search counts its
// matches: counting reads every match it counts, and most readers look at
// the first page or two.
const countStep = 1000

// CountUpTo is how many matches a search for f counts: past its page to the
// next countStep (a first page counts up to 1,000, "more than 1,000"; page
// 51 up to 2,000), so the page after it is known to exist, and never more
// than foi.MaxSearchResults.
func CountUpTo(f foi.PublicationFilter) int {
	return min((f.Offset()+f.PerPage)/countStep*countStep+countStep, foi.MaxSearchResults)
}

// Snippet markers: control characters no published text keeps (CleanText
// removes them), so a marker in a snippet is always one the engine put.
const (
	MarkOpen  = "\x02"
	MarkClose = "\x03"
)

// cleaner drops the markers, NUL (PostgreSQL text cannot hold it) and \x01
// (which PostgreSQL's snippets use to hide '<').
var cleaner = strings.NewReplacer(MarkOpen, "", MarkClose, "", "\x00", "", "\x01", "")

// CleanText drops from published text the characters snippets rely on.
func CleanText(s string) string {
	if !strings.ContainsAny(s, MarkOpen+MarkClose+"\x00\x01") {
		return s
	}
	return cleaner.Replace(s)
}

// ParseSnippet splits marked text into pieces, joining adjacent matches.
func ParseSnippet(s string) foi.Snippet {
	var out foi.Snippet
	add := func(text string, match bool) {
		if text == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Match == match {
			out[n-1].Text += text
			return
		}
		out = append(out, foi.SnippetPiece{Text: text, Match: match})
	}
	for s != "" {
		i := strings.Index(s, MarkOpen)
		if i < 0 {
			add(s, false)
			break
		}
		add(s[:i], false)
		s = s[i+len(MarkOpen):]
		j := strings.Index(s, MarkClose)
		if j < 0 {
			j = len(s)
		}
		add(s[:j], true)
		s = s[min(len(s), j+len(MarkClose)):]
	}
	return out
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

// insertArgs is an entry as insertPublications stores it: the columns of
// publicationInsert, its category's stored value, and (where the row holds
// the search document) its title, summary, and request and answers.
func (r *Reader) insertArgs(p *foi.Publication, key int64, category any, publishedAt, updatedAt time.Time) []any {
	stored := make([]partJSON, len(p.Parts))
	text := []string{CleanText(p.Request)}
	for i, x := range p.Parts {
		stored[i] = partJSON{x.Number, x.Label, CleanText(x.Text), CleanText(x.Answer), string(x.Outcome), x.Exemptions}
		text = append(text, stored[i].Text, stored[i].Answer)
	}
	parts, _ := json.Marshal(stored) // plain structs always marshal
	files, _ := json.Marshal(append([]foi.PublishedFile{}, p.Files...))
	title := CleanText(strings.TrimSpace(p.Title))
	row := []any{key, p.RequestID, p.Reference.Prefix, p.Reference.Number, string(p.Regime),
		r.D.Date(p.PublishedOn), r.D.Date(p.ReceivedOn), r.D.Date(p.RespondedOn), string(p.Outcome),
		r.D.Instant(publishedAt), r.D.Instant(updatedAt), r.D.Instant(p.UnpublishedAt), title,
		CleanText(p.Summary), CleanText(p.Request), CleanText(p.Response), string(parts), string(files), p.WDTKPage, category}
	if r.D.Log().SearchColumn == "" {
		return row
	}
	return append(row, title, CleanText(p.Summary), strings.Join(append(text, CleanText(p.Response)), "\n"))
}

// publicationInsert names the columns of insertArgs, then the category.
const publicationInsert = `INSERT INTO publications (key, request_id, ref_prefix, ref_number, regime, published_on,
	received_on, responded_on, outcome, published_at, updated_at, unpublished_at, title, summary, request, response,
	parts, files, wdtk_page, `

// insertPublications writes entries, each given as its insertArgs, in
// multi-row INSERTs.
func (r *Reader) insertPublications(ctx context.Context, rows [][]any) error {
	log := r.D.Log()
	one := "(?" + strings.Repeat(", ?", 19)
	if log.SearchColumn != "" {
		one += ", " + log.SearchValue
	}
	one += ")"
	const chunk = 100 // 23 parameters a row: well within either engine's limit
	for len(rows) > 0 {
		n := min(len(rows), chunk)
		args := make([]any, 0, n*23)
		for _, row := range rows[:n] {
			args = append(args, row...)
		}
		query := publicationInsert + log.CategoryColumn + log.SearchColumn + `) VALUES ` + one + strings.Repeat(", "+one, n-1)
		if _, err := r.Q.Exec(ctx, query, args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

func (r *Reader) publicationSelect() string {
	sq := r.D.StatsSQL()
	return `SELECT p.key, p.request_id, p.ref_prefix, p.ref_number, p.regime, ` + sq.Category + `, p.published_on,
		p.received_on, p.responded_on, p.outcome, p.published_at, p.updated_at, p.unpublished_at, p.title,
		p.summary, p.request, p.response, p.parts, p.files, p.wdtk_page FROM publications p ` + sq.CategoryJoin
}

func scanPublication(row Row) (*foi.Publication, int64, error) {
	p := &foi.Publication{}
	var (
		key          int64
		parts, files []byte
	)
	err := row.Scan(&key, &p.RequestID, &p.Reference.Prefix, &p.Reference.Number, &p.Regime, &p.Category,
		ScanDate(&p.PublishedOn), ScanDate(&p.ReceivedOn), ScanDate(&p.RespondedOn), &p.Outcome,
		ScanInstant(&p.PublishedAt), ScanInstant(&p.UpdatedAt), ScanInstant(&p.UnpublishedAt), &p.Title,
		&p.Summary, &p.Request, &p.Response, &parts, &files, &p.WDTKPage)
	if err != nil {
		return nil, 0, err
	}
	if err := json.Unmarshal(files, &p.Files); err != nil {
		return nil, 0, fmt.Errorf("publication %s: files: %w", p.Reference, err)
	}
	if len(p.Files) == 0 {
		p.Files = nil
	}
	var list []partJSON
	if err := json.Unmarshal(parts, &list); err != nil {
		return nil, 0, fmt.Errorf("publication %s: parts: %w", p.Reference, err)
	}
	for _, x := range list {
		p.Parts = append(p.Parts, foi.PublishedPart{Number: x.Number, Label: x.Label, Text: x.Text, Answer: x.Answer,
			Outcome: foi.Outcome(x.Outcome), Exemptions: x.Exemptions})
	}
	return p, key, nil
}

// FindPublication finds a request's publication by reference number.
func (r *Reader) FindPublication(ctx context.Context, ref foi.Reference) (*foi.Publication, error) {
	p, _, err := scanPublication(r.Q.QueryRow(ctx, r.publicationSelect()+` WHERE p.ref_number = ?`, ref.Number))
	return found(r.D, "find publication", p, err, "%s has not been published", ref)
}

// FindPublicationCategories lists the categories with public entries.
func (r *Reader) FindPublicationCategories(ctx context.Context) ([]foi.Facet, error) {
	list, err := r.facets(ctx, r.D.Log().Categories)
	sort.Slice(list, func(i, j int) bool { return list[i].Value < list[j].Value })
	return list, r.D.Wrap("find categories", err)
}

// FindPublicationMonths lists the months with public entries, newest
// first, in a category ("" for all).
func (r *Reader) FindPublicationMonths(ctx context.Context, category string) (list []foi.Facet, err error) {
	err = r.snapshot(ctx, func(r *Reader) error {
		list, err = r.monthCounts(ctx, strings.TrimSpace(category), "")
		return err
	})
	return list, r.D.Wrap("find months", err)
}

// monthCounts returns the cached counts of public entries per month, newest
// first, in a category ("": all) and month ("": all).
func (r *Reader) monthCounts(ctx context.Context, category, month string) ([]foi.Facet, error) {
	query, args := `SELECT month, sum(n) FROM publication_counts WHERE n > 0`, []any{}
	if category != "" {
		value, err := r.D.Category(ctx, r.Q, category, false)
		if value == nil || err != nil {
			return nil, err
		}
		query, args = query+` AND `+r.D.Log().CategoryColumn+` = ?`, append(args, value)
	}
	if month != "" {
		query, args = query+` AND month = ?`, append(args, month)
	}
	return r.facets(ctx, query+` GROUP BY month ORDER BY month DESC`, args...)
}

func (r *Reader) facets(ctx context.Context, query string, args ...any) ([]foi.Facet, error) {
	var list []foi.Facet
	err := Each(ctx, r.Q, func(rows Rows) error {
		var f foi.Facet
		if err := rows.Scan(&f.Value, &f.Count); err != nil || f.Count == 0 {
			return err
		}
		list = append(list, f)
		return nil
	}, query, args...)
	return list, err
}

// FindPublications returns a page of the public log: newest first, or the
// matches of a search as the engine ranks them.
func (r *Reader) FindPublications(ctx context.Context, f foi.PublicationFilter) (*foi.PublicationPage, error) {
	f, err := f.Normalise()
	if err != nil {
		return nil, err
	}
	page := &foi.PublicationPage{Page: f.Page, PerPage: f.PerPage}
	err = r.snapshot(ctx, func(r *Reader) error {
		var category any
		if f.Category != "" {
			if category, err = r.D.Category(ctx, r.Q, f.Category, false); category == nil || err != nil {
				return err // no such category: an empty page
			}
		}
		if f.Query != "" {
			return r.D.SearchPublications(ctx, r, f, category, page)
		}
		return r.browse(ctx, f, category, page)
	})
	if err != nil {
		return nil, r.D.Wrap("find publications", err)
	}
	return page, nil
}

// browse fills a page of the log newest first. A page number becomes a
// position without counting rows: the cached per-month counts say which
// month the page starts in, and only the entries of that month before the
// page are skipped, in a small index. Page 5,000 costs what page 1 does,
// give or take one month's entries.
func (r *Reader) browse(ctx context.Context, f foi.PublicationFilter, category any, page *foi.PublicationPage) error {
	facet := f.Facet()
	months, err := r.monthCounts(ctx, f.Category, f.Month)
	if facet != "" {
		months, err = r.facetMonths(ctx, facet, category, f.Month)
	}
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
	lo, _, err := MonthKeys(start)
	if err != nil {
		return err
	}
	hi := MaxKey
	if f.Month != "" {
		_, hi, _ = MonthKeys(f.Month)
	}
	log := r.D.Log()
	query := `SELECT key FROM publications` + log.BrowseHint + ` WHERE unpublished_at IS NULL`
	args := []any{}
	if category != nil {
		query = `SELECT key FROM publications` + log.BrowseCategoryHint + ` WHERE unpublished_at IS NULL AND ` +
			log.CategoryColumn + ` = ?`
		args = append(args, category)
	}
	if facet != "" {
		query, args = r.facetBrowse(facet, category)
	}
	keys, err := Keys(ctx, r.Q, query+` AND key BETWEEN ? AND ? ORDER BY key LIMIT ? OFFSET ?`,
		append(args, lo, hi, f.PerPage, skip)...)
	if err != nil {
		return err
	}
	page.Entries, err = r.LoadPublications(ctx, keys)
	return err
}

// Keys runs a query of one integer column.
func Keys(ctx context.Context, q Querier, query string, args ...any) ([]int64, error) {
	return List(ctx, q, func(row Row) (k int64, err error) { return k, row.Scan(&k) }, query, args...)
}

// LoadPublications reads the entries with these keys (a page), in the
// keys' order.
func (r *Reader) LoadPublications(ctx context.Context, keys []int64) ([]*foi.PublicationHit, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k
	}
	byKey := make(map[int64]*foi.Publication, len(keys))
	err := Each(ctx, r.Q, func(rows Rows) error {
		p, key, err := scanPublication(rows)
		byKey[key] = p
		return err
	}, r.publicationSelect()+` WHERE p.key IN (?`+strings.Repeat(", ?", len(keys)-1)+`)`, args...)
	if err != nil {
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
func (t *Tx) SavePublication(ctx context.Context, p *foi.Publication) error {
	log := t.D.Log()
	var (
		oldKey      int64
		oldCategory any
		oldMonth    string
		oldAt       time.Time
		oldPublic   bool
	)
	err := t.Q.QueryRow(ctx, `SELECT key, `+log.CategoryColumn+`, `+t.D.StatsSQL().Month("published_on")+`,
		published_at, unpublished_at IS NULL FROM publications WHERE request_id = ?`+t.D.ForUpdate(), p.RequestID).
		Scan(&oldKey, &oldCategory, &oldMonth, ScanInstant(&oldAt), &oldPublic)
	exists := err == nil
	if err != nil && !errors.Is(err, ErrNoRows) {
		return t.D.Wrap("save publication", err)
	}
	name := strings.TrimSpace(p.Category)
	category, err := t.D.Category(ctx, t.Q, name, true)
	if err != nil {
		return t.D.Wrap("save publication", err)
	}
	publishedAt := t.Now
	if exists {
		publishedAt = oldAt
		if oldPublic {
			if err := t.unindex(ctx, oldKey, oldCategory, oldMonth); err != nil {
				return err
			}
		}
		if _, err := t.Q.Exec(ctx, `DELETE FROM publications WHERE key = ?`, oldKey); err != nil {
			return t.D.Wrap("save publication", err)
		}
	}
	key := PublicationKey(p.PublishedOn, p.Reference.Number)
	p.UnpublishedAt = time.Time{}
	row := t.insertArgs(p, key, category, publishedAt, t.Now)
	err = t.D.Savepoint(ctx, t.Q, func(q Querier) error {
		r := Reader{Q: q, D: t.D}
		return r.insertPublications(ctx, [][]any{row})
	})
	switch {
	case t.D.IsUnique(err):
		return foi.Errorf(foi.ECONFLICT, "reference %s is already published for another request", p.Reference)
	case t.D.IsForeignKey(err):
		return foi.Errorf(foi.ENOTFOUND, "cannot publish: request %d not found", p.RequestID)
	case err != nil:
		return t.D.Wrap("save publication", err)
	}
	// The facets first: an engine may index them with the text.
	if err := t.addFacets(ctx, []facetEntry{{key, category, p.Month(), foi.PublicationFacets(p)}}); err != nil {
		return err
	}
	if err := t.D.IndexPublication(ctx, t.Q, key, false); err != nil {
		return t.D.Wrap("index publication", err)
	}
	if err := t.count(ctx, category, p.Month(), +1); err != nil {
		return err
	}
	if err := t.keepPublishedQuestions(ctx, p); err != nil { // published_questions.go
		return err
	}
	p.Category, p.PublishedAt, p.UpdatedAt = name, publishedAt, t.Now
	return nil
}

// UnpublishPublication takes an entry out of the public log and its index.
func (t *Tx) UnpublishPublication(ctx context.Context, requestID int64) error {
	var (
		key      int64
		category any
		month    string
		public   bool
		ref      foi.Reference
	)
	err := t.Q.QueryRow(ctx, `SELECT key, `+t.D.Log().CategoryColumn+`, `+t.D.StatsSQL().Month("published_on")+`,
		unpublished_at IS NULL, ref_prefix, ref_number FROM publications WHERE request_id = ?`+t.D.ForUpdate(), requestID).
		Scan(&key, &category, &month, &public, &ref.Prefix, &ref.Number)
	if errors.Is(err, ErrNoRows) {
		return foi.Errorf(foi.ENOTFOUND, "request %d has not been published", requestID)
	}
	if err != nil {
		return t.D.Wrap("unpublish", err)
	}
	if !public {
		return foi.Errorf(foi.ECONFLICT, "%s is not in the public log", ref)
	}
	if err := t.unindex(ctx, key, category, month); err != nil {
		return err
	}
	if err := t.unkeepPublishedQuestions(ctx, requestID); err != nil { // published_questions.go
		return err
	}
	_, err = t.Q.Exec(ctx, `UPDATE publications SET unpublished_at = ?, updated_at = ? WHERE key = ?`,
		t.D.Instant(t.Now), t.D.Instant(t.Now), key)
	return t.D.Wrap("unpublish", err)
}

// unindex removes a public entry from the search index and the counts,
// while its row and facets still hold what was indexed (SQLite's FTS5
// index is told what it removes).
func (t *Tx) unindex(ctx context.Context, key int64, category any, month string) error {
	if err := t.D.IndexPublication(ctx, t.Q, key, true); err != nil {
		return t.D.Wrap("index publication", err)
	}
	if err := t.dropFacets(ctx, key, category, month); err != nil {
		return err
	}
	return t.count(ctx, category, month, -1)
}

// count moves the cached count of a category's month.
func (t *Tx) count(ctx context.Context, category any, month string, delta int) error {
	col := t.D.Log().CategoryColumn
	_, err := t.Q.Exec(ctx, `INSERT INTO publication_counts (`+col+`, month, n) VALUES (?, ?, ?)
		ON CONFLICT (`+col+`, month) DO UPDATE SET n = publication_counts.n + ?`,
		category, month, max(delta, 0), delta)
	return t.D.Wrap("count publications", err)
}
