// Package inspecttest makes files with the traps disclosure safety must
// catch, for tests of the packages that release files (casework, mail,
// web). The inspect package's own tests build their traps themselves.
package inspecttest

import (
	"bytes"
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
