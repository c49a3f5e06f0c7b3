// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime"
	"net/http"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"disclose/internal/foi"
)

// MaxAttachment bounds one upload. Contents are stored in the database
// (the blobs table) so that every process sees them; at scale they move
// to object storage behind the same hash.
const MaxAttachment = 20 << 20

// allowedTypes maps each accepted file extension to the content types the
// sniffer may report for it. A file whose bytes do not look like its
// extension is refused: a renamed executable is not a PDF.
var allowedTypes = map[string][]string{
	".pdf":  {"application/pdf"},
	".txt":  {"text/plain"},
	".csv":  {"text/plain", "text/csv"},
	".png":  {"image/png"},
	".jpg":  {"image/jpeg"},
	".jpeg": {"image/jpeg"},
	".gif":  {"image/gif"},
	".eml":  {"text/plain"},
	// Office files are zip containers (OOXML) or OLE compound files.
	".docx": {"application/zip"},
	".xlsx": {"application/zip"},
	".pptx": {"application/zip"},
	".odt":  {"application/zip"},
	".ods":  {"application/zip"},
	".doc":  {"application/octet-stream"},
	".xls":  {"application/octet-stream"},
}

// oleSignature begins every OLE compound file ([MS-CFB] 2.2, the header
// signature): legacy .doc and .xls are such files, so one without it is
// not what its name says. The generic sniffer calls both "octet-stream",
// which would accept any binary at all.
var oleSignature = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// signatures are the first bytes an extension requires beyond its sniffed type.
var signatures = map[string][]byte{".doc": oleSignature, ".xls": oleSignature}

// Upload is a file as it arrives.
type Upload struct {
	Name    string
	Data    []byte
	Release bool
}

// AddAttachment stores a file on a case by the SHA-256 of its content.
func (s *Service) AddAttachment(ctx context.Context, actor *foi.User, ref foi.Reference, up Upload) (*foi.CaseAttachment, error) {
	if err := require(actor, PermWorkCases, "add attachments"); err != nil {
		return nil, err
	}
	name, contentType, err := checkFile(up.Name, up.Data)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(up.Data)
	a := &foi.CaseAttachment{Name: name, ContentType: contentType, Hash: hex.EncodeToString(sum[:]), Size: int64(len(up.Data)),
		Release: up.Release, UploadedBy: actor.Name}
	err = s.Store.Update(ctx, func(tx foi.Tx) error {
		r, err := tx.FindRequest(ctx, ref)
		if err != nil {
			return err
		}
		a.RequestID = r.ID
		if err := tx.PutBlob(ctx, a.Hash, up.Data); err != nil {
			return err
		}
		if err := tx.CreateAttachment(ctx, a); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: EventAttachment, ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("%s (%d bytes, sha256 %s)%s", name, a.Size, a.Hash[:12], releaseNote(a.Release))})
	})
	if err != nil {
		return nil, err
	}
	if a.Release {
		// Inspected now, so its findings show on the case before anyone
		// tries to send it; sending checks again.
		if err := s.refreshFindings(ctx, actor, ref, s.releasedScope); err != nil {
			return a, err
		}
	}
	return a, nil
}

// checkFile returns the name a file is kept under and its content type,
// or why it cannot be attached: empty, too large, a type not accepted, or
// content that does not match its extension.
func checkFile(rawName string, data []byte) (name, contentType string, err error) {
	name = filepath.Base(strings.ReplaceAll(strings.TrimSpace(rawName), `\`, "/"))
	if name == "" || name == "." || name == "/" || !utf8.ValidString(name) || len(name) > 200 {
		return "", "", foi.Errorf(foi.EINVALID, "choose a file to upload")
	}
	if len(data) == 0 {
		return "", "", foi.Errorf(foi.EINVALID, "%s is empty", name)
	}
	if len(data) > MaxAttachment {
		return "", "", foi.Errorf(foi.EINVALID, "%s is larger than %d MB", name, MaxAttachment>>20)
	}
	ext := strings.ToLower(filepath.Ext(name))
	want, ok := allowedTypes[ext]
	if !ok {
		return "", "", foi.Errorf(foi.EINVALID, "%s: files of type %q cannot be attached (PDF, Word, Excel, text, CSV, images and emails can)", name, ext)
	}
	sniffed, _, _ := mime.ParseMediaType(http.DetectContentType(data))
	if !contains(want, sniffed) {
		return "", "", foi.Errorf(foi.EINVALID, "%s does not look like a %s file (its content is %s)", name, ext, sniffed)
	}
	if sig, ok := signatures[ext]; ok && !bytes.HasPrefix(data, sig) {
		return "", "", foi.Errorf(foi.EINVALID, "%s does not look like a %s file (it is not an Office compound file)", name, ext)
	}
	contentType = mime.TypeByExtension(ext)
	if contentType == "" {
		contentType = sniffed
	}
	return name, contentType, nil
}

func releaseNote(release bool) string {
	if release {
		return ", for release"
	}
	return ", not for release"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func caseAttachment(ctx context.Context, rd foi.Reader, ref foi.Reference, id int64) (*foi.Request, *foi.CaseAttachment, error) {
	r, err := rd.FindRequest(ctx, ref)
	if err != nil {
		return nil, nil, err
	}
	a, err := rd.FindAttachment(ctx, id)
	if err != nil || a.RequestID != r.ID {
		return nil, nil, foi.Errorf(foi.ENOTFOUND, "%s has no attachment %d", r.Reference, id)
	}
	return r, a, nil
}

// MarkAttachment marks an attachment for release to the requester or not.
// A file marked for release is inspected at once. The original of a clean
// copy may be released again only once someone has overridden a finding
// on it: the clean copy exists because the original was not safe.
func (s *Service) MarkAttachment(ctx context.Context, actor *foi.User, ref foi.Reference, id int64, release bool) error {
	if err := require(actor, PermWorkCases, "mark attachments"); err != nil {
		return err
	}
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		r, a, err := caseAttachment(ctx, tx, ref, id)
		if err != nil {
			return err
		}
		if release && !a.Release {
			if err := mayReleaseOriginal(ctx, tx, a); err != nil {
				return err
			}
		}
		if !release && a.Release {
			if err := mayWithdraw(ctx, tx, r, a); err != nil {
				return err
			}
		}
		a.Release = release
		if err := tx.UpdateAttachment(ctx, a); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: EventAttachmentMark, ActorID: actor.ID, Actor: actor.Name,
			Note: a.Name + releaseNote(release)})
	})
	if err != nil || !release {
		return err
	}
	return s.refreshFindings(ctx, actor, ref, s.releasedScope)
}

// mayWithdraw refuses to take a file out of release while the case's entry
// in the disclosure log offers it: the public would be offered a file the
// case no longer stands behind, and retention could delete what the entry
// lists. The entry is republished without it first.
func mayWithdraw(ctx context.Context, rd foi.Reader, r *foi.Request, a *foi.CaseAttachment) error {
	listed, err := publishedFileIDs(ctx, rd, r.Reference)
	if err != nil || !listed[a.ID] {
		return err
	}
	return foi.Errorf(foi.ECONFLICT, "%s is published with %s in the disclosure log: republish the entry without it (or unpublish it) first", a.Name, r.Reference)
}

// publishedFileIDs are the files the case's log entry lists, whether or not
// the entry is public now (a taken-down entry is kept to be republished).
func publishedFileIDs(ctx context.Context, rd foi.Reader, ref foi.Reference) (map[int64]bool, error) {
	p, err := rd.FindPublication(ctx, ref)
	if foi.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	ids := make(map[int64]bool, len(p.Files))
	for _, f := range p.Files {
		ids[f.ID] = true
	}
	return ids, nil
}

// mayReleaseOriginal refuses to mark for release a file that has a clean
// copy, unless a finding on it was overridden.
func mayReleaseOriginal(ctx context.Context, rd foi.Reader, a *foi.CaseAttachment) error {
	has, err := hasCleanCopy(ctx, rd, a)
	if err != nil || !has {
		return err
	}
	fs, err := rd.FindFindings(ctx, a.RequestID)
	if err != nil {
		return err
	}
	for _, f := range fs {
		if f.Subject == foi.SubjectAttachment(a.ID) && f.Status == foi.FindingOverridden {
			return nil
		}
	}
	return foi.Errorf(foi.ECONFLICT, "%s has a clean copy, which is what is released: the original can be released only after someone who approves responses overrides its findings", a.Name)
}

// ReadAttachment returns an attachment and its content for staff, and
// records the download in the case history.
func (s *Service) ReadAttachment(ctx context.Context, actor *foi.User, ref foi.Reference, id int64) (*foi.CaseAttachment, []byte, error) {
	if err := require(actor, PermWorkCases, "download attachments"); err != nil {
		return nil, nil, err
	}
	var (
		a    *foi.CaseAttachment
		data []byte
	)
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		r, att, err := caseAttachment(ctx, tx, ref, id)
		if err != nil {
			return err
		}
		a = att
		if data, err = tx.FindBlob(ctx, a.Hash); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{RequestID: r.ID, Type: EventAttachmentRead, ActorID: actor.ID, Actor: actor.Name, Note: a.Name})
	})
	return a, data, err
}

// CaseExtras is what the case page shows besides the request and history.
type CaseExtras struct {
	Assignments []*foi.PartAssignment
	Letters     []*foi.Letter
	Attachments []*foi.CaseAttachment
	// Reviews are the internal reviews, oldest first; RegulatorCases the
	// complaints to the regulator and what followed.
	Reviews        []*foi.Review
	RegulatorCases []*foi.RegulatorCase
}

// FindCaseExtras reads a case's part assignments, letters, attachments,
// reviews and regulator cases
// for staff who handle it (the view itself is audited by FindRequest).
func (s *Service) FindCaseExtras(ctx context.Context, actor *foi.User, r *foi.Request) (CaseExtras, error) {
	var x CaseExtras
	var err error
	if x.Assignments, err = s.Store.FindPartAssignments(ctx, r.ID); err != nil {
		return x, err
	}
	if !Can(actor, PermWorkCases) {
		return x, nil
	}
	if x.Letters, err = s.Store.FindLetters(ctx, r.ID); err != nil {
		return x, err
	}
	if x.Attachments, err = s.Store.FindAttachments(ctx, r.ID); err != nil {
		return x, err
	}
	if x.Reviews, err = s.Store.FindReviews(ctx, r.ID); err != nil {
		return x, err
	}
	x.RegulatorCases, err = s.Store.FindRegulatorCases(ctx, r.ID)
	return x, err
}
