// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"strings"
)

// matrix is a PDF transformation [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m × n (apply m, then n).
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return x*m[0] + y*m[2] + m[4], x*m[1] + y*m[3] + m[5]
}

type box struct{ x0, y0, x1, y1 float64 }

// bboxOf transforms the rectangle (x,y,w,h) and returns its bounding box.
func bboxOf(m matrix, x, y, w, h float64) box {
	b := box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, p := range [][2]float64{{x, y}, {x + w, y}, {x, y + h}, {x + w, y + h}} {
		px, py := m.apply(p[0], p[1])
		b.x0, b.y0 = math.Min(b.x0, px), math.Min(b.y0, py)
		b.x1, b.y1 = math.Max(b.x1, px), math.Max(b.y1, py)
	}
	return b
}

func (b box) area() float64 { return math.Max(0, b.x1-b.x0) * math.Max(0, b.y1-b.y0) }

func (b box) intersect(c box) box {
	return box{math.Max(b.x0, c.x0), math.Max(b.y0, c.y0), math.Min(b.x1, c.x1), math.Min(b.y1, c.y1)}
}

// textPiece is one string shown on a page, with its estimated box.
type textPiece struct {
	b         box
	order     int
	text      string // decoded where the font allows, else ""
	invisible bool   // rendering mode 3: OCR layers are drawn this way
}

// cover is something opaque painted on the page: a filled rectangle, an image.
type cover struct {
	b     box
	order int
}

type pageContent struct {
	texts  []textPiece
	covers []cover
	order  int
}

// inspectPDF checks a PDF: encryption, incremental updates, metadata,
// attachments, annotations, and text hidden under boxes, then personal
// data in the text it can decode.
func inspectPDF(r *run, data []byte) {
	d := parsePDF(r, data)
	tr := d.trailer()
	if tr["Encrypt"] != nil {
		r.add("encrypted", "whole file", "The PDF is encrypted, so its content cannot be checked; release an unprotected copy.", "", false)
		return
	}
	root := d.dict(tr["Root"])
	if root == nil {
		// No trailer found: fall back to any catalog object.
		for _, v := range d.objs {
			if dict, ok := v.(pdfDict); ok && dict["Type"] == pdfName("Catalog") {
				root = dict
			}
		}
	}
	if root == nil {
		r.add("unreadable", "whole file", "The PDF has no readable document catalogue, so it could not be checked.", "", false)
		return
	}
	pdfUpdates(r, d, data)
	pdfInfo(r, d, tr, root)
	pdfAttachments(r, d, root)
	pages := d.pages(root)
	if len(pages) == 0 {
		r.add("unreadable", "whole file", "The PDF's pages could not be found, so its content could not be checked.", "", false)
	}
	for i, pg := range pages {
		page, res := pg.dict, pg.resources
		where := fmt.Sprintf("page %d", i+1)
		pc := &pageContent{}
		var content []byte
		for _, c := range d.contentStreams(page["Contents"]) {
			b, err := d.decode(c)
			if err != nil {
				r.add("unreadable", where, "Part of this page's content could not be decoded, so it was not checked.", "", false)
				continue
			}
			content = append(append(content, b...), '\n')
		}
		d.interpret(pc, content, res, identity, 0)
		pdfAnnotations(r, d, page, where, pc)
		var covered []string
		coveredCount := 0
		var visible strings.Builder
		lastY := math.NaN()
		for _, t := range pc.texts {
			if !t.invisible && isCovered(r, t, pc.covers) {
				coveredCount++
				if strings.TrimSpace(t.text) != "" {
					covered = append(covered, t.text)
				}
				continue
			}
			if !math.IsNaN(lastY) && math.Abs(t.b.y0-lastY) > 2 {
				visible.WriteByte('\n')
			} else if visible.Len() > 0 {
				visible.WriteByte(' ')
			}
			visible.WriteString(t.text)
			lastY = t.b.y0
		}
		if coveredCount > 0 {
			excerpt := fmt.Sprintf("%d pieces of text", coveredCount)
			if len(covered) > 0 {
				excerpt = maskWords(truncate(strings.Join(covered, " "), 60))
			}
			r.add("pdf-text-under-box", where, "Text on this page is covered by a box drawn over it, but the text is still in the file: anyone can select, copy or search it.", excerpt, false)
		}
		r.text(where, visible.String())
	}
}

// isCovered reports text whose estimated box is at least half covered by
// something opaque painted after it.
func isCovered(r *run, t textPiece, covers []cover) bool {
	a := t.b.area()
	if a <= 0 {
		return false
	}
	for _, c := range covers {
		r.tick()
		if c.order > t.order && t.b.intersect(c.b).area() >= a/2 {
			return true
		}
	}
	return false
}

func pdfUpdates(r *run, d *pdfDoc, data []byte) {
	eofs := bytes.Count(data, []byte("%%EOF"))
	linearized := false
	for _, v := range d.objs {
		if dict, ok := v.(pdfDict); ok && dict["Linearized"] != nil {
			linearized = true
			break
		}
	}
	updates := eofs - 1
	if linearized {
		updates-- // a linearized file has two sections by design
	}
	redefined := 0
	for _, n := range d.defs {
		if n > 1 {
			redefined++
		}
	}
	if updates > 0 || redefined > 0 {
		why := fmt.Sprintf("The PDF was saved %d more times after it was first written, and each save keeps the earlier version in the file, so text that was removed or redacted later may still be there.", max(updates, 1))
		excerpt := ""
		if redefined > 0 {
			excerpt = fmt.Sprintf("%d objects have an earlier version in the file", redefined)
		}
		r.add("pdf-incremental-update", "whole file", why, excerpt, true)
	}
}

func pdfInfo(r *run, d *pdfDoc, tr, root pdfDict) {
	var found []string
	if info := d.dict(tr["Info"]); info != nil {
		keys := make([]string, 0, len(info))
		for k := range info {
			keys = append(keys, string(k))
		}
		sort.Strings(keys)
		for _, k := range keys {
			s, ok := d.resolve(info[pdfName(k)]).([]byte)
			if !ok || strings.TrimSpace(pdfText(s)) == "" {
				continue
			}
			switch k {
			case "Author", "Title", "Subject", "Keywords":
				found = append(found, strings.ToLower(k)+": "+maskWords(truncate(pdfText(s), 40)))
			case "Producer", "Creator", "CreationDate", "ModDate", "Trapped":
			default:
				found = append(found, "custom property "+k)
			}
		}
	}
	if root["Metadata"] != nil {
		found = append(found, "an XMP metadata stream")
	}
	if len(found) > 0 {
		r.add("pdf-metadata", "document information", "The PDF's properties can name its author and carry titles or notes that the requester can read.", strings.Join(found, "; "), true)
	}
}

func pdfAttachments(r *run, d *pdfDoc, root pdfDict) {
	names := d.dict(d.dict(root["Names"])["EmbeddedFiles"])
	if names == nil {
		return
	}
	var files []string
	var walk func(node pdfDict, depth int)
	walk = func(node pdfDict, depth int) {
		if node == nil || depth > 16 {
			return
		}
		arr := d.array(node["Names"])
		for i := 0; i+1 < len(arr); i += 2 {
			r.tick()
			if s, ok := d.resolve(arr[i]).([]byte); ok {
				files = append(files, pdfText(s))
			}
		}
		for _, k := range d.array(node["Kids"]) {
			walk(d.dict(k), depth+1)
		}
	}
	walk(names, 0)
	if len(files) > 0 {
		r.add("pdf-attachments", "attached files", "Whole files are attached inside the PDF and go out with it, with everything they contain.", truncate(strings.Join(files, ", "), 120), true)
	}
}

// pdfAnnotations reports a page's annotations (links aside) and treats
// filled boxes and unapplied redaction marks as covers over the text.
func pdfAnnotations(r *run, d *pdfDoc, page pdfDict, where string, pc *pageContent) {
	counts := map[string]int{}
	for _, a := range d.array(page["Annots"]) {
		r.tick()
		annot := d.dict(a)
		if annot == nil {
			continue
		}
		sub, _ := d.resolve(annot["Subtype"]).(pdfName)
		if sub == "Link" || sub == "Popup" {
			continue
		}
		counts[string(sub)]++
		rect := d.array(annot["Rect"])
		if len(rect) == 4 && (sub == "Redact" || (sub == "Square" && annot["IC"] != nil)) {
			var v [4]float64
			for i := range v {
				v[i], _ = d.num(rect[i])
			}
			pc.covers = append(pc.covers, cover{b: box{math.Min(v[0], v[2]), math.Min(v[1], v[3]), math.Max(v[0], v[2]), math.Max(v[1], v[3])}, order: math.MaxInt})
		}
	}
	if len(counts) > 0 {
		var parts []string
		for _, k := range sortedKeys(counts) {
			parts = append(parts, fmt.Sprintf("%s ×%d", k, counts[k]))
		}
		r.add("pdf-annotations", where, "The page carries annotations (comments, marks, form fields or redaction marks not yet applied) that the requester can open and read.", strings.Join(parts, ", "), true)
	}
}

// pdfPage is a page dictionary with the resources it inherits.
type pdfPage struct {
	dict      pdfDict
	resources pdfDict
}

// pages walks the page tree (at most 32 deep and 100,000 nodes), passing
// inherited resources down as the tree does.
func (d *pdfDoc) pages(root pdfDict) []pdfPage {
	var out []pdfPage
	visited := 0
	var walk func(v any, res pdfDict, depth int)
	walk = func(v any, res pdfDict, depth int) {
		visited++
		if depth > 32 || visited > 100000 {
			return
		}
		d.r.tick()
		node := d.dict(v)
		if node == nil {
			return
		}
		if own := d.dict(node["Resources"]); own != nil {
			res = own
		}
		if d.resolve(node["Type"]) == pdfName("Pages") || node["Kids"] != nil {
			for _, k := range d.array(node["Kids"]) {
				walk(k, res, depth+1)
			}
			return
		}
		out = append(out, pdfPage{dict: node, resources: res})
	}
	walk(root["Pages"], nil, 0)
	return out
}

func (d *pdfDoc) contentStreams(v any) []pdfStream {
	switch t := d.resolve(v).(type) {
	case pdfStream:
		return []pdfStream{t}
	case []any:
		var out []pdfStream
		for _, e := range t {
			if s, ok := d.resolve(e).(pdfStream); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// pdfText turns a PDF text string into Go text: UTF-16 with a byte-order
// mark, else PDFDocEncoding read as Latin-1.
func pdfText(b []byte) string {
	if len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF {
		var rs []rune
		for i := 2; i+1 < len(b); i += 2 {
			rs = append(rs, rune(b[i])<<8|rune(b[i+1]))
		}
		return string(rs)
	}
	rs := make([]rune, len(b))
	for i, c := range b {
		rs[i] = rune(c)
	}
	return string(rs)
}

type gstate struct {
	ctm matrix
}

type textState struct {
	tm, tlm                  matrix
	size, leading, charSpace float64
	wordSpace, scale, rise   float64
	mode                     int
	twoByte                  bool
	font                     *pdfFont
}

// interpret runs a content stream far enough to know where text is shown
// and where opaque rectangles and images are painted, in painting order.
func (d *pdfDoc) interpret(pc *pageContent, content []byte, res pdfDict, ctm matrix, depth int) {
	if depth > 6 {
		return
	}
	p := &pdfParser{d: d, b: content}
	var stack []gstate
	gs := gstate{ctm: ctm}
	ts := textState{scale: 100}
	var operands []any
	var rects []box
	fonts := d.dict(res["Font"])
	fontCache := map[pdfName]*pdfFont{}
	xobjects := d.dict(res["XObject"])
	nums := func(n int) ([]float64, bool) {
		if len(operands) < n {
			return nil, false
		}
		out := make([]float64, n)
		for i, v := range operands[len(operands)-n:] {
			f, ok := v.(float64)
			if !ok {
				return nil, false
			}
			out[i] = f
		}
		return out, true
	}
	show := func(s []byte, adjust float64) {
		glyphs := len(s)
		if ts.twoByte {
			glyphs = len(s) / 2
		}
		spaces := bytes.Count(s, []byte{' '})
		width := (float64(glyphs)*0.5*ts.size + float64(glyphs)*ts.charSpace + float64(spaces)*ts.wordSpace - adjust/1000*ts.size) * ts.scale / 100
		trm := ts.tm.mul(gs.ctm)
		b := bboxOf(trm, 0, ts.rise-0.2*ts.size, width, ts.size)
		text := ts.font.decode(s)
		pc.order++
		if glyphs > 0 && (strings.TrimSpace(text) != "" || ts.twoByte) {
			pc.texts = append(pc.texts, textPiece{b: b, order: pc.order, text: text, invisible: ts.mode == 3 || ts.mode == 7})
		}
		ts.tm = matrix{1, 0, 0, 1, width, 0}.mul(ts.tm)
	}
	for {
		v, err := p.object()
		if err != nil {
			if err == errPDFSyntax {
				operands = operands[:0]
				continue
			}
			return
		}
		op, isOp := v.(pdfOp)
		if !isOp {
			if len(operands) < 64 {
				operands = append(operands, v)
			}
			continue
		}
		switch op {
		case "q":
			if len(stack) < 64 {
				stack = append(stack, gs)
			}
		case "Q":
			if len(stack) > 0 {
				gs = stack[len(stack)-1]
				stack = stack[:len(stack)-1]
			}
		case "cm":
			if n, ok := nums(6); ok {
				gs.ctm = matrix{n[0], n[1], n[2], n[3], n[4], n[5]}.mul(gs.ctm)
			}
		case "re":
			if n, ok := nums(4); ok {
				rects = append(rects, bboxOf(gs.ctm, n[0], n[1], n[2], n[3]))
			}
		case "f", "F", "f*", "B", "B*", "b", "b*":
			for _, b := range rects {
				pc.order++
				pc.covers = append(pc.covers, cover{b: b, order: pc.order})
			}
			rects = rects[:0]
		case "n", "S", "s", "W", "W*":
			if op != "W" && op != "W*" {
				rects = rects[:0]
			}
		case "BT":
			ts.tm, ts.tlm = identity, identity
		case "Tf":
			if len(operands) >= 2 {
				if size, ok := operands[len(operands)-1].(float64); ok {
					ts.size = size
				}
				if name, ok := operands[len(operands)-2].(pdfName); ok {
					if fontCache[name] == nil {
						fontCache[name] = d.font(d.dict(fonts[name]))
					}
					ts.font = fontCache[name]
					ts.twoByte = ts.font.twoByte
				}
			}
		case "Tm":
			if n, ok := nums(6); ok {
				ts.tm = matrix{n[0], n[1], n[2], n[3], n[4], n[5]}
				ts.tlm = ts.tm
			}
		case "Td", "TD":
			if n, ok := nums(2); ok {
				if op == "TD" {
					ts.leading = -n[1]
				}
				ts.tlm = matrix{1, 0, 0, 1, n[0], n[1]}.mul(ts.tlm)
				ts.tm = ts.tlm
			}
		case "T*":
			ts.tlm = matrix{1, 0, 0, 1, 0, -ts.leading}.mul(ts.tlm)
			ts.tm = ts.tlm
		case "TL":
			if n, ok := nums(1); ok {
				ts.leading = n[0]
			}
		case "Tc":
			if n, ok := nums(1); ok {
				ts.charSpace = n[0]
			}
		case "Tw":
			if n, ok := nums(1); ok {
				ts.wordSpace = n[0]
			}
		case "Tz":
			if n, ok := nums(1); ok {
				ts.scale = n[0]
			}
		case "Ts":
			if n, ok := nums(1); ok {
				ts.rise = n[0]
			}
		case "Tr":
			if n, ok := nums(1); ok {
				ts.mode = int(n[0])
			}
		case "Tj", "'", "\"":
			if op != "Tj" {
				ts.tlm = matrix{1, 0, 0, 1, 0, -ts.leading}.mul(ts.tlm)
				ts.tm = ts.tlm
			}
			if len(operands) > 0 {
				if s, ok := operands[len(operands)-1].([]byte); ok {
					show(s, 0)
				}
			}
		case "TJ":
			if len(operands) > 0 {
				if arr, ok := operands[len(operands)-1].([]any); ok {
					var all []byte
					adjust := 0.0
					for _, e := range arr {
						switch t := e.(type) {
						case []byte:
							all = append(all, t...)
						case float64:
							adjust += t
							if t < -200 && !ts.twoByte {
								all = append(all, ' ') // a wide gap is a word space
							}
						}
					}
					show(all, adjust)
				}
			}
		case "Do":
			if len(operands) > 0 {
				name, _ := operands[len(operands)-1].(pdfName)
				xs, ok := d.resolve(xobjects[name]).(pdfStream)
				if !ok {
					break
				}
				switch d.resolve(xs.dict["Subtype"]) {
				case pdfName("Image"):
					pc.order++
					pc.covers = append(pc.covers, cover{b: bboxOf(gs.ctm, 0, 0, 1, 1), order: pc.order})
				case pdfName("Form"):
					m := identity
					if arr := d.array(xs.dict["Matrix"]); len(arr) == 6 {
						for i := range m {
							m[i], _ = d.num(arr[i])
						}
					}
					body, err := d.decode(xs)
					if err != nil {
						break
					}
					sub := d.dict(xs.dict["Resources"])
					if sub == nil {
						sub = res
					}
					d.interpret(pc, body, sub, m.mul(gs.ctm), depth+1)
				}
			}
		}
		operands = operands[:0]
	}
}

// pdfFont is what the inspector needs of a font: how many bytes make a
// character code, and the font's ToUnicode map where it has one.
type pdfFont struct {
	twoByte bool
	toUni   map[uint32]string
}

func (d *pdfDoc) font(dict pdfDict) *pdfFont {
	f := &pdfFont{}
	if dict == nil {
		return f
	}
	f.twoByte = d.resolve(dict["Subtype"]) == pdfName("Type0")
	if s, ok := d.resolve(dict["ToUnicode"]).(pdfStream); ok {
		if body, err := d.decode(s); err == nil {
			f.toUni = d.parseToUnicode(body)
		}
	}
	return f
}

// parseToUnicode reads the bfchar and bfrange sections of a ToUnicode CMap.
func (d *pdfDoc) parseToUnicode(body []byte) map[uint32]string {
	m := map[uint32]string{}
	p := &pdfParser{d: d, b: body}
	var operands []any
	code := func(b []byte) uint32 {
		var c uint32
		for _, x := range b {
			c = c<<8 | uint32(x)
		}
		return c
	}
	utf16 := func(b []byte) string { return pdfText(append([]byte{0xFE, 0xFF}, b...)) }
	for len(m) < 1<<17 {
		v, err := p.object()
		if err == errPDFSyntax {
			continue
		}
		if err != nil {
			break
		}
		op, ok := v.(pdfOp)
		if !ok {
			if len(operands) < 1<<16 {
				operands = append(operands, v)
			}
			continue
		}
		switch op {
		case "endbfchar":
			for i := 0; i+1 < len(operands); i += 2 {
				src, ok1 := operands[i].([]byte)
				dst, ok2 := operands[i+1].([]byte)
				if ok1 && ok2 {
					m[code(src)] = utf16(dst)
				}
			}
		case "endbfrange":
			for i := 0; i+2 < len(operands); i += 3 {
				lo, ok1 := operands[i].([]byte)
				hi, ok2 := operands[i+1].([]byte)
				if !ok1 || !ok2 || code(hi) < code(lo) || code(hi)-code(lo) > 1<<16 {
					continue
				}
				switch dst := operands[i+2].(type) {
				case []byte:
					base := []rune(utf16(dst))
					if len(base) == 0 {
						continue
					}
					for c := code(lo); c <= code(hi); c++ {
						rs := append([]rune(nil), base...)
						rs[len(rs)-1] += rune(c - code(lo))
						m[c] = string(rs)
					}
				case []any:
					for k, e := range dst {
						if b, ok := e.([]byte); ok {
							m[code(lo)+uint32(k)] = utf16(b)
						}
					}
				}
			}
		}
		operands = operands[:0]
	}
	return m
}

// decode turns a shown string into text: through ToUnicode where the font
// has it, as Latin-1 for simple fonts without, and not at all otherwise.
func (f *pdfFont) decode(s []byte) string {
	if f == nil {
		return pdfText(s)
	}
	if f.toUni == nil {
		if f.twoByte {
			return ""
		}
		return pdfText(s)
	}
	step := 1
	if f.twoByte {
		step = 2
	}
	var b strings.Builder
	for i := 0; i+step <= len(s); i += step {
		c := uint32(s[i])
		if step == 2 {
			c = c<<8 | uint32(s[i+1])
		}
		if u, ok := f.toUni[c]; ok {
			b.WriteString(u)
		} else if step == 1 {
			b.WriteRune(rune(s[i]))
		}
	}
	return b.String()
}
