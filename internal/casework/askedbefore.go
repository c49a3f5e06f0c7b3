// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"disclose/internal/askedbefore"
	"disclose/internal/foi"
)

// EventAnswersCopied records an "Answer like" copy of earlier published
// answers into a case's parts as drafts.
const EventAnswersCopied = foi.EventAnswersCopied

// AskedBefore finds, part by part, where r's questions were asked before
// (internal/askedbefore), and the cases linked with r as one round robin,
// for those who work cases. r is as FindRequest returned it to actor, so
// the view is already audited.
func (s *Service) AskedBefore(ctx context.Context, actor *foi.User, r *foi.Request) (*askedbefore.Result, []foi.RoundRobinCase, error) {
	if err := require(actor, PermWorkCases, "see where a request was asked before"); err != nil {
		return nil, nil, err
	}
	res, err := askedbefore.Check(ctx, s.Store, s.Calendar(), r, askedbefore.Options{})
	if err != nil {
		return nil, nil, err
	}
	linked, err := s.Store.FindRoundRobin(ctx, r.ID)
	return res, linked, err
}

// IndexQuestions brings the question index up to date with requests
// stored without it (an import; a database from before the index).
func (s *Service) IndexQuestions(ctx context.Context) (int, error) {
	return askedbefore.CatchUp(ctx, s.Store, nil)
}

// IndexPublishedQuestions brings the published question index, which the
// public suggestions read, up to date with entries published before it.
func (s *Service) IndexPublishedQuestions(ctx context.Context) (int, error) {
	return askedbefore.CatchUpPublished(ctx, s.Store, nil)
}

// AnswerLike copies the published answers of the disclosure-log entry
// from into the parts of ref that ask the same questions and have no
// answer yet, as drafts: each marked with where it came from and without
// an outcome, so that nothing is sent until an officer reviews it and
// records the outcome (the answer form clears the mark). Each draft ends by
// pointing to the published entry, which may itself answer the question
// (FOIA s.21: information reasonably accessible). The two cases are linked
// as one round robin. It returns the parts filled.
func (s *Service) AnswerLike(ctx context.Context, actor *foi.User, ref, from foi.Reference) ([]int, error) {
	if err := requireCaseworker(actor); err != nil {
		return nil, err
	}
	var filled []int
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		r, err := tx.FindRequest(ctx, ref)
		if err != nil {
			return err
		}
		if !r.Status.Open() && r.Status != foi.StatusInReview {
			return foi.Errorf(foi.ECONFLICT, "%s is %s: answers can be changed only while it is open or in review", r.Reference, r.Status)
		}
		pub, err := tx.FindPublication(ctx, from)
		if foi.IsNotFound(err) || (err == nil && !pub.Public()) {
			return foi.Errorf(foi.ENOTFOUND, "%s has no entry in the disclosure log to answer from", from)
		}
		if err != nil {
			return err
		}
		if pub.RequestID == r.ID {
			return foi.Errorf(foi.EINVALID, "%s cannot be answered from its own entry", r.Reference)
		}
		res, err := askedbefore.Check(ctx, tx, s.Calendar(), r, askedbefore.Options{})
		if err != nil {
			return err
		}
		for _, pr := range res.Parts {
			i := slices.IndexFunc(r.Parts, func(p foi.Part) bool { return p.Number == pr.Number })
			if i < 0 || r.Parts[i].Outcome != "" || strings.TrimSpace(r.Parts[i].Answer) != "" {
				continue // answered, or a draft already: never overwritten
			}
			for _, m := range pr.Matches {
				if m.Earlier.RequestID != pub.RequestID {
					continue
				}
				j := slices.IndexFunc(pub.Parts, func(p foi.PublishedPart) bool { return p.Number == m.Earlier.Number })
				if j < 0 || strings.TrimSpace(pub.Parts[j].Answer) == "" {
					continue
				}
				pp := pub.Parts[j]
				label := pp.Label
				if label == "" {
					label = fmt.Sprint(pp.Number)
				}
				r.Parts[i].Answer = strings.TrimSpace(pp.Answer) + "\n\n" + fmt.Sprintf(
					"This answer was published in our disclosure log on %s (%s, question %s), where it is reasonably accessible to you (FOIA s.21).",
					pub.PublishedOn.Format("2 January 2006"), pub.Reference, label)
				r.Parts[i].CopiedFrom = fmt.Sprintf("%s question %s, published %s", pub.Reference, label, pub.PublishedOn.Format("2 January 2006"))
				filled = append(filled, r.Parts[i].Number)
				break
			}
		}
		if len(filled) == 0 {
			return foi.Errorf(foi.ECONFLICT, "no unanswered question of %s matches a published answer of %s", r.Reference, from)
		}
		if err := tx.UpdateRequest(ctx, r); err != nil {
			return err
		}
		if err := tx.LinkRoundRobin(ctx, r.ID, pub.RequestID); err != nil {
			return err
		}
		parts := make([]string, len(filled))
		for k, n := range filled {
			parts[k] = fmt.Sprint(n)
		}
		if err := tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: EventAnswersCopied, ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("part(s) %s drafted from the published answers of %s (published %s), to be reviewed before sending; linked as a round robin",
				strings.Join(parts, ", "), pub.Reference, foi.FormatDate(pub.PublishedOn))}); err != nil {
			return err
		}
		// The drafts will be published with this case: inspect them now,
		// as any answer is.
		items, err := s.publishedItems(ctx, tx, r)
		if err != nil {
			return err
		}
		return s.inspectNow(ctx, tx, r, items, actor.ID, actor.Name)
	})
	return filled, err
}
