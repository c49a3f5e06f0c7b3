// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// newXLSX builds a workbook with a visible sheet of ordinary figures,
// lets build add a trap, and blanks excelize's own author property so that
// only the trap is found.
func newXLSX(t testing.TB, build func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{{"Year", "Requests", "Spend"}, {"2022/23", 1240, "£1,240"}, {"2023/24", 1312, "3%"}}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	if build != nil {
		build(f)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return withoutExcelizeAuthor(t, buf.Bytes())
}

// withoutExcelizeAuthor removes the author excelize writes into every new file.
func withoutExcelizeAuthor(t testing.TB, data []byte) []byte {
	core := readPart(t, data, "docProps/core.xml")
	return rezip(t, data, map[string]string{"docProps/core.xml": strings.Replace(core, "<dc:creator>xuri</dc:creator>", "", 1)})
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func addStaffSheet(t testing.TB, f *excelize.File) {
	_, err := f.NewSheet("Staff")
	must(t, err)
	must(t, f.SetSheetRow("Staff", "A1", &[]any{"Name", "Rank"}))
	must(t, f.SetSheetRow("Staff", "A2", &[]any{"Officer One", "Constable"}))
}

func TestXLSXTraps(t *testing.T) {
	const connections = `<?xml version="1.0" encoding="UTF-8"?><connections xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><connection id="1" name="HR database" type="1"><dbPr connection="DSN=HR;UID=jsmith" command="SELECT * FROM staff"/></connection></connections>`
	tests := []struct {
		name  string
		build func(t testing.TB, f *excelize.File)
		post  map[string]string
		want  string
		also  []string
		where string
	}{
		{name: "hidden sheet", want: "hidden-sheet", where: "sheet 'Staff' (hidden)", build: func(t testing.TB, f *excelize.File) {
			addStaffSheet(t, f)
			must(t, f.SetSheetVisible("Staff", false))
		}},
		{name: "very hidden sheet", want: "very-hidden-sheet", where: "sheet 'Staff' (very hidden)", build: func(t testing.TB, f *excelize.File) {
			addStaffSheet(t, f)
			must(t, f.SetSheetVisible("Staff", false, true))
		}},
		{name: "hidden rows", want: "hidden-rows", where: "sheet 'Sheet1', rows 3", build: func(t testing.TB, f *excelize.File) {
			must(t, f.SetRowVisible("Sheet1", 3, false))
		}},
		{name: "hidden columns", want: "hidden-columns", where: "sheet 'Sheet1', columns B", build: func(t testing.TB, f *excelize.File) {
			must(t, f.SetColVisible("Sheet1", "B", false))
		}},
		{name: "pivot cache", want: "pivot-cache", build: func(t testing.TB, f *excelize.File) {
			must(t, f.AddPivotTable(&excelize.PivotTableOptions{
				DataRange: "Sheet1!A1:B3", PivotTableRange: "Sheet1!E1:G6",
				Rows: []excelize.PivotTableField{{Data: "Year"}}, Data: []excelize.PivotTableField{{Data: "Requests", Subtotal: "Sum"}},
			}))
		}},
		{name: "external connection", want: "external-connection", where: "xl/connections.xml, connection 'HR database'", post: map[string]string{"xl/connections.xml": connections}},
		{name: "defined name to hidden sheet", want: "defined-name-outside", also: []string{"hidden-sheet"}, build: func(t testing.TB, f *excelize.File) {
			addStaffSheet(t, f)
			must(t, f.SetSheetVisible("Staff", false))
			must(t, f.SetDefinedName(&excelize.DefinedName{Name: "Officers", RefersTo: "Staff!$A$1:$B$2"}))
		}},
		{name: "comments", want: "comments", build: func(t testing.TB, f *excelize.File) {
			must(t, f.AddComment("Sheet1", excelize.Comment{Cell: "B2", Author: "Jo", Paragraph: []excelize.RichTextRun{{Text: "check with Jo before release"}}}))
		}},
		{name: "white text", want: "invisible-text", where: "sheet 'Sheet1', cells D2", build: func(t testing.TB, f *excelize.File) {
			s, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "FFFFFF"}})
			must(t, err)
			must(t, f.SetCellValue("Sheet1", "D2", "complainant: Mr Jones"))
			must(t, f.SetCellStyle("Sheet1", "D2", "D2", s))
		}},
		{name: ";;; number format", want: "invisible-text", where: "sheet 'Sheet1', cells D3", build: func(t testing.TB, f *excelize.File) {
			code := ";;;"
			s, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
			must(t, err)
			must(t, f.SetCellValue("Sheet1", "D3", 42))
			must(t, f.SetCellStyle("Sheet1", "D3", "D3", s))
		}},
		{name: "document properties", want: "document-properties", build: func(t testing.TB, f *excelize.File) {
			must(t, f.SetDocProps(&excelize.DocProperties{Creator: "Jane Smith", LastModifiedBy: "Bob Jones"}))
		}},
		{name: "embedded object", want: "embedded-object", where: "xl/embeddings/oleObject1.bin", post: map[string]string{"xl/embeddings/oleObject1.bin": "\xD0\xCF\x11\xE0 an embedded workbook"}},
		{name: "personal data in a cell", want: "personal-data:email", where: "sheet 'Sheet1' cell A5, characters 1-18", build: func(t testing.TB, f *excelize.File) {
			must(t, f.SetCellValue("Sheet1", "A5", "jsmith@example.com"+" "))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := newXLSX(t, func(f *excelize.File) {
				if tt.build != nil {
					tt.build(t, f)
				}
			})
			if tt.post != nil {
				data = rezip(t, data, tt.post)
			}
			fs := File("trap.xlsx", data, Options{})
			wantKinds(t, fs, append([]string{tt.want}, tt.also...)...)
			if f, ok := find(fs, tt.want); ok && tt.where != "" && f.Where != tt.where {
				t.Errorf("where = %q, want %q", f.Where, tt.where)
			}
		})
	}
}

func TestXLSXDocumentPropertiesAreMasked(t *testing.T) {
	data := newXLSX(t, func(f *excelize.File) {
		must(t, f.SetDocProps(&excelize.DocProperties{Creator: "Jane Smith", LastModifiedBy: "Bob Jones"}))
	})
	f, ok := find(File("x.xlsx", data, Options{}), "document-properties")
	if !ok || f.Excerpt != "author: J*** S****; last modified by: B** J****" || !f.Fixable {
		t.Fatalf("got %+v", f)
	}
}

func TestCleanXLSXPasses(t *testing.T) {
	wantKinds(t, File("figures.xlsx", newXLSX(t, nil), Options{}))
}

func TestXLSXNameIsNotTrusted(t *testing.T) {
	data := newXLSX(t, func(f *excelize.File) {
		addStaffSheet(t, f)
		must(t, f.SetSheetVisible("Staff", false))
	})
	wantKinds(t, File("figures.csv", data, Options{}), "hidden-sheet")
}
