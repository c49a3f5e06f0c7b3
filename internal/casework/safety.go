// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"disclose/internal/foi"
	"disclose/internal/inspect"
)

// Disclosure safety (issue 7). Every file marked for release and every text
// that leaves the authority or is published is inspected (internal/inspect)
// when it is marked or saved, and again when it is sent or published if it
// changed since. What is found is kept on the case as findings; nothing is
// sent or published while a finding on it is open. A finding is closed by
// changing what it was found in (an edit, a redaction, a clean copy), or by
// an override with a reason from someone who may approve responses.

// Events of disclosure safety.
const (
	EventInspected         = "inspected"
	EventFindingOverridden = "finding-overridden"
	EventCleanCopy         = "clean-copy-made"
	EventFilesReleased     = "files-released"
	EventRedacted          = "redacted"
)

// PermOverride is the permission an override needs: the one that signs off
// a response, since overriding decides what the requester and the public
// receive.
const PermOverride = PermApprove

// releaseItem is one file or text to be inspected before release. data
// reads its content only when it has to be inspected (a file is read from
// the blob store once per content).
type releaseItem struct {
	subject string
	label   string // "Budget.xlsx", "the answer to part 2"
	hash    string // SHA-256 of the content
	file    bool
	name    string
	data    func(ctx context.Context, rd foi.Reader) ([]byte, error)
	opts    inspect.Options
}

func sha(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func textItem(subject, label, text string, opts inspect.Options) releaseItem {
	return releaseItem{subject: subject, label: label, hash: sha([]byte(text)), opts: opts,
		data: func(context.Context, foi.Reader) ([]byte, error) { return []byte(text), nil }}
}

func fileItem(a *foi.CaseAttachment, opts inspect.Options) releaseItem {
	hash := a.Hash
	return releaseItem{subject: foi.SubjectAttachment(a.ID), label: a.Name, hash: hash, file: true, name: a.Name, opts: opts,
		data: func(ctx context.Context, rd foi.Reader) ([]byte, error) { return rd.FindBlob(ctx, hash) }}
}

func (it releaseItem) inspect(ctx context.Context, rd foi.Reader) ([]inspect.Finding, error) {
	b, err := it.data(ctx, rd)
	if err != nil {
		return nil, err
	}
	if it.file {
		return inspect.File(it.name, b, it.opts), nil
	}
	return inspect.Text(it.label, string(b), it.opts), nil
}

// publicOptions check what the public will read: the requester's own
// details count as personal data there. The authority's FOI mailbox is not.
func (s *Service) publicOptions(ctx context.Context, rd foi.Reader, r *foi.Request) inspect.Options {
	o := s.toRequesterOptions(ctx, rd)
	for _, v := range []string{r.Requester.Name, r.Requester.Email, r.Requester.Phone, r.Requester.Address} {
		if strings.TrimSpace(v) != "" && v != foi.ImportedRequesterName {
			o.Requester = append(o.Requester, v)
		}
	}
	return o
}

// toRequesterOptions check what goes to the requester alone (a letter):
// their own name and address belong there, anyone else's do not.
func (s *Service) toRequesterOptions(ctx context.Context, rd foi.Reader) inspect.Options {
	var o inspect.Options
	if v, err := rd.FindSetting(ctx, SettingFOIEmail); err == nil && strings.TrimSpace(v) != "" {
		o.Allow = append(o.Allow, strings.TrimSpace(v))
	}
	return o
}

// partLabel names a part's answer as findings and errors show it.
func partLabel(n int) string { return fmt.Sprintf("the answer to part %d", n) }

// releasedItems are the files marked for release. Files go to the
// requester, and may end up in the public log, so they are checked for
// the requester's details too.
func (s *Service) releasedItems(ctx context.Context, rd foi.Reader, r *foi.Request) ([]releaseItem, []*foi.CaseAttachment, error) {
	files, err := releasedAttachments(ctx, rd, r.ID)
	if err != nil {
		return nil, nil, err
	}
	opts := s.publicOptions(ctx, rd, r)
	var items []releaseItem
	for _, a := range files {
		items = append(items, fileItem(a, opts))
	}
	return items, files, nil
}

// clearedAttachments are the released files that may be handed out as
// they are, outside a send (the requester's tracking page): inspected as
// they are now, with no open finding. A file marked for release after the
// response went, and not yet cleared, is held back.
func clearedAttachments(ctx context.Context, rd foi.Reader, r *foi.Request) ([]*foi.CaseAttachment, error) {
	released, err := releasedAttachments(ctx, rd, r.ID)
	if err != nil || len(released) == 0 {
		return nil, err
	}
	done, err := rd.FindInspections(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	inspected := map[string]string{}
	for _, in := range done {
		inspected[in.Subject] = in.Hash
	}
	findings, err := rd.FindFindings(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	blocked := map[string]bool{}
	for _, f := range findings {
		if f.Status == foi.FindingOpen && inspected[f.Subject] == f.Hash {
			blocked[f.Subject] = true
		}
	}
	var out []*foi.CaseAttachment
	for _, a := range released {
		if subject := foi.SubjectAttachment(a.ID); inspected[subject] == a.Hash && !blocked[subject] {
			out = append(out, a)
		}
	}
	return out, nil
}

// publishedItems are what the disclosure log would show of the case's
// own texts if it were published now: the request text and questions as
// redacted, each answer, and an imported entry's response (see
// draftPublication; the title, summary, category and files are the
// publisher's, checked when publishing).
func (s *Service) publishedItems(ctx context.Context, rd foi.Reader, r *foi.Request) ([]releaseItem, error) {
	old, err := findPublication(ctx, rd, r.Reference)
	if err != nil {
		return nil, err
	}
	p, err := s.draftPublication(ctx, rd, r, PublishInput{}, old)
	if err != nil {
		return nil, err
	}
	return publicItems(p, s.publicOptions(ctx, rd, r)), nil
}

func (s *Service) letterItem(ctx context.Context, rd foi.Reader, l *foi.Letter) releaseItem {
	opts := s.toRequesterOptions(ctx, rd)
	if r, err := rd.FindRequestByID(ctx, l.RequestID); err == nil && foi.IsWDTKAddress(r.Requester.Email) {
		opts = wdtkOptions(s.publicOptions(ctx, rd, r), r)
	}
	return textItem(foi.SubjectLetter(l.ID), fmt.Sprintf("letter %d", l.ID), l.Body, opts)
}

// wdtkOptions check an email to a WhatDoTheyKnow address as publication
// is checked, since WDTK publishes it the moment it arrives: the
// requester's details are personal data there, except the name they chose
// to make their request under, which WDTK already shows beside it.
func wdtkOptions(o inspect.Options, r *foi.Request) inspect.Options {
	o.Requester = slices.DeleteFunc(slices.Clone(o.Requester), func(v string) bool { return v == r.Requester.Name })
	return o
}

// releasedScope lists the files marked for release.
func (s *Service) releasedScope(ctx context.Context, rd foi.Reader, r *foi.Request) ([]releaseItem, error) {
	items, _, err := s.releasedItems(ctx, rd, r)
	return items, err
}

// inspected is the result of inspecting one item.
type inspected struct {
	item     releaseItem
	findings []inspect.Finding
}

// inspectStale inspects the items whose content changed since their last
// inspection (or were never inspected). It only reads, so it runs outside
// a write transaction: inspecting a large file takes time.
func inspectStale(ctx context.Context, rd foi.Reader, r *foi.Request, items []releaseItem) ([]inspected, error) {
	done, err := rd.FindInspections(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	last := map[string]string{}
	for _, in := range done {
		last[in.Subject] = in.Hash
	}
	var out []inspected
	for _, it := range items {
		if last[it.subject] == it.hash {
			continue
		}
		fs, err := it.inspect(ctx, rd)
		if err != nil {
			return nil, err
		}
		out = append(out, inspected{it, fs})
		last[it.subject] = it.hash // the same subject twice in one list is inspected once
	}
	return out, nil
}

// recordInspections stores inspection results in tx: open findings of the
// subject's earlier content are resolved (it changed), the new ones added,
// and the timeline says what was found. A result another process already
// stored is skipped.
func (s *Service) recordInspections(ctx context.Context, tx foi.Tx, r *foi.Request, results []inspected, actorID int64, actor string) error {
	if len(results) == 0 {
		return nil
	}
	done, err := tx.FindInspections(ctx, r.ID)
	if err != nil {
		return err
	}
	last := map[string]string{}
	for _, in := range done {
		last[in.Subject] = in.Hash
	}
	existing, err := tx.FindFindings(ctx, r.ID)
	if err != nil {
		return err
	}
	for _, res := range results {
		it := res.item
		if last[it.subject] == it.hash {
			continue
		}
		resolved := 0
		for _, f := range existing {
			if f.Subject == it.subject && f.Status == foi.FindingOpen && f.Hash != it.hash {
				f.Status, f.Note, f.ClosedAt, f.ClosedBy = foi.FindingResolved, "what it was found in has changed", s.Now().UTC(), actor
				if err := tx.UpdateFinding(ctx, f); err != nil {
					return err
				}
				resolved++
			}
		}
		var kinds []string
		for _, f := range res.findings {
			nf := &foi.Finding{RequestID: r.ID, Subject: it.subject, Hash: it.hash, Kind: f.Kind, Where: f.Where, Why: f.Why,
				Excerpt: f.Excerpt, Fixable: f.Fixable, Status: foi.FindingOpen}
			if err := tx.CreateFinding(ctx, nf); err != nil {
				return err
			}
			if !slices.Contains(kinds, f.Kind) {
				kinds = append(kinds, f.Kind)
			}
		}
		if err := tx.SaveInspection(ctx, &foi.Inspection{RequestID: r.ID, Subject: it.subject, Hash: it.hash}); err != nil {
			return err
		}
		last[it.subject] = it.hash
		if len(res.findings) == 0 && resolved == 0 {
			continue
		}
		note := fmt.Sprintf("%s: %d finding(s)", it.label, len(res.findings))
		if len(kinds) > 0 {
			note += " (" + strings.Join(kinds, ", ") + ")"
		}
		if resolved > 0 {
			note += fmt.Sprintf("; %d earlier finding(s) resolved because it changed", resolved)
		}
		if err := tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: EventInspected, ActorID: actorID, Actor: actor, Note: note}); err != nil {
			return err
		}
	}
	return nil
}

// inspectNow inspects stale items and records the results in tx. Used
// where the content is already in hand and small (texts) or where a change
// must be checked in its own transaction.
func (s *Service) inspectNow(ctx context.Context, tx foi.Tx, r *foi.Request, items []releaseItem, actorID int64, actor string) error {
	results, err := inspectStale(ctx, tx, r, items)
	if err != nil {
		return err
	}
	return s.recordInspections(ctx, tx, r, results, actorID, actor)
}

// refreshFindings inspects what changed among the items a reference's
// scope lists, outside any write transaction, then records the results in
// a short one. Sending and publishing call it first, so that what they
// find is kept even when they are then refused.
func (s *Service) refreshFindings(ctx context.Context, actor *foi.User, ref foi.Reference, scope func(context.Context, foi.Reader, *foi.Request) ([]releaseItem, error)) error {
	r, err := s.Store.FindRequest(ctx, ref)
	if err != nil {
		return err
	}
	items, err := scope(ctx, s.Store, r)
	if err != nil {
		return err
	}
	results, err := inspectStale(ctx, s.Store, r, items)
	if err != nil || len(results) == 0 {
		return err
	}
	id, name := actorOf(actor)
	return s.Store.Update(ctx, func(tx foi.Tx) error {
		r, err := tx.FindRequest(ctx, ref)
		if err != nil {
			return err
		}
		return s.recordInspections(ctx, tx, r, results, id, name)
	})
}

// blockRelease makes sure every item is inspected as it stands (inspecting
// again what changed since), then refuses with every open finding on them,
// named, when there is any. what says what was refused ("Sending letter 3").
func (s *Service) blockRelease(ctx context.Context, tx foi.Tx, r *foi.Request, items []releaseItem, actorID int64, actor, what string) error {
	if err := s.inspectNow(ctx, tx, r, items, actorID, actor); err != nil {
		return err
	}
	open, err := openFindings(ctx, tx, r, items)
	if err != nil || len(open) == 0 {
		return err
	}
	labels := map[string]string{}
	for _, it := range items {
		labels[it.subject] = it.label
	}
	var lines []string
	for _, f := range open {
		lines = append(lines, fmt.Sprintf("finding %d in %s: %s", f.ID, labels[f.Subject], findingSummary(f)))
	}
	return foi.Errorf(foi.ECONFLICT, "%s is blocked: %d open finding(s) must be fixed (a clean copy, an edit or a redaction) or overridden with a reason first: %s",
		what, len(open), strings.Join(lines, "; "))
}

// openFindings are the open findings on the items' current content.
func openFindings(ctx context.Context, rd foi.Reader, r *foi.Request, items []releaseItem) ([]*foi.Finding, error) {
	all, err := rd.FindFindings(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	current := map[string]string{}
	for _, it := range items {
		current[it.subject] = it.hash
	}
	var open []*foi.Finding
	for _, f := range all {
		if h, ok := current[f.Subject]; ok && f.Status == foi.FindingOpen && f.Hash == h {
			open = append(open, f)
		}
	}
	return open, nil
}

func findingSummary(f *foi.Finding) string {
	s := f.Kind + " at " + f.Where
	if f.Excerpt != "" {
		s += " [" + f.Excerpt + "]"
	}
	return s
}

// OverrideFinding lets a finding through: whoever may approve responses
// decides that what was found may be released as it is, and must say why.
// The override, its reason, who and when are on the case's timeline.
func (s *Service) OverrideFinding(ctx context.Context, actor *foi.User, ref foi.Reference, id int64, reason string) (*foi.Finding, error) {
	if err := require(actor, PermOverride, "override findings"); err != nil {
		return nil, err
	}
	reason = strings.Join(strings.Fields(reason), " ")
	if reason == "" {
		return nil, foi.Errorf(foi.EINVALID, "say why finding %d may be released as it is: the reason is kept on the case", id)
	}
	if len(reason) > 1000 {
		return nil, foi.Errorf(foi.EINVALID, "the reason is longer than 1000 characters")
	}
	var f *foi.Finding
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		r, err := tx.FindRequest(ctx, ref)
		if err != nil {
			return err
		}
		if f, err = tx.FindFinding(ctx, id); err != nil || f.RequestID != r.ID {
			return foi.Errorf(foi.ENOTFOUND, "%s has no finding %d", r.Reference, id)
		}
		if f.Status != foi.FindingOpen {
			return foi.Errorf(foi.ECONFLICT, "finding %d is already %s", id, f.Status)
		}
		f.Status, f.Note, f.ClosedAt, f.ClosedBy = foi.FindingOverridden, reason, s.Now().UTC(), actor.Name
		if err := tx.UpdateFinding(ctx, f); err != nil {
			return err
		}
		label, err := subjectLabel(ctx, tx, f.Subject)
		if err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: EventFindingOverridden, ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("finding %d in %s (%s) overridden: %s", f.ID, label, findingSummary(f), reason)})
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// subjectLabel names a finding's subject for people.
func subjectLabel(ctx context.Context, rd foi.Reader, subject string) (string, error) {
	kind, id, _ := strings.Cut(subject, ":")
	var n int64
	fmt.Sscan(id, &n)
	switch kind {
	case "attachment":
		a, err := rd.FindAttachment(ctx, n)
		if foi.IsNotFound(err) {
			return subject, nil
		}
		if err != nil {
			return "", err
		}
		return a.Name, nil
	case "part":
		return partLabel(int(n)), nil
	case "question":
		return questionLabel(int(n)), nil
	case "file-name":
		name := ""
		if a, err := rd.FindAttachment(ctx, n); err == nil {
			name = a.Name
		} else if !foi.IsNotFound(err) {
			return "", err
		}
		return fileNameLabel(n, name), nil
	case "letter":
		return "letter " + id, nil
	case foi.SubjectRequest:
		return "the request text", nil
	case foi.SubjectResponse, foi.SubjectTitle, foi.SubjectSummary, foi.SubjectCategory:
		return fieldLabel(kind), nil
	}
	return subject, nil
}

// CaseFinding is a finding as the case page and the API show it.
type CaseFinding struct {
	*foi.Finding
	Label        string // what it was found in
	AttachmentID int64  // for a finding in a file: the file
	// Current: found in what the subject holds now (not in an earlier
	// version, and not in a file no longer marked for release).
	Current bool
	// Redactable: in a text that redaction can change (an answer, a
	// letter, the request text, a question, an imported response), at
	// known characters. A title, summary, category or file name is
	// changed by the publisher instead, or overridden.
	Redactable bool
}

// Safety is the disclosure-safety state of a case: every finding, what
// blocks sending and publishing, and the redaction log.
type Safety struct {
	Findings     []CaseFinding
	Open         int // open findings on what is to be released
	BlockSend    []CaseFinding
	BlockPublish []CaseFinding
	Redactions   []*foi.Redaction
}

// CaseSafety reads a case's findings and redaction log for staff who work
// cases. It does not inspect: that happens when things are saved, sent or
// published.
func (s *Service) CaseSafety(ctx context.Context, actor *foi.User, r *foi.Request) (*Safety, error) {
	if err := require(actor, PermWorkCases, "see findings"); err != nil {
		return nil, err
	}
	all, err := s.Store.FindFindings(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	released, _, err := s.releasedItems(ctx, s.Store, r)
	if err != nil {
		return nil, err
	}
	published, err := s.publishedItems(ctx, s.Store, r)
	if err != nil {
		return nil, err
	}
	letters, err := s.Store.FindLetters(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	current := map[string]string{}
	sendScope := map[string]bool{}
	for _, it := range released {
		current[it.subject], sendScope[it.subject] = it.hash, true
	}
	for _, l := range letters {
		if l.SentAt.IsZero() {
			it := s.letterItem(ctx, s.Store, l)
			current[it.subject], sendScope[it.subject] = it.hash, true
		}
	}
	for _, it := range published {
		current[it.subject] = it.hash
	}
	// What the publisher types (title, summary, category, file names) is
	// not kept on the case: the latest inspected is the current one.
	done, err := s.Store.FindInspections(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	for _, in := range done {
		if publishInputSubject(in.Subject) {
			current[in.Subject] = in.Hash
		}
	}
	out := &Safety{}
	if out.Redactions, err = s.Store.FindRedactions(ctx, r.ID); err != nil {
		return nil, err
	}
	for _, f := range all {
		cf := CaseFinding{Finding: f}
		if cf.Label, err = subjectLabel(ctx, s.Store, f.Subject); err != nil {
			return nil, err
		}
		if kind, id, _ := strings.Cut(f.Subject, ":"); kind == "attachment" {
			fmt.Sscan(id, &cf.AttachmentID)
		}
		h, ok := current[f.Subject]
		cf.Current = ok && h == f.Hash
		cf.Redactable = cf.Current && f.Status == foi.FindingOpen && redactableSubject(f.Subject) && reCharacters.MatchString(f.Where)
		out.Findings = append(out.Findings, cf)
		if !cf.Current || f.Status != foi.FindingOpen {
			continue
		}
		out.Open++
		if sendScope[f.Subject] {
			out.BlockSend = append(out.BlockSend, cf)
		}
		if publicSubject(f.Subject) {
			out.BlockPublish = append(out.BlockPublish, cf)
		}
	}
	return out, nil
}
