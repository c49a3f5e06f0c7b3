// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"testing"

	"disclose/internal/foi"
)

// TestVerifyAuditIsForAdministratorsAndAudited: only an administrator may
// verify the audit trail; each verification is itself an audit event, and
// the latest outcome is what the settings page shows.
func TestVerifyAuditIsForAdministratorsAndAudited(t *testing.T) {
	svc := newService(t)
	submit(t, svc, foi.FOIA, "2026-11-02", "How many bridges?")
	if _, err := svc.VerifyAudit(ctx, officer); foi.ErrorCode(err) != foi.EFORBIDDEN {
		t.Fatalf("an officer verifying: %v, want forbidden", err)
	}
	if v, err := svc.LastAuditVerification(ctx, officer); foi.ErrorCode(err) != foi.EFORBIDDEN || v != nil {
		t.Fatalf("an officer reading the verification: %v, %v; want forbidden", v, err)
	}
	admin := &foi.User{ID: 9, Name: "Ada Admin", Role: foi.RoleAdmin}
	if v, err := svc.LastAuditVerification(ctx, admin); err != nil || v != nil {
		t.Fatalf("before any verification: %+v, %v; want none", v, err)
	}
	v, err := svc.VerifyAudit(ctx, admin)
	if err != nil || !v.OK || v.Events == 0 || v.Seq != v.Events || v.By != "Ada Admin" {
		t.Fatalf("VerifyAudit = %+v, %v", v, err)
	}
	last, err := svc.LastAuditVerification(ctx, admin)
	if err != nil || last.Seq != v.Seq || !last.At.Equal(v.At) || !last.OK {
		t.Fatalf("LastAuditVerification = %+v, %v; want %+v", last, err, v)
	}
	// The verification is the next event in the chain, and verifies too.
	again, err := svc.VerifyAudit(ctx, admin)
	if err != nil || !again.OK || again.Seq != v.Seq+1 {
		t.Fatalf("the second verification = %+v, %v; want the first one's event counted", again, err)
	}
}
