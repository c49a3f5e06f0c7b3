// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"disclose/internal/foi"
)

// ImportCase is one case from an older disclosure log or an export: the
// request (with its reference) and, when it was published, its entry.
type ImportCase struct {
	Line        int // where it came from, for messages
	Request     *foi.Request
	Publication *foi.Publication // nil when not published; UnpublishedAt set when taken down

	// check is what the publication gate found, when CheckImports ran
	// ahead (beside the previous batch's writes); ImportCases inspects
	// again whatever it does not cover as it stands.
	check *importCheck
}

// CheckImports runs the publication gate's inspections over cases ahead
// of ImportCases, which then only records what they found: an import
// calls it while the previous batch is being written, so the two use both
// cores. Calling it is never required.
func (s *Service) CheckImports(ctx context.Context, cases []ImportCase) error {
	checks, err := s.checkImports(ctx, cases)
	if err != nil {
		return err
	}
	for i := range cases {
		c := checks[i]
		cases[i].check = &c
	}
	return nil
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
	Line      int
	Reference foi.Reference
	Result    ImportResult
	Err       error
	// Findings are what the publication gate found in the entry's public
	// fields; Held says they kept it out of the public log (it is stored,
	// unpublished, with the findings open on its case for staff to clear).
	Findings []Held
	Held     bool
}

// ImportOptions are the operator's decisions for one import.
type ImportOptions struct {
	// PublishUnchecked publishes entries the gate found something in, as
	// the file says, instead of holding them back: each such finding is
	// recorded on its case as overridden by the importer, and the case's
	// audit trail says so.
	PublishUnchecked bool
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
// Every entry the file publishes passes the publication gate (see
// gate.go): one with a finding in any public field is stored unpublished,
// its findings open on the case, unless opt.PublishUnchecked.
//
// A refused case imports nothing of itself and the others go on. Only a
// failure of the database itself fails the batch, which then stores
// nothing.
func (s *Service) ImportCases(ctx context.Context, actor *foi.User, cases []ImportCase, opt ImportOptions) ([]ImportOutcome, error) {
	if err := requireImporter(actor); err != nil {
		return nil, err
	}
	// The gate's inspections: those CheckImports made of each case as it
	// stands now, else made here.
	checks := make([]importCheck, len(cases))
	var todo []ImportCase
	var at []int
	for i, c := range cases {
		if c.check != nil && c.Request != nil && c.check.covers(c.Publication) {
			checks[i] = *c.check
			continue
		}
		todo, at = append(todo, c), append(at, i)
	}
	if len(todo) > 0 {
		done, err := s.checkImports(ctx, todo)
		if err != nil {
			return nil, err
		}
		for k, i := range at {
			checks[i] = done[k]
		}
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
		var freshAt []int            // the index in cases of each
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
				out[i].Reference = c.Request.Reference
			}
			if c.Request != nil {
				if line, dup := first[c.Request.Reference.Number]; dup {
					out[i].Result = ImportRefused
					out[i].Err = foi.Errorf(foi.EINVALID, "%s is also at line %d: a reference may appear once", c.Request.Reference, line)
					continue
				}
				first[c.Request.Reference.Number] = c.Line
			}
			n := len(fresh)
			res, err := s.importOne(ctx, tx, actor, c, checks[i], opt, stored, &fresh, &out[i])
			if len(fresh) > n {
				freshAt = append(freshAt, i)
			}
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
		// The new cases the gate found something in get their findings,
		// now that they have ids.
		for k, i := range freshAt {
			if len(checks[i].results) == 0 {
				continue
			}
			r := fresh[k].Request
			if err := s.recordInspections(ctx, tx, r, checks[i].results, actor.ID, actor.Name); err != nil {
				return err
			}
			if opt.PublishUnchecked {
				open, err := openFindings(ctx, tx, r, publicItems(fresh[k].Publication, checks[i].opts))
				if err != nil {
					return err
				}
				if err := s.overrideUnchecked(ctx, tx, actor, r, open); err != nil {
					return err
				}
			}
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
	n, err := s.Store.IndexImported(ctx)
	if err != nil {
		return n, err
	}
	// The imported cases' questions, for asked-before matches.
	_, err = s.IndexQuestions(ctx)
	return n, err
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

// importOne imports one case; out gets what the gate found.
func (s *Service) importOne(ctx context.Context, tx foi.Tx, actor *foi.User, c ImportCase, check importCheck, opt ImportOptions,
	stored map[int]bool, fresh *[]foi.ImportedCase, out *ImportOutcome) (ImportResult, error) {
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
	for _, d := range []struct {
		name string
		on   time.Time
	}{{"received_on", r.ReceivedOn}, {"responded_on", r.RespondedOn}} {
		if err := foi.CheckHistoricalDate(d.name, d.on, s.today()); err != nil {
			return "", err
		}
	}
	if p != nil {
		if err := foi.CheckHistoricalDate("published_on", p.PublishedOn, s.today()); err != nil {
			return "", err
		}
		page, err := foi.CheckWDTKPage(p.WDTKPage, r.Channel) // as Publish checks it
		if err != nil {
			return "", err
		}
		p.WDTKPage = page
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
		note := "imported from a disclosure log file"
		if len(check.held) > 0 {
			out.Findings = check.held
			if !opt.PublishUnchecked {
				out.Held = true
				p.UnpublishedAt = s.Now().UTC() // held back: the store sets the instant
				note += heldNote(len(check.held))
			} else {
				note += uncheckedNote(len(check.held))
			}
		}
		*fresh = append(*fresh, foi.ImportedCase{Request: r, Publication: p, Event: &foi.Event{
			Type: foi.EventImported, On: r.ReceivedOn, ActorID: actor.ID, Actor: actor.Name, Note: note}})
		return ImportCreated, nil
	case err != nil:
		return "", err
	}
	var oldPub *foi.Publication
	if oldPub, err = tx.FindPublication(ctx, old.Reference); err != nil && !foi.IsNotFound(err) {
		return "", err
	}
	if p != nil {
		// The case's redactions apply to the file's copy of its texts too,
		// and it is that copy the gate checks (again) and the log shows.
		reds, err := tx.FindRedactions(ctx, old.ID)
		if err != nil {
			return "", err
		}
		if len(reds) > 0 {
			redactCopy(p, reds)
			check, err = s.checkImport(ctx, tx, c.Request, p, check.opts)
			if err != nil {
				return "", err
			}
		}
	}
	if sameCase(old, r) && samePublication(oldPub, p) {
		return ImportUnchanged, nil
	}
	// An entry the gate held back at an earlier import, unchanged since.
	heldBefore := p != nil && p.Public() && oldPub != nil && !oldPub.Public() && sameCase(old, r) && sameContent(oldPub, p)
	imported := old.Requester.Name == foi.ImportedRequesterName
	if !imported && !heldBefore {
		return "", foi.Errorf(foi.ECONFLICT, "%s is a case in this database and differs from the file: an import never overwrites casework", old.Reference)
	}
	if oldPub != nil && p == nil {
		return "", foi.Errorf(foi.ECONFLICT, "%s is in the log here but not published in the file: unpublish it instead", old.Reference)
	}
	r.ID, r.Version, r.Requester = old.ID, old.Version, old.Requester
	held := false
	if p != nil && p.Public() {
		// The gate, as for publishing: the findings are recorded, and any
		// still open (not overridden since an earlier import) hold it.
		if err := s.recordInspections(ctx, tx, r, check.results, actor.ID, actor.Name); err != nil {
			return "", err
		}
		open, err := openFindings(ctx, tx, r, publicItems(p, check.opts))
		if err != nil {
			return "", err
		}
		for _, f := range open {
			h, err := heldOf(ctx, tx, f)
			if err != nil {
				return "", err
			}
			out.Findings = append(out.Findings, h)
		}
		if opt.PublishUnchecked {
			if err := s.overrideUnchecked(ctx, tx, actor, r, open); err != nil {
				return "", err
			}
			open = nil
		}
		if held = len(open) > 0; held {
			out.Held = true
			if heldBefore {
				return ImportUnchanged, nil // still held back, as before
			}
			p.UnpublishedAt = s.Now().UTC()
		} else if heldBefore && !imported && !opt.PublishUnchecked {
			// Cleared since, on a case with its requester: staff publish
			// it from the case page.
			return ImportUnchanged, nil
		}
	}
	if err := tx.UpdateRequest(ctx, r); err != nil {
		return "", err
	}
	if err := savePublished(ctx, tx, r, p); err != nil {
		return "", err
	}
	note := "updated from a disclosure log file"
	if held {
		note += heldNote(len(out.Findings))
	}
	return ImportUpdated, tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: foi.EventImported,
		ActorID: actor.ID, Actor: actor.Name, Note: note})
}

func heldNote(n int) string {
	return fmt.Sprintf("; held back from the disclosure log: the publication gate found %d thing(s) in what it would publish (see the disclosure checks; clear them and publish from the case page)", n)
}

func uncheckedNote(n int) string {
	return fmt.Sprintf("; published although the publication gate found %d thing(s): the operator imported with --publish-unchecked", n)
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
	return sameContent(a, b) && a.Public() == b.Public()
}

// sameContent compares what two copies of an entry show, public or not.
func sameContent(a, b *foi.Publication) bool {
	return a.Title == b.Title && a.Category == b.Category && a.Summary == b.Summary &&
		a.PublishedOn.Equal(b.PublishedOn) && a.Response == b.Response && a.Request == b.Request && a.WDTKPage == b.WDTKPage &&
		fmt.Sprint(a.Parts) == fmt.Sprint(b.Parts)
}

// ReserveReferences keeps live intake off the numbers an import brings:
// the reference sequence moves past through (the file's highest) before
// the import stores anything, so a request taken in meanwhile gets a
// number after it.
func (s *Service) ReserveReferences(ctx context.Context, actor *foi.User, through int) error {
	if err := requireImporter(actor); err != nil {
		return err
	}
	if through <= 0 {
		return nil
	}
	return s.Store.Update(ctx, func(tx foi.Tx) error { return tx.ReserveReferences(ctx, through) })
}
