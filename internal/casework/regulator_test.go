// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// A regulator case needs its fields: each missing or impossible one is
// refused with an error that names it, and nothing is recorded.
func TestRegulatorCaseNeedsItsFields(t *testing.T) {
	svc := newService(t)
	r := submit(t, svc, foi.FOIA, "2026-09-01", "How many?")
	if _, err := svc.LogComplaint(ctx, officer, r.Reference, "  ", date("2026-10-01"), "note"); foi.ErrorCode(err) != foi.EINVALID ||
		!strings.Contains(foi.ErrorMessage(err), "case_reference is required") {
		t.Errorf("a complaint without the regulator's reference: %v", err)
	}
	if cases, _ := svc.Store.FindRegulatorCases(ctx, r.ID); len(cases) != 0 {
		t.Fatalf("a refused complaint was stored")
	}
	c, err := svc.LogComplaint(ctx, officer, r.Reference, "IC-1", date("2026-10-01"), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		d    casework.Decision
		msg  string
	}{
		{"no outcome", casework.Decision{On: date("2026-11-02")}, "outcome is required"},
		{"unknown outcome", casework.Decision{On: date("2026-11-02"), Outcome: "we won"}, `outcome "we won" is not`},
		{"before the complaint", casework.Decision{On: date("2026-09-15"), Outcome: "not upheld"}, "cannot come before the complaint"},
	} {
		if _, err := svc.RecordDecisionNotice(ctx, officer, r.Reference, c.ID, tt.d); foi.ErrorCode(err) != foi.EINVALID || !strings.Contains(foi.ErrorMessage(err), tt.msg) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.msg)
		}
	}
	if _, err := svc.RecordDecisionNotice(ctx, officer, r.Reference, c.ID, casework.Decision{On: date("2026-11-02"), Outcome: "partly upheld"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RecordAppeal(ctx, officer, r.Reference, c.ID, date("2026-10-20"), ""); foi.ErrorCode(err) != foi.EINVALID ||
		!strings.Contains(foi.ErrorMessage(err), "cannot come before the decision notice") {
		t.Errorf("an appeal before the decision: %v", err)
	}
	if _, err := svc.CloseRegulatorCase(ctx, officer, r.Reference, c.ID, date("2026-11-20"), ""); foi.ErrorCode(err) != foi.EINVALID ||
		!strings.Contains(foi.ErrorMessage(err), "outcome is required") {
		t.Errorf("closing without an outcome: %v", err)
	}
	cases, _ := svc.Store.FindRegulatorCases(ctx, r.ID)
	if len(cases) != 1 || !cases[0].AppealedOn.IsZero() || !cases[0].ClosedOn.IsZero() || cases[0].DecisionOutcome != "partly upheld" {
		t.Errorf("refused changes changed the case: %+v", cases)
	}
}
