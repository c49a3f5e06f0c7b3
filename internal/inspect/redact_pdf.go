// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// True redaction of a PDF. Drawing a black box over text leaves the text
// in the file (the trap Inspect looks for), and rewriting content streams
// safely needs a full PDF interpreter. So RedactPDF lets poppler do what
// it does well — find each word's box (pdftotext -bbox) and render pages
// (pdftoppm) — paints the boxes black in the rendered image, and writes a
// new PDF whose pages are those images. Every page is flattened, not only
// the pages with a redaction: the output then holds no text, fonts,
// metadata, annotations or earlier revisions anywhere, which is simpler
// to trust than a mix of original and rebuilt pages. The cost is that the
// released file has no selectable or searchable text.

// RedactDPI is the resolution pages are flattened at.
const RedactDPI = 150

// Bounds on what RedactPDF takes on.
const (
	maxRedactInput = 50 << 20
	maxRedactPages = 500
	redactTimeout  = 3 * time.Minute
	redactPad      = 2.0 // points added round each word's box
)

// ErrCannotRedact is wrapped by errors about input RedactPDF will not take.
var ErrCannotRedact = errors.New("cannot redact this PDF")

// Region is an area of a page to black out, in PDF points with the origin
// at the page's bottom-left corner, as PDF measures it.
type Region struct {
	Page int     `json:"page"` // from 1
	X    float64 `json:"x"`
	Y    float64 `json:"y"`
	W    float64 `json:"width"`
	H    float64 `json:"height"`
}

// PhraseCount is how often a phrase was found and blacked out.
type PhraseCount struct {
	Phrase string
	Count  int
}

// RedactReport says what RedactPDF did.
type RedactReport struct {
	Pages   int           // pages in the document (all flattened)
	DPI     int           // resolution they were flattened at
	Phrases []PhraseCount // in the order asked; Count 0 = not found
	Regions int           // regions blacked out
	Boxes   int           // rectangles painted in all
}

// Missing lists the phrases that were not found.
func (r RedactReport) Missing() []string {
	var out []string
	for _, p := range r.Phrases {
		if p.Count == 0 {
			out = append(out, p.Phrase)
		}
	}
	return out
}

// pdfWord is one word pdftotext found, in points from the top-left.
type pdfWord struct {
	text                   string
	xMin, yMin, xMax, yMax float64
}

type bboxPage struct {
	w, h  float64
	words []pdfWord
}

// RedactPDF blacks out every occurrence of the phrases (matched case-
// insensitively, word by word, across line breaks) and the regions, and
// returns a new PDF of flattened page images.
func RedactPDF(ctx context.Context, data []byte, phrases []string, regions []Region) ([]byte, RedactReport, error) {
	rep := RedactReport{DPI: RedactDPI}
	if len(data) > maxRedactInput {
		return nil, rep, fmt.Errorf("%w: it is larger than %d MB", ErrCannotRedact, maxRedactInput>>20)
	}
	if !bytes.HasPrefix(bytes.TrimLeft(data, "\x00\t\r\n "), []byte("%PDF-")) {
		return nil, rep, fmt.Errorf("%w: it is not a PDF", ErrCannotRedact)
	}
	ctx, cancel := context.WithTimeout(ctx, redactTimeout)
	defer cancel()
	dir, err := os.MkdirTemp("", "disclose-redact-")
	if err != nil {
		return nil, rep, err
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return nil, rep, err
	}
	out, err := poppler(ctx, "pdftotext", "-bbox", "-enc", "UTF-8", in, "-")
	if err != nil {
		return nil, rep, err
	}
	pages := parseBBox(string(out))
	if len(pages) == 0 {
		return nil, rep, fmt.Errorf("%w: it has no pages", ErrCannotRedact)
	}
	if len(pages) > maxRedactPages {
		return nil, rep, fmt.Errorf("%w: it has more than %d pages", ErrCannotRedact, maxRedactPages)
	}
	rep.Pages = len(pages)

	// The boxes to paint, per page, in points from the top-left.
	boxes := make([][][4]float64, len(pages))
	for _, ph := range phrases {
		want := phraseWords(ph)
		pc := PhraseCount{Phrase: ph}
		for i, p := range pages {
			for _, m := range matchWords(p.words, want) {
				pc.Count++
				for _, w := range p.words[m : m+len(want)] {
					boxes[i] = append(boxes[i], [4]float64{w.xMin, w.yMin, w.xMax, w.yMax})
				}
			}
		}
		rep.Phrases = append(rep.Phrases, pc)
	}
	for _, r := range regions {
		if r.Page < 1 || r.Page > len(pages) {
			return nil, rep, fmt.Errorf("%w: there is no page %d (it has %d)", ErrCannotRedact, r.Page, len(pages))
		}
		p := pages[r.Page-1]
		if r.W <= 0 || r.H <= 0 || r.X < 0 || r.Y < 0 || r.X+r.W > p.w+0.5 || r.Y+r.H > p.h+0.5 {
			return nil, rep, fmt.Errorf("%w: the area on page %d must have a width and height and lie within the page (%.0f by %.0f points)",
				ErrCannotRedact, r.Page, p.w, p.h)
		}
		boxes[r.Page-1] = append(boxes[r.Page-1], [4]float64{r.X, p.h - r.Y - r.H, r.X + r.W, p.h - r.Y})
		rep.Regions++
	}

	var w pdfImageWriter
	for i, p := range pages {
		n := strconv.Itoa(i + 1)
		root := filepath.Join(dir, "p"+n)
		if _, err := poppler(ctx, "pdftoppm", "-q", "-r", strconv.Itoa(RedactDPI), "-f", n, "-l", n, "-singlefile", "-png", in, root); err != nil {
			return nil, rep, err
		}
		img, err := readPNG(root + ".png")
		if err != nil {
			return nil, rep, err
		}
		b := img.Bounds()
		sx, sy := float64(b.Dx())/p.w, float64(b.Dy())/p.h
		for _, bx := range boxes[i] {
			r := image.Rect(int((bx[0]-redactPad)*sx), int((bx[1]-redactPad)*sy),
				int((bx[2]+redactPad)*sx+0.999), int((bx[3]+redactPad)*sy+0.999)).Add(b.Min).Intersect(b)
			draw.Draw(img, r, image.NewUniform(color.Black), image.Point{}, draw.Src)
			rep.Boxes++
		}
		var jb bytes.Buffer
		if err := jpeg.Encode(&jb, img, &jpeg.Options{Quality: 85}); err != nil {
			return nil, rep, err
		}
		w.page(jb.Bytes(), b.Dx(), b.Dy(), p.w, p.h)
	}
	return w.finish(), rep, nil
}

// poppler runs a poppler-utils command and turns its failures into
// errors a person can act on.
func poppler(ctx context.Context, name string, args ...string) ([]byte, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err == nil {
		return stdout.Bytes(), nil
	}
	if errors.Is(err, exec.ErrNotFound) {
		return nil, fmt.Errorf("redacting PDFs needs %s (Debian package poppler-utils), which is not installed", name)
	}
	if ctx.Err() != nil {
		return nil, fmt.Errorf("%w: it took longer than %s to process", ErrCannotRedact, redactTimeout)
	}
	msg := strings.TrimSpace(stderr.String())
	var ee *exec.ExitError
	if errors.As(err, &ee) && (ee.ExitCode() == 1 || ee.ExitCode() == 3) {
		if strings.Contains(strings.ToLower(msg), "password") || ee.ExitCode() == 3 {
			return nil, fmt.Errorf("%w: it is encrypted (password protected); remove the password first", ErrCannotRedact)
		}
		return nil, fmt.Errorf("%w: it is damaged or not a PDF poppler can read", ErrCannotRedact)
	}
	return nil, fmt.Errorf("%s failed: %v %s", name, err, msg)
}

func readPNG(path string) (draw.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, err
	}
	if d, ok := img.(draw.Image); ok {
		return d, nil
	}
	rgba := image.NewRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	return rgba, nil
}

var (
	reBBoxPage = regexp.MustCompile(`<page width="([0-9.]+)" height="([0-9.]+)">`)
	reBBoxWord = regexp.MustCompile(`<word xMin="([0-9.-]+)" yMin="([0-9.-]+)" xMax="([0-9.-]+)" yMax="([0-9.-]+)">([^<]*)</word>`)
)

// parseBBox reads pdftotext -bbox output: pages with their words' boxes.
func parseBBox(s string) []bboxPage {
	var pages []bboxPage
	for _, chunk := range strings.Split(s, "<page ")[1:] {
		m := reBBoxPage.FindStringSubmatch("<page " + chunk)
		if m == nil {
			continue
		}
		p := bboxPage{w: atof(m[1]), h: atof(m[2])}
		for _, w := range reBBoxWord.FindAllStringSubmatch(chunk, -1) {
			p.words = append(p.words, pdfWord{text: html.UnescapeString(w[5]),
				xMin: atof(w[1]), yMin: atof(w[2]), xMax: atof(w[3]), yMax: atof(w[4])})
		}
		pages = append(pages, p)
	}
	return pages
}

func atof(s string) float64 { f, _ := strconv.ParseFloat(s, 64); return f }

// phraseWords splits a phrase into the words it is matched by.
func phraseWords(s string) []string {
	var out []string
	for _, f := range strings.Fields(s) {
		if f = trimPunct(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func trimPunct(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) })
}

// matchWords gives the index of each run of words equal to want,
// ignoring case and punctuation at a word's edges; runs do not overlap.
func matchWords(words []pdfWord, want []string) []int {
	var at []int
	if len(want) == 0 {
		return nil
	}
	for i := 0; i+len(want) <= len(words); i++ {
		ok := true
		for j, w := range want {
			if !strings.EqualFold(trimPunct(words[i+j].text), w) {
				ok = false
				break
			}
		}
		if ok {
			at = append(at, i)
			i += len(want) - 1
		}
	}
	return at
}

// pdfImageWriter writes a minimal PDF: one JPEG image per page, drawn to
// fill a page of the original's size. Object numbers: 1 catalog, 2 pages,
// then per page: page, content, image.
type pdfImageWriter struct {
	body    bytes.Buffer
	offsets []int
	kids    []string
}

func (w *pdfImageWriter) obj(num int, head string, stream []byte) {
	for len(w.offsets) < num {
		w.offsets = append(w.offsets, 0)
	}
	w.offsets[num-1] = w.body.Len() + len(pdfHeader)
	fmt.Fprintf(&w.body, "%d 0 obj\n%s", num, head)
	if stream != nil {
		w.body.WriteString("\nstream\n")
		w.body.Write(stream)
		w.body.WriteString("\nendstream")
	}
	w.body.WriteString("\nendobj\n")
}

const pdfHeader = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"

func (w *pdfImageWriter) page(jpg []byte, pw, ph int, wPt, hPt float64) {
	n := 3 + 3*len(w.kids)
	content := fmt.Sprintf("q %.3f 0 0 %.3f 0 0 cm /Im0 Do Q", wPt, hPt)
	w.obj(n, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.3f %.3f] /Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>",
		wPt, hPt, n+2, n+1), nil)
	w.obj(n+1, fmt.Sprintf("<< /Length %d >>", len(content)), []byte(content))
	w.obj(n+2, fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>",
		pw, ph, len(jpg)), jpg)
	w.kids = append(w.kids, fmt.Sprintf("%d 0 R", n))
}

func (w *pdfImageWriter) finish() []byte {
	w.obj(1, "<< /Type /Catalog /Pages 2 0 R >>", nil)
	w.obj(2, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(w.kids, " "), len(w.kids)), nil)
	var out bytes.Buffer
	out.WriteString(pdfHeader)
	out.Write(w.body.Bytes())
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(w.offsets)+1)
	for _, o := range w.offsets {
		fmt.Fprintf(&out, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&out, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(w.offsets)+1, xref)
	return out.Bytes()
}
