// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// inspectPlain checks a text file: as CSV when it has the shape of one
// (every row split into the same number of fields, at least two), else as
// plain text.
func inspectPlain(r *run, data []byte) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if rows, ok := parseCSV(r, data); ok {
		inspectCSV(r, rows)
		return
	}
	r.text("text", string(data))
}

func parseCSV(r *run, data []byte) ([][]string, bool) {
	for _, sep := range []rune{',', ';', '\t'} {
		if rows, ok := parseCSVWith(r, data, sep); ok {
			return rows, true
		}
	}
	return nil, false
}

func parseCSVWith(r *run, data []byte, sep rune) ([][]string, bool) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = sep
	cr.FieldsPerRecord = 0 // every row as wide as the first
	cr.LazyQuotes = true   // exported files often hold a bare quote inside a field
	var rows [][]string
	for {
		r.tick()
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, false
		}
		rows = append(rows, rec)
	}
	return rows, len(rows) >= 2 && len(rows[0]) >= 2
}

func writeCSV(rows [][]string, sep rune, bom bool) ([]byte, error) {
	var buf bytes.Buffer
	if bom {
		buf.WriteString("\xEF\xBB\xBF")
	}
	w := csv.NewWriter(&buf)
	w.Comma = sep
	if err := w.WriteAll(rows); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func inspectCSV(r *run, rows [][]string) {
	var formulas []string
	for i, row := range rows {
		var cells, refs []string
		for j, cell := range row {
			where := fmt.Sprintf("row %d, column %s", i+1, colName(j+1))
			if isFormulaCell(cell) {
				formulas = append(formulas, fmt.Sprintf("%s%d", colName(j+1), i+1))
			}
			r.text(where, cell)
			if strings.TrimSpace(cell) != "" {
				cells, refs = append(cells, cell), append(refs, fmt.Sprintf("%s%d", colName(j+1), i+1))
			}
		}
		r.acrossCells(fmt.Sprintf("row %d", i+1), cells, refs)
	}
	if len(formulas) > 0 {
		more := ""
		if len(formulas) > 10 {
			more = fmt.Sprintf(" and %d more", len(formulas)-10)
			formulas = formulas[:10]
		}
		r.add("formula-cell", "cells "+strings.Join(formulas, ", ")+more, "A cell starting with = + - or @ runs as a formula when the file is opened in a spreadsheet, which can fetch data or run commands on the reader's computer.", "", true)
	}
}

// isFormulaCell reports a CSV cell that a spreadsheet would evaluate:
// starting with = + - @ (or a tab or carriage return before one), unless
// it is a plain number such as -5 or +0.5.
func isFormulaCell(cell string) bool {
	if cell == "" {
		return false
	}
	c := strings.TrimLeft(cell, "\t\r ")
	if c == "" || !strings.ContainsRune("=+-@", rune(c[0])) {
		return false
	}
	if _, err := strconv.ParseFloat(strings.ReplaceAll(c, ",", ""), 64); err == nil {
		return false
	}
	return true
}
