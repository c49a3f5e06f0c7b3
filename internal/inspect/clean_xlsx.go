// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"
)

// cleanXLSX deletes hidden sheets (and the names that point into them)
// and comments through excelize, which keeps the workbook consistent, then
// blanks the document properties part by part.
func cleanXLSX(data []byte, want map[string]bool) ([]byte, error) {
	r := newRun(Options{})
	z, err := openZip(r, data)
	if err != nil {
		return nil, err
	}
	sheets, _ := readWorkbook(r, z)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: excelize cannot open the workbook: %v", ErrCannotClean, err)
	}
	defer f.Close()
	for _, s := range sheets {
		if (s.state == "hidden" && want["hidden-sheet"]) || (s.state == "veryHidden" && want["very-hidden-sheet"]) {
			for _, dn := range f.GetDefinedName() {
				if refersToHidden(dn.RefersTo, map[string]bool{strings.ToLower(s.name): true}) {
					if err := f.DeleteDefinedName(&dn); err != nil {
						return nil, err
					}
				}
			}
			if err := f.DeleteSheet(s.name); err != nil {
				return nil, fmt.Errorf("deleting sheet %q: %w", s.name, err)
			}
		}
	}
	if want["comments"] {
		for _, sheet := range f.GetSheetList() {
			comments, err := f.GetComments(sheet)
			if err != nil {
				return nil, err
			}
			for _, c := range comments {
				if err := f.DeleteComment(sheet, c.Cell); err != nil {
					return nil, fmt.Errorf("deleting the comment at %s!%s: %w", sheet, c.Cell, err)
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return rewriteZip(buf.Bytes(), want, func(name string, content []byte) ([]byte, bool, error) {
		if want["document-properties"] {
			content = blankOOXMLProperties(name, content)
		}
		if want["comments"] && strings.HasPrefix(name, "xl/threadedComments/") {
			content = reThreadedComment.ReplaceAll(content, nil)
		}
		return content, true, nil
	})
}

var reThreadedComment = regexp.MustCompile(`(?s)<threadedComment\b.*?</threadedComment>|<threadedComment\b[^>]*/>`)
