// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"disclose/internal/foi"
)

// Redaction takes a phrase out of a text before it is released: every
// occurrence is replaced by a visible marker naming the exemption relied
// on, "[redacted: s40(2)]", so a reader sees that something was withheld
// and why (FOIA s.17(1)). An answer or an unsent letter is changed where it
// is stored; the request text is kept as the requester wrote it and
// redacted when it is published. The redaction log keeps the phrase for
// staff; the public sees only the marker.

// Redact is one redaction asked for.
type Redact struct {
	Subject string // foi.SubjectPart(n), foi.SubjectLetter(id) or foi.SubjectRequest
	Phrase  string
	Reason  string // the exemption code, as the law writes it: "s40(2)"
}

// redactionMarker is what replaces a redacted phrase.
func redactionMarker(reason string) string { return "[redacted: " + reason + "]" }

// applyRedactions replaces each redaction's phrase in text, in the order
// they were made.
func applyRedactions(text string, reds []*foi.Redaction, subject string) string {
	for _, x := range reds {
		if x.Subject == subject && x.Original != "" {
			text = strings.ReplaceAll(text, x.Original, redactionMarker(x.Reason))
		}
	}
	return text
}

// RedactText redacts a phrase from an answer, an unsent letter or the
// published request text.
func (s *Service) RedactText(ctx context.Context, actor *foi.User, ref foi.Reference, in Redact) (*foi.Redaction, error) {
	if err := require(actor, PermWorkCases, "redact"); err != nil {
		return nil, err
	}
	var x *foi.Redaction
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		r, err := tx.FindRequest(ctx, ref)
		if err != nil {
			return err
		}
		x, err = s.redact(ctx, tx, actor, r, in)
		return err
	})
	return x, err
}

var reCharacters = regexp.MustCompile(`characters (\d+)-(\d+)$`)

// RedactFinding redacts what a finding in a text matched (its characters,
// as the finding's place gives them), in the text as it stands.
func (s *Service) RedactFinding(ctx context.Context, actor *foi.User, ref foi.Reference, id int64, reason string) (*foi.Redaction, error) {
	if err := require(actor, PermWorkCases, "redact"); err != nil {
		return nil, err
	}
	var x *foi.Redaction
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		r, err := tx.FindRequest(ctx, ref)
		if err != nil {
			return err
		}
		f, err := tx.FindFinding(ctx, id)
		if err != nil || f.RequestID != r.ID {
			return foi.Errorf(foi.ENOTFOUND, "%s has no finding %d", r.Reference, id)
		}
		if f.Status != foi.FindingOpen {
			return foi.Errorf(foi.ECONFLICT, "finding %d is %s: there is nothing to redact", id, f.Status)
		}
		text, _, err := s.subjectText(ctx, tx, r, f.Subject)
		if err != nil {
			return err
		}
		m := reCharacters.FindStringSubmatch(f.Where)
		if m == nil || sha([]byte(text)) != f.Hash {
			return foi.Errorf(foi.ECONFLICT, "finding %d is not in a text as it stands now: redact a phrase instead", id)
		}
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		runes := []rune(text)
		if a < 1 || b < a || b > len(runes) {
			return foi.Errorf(foi.ECONFLICT, "finding %d points outside its text: redact a phrase instead", id)
		}
		x, err = s.redact(ctx, tx, actor, r, Redact{Subject: f.Subject, Phrase: string(runes[a-1 : b]), Reason: reason})
		return err
	})
	return x, err
}

// subjectText reads the current text of a redactable subject, with the
// letter for a letter.
func (s *Service) subjectText(ctx context.Context, rd foi.Reader, r *foi.Request, subject string) (string, *foi.Letter, error) {
	kind, id, _ := strings.Cut(subject, ":")
	n, _ := strconv.ParseInt(id, 10, 64)
	switch kind {
	case foi.SubjectRequest, "question", foi.SubjectResponse:
		// Kept as written, redacted when published: the text is the
		// draft entry's.
		old, err := findPublication(ctx, rd, r.Reference)
		if err != nil {
			return "", nil, err
		}
		p, err := s.draftPublication(ctx, rd, r, PublishInput{}, old)
		if err != nil {
			return "", nil, err
		}
		switch kind {
		case foi.SubjectRequest:
			return p.Request, nil, nil
		case foi.SubjectResponse:
			if strings.TrimSpace(p.Response) == "" {
				return "", nil, foi.Errorf(foi.ENOTFOUND, "%s has no response kept as one text", r.Reference)
			}
			return p.Response, nil, nil
		}
		for _, part := range p.Parts {
			if int64(part.Number) == n {
				return part.Text, nil, nil
			}
		}
		return "", nil, foi.Errorf(foi.ENOTFOUND, "%s has no part %s", r.Reference, id)
	case "part":
		for _, p := range r.Parts {
			if int64(p.Number) == n {
				return p.Answer, nil, nil
			}
		}
		return "", nil, foi.Errorf(foi.ENOTFOUND, "%s has no part %s", r.Reference, id)
	case "letter":
		l, err := rd.FindLetter(ctx, n)
		if err != nil || l.RequestID != r.ID {
			return "", nil, foi.Errorf(foi.ENOTFOUND, "%s has no letter %s", r.Reference, id)
		}
		return l.Body, l, nil
	}
	return "", nil, foi.Errorf(foi.EINVALID, "only an answer, a letter, the request text, a question or an imported response can be redacted, not %q (change a title, summary, category or file name instead)", subject)
}

// redactableSubject reports whether redaction can change a subject's text.
func redactableSubject(subject string) bool {
	kind, _, _ := strings.Cut(subject, ":")
	switch kind {
	case foi.SubjectRequest, foi.SubjectResponse, "question", "part", "letter":
		return true
	}
	return false
}

func (s *Service) redact(ctx context.Context, tx foi.Tx, actor *foi.User, r *foi.Request, in Redact) (*foi.Redaction, error) {
	phrase := strings.TrimSpace(in.Phrase)
	if phrase == "" {
		return nil, foi.Errorf(foi.EINVALID, "enter the words to redact")
	}
	if len(phrase) > 2000 {
		return nil, foi.Errorf(foi.EINVALID, "the words to redact are longer than 2000 characters")
	}
	if strings.TrimSpace(in.Reason) == "" {
		return nil, foi.Errorf(foi.EINVALID, "choose the exemption the redaction relies on, such as s40(2)")
	}
	e, err := foi.LookupExemption(r.Regime, in.Reason)
	if err != nil {
		return nil, foi.Errorf(foi.EINVALID, "%s", foi.ErrorMessage(err))
	}
	text, l, err := s.subjectText(ctx, tx, r, in.Subject)
	if err != nil {
		return nil, err
	}
	label, err := subjectLabel(ctx, tx, in.Subject)
	if err != nil {
		return nil, err
	}
	n := strings.Count(text, phrase)
	if n == 0 {
		return nil, foi.Errorf(foi.EINVALID, "those words do not appear in %s (redaction matches them exactly, capitals included)", label)
	}
	redacted := strings.ReplaceAll(text, phrase, redactionMarker(e.Code))
	var item releaseItem
	switch {
	case l != nil:
		if !l.SentAt.IsZero() {
			return nil, foi.Errorf(foi.ECONFLICT, "letter %d has been sent: a sent letter is kept as sent", l.ID)
		}
		l.Body = redacted
		l.ApprovedAt, l.ApprovedBy = time.Time{}, "" // the approval was of the old words
		if err := tx.UpdateLetter(ctx, l); err != nil {
			return nil, err
		}
		item = s.letterItem(ctx, tx, l)
	case in.Subject == foi.SubjectRequest, in.Subject == foi.SubjectResponse, strings.HasPrefix(in.Subject, "question:"):
		// Applied when published, to every copy made from the text: the
		// request text's redactions reach the questions split from it.
		// What is inspected again is the whole draft entry (below).
	default:
		for i := range r.Parts {
			if foi.SubjectPart(r.Parts[i].Number) == in.Subject {
				r.Parts[i].Answer = redacted
			}
		}
		if err := tx.UpdateRequest(ctx, r); err != nil {
			return nil, err
		}
		item = textItem(in.Subject, label, redacted, s.publicOptions(ctx, tx, r))
	}
	x := &foi.Redaction{RequestID: r.ID, Subject: in.Subject, Original: phrase, Masked: maskPhrase(phrase),
		Reason: e.Code, Count: n, By: actor.Name}
	if err := tx.CreateRedaction(ctx, x); err != nil {
		return nil, err
	}
	if err := tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: EventRedacted, ActorID: actor.ID, Actor: actor.Name,
		Note: fmt.Sprintf("%d character(s) redacted from %s under %s, %d place(s): %s (redaction %d)",
			utf8.RuneCountInString(phrase), label, e.Code, n, x.Masked, x.ID)}); err != nil {
		return nil, err
	}
	items := []releaseItem{item}
	if item.subject == "" {
		if items, err = s.publishedItems(ctx, tx, r); err != nil {
			return nil, err
		}
	}
	return x, s.inspectNow(ctx, tx, r, items, actor.ID, actor.Name)
}

// maskPhrase keeps the first character of each word and stars the rest,
// so a log shows the shape of what was redacted, not the words.
func maskPhrase(s string) string {
	var b strings.Builder
	start := true
	for _, c := range s {
		switch {
		case unicode.IsLetter(c) || unicode.IsDigit(c):
			if start {
				b.WriteRune(c)
			} else {
				b.WriteByte('*')
			}
			start = false
		default:
			b.WriteRune(c)
			start = true
		}
	}
	return b.String()
}
