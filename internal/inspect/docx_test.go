// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

import (
	"strings"
	"testing"
)

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

// newDOCX writes a minimal Word document whose body is the given
// paragraphs' XML; extra parts are added as given (name, content...).
func newDOCX(t testing.TB, body string, extra ...string) []byte {
	t.Helper()
	parts := []string{
		"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>`,
		"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ` + wNS + `><w:body><w:p><w:r><w:t>The council received 1,240 requests in 2023/24, a rise of 3%.</w:t></w:r></w:p>` + body + `<w:sectPr/></w:body></w:document>`,
		"word/styles.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles ` + wNS + `><w:style w:type="character" w:styleId="Secret"><w:name w:val="Secret"/><w:rPr><w:vanish/></w:rPr></w:style></w:styles>`,
	}
	return makeZip(t, append(parts, extra...)...)
}

func TestDOCXTraps(t *testing.T) {
	tests := []struct {
		name, body string
		extra      []string
		want       string
		excerpt    string
	}{
		{name: "tracked deletion", want: "tracked-changes", excerpt: "by J*** S****",
			body: `<w:p><w:r><w:t xml:space="preserve">The officer was </w:t></w:r><w:del w:id="1" w:author="Jane Smith" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>disciplined twice</w:delText></w:r></w:del><w:ins w:id="2" w:author="Jane Smith"><w:r><w:t>reviewed</w:t></w:r></w:ins></w:p>`},
		{name: "comments", want: "comments",
			body:  `<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>Costs</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>`,
			extra: []string{"word/comments.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments ` + wNS + `><w:comment w:id="0" w:author="Bob Jones"><w:p><w:r><w:t>Don't release the legal advice</w:t></w:r></w:p></w:comment></w:comments>`}},
		{name: "hidden text", want: "hidden-text", excerpt: "C********** M* J****",
			body: `<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>Complainant Mr Jones</w:t></w:r></w:p>`},
		{name: "hidden by style", want: "hidden-text",
			body: `<w:p><w:r><w:rPr><w:rStyle w:val="Secret"/></w:rPr><w:t>internal note</w:t></w:r></w:p>`},
		{name: "document properties", want: "document-properties", excerpt: "author: J*** S****",
			extra: []string{"docProps/core.xml", `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Jane Smith</dc:creator></cp:coreProperties>`}},
		{name: "embedded object", want: "embedded-object", extra: []string{"word/embeddings/Microsoft_Excel_Worksheet.xlsx", "PK\x03\x04"}},
		{name: "personal data in text", want: "personal-data:nhs-number", excerpt: "*** *** 919",
			body: `<w:p><w:r><w:t xml:space="preserve">NHS number </w:t></w:r><w:r><w:t>943 476 5919</w:t></w:r></w:p>`},
		{name: "personal data in a header", want: "personal-data:email",
			extra: []string{"word/header1.xml", `<w:hdr ` + wNS + `><w:p><w:r><w:t>Officer: j.bloggs@example.gov.uk</w:t></w:r></w:p></w:hdr>`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := File("trap.docx", newDOCX(t, tt.body, tt.extra...), Options{})
			wantKinds(t, fs, tt.want)
			if f, _ := find(fs, tt.want); tt.excerpt != "" && f.Excerpt != tt.excerpt {
				t.Errorf("excerpt = %q, want %q", f.Excerpt, tt.excerpt)
			}
		})
	}
}

func TestDOCXDeletedTextIsNotReadAsVisible(t *testing.T) {
	// The deleted e-mail address is reported as a tracked change, not as visible text.
	body := `<w:p><w:del w:id="1" w:author="A"><w:r><w:delText>jane@example.org</w:delText></w:r></w:del></w:p>`
	wantKinds(t, File("d.docx", newDOCX(t, body), Options{}), "tracked-changes")
}

func TestCleanDOCXPasses(t *testing.T) {
	wantKinds(t, File("clean.docx", newDOCX(t, ""), Options{}))
}

func TestCleanDOCXRoundTrip(t *testing.T) {
	body := `<w:p><w:r><w:t xml:space="preserve">The officer was </w:t></w:r><w:del w:id="1" w:author="Jane Smith"><w:r><w:delText>disciplined twice</w:delText></w:r></w:del><w:ins w:id="2" w:author="Jane Smith"><w:r><w:t>reviewed</w:t></w:r></w:ins></w:p>` +
		`<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>Costs</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>` +
		`<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>Complainant Mr Jones</w:t></w:r><w:r><w:t>Shown</w:t></w:r></w:p>`
	data := newDOCX(t, body,
		"word/comments.xml", `<w:comments `+wNS+`><w:comment w:id="0" w:author="Bob Jones"><w:p><w:r><w:t>Don't release</w:t></w:r></w:p></w:comment></w:comments>`,
		"docProps/core.xml", `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Jane Smith</dc:creator></cp:coreProperties>`)
	wantKinds(t, File("t.docx", data, Options{}), "tracked-changes", "comments", "hidden-text", "document-properties")
	cleaned, removed, err := Clean("t.docx", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantKinds(t, removed, "tracked-changes", "comments", "hidden-text", "document-properties")
	wantKinds(t, File("t.docx", cleaned, Options{}))
	doc := readPart(t, cleaned, "word/document.xml")
	for _, gone := range []string{"disciplined", "Complainant", "commentReference", "w:ins", "Jane Smith"} {
		if strings.Contains(doc, gone) {
			t.Errorf("cleaned document still has %q", gone)
		}
	}
	for _, kept := range []string{"The officer was ", "reviewed", "Costs", "Shown", "<w:sectPr/>", `xmlns:w=`} {
		if !strings.Contains(doc, kept) {
			t.Errorf("cleaned document lost %q:\n%s", kept, doc)
		}
	}
	if _, err := elements([]byte(doc)); err != nil {
		t.Errorf("cleaned document is not well-formed: %v", err)
	}
	if c := readPart(t, cleaned, "word/comments.xml"); strings.Contains(c, "Bob") || !strings.Contains(c, "<w:comments") {
		t.Errorf("comments part: %s", c)
	}
}

func TestPhotoInsideADocument(t *testing.T) {
	data := newDOCX(t, "", "word/media/image1.jpeg", string(jpegWithEXIF(t, true)))
	fs := File("letter.docx", data, Options{})
	wantKinds(t, fs, "exif", "gps")
	if f, _ := find(fs, "gps"); f.Where != "word/media/image1.jpeg, EXIF block (APP1)" {
		t.Errorf("where = %q", f.Where)
	}
	cleaned, _, err := Clean("letter.docx", data, []string{"gps", "exif"})
	if err != nil {
		t.Fatal(err)
	}
	wantKinds(t, File("letter.docx", cleaned, Options{}))
}
