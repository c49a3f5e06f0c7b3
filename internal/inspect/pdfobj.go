// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

import (
	"bytes"
	"compress/zlib"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
)

// A small, tolerant PDF object reader: it finds every "N G obj" in the
// file (so it also sees objects that a damaged or updated cross-reference
// table no longer lists), reads objects packed in object streams, and
// decodes the common stream filters. It never follows a reference chain
// without a depth limit.

type pdfName string
type pdfRef struct{ num, gen int }
type pdfDict map[pdfName]any
type pdfStream struct {
	dict pdfDict
	raw  []byte
}

type pdfDoc struct {
	r        *run
	data     []byte
	objs     map[int]any // last definition wins, as a reader would show
	defs     map[int]int // how many times each object number is defined
	trailers []pdfDict
}

var reObjHeader = regexp.MustCompile(`(\d{1,10})\s+(\d{1,5})\s+obj\b`)

func parsePDF(r *run, data []byte) *pdfDoc {
	d := &pdfDoc{r: r, data: data, objs: map[int]any{}, defs: map[int]int{}}
	for _, m := range reObjHeader.FindAllSubmatchIndex(data, -1) {
		r.tick()
		if m[0] > 0 && !isPDFSpace(data[m[0]-1]) && !isPDFDelim(data[m[0]-1]) {
			continue
		}
		num, _ := strconv.Atoi(string(data[m[2]:m[3]]))
		p := &pdfParser{d: d, b: data, pos: m[1]}
		v, err := p.object()
		if err != nil {
			continue
		}
		if dict, ok := v.(pdfDict); ok {
			p.skipSpace()
			if bytes.HasPrefix(data[p.pos:], []byte("stream")) {
				v = p.stream(dict)
			}
		}
		d.objs[num] = v
		d.defs[num]++
	}
	// Object streams: their objects count only where no plain definition exists.
	var objStms []pdfStream
	for _, v := range d.objs {
		if s, ok := v.(pdfStream); ok && s.dict["Type"] == pdfName("ObjStm") {
			objStms = append(objStms, s)
		}
	}
	for _, s := range objStms {
		d.readObjStm(s)
	}
	for _, m := range regexp.MustCompile(`trailer\s*<<`).FindAllIndex(data, -1) {
		p := &pdfParser{d: d, b: data, pos: m[1] - 2}
		if v, err := p.object(); err == nil {
			if t, ok := v.(pdfDict); ok {
				d.trailers = append(d.trailers, t)
			}
		}
	}
	for _, v := range d.objs {
		if s, ok := v.(pdfStream); ok && s.dict["Type"] == pdfName("XRef") {
			d.trailers = append(d.trailers, s.dict)
		}
	}
	return d
}

func (d *pdfDoc) readObjStm(s pdfStream) {
	body, err := d.decode(s)
	if err != nil {
		return
	}
	n, _ := d.resolve(s.dict["N"]).(float64)
	first, _ := d.resolve(s.dict["First"]).(float64)
	if n <= 0 || n > 100000 || first < 0 || int(first) > len(body) {
		return
	}
	p := &pdfParser{d: d, b: body[:int(first)]}
	type entry struct{ num, off int }
	var entries []entry
	for i := 0; i < int(n); i++ {
		a, err1 := p.object()
		b, err2 := p.object()
		an, ok1 := a.(float64)
		bn, ok2 := b.(float64)
		if err1 != nil || err2 != nil || !ok1 || !ok2 {
			break
		}
		entries = append(entries, entry{int(an), int(bn)})
	}
	for _, e := range entries {
		d.r.tick()
		if _, defined := d.objs[e.num]; defined || e.off < 0 || int(first)+e.off >= len(body) {
			continue
		}
		q := &pdfParser{d: d, b: body, pos: int(first) + e.off}
		if v, err := q.object(); err == nil {
			d.objs[e.num] = v
			d.defs[e.num]++
		}
	}
}

// trailer merges the trailers found, the last in the file winning.
func (d *pdfDoc) trailer() pdfDict {
	t := pdfDict{}
	for _, tr := range d.trailers {
		for k, v := range tr {
			t[k] = v
		}
	}
	return t
}

// resolve follows references (at most 16 deep).
func (d *pdfDoc) resolve(v any) any {
	for i := 0; i < 16; i++ {
		ref, ok := v.(pdfRef)
		if !ok {
			return v
		}
		v = d.objs[ref.num]
	}
	return nil
}

func (d *pdfDoc) dict(v any) pdfDict {
	switch t := d.resolve(v).(type) {
	case pdfDict:
		return t
	case pdfStream:
		return t.dict
	}
	return nil
}

func (d *pdfDoc) array(v any) []any {
	a, _ := d.resolve(v).([]any)
	return a
}

func (d *pdfDoc) num(v any) (float64, bool) {
	f, ok := d.resolve(v).(float64)
	return f, ok
}

var errFilter = errors.New("unsupported stream filter")

// decode applies a stream's filters, within the run's size budget.
func (d *pdfDoc) decode(s pdfStream) ([]byte, error) {
	data := s.raw
	var filters []any
	switch f := d.resolve(s.dict["Filter"]).(type) {
	case pdfName:
		filters = []any{f}
	case []any:
		filters = f
	}
	for _, f := range filters {
		var err error
		switch d.resolve(f) {
		case pdfName("FlateDecode"), pdfName("Fl"):
			data, err = d.inflate(data)
		case pdfName("ASCIIHexDecode"), pdfName("AHx"):
			data, err = hexDecode(data)
		case pdfName("ASCII85Decode"), pdfName("A85"):
			data, err = a85Decode(data)
		default:
			return nil, fmt.Errorf("%w %v", errFilter, f)
		}
		if err != nil {
			return nil, err
		}
	}
	return data, nil
}

func (d *pdfDoc) inflate(b []byte) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	_, err = io.Copy(&out, d.r.budgeted(zr, maxPartBytes))
	if err != nil && out.Len() == 0 {
		return nil, err
	}
	return out.Bytes(), nil // a truncated stream still yields what it had
}

func hexDecode(b []byte) ([]byte, error) {
	var clean []byte
	for _, c := range b {
		if c == '>' {
			break
		}
		if !isPDFSpace(c) {
			clean = append(clean, c)
		}
	}
	if len(clean)%2 == 1 {
		clean = append(clean, '0')
	}
	out := make([]byte, len(clean)/2)
	_, err := hex.Decode(out, clean)
	return out, err
}

func a85Decode(b []byte) ([]byte, error) {
	var out []byte
	var group [5]byte
	n := 0
	for _, c := range b {
		switch {
		case c == '~':
			goto done
		case isPDFSpace(c):
			continue
		case c == 'z' && n == 0:
			out = append(out, 0, 0, 0, 0)
			continue
		case c < '!' || c > 'u':
			return nil, errors.New("bad ASCII85")
		}
		group[n] = c - '!'
		n++
		if n == 5 {
			v := uint32(0)
			for _, g := range group {
				v = v*85 + uint32(g)
			}
			out = append(out, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
			n = 0
		}
	}
done:
	if n > 1 {
		for i := n; i < 5; i++ {
			group[i] = 84
		}
		v := uint32(0)
		for _, g := range group {
			v = v*85 + uint32(g)
		}
		out = append(out, []byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}[:n-1]...)
	}
	return out, nil
}

func isPDFSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isPDFDelim(c byte) bool {
	return bytes.IndexByte([]byte("()<>[]{}/%"), c) >= 0
}

// pdfParser reads PDF objects (and content-stream tokens) from b.
type pdfParser struct {
	d     *pdfDoc
	b     []byte
	pos   int
	depth int
}

var errPDFSyntax = errors.New("PDF syntax")

func (p *pdfParser) skipSpace() {
	for p.pos < len(p.b) {
		c := p.b[p.pos]
		if isPDFSpace(c) {
			p.pos++
		} else if c == '%' {
			for p.pos < len(p.b) && p.b[p.pos] != '\n' && p.b[p.pos] != '\r' {
				p.pos++
			}
		} else {
			return
		}
	}
}

// pdfOp is a content-stream operator token.
type pdfOp string

// token reads one token: a complete object, or an operator (bare word).
func (p *pdfParser) object() (any, error) {
	if p.d != nil {
		p.d.r.tick()
	}
	p.skipSpace()
	if p.pos >= len(p.b) {
		return nil, io.EOF
	}
	if p.depth > 64 {
		return nil, errPDFSyntax
	}
	c := p.b[p.pos]
	switch {
	case c == '/':
		p.pos++
		start := p.pos
		for p.pos < len(p.b) && !isPDFSpace(p.b[p.pos]) && !isPDFDelim(p.b[p.pos]) {
			p.pos++
		}
		return pdfName(unescapeName(p.b[start:p.pos])), nil
	case c == '(':
		return p.literal()
	case c == '<' && p.pos+1 < len(p.b) && p.b[p.pos+1] == '<':
		p.pos += 2
		p.depth++
		defer func() { p.depth-- }()
		dict := pdfDict{}
		for {
			p.skipSpace()
			if p.pos+1 < len(p.b) && p.b[p.pos] == '>' && p.b[p.pos+1] == '>' {
				p.pos += 2
				return dict, nil
			}
			k, err := p.object()
			if err != nil {
				return nil, err
			}
			key, ok := k.(pdfName)
			if !ok {
				return nil, errPDFSyntax
			}
			v, err := p.object()
			if err != nil {
				return nil, err
			}
			dict[key] = v
		}
	case c == '<':
		p.pos++
		start := p.pos
		for p.pos < len(p.b) && p.b[p.pos] != '>' {
			p.pos++
		}
		s, _ := hexDecode(p.b[start:p.pos])
		p.pos++
		return s, nil
	case c == '[':
		p.pos++
		p.depth++
		defer func() { p.depth-- }()
		var arr []any
		for {
			p.skipSpace()
			if p.pos < len(p.b) && p.b[p.pos] == ']' {
				p.pos++
				if arr == nil {
					arr = []any{}
				}
				return arr, nil
			}
			v, err := p.object()
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
	case c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9'):
		start := p.pos
		p.pos++
		for p.pos < len(p.b) && (p.b[p.pos] == '.' || (p.b[p.pos] >= '0' && p.b[p.pos] <= '9')) {
			p.pos++
		}
		f, err := strconv.ParseFloat(string(p.b[start:p.pos]), 64)
		if err != nil {
			f = 0
		}
		// "N G R" is a reference.
		save := p.pos
		p.skipSpace()
		g := p.pos
		for p.pos < len(p.b) && p.b[p.pos] >= '0' && p.b[p.pos] <= '9' {
			p.pos++
		}
		if p.pos > g && p.pos-g < 6 {
			gen, _ := strconv.Atoi(string(p.b[g:p.pos]))
			p.skipSpace()
			if p.pos < len(p.b) && p.b[p.pos] == 'R' && (p.pos+1 == len(p.b) || isPDFSpace(p.b[p.pos+1]) || isPDFDelim(p.b[p.pos+1])) {
				p.pos++
				return pdfRef{int(f), gen}, nil
			}
		}
		p.pos = save
		return f, nil
	case c == ')' || c == '>' || c == ']' || c == '{' || c == '}':
		p.pos++
		return nil, errPDFSyntax
	default:
		start := p.pos
		for p.pos < len(p.b) && !isPDFSpace(p.b[p.pos]) && !isPDFDelim(p.b[p.pos]) {
			p.pos++
		}
		switch w := string(p.b[start:p.pos]); w {
		case "true":
			return true, nil
		case "false":
			return false, nil
		case "null":
			return nil, nil
		default:
			return pdfOp(w), nil
		}
	}
}

func (p *pdfParser) literal() ([]byte, error) {
	p.pos++ // (
	var out []byte
	depth := 1
	for p.pos < len(p.b) {
		c := p.b[p.pos]
		p.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return out, nil
			}
		case '\\':
			if p.pos >= len(p.b) {
				return out, nil
			}
			e := p.b[p.pos]
			p.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r', '\n':
				if e == '\r' && p.pos < len(p.b) && p.b[p.pos] == '\n' {
					p.pos++
				}
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && p.pos < len(p.b) && p.b[p.pos] >= '0' && p.b[p.pos] <= '7'; k++ {
						v = v*8 + int(p.b[p.pos]-'0')
						p.pos++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	return out, nil
}

func unescapeName(b []byte) string {
	if bytes.IndexByte(b, '#') < 0 {
		return string(b)
	}
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] == '#' && i+2 < len(b) {
			if v, err := strconv.ParseUint(string(b[i+1:i+3]), 16, 8); err == nil {
				out = append(out, byte(v))
				i += 2
				continue
			}
		}
		out = append(out, b[i])
	}
	return string(out)
}

// stream reads the bytes after "stream": /Length when it is right, else up
// to "endstream".
func (p *pdfParser) stream(dict pdfDict) pdfStream {
	p.pos += len("stream")
	if p.pos < len(p.b) && p.b[p.pos] == '\r' {
		p.pos++
	}
	if p.pos < len(p.b) && p.b[p.pos] == '\n' {
		p.pos++
	}
	start := p.pos
	if l, ok := dict["Length"].(float64); ok && l >= 0 && start+int(l) <= len(p.b) {
		end := start + int(l)
		rest := p.b[end:min(end+32, len(p.b))]
		if bytes.Contains(rest, []byte("endstream")) {
			return pdfStream{dict: dict, raw: p.b[start:end]}
		}
	}
	end := bytes.Index(p.b[start:], []byte("endstream"))
	if end < 0 {
		return pdfStream{dict: dict, raw: p.b[start:]}
	}
	raw := bytes.TrimRight(p.b[start:start+end], "\r\n")
	return pdfStream{dict: dict, raw: raw}
}
