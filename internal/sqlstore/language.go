// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"disclose/internal/foi"
)

// FindRequestLanguage returns the language recorded for a request.
func (r *Reader) FindRequestLanguage(ctx context.Context, requestID int64) (foi.RequestLanguage, error) {
	var l foi.RequestLanguage
	err := r.Q.QueryRow(ctx, `SELECT language, language_source FROM requests WHERE id = ?`, requestID).Scan(&l.Lang, &l.Source)
	if errors.Is(err, ErrNoRows) {
		return l, foi.Errorf(foi.ENOTFOUND, "no request %d", requestID)
	}
	if err != nil {
		return l, r.D.Wrap("find request language", err)
	}
	return l, nil
}

// SetRequestLanguage records a request's language.
func (t *Tx) SetRequestLanguage(ctx context.Context, requestID int64, l foi.RequestLanguage) error {
	if err := l.Validate(); err != nil {
		return err
	}
	n, err := t.Q.Exec(ctx, `UPDATE requests SET language = ?, language_source = ? WHERE id = ?`, l.Lang, l.Source, requestID)
	if err != nil {
		return t.D.Wrap("set request language", err)
	}
	if n == 0 {
		return foi.Errorf(foi.ENOTFOUND, "no request %d", requestID)
	}
	return nil
}

// FindWelshPublication returns an entry's Welsh version.
func (r *Reader) FindWelshPublication(ctx context.Context, requestID int64) (*foi.WelshPublication, error) {
	w := &foi.WelshPublication{RequestID: requestID}
	var parts string
	err := r.Q.QueryRow(ctx, `SELECT title, summary, request, parts FROM publication_welsh WHERE request_id = ?`, requestID).
		Scan(&w.Title, &w.Summary, &w.Request, &parts)
	if errors.Is(err, ErrNoRows) {
		return nil, foi.Errorf(foi.ENOTFOUND, "request %d has no Welsh version", requestID)
	}
	if err != nil {
		return nil, r.D.Wrap("find Welsh publication", err)
	}
	if err := json.Unmarshal([]byte(parts), &w.Parts); err != nil {
		return nil, fmt.Errorf("find Welsh publication %d: parts: %w", requestID, err)
	}
	return w, nil
}

// likeEscaper escapes LIKE's wildcards, so a word is matched as written.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// FindWelshMatches returns the requests whose Welsh version holds every word.
func (r *Reader) FindWelshMatches(ctx context.Context, words []string, limit int) ([]int64, error) {
	if len(words) == 0 {
		return nil, nil
	}
	q := `SELECT request_id FROM publication_welsh WHERE 1 = 1`
	var args []any
	for _, w := range words { // as written, or with mutations folded (foi.FoldWelsh)
		q += ` AND (search_text LIKE ? ESCAPE '\' OR search_folded LIKE ? ESCAPE '\')`
		args = append(args, "%"+likeEscaper.Replace(strings.ToLower(w))+"%", "%"+likeEscaper.Replace(foi.FoldWelsh(w))+"%")
	}
	q += ` ORDER BY request_id DESC LIMIT ?`
	args = append(args, limit)
	rows, err := r.Q.Query(ctx, q, args...)
	if err != nil {
		return nil, r.D.Wrap("find Welsh matches", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, r.D.Wrap("find Welsh matches", err)
		}
		ids = append(ids, id)
	}
	return ids, r.D.Wrap("find Welsh matches", rows.Err())
}

// welshSearchText is everything a Welsh version says, lower-cased.
func welshSearchText(w *foi.WelshPublication) string {
	all := []string{w.Title, w.Summary, w.Request}
	for _, p := range w.Parts {
		all = append(all, p.Text, p.Answer)
	}
	return strings.ToLower(strings.Join(all, "\n"))
}

// SetWelshPublication stores or replaces an entry's Welsh version.
func (t *Tx) SetWelshPublication(ctx context.Context, w *foi.WelshPublication) error {
	parts, err := json.Marshal(w.Parts)
	if err != nil {
		return err
	}
	if w.Parts == nil {
		parts = []byte("[]")
	}
	err = t.D.Savepoint(ctx, t.Q, func(q Querier) error {
		_, err := q.Exec(ctx, `INSERT INTO publication_welsh (request_id, title, summary, request, parts, search_text, search_folded)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (request_id) DO UPDATE SET title = excluded.title, summary = excluded.summary,
				request = excluded.request, parts = excluded.parts, search_text = excluded.search_text,
				search_folded = excluded.search_folded`,
			w.RequestID, w.Title, w.Summary, w.Request, string(parts), welshSearchText(w), foi.FoldWelsh(welshSearchText(w)))
		if t.D.IsForeignKey(err) {
			return foi.Errorf(foi.ENOTFOUND, "no request %d", w.RequestID)
		}
		return err
	})
	if foi.ErrorCode(err) == foi.ENOTFOUND {
		return err
	}
	return t.D.Wrap("set Welsh publication", err)
}

// DeleteWelshPublication removes an entry's Welsh version.
func (t *Tx) DeleteWelshPublication(ctx context.Context, requestID int64) error {
	_, err := t.Q.Exec(ctx, `DELETE FROM publication_welsh WHERE request_id = ?`, requestID)
	return t.D.Wrap("delete Welsh publication", err)
}
