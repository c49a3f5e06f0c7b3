// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// twoPages is a PDF of two A4 pages; the first names a person across a
// line break as well as on one line.
func twoPages() []byte {
	p1 := "BT /F1 14 Tf 72 760 Td (Complaint from Amara Okafor about parking.) Tj ET\n" +
		"BT /F1 14 Tf 72 700 Td (The council spent 1,240 pounds in 2023/24.) Tj ET\n" +
		"BT /F1 14 Tf 72 640 Td (Reply sent to Amara) Tj ET\nBT /F1 14 Tf 72 620 Td (OKAFOR, 12 May.) Tj ET\n"
	p2 := "BT /F1 14 Tf 72 760 Td (Page two has the budget table.) Tj ET\n"
	return newPDF(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		flateObj(p1),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 7 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		flateObj(p2),
	).bytes()
}

func needPoppler(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Fatal("poppler-utils is not installed (scripts/test installs it)")
	}
}

func writeTemp(t *testing.T, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "f.pdf")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func popplerText(t *testing.T, data []byte, page string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-f", page, "-l", page, writeTemp(t, data), "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func popplerInfo(t *testing.T, data []byte) string {
	t.Helper()
	out, err := exec.Command("pdfinfo", "-f", "1", "-l", "9", writeTemp(t, data)).Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// render draws page 1 at 72 dpi, so a pixel is a point from the top-left.
func render(t *testing.T, data []byte) image.Image {
	t.Helper()
	out, err := exec.Command("pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-singlefile", "-png", writeTemp(t, data)).Output()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// darkness is the share of near-black pixels in r.
func darkness(img image.Image, r image.Rectangle) float64 {
	dark, all := 0, 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if cr < 0x3000 && cg < 0x3000 && cb < 0x3000 {
				dark++
			}
			all++
		}
	}
	return float64(dark) / float64(all)
}

// wordBox finds a word's box on page 1 of the original.
func wordBox(t *testing.T, data []byte, word string) image.Rectangle {
	t.Helper()
	out, err := exec.Command("pdftotext", "-bbox", "-f", "1", "-l", "1", writeTemp(t, data), "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range parseBBox(string(out))[0].words {
		if w.text == word {
			return image.Rect(int(w.xMin+1), int(w.yMin+1), int(w.xMax-1), int(w.yMax-1))
		}
	}
	t.Fatalf("no word %q in the original", word)
	return image.Rectangle{}
}

func TestRedactPDFRemovesThePhrase(t *testing.T) {
	needPoppler(t)
	orig := twoPages()
	opts := Options{Requester: []string{"Amara Okafor"}}
	if fs := File("letter.pdf", orig, opts); !hasPrefixKind(fs, "personal-data") {
		t.Fatalf("the original should have a personal-data finding: %v", fs)
	}
	out, rep, err := RedactPDF(context.Background(), orig, []string{"amara okafor", "Mrs Nobody"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Pages != 2 || rep.Phrases[0].Count != 2 || rep.Phrases[1].Count != 0 || rep.Boxes != 4 {
		t.Errorf("report = %+v, want 2 pages, the name twice (once across lines), Mrs Nobody not found, 4 boxes", rep)
	}
	if m := rep.Missing(); len(m) != 1 || m[0] != "Mrs Nobody" {
		t.Errorf("missing = %v", m)
	}
	for _, page := range []string{"1", "2"} {
		if txt := strings.TrimSpace(popplerText(t, out, page)); txt != "" {
			t.Errorf("page %s of the redacted PDF still has text: %q", page, txt)
		}
	}
	if !strings.Contains(string(out), "/DCTDecode") || strings.Contains(string(out), "Okafor") {
		t.Error("the output should be page images with no trace of the name")
	}
	info := strings.Join(strings.Fields(popplerInfo(t, out)), " ")
	for _, want := range []string{"Pages: 2", "Page 1 size: 595 x 842 pts", "Page 2 size: 595 x 842 pts"} {
		if !strings.Contains(info, want) {
			t.Errorf("pdfinfo of the output lacks %q:\n%s", want, info)
		}
	}
	if fs := File("letter (redacted).pdf", out, opts); hasPrefixKind(fs, "personal-data") {
		t.Errorf("the redacted PDF still has personal data: %v", fs)
	}
	img := render(t, out)
	for _, w := range []string{"Amara", "Okafor", "OKAFOR,"} {
		if d := darkness(img, wordBox(t, orig, w)); d < 0.95 {
			t.Errorf("where %q was, only %.0f%% of pixels are black", w, d*100)
		}
	}
	if d := darkness(img, wordBox(t, orig, "council")); d > 0.6 {
		t.Errorf("other words should stay readable, but %.0f%% of \"council\" is black", d*100)
	}
}

func TestRedactPDFRegion(t *testing.T) {
	needPoppler(t)
	orig := twoPages()
	// The line "The council spent..." sits at y=700 (baseline) on page 1.
	out, rep, err := RedactPDF(context.Background(), orig, nil, []Region{{Page: 1, X: 60, Y: 690, W: 400, H: 30}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Regions != 1 || rep.Boxes != 1 || len(rep.Phrases) != 0 {
		t.Errorf("report = %+v", rep)
	}
	img := render(t, out)
	if d := darkness(img, wordBox(t, orig, "council")); d < 0.95 {
		t.Errorf("the region should be black, %.0f%% is", d*100)
	}
	if d := darkness(img, wordBox(t, orig, "Complaint")); d > 0.6 {
		t.Errorf("outside the region should not be black, %.0f%% is", d*100)
	}
	if txt := popplerText(t, out, "1"); strings.TrimSpace(txt) != "" {
		t.Errorf("flattened page has text %q", txt)
	}
	for _, bad := range []Region{{Page: 3, W: 10, H: 10}, {Page: 1, X: 500, Y: 10, W: 200, H: 10}, {Page: 1, W: 0, H: 5}} {
		if _, _, err := RedactPDF(context.Background(), orig, nil, []Region{bad}); !errors.Is(err, ErrCannotRedact) {
			t.Errorf("region %+v: err = %v, want a clear refusal", bad, err)
		}
	}
}

func TestRedactPDFRefusesBadInput(t *testing.T) {
	needPoppler(t)
	for name, data := range map[string][]byte{
		"not a PDF": []byte("hello"),
		"damaged":   []byte("%PDF-1.4\n1 0 obj garbage"),
		"encrypted": encryptedPDF(),
	} {
		_, _, err := RedactPDF(context.Background(), data, []string{"council"}, nil)
		if !errors.Is(err, ErrCannotRedact) || name == "encrypted" && !strings.Contains(err.Error(), "encrypted") {
			t.Errorf("%s: err = %v, want ErrCannotRedact saying why", name, err)
		}
		t.Logf("%s: %v", name, err)
	}
}

func hasPrefixKind(fs []Finding, prefix string) bool {
	for _, f := range fs {
		if strings.HasPrefix(f.Kind, prefix) {
			return true
		}
	}
	return false
}

// encryptedPDF claims standard encryption with a password nobody knows.
func encryptedPDF() []byte {
	b := &pdfBuilder{offsets: map[int]int{}}
	b.buf.WriteString("%PDF-1.4\n")
	o := strings.Repeat("ab", 32)
	b.section(" /Encrypt 6 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]",
		append(onePage(visibleText, "", ""), "<< /Filter /Standard /V 1 /R 2 /O <"+o+"> /U <"+o+"> /P -4 >>")...)
	return b.bytes()
}
