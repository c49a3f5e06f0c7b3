// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"errors"
	"fmt"
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"disclose/internal/audit"
	"disclose/internal/foi"
)

// Retention: FOI case files have no statutory retention period; it is set
// by the authority's schedule under the s.46 Records Management Code. The
// default — three years after closure, six if the case was reviewed or went
// to the regulator — is our reading of published practice
// (docs/statutory-rules.md §11), not a published standard; both numbers are
// settings. What is removed is the requester's personal data; the case,
// its answers, its published entry and the statistics stay.
const (
	SettingRetentionYears          = "retention_years"
	SettingRetentionEscalatedYears = "retention_escalated_years"
	removedMarker                  = "[removed under the retention schedule]"
)

// RetentionPolicy is how long requester details are kept after closure.
type RetentionPolicy struct {
	Years          int // after closure
	EscalatedYears int // after closure, when reviewed or taken to the regulator
}

// RetentionPolicy reads the schedule from the settings.
func (s *Service) RetentionPolicy(ctx context.Context) (RetentionPolicy, error) {
	p := RetentionPolicy{Years: 3, EscalatedYears: 6}
	for key, dst := range map[string]*int{SettingRetentionYears: &p.Years, SettingRetentionEscalatedYears: &p.EscalatedYears} {
		v, err := s.Store.FindSetting(ctx, key)
		if foi.IsNotFound(err) || strings.TrimSpace(v) == "" {
			continue
		} else if err != nil {
			return p, err
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 1 || n > 100 {
			return p, foi.Errorf(foi.EINVALID, "setting %s = %q is not a number of years", key, v)
		}
		*dst = n
	}
	return p, nil
}

// RetentionAction is one case whose requester details are due for removal.
type RetentionAction struct {
	foi.RetentionCandidate
	DueOn  time.Time // when the schedule reached it
	Reason string
}

// RetentionDue lists the cases whose requester details the schedule says
// should be removed on asOf.
func (s *Service) RetentionDue(ctx context.Context, asOf time.Time) ([]RetentionAction, error) {
	p, err := s.RetentionPolicy(ctx)
	if err != nil {
		return nil, err
	}
	candidates, err := s.Store.FindRetentionCandidates(ctx)
	if err != nil {
		return nil, err
	}
	var out []RetentionAction
	for _, c := range candidates {
		years, why := p.Years, "closed"
		if c.Escalated {
			years, why = p.EscalatedYears, "closed after an internal review or a regulator case"
		}
		due := c.LastActivity.AddDate(years, 0, 0)
		if due.After(asOf) {
			continue
		}
		out = append(out, RetentionAction{RetentionCandidate: c, DueOn: due,
			Reason: fmt.Sprintf("retention schedule: %d years after the case %s (last activity %s)", years, why, foi.FormatDate(c.LastActivity))})
	}
	return out, nil
}

// Anonymise removes the requester's personal data from one case and from
// everything kept with it: their details and mentions of them in the
// request and answers; letters (addressee, salutation, mentions); received
// emails (the raw message, which held any files they sent, and the parsed
// sender and text); emails sent to them (recipient, mentions); their
// tracking links (revoked); files on the case that came by email or
// are named after them, unless marked for release; and mentions in the
// case's audit events, which keep their place in the audit chain. It records what was
// removed and why in the audit trail, in the same transaction. The
// published entry never held requester data and is left as it is, as are
// the statistics.
func (s *Service) Anonymise(ctx context.Context, a RetentionAction) ([]string, error) {
	return s.anonymise(ctx, a, false)
}

// AnonymisePreview says what Anonymise would remove, changing nothing: it
// runs the same transaction and rolls it back.
func (s *Service) AnonymisePreview(ctx context.Context, a RetentionAction) ([]string, error) {
	return s.anonymise(ctx, a, true)
}

var errPreview = errors.New("retention preview: rolled back")

func (s *Service) anonymise(ctx context.Context, a RetentionAction, preview bool) ([]string, error) {
	var removed []string
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		r, err := tx.FindRequestByID(ctx, a.RequestID)
		if err != nil {
			return err
		}
		sc := newScrubber(r.Requester)
		removed = sc.requester(r)
		more, err := sc.caseRecords(ctx, tx, r)
		if err != nil {
			return err
		}
		removed = append(removed, more...)
		events, err := sc.events(ctx, tx, r)
		if err != nil {
			return err
		}
		if len(events) > 0 {
			removed = append(removed, fmt.Sprintf("%d audit event(s): mentions in their notes and changes", len(events)))
		}
		if len(removed) == 0 {
			removed = []string{"nothing left to remove"}
		}
		if err := tx.UpdateRequest(ctx, r); err != nil {
			return err
		}
		done := &foi.Event{RequestID: r.ID, Type: foi.EventAnonymised, On: s.today(), Actor: "retention",
			Note: fmt.Sprintf("removed: %s. %s", strings.Join(removed, "; "), a.Reason)}
		var ids []int64
		for _, e := range events {
			ids = append(ids, e.ID)
		}
		if len(ids) > 0 {
			// The audit chain keeps each event's digest of what it said;
			// this event lists the ones rewritten, so verifying the chain
			// tells a removal under the schedule from an edit (internal/audit).
			done.After = audit.RedactionAfter(ids)
		}
		if err := tx.AddEvent(ctx, done); err != nil {
			return err
		}
		for _, e := range events {
			if err := tx.RedactEvent(ctx, e, done.ID); err != nil {
				return err
			}
		}
		if preview {
			return errPreview
		}
		return nil
	})
	if preview && errors.Is(err, errPreview) {
		err = nil
	}
	return removed, err
}

// scrubber replaces the requester's details wherever they are mentioned.
type scrubber struct {
	q        foi.Requester
	fields   []string // which details there were: "name", "email address"...
	patterns []*regexp.Regexp
	mentions int
}

func newScrubber(q foi.Requester) *scrubber {
	sc := &scrubber{q: q}
	var needles []string
	for _, f := range []struct {
		name, value string
	}{{"name", q.Name}, {"email address", q.Email}, {"postal address", q.Address}, {"phone number", q.Phone}} {
		if v := strings.TrimSpace(f.value); v != "" && v != removedMarker && v != foi.ImportedRequesterName {
			sc.fields = append(sc.fields, f.name)
			needles = append(needles, v)
		}
	}
	// Each line of a postal address is searched for on its own: letters
	// write addresses across lines.
	for _, line := range strings.Split(q.Address, "\n") {
		if line = strings.TrimSpace(line); len(line) >= 4 {
			needles = append(needles, line)
		}
	}
	// HTML bodies write some characters as entities ("O&#39;Brien").
	for _, n := range needles {
		if e := html.EscapeString(n); e != n {
			needles = append(needles, e)
		}
	}
	for _, n := range needles {
		sc.patterns = append(sc.patterns, regexp.MustCompile(`(?i)`+regexp.QuoteMeta(n)))
	}
	return sc
}

// scrub replaces the mentions in *s and counts them.
func (sc *scrubber) scrub(s *string) int {
	n := 0
	for _, re := range sc.patterns {
		k := len(re.FindAllStringIndex(*s, -1))
		if k > 0 {
			*s = re.ReplaceAllString(*s, "[removed]")
			n += k
		}
	}
	sc.mentions += n
	return n
}

// requester removes the requester's details from r and their mentions
// from its texts, and says what it removed (never the data itself).
func (sc *scrubber) requester(r *foi.Request) []string {
	removed := slices.Clone(sc.fields)
	before := sc.mentions
	sc.scrub(&r.Text)
	sc.scrub(&r.Preamble)
	for i := range r.Parts {
		sc.scrub(&r.Parts[i].Text)
		sc.scrub(&r.Parts[i].Answer)
	}
	if n := sc.mentions - before; n > 0 {
		removed = append(removed, fmt.Sprintf("%d mention(s) in the request and answers", n))
	}
	if len(removed) > 0 {
		r.Requester = foi.Requester{Name: removedMarker}
	}
	return removed
}

// events scrubs the requester's details from the notes and recorded
// changes of the case's audit events, and returns those it changed.
func (sc *scrubber) events(ctx context.Context, tx foi.Tx, r *foi.Request) ([]*foi.Event, error) {
	all, err := tx.FindEvents(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	var changed []*foi.Event
	for _, e := range all {
		if e.Type == foi.EventAnonymised {
			continue // holds no personal data, and records earlier removals
		}
		if sc.scrub(&e.Note)+sc.scrub(&e.Before)+sc.scrub(&e.After) > 0 {
			changed = append(changed, e)
		}
	}
	return changed, nil
}

// caseRecords removes the requester's data from what is kept with the
// case, and says what, by category.
func (sc *scrubber) caseRecords(ctx context.Context, tx foi.Tx, r *foi.Request) ([]string, error) {
	var removed []string
	count := func(n int, what string) {
		if n > 0 {
			removed = append(removed, fmt.Sprintf("%d %s", n, what))
		}
	}
	// Letters: the addressee, the salutation and any mention.
	letters, err := tx.FindLetters(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	n := 0
	for _, l := range letters {
		if sc.scrub(&l.Body) > 0 {
			if err := tx.UpdateLetter(ctx, l); err != nil {
				return nil, err
			}
			n++
		}
	}
	count(n, "letter(s): addressee, salutation and mentions")

	// Received emails: the raw message goes (it held the sender's headers,
	// signature and any files), the row stays with its parsed text scrubbed.
	inbound, err := tx.FindInboundMessages(ctx, foi.InboundFilter{RequestID: r.ID, Limit: 10000})
	if err != nil {
		return nil, err
	}
	files := 0
	for _, m := range inbound {
		files += len(m.Attachments)
		m.Raw = []byte("X-Disclose-Retention: removed\r\n\r\n" + removedMarker + "\r\n")
		m.EnvelopeFrom, m.FromName, m.FromEmail = "", removedMarker, ""
		sc.scrub(&m.Subject)
		sc.scrub(&m.Text)
		sc.scrub(&m.Note)
		if len(m.Attachments) > 0 {
			m.Note = strings.TrimSpace(m.Note + fmt.Sprintf("\n%d attached file(s) removed with the raw message under the retention schedule", len(m.Attachments)))
			m.Attachments = nil
		}
		if err := tx.RedactInbound(ctx, m); err != nil {
			return nil, err
		}
	}
	count(len(inbound), "received email(s): raw message, sender and mentions")
	count(files, "file(s) attached to received emails")

	// Emails sent to the requester: the recipient and any mention.
	sent, err := tx.FindMessages(ctx, foi.OutboxFilter{RequestID: r.ID, Limit: 10000})
	if err != nil {
		return nil, err
	}
	n = 0
	for _, m := range sent {
		k := sc.scrub(&m.To) + sc.scrub(&m.Subject) + sc.scrub(&m.Text) + sc.scrub(&m.HTML)
		if k == 0 {
			continue
		}
		if strings.Contains(m.To, "[removed]") {
			m.To = removedMarker
		}
		if err := tx.RedactMessage(ctx, m); err != nil {
			return nil, err
		}
		n++
	}
	count(n, "sent email(s): recipient and mentions")

	// The redaction log keeps the words redacted, for staff: the
	// requester's details go from them too (and from the request text's
	// redactions in the same way as from the text, so they still match).
	reds, err := tx.FindRedactions(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	n = 0
	for _, x := range reds {
		if sc.scrub(&x.Original) > 0 {
			x.Masked = strings.ReplaceAll(maskPhrase(x.Original), maskPhrase("[removed]"), "[removed]")
			if err := tx.UpdateRedaction(ctx, x); err != nil {
				return nil, err
			}
			n++
		}
	}
	count(n, "redaction log entr(ies): the words redacted")

	// Tracking links let the requester follow the case: none should work
	// once their details are gone.
	revoked, err := tx.RevokeTrackingTokens(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	count(revoked, "tracking link(s) revoked")

	// Files on the case that came from the requester (by email) or are
	// named after them, unless released (those are part of the answer).
	atts, err := tx.FindAttachments(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	n = 0
	for _, a := range atts {
		name := a.Name
		if a.Release || (a.InboundID == 0 && a.UploadedBy != emailActor && sc.scrub(&name) == 0) {
			continue
		}
		if err := tx.DeleteAttachment(ctx, a.ID); err != nil {
			return nil, err
		}
		n++
	}
	count(n, "file(s) from the requester deleted")
	return removed, nil
}
