package casework

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"disclose/internal/foi"
)

// Retention: FOI case files have no statutory retention period; it is set
// by the authority's schedule under the s.46 Records Management Code. The
// default — three years after closure, six if the case was reviewed or went
// to the regulator — follows the practice the rules digest found
// (foi-rules.md §7, a synthesis, not a published standard); both numbers are
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

// Anonymise removes the requester's personal data from one case: their
// details, and mentions of them in the request's own text. It records what
// was removed and why in the audit trail, in the same transaction. The
// published entry never held requester data and is left as it is.
func (s *Service) Anonymise(ctx context.Context, a RetentionAction) ([]string, error) {
	var removed []string
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		r, err := tx.FindRequestByID(ctx, a.RequestID)
		if err != nil {
			return err
		}
		if removed = scrubRequester(r); len(removed) == 0 {
			removed = []string{"nothing left to remove"}
		}
		if err := tx.UpdateRequest(ctx, r); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: foi.EventAnonymised, On: s.today(), Actor: "retention",
			Note: fmt.Sprintf("removed: %s. %s", strings.Join(removed, "; "), a.Reason)})
	})
	return removed, err
}

// scrubRequester removes the requester's details from r and their mentions
// from its texts, and says what it removed (never the data itself).
func scrubRequester(r *foi.Request) []string {
	q := r.Requester
	var removed []string
	var needles []string
	for _, f := range []struct {
		name, value string
	}{{"name", q.Name}, {"email address", q.Email}, {"postal address", q.Address}, {"phone number", q.Phone}} {
		if v := strings.TrimSpace(f.value); v != "" && v != removedMarker && v != foi.ImportedRequesterName {
			removed = append(removed, f.name)
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
	mentions := 0
	scrub := func(s *string) {
		for _, n := range needles {
			re := regexp.MustCompile(`(?i)` + regexp.QuoteMeta(n))
			mentions += len(re.FindAllStringIndex(*s, -1))
			*s = re.ReplaceAllString(*s, "[removed]")
		}
	}
	scrub(&r.Text)
	scrub(&r.Preamble)
	for i := range r.Parts {
		scrub(&r.Parts[i].Text)
		scrub(&r.Parts[i].Answer)
	}
	if mentions > 0 {
		removed = append(removed, fmt.Sprintf("%d mention(s) in the request and answers", mentions))
	}
	if len(removed) > 0 {
		r.Requester = foi.Requester{Name: removedMarker}
	}
	return removed
}
