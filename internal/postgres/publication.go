// SPDX-License-Identifier: AGPL-3.0-or-later

package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"disclose/internal/foi"
	"disclose/internal/sqlstore"
)

// The disclosure log on PostgreSQL: the same frozen copies, keys, cached
// counts and bounded search as the SQLite store (see its search.go), on a
// tsvector column with a GIN index, websearch_to_tsquery and ts_headline.

// keyDateFactor places the date above the reference number in a key.
const keyDateFactor = 10_000_000_000

// candidateWindow is how many of the most recent matches a search ranks by
// relevance before older matches follow newest first.
const candidateWindow = 1000

func publicationKey(publishedOn time.Time, refNumber int) int64 {
	y, m, d := publishedOn.Date()
	return int64(y*10000+int(m)*100+d)*keyDateFactor + int64(refNumber)
}

func monthKeys(month string) (lo, hi int64, err error) {
	t, err := foi.ParseMonth(month)
	if err != nil {
		return 0, 0, err
	}
	return publicationKey(t, 0), publicationKey(t.AddDate(0, 1, -1), 0) + keyDateFactor - 1, nil
}

type partJSON struct {
	Number     int      `json:"number"`
	Label      string   `json:"label,omitempty"`
	Text       string   `json:"text"`
	Answer     string   `json:"answer"`
	Outcome    string   `json:"outcome,omitempty"`
	Exemptions []string `json:"exemptions,omitempty"`
}

// Snippet markers: control characters stripped from every published text.
const (
	markOpen  = "\x02"
	markClose = "\x03"
)

func cleanText(s string) string {
	return strings.NewReplacer(markOpen, "", markClose, "", "\x00", "", "\x01", "").Replace(s)
}

const publicationColumns = `p.key, p.request_id, p.ref_prefix, p.ref_number, p.regime, p.category, p.published_on,
	p.received_on, p.responded_on, p.outcome, p.published_at, p.updated_at, p.unpublished_at, p.title,
	p.summary, p.request, p.response, p.parts, p.files`

func scanPublication(row pgx.Row) (*foi.Publication, int64, error) {
	var (
		p                                    foi.Publication
		key, number                          int64
		regime, outcome                      string
		publishedOn, receivedOn, respondedOn pgtype.Date
		publishedAt, updatedAt, unpublished  pgtype.Timestamptz
		parts, files                         []byte
	)
	if err := row.Scan(&key, &p.RequestID, &p.Reference.Prefix, &number, &regime, &p.Category, &publishedOn,
		&receivedOn, &respondedOn, &outcome, &publishedAt, &updatedAt, &unpublished, &p.Title,
		&p.Summary, &p.Request, &p.Response, &parts, &files); err != nil {
		return nil, 0, err
	}
	if err := json.Unmarshal(files, &p.Files); err != nil {
		return nil, 0, err
	}
	if len(p.Files) == 0 {
		p.Files = nil
	}
	p.Reference.Number = int(number)
	p.Regime, p.Outcome = foi.Regime(regime), foi.Outcome(outcome)
	p.PublishedOn, p.ReceivedOn, p.RespondedOn = fromDate(publishedOn), fromDate(receivedOn), fromDate(respondedOn)
	p.PublishedAt, p.UpdatedAt, p.UnpublishedAt = fromTimestamp(publishedAt), fromTimestamp(updatedAt), fromTimestamp(unpublished)
	var list []partJSON
	if err := json.Unmarshal(parts, &list); err != nil {
		return nil, 0, err
	}
	for _, x := range list {
		p.Parts = append(p.Parts, foi.PublishedPart{Number: x.Number, Label: x.Label, Text: x.Text, Answer: x.Answer,
			Outcome: foi.Outcome(x.Outcome), Exemptions: x.Exemptions})
	}
	return &p, key, nil
}

func (rd *reader) FindPublication(ctx context.Context, ref foi.Reference) (*foi.Publication, error) {
	p, _, err := scanPublication(rd.q.QueryRow(ctx, `SELECT `+publicationColumns+` FROM publications p
		WHERE p.ref_number = $1`, int64(ref.Number)))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, foi.Errorf(foi.ENOTFOUND, "%s has not been published", ref)
	}
	if err != nil {
		return nil, mapError(err, "find publication")
	}
	return p, nil
}

func (rd *reader) FindPublicationCategories(ctx context.Context) ([]foi.Facet, error) {
	return rd.facets(ctx, `SELECT category, sum(n) FROM publication_counts
		GROUP BY category HAVING sum(n) > 0 ORDER BY category COLLATE "C"`)
}

func (rd *reader) FindPublicationMonths(ctx context.Context, category string) ([]foi.Facet, error) {
	return rd.facets(ctx, `SELECT month, sum(n) FROM publication_counts WHERE ($1 = '' OR category = $1)
		GROUP BY month HAVING sum(n) > 0 ORDER BY month DESC`, strings.TrimSpace(category))
}

func (rd *reader) facets(ctx context.Context, sql string, args ...any) ([]foi.Facet, error) {
	rows, err := rd.q.Query(ctx, sql, args...)
	if err != nil {
		return nil, mapError(err, "find facets")
	}
	defer rows.Close()
	var list []foi.Facet
	for rows.Next() {
		var (
			f foi.Facet
			n int64
		)
		if err := rows.Scan(&f.Value, &n); err != nil {
			return nil, mapError(err, "find facets")
		}
		f.Count = int(n)
		list = append(list, f)
	}
	return list, mapError(rows.Err(), "find facets")
}

func (rd *reader) FindPublications(ctx context.Context, f foi.PublicationFilter) (*foi.PublicationPage, error) {
	f, err := f.Normalise()
	if err != nil {
		return nil, err
	}
	page := &foi.PublicationPage{Page: f.Page, PerPage: f.PerPage}
	if f.Query != "" {
		err = rd.search(ctx, f, page)
	} else {
		err = rd.browse(ctx, f, page)
	}
	if err != nil {
		return nil, mapError(err, "find publications")
	}
	return page, nil
}

// browse finds the month a page starts in from the cached counts and skips
// only that month's earlier entries (see the SQLite store's browse).
func (rd *reader) browse(ctx context.Context, f foi.PublicationFilter, page *foi.PublicationPage) error {
	months, err := rd.facets(ctx, `SELECT month, sum(n) FROM publication_counts
		WHERE ($1 = '' OR category = $1) AND ($2 = '' OR month = $2)
		GROUP BY month HAVING sum(n) > 0 ORDER BY month DESC`, f.Category, f.Month)
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
	var start string
	for _, m := range months {
		if skip < m.Count {
			start = m.Value
			break
		}
		skip -= m.Count
	}
	_, hi, err := monthKeys(start)
	if err != nil {
		return err
	}
	var lo int64
	if f.Month != "" {
		lo, _, _ = monthKeys(f.Month)
	}
	keys, err := rd.keys(ctx, `SELECT key FROM publications
		WHERE unpublished_at IS NULL AND ($1 = '' OR category = $1) AND key BETWEEN $2 AND $3
		ORDER BY key DESC LIMIT $4 OFFSET $5`, f.Category, lo, hi, f.PerPage, skip)
	if err != nil {
		return err
	}
	page.Entries, err = rd.load(ctx, keys)
	return err
}

func (rd *reader) keys(ctx context.Context, sql string, args ...any) ([]int64, error) {
	rows, err := rd.q.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

func (rd *reader) load(ctx context.Context, keys []int64) ([]*foi.PublicationHit, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	rows, err := rd.q.Query(ctx, `SELECT `+publicationColumns+` FROM publications p WHERE p.key = ANY($1)`, keys)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byKey := map[int64]*foi.Publication{}
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
	var hits []*foi.PublicationHit
	for _, k := range keys {
		if p := byKey[k]; p != nil {
			hits = append(hits, &foi.PublicationHit{Publication: p})
		}
	}
	return hits, nil
}

// searchWhere is the condition of a search; $1 is the tsquery text, $2 the
// category ("" for all), $3 and $4 the key range.
const searchWhere = ` FROM publications WHERE unpublished_at IS NULL AND search @@ websearch_to_tsquery('english', $1)
	AND ($2 = '' OR category = $2) AND key BETWEEN $3 AND $4`

func (rd *reader) search(ctx context.Context, f foi.PublicationFilter, page *foi.PublicationPage) error {
	parsed, err := foi.ParseSearch(f.Query)
	if err != nil {
		return err
	}
	query := parsed.WebSearch()
	lo, hi := int64(0), int64(1<<62)
	if f.Month != "" {
		if lo, hi, err = monthKeys(f.Month); err != nil {
			return err
		}
	}
	// The most recent MaxSearchResults+1 matches, newest first: the count
	// and the floor of the ranked window come from one bounded read.
	recent, err := rd.keys(ctx, `SELECT key`+searchWhere+` ORDER BY key DESC LIMIT $5`,
		query, f.Category, lo, hi, foi.MaxSearchResults+1)
	if err != nil {
		return err
	}
	page.Total = min(len(recent), foi.MaxSearchResults)
	page.TotalIsLowerBound = len(recent) > foi.MaxSearchResults
	offset := f.Offset()
	if offset >= page.Total {
		return nil
	}
	limit := min(f.PerPage, page.Total-offset)
	var keys []int64
	if offset < candidateWindow {
		floor := lo
		if len(recent) > candidateWindow {
			floor = recent[candidateWindow-1]
		}
		n := min(limit, max(0, min(len(recent), candidateWindow)-offset))
		ranked, err := rd.keys(ctx, `SELECT key`+searchWhere+`
			ORDER BY ts_rank(search, websearch_to_tsquery('english', $1)) DESC, key DESC LIMIT $5 OFFSET $6`,
			query, f.Category, floor, hi, n, offset)
		if err != nil {
			return err
		}
		keys = append(keys, ranked...)
		limit -= n
		offset += n
	}
	if limit > 0 {
		end := min(len(recent), offset+limit)
		keys = append(keys, recent[offset:end]...)
	}
	if page.Entries, err = rd.load(ctx, keys); err != nil {
		return err
	}
	return rd.snippets(ctx, query, page.Entries)
}

// snippets marks the matched words of each hit with ts_headline, from the
// answers when they match and otherwise the request, summary or title: the
// page's texts go to the server in one query (a round trip per text was
// most of a search's time).
func (rd *reader) snippets(ctx context.Context, query string, hits []*foi.PublicationHit) error {
	const opts = `StartSel=` + markOpen + `, StopSel=` + markClose + `, MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=1, FragmentDelimiter=" … "`
	const perHit = 4
	texts := make([]string, 0, perHit*len(hits))
	for _, h := range hits {
		var answers []string
		for _, p := range h.Parts {
			answers = append(answers, p.Text+"\n"+p.Answer)
		}
		answers = append(answers, h.Response)
		for _, text := range []string{strings.Join(answers, "\n"), h.Request, h.Summary, h.Title} {
			// ts_headline drops what looks like an HTML tag; the snippet
			// must keep the text as written, so '<' is hidden from it.
			texts = append(texts, strings.ReplaceAll(text, "<", "\x01"))
		}
	}
	if len(texts) == 0 {
		return nil
	}
	rows, err := rd.q.Query(ctx, `SELECT CASE WHEN t = '' THEN '' ELSE ts_headline('english', t, q, $3) END
		FROM unnest($1::text[]) WITH ORDINALITY AS x(t, i), websearch_to_tsquery('english', $2) AS q ORDER BY i`,
		texts, query, opts)
	if err != nil {
		return err
	}
	marked, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	if len(marked) != len(texts) {
		return fmt.Errorf("postgres: snippets: %d of %d texts came back", len(marked), len(texts))
	}
	for i, h := range hits {
		var best string
		most := -1
		for j, s := range marked[i*perHit : (i+1)*perHit] {
			if texts[i*perHit+j] == "" {
				continue
			}
			s = strings.ReplaceAll(s, "\x01", "<")
			if n := strings.Count(s, markOpen); n > most {
				best, most = s, n
			}
		}
		h.Snippet = parseSnippet(best)
	}
	return nil
}

// parseSnippet splits marked text into pieces, joining adjacent matches.
func parseSnippet(s string) foi.Snippet {
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
		i := strings.Index(s, markOpen)
		if i < 0 {
			add(s, false)
			break
		}
		add(s[:i], false)
		s = s[i+len(markOpen):]
		j := strings.Index(s, markClose)
		if j < 0 {
			j = len(s)
		}
		add(s[:j], true)
		s = s[min(len(s), j+len(markClose)):]
	}
	return out
}

func (tx *Tx) SavePublication(ctx context.Context, p *foi.Publication) error {
	category := strings.TrimSpace(p.Category)
	var (
		oldKey      int64
		oldCategory string
		oldMonth    string
		oldAt       pgtype.Timestamptz
		oldPublic   bool
	)
	err := tx.q.QueryRow(ctx, `SELECT key, category, to_char(published_on, 'YYYY-MM'), published_at, unpublished_at IS NULL
		FROM publications WHERE request_id = $1 FOR UPDATE`, p.RequestID).
		Scan(&oldKey, &oldCategory, &oldMonth, &oldAt, &oldPublic)
	exists := err == nil
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return mapError(err, "save publication")
	}
	publishedAt := tx.now
	if exists {
		publishedAt = fromTimestamp(oldAt)
		if oldPublic {
			if err := tx.count(ctx, oldCategory, oldMonth, -1); err != nil {
				return err
			}
		}
		if _, err := tx.q.Exec(ctx, `DELETE FROM publications WHERE key = $1`, oldKey); err != nil {
			return mapError(err, "save publication")
		}
	}
	partsJSON, answers, filesJSON := publicationJSON(p)
	err = tx.savepoint(ctx, func(q querier) error {
		_, err := q.Exec(ctx, `INSERT INTO publications (key, request_id, ref_prefix, ref_number, regime, category,
				published_on, received_on, responded_on, outcome, published_at, updated_at, unpublished_at, title,
				summary, request, response, parts, files, search)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, NULL, $13, $14, $15, $16, $17, $19,
				setweight(to_tsvector('english', $13), 'A') || setweight(to_tsvector('english', $14), 'B') ||
				setweight(to_tsvector('english', $15 || E'\n' || $18), 'C'))`,
			publicationKey(p.PublishedOn, p.Reference.Number), p.RequestID, p.Reference.Prefix, int64(p.Reference.Number),
			string(p.Regime), category, pgDate(p.PublishedOn), pgDate(p.ReceivedOn), pgDate(p.RespondedOn),
			string(p.Outcome), pgTime(publishedAt), tx.now, cleanText(strings.TrimSpace(p.Title)),
			cleanText(p.Summary), cleanText(p.Request), cleanText(p.Response), partsJSON, answers, filesJSON)
		return err
	})
	switch {
	case isConstraint(err, codeUniqueViolation, "publications_ref_number_key"),
		isConstraint(err, codeUniqueViolation, "publications_pkey"):
		return foi.Errorf(foi.ECONFLICT, "reference %s is already published for another request", p.Reference)
	case isConstraint(err, codeForeignKeyViolation, "publications_request_id_fkey"):
		return foi.Errorf(foi.ENOTFOUND, "cannot publish: request %d not found", p.RequestID)
	case err != nil:
		return mapError(err, "save publication")
	}
	if err := tx.count(ctx, category, p.Month(), +1); err != nil {
		return err
	}
	p.Category = category
	p.PublishedAt, p.UpdatedAt, p.UnpublishedAt = publishedAt, tx.now, time.Time{}
	return nil
}

// publicationJSON returns an entry's parts and files as stored (JSON) and
// the text of its questions and answers that search reads.
func publicationJSON(p *foi.Publication) (parts, answers, files string) {
	stored := make([]partJSON, len(p.Parts))
	var text []string
	for i, x := range p.Parts {
		stored[i] = partJSON{x.Number, x.Label, cleanText(x.Text), cleanText(x.Answer), string(x.Outcome), x.Exemptions}
		text = append(text, stored[i].Text, stored[i].Answer)
	}
	text = append(text, cleanText(p.Response))
	pj, _ := json.Marshal(stored)
	list := p.Files
	if list == nil {
		list = []foi.PublishedFile{}
	}
	fj, _ := json.Marshal(list)
	return string(pj), strings.Join(text, "\n"), string(fj)
}

func (tx *Tx) UnpublishPublication(ctx context.Context, requestID int64) error {
	var (
		key      int64
		category string
		month    string
		public   bool
		ref      foi.Reference
		number   int64
	)
	err := tx.q.QueryRow(ctx, `SELECT key, category, to_char(published_on, 'YYYY-MM'), unpublished_at IS NULL,
			ref_prefix, ref_number FROM publications WHERE request_id = $1 FOR UPDATE`, requestID).
		Scan(&key, &category, &month, &public, &ref.Prefix, &number)
	if errors.Is(err, pgx.ErrNoRows) {
		return foi.Errorf(foi.ENOTFOUND, "request %d has not been published", requestID)
	}
	if err != nil {
		return mapError(err, "unpublish")
	}
	ref.Number = int(number)
	if !public {
		return foi.Errorf(foi.ECONFLICT, "%s is not in the public log", ref)
	}
	if err := tx.count(ctx, category, month, -1); err != nil {
		return err
	}
	_, err = tx.q.Exec(ctx, `UPDATE publications SET unpublished_at = $1, updated_at = $1 WHERE key = $2`, tx.now, key)
	return mapError(err, "unpublish")
}

func (tx *Tx) count(ctx context.Context, category, month string, delta int) error {
	_, err := tx.q.Exec(ctx, `INSERT INTO publication_counts (category, month, n) VALUES ($1, $2, greatest($3, 0))
		ON CONFLICT (category, month) DO UPDATE SET n = publication_counts.n + $3`, category, month, delta)
	return mapError(err, "count publications")
}

// Reader methods of the Store for the log.

func (s *Store) FindPublication(ctx context.Context, ref foi.Reference) (p *foi.Publication, err error) {
	err = s.view(ctx, func(rd *reader) error { p, err = rd.FindPublication(ctx, ref); return err })
	return p, err
}

func (s *Store) FindPublications(ctx context.Context, f foi.PublicationFilter) (pg *foi.PublicationPage, err error) {
	err = s.view(ctx, func(rd *reader) error { pg, err = rd.FindPublications(ctx, f); return err })
	return pg, err
}

func (s *Store) FindPublicationCategories(ctx context.Context) (fs []foi.Facet, err error) {
	err = s.view(ctx, func(rd *reader) error { fs, err = rd.FindPublicationCategories(ctx); return err })
	return fs, err
}

func (s *Store) FindPublicationMonths(ctx context.Context, category string) (fs []foi.Facet, err error) {
	err = s.view(ctx, func(rd *reader) error { fs, err = rd.FindPublicationMonths(ctx, category); return err })
	return fs, err
}

// StoredReferences reports which of the numbers are requests' references.
func (tx *Tx) StoredReferences(ctx context.Context, numbers []int) (map[int]bool, error) {
	rows, err := tx.q.Query(ctx, `SELECT ref_number FROM requests WHERE ref_number = ANY($1)`, numbers)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	stored := map[int]bool{}
	for rows.Next() {
		var n int
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		stored[n] = true
	}
	return stored, rows.Err()
}

// CreateImported stores a batch of new cases in a few statements instead of
// a dozen per case: ids are reserved from each table's sequence in one
// query, requesters, requests, parts and events go by COPY, the entries by
// multi-row INSERTs (their search vector is computed in the statement),
// and the reference counter and the month counts are written once for the
// batch. Per-row statements held the counters row for every entry and
// imported about 120 entries a second.
func (tx *Tx) CreateImported(ctx context.Context, cases []foi.ImportedCase) error {
	if len(cases) == 0 {
		return nil
	}
	err := tx.savepoint(ctx, func(q querier) error {
		err := createImported(ctx, q, tx.now, cases)
		if e := pgError(err); e != nil && e.Code == codeUniqueViolation {
			return foi.Errorf(foi.ECONFLICT, "a reference in the batch is already stored")
		}
		return mapError(err, "import")
	})
	for _, c := range cases { // into the audit chain at commit
		if c.Event != nil && err == nil {
			tx.Tx.ChainEvent(c.Event)
		}
	}
	return err
}

func createImported(ctx context.Context, q querier, now time.Time, cases []foi.ImportedCase) error {
	nEvents := 0
	for _, c := range cases {
		if c.Event != nil {
			nEvents++
		}
	}
	requesterIDs, err := reserveIDs(ctx, q, "requesters", len(cases))
	if err != nil {
		return err
	}
	requestIDs, err := reserveIDs(ctx, q, "requests", len(cases))
	if err != nil {
		return err
	}
	eventIDs, err := reserveIDs(ctx, q, "events", nEvents)
	if err != nil {
		return err
	}
	var (
		requesters, requests, parts, events [][]any
		pubs                                [][]any
		maxRef                              int
		counts                              = map[[2]string]int{}
	)
	for i, c := range cases {
		r := c.Request
		if r.Reference.Prefix == "" {
			r.Reference.Prefix = r.Regime.ReferencePrefix()
		}
		rq := r.Requester
		requesters = append(requesters, []any{requesterIDs[i], rq.Name, rq.Email, rq.Address, rq.Phone})
		requests = append(requests, []any{requestIDs[i], r.Reference.Prefix, int64(r.Reference.Number), requesterIDs[i],
			string(r.Regime), string(r.Channel), pgTime(r.ReceivedAt), pgDate(r.ReceivedOn), r.Text, r.Preamble,
			string(r.Status), pgDate(r.DueOn), r.CalendarVersion, pgID(r.AssigneeID), pgDate(r.RespondedOn),
			string(r.Outcome), now, now, int32(1)})
		for _, p := range r.Parts {
			exemptions := p.Exemptions
			if exemptions == nil {
				exemptions = []string{}
			}
			parts = append(parts, []any{requestIDs[i], int32(p.Number), p.Label, p.Text, p.Answer, string(p.Outcome),
				exemptions, p.PublicInterest})
		}
		maxRef = max(maxRef, r.Reference.Number)
		r.ID, r.Version, r.CreatedAt, r.UpdatedAt = requestIDs[i], 1, now, now
		if e := c.Event; e != nil {
			if e.At.IsZero() {
				e.At = now
			}
			e.ID, e.RequestID = eventIDs[len(events)], r.ID
			events = append(events, []any{e.ID, pgID(e.RequestID), e.Type, pgDate(e.On), pgTime(e.At), pgID(e.ActorID),
				e.Actor, e.Note, e.Before, e.After})
		}
		p := c.Publication
		if p == nil {
			continue
		}
		p.RequestID, p.Reference = r.ID, r.Reference
		p.Category = strings.TrimSpace(p.Category)
		var down pgtype.Timestamptz
		if p.Public() {
			counts[[2]string{p.Category, p.Month()}]++
		} else {
			down, p.UnpublishedAt = pgTime(now), now
		}
		p.PublishedAt, p.UpdatedAt = now, now
		partsJSON, answers, filesJSON := publicationJSON(p)
		pubs = append(pubs, []any{publicationKey(p.PublishedOn, p.Reference.Number), p.RequestID, p.Reference.Prefix,
			int64(p.Reference.Number), string(p.Regime), p.Category, pgDate(p.PublishedOn), pgDate(p.ReceivedOn),
			pgDate(p.RespondedOn), string(p.Outcome), now, now, down, cleanText(strings.TrimSpace(p.Title)),
			cleanText(p.Summary), cleanText(p.Request), cleanText(p.Response), partsJSON, filesJSON, answers})
	}
	copies := []struct {
		table   string
		columns []string
		rows    [][]any
	}{
		{"requesters", []string{"id", "name", "email", "address", "phone"}, requesters},
		{"requests", []string{"id", "ref_prefix", "ref_number", "requester_id", "regime", "channel", "received_at",
			"received_on", "text", "preamble", "status", "due_on", "calendar_version", "assignee_id", "responded_on",
			"outcome", "created_at", "updated_at", "version"}, requests},
		{"parts", []string{"request_id", "number", "label", "text", "answer", "outcome", "exemptions", "public_interest"}, parts},
		{"events", []string{"id", "request_id", "type", "on_date", "at", "actor_id", "actor", "note", "before", "after"}, events},
	}
	for _, c := range copies {
		if len(c.rows) == 0 {
			continue
		}
		if _, err := q.CopyFrom(ctx, pgx.Identifier{c.table}, c.columns, pgx.CopyFromRows(c.rows)); err != nil {
			return err
		}
	}
	if err := insertPublications(ctx, q, pubs); err != nil {
		return err
	}
	if _, err := q.Exec(ctx, `INSERT INTO counters (name, next) VALUES ($1, $2)
		ON CONFLICT (name) DO UPDATE SET next = GREATEST(counters.next, excluded.next)`, sqlstore.ReferenceCounter, int64(maxRef)+1); err != nil {
		return err
	}
	for k, n := range counts {
		if _, err := q.Exec(ctx, `INSERT INTO publication_counts (category, month, n) VALUES ($1, $2, $3)
			ON CONFLICT (category, month) DO UPDATE SET n = publication_counts.n + $3`, k[0], k[1], n); err != nil {
			return err
		}
	}
	return nil
}

// reserveIDs takes n values of the table's id sequence.
func reserveIDs(ctx context.Context, q querier, table string, n int) ([]int64, error) {
	if n == 0 {
		return nil, nil
	}
	rows, err := q.Query(ctx, `SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)`, table, n)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// publicationRows is how many entries one INSERT writes (20 parameters
// each; PostgreSQL takes at most 65,535 a statement).
const publicationRows = 500

// insertPublications writes entries (the columns of pubs are those of
// SavePublication's INSERT, with the answers text last) in multi-row
// INSERTs that compute each entry's search vector.
func insertPublications(ctx context.Context, q querier, pubs [][]any) error {
	for len(pubs) > 0 {
		n := min(len(pubs), publicationRows)
		var sql strings.Builder
		sql.WriteString(`INSERT INTO publications (key, request_id, ref_prefix, ref_number, regime, category,
			published_on, received_on, responded_on, outcome, published_at, updated_at, unpublished_at, title,
			summary, request, response, parts, files, search) VALUES `)
		args := make([]any, 0, n*20)
		for i, row := range pubs[:n] {
			if i > 0 {
				sql.WriteString(", ")
			}
			b := len(args)
			p := func(k int) string { return "$" + strconv.Itoa(b+k) }
			sql.WriteString("(")
			for k := 1; k <= 19; k++ {
				sql.WriteString(p(k) + ", ")
			}
			sql.WriteString("setweight(to_tsvector('english', " + p(14) + "), 'A') || setweight(to_tsvector('english', " +
				p(15) + "), 'B') || setweight(to_tsvector('english', " + p(16) + " || E'\\n' || " + p(20) + "), 'C'))")
			args = append(args, row...)
		}
		if _, err := q.Exec(ctx, sql.String(), args...); err != nil {
			return err
		}
		pubs = pubs[n:]
	}
	return nil
}
