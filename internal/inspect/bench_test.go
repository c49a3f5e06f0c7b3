// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

import (
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// BenchmarkFileXLSX inspects a 5,000-row, 6-column workbook with a hidden
// sheet and comments: a large FOI spreadsheet.
func BenchmarkFileXLSX(b *testing.B) {
	data := newXLSX(b, func(f *excelize.File) {
		for r := 4; r < 5004; r++ {
			row := []any{fmt.Sprintf("Ref %d", r), "Highways", r * 3, "Closed", "2023/24", fmt.Sprintf("£%d", r)}
			cell, _ := excelize.CoordinatesToCellName(1, r)
			must(b, f.SetSheetRow("Sheet1", cell, &row))
		}
		addStaffSheet(b, f)
		must(b, f.SetSheetVisible("Staff", false))
	})
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if fs := File("big.xlsx", data, Options{}); len(fs) != 1 {
			b.Fatalf("findings: %s", describe(fs))
		}
	}
}

// BenchmarkText scans a 10,000-character answer with a requester's details to look for.
func BenchmarkText(b *testing.B) {
	text := strings.Repeat("The council spent £1,240 on agency staff in 2023/24, a rise of 3%; see FOI 12748. ", 120)
	opts := Options{Requester: []string{"Amara Okafor", "amara@example.net", "07700 900456", "12 Acacia Avenue, Leeds LS1 4AB"}}
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		if fs := Text("answer", text, opts); len(fs) != 0 {
			b.Fatal(describe(fs))
		}
	}
}
