// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// pdfBuilder writes a PDF with a correct cross-reference table, and can
// append incremental updates the way editors save.
type pdfBuilder struct {
	buf     bytes.Buffer
	offsets map[int]int
	size    int
	xref    int
}

func newPDF(objs ...string) *pdfBuilder {
	b := &pdfBuilder{offsets: map[int]int{}}
	b.buf.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	b.section("", objs...)
	return b
}

// section writes objects numbered from 1 (or replacing given numbers: "7 0 obj" text is made here).
func (b *pdfBuilder) section(trailerExtra string, objs ...string) {
	nums := []int{}
	for i, o := range objs {
		num := i + 1
		if strings.HasPrefix(o, "#") { // "#7 <<...>>" replaces object 7
			fmt.Sscanf(o, "#%d", &num)
			o = o[strings.IndexByte(o, ' ')+1:]
		}
		b.offsets[num] = b.buf.Len()
		fmt.Fprintf(&b.buf, "%d 0 obj\n%s\nendobj\n", num, o)
		nums = append(nums, num)
		if num+1 > b.size {
			b.size = num + 1
		}
	}
	xref := b.buf.Len()
	fmt.Fprintf(&b.buf, "xref\n0 1\n0000000000 65535 f \n")
	for _, n := range nums {
		fmt.Fprintf(&b.buf, "%d 1\n%010d 00000 n \n", n, b.offsets[n])
	}
	prev := ""
	if b.xref > 0 {
		prev = fmt.Sprintf(" /Prev %d", b.xref)
	}
	fmt.Fprintf(&b.buf, "trailer\n<< /Size %d /Root 1 0 R%s%s >>\nstartxref\n%d\n%%%%EOF\n", b.size, prev, trailerExtra, xref)
	b.xref = xref
}

func (b *pdfBuilder) bytes() []byte { return b.buf.Bytes() }

func flateObj(content string) string {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write([]byte(content))
	w.Close()
	return fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", z.Len(), z.String())
}

// onePage makes the objects of a one-page PDF: 1 catalog, 2 pages, 3 page,
// 4 content, 5 font; pageExtra goes into the page dictionary.
func onePage(content, pageExtra, catalogExtra string) []string {
	return []string{
		"<< /Type /Catalog /Pages 2 0 R" + catalogExtra + " >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >>" + pageExtra + " >>",
		flateObj(content),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
}

const visibleText = "BT /F1 12 Tf 72 740 Td (The council spent 1,240 pounds in 2023/24.) Tj ET\n"

func TestPDFTraps(t *testing.T) {
	boxOverText := visibleText + "BT /F1 12 Tf 72 700 Td (Officer: John Smith 07700 900123) Tj ET\n0 0 0 rg 70 696 240 16 re f\n"
	updated := newPDF(onePage(visibleText+"BT /F1 12 Tf 72 700 Td (Complainant Mr Jones) Tj ET", "", "")...)
	updated.section("", "#4 "+flateObj(visibleText))
	tests := []struct {
		name    string
		data    []byte
		want    []string
		where   string
		excerpt string
	}{
		{name: "black box over text", data: newPDF(onePage(boxOverText, "", "")...).bytes(), want: []string{"pdf-text-under-box"}, where: "page 1", excerpt: "O******: J*** S**** ***** ******"},
		{name: "white box over text, in a form XObject", data: newPDF(append(onePage(visibleText+"BT /F1 10 Tf 100 500 Td (secret) Tj ET\n/X1 Do\n", " /Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >>", ""),
			"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Length 30 >>\nstream\n1 1 1 rg 90 490 100 20 re f\nendstream")...).bytes(), want: []string{"pdf-text-under-box"}},
		{name: "redaction mark not applied", data: newPDF(append(onePage(visibleText+"BT /F1 12 Tf 72 600 Td (Mr Jones) Tj ET", " /Annots [6 0 R]", ""),
			"<< /Type /Annot /Subtype /Redact /Rect [70 595 200 615] >>")...).bytes(), want: []string{"pdf-text-under-box", "pdf-annotations"}},
		{name: "incremental update", data: updated.bytes(), want: []string{"pdf-incremental-update"}, excerpt: "1 objects have an earlier version in the file"},
		{name: "annotations", data: newPDF(append(onePage(visibleText, " /Annots [6 0 R]", ""),
			"<< /Type /Annot /Subtype /Text /Rect [10 10 30 30] /Contents (Check with legal before release) >>")...).bytes(), want: []string{"pdf-annotations"}, excerpt: "Text ×1"},
		{name: "attachments", data: newPDF(append(onePage(visibleText, "", " /Names << /EmbeddedFiles << /Names [(staff.xlsx) 6 0 R] >> >>"),
			"<< /Type /Filespec /F (staff.xlsx) >>")...).bytes(), want: []string{"pdf-attachments"}, excerpt: "staff.xlsx"},
		{name: "metadata", data: func() []byte {
			b := &pdfBuilder{offsets: map[int]int{}}
			b.buf.WriteString("%PDF-1.4\n")
			b.section(" /Info 6 0 R", append(onePage(visibleText, "", ""), "<< /Author (Jane Smith) /Producer (Word) >>")...)
			return b.bytes()
		}(), want: []string{"pdf-metadata"}, excerpt: "author: J*** S****"},
		{name: "personal data in visible text", data: newPDF(onePage(visibleText+"BT /F1 12 Tf 72 700 Td (Contact: jane.doe@example.org) Tj ET", "", "")...).bytes(), want: []string{"personal-data:email"}, where: "page 1, characters 53-72"},
		{name: "encrypted", data: func() []byte {
			b := &pdfBuilder{offsets: map[int]int{}}
			b.buf.WriteString("%PDF-1.4\n")
			b.section(" /Encrypt 6 0 R", append(onePage(visibleText, "", ""), "<< /Filter /Standard /V 2 /R 3 >>")...)
			return b.bytes()
		}(), want: []string{"encrypted"}},
		{name: "corrupt", data: []byte("%PDF-1.7\n1 0 obj << /Type /Cat"), want: []string{"unreadable"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := File("trap.pdf", tt.data, Options{})
			wantKinds(t, fs, tt.want...)
			f, _ := find(fs, tt.want[0])
			if tt.where != "" && f.Where != tt.where {
				t.Errorf("where = %q, want %q", f.Where, tt.where)
			}
			if tt.excerpt != "" && f.Excerpt != tt.excerpt {
				t.Errorf("excerpt = %q, want %q", f.Excerpt, tt.excerpt)
			}
		})
	}
}

func TestCleanPDFPasses(t *testing.T) {
	// A grey table background drawn before its text, a rule under a
	// heading, and a box beside the text: none hides anything.
	content := "0.9 g 60 690 300 30 re f 0 g\n" + visibleText +
		"BT /F1 12 Tf 72 700 Td (Requests answered in time: 93%) Tj ET\n" +
		"72 735 400 1 re f\n" + "0 0 0 rg 400 100 50 50 re f\n"
	wantKinds(t, File("clean.pdf", newPDF(onePage(content, "", "")...).bytes(), Options{}))
}

func TestPDFLinearizedIsNotAnUpdate(t *testing.T) {
	b := newPDF(append(onePage(visibleText, "", ""), "<< /Linearized 1 /L 1000 >>")...)
	data := append([]byte(nil), b.bytes()...)
	data = append(data, []byte("%%EOF\n")...) // the second section of a linearized file
	wantKinds(t, File("lin.pdf", data, Options{}))
}

func TestCleanPDFRoundTrip(t *testing.T) {
	b := &pdfBuilder{offsets: map[int]int{}}
	b.buf.WriteString("%PDF-1.4\n")
	b.section(" /Info 8 0 R", append(onePage(visibleText+"BT /F1 12 Tf 72 700 Td (Complainant Mr Jones) Tj ET", " /Annots [6 0 R 9 0 R]", " /Names << /EmbeddedFiles << /Names [(staff.xlsx) 7 0 R] >> >>"),
		"<< /Type /Annot /Subtype /Text /Rect [10 10 30 30] /Contents (withhold) >>",
		"<< /Type /Filespec /F (staff.xlsx) >>",
		"<< /Author (Jane Smith) >>",
		"<< /Type /Annot /Subtype /Link /Rect [0 0 5 5] >>")...)
	b.section(" /Info 8 0 R", "#4 "+flateObj(visibleText)) // the officer "removed" the complainant's name
	data := b.bytes()
	wantKinds(t, File("t.pdf", data, Options{}), "pdf-incremental-update", "pdf-annotations", "pdf-attachments", "pdf-metadata")
	cleaned, removed, err := Clean("t.pdf", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantKinds(t, removed, "pdf-incremental-update", "pdf-annotations", "pdf-attachments", "pdf-metadata")
	wantKinds(t, File("t.pdf", cleaned, Options{}))
	for _, gone := range []string{"Jane", "withhold", "staff.xlsx"} {
		if bytes.Contains(cleaned, []byte(gone)) {
			t.Errorf("cleaned PDF still contains %q", gone)
		}
	}
	// The earlier content stream with the name is gone: only one content object remains.
	if n := bytes.Count(cleaned, []byte("/FlateDecode")); n != 1 {
		t.Errorf("cleaned PDF has %d compressed streams, want 1:\n%s", n, cleaned)
	}
	if !bytes.Contains(cleaned, []byte("/Subtype /Link")) && !bytes.Contains(cleaned, []byte("/Subtype/Link")) {
		t.Errorf("the link annotation was dropped:\n%s", cleaned)
	}
}

func TestCleanPDFKeepsRedactionMarks(t *testing.T) {
	data := newPDF(append(onePage(visibleText+"BT /F1 12 Tf 72 600 Td (Mr Jones) Tj ET", " /Annots [6 0 R]", ""),
		"<< /Type /Annot /Subtype /Redact /Rect [70 595 200 615] >>")...).bytes()
	cleaned, _, err := Clean("r.pdf", data, []string{"pdf-annotations"})
	if !errors.Is(err, ErrCannotClean) {
		t.Fatalf("err = %v", err)
	}
	wantKinds(t, File("r.pdf", cleaned, Options{}), "pdf-text-under-box", "pdf-annotations")
}

func TestPDFType0TextThroughToUnicode(t *testing.T) {
	// Glyph codes 0001-0014 map to "jane@example.org" letters via a
	// ToUnicode CMap, as Word and browsers write PDFs.
	text := "jane@example.org"
	var codes, cmap strings.Builder
	cmap.WriteString("/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange\n")
	fmt.Fprintf(&cmap, "%d beginbfchar\n", len(text))
	for i, c := range text {
		fmt.Fprintf(&codes, "%04X", i+1)
		fmt.Fprintf(&cmap, "<%04X> <%04X>\n", i+1, c)
	}
	cmap.WriteString("endbfchar endcmap CMapName currentdict /CMap defineresource pop end end")
	objs := onePage(visibleText+"BT /F2 12 Tf 72 700 Td <"+codes.String()+"> Tj ET", " /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >>", "")
	objs = append(objs, "<< /Type /Font /Subtype /Type0 /BaseFont /Calibri /Encoding /Identity-H /ToUnicode 7 0 R >>", flateObj(cmap.String()))
	fs := File("word.pdf", newPDF(objs...).bytes(), Options{})
	wantKinds(t, fs, "personal-data:email")
	if f, _ := find(fs, "personal-data:email"); f.Excerpt != "j***@e******.org" {
		t.Errorf("excerpt = %q", f.Excerpt)
	}
}
