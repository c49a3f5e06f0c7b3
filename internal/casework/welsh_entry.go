// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"disclose/internal/foi"
)

// Bilingual entries (issue 19): an authority may publish a Welsh title,
// summary, request and answers beside the English entry. The Welsh goes
// through the publication gate like the English (gate.go): it is inspected
// against the requester's details before it is public.

// EventWelshPublished records a Welsh version published, changed or removed.
const EventWelshPublished = foi.EventWelshPublished

// welshSubject is the gate's subject of a Welsh field ("welsh:title",
// "welsh:part:2"), inspected with the entry by gatePublication.
func welshSubject(field string) string { return "welsh:" + field }

// SetWelshEntry publishes the Welsh version of a published entry, or with
// an empty title removes it. Each part is the Welsh of the English part of
// that number; a part left empty shows in English.
func (s *Service) SetWelshEntry(ctx context.Context, actor *foi.User, ref foi.Reference, in foi.WelshPublication) error {
	if err := requireCaseworker(actor); err != nil {
		return err
	}
	in.Title, in.Summary = strings.TrimSpace(in.Title), strings.TrimSpace(in.Summary)
	in.Request = strings.TrimSpace(normaliseLines(in.Request))
	var parts []foi.WelshPart
	for _, p := range in.Parts {
		p.Text, p.Answer = strings.TrimSpace(normaliseLines(p.Text)), strings.TrimSpace(normaliseLines(p.Answer))
		if p.Text != "" || p.Answer != "" {
			parts = append(parts, p)
		}
	}
	in.Parts = parts
	for what, text := range map[string]string{"the Welsh title": in.Title, "the Welsh summary": in.Summary, "the Welsh request": in.Request} {
		if !utf8.ValidString(text) || utf8.RuneCountInString(text) > MaxRequestChars {
			return foi.Errorf(foi.EINVALID, "%s must be %d characters or fewer", what, MaxRequestChars)
		}
	}
	return s.Store.Update(ctx, func(tx foi.Tx) error {
		r, err := tx.FindRequest(ctx, ref)
		if err != nil {
			return err
		}
		p, err := tx.FindPublication(ctx, ref)
		if foi.IsNotFound(err) || (err == nil && !p.Public()) {
			return foi.Errorf(foi.ECONFLICT, "publish %s in English before adding its Welsh version", ref)
		}
		if err != nil {
			return err
		}
		if in.Title == "" {
			if len(in.Parts) > 0 || in.Summary != "" || in.Request != "" {
				return foi.Errorf(foi.EINVALID, "give the Welsh title (Teitl), or leave every Welsh field empty to remove the Welsh version")
			}
			if err := tx.DeleteWelshPublication(ctx, r.ID); err != nil {
				return err
			}
			return tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: EventWelshPublished, ActorID: actor.ID, Actor: actor.Name,
				Note: "Welsh version removed from the disclosure log"})
		}
		opts := s.publicOptions(ctx, tx, r)
		items := []releaseItem{textItem(welshSubject("title"), "the Welsh title", in.Title, opts)}
		for field, text := range map[string]string{"summary": in.Summary, "request": in.Request} {
			if text != "" {
				items = append(items, textItem(welshSubject(field), "the Welsh "+field, text, opts))
			}
		}
		for _, wp := range in.Parts {
			found := false
			for _, ep := range p.Parts {
				found = found || ep.Number == wp.Number
			}
			if !found {
				return foi.Errorf(foi.EINVALID, "%s has no part %d", ref, wp.Number)
			}
			items = append(items, textItem(welshSubject(fmt.Sprintf("part:%d", wp.Number)), fmt.Sprintf("the Welsh of part %d", wp.Number),
				wp.Text+"\n"+wp.Answer, opts))
		}
		if err := s.gatePublication(ctx, tx, r, p, items, actor.ID, actor.Name, "publish the Welsh version"); err != nil {
			return err
		}
		in.RequestID = r.ID
		if err := tx.SetWelshPublication(ctx, &in); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: EventWelshPublished, ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("Welsh version published: %s (%d part(s) in Welsh)", in.Title, len(in.Parts))})
	})
}

// WelshEntry is a request's Welsh version for staff (published or not).
func (s *Service) WelshEntry(ctx context.Context, requestID int64) (*foi.WelshPublication, error) {
	return s.Store.FindWelshPublication(ctx, requestID)
}

// WelshDisclosure is the Welsh version of a public entry, or nil.
func (s *Service) WelshDisclosure(ctx context.Context, p *foi.Publication) (*foi.WelshPublication, error) {
	if p == nil || !p.Public() {
		return nil, nil
	}
	w, err := s.Store.FindWelshPublication(ctx, p.RequestID)
	if foi.IsNotFound(err) {
		return nil, nil
	}
	return w, err
}

// DisclosureWithWelsh is Disclosure and WelshDisclosure in one read of
// the store, for the public entry page.
func (s *Service) DisclosureWithWelsh(ctx context.Context, ref foi.Reference) (*foi.Publication, *foi.WelshPublication, error) {
	p, w, err := s.Store.FindPublicationWithWelsh(ctx, ref)
	if err != nil {
		return nil, nil, err
	}
	if !p.Public() {
		return nil, nil, foi.Errorf(foi.ENOTFOUND, "%s has not been published", ref)
	}
	return p, w, nil
}

// welshWords are a log search's words, for the Welsh search: search
// syntax (quotes, OR, a leading -) dropped, lower-cased as written.
func welshWords(query string) []string {
	var out []string
	for _, w := range strings.Fields(strings.ToLower(strings.ReplaceAll(query, `"`, " "))) {
		if w == "or" || strings.HasPrefix(w, "-") {
			continue
		}
		out = append(out, w)
	}
	return out
}

// WelshDisclosureMatch is a public entry whose Welsh version matches a search.
type WelshDisclosureMatch struct {
	Entry *foi.Publication
	Welsh *foi.WelshPublication
}

// SearchWelsh finds public entries whose Welsh version holds every word of
// query (at most limit), newest first. Welsh is matched as written: no
// English stemming is applied to it.
func (s *Service) SearchWelsh(ctx context.Context, query string, limit int) ([]WelshDisclosureMatch, error) {
	words := welshWords(query)
	if len(words) == 0 {
		return nil, nil
	}
	ids, err := s.Store.FindWelshMatches(ctx, words, limit)
	if err != nil {
		return nil, err
	}
	var out []WelshDisclosureMatch
	for _, id := range ids {
		r, err := s.Store.FindRequestByID(ctx, id)
		if err != nil {
			return nil, err
		}
		p, err := s.Disclosure(ctx, r.Reference)
		if foi.IsNotFound(err) {
			continue // unpublished: its Welsh is not public either
		}
		if err != nil {
			return nil, err
		}
		w, err := s.Store.FindWelshPublication(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, WelshDisclosureMatch{Entry: p, Welsh: w})
	}
	return out, nil
}
