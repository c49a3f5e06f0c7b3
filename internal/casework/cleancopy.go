// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"disclose/internal/foi"
	"disclose/internal/inspect"
)

// CleanCopy is the result of making a clean copy of an attachment.
type CleanCopy struct {
	Original *foi.CaseAttachment
	Copy     *foi.CaseAttachment
	Removed  []inspect.Finding // what the copy no longer has
	// Remaining says what a person must still deal with in the copy (its
	// findings are open on the case); "" when nothing remains.
	Remaining string
}

// cleanName is the file name of a clean copy: "Budget (clean copy).xlsx".
func cleanName(name string) string {
	ext := filepath.Ext(name)
	return strings.TrimSuffix(name, ext) + " (clean copy)" + ext
}

// MakeCleanCopy removes from an attachment what can be removed mechanically
// (inspect.Clean: properties, comments, hidden sheets, tracked changes,
// EXIF, PDF revisions...), stores the result as a new attachment linked to
// the original, inspects it, and marks it for release instead of the
// original. The original is kept, never changed, and is not released.
func (s *Service) MakeCleanCopy(ctx context.Context, actor *foi.User, ref foi.Reference, id int64) (*CleanCopy, error) {
	if err := require(actor, PermWorkCases, "make clean copies"); err != nil {
		return nil, err
	}
	r, a, err := caseAttachment(ctx, s.Store, ref, id)
	if err != nil {
		return nil, err
	}
	data, err := s.Store.FindBlob(ctx, a.Hash)
	if err != nil {
		return nil, err
	}
	cleaned, removed, err := inspect.Clean(a.Name, data, nil)
	remaining := ""
	switch {
	case err != nil && cleaned == nil:
		return nil, foi.Errorf(foi.ECONFLICT, "no clean copy can be made of %s: %s", a.Name,
			strings.TrimPrefix(err.Error(), inspect.ErrCannotClean.Error()+": "))
	case err != nil && errors.Is(err, inspect.ErrCannotClean):
		remaining = strings.TrimPrefix(err.Error(), inspect.ErrCannotClean.Error()+": ")
	case err != nil:
		return nil, err
	}
	if len(removed) == 0 {
		return nil, foi.Errorf(foi.ECONFLICT, "%s has nothing a clean copy could remove: deal with its findings by hand (redact the source and upload it again) or override them", a.Name)
	}
	c := &foi.CaseAttachment{RequestID: r.ID, Name: cleanName(a.Name), ContentType: a.ContentType, Hash: sha(cleaned),
		Size: int64(len(cleaned)), Release: true, UploadedBy: actor.Name, CleanOf: a.ID}
	item := fileItem(c, s.publicOptions(ctx, s.Store, r))
	item.data = func(context.Context, foi.Reader) ([]byte, error) { return cleaned, nil }
	found, err := item.inspect(ctx, s.Store)
	if err != nil {
		return nil, err
	}
	err = s.Store.Update(ctx, func(tx foi.Tx) error {
		r, a, err := caseAttachment(ctx, tx, ref, id)
		if err != nil {
			return err
		}
		wasReleased, err := replaceForRelease(ctx, tx, r, a, c, cleaned)
		if err != nil {
			return err
		}
		item.subject = foi.SubjectAttachment(c.ID)
		var what []string
		for _, f := range removed {
			what = append(what, f.Kind+" at "+f.Where)
		}
		note := fmt.Sprintf("clean copy of %s made as %s (attachment %d, sha256 %s): removed %s", a.Name, c.Name, c.ID, c.Hash[:12],
			strings.Join(what, "; "))
		if remaining != "" {
			note += "; still needs a person: " + remaining
		}
		note += "; the copy is marked for release"
		if wasReleased {
			note += " instead of the original"
		}
		if err := tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: EventCleanCopy, ActorID: actor.ID, Actor: actor.Name, Note: note}); err != nil {
			return err
		}
		return s.recordInspections(ctx, tx, r, []inspected{{item, found}}, actor.ID, actor.Name)
	})
	if err != nil {
		return nil, err
	}
	return &CleanCopy{Original: a, Copy: c, Removed: removed, Remaining: remaining}, nil
}

// hasCleanCopy reports whether an attachment has a clean copy on its case.
func hasCleanCopy(ctx context.Context, rd foi.Reader, a *foi.CaseAttachment) (bool, error) {
	list, err := rd.FindAttachments(ctx, a.RequestID)
	if err != nil {
		return false, err
	}
	for _, x := range list {
		if x.CleanOf == a.ID {
			return true, nil
		}
	}
	return false, nil
}

// replaceForRelease stores copy (with its content) beside the original a
// and withdraws a from release; the caller releases the copy once it is
// inspected. It reports whether a was marked for release. A file the
// case's log entry offers is not withdrawn (see mayWithdraw).
func replaceForRelease(ctx context.Context, tx foi.Tx, r *foi.Request, a, copy *foi.CaseAttachment, data []byte) (wasReleased bool, err error) {
	if a.Release {
		if err := mayWithdraw(ctx, tx, r, a); err != nil {
			return false, err
		}
	}
	if err := tx.PutBlob(ctx, copy.Hash, data); err != nil {
		return false, err
	}
	if err := tx.CreateAttachment(ctx, copy); err != nil {
		return false, err
	}
	wasReleased = a.Release
	a.Release = false
	return wasReleased, tx.UpdateAttachment(ctx, a)
}
