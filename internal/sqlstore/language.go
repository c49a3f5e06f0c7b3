// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlstore

import (
	"context"
	"errors"

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
