// SPDX-License-Identifier: AGPL-3.0-or-later

package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"disclose/internal/foi"
)

var safetyTests = []struct {
	name string
	fn   func(t *testing.T, s foi.Store)
}{
	{"Findings", testFindings},
	{"Inspections", testInspections},
	{"Redactions", testRedactions},
	{"CleanCopyAttachment", testCleanCopyAttachment},
}

func testFindings(t *testing.T, s foi.Store) {
	r := create(t, s, newRequest(foi.FOIA, "2026-11-02"))
	other := create(t, s, newRequest(foi.FOIA, "2026-11-03"))
	f1 := &foi.Finding{RequestID: r.ID, Subject: foi.SubjectAttachment(7), Hash: "abc", Kind: "hidden-sheet",
		Where: "sheet 'Staff' (hidden)", Why: "A hidden sheet goes out with the file.", Fixable: true}
	f2 := &foi.Finding{RequestID: r.ID, Subject: foi.SubjectPart(2), Hash: "def", Kind: "personal-data:requester",
		Where: "answer to part 2, characters 1-10", Why: "The requester's own details.", Excerpt: "J*** S****"}
	f3 := &foi.Finding{RequestID: other.ID, Subject: foi.SubjectRequest, Hash: "x", Kind: "personal-data:email", Where: "w", Why: "y"}
	update(t, s, func(tx foi.Tx) error {
		for _, f := range []*foi.Finding{f1, f2, f3} {
			if err := tx.CreateFinding(ctx, f); err != nil {
				return err
			}
		}
		return nil
	})
	if f1.ID == 0 || f2.ID <= f1.ID || f1.FoundAt.IsZero() || f1.Status != foi.FindingOpen {
		t.Fatalf("CreateFinding did not set ID, FoundAt and the open status: %+v %+v", f1, f2)
	}
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	f2.Status, f2.Note, f2.ClosedAt, f2.ClosedBy = foi.FindingOverridden, "the requester asked for it to be quoted", at, "Rita Reviewer"
	update(t, s, func(tx foi.Tx) error { return tx.UpdateFinding(ctx, f2) })
	got, err := s.FindFindings(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]*foi.Finding{f1, f2}, got); d != "" {
		t.Errorf("findings of the request, oldest first (-want +got):\n%s", d)
	}
	one, err := s.FindFinding(ctx, f2.ID)
	if err != nil || one.Status != foi.FindingOverridden || one.Note == "" || !one.ClosedAt.Equal(at) {
		t.Errorf("FindFinding = %+v, %v", one, err)
	}
	if _, err := s.FindFinding(ctx, f3.ID+100); !foi.IsNotFound(err) {
		t.Errorf("missing finding: %v, want not found", err)
	}
	if err := s.Update(ctx, func(tx foi.Tx) error {
		return tx.UpdateFinding(ctx, &foi.Finding{ID: f3.ID + 100, Status: foi.FindingResolved})
	}); !foi.IsNotFound(err) {
		t.Errorf("updating a missing finding: %v, want not found", err)
	}
	if err := s.Update(ctx, func(tx foi.Tx) error {
		return tx.CreateFinding(ctx, &foi.Finding{RequestID: other.ID + 100, Subject: "request", Hash: "h", Kind: "k", Where: "w", Why: "y"})
	}); !foi.IsNotFound(err) {
		t.Errorf("a finding on no request: %v, want not found", err)
	}
	if err := s.Update(ctx, func(tx foi.Tx) error {
		return tx.CreateFinding(ctx, &foi.Finding{RequestID: r.ID, Subject: "request", Hash: "h", Kind: "k", Where: "w", Why: "y", Status: "ignored"})
	}); err == nil {
		t.Error("a finding with an unknown status was stored")
	}
}

func testInspections(t *testing.T, s foi.Store) {
	r := create(t, s, newRequest(foi.FOIA, "2026-11-02"))
	a := &foi.Inspection{RequestID: r.ID, Subject: foi.SubjectPart(1), Hash: "one"}
	b := &foi.Inspection{RequestID: r.ID, Subject: foi.SubjectAttachment(3), Hash: "file"}
	update(t, s, func(tx foi.Tx) error {
		if err := tx.SaveInspection(ctx, a); err != nil {
			return err
		}
		return tx.SaveInspection(ctx, b)
	})
	if a.At.IsZero() {
		t.Fatal("SaveInspection did not set At")
	}
	// The answer changed and was inspected again: only the latest is kept.
	a2 := &foi.Inspection{RequestID: r.ID, Subject: foi.SubjectPart(1), Hash: "two", At: a.At.Add(time.Hour)}
	update(t, s, func(tx foi.Tx) error { return tx.SaveInspection(ctx, a2) })
	got, err := s.FindInspections(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]*foi.Inspection{b, a2}, got); d != "" {
		t.Errorf("inspections by subject (-want +got):\n%s", d)
	}
	if err := s.Update(ctx, func(tx foi.Tx) error {
		return tx.SaveInspection(ctx, &foi.Inspection{RequestID: r.ID + 100, Subject: "request", Hash: "h"})
	}); !foi.IsNotFound(err) {
		t.Errorf("an inspection of no request: %v, want not found", err)
	}
}

func testRedactions(t *testing.T, s foi.Store) {
	r := create(t, s, newRequest(foi.FOIA, "2026-11-02"))
	x := &foi.Redaction{RequestID: r.ID, Subject: foi.SubjectPart(1), Original: "Jane Smith", Masked: "J*** S****",
		Reason: "s40(2)", Count: 2, By: "Olu Officer"}
	y := &foi.Redaction{RequestID: r.ID, Subject: foi.SubjectRequest, Original: "07700 900123", Masked: "077** ******",
		Reason: "s40(2)", Count: 1, By: "Olu Officer"}
	update(t, s, func(tx foi.Tx) error {
		if err := tx.CreateRedaction(ctx, x); err != nil {
			return err
		}
		return tx.CreateRedaction(ctx, y)
	})
	if x.ID == 0 || y.ID <= x.ID || x.At.IsZero() {
		t.Fatalf("CreateRedaction did not set ID and At: %+v", x)
	}
	x.Original, x.Masked = "[removed]", "[removed]"
	update(t, s, func(tx foi.Tx) error { return tx.UpdateRedaction(ctx, x) })
	got, err := s.FindRedactions(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]*foi.Redaction{x, y}, got); d != "" {
		t.Errorf("redaction log (-want +got):\n%s", d)
	}
	if err := s.Update(ctx, func(tx foi.Tx) error { return tx.UpdateRedaction(ctx, &foi.Redaction{ID: y.ID + 100}) }); !foi.IsNotFound(err) {
		t.Errorf("updating a missing redaction: %v, want not found", err)
	}
	if err := s.Update(ctx, func(tx foi.Tx) error {
		return tx.CreateRedaction(ctx, &foi.Redaction{RequestID: r.ID + 100, Subject: "request", Original: "a", Masked: "*", Reason: "s40(2)", Count: 1, By: "x"})
	}); !foi.IsNotFound(err) {
		t.Errorf("a redaction on no request: %v, want not found", err)
	}
}

func testCleanCopyAttachment(t *testing.T, s foi.Store) {
	r := create(t, s, newRequest(foi.FOIA, "2026-11-02"))
	orig := &foi.CaseAttachment{RequestID: r.ID, Name: "a.xlsx", ContentType: "application/zip", Hash: "h1", Size: 3, UploadedBy: "Jane"}
	clean := &foi.CaseAttachment{RequestID: r.ID, Name: "a (clean copy).xlsx", ContentType: "application/zip", Hash: "h2", Size: 2,
		Release: true, UploadedBy: "Jane"}
	update(t, s, func(tx foi.Tx) error {
		if err := tx.PutBlob(ctx, "h1", []byte("abc")); err != nil {
			return err
		}
		if err := tx.PutBlob(ctx, "h2", []byte("ab")); err != nil {
			return err
		}
		if err := tx.CreateAttachment(ctx, orig); err != nil {
			return err
		}
		clean.CleanOf = orig.ID
		return tx.CreateAttachment(ctx, clean)
	})
	got, err := s.FindAttachments(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]*foi.CaseAttachment{orig, clean}, got); d != "" {
		t.Errorf("an original and its clean copy (-want +got):\n%s", d)
	}
	if err := s.Update(ctx, func(tx foi.Tx) error {
		return tx.CreateAttachment(ctx, &foi.CaseAttachment{RequestID: r.ID, Name: "b", ContentType: "x", Hash: "h1", Size: 3, CleanOf: clean.ID + 100})
	}); !foi.IsNotFound(err) {
		t.Errorf("a clean copy of no attachment: %v, want not found", err)
	}
	// Retention may delete an original; its clean copy stays, unlinked.
	update(t, s, func(tx foi.Tx) error { return tx.DeleteAttachment(ctx, orig.ID) })
	got, err = s.FindAttachments(ctx, r.ID)
	if err != nil || len(got) != 1 || got[0].ID != clean.ID || got[0].CleanOf != 0 {
		t.Errorf("after deleting the original: %+v, %v; want the copy alone, linked to nothing", got, err)
	}
}
