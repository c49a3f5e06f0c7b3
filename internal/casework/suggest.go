// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"strings"

	"disclose/internal/askedbefore"
	"disclose/internal/foi"
)

// AskedQuestions splits a request being written into its questions as
// intake will split it when it is sent (foi.SplitRequest); a request
// without numbered questions is one question.
func AskedQuestions(text string) []string {
	var out []string
	for _, q := range foi.SplitRequest(text).Questions {
		if strings.TrimSpace(q.Text) != "" {
			out = append(out, q.Text)
		}
	}
	if len(out) == 0 && strings.TrimSpace(text) != "" {
		out = []string{strings.TrimSpace(text)}
	}
	return out
}

// SuggestAnswers returns the public disclosure-log entries that answer the
// questions of a request being written, with which of its questions (as
// AskedQuestions numbers them) each answers. Anyone may ask: only what was
// published is read.
func (s *Service) SuggestAnswers(ctx context.Context, text string) ([]askedbefore.Suggestion, error) {
	found, _, err := askedbefore.Suggest(ctx, s.Store, AskedQuestions(text), askedbefore.SuggestOptions{})
	return found, err
}
