// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

import "testing"

// moreFuzzSeeds adds generated trap files of the formats beyond XLSX and text.
func moreFuzzSeeds(t testing.TB) [][]byte {
	return [][]byte{
		newDOCX(t, `<w:p><w:del w:id="1" w:author="A"><w:r><w:delText>x</w:delText></w:r></w:del><w:r><w:rPr><w:vanish/></w:rPr><w:t>h</w:t></w:r></w:p>`),
		newODT(t, "", `<text:p>a<office:annotation><text:p>b</text:p></office:annotation></text:p>`, "meta.xml", odfMetaWithAuthor),
		newODS(t, "", `<table:table table:name="P"><table:table-row table:visibility="collapse"><table:table-cell><text:p>x</text:p></table:table-cell></table:table-row></table:table>`),
		newPDF(append(onePage(visibleText+"BT /F1 12 Tf 72 700 Td (x) Tj ET 0 g 70 696 240 16 re f", " /Annots [6 0 R]", ""), "<< /Subtype /Square /IC [0 0 0] /Rect [0 0 9 9] >>")...).bytes(),
		jpegWithEXIF(t, true),
		pngWithText(t),
	}
}
