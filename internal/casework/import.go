package casework

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"disclose/internal/foi"
)

// ImportCase is one case from an older disclosure log or an export: the
// request (with its reference) and, when it was published, its entry.
type ImportCase struct {
	Line        int // where it came from, for messages
	Request     *foi.Request
	Publication *foi.Publication // nil when not published; UnpublishedAt set when taken down
}

// ImportResult says what importing one case did.
type ImportResult string

const (
	ImportCreated   ImportResult = "created"
	ImportUpdated   ImportResult = "updated"
	ImportUnchanged ImportResult = "unchanged"
	ImportRefused   ImportResult = "refused"
)

// ImportOutcome is the result for one case; Err is set when refused.
type ImportOutcome struct {
	Line   int
	Result ImportResult
	Err    error
}

// ImportCases stores a batch of cases in one transaction, idempotently by
// reference:
//   - a new reference becomes a case (responded unless the file says
//     otherwise) and, when published, a log entry, audited as imported;
//   - a reference already here with the same content is left alone, so
//     importing a file twice changes nothing;
//   - a reference that came from an earlier import with different content
//     is updated to the file's (a corrected log);
//   - a reference that is live casework here and differs is refused:
//     an import never overwrites casework.
//
// A refused case imports nothing of itself and the others go on. Only a
// failure of the database itself fails the batch, which then stores
// nothing.
func (s *Service) ImportCases(ctx context.Context, actor *foi.User, cases []ImportCase) ([]ImportOutcome, error) {
	if err := requireImporter(actor); err != nil {
		return nil, err
	}
	out := make([]ImportOutcome, len(cases))
	// Cases are stored in the log's order (publication date, then
	// reference), whatever the file's order: a search index takes entries
	// in its own order far faster than out of it (FTS5 writes its pending
	// data out whenever an entry comes before the previous one).
	order := make([]int, len(cases))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return logOrder(cases[order[a]]) < logOrder(cases[order[b]]) })
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		var fresh []foi.ImportedCase // new cases, stored together at the end
		first := map[int]int{}       // reference number -> line, within the batch
		// One question for the batch instead of a lookup per case: most
		// references in a historical log are new.
		var numbers []int
		for _, c := range cases {
			if c.Request != nil {
				numbers = append(numbers, c.Request.Reference.Number)
			}
		}
		stored, err := tx.StoredReferences(ctx, numbers)
		if err != nil {
			return err
		}
		for _, i := range order {
			c := cases[i]
			out[i] = ImportOutcome{Line: c.Line}
			if c.Request != nil {
				if line, dup := first[c.Request.Reference.Number]; dup {
					out[i].Result = ImportRefused
					out[i].Err = foi.Errorf(foi.EINVALID, "%s is also at line %d: a reference may appear once", c.Request.Reference, line)
					continue
				}
				first[c.Request.Reference.Number] = c.Line
			}
			res, err := importOne(ctx, tx, actor, c, stored, &fresh)
			out[i].Result = res
			if foi.ErrorCode(err) == foi.EINTERNAL {
				return err
			}
			if err != nil {
				out[i].Result, out[i].Err = ImportRefused, err
			}
		}
		if err := tx.CreateImported(ctx, fresh); err != nil {
			return fmt.Errorf("storing the batch's new cases: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// IndexImported makes the entries ImportCases stored findable by search;
// an import calls it once its last batch is in (see
// foi.Store.IndexImported). It returns how many entries it indexed.
func (s *Service) IndexImported(ctx context.Context, actor *foi.User) (int, error) {
	if err := requireImporter(actor); err != nil {
		return 0, err
	}
	return s.Store.IndexImported(ctx)
}

// requireImporter lets only an administrator import a log.
func requireImporter(actor *foi.User) error {
	if actor == nil || actor.Role != foi.RoleAdmin {
		return foi.Errorf(foi.EFORBIDDEN, "only an administrator may import a disclosure log")
	}
	return nil
}

// logOrder is a case's place in the log: "YYYY-MM-DD" and the reference
// number, as sortable text; unpublished cases first.
func logOrder(c ImportCase) string {
	if c.Publication == nil || c.Request == nil {
		return ""
	}
	return fmt.Sprintf("%s %012d", foi.FormatDate(c.Publication.PublishedOn), c.Request.Reference.Number)
}

func importOne(ctx context.Context, tx foi.Tx, actor *foi.User, c ImportCase, stored map[int]bool, fresh *[]foi.ImportedCase) (ImportResult, error) {
	r, p := c.Request, c.Publication
	if r == nil || r.Reference.IsZero() {
		return "", foi.Errorf(foi.EINVALID, "an imported case needs its reference")
	}
	if _, err := foi.ParseStatus(string(r.Status)); err != nil {
		return "", err
	}
	if r.ReceivedAt.IsZero() && !r.ReceivedOn.IsZero() {
		r.ReceivedAt = dayStart(r.ReceivedOn) // a log file records only the day
	}
	if p != nil && !slices.Contains(publishable, r.Status) {
		return "", foi.Errorf(foi.EINVALID, "%s is %s: only a request whose response was sent can be in the log", r.Reference, r.Status)
	}
	var old *foi.Request
	var err error = foi.Errorf(foi.ENOTFOUND, "%s is new", r.Reference)
	if stored[r.Reference.Number] {
		old, err = tx.FindRequest(ctx, r.Reference)
	}
	switch {
	case foi.IsNotFound(err):
		if err := r.Validate(); err != nil {
			return "", err
		}
		if p != nil {
			check := *p
			check.RequestID, check.Reference = 1, r.Reference
			if err := check.Validate(); err != nil {
				return "", err
			}
		}
		*fresh = append(*fresh, foi.ImportedCase{Request: r, Publication: p, Event: &foi.Event{
			Type: foi.EventImported, On: r.ReceivedOn, ActorID: actor.ID, Actor: actor.Name,
			Note: "imported from a disclosure log file"}})
		return ImportCreated, nil
	case err != nil:
		return "", err
	}
	var oldPub *foi.Publication
	if oldPub, err = tx.FindPublication(ctx, old.Reference); err != nil && !foi.IsNotFound(err) {
		return "", err
	}
	if sameCase(old, r) && samePublication(oldPub, p) {
		return ImportUnchanged, nil
	}
	if old.Requester.Name != foi.ImportedRequesterName {
		return "", foi.Errorf(foi.ECONFLICT, "%s is a case in this database and differs from the file: an import never overwrites casework", old.Reference)
	}
	if oldPub != nil && p == nil {
		return "", foi.Errorf(foi.ECONFLICT, "%s is in the log here but not published in the file: unpublish it instead", old.Reference)
	}
	r.ID, r.Version, r.Requester = old.ID, old.Version, old.Requester
	if err := tx.UpdateRequest(ctx, r); err != nil {
		return "", err
	}
	if err := savePublished(ctx, tx, r, p); err != nil {
		return "", err
	}
	return ImportUpdated, tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: foi.EventImported,
		ActorID: actor.ID, Actor: actor.Name, Note: "updated from a disclosure log file"})
}

// savePublished stores the entry of an imported case, taken down again when
// the file says it was unpublished.
func savePublished(ctx context.Context, tx foi.Tx, r *foi.Request, p *foi.Publication) error {
	if p == nil {
		return nil
	}
	down := !p.Public()
	p.RequestID, p.Reference = r.ID, r.Reference
	if err := p.Validate(); err != nil {
		return err
	}
	if err := tx.SavePublication(ctx, p); err != nil {
		return err
	}
	if down {
		return tx.UnpublishPublication(ctx, r.ID)
	}
	return nil
}

// sameCase compares what a log file carries of a case. The requester is
// compared only when the file has one.
func sameCase(a, b *foi.Request) bool {
	if b.Requester.Name != foi.ImportedRequesterName && a.Requester != b.Requester {
		return false
	}
	return a.Reference == b.Reference && a.Regime == b.Regime && a.Channel == b.Channel &&
		a.ReceivedOn.Equal(b.ReceivedOn) && a.RespondedOn.Equal(b.RespondedOn) && a.DueOn.Equal(b.DueOn) &&
		a.Text == b.Text && a.Status == b.Status && a.Outcome == b.Outcome &&
		fmt.Sprint(a.Parts) == fmt.Sprint(b.Parts)
}

func samePublication(a, b *foi.Publication) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Title == b.Title && a.Category == b.Category && a.Summary == b.Summary &&
		a.PublishedOn.Equal(b.PublishedOn) && a.Response == b.Response && a.Request == b.Request &&
		a.Public() == b.Public() && fmt.Sprint(a.Parts) == fmt.Sprint(b.Parts)
}
