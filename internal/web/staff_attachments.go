// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

func (s *Server) attachmentUpload(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, err := caseRef(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, casework.MaxAttachment+1<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return foi.Errorf(foi.EINVALID, "The file is larger than %d MB", casework.MaxAttachment>>20)
		}
		return s.refused(w, r, u, foi.Errorf(foi.EINVALID, "Choose a file to upload"), "file", 0)
	}
	defer r.MultipartForm.RemoveAll()
	f, h, err := r.FormFile("file")
	if err != nil {
		return s.refused(w, r, u, foi.Errorf(foi.EINVALID, "Choose a file to upload"), "file", 0)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, casework.MaxAttachment+1))
	if err != nil {
		return err
	}
	if _, err := s.Service.AddAttachment(r.Context(), u, ref, casework.Upload{Name: h.Filename, Data: data,
		Release: r.FormValue("release") == "yes"}); err != nil {
		return s.refused(w, r, u, err, "file", 0)
	}
	backToCase(w, r, ref, "attachment", "attachments")
	return nil
}

func (s *Server) attachmentDownload(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, id, err := refAndID(r)
	if err != nil {
		return err
	}
	a, data, err := s.Service.ReadAttachment(r.Context(), u, ref, id)
	if err != nil {
		return err
	}
	return sendFile(w, a.Name, a.ContentType, data)
}

// sendFile writes a stored file as a download: always a download, never
// shown inline, since an uploaded file must not run as a page of this site.
func sendFile(w http.ResponseWriter, name, contentType string, data []byte) error {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Content-Security-Policy", "sandbox")
	h.Set("X-Content-Type-Options", "nosniff")
	_, err := w.Write(data)
	return err
}

func (s *Server) attachmentRelease(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	ref, id, err := refAndID(r)
	if err != nil {
		return err
	}
	if err := s.Service.MarkAttachment(r.Context(), u, ref, id, r.PostFormValue("release") == "yes"); err != nil {
		return s.refused(w, r, u, err, "attachments", 0)
	}
	backToCase(w, r, ref, "release", "attachments")
	return nil
}
