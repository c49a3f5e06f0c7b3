// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"disclose/internal/foi"
)

var shownTrackingLink = regexp.MustCompile(`id="tracking-link">[^<]*(/track/[^<]+)<`)

// Staff see on the case page whether the requester has a working tracking
// link, revoke it (it stops opening the request at once) and issue a new
// one, shown once. A department contact sees none of it.
func TestTrackingLinkOnTheCasePage(t *testing.T) {
	f := newStaffFixture(t)
	officer := f.signedIn(t, foi.RoleOfficer)
	casePath := "/staff/cases/" + f.ref.Slug()
	if _, body := f.get(t, officer, casePath); !strings.Contains(body, "No working tracking link") {
		t.Fatalf("a case logged by staff should have no tracking link:\n%s", body)
	}
	resp, body := f.postBody(t, officer, casePath+"/tracking", nil)
	m := shownTrackingLink.FindStringSubmatch(body)
	if resp.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("issuing a link: %d, no link shown", resp.StatusCode)
	}
	link := m[1]
	if r, _ := f.get(t, client(t), link); r.StatusCode != http.StatusOK {
		t.Fatalf("the new link: %d", r.StatusCode)
	}
	if _, body := f.get(t, officer, casePath); !strings.Contains(body, "has a working tracking link") || !strings.Contains(body, `id="tracking-revoke"`) {
		t.Errorf("the case page does not show the working link")
	}
	if _, body := f.get(t, f.signedIn(t, foi.RoleContributor), casePath); strings.Contains(body, "tracking link") {
		t.Error("a department contact is shown the requester's tracking link")
	}
	if resp := f.post(t, officer, casePath+"/tracking/revoke", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoking: %d", resp.StatusCode)
	}
	if r, _ := f.get(t, client(t), link); r.StatusCode == http.StatusOK {
		t.Errorf("the revoked link still opens the request")
	}
	if _, body := f.get(t, officer, casePath); !strings.Contains(body, "No working tracking link. 1 revoked.") {
		t.Errorf("after revoking, the case page should say so")
	}
}
