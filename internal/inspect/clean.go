// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
)

// ErrCannotClean is returned (wrapped) by Clean when it cannot make a
// clean copy of a file, or when some of the kinds asked for remain in it.
var ErrCannotClean = errors.New("cannot clean")

// Clean makes a copy of a file with the mechanical fixes for the given
// finding kinds applied (every fixable kind when kinds is empty), then
// inspects the copy again: removed lists the findings of the original that
// the copy no longer has. The original is never changed.
//
// What Clean fixes: document properties and metadata (XLSX, DOCX, ODS,
// ODT, PDF document information and XMP); comments and notes (XLSX, DOCX,
// ODS, ODT); hidden and very hidden sheets (XLSX, deleted with the names
// that point into them); tracked changes (DOCX, ODT: insertions accepted,
// deletions dropped, as "Accept all changes" would); hidden text (DOCX,
// ODT: removed); EXIF and GPS (JPEG, PNG: the metadata blocks dropped, the
// pixels untouched); formula cells in CSV (prefixed with an apostrophe, so
// they are shown as text); in PDF, earlier revisions kept by incremental
// updates, annotations and attached files (the file is rewritten with only
// the objects its pages use).
//
// What Clean cannot fix, because the right answer needs a person: hidden
// rows and columns (deleting them would change totals and formulas), pivot
// caches and external connections (the tables depend on them), invisible
// cells, defined names that do not point at a hidden sheet, embedded
// objects, text under PDF boxes (the text must be truly redacted, not
// covered), and personal data in the visible content. For those Clean
// returns the copy with what it could do, and an error wrapping
// ErrCannotClean that names what remains.
func Clean(name string, data []byte, kinds []string) (cleaned []byte, removed []Finding, err error) {
	before := File(name, data, Options{})
	for _, f := range before {
		switch f.Kind {
		case "unreadable", "encrypted", "unknown-format":
			return nil, nil, fmt.Errorf("%w: %s: %s", ErrCannotClean, name, f.Why)
		}
	}
	want := map[string]bool{}
	for _, k := range kinds {
		want[k] = true
	}
	if len(kinds) == 0 {
		for _, f := range before {
			if f.Fixable {
				want[f.Kind] = true
			}
		}
	}
	present := false
	for _, f := range before {
		present = present || want[f.Kind]
	}
	if !present {
		return append([]byte(nil), data...), nil, nil
	}
	switch format := sniffDeep(data); format {
	case "xlsx":
		cleaned, err = cleanXLSX(data, want)
	case "docx":
		cleaned, err = cleanDOCX(data, want)
	case "ods", "odt":
		cleaned, err = cleanODF(data, want)
	case "csv":
		cleaned, err = cleanCSV(data, want)
	case "jpeg", "png":
		cleaned, err = cleanImage(format, data, want)
	case "pdf":
		cleaned, err = cleanPDF(data, want)
	default:
		err = fmt.Errorf("%w: %s: no clean copy can be made of this kind of file", ErrCannotClean, name)
	}
	if err != nil {
		return nil, nil, err
	}
	after := File(name, cleaned, Options{})
	still := map[string]bool{}
	var remaining []string
	for _, f := range after {
		switch f.Kind {
		case "unreadable", "unknown-format", "encrypted":
			return nil, nil, fmt.Errorf("%w: %s: the cleaned copy could not be read back (%s)", ErrCannotClean, name, f.Why)
		}
		still[f.Kind+"\x00"+f.Where] = true
		if want[f.Kind] {
			remaining = append(remaining, f.Kind)
		}
	}
	for _, f := range before {
		if want[f.Kind] && !still[f.Kind+"\x00"+f.Where] {
			removed = append(removed, f)
		}
	}
	if len(remaining) > 0 {
		sort.Strings(remaining)
		return cleaned, removed, fmt.Errorf("%w: %s still has %s", ErrCannotClean, name, strings.Join(compact(remaining), ", "))
	}
	return cleaned, removed, nil
}

func compact(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// sniffDeep names the format as the inspector reads it, looking inside zips.
func sniffDeep(data []byte) string {
	format := sniff(data)
	switch format {
	case "zip":
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return "zip"
		}
		has := map[string]*zip.File{}
		for _, f := range zr.File {
			has[f.Name] = f
		}
		switch {
		case has["xl/workbook.xml"] != nil:
			return "xlsx"
		case has["word/document.xml"] != nil:
			return "docx"
		case has["mimetype"] != nil:
			rc, err := has["mimetype"].Open()
			if err != nil {
				return "zip"
			}
			defer rc.Close()
			b, _ := io.ReadAll(io.LimitReader(rc, 200))
			switch strings.TrimSpace(string(b)) {
			case "application/vnd.oasis.opendocument.spreadsheet":
				return "ods"
			case "application/vnd.oasis.opendocument.text":
				return "odt"
			}
		}
	case "text":
		if _, ok := parseCSV(newRun(Options{}), bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))); ok {
			return "csv"
		}
	}
	return format
}

// rewriteZip copies a zip part by part through edit, which returns the new
// content, or keep=false to leave the part out. Order and compression are
// kept (OpenDocument needs its mimetype part first and stored). Pictures in
// the document's media folder lose their EXIF and GPS blocks when
// wantImages asks for it.
func rewriteZip(data []byte, wantImages map[string]bool, edit func(name string, content []byte) (out []byte, keep bool, err error)) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		content, err := io.ReadAll(io.LimitReader(rc, 8*DefaultMaxBytes))
		rc.Close()
		if err != nil {
			return nil, err
		}
		out, keep, err := edit(f.Name, content)
		if err == nil && keep && (wantImages["exif"] || wantImages["gps"]) && isMediaPart(f.Name) {
			if format := sniff(out); format == "jpeg" || format == "png" {
				out, err = cleanImage(format, out, wantImages)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		if !keep {
			continue
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: f.Method, Modified: f.Modified})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(out); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

var (
	reCompanyManager = regexp.MustCompile(`(?s)<(Company|Manager)>.*?</(Company|Manager)>|<(Company|Manager)\s*/>`)
	reCustomProperty = regexp.MustCompile(`(?s)<property\b.*?</property>`)
)

// blankOOXMLProperties clears the people in docProps: core.xml keeps only
// its dates, app.xml loses company and manager, custom.xml its properties.
func blankOOXMLProperties(name string, content []byte) []byte {
	switch name {
	case "docProps/core.xml":
		return []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"></cp:coreProperties>`)
	case "docProps/app.xml":
		return reCompanyManager.ReplaceAll(content, nil)
	case "docProps/custom.xml":
		return reCustomProperty.ReplaceAll(content, nil)
	}
	return content
}

// cleanCSV quotes formula cells with a leading apostrophe, the form
// spreadsheets show as text.
func cleanCSV(data []byte, want map[string]bool) ([]byte, error) {
	if !want["formula-cell"] {
		return append([]byte(nil), data...), nil
	}
	text := bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	r := newRun(Options{})
	for _, sep := range []rune{',', ';', '\t'} {
		rows, ok := parseCSVWith(r, text, sep)
		if !ok {
			continue
		}
		for _, row := range rows {
			for j, cell := range row {
				if isFormulaCell(cell) {
					row[j] = "'" + cell
				}
			}
		}
		return writeCSV(rows, sep, bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")))
	}
	return nil, fmt.Errorf("%w: the CSV could not be read", ErrCannotClean)
}

func isMediaPart(name string) bool {
	return strings.HasPrefix(name, "word/media/") || strings.HasPrefix(name, "xl/media/") || strings.HasPrefix(name, "Pictures/")
}
