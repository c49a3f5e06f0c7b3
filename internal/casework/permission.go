// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import "disclose/internal/foi"

// Permission is something a member of staff may be allowed to do. The
// matrix below is the one docs/admin-guide.md documents; the service layer checks
// it, and the web layer uses it to refuse a route before any work is done.
type Permission string

const (
	// PermViewCases: the case list and case pages. Contributors hold it
	// too, but see only requests and parts assigned to them, and never the
	// requester.
	PermViewCases Permission = "view-cases"
	// PermWorkCases: log requests, answer parts, record clock events,
	// assign, edit parts, draft letters, upload attachments.
	PermWorkCases Permission = "work-cases"
	// PermContribute: give input on the parts assigned to you.
	PermContribute Permission = "contribute"
	// PermApprove: sign off a response before it is sent.
	PermApprove Permission = "approve"
	// PermSend: send a letter (records the response date for a response).
	PermSend Permission = "send"
	// PermAdminister: authority settings, letter templates, users.
	PermAdminister Permission = "administer"
	// PermAccount: manage your own second factor and sign out.
	PermAccount Permission = "account"
)

// Permissions lists every permission, in the order docs/admin-guide.md lists them.
var Permissions = []Permission{PermViewCases, PermWorkCases, PermContribute, PermApprove, PermSend, PermAdminister, PermAccount}

// matrix is the permission matrix: which roles hold each permission.
var matrix = map[Permission][]foi.Role{
	PermViewCases:  {foi.RoleAdmin, foi.RoleOfficer, foi.RoleReviewer, foi.RoleContributor},
	PermWorkCases:  {foi.RoleAdmin, foi.RoleOfficer, foi.RoleReviewer},
	PermContribute: {foi.RoleContributor},
	PermApprove:    {foi.RoleAdmin, foi.RoleReviewer},
	PermSend:       {foi.RoleAdmin, foi.RoleOfficer, foi.RoleReviewer},
	PermAdminister: {foi.RoleAdmin},
	PermAccount:    {foi.RoleAdmin, foi.RoleOfficer, foi.RoleReviewer, foi.RoleContributor},
}

// Can reports whether u (an enabled member of staff) holds p.
func Can(u *foi.User, p Permission) bool {
	if u == nil || u.Disabled {
		return false
	}
	for _, r := range matrix[p] {
		if r == u.Role {
			return true
		}
	}
	return false
}

// require returns EUNAUTH for no user and EFORBIDDEN for one without p.
func require(u *foi.User, p Permission, doing string) error {
	if u == nil || u.Disabled {
		return foi.Errorf(foi.EUNAUTH, "sign in to %s", doing)
	}
	if !Can(u, p) {
		return foi.Errorf(foi.EFORBIDDEN, "a %s may not %s", u.Role, doing)
	}
	return nil
}
