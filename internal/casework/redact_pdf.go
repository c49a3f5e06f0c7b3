// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"disclose/internal/foi"
	"disclose/internal/inspect"
)

// RedactFile asks for words and areas of a PDF attachment to be blacked
// out, all under one exemption.
type RedactFile struct {
	Phrases []string
	Regions []inspect.Region
	Reason  string // the exemption code: "s40(2)"
}

// RedactedFile is the result of redacting a PDF attachment.
type RedactedFile struct {
	Original   *foi.CaseAttachment
	Copy       *foi.CaseAttachment
	Report     inspect.RedactReport
	Redactions []*foi.Redaction
}

// redactedName is the file name of a redacted copy: "Letter (redacted).pdf".
func redactedName(name string) string {
	return strings.TrimSuffix(name, filepath.Ext(name)) + " (redacted).pdf"
}

// RedactPDF makes a redacted copy of a PDF attachment (inspect.RedactPDF:
// every page flattened to an image with the words and areas painted
// black), stores it linked to the original the way a clean copy is,
// inspects it and marks it for release instead of the original. Each
// phrase and area goes into the redaction log; the timeline shows only
// their length and shape. A phrase that is not in the file changes
// nothing and says so.
func (s *Service) RedactPDF(ctx context.Context, actor *foi.User, ref foi.Reference, id int64, in RedactFile) (*RedactedFile, error) {
	if err := require(actor, PermWorkCases, "redact"); err != nil {
		return nil, err
	}
	r, a, err := caseAttachment(ctx, s.Store, ref, id)
	if err != nil {
		return nil, err
	}
	var phrases []string
	for _, p := range in.Phrases {
		p = strings.TrimSpace(p)
		switch {
		case p == "":
			continue
		case len(p) > 2000:
			return nil, foi.Errorf(foi.EINVALID, "the words to redact are longer than 2000 characters")
		}
		phrases = append(phrases, p)
	}
	if len(phrases) == 0 && len(in.Regions) == 0 {
		return nil, foi.Errorf(foi.EINVALID, "enter the words to redact or an area of a page")
	}
	if len(phrases)+len(in.Regions) > 200 {
		return nil, foi.Errorf(foi.EINVALID, "at most 200 phrases and areas can be redacted at once")
	}
	if strings.TrimSpace(in.Reason) == "" {
		return nil, foi.Errorf(foi.EINVALID, "choose the exemption the redaction relies on, such as s40(2)")
	}
	e, err := foi.LookupExemption(r.Regime, in.Reason)
	if err != nil {
		return nil, foi.Errorf(foi.EINVALID, "%s", foi.ErrorMessage(err))
	}
	if !strings.EqualFold(filepath.Ext(a.Name), ".pdf") && a.ContentType != "application/pdf" {
		return nil, foi.Errorf(foi.EINVALID, "only a PDF can be redacted this way; %s is not one (redact the source and upload it again)", a.Name)
	}
	data, err := s.Store.FindBlob(ctx, a.Hash)
	if err != nil {
		return nil, err
	}
	out, rep, err := inspect.RedactPDF(ctx, data, phrases, in.Regions)
	if errors.Is(err, inspect.ErrCannotRedact) {
		return nil, foi.Errorf(foi.EINVALID, "%s: %s", a.Name, err)
	}
	if err != nil {
		return nil, err
	}
	if m := rep.Missing(); len(m) > 0 {
		return nil, foi.Errorf(foi.EINVALID, "not found in %s, so nothing was redacted: %q (words are matched whole, capitals and line breaks ignored)",
			a.Name, strings.Join(m, `", "`))
	}
	c := &foi.CaseAttachment{RequestID: r.ID, Name: redactedName(a.Name), ContentType: "application/pdf", Hash: sha(out),
		Size: int64(len(out)), Release: true, UploadedBy: actor.Name, CleanOf: a.ID}
	item := fileItem(c, s.publicOptions(ctx, s.Store, r))
	item.data = func(context.Context, foi.Reader) ([]byte, error) { return out, nil }
	found, err := item.inspect(ctx, s.Store)
	if err != nil {
		return nil, err
	}
	res := &RedactedFile{Copy: c, Report: rep}
	err = s.Store.Update(ctx, func(tx foi.Tx) error {
		r, a, err := caseAttachment(ctx, tx, ref, id)
		if err != nil {
			return err
		}
		res.Original = a
		wasReleased, err := replaceForRelease(ctx, tx, r, a, c, out)
		if err != nil {
			return err
		}
		item.subject = foi.SubjectAttachment(c.ID)
		var logged []string
		add := func(original, masked, shown string, n int) error {
			x := &foi.Redaction{RequestID: r.ID, Subject: item.subject, Original: original, Masked: masked,
				Reason: e.Code, Count: n, By: actor.Name}
			if err := tx.CreateRedaction(ctx, x); err != nil {
				return err
			}
			res.Redactions = append(res.Redactions, x)
			logged = append(logged, fmt.Sprintf("%s, %d place(s) (redaction %d)", shown, n, x.ID))
			return nil
		}
		for _, p := range rep.Phrases {
			m := maskPhrase(p.Phrase)
			if err := add(p.Phrase, m, fmt.Sprintf("%d character(s): %s", utf8.RuneCountInString(p.Phrase), m), p.Count); err != nil {
				return err
			}
		}
		for _, g := range in.Regions {
			area := fmt.Sprintf("area of page %d (%.0f,%.0f %.0f×%.0f pt)", g.Page, g.X, g.Y, g.W, g.H)
			if err := add(area, area, area, 1); err != nil {
				return err
			}
		}
		note := fmt.Sprintf("%s redacted under %s as %s (attachment %d, sha256 %s; %d page(s) flattened to images at %d dpi): %s; the copy is marked for release",
			a.Name, e.Code, c.Name, c.ID, c.Hash[:12], rep.Pages, rep.DPI, strings.Join(logged, "; "))
		if wasReleased {
			note += " instead of the original"
		}
		if err := tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: EventRedacted, ActorID: actor.ID, Actor: actor.Name, Note: note}); err != nil {
			return err
		}
		return s.recordInspections(ctx, tx, r, []inspected{{item, found}}, actor.ID, actor.Name)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}
