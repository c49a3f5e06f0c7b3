// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"disclose/internal/foi"
)

// PublishInput is what staff decide when they put a response in the
// disclosure log.
type PublishInput struct {
	Title       string
	Category    string
	PublishedOn time.Time // today when zero
	Summary     string
	// Files are the ids of the case's attachments to publish with the
	// entry, each one released with the response; none when empty.
	Files []int64
	// WDTKPage is the request's WhatDoTheyKnow page for the entry to
	// link, "" for none. Staff opt in at each publishing, warned that the
	// page shows the requester's name; only a request made through WDTK
	// can link one (foi.CheckWDTKPage).
	WDTKPage string
}

// publishable are the statuses whose response has been sent: publishing
// what was never sent would put out an answer the requester has not had.
// A request in internal review keeps its published entry and may be
// republished, since the response it holds was sent.
var publishable = []foi.Status{foi.StatusResponded, foi.StatusInReview, foi.StatusClosed}

// Publishable reports whether a request in this status may be published.
func Publishable(st foi.Status) bool { return statusIn(st, publishable) }

// Publish puts a request's response in the public disclosure log, or
// replaces its entry with a fresh copy (republishing). The entry is a copy
// of the request text and the answers as they stand now; the requester is
// never part of it.
func (s *Service) Publish(ctx context.Context, actor *foi.User, ref foi.Reference, in PublishInput) (*foi.Publication, error) {
	if err := requireCaseworker(actor); err != nil {
		return nil, err
	}
	in.Title = strings.TrimSpace(in.Title)
	in.Category = strings.TrimSpace(in.Category)
	in.Summary = strings.TrimSpace(in.Summary)
	var err error
	if in.Category, err = s.checkCategory(ctx, in.Category); err != nil { // categories.go
		return nil, err
	}
	on := s.today()
	if !in.PublishedOn.IsZero() {
		on = foi.Date(in.PublishedOn)
	}
	if on.After(s.today()) {
		return nil, foi.Errorf(foi.EINVALID, "published_on %s is in the future", foi.FormatDate(on))
	}
	// The entry as it will be published, and the files released with the
	// response, are inspected first (what changed since), then the entry
	// built again in the transaction that publishes passes the gate: any
	// open finding refuses it.
	scope := func(ctx context.Context, rd foi.Reader, r *foi.Request) ([]releaseItem, error) {
		old, err := findPublication(ctx, rd, r.Reference)
		if err != nil {
			return nil, err
		}
		p, err := s.draftPublication(ctx, rd, r, in, old)
		if err != nil {
			return nil, err
		}
		files, err := s.releasedScope(ctx, rd, r)
		return append(publicItems(p, s.publicOptions(ctx, rd, r)), files...), err
	}
	if err := s.refreshFindings(ctx, actor, ref, scope); err != nil {
		return nil, err
	}
	var p *foi.Publication
	err = s.Store.Update(ctx, func(tx foi.Tx) error {
		r, err := tx.FindRequest(ctx, ref)
		if err != nil {
			return err
		}
		if !statusIn(r.Status, publishable) {
			return foi.Errorf(foi.ECONFLICT, "%s is %s: only a request whose response has been sent can be published", r.Reference, r.Status)
		}
		if !r.RespondedOn.IsZero() && on.Before(r.RespondedOn) {
			return foi.Errorf(foi.EINVALID, "published_on %s is before the response was sent (%s)", foi.FormatDate(on), foi.FormatDate(r.RespondedOn))
		}
		event := foi.EventPublished
		before := ""
		old, err := findPublication(ctx, tx, r.Reference)
		if err != nil {
			return err
		}
		if old != nil {
			event, before = foi.EventRepublished, publicationJSON(old)
		}
		if p, err = s.draftPublication(ctx, tx, r, in, old); err != nil {
			return err
		}
		released, err := s.releasedScope(ctx, tx, r)
		if err != nil {
			return err
		}
		if err := s.gatePublication(ctx, tx, r, p, released, actor.ID, actor.Name, "Publishing "+r.Reference.String()); err != nil {
			return err
		}
		p.PublishedOn = on
		if err := p.Validate(); err != nil {
			return err
		}
		if err := tx.SavePublication(ctx, p); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{
			RequestID: r.ID, Type: event, On: on, ActorID: actor.ID, Actor: actor.Name,
			Note: p.Title, Before: before, After: publicationJSON(p),
		})
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// PublicationOf is the frozen copy of a request for the log: its text,
// its dates and each part's question and answer, without the requester
// and without the public-interest notes (see foi.PublishedPart). Title,
// category and date are the publisher's to set.
func PublicationOf(r *foi.Request) *foi.Publication {
	p := &foi.Publication{
		RequestID: r.ID, Reference: r.Reference, Regime: r.Regime,
		ReceivedOn: r.ReceivedOn, RespondedOn: r.RespondedOn,
		Request: r.Text, Outcome: r.Outcome,
	}
	for _, part := range r.Parts {
		p.Parts = append(p.Parts, foi.PublishedPart{
			Number: part.Number, Label: part.Label, Text: part.Text, Answer: part.Answer,
			Outcome: part.Outcome, Exemptions: part.Exemptions,
		})
	}
	return p
}

// findPublication is a request's entry, nil when it was never published.
func findPublication(ctx context.Context, rd foi.Reader, ref foi.Reference) (*foi.Publication, error) {
	p, err := rd.FindPublication(ctx, ref)
	if foi.IsNotFound(err) {
		return nil, nil
	}
	return p, err
}

// Unpublish takes a request's entry out of the public log, with the reason
// in the audit trail. The copy is kept, so the entry can be republished.
func (s *Service) Unpublish(ctx context.Context, actor *foi.User, ref foi.Reference, reason string) error {
	if err := requireCaseworker(actor); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return foi.Errorf(foi.EINVALID, "say why the entry is unpublished: the audit trail records it")
	}
	return s.Store.Update(ctx, func(tx foi.Tx) error {
		r, err := tx.FindRequest(ctx, ref)
		if err != nil {
			return err
		}
		old, err := tx.FindPublication(ctx, r.Reference)
		if err != nil {
			return err
		}
		if err := tx.UnpublishPublication(ctx, r.ID); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{
			RequestID: r.ID, Type: foi.EventUnpublished, On: s.today(), ActorID: actor.ID, Actor: actor.Name,
			Note: reason, Before: publicationJSON(old),
		})
	})
}

// Disclosure returns a public entry of the log; an entry never published
// or since unpublished is not found, whoever asks.
func (s *Service) Disclosure(ctx context.Context, ref foi.Reference) (*foi.Publication, error) {
	p, err := s.Store.FindPublication(ctx, ref)
	if err != nil {
		return nil, err
	}
	if !p.Public() {
		return nil, foi.Errorf(foi.ENOTFOUND, "%s has not been published", ref)
	}
	return p, nil
}

// DisclosureFile returns a file published with a public entry, and its
// content as it was when published.
func (s *Service) DisclosureFile(ctx context.Context, ref foi.Reference, id int64) (*foi.PublishedFile, []byte, error) {
	p, err := s.Disclosure(ctx, ref)
	if err != nil {
		return nil, nil, err
	}
	f := p.File(id)
	if f == nil {
		return nil, nil, foi.Errorf(foi.ENOTFOUND, "%s has no published file %d", ref, id)
	}
	data, err := s.Store.FindBlob(ctx, f.Hash)
	if err != nil {
		return nil, nil, err
	}
	return f, data, nil
}

// publishedFiles are the chosen files, each of which must be one released
// with the response (see releasedAttachments): a file kept back from the
// requester is never public.
func publishedFiles(ctx context.Context, rd foi.Reader, r *foi.Request, ids []int64) ([]foi.PublishedFile, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	released, err := releasedAttachments(ctx, rd, r.ID)
	if err != nil {
		return nil, err
	}
	var files []foi.PublishedFile
	for _, id := range ids {
		i := slices.IndexFunc(released, func(a *foi.CaseAttachment) bool { return a.ID == id })
		if i < 0 {
			return nil, foi.Errorf(foi.EINVALID, "file %d is not one released with the response to %s: only those can be published", id, r.Reference)
		}
		if slices.ContainsFunc(files, func(f foi.PublishedFile) bool { return f.ID == id }) {
			continue
		}
		a := released[i]
		files = append(files, foi.PublishedFile{ID: a.ID, Name: a.Name, ContentType: a.ContentType, Size: a.Size, Hash: a.Hash})
	}
	return files, nil
}

// Disclosures returns a page of the public log: browsing, or searching
// when f.Query is set (see foi.PublicationFilter).
func (s *Service) Disclosures(ctx context.Context, f foi.PublicationFilter) (*foi.PublicationPage, error) {
	return s.Store.FindPublications(ctx, f)
}

// publicationJSON records what was published, for the audit trail.
func publicationJSON(p *foi.Publication) string {
	m := map[string]any{
		"title": p.Title, "category": p.Category, "published_on": foi.FormatDate(p.PublishedOn), "summary": p.Summary,
	}
	if len(p.Files) > 0 {
		names := make([]string, len(p.Files))
		for i, f := range p.Files {
			names[i] = f.Name
		}
		m["files"] = names
	}
	if p.WDTKPage != "" {
		m["whatdotheyknow_url"] = p.WDTKPage
	}
	b, _ := json.Marshal(m)
	return string(b)
}
