// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/inspecttest"
)

// An officer blacks out a name in a PDF from the case page: a phrase that
// is not in the file is refused beside the field and changes nothing; the
// redacted copy is then listed, released instead of the original, and the
// redaction log shows the words to staff.
func TestCasePageRedactsAPDF(t *testing.T) {
	f := newStaffFixture(t)
	officer := f.users[foi.RoleOfficer]
	a, err := f.svc.AddAttachment(ctx, officer, f.ref, casework.Upload{Name: "reply.pdf",
		Data: inspecttest.TextPDF("Dear Sam Researcher,", "The signs cost 2,000 pounds."), Release: true})
	if err != nil {
		t.Fatal(err)
	}
	c := f.signedIn(t, foi.RoleOfficer)
	page := "/staff/cases/" + f.ref.Slug()
	if _, body := f.get(t, c, page); !strings.Contains(body, `id="redact-pdf"`) || !strings.Contains(body, ">reply.pdf</option>") {
		t.Fatalf("the case page offers no PDF redaction for reply.pdf")
	}
	form := url.Values{"attachment": {itoa(a.ID)}, "phrases": {"Mrs Nobody"}, "reason": {"s40(2)"}}
	resp, body := f.postBody(t, c, page+"/pdf-redactions", form)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Mrs Nobody") || !strings.Contains(body, "redact-pdf-phrases-error") {
		t.Errorf("a phrase not in the PDF: %d, want 400 with the error beside the field", resp.StatusCode)
	}
	if list, _ := f.svc.Store.FindAttachments(ctx, a.RequestID); len(list) != 2 { // the fixture's file and reply.pdf
		t.Errorf("after a refused redaction there are %d files, want 2", len(list))
	}
	form.Set("phrases", "Sam Researcher\r\n")
	if resp := f.post(t, c, page+"/pdf-redactions", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("redacting: %d", resp.StatusCode)
	}
	list, err := f.svc.Store.FindAttachments(ctx, a.RequestID)
	if err != nil {
		t.Fatal(err)
	}
	var original, copy *foi.CaseAttachment
	for _, x := range list {
		switch x.Name {
		case "reply.pdf":
			original = x
		case "reply (redacted).pdf":
			copy = x
		}
	}
	if original == nil || copy == nil || original.Release || !copy.Release || copy.CleanOf != original.ID {
		t.Fatalf("after redacting: original %+v, copy %+v; want the copy released in the original's place", original, copy)
	}
	_, body = f.get(t, c, page)
	log, _, _ := strings.Cut(body[strings.Index(body, `id="redaction-log"`)+1:], "</table>")
	if !strings.Contains(log, "Sam Researcher") || !strings.Contains(log, "s40(2)") {
		t.Errorf("the redaction log does not show the blacked-out words and the exemption")
	}
}
