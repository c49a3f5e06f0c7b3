// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"disclose/internal/foi"
	"disclose/internal/inspect"
)

// The publication gate (issue 13). Whatever the disclosure log shows of an
// entry — the request text, each question and answer, an imported
// response, the title, summary and category, and each published file's
// name and content — is listed by publicItems from the publication itself,
// as it will be stored, and inspected against the requester's details
// before it is stored as public. Every path that makes an entry public
// goes through it: publishing and republishing from the case page or the
// API (gatePublication, in the transaction that saves the entry) and
// `disclose import` (checkImported, whose findings keep an entry out of
// the log). Since what is checked is the copy that is saved, nothing can
// reach the public that the gate did not see.

// publicItems are the texts and files of p that the public will read,
// exactly as they will read them.
func publicItems(p *foi.Publication, opts inspect.Options) []releaseItem {
	items := []releaseItem{textItem(foi.SubjectRequest, "the request text", p.Request, opts)}
	if strings.TrimSpace(p.Response) != "" {
		items = append(items, textItem(foi.SubjectResponse, "the response", p.Response, opts))
	}
	for _, part := range p.Parts {
		items = append(items, textItem(foi.SubjectQuestion(part.Number), questionLabel(part.Number), part.Text, opts))
		if strings.TrimSpace(part.Answer) != "" {
			items = append(items, textItem(foi.SubjectPart(part.Number), partLabel(part.Number), part.Answer, opts))
		}
	}
	for _, f := range []struct{ subject, text string }{
		{foi.SubjectTitle, p.Title}, {foi.SubjectSummary, p.Summary}, {foi.SubjectCategory, p.Category},
	} {
		if strings.TrimSpace(f.text) != "" {
			items = append(items, textItem(f.subject, fieldLabel(f.subject), f.text, opts))
		}
	}
	for _, f := range p.Files {
		items = append(items, fileNameItem(f, opts), publishedFileItem(f, opts))
	}
	return items
}

// fileNameItem checks a published file's name. Names join words with
// underscores, dots and hyphens ("Sam_Researcher-letter.pdf"); the
// inspector's matching reads those as word breaks (internal/inspect,
// requester.go), so the name is inspected once, as written.
func fileNameItem(f foi.PublishedFile, opts inspect.Options) releaseItem {
	it := textItem(foi.SubjectFileName(f.ID), fileNameLabel(f.ID, f.Name), f.Name, opts)
	it.hash = sha([]byte(f.Name)) // the name is what the finding is about
	return it
}

// publishedFileItem checks a published file's content, by its hash: the
// same subject and hash as the attachment it was taken from, so a file
// inspected when it was marked for release is not read again.
func publishedFileItem(f foi.PublishedFile, opts inspect.Options) releaseItem {
	hash := f.Hash
	return releaseItem{subject: foi.SubjectAttachment(f.ID), label: f.Name, hash: hash, file: true, name: f.Name, opts: opts,
		data: func(ctx context.Context, rd foi.Reader) ([]byte, error) { return rd.FindBlob(ctx, hash) }}
}

// gatePublication is the publication gate for an entry about to be saved
// as public: p is inspected as it stands (what changed since its last
// inspection), the findings are recorded on the case, and the call is
// refused, naming every open finding, while any is open on p or on the
// extra items. It runs in the transaction that saves p.
func (s *Service) gatePublication(ctx context.Context, tx foi.Tx, r *foi.Request, p *foi.Publication, extra []releaseItem, actorID int64, actor, what string) error {
	items := append(publicItems(p, s.publicOptions(ctx, tx, r)), extra...)
	return s.blockRelease(ctx, tx, r, items, actorID, actor, what)
}

// Held is a finding that kept an imported entry out of the public log.
type Held struct {
	Field   string // what it was found in: "the title", "the question of part 2"
	Kind    string // "personal-data:email"
	Where   string
	Excerpt string // masked
}

func (h Held) String() string {
	s := h.Field + ": " + h.Kind + " at " + h.Where
	if h.Excerpt != "" {
		s += " [" + h.Excerpt + "]"
	}
	return s
}

// checkImported runs the gate's inspections over an imported entry, which
// has no case yet to record them on: the results are recorded once the
// case is stored (recordInspections), and any finding keeps the entry out
// of the log.
func checkImported(ctx context.Context, rd foi.Reader, p *foi.Publication, opts inspect.Options) ([]inspected, []Held, error) {
	items := publicItems(p, opts)
	var results []inspected
	var held []Held
	for _, it := range items {
		fs, err := it.inspect(ctx, rd)
		if err != nil {
			return nil, nil, err
		}
		if len(fs) == 0 {
			continue
		}
		results = append(results, inspected{it, fs})
		for _, f := range fs {
			held = append(held, Held{Field: it.label, Kind: f.Kind, Where: f.Where, Excerpt: f.Excerpt})
		}
	}
	return results, held, nil
}

// draftPublication is the entry as the log will show it if published now:
// the request text and each part's question with the redactions made in
// the request text (and in that question) applied — a redaction applies to
// every published copy of the text it was made in — each answer as stored
// (already redacted), an imported entry's response kept from its earlier
// copy with its redactions, and what the publisher gives.
func (s *Service) draftPublication(ctx context.Context, rd foi.Reader, r *foi.Request, in PublishInput, old *foi.Publication) (*foi.Publication, error) {
	reds, err := rd.FindRedactions(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	p := PublicationOf(r)
	p.Request = applyRedactions(r.Text, reds, foi.SubjectRequest)
	for i := range p.Parts {
		q := applyRedactions(p.Parts[i].Text, reds, foi.SubjectRequest)
		p.Parts[i].Text = applyRedactions(q, reds, foi.SubjectQuestion(p.Parts[i].Number))
	}
	if old != nil && len(r.Parts) == 0 {
		p.Response = applyRedactions(old.Response, reds, foi.SubjectResponse)
	}
	p.Title, p.Category, p.Summary = in.Title, in.Category, in.Summary
	if p.WDTKPage, err = foi.CheckWDTKPage(in.WDTKPage, r.Channel); err != nil {
		return nil, err
	}
	if p.Files, err = publishedFiles(ctx, rd, r, in.Files); err != nil {
		return nil, err
	}
	return p, nil
}

func questionLabel(n int) string { return fmt.Sprintf("the question of part %d", n) }

func fileNameLabel(id int64, name string) string {
	return fmt.Sprintf("the name of file %d (%s)", id, name)
}

func fieldLabel(subject string) string {
	switch subject {
	case foi.SubjectTitle:
		return "the title"
	case foi.SubjectSummary:
		return "the summary"
	case foi.SubjectCategory:
		return "the category"
	case foi.SubjectResponse:
		return "the response"
	}
	return subject
}

// publishInputSubjects are the subjects whose text the publisher types
// each time (not kept on the case): a finding on one is current while it
// was found in the latest text inspected.
func publishInputSubject(subject string) bool {
	switch subject {
	case foi.SubjectTitle, foi.SubjectSummary, foi.SubjectCategory:
		return true
	}
	return strings.HasPrefix(subject, "file-name:")
}

// publicSubject reports whether a subject is something the log publishes,
// so that an open finding on it blocks publishing.
func publicSubject(subject string) bool {
	if publishInputSubject(subject) || subject == foi.SubjectRequest || subject == foi.SubjectResponse {
		return true
	}
	for _, prefix := range []string{"part:", "question:", "attachment:"} {
		if strings.HasPrefix(subject, prefix) {
			return true
		}
	}
	return false
}

// importCheck is what the gate found in one imported entry, before the
// import's transaction.
type importCheck struct {
	opts    inspect.Options
	sum     uint64 // of what was checked (publicSum)
	results []inspected
	held    []Held
}

// publicSum is a digest of everything publicItems reads of p (keep the
// two in step), to tell whether p changed since it was checked; a fast
// hash, since it is taken twice for each entry of an import.
func publicSum(p *foi.Publication) uint64 {
	if p == nil || !p.Public() {
		return 0
	}
	var h maphash.Hash
	h.SetSeed(sumSeed)
	for _, s := range []string{p.Request, p.Response, p.Title, p.Summary, p.Category} {
		h.WriteString(s)
		h.WriteByte(0)
	}
	for _, part := range p.Parts {
		h.WriteString(strconv.Itoa(part.Number))
		h.WriteByte(0)
		h.WriteString(part.Text)
		h.WriteByte(0)
		h.WriteString(part.Answer)
		h.WriteByte(0)
	}
	for _, f := range p.Files {
		h.WriteString(strconv.FormatInt(f.ID, 10) + "\x00" + f.Name + "\x00" + f.Hash + "\x00")
	}
	return h.Sum64()
}

var sumSeed = maphash.MakeSeed()

// covers reports whether the check was made of p as it stands.
func (c *importCheck) covers(p *foi.Publication) bool { return c.sum == publicSum(p) }

// checkImports runs the gate's inspections over a batch of imported
// entries, on every core: it reads nothing but the FOI mailbox setting and
// the published files (which an imported entry has none of), so it runs
// before the batch's transaction.
func (s *Service) checkImports(ctx context.Context, cases []ImportCase) ([]importCheck, error) {
	base := s.toRequesterOptions(ctx, s.Store)
	out := make([]importCheck, len(cases))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(cases)/64))
	var next atomic.Int64
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(cases) || errs[w] != nil {
					return
				}
				c := cases[i]
				if c.Request == nil {
					continue
				}
				out[i], errs[w] = s.checkImport(ctx, s.Store, c.Request, c.Publication, base)
			}
		}()
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

// checkImport inspects an imported entry's public fields, when the file
// publishes it, against its requester (when the file has one) and the
// authority's allowed addresses (base).
func (s *Service) checkImport(ctx context.Context, rd foi.Reader, r *foi.Request, p *foi.Publication, base inspect.Options) (importCheck, error) {
	c := importCheck{opts: base, sum: publicSum(p)}
	c.opts.Requester = nil
	for _, v := range []string{r.Requester.Name, r.Requester.Email, r.Requester.Phone, r.Requester.Address} {
		if strings.TrimSpace(v) != "" && v != foi.ImportedRequesterName {
			c.opts.Requester = append(c.opts.Requester, v)
		}
	}
	if p == nil || !p.Public() {
		return c, nil
	}
	var err error
	c.results, c.held, err = checkImported(ctx, rd, p, c.opts)
	return c, err
}

// redactCopy applies a case's redactions to a copy of its entry, as
// draftPublication does when staff publish.
func redactCopy(p *foi.Publication, reds []*foi.Redaction) {
	p.Request = applyRedactions(p.Request, reds, foi.SubjectRequest)
	p.Response = applyRedactions(p.Response, reds, foi.SubjectResponse)
	parts := slices.Clone(p.Parts)
	for i := range parts {
		q := applyRedactions(parts[i].Text, reds, foi.SubjectRequest)
		parts[i].Text = applyRedactions(q, reds, foi.SubjectQuestion(parts[i].Number))
		parts[i].Answer = applyRedactions(parts[i].Answer, reds, foi.SubjectPart(parts[i].Number))
	}
	p.Parts = parts
}

// overrideUnchecked records the operator's decision to publish what the
// gate found (`disclose import --publish-unchecked`) on each finding.
func (s *Service) overrideUnchecked(ctx context.Context, tx foi.Tx, actor *foi.User, r *foi.Request, open []*foi.Finding) error {
	for _, f := range open {
		f.Status, f.Note, f.ClosedAt, f.ClosedBy = foi.FindingOverridden, "published unchecked: the operator imported with --publish-unchecked", s.Now().UTC(), actor.Name
		if err := tx.UpdateFinding(ctx, f); err != nil {
			return err
		}
		label, err := subjectLabel(ctx, tx, f.Subject)
		if err != nil {
			return err
		}
		if err := tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: EventFindingOverridden, ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("finding %d in %s (%s) overridden: %s", f.ID, label, findingSummary(f), f.Note)}); err != nil {
			return err
		}
	}
	return nil
}

func heldOf(ctx context.Context, rd foi.Reader, f *foi.Finding) (Held, error) {
	label, err := subjectLabel(ctx, rd, f.Subject)
	return Held{Field: label, Kind: f.Kind, Where: f.Where, Excerpt: f.Excerpt}, err
}
