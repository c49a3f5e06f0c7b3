// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

import (
	"strings"
	"testing"
)

const odfNS = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"`

func newODT(t testing.TB, styles, body string, extra ...string) []byte {
	content := `<?xml version="1.0" encoding="UTF-8"?><office:document-content ` + odfNS + `><office:automatic-styles>` + styles +
		`</office:automatic-styles><office:body><office:text><text:p>The council received 1,240 requests in 2023/24.</text:p>` + body + `</office:text></office:body></office:document-content>`
	parts := append([]string{"mimetype", "application/vnd.oasis.opendocument.text", "content.xml", content}, extra...)
	return makeZip(t, parts...)
}

func newODS(t testing.TB, styles, tables string, extra ...string) []byte {
	content := `<?xml version="1.0" encoding="UTF-8"?><office:document-content ` + odfNS + `><office:automatic-styles>` + styles +
		`</office:automatic-styles><office:body><office:spreadsheet><table:table table:name="Figures"><table:table-column table:number-columns-repeated="2"/>` +
		`<table:table-row><table:table-cell><text:p>Year</text:p></table:table-cell><table:table-cell><text:p>Spend</text:p></table:table-cell></table:table-row>` +
		`<table:table-row><table:table-cell><text:p>2023/24</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="1240"><text:p>1240</text:p></table:table-cell></table:table-row>` +
		`</table:table>` + tables + `</office:spreadsheet></office:body></office:document-content>`
	parts := append([]string{"mimetype", "application/vnd.oasis.opendocument.spreadsheet", "content.xml", content}, extra...)
	return makeZip(t, parts...)
}

const odfMetaWithAuthor = `<office:document-meta ` + odfNS + `><office:meta><meta:initial-creator>Jane Smith</meta:initial-creator><dc:creator>Bob Jones</dc:creator><meta:generator>LibreOffice</meta:generator></office:meta></office:document-meta>`

func TestODTTraps(t *testing.T) {
	tests := []struct {
		name, styles, body string
		extra              []string
		want               string
	}{
		{name: "tracked changes", want: "tracked-changes", body: `<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><office:change-info><dc:creator>Jane Smith</dc:creator></office:change-info><text:p>disciplined twice</text:p></text:deletion></text:changed-region></text:tracked-changes><text:p>The officer was <text:change text:change-id="c1"/>reviewed.</text:p>`},
		{name: "annotation", want: "comments", body: `<text:p>Costs<office:annotation><dc:creator>Bob</dc:creator><text:p>legal advice: withhold</text:p></office:annotation></text:p>`},
		{name: "hidden text", want: "hidden-text", body: `<text:p>Shown<text:hidden-text text:condition="ooow:1" text:string-value="Mr Jones, complainant"/></text:p><text:section text:name="S" text:display="none"><text:p>internal only</text:p></text:section>`},
		{name: "hidden by style", want: "hidden-text", styles: `<style:style style:name="T1" style:family="text"><style:text-properties text:display="none"/></style:style>`, body: `<text:p>Shown <text:span text:style-name="T1">concealed words</text:span></text:p>`},
		{name: "document properties", want: "document-properties", extra: []string{"meta.xml", odfMetaWithAuthor}},
		{name: "embedded object", want: "embedded-object", extra: []string{"Object 1/content.xml", "<office:document-content/>"}},
		{name: "personal data", want: "personal-data:ni-number", body: `<text:p>NI number <text:span>AB 12 34 56 C</text:span></text:p>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantKinds(t, File("trap.odt", newODT(t, tt.styles, tt.body, tt.extra...), Options{}), tt.want)
		})
	}
	wantKinds(t, File("clean.odt", newODT(t, "", ""), Options{}))
}

func TestODSTraps(t *testing.T) {
	hiddenTable := `<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>`
	tests := []struct {
		name, styles, tables string
		extra                []string
		want                 string
		where                string
	}{
		{name: "hidden sheet", want: "hidden-sheet", where: "sheet 'Staff' (hidden)", styles: hiddenTable, tables: `<table:table table:name="Staff" table:style-name="ta2"><table:table-row><table:table-cell><text:p>Officer One</text:p></table:table-cell></table:table-row></table:table>`},
		{name: "hidden rows", want: "hidden-rows", where: "sheet 'Pay', rows 2", tables: `<table:table table:name="Pay"><table:table-row><table:table-cell><text:p>Grade</text:p></table:table-cell></table:table-row><table:table-row table:visibility="collapse"><table:table-cell><text:p>Officer One</text:p></table:table-cell></table:table-row></table:table>`},
		{name: "hidden columns", want: "hidden-columns", where: "sheet 'Pay', columns B", tables: `<table:table table:name="Pay"><table:table-column/><table:table-column table:visibility="collapse"/><table:table-row><table:table-cell><text:p>Grade 7</text:p></table:table-cell><table:table-cell><text:p>Officer One</text:p></table:table-cell></table:table-row></table:table>`},
		{name: "annotation", want: "comments", tables: `<table:table table:name="Notes"><table:table-row><table:table-cell><office:annotation><text:p>check</text:p></office:annotation><text:p>12</text:p></table:table-cell></table:table-row></table:table>`},
		{name: "document properties", want: "document-properties", extra: []string{"meta.xml", odfMetaWithAuthor}},
		{name: "personal data", want: "personal-data:email", where: "sheet 'Contacts' cell A1, characters 1-16", tables: `<table:table table:name="Contacts"><table:table-row><table:table-cell><text:p>jane@example.org</text:p></table:table-cell></table:table-row></table:table>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := File("trap.ods", newODS(t, tt.styles, tt.tables, tt.extra...), Options{})
			wantKinds(t, fs, tt.want)
			if f, _ := find(fs, tt.want); tt.where != "" && f.Where != tt.where {
				t.Errorf("where = %q, want %q", f.Where, tt.where)
			}
		})
	}
	wantKinds(t, File("clean.ods", newODS(t, "", ""), Options{}))
}

func TestCleanODFRoundTrip(t *testing.T) {
	odt := newODT(t, `<style:style style:name="T1" style:family="text"><style:text-properties text:display="none"/></style:style>`,
		`<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><text:p>disciplined twice</text:p></text:deletion></text:changed-region></text:tracked-changes>`+
			`<text:p>The officer was <text:change text:change-id="c1"/>reviewed.<office:annotation><text:p>withhold</text:p></office:annotation> <text:span text:style-name="T1">concealed</text:span></text:p>`,
		"meta.xml", odfMetaWithAuthor)
	wantKinds(t, File("t.odt", odt, Options{}), "tracked-changes", "comments", "hidden-text", "document-properties")
	cleaned, removed, err := Clean("t.odt", odt, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantKinds(t, removed, "tracked-changes", "comments", "hidden-text", "document-properties")
	wantKinds(t, File("t.odt", cleaned, Options{}))
	content := readPart(t, cleaned, "content.xml")
	if strings.Contains(content, "disciplined") || strings.Contains(content, "concealed") || !strings.Contains(content, "The officer was reviewed.") {
		t.Errorf("content after cleaning:\n%s", content)
	}
	if m := readPart(t, cleaned, "meta.xml"); strings.Contains(m, "Jane") || !strings.Contains(m, "LibreOffice") {
		t.Errorf("meta after cleaning:\n%s", m)
	}
	if readPart(t, cleaned, "mimetype") != "application/vnd.oasis.opendocument.text" {
		t.Error("mimetype part lost")
	}

	ods := newODS(t, `<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>`,
		`<table:table table:name="Staff" table:style-name="ta2"><table:table-row><table:table-cell><text:p>Officer One</text:p></table:table-cell></table:table-row></table:table>`)
	cleaned, _, err = Clean("t.ods", ods, []string{"hidden-sheet"})
	if err != nil {
		t.Fatal(err)
	}
	wantKinds(t, File("t.ods", cleaned, Options{}))
	if c := readPart(t, cleaned, "content.xml"); strings.Contains(c, "Officer One") || !strings.Contains(c, "Figures") {
		t.Errorf("content after cleaning:\n%s", c)
	}
}
