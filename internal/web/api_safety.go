// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/inspect"
)

// The disclosure-safety API: a case's findings and what they block,
// overrides with a reason, clean copies and redactions, with the same
// rules as the case page.

type findingJSON struct {
	ID           int64  `json:"id"`
	Subject      string `json:"subject"`
	In           string `json:"in"`
	AttachmentID int64  `json:"attachment_id,omitempty"`
	Kind         string `json:"kind"`
	Where        string `json:"where"`
	Why          string `json:"why"`
	Excerpt      string `json:"excerpt,omitempty"`
	Fixable      bool   `json:"fixable"`
	Status       string `json:"status"`
	Current      bool   `json:"current"`
	Note         string `json:"note,omitempty"`
	FoundAt      string `json:"found_at"`
	ClosedAt     string `json:"closed_at,omitempty"`
	ClosedBy     string `json:"closed_by,omitempty"`
}

type redactionJSON struct {
	ID       int64  `json:"id"`
	Subject  string `json:"subject"`
	Original string `json:"original"`
	Masked   string `json:"masked"`
	Reason   string `json:"reason"`
	Count    int    `json:"count"`
	At       string `json:"at"`
	By       string `json:"by"`
}

type safetyJSON struct {
	Reference       string          `json:"reference"`
	Findings        []findingJSON   `json:"findings"`
	BlockingSend    []int64         `json:"blocking_send"`
	BlockingPublish []int64         `json:"blocking_publish"`
	Redactions      []redactionJSON `json:"redactions"`
}

func instantJSON(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

func toFindingJSON(f casework.CaseFinding) findingJSON {
	return findingJSON{ID: f.ID, Subject: f.Subject, In: f.Label, AttachmentID: f.AttachmentID, Kind: f.Kind, Where: f.Where,
		Why: f.Why, Excerpt: f.Excerpt, Fixable: f.Fixable, Status: string(f.Status), Current: f.Current, Note: f.Note,
		FoundAt: instantJSON(f.FoundAt), ClosedAt: instantJSON(f.ClosedAt), ClosedBy: f.ClosedBy}
}

func toRedactionJSON(x *foi.Redaction) redactionJSON {
	return redactionJSON{ID: x.ID, Subject: x.Subject, Original: x.Original, Masked: x.Masked, Reason: x.Reason,
		Count: x.Count, At: instantJSON(x.At), By: x.By}
}

func (s *Server) safetyFor(r *http.Request, actor *foi.User, ref foi.Reference) (*casework.Safety, error) {
	req, _, err := s.Service.FindRequest(r.Context(), actor, ref)
	if err != nil {
		return nil, err
	}
	return s.Service.CaseSafety(r.Context(), actor, req)
}

// listFindingsAPI is GET /api/v1/requests/{ref}/findings.
func (s *Server) listFindingsAPI(w http.ResponseWriter, r *http.Request) error {
	actor, ref, err := s.staffAndRef(r)
	if err != nil {
		return err
	}
	sf, err := s.safetyFor(r, actor, ref)
	if err != nil {
		return err
	}
	out := safetyJSON{Reference: ref.String(), Findings: []findingJSON{}, BlockingSend: []int64{}, BlockingPublish: []int64{},
		Redactions: []redactionJSON{}}
	for _, f := range sf.Findings {
		out.Findings = append(out.Findings, toFindingJSON(f))
	}
	for _, f := range sf.BlockSend {
		out.BlockingSend = append(out.BlockingSend, f.ID)
	}
	for _, f := range sf.BlockPublish {
		out.BlockingPublish = append(out.BlockingPublish, f.ID)
	}
	for _, x := range sf.Redactions {
		out.Redactions = append(out.Redactions, toRedactionJSON(x))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// overrideFindingAPI is POST /api/v1/requests/{ref}/findings/{id}/override.
func (s *Server) overrideFindingAPI(w http.ResponseWriter, r *http.Request) error {
	actor, ref, err := s.staffAndRef(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return foi.Errorf(foi.ENOTFOUND, "no finding %q", r.PathValue("id"))
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if _, err := s.Service.OverrideFinding(r.Context(), actor, ref, id, in.Reason); err != nil {
		return err
	}
	sf, err := s.safetyFor(r, actor, ref)
	if err != nil {
		return err
	}
	for _, f := range sf.Findings {
		if f.ID == id {
			writeJSON(w, http.StatusOK, toFindingJSON(f))
			return nil
		}
	}
	return foi.Errorf(foi.ENOTFOUND, "no finding %d", id)
}

type cleanCopyJSON struct {
	OriginalID int64    `json:"original_id"`
	CopyID     int64    `json:"copy_id"`
	Name       string   `json:"name"`
	SHA256     string   `json:"sha256"`
	Removed    []string `json:"removed"`
	Remaining  string   `json:"remaining,omitempty"`
}

// cleanCopyAPI is POST /api/v1/requests/{ref}/attachments/{id}/clean-copy.
func (s *Server) cleanCopyAPI(w http.ResponseWriter, r *http.Request) error {
	actor, ref, err := s.staffAndRef(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return foi.Errorf(foi.ENOTFOUND, "no attachment %q", r.PathValue("id"))
	}
	cc, err := s.Service.MakeCleanCopy(r.Context(), actor, ref, id)
	if err != nil {
		return err
	}
	out := cleanCopyJSON{OriginalID: cc.Original.ID, CopyID: cc.Copy.ID, Name: cc.Copy.Name, SHA256: cc.Copy.Hash,
		Removed: []string{}, Remaining: cc.Remaining}
	for _, f := range cc.Removed {
		out.Removed = append(out.Removed, f.Kind+" at "+f.Where)
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

type redactedFileJSON struct {
	OriginalID int64           `json:"original_id"`
	CopyID     int64           `json:"copy_id"`
	Name       string          `json:"name"`
	SHA256     string          `json:"sha256"`
	Pages      int             `json:"pages"`
	DPI        int             `json:"dpi"`
	Redactions []redactionJSON `json:"redactions"`
}

// redactPDFAPI is POST /api/v1/requests/{ref}/attachments/{id}/redact:
// words and page areas of a PDF blacked out in a flattened copy.
func (s *Server) redactPDFAPI(w http.ResponseWriter, r *http.Request) error {
	actor, ref, err := s.staffAndRef(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return foi.Errorf(foi.ENOTFOUND, "no attachment %q", r.PathValue("id"))
	}
	var in struct {
		Phrases   []string         `json:"phrases"`
		Regions   []inspect.Region `json:"regions"`
		Exemption string           `json:"exemption"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	res, err := s.Service.RedactPDF(r.Context(), actor, ref, id, casework.RedactFile{Phrases: in.Phrases, Regions: in.Regions, Reason: in.Exemption})
	if err != nil {
		return err
	}
	out := redactedFileJSON{OriginalID: res.Original.ID, CopyID: res.Copy.ID, Name: res.Copy.Name, SHA256: res.Copy.Hash,
		Pages: res.Report.Pages, DPI: res.Report.DPI, Redactions: []redactionJSON{}}
	for _, x := range res.Redactions {
		out.Redactions = append(out.Redactions, toRedactionJSON(x))
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

// redactAPI is POST /api/v1/requests/{ref}/redactions: a phrase in a
// text, or what a finding matched.
func (s *Server) redactAPI(w http.ResponseWriter, r *http.Request) error {
	actor, ref, err := s.staffAndRef(r)
	if err != nil {
		return err
	}
	var in struct {
		Subject   string `json:"subject"`
		Phrase    string `json:"phrase"`
		FindingID int64  `json:"finding_id"`
		Reason    string `json:"reason"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	var x *foi.Redaction
	switch {
	case in.FindingID != 0 && (in.Subject != "" || in.Phrase != ""):
		return foi.Errorf(foi.EINVALID, "give either finding_id or subject and phrase, not both")
	case in.FindingID != 0:
		x, err = s.Service.RedactFinding(r.Context(), actor, ref, in.FindingID, in.Reason)
	default:
		x, err = s.Service.RedactText(r.Context(), actor, ref, casework.Redact{Subject: in.Subject, Phrase: in.Phrase, Reason: in.Reason})
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toRedactionJSON(x))
	return nil
}
