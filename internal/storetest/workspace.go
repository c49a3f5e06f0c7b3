// SPDX-License-Identifier: AGPL-3.0-or-later

package storetest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"disclose/internal/foi"
)

// Finding a case (issue 15): by the requester's name or email, the
// unassigned, and sorted by status or by the assignee's name.
func testFindRequestsWorkspace(t *testing.T, s foi.Store) {
	users := map[string]*foi.User{}
	for _, name := range []string{"Zoe Officer", "adam officer"} {
		u := &foi.User{Email: name[:3] + "@council.example", Name: name, Role: foi.RoleOfficer, PasswordHash: "x"}
		if err := s.Update(ctx, func(tx foi.Tx) error { return tx.CreateUser(ctx, u) }); err != nil {
			t.Fatal(err)
		}
		users[name] = u
	}
	mk := func(received, due string, status foi.Status, assignee *foi.User, name, email string) *foi.Request {
		r := newRequest(foi.FOIA, received)
		r.DueOn, r.Status = day(due), status
		if assignee != nil {
			r.AssigneeID = assignee.ID
		}
		r.Requester.Name, r.Requester.Email = name, email
		return create(t, s, r)
	}
	a := mk("2024-01-02", "2024-01-30", foi.StatusOpen, users["Zoe Officer"], "Amara Okafor", "amara@example.org")
	b := mk("2024-01-03", "2024-01-31", foi.StatusAwaitingClarification, nil, "Ben O'Kane", "ben_100%@example.org")
	c := mk("2024-01-04", "2024-02-01", foi.StatusOpen, users["adam officer"], "Chris Lee", "chris@okafor.example")
	d := mk("2024-01-05", "2024-02-02", foi.StatusExtended, nil, "Dee", "dee@example.org")
	refs := func(rs []*foi.Request) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Reference.String())
		}
		return out
	}
	names := func(rs ...*foi.Request) []string { return refs(rs) }
	for _, tt := range []struct {
		name   string
		filter foi.RequestFilter
		want   []string
	}{
		{"requester name, any case", foi.RequestFilter{Requester: "OKAFOR"}, names(a, c)}, // c's email holds it
		{"requester email", foi.RequestFilter{Requester: "ben_100%@"}, names(b)},          // _ and % match themselves
		{"requester wildcard is literal", foi.RequestFilter{Requester: "%"}, names(b)},
		{"requester and text", foi.RequestFilter{Requester: "okafor", Statuses: []foi.Status{foi.StatusOpen}, Text: "zebra"}, nil},
		{"unassigned", foi.RequestFilter{Unassigned: true}, names(b, d)},
		{"by status, in a case's order", foi.RequestFilter{Order: foi.OrderStatus}, names(a, c, b, d)},
		{"by assignee, unassigned last", foi.RequestFilter{Order: foi.OrderAssignee}, names(c, a, b, d)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := s.FindRequests(ctx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, refs(got), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("FindRequests(%+v) (-want +got):\n%s", tt.filter, diff)
			}
			if total != len(tt.want) {
				t.Errorf("total = %d, want %d", total, len(tt.want))
			}
		})
	}
}
