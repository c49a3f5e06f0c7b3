// SPDX-License-Identifier: AGPL-3.0-or-later

// Package inspecttest makes files with the traps disclosure safety must
// catch, for tests of the packages that release files (casework, mail,
// web). The inspect package's own tests build their traps themselves.
package inspecttest

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"
)

// HiddenSheetXLSX is a workbook whose visible sheet holds ordinary figures
// and whose hidden sheet "Staff" holds staff names and salaries: the
// classic FOI breach. excelize also writes its own author ("xuri") into
// the document properties.
func HiddenSheetXLSX(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{{"Year", "Requests"}, {"2024/25", 1240}, {"2025/26", 1312}}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.NewSheet("Staff"); err != nil {
		t.Fatal(err)
	}
	staff := [][]any{{"Name", "Salary"}, {"Alex Jones", 41250}, {"Sam Patel", 39800}}
	for i, row := range staff {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Staff", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetSheetVisible("Staff", false); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TextPDF is a one-page A4 PDF with each line drawn in Helvetica, 14
// points, one line under another from the top.
func TextPDF(lines ...string) []byte {
	var content bytes.Buffer
	for i, l := range lines {
		fmt.Fprintf(&content, "BT /F1 14 Tf 72 %d Td (%s) Tj ET\n", 760-24*i, l)
	}
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", content.Len(), content.String()),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}
