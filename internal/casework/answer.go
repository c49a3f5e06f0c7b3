// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"disclose/internal/foi"
)

// Answer is what staff write against one part of a request.
type Answer struct {
	Text           string
	Outcome        foi.Outcome
	Exemptions     []string // codes as the law writes them, in the request's regime
	PublicInterest string   // required when any exemption is qualified
	// Unchanged, when set, is the Fingerprint of the part's answer as the
	// writer last saw it: the save is refused if someone else has changed
	// the answer since, so one officer's save never silently replaces
	// another's.
	Unchanged string
}

// Fingerprint identifies a part's answer (outcome, text, exemptions and
// reasoning) as a page showed it, so a form can tell whether its writer
// changed the answer and whether anyone else did meanwhile. Spaces at the
// ends and the browser's CRLF line breaks do not count as changes.
func Fingerprint(outcome foi.Outcome, text string, exemptions []string, publicInterest string) string {
	norm := func(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")) }
	ex := slices.Clone(exemptions)
	slices.Sort(ex)
	b, _ := json.Marshal([]any{outcome, norm(text), ex, norm(publicInterest)})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

// PartFingerprint is the Fingerprint of a part's stored answer.
func PartFingerprint(p foi.Part) string {
	return Fingerprint(p.Outcome, p.Answer, p.Exemptions, p.PublicInterest)
}

// AnswerPart records the answer to one part. It checks the outcome and the
// exemptions against the request's regime: withholding needs an exemption,
// a qualified exemption needs the public-interest reasoning, and an answer
// that gives everything cites none.
func (s *Service) AnswerPart(ctx context.Context, actor *foi.User, ref foi.Reference, number int, a Answer) (*foi.Request, error) {
	if err := requireCaseworker(actor); err != nil {
		return nil, err
	}
	var r *foi.Request
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		var err error
		if r, err = tx.FindRequest(ctx, ref); err != nil {
			return err
		}
		if !r.Status.Open() && r.Status != foi.StatusInReview {
			return foi.Errorf(foi.ECONFLICT, "%s is %s: answers can be changed only while it is open or in review", r.Reference, r.Status)
		}
		i := slices.IndexFunc(r.Parts, func(p foi.Part) bool { return p.Number == number })
		if i < 0 {
			return foi.Errorf(foi.ENOTFOUND, "%s has no part %d (it has %d)", r.Reference, number, len(r.Parts))
		}
		before := r.Parts[i]
		if a.Unchanged != "" && a.Unchanged != PartFingerprint(before) {
			return foi.Errorf(foi.ECONFLICT, "part %d: %s saved a different answer after you opened this page. Your words are kept in the box: save again to put yours in place of theirs, or reload the page to see theirs", number, lastAnswerer(ctx, tx, r.ID, number))
		}
		after, err := checkAnswer(r.Regime, before, a)
		if err != nil {
			return err
		}
		after.CopiedFrom = "" // a copied draft is reviewed once its outcome is recorded
		r.Parts[i] = after
		r.Outcome = overallOutcome(r.Parts)
		if err := tx.UpdateRequest(ctx, r); err != nil {
			return err
		}
		if err := tx.AddEvent(ctx, &foi.Event{
			RequestID: r.ID, Type: foi.EventPartAnswered, ActorID: actor.ID, Actor: actor.Name,
			Note:   fmt.Sprintf("part %d: %s", number, after.Outcome.Title()),
			Before: answerJSON(before), After: answerJSON(after),
		}); err != nil {
			return err
		}
		// The answers and the request text are what the disclosure log
		// will publish: inspect what changed (texts are quick to check).
		items, err := s.publishedItems(ctx, tx, r)
		if err != nil {
			return err
		}
		return s.inspectNow(ctx, tx, r, items, actor.ID, actor.Name)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// lastAnswerer names who last saved a part's answer, for a conflict.
func lastAnswerer(ctx context.Context, tx foi.Tx, requestID int64, number int) string {
	events, err := tx.FindEvents(ctx, requestID)
	if err != nil {
		return "Someone else"
	}
	prefix := fmt.Sprintf("part %d:", number)
	for i := len(events) - 1; i >= 0; i-- {
		if e := events[i]; e.Type == foi.EventPartAnswered && strings.HasPrefix(e.Note, prefix) && e.Actor != "" {
			return e.Actor
		}
	}
	return "Someone else"
}

// checkAnswer validates an answer for a part under a regime and returns
// the part with the answer applied, exemption codes normalised.
func checkAnswer(regime foi.Regime, p foi.Part, a Answer) (foi.Part, error) {
	if a.Outcome == "" {
		return p, foi.Errorf(foi.EINVALID, "part %d: outcome is required", p.Number)
	}
	if _, err := foi.ParseOutcome(string(a.Outcome)); err != nil {
		return p, foi.Errorf(foi.EINVALID, "part %d: %s", p.Number, foi.ErrorMessage(err))
	}
	var codes []string
	qualified := false
	for _, c := range a.Exemptions {
		e, err := foi.LookupExemption(regime, c)
		if err != nil {
			return p, foi.Errorf(foi.EINVALID, "part %d: %s", p.Number, foi.ErrorMessage(err))
		}
		if !slices.Contains(codes, e.Code) {
			codes = append(codes, e.Code)
		}
		qualified = qualified || e.NeedsPublicInterestTest()
	}
	switch {
	case a.Outcome.NeedsExemption() && len(codes) == 0:
		return p, foi.Errorf(foi.EINVALID, "part %d: %q needs the exemption relied on (FOIA s.17(1))", p.Number, a.Outcome)
	case !a.Outcome.NeedsExemption() && len(codes) > 0:
		return p, foi.Errorf(foi.EINVALID, "part %d: exemptions apply only when information is withheld or neither confirmed nor denied, not to %q", p.Number, a.Outcome)
	case qualified && strings.TrimSpace(a.PublicInterest) == "":
		return p, foi.Errorf(foi.EINVALID, "part %d: %s is qualified: record the public-interest reasoning (FOIA s.2(2)(b), s.17(3))", p.Number, strings.Join(codes, ", "))
	case a.Outcome == foi.Granted && strings.TrimSpace(a.Text) == "":
		return p, foi.Errorf(foi.EINVALID, "part %d: a granted part needs its answer", p.Number)
	}
	p.Answer = strings.TrimSpace(a.Text)
	p.Outcome = a.Outcome
	p.Exemptions = codes
	p.PublicInterest = strings.TrimSpace(a.PublicInterest)
	return p, nil
}

// overallOutcome rolls the parts up once every part has an outcome.
func overallOutcome(parts []foi.Part) foi.Outcome {
	outcomes := make([]foi.Outcome, len(parts))
	for i, p := range parts {
		outcomes[i] = p.Outcome
	}
	return foi.RollUp(outcomes)
}

func answerJSON(p foi.Part) string {
	b, _ := json.Marshal(map[string]any{
		"answer": p.Answer, "outcome": p.Outcome, "exemptions": p.Exemptions, "public_interest": p.PublicInterest,
	})
	return string(b)
}

// requireCaseworker allows officers, reviewers and admins.
func requireCaseworker(u *foi.User) error {
	if u == nil || u.Disabled {
		return foi.Errorf(foi.EUNAUTH, "sign in to work on requests")
	}
	if !isStaff(u) {
		return foi.Errorf(foi.EFORBIDDEN, "a %s may not change requests", u.Role)
	}
	return nil
}
