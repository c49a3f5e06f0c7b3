// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"disclose/internal/foi"
)

// FindPublicationWithWelsh finds a publication by reference and its Welsh
// version (nil when it has none) in one query: the public entry page needs
// both, and a round trip each was a fifth of its time.
func (r *Reader) FindPublicationWithWelsh(ctx context.Context, ref foi.Reference) (*foi.Publication, *foi.WelshPublication, error) {
	var (
		hasWelsh bool
		w        foi.WelshPublication
		parts    string
	)
	query := strings.Replace(r.publicationSelect(), " FROM publications p ", `, w.request_id IS NOT NULL,
		COALESCE(w.title, ''), COALESCE(w.summary, ''), COALESCE(w.request, ''), COALESCE(w.parts, '[]')
		FROM publications p LEFT JOIN publication_welsh w ON w.request_id = p.request_id `, 1)
	row := withColumns{r.Q.QueryRow(ctx, query+` WHERE p.ref_number = ?`, ref.Number),
		[]any{&hasWelsh, &w.Title, &w.Summary, &w.Request, &parts}}
	p, _, err := scanPublication(row)
	if p, err = found(r.D, "find publication", p, err, "%s has not been published", ref); err != nil {
		return nil, nil, err
	}
	if !hasWelsh {
		return p, nil, nil
	}
	w.RequestID = p.RequestID
	if err := json.Unmarshal([]byte(parts), &w.Parts); err != nil {
		return nil, nil, fmt.Errorf("find Welsh publication %d: parts: %w", p.RequestID, err)
	}
	return p, &w, nil
}

// withColumns is a row whose columns after the first ones scan into extra.
type withColumns struct {
	Row
	extra []any
}

func (r withColumns) Scan(dest ...any) error { return r.Row.Scan(append(dest, r.extra...)...) }
