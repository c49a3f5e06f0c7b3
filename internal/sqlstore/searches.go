// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlstore

import (
	"context"

	"disclose/internal/foi"
)

// The searches made and time spent per part of a request (foi.EffortReader,
// foi.EffortWriter): append-only, like the audit trail they support.

const searchColumns = `id, request_id, part, user_id, by_name, place, terms, activity, minutes, estimated, searched_on, created_at`

// FindSearches lists a request's search records by part, then as recorded.
func (r *Reader) FindSearches(ctx context.Context, requestID int64) ([]*foi.SearchRecord, error) {
	rows, err := r.Q.Query(ctx, `SELECT `+searchColumns+` FROM searches WHERE request_id = ? ORDER BY part, id`, requestID)
	if err != nil {
		return nil, r.D.Wrap("find searches", err)
	}
	defer rows.Close()
	var out []*foi.SearchRecord
	for rows.Next() {
		s := &foi.SearchRecord{}
		var activity string
		if err := rows.Scan(&s.ID, &s.RequestID, &s.Part, &s.UserID, &s.By, &s.Where, &s.Terms, &activity, &s.Minutes,
			&s.Estimated, ScanDate(&s.On), ScanInstant(&s.CreatedAt)); err != nil {
			return nil, r.D.Wrap("find searches", err)
		}
		s.Activity = foi.Activity(activity)
		out = append(out, s)
	}
	return out, r.D.Wrap("find searches", rows.Err())
}

// AddSearch stores a new search record.
func (t *Tx) AddSearch(ctx context.Context, s *foi.SearchRecord) error {
	if s.CreatedAt.IsZero() {
		s.CreatedAt = t.Now
	}
	var err error
	s.ID, err = t.insertID(ctx, `INSERT INTO searches (request_id, part, user_id, by_name, place, terms, activity, minutes,
			estimated, searched_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		s.RequestID, s.Part, s.UserID, s.By, s.Where, s.Terms, string(s.Activity), s.Minutes, s.Estimated,
		t.D.Date(s.On), t.D.Instant(s.CreatedAt))
	if t.D.IsForeignKey(err) {
		return foi.Errorf(foi.ENOTFOUND, "cannot record the search: request %d or user %d not found", s.RequestID, s.UserID)
	}
	return t.D.Wrap("add search", err)
}
