// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
)

// zipDoc is a zip-based document (OOXML or OpenDocument) opened within the
// inspection's budget: at most maxZipEntries parts, and at most 8×MaxBytes
// decompressed in all, counted on the bytes actually read (a part's
// declared size can lie).
type zipDoc struct {
	r     *run
	files map[string]*zip.File
	names []string
}

func openZip(r *run, data []byte) (*zipDoc, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	if len(zr.File) > maxZipEntries {
		return nil, fmt.Errorf("it has %d parts, more than the %d allowed", len(zr.File), maxZipEntries)
	}
	z := &zipDoc{r: r, files: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		name := strings.TrimPrefix(f.Name, "/")
		if _, dup := z.files[name]; dup {
			return nil, fmt.Errorf("part %q appears twice", name)
		}
		if f.Flags&1 != 0 {
			return nil, errEncryptedZip
		}
		z.files[name] = f
		z.names = append(z.names, name)
	}
	sort.Strings(z.names)
	return z, nil
}

var errEncryptedZip = errors.New("zip parts are encrypted")

func (z *zipDoc) has(name string) bool { _, ok := z.files[name]; return ok }

// read returns a small part's bytes whole (a mimetype, a picture), or
// false (with an "unreadable" finding) if it is missing or corrupt. A part
// read whole may expand to at most maxPartBytes; exceeding that or the
// file's budget aborts the inspection. XML parts are streamed (walk).
func (z *zipDoc) read(name string) ([]byte, bool) {
	f, ok := z.files[name]
	if !ok {
		return nil, false
	}
	rc, err := f.Open()
	if err != nil {
		z.r.add("unreadable", name, "A part of the file is corrupt, so it could not be checked.", "", false)
		return nil, false
	}
	defer rc.Close()
	var buf bytes.Buffer
	_, err = io.Copy(&buf, z.r.budgeted(rc, maxPartBytes))
	if err != nil {
		z.r.add("unreadable", name, "A part of the file is corrupt, so it could not be checked.", "", false)
		return nil, false
	}
	return buf.Bytes(), true
}

// budgeted counts what is decompressed through rd against the file's
// budget (8×MaxBytes in all) and, when partLimit > 0, against a limit for
// this part, aborting the inspection when either is spent. Sizes are
// counted on the bytes read: a part's declared size can lie.
func (r *run) budgeted(rd io.Reader, partLimit int64) io.Reader {
	return &budgetReader{r: r, rd: rd, left: partLimit}
}

type budgetReader struct {
	r    *run
	rd   io.Reader
	left int64 // for this part; unlimited when it starts at 0
	read int64
}

func (b *budgetReader) Read(p []byte) (int, error) {
	n, err := b.rd.Read(p)
	b.read += int64(n)
	b.r.unzipped += int64(n)
	if total := 8 * b.r.opts.maxBytes(); b.r.unzipped > total {
		panic(fmt.Errorf("%w: the file expands to more than %d MB", errBudget, total>>20))
	}
	if b.left > 0 && b.read > b.left {
		panic(fmt.Errorf("%w: one part expands to more than %d MB", errBudget, b.left>>20))
	}
	if err != nil && err != io.EOF {
		err = corruptErr{err}
	}
	return n, err
}

// corruptErr marks a failure to decompress, as against malformed XML.
type corruptErr struct{ error }

// part is an XML part to stream; ok is false when the file has no such part.
func (z *zipDoc) part(name string) (*zip.File, bool) {
	f, ok := z.files[name]
	return f, ok
}

// matching lists part names under dir whose base name starts with prefix.
func (z *zipDoc) matching(dir, prefix string) []string {
	var out []string
	for _, n := range z.names {
		if path.Dir(n) == dir && strings.HasPrefix(path.Base(n), prefix) && !strings.HasSuffix(n, "/") {
			out = append(out, n)
		}
	}
	return out
}

// inspectZip tells the zip-based formats apart by their parts.
func inspectZip(r *run, data []byte) {
	z, err := openZip(r, data)
	if errors.Is(err, errEncryptedZip) {
		r.add("encrypted", "whole file", "The file's parts are password-protected, so its content cannot be checked; release an unprotected copy.", "", false)
		return
	}
	if err != nil {
		r.add("unreadable", "whole file", "The file is a damaged archive ("+err.Error()+"), so it could not be checked.", "", false)
		return
	}
	mimetype := ""
	if z.has("mimetype") {
		if b, ok := z.read("mimetype"); ok {
			mimetype = strings.TrimSpace(string(head(b, 200)))
		}
	}
	switch {
	case z.has("xl/workbook.xml"):
		inspectXLSX(r, z)
	case z.has("word/document.xml"):
		inspectDOCX(r, z)
	case mimetype == "application/vnd.oasis.opendocument.spreadsheet":
		inspectODF(r, z, true)
	case mimetype == "application/vnd.oasis.opendocument.text":
		inspectODF(r, z, false)
	case z.has("ppt/presentation.xml") || strings.HasPrefix(mimetype, "application/vnd.oasis.opendocument."):
		r.add("unknown-format", "whole file", "Disclose does not check presentations or other office formats; convert it to PDF or a text document and attach that.", "", false)
	default:
		r.add("unknown-format", "whole file", "This is a zip archive: its files are not checked one by one, so attach them separately.", "", false)
	}
}

// walkXML streams an XML part and feeds every token to fn, so memory
// does not grow with the part's size. A malformed or corrupt part gives an
// "unreadable" finding; the tokens before the error have been seen.
// encoding/xml expands no custom entities, so entity bombs do nothing;
// nesting deeper than maxXMLDepth and text or a tag longer than
// maxTokenBytes (which the decoder would hold whole) abort the
// inspection.
func walkXML(r *run, part string, f *zip.File, fn func(dec *xml.Decoder, tok xml.Token)) {
	rc, err := f.Open()
	if err != nil {
		r.add("unreadable", part, "A part of the file is corrupt, so it could not be checked.", "", false)
		return
	}
	defer rc.Close()
	dec := xml.NewDecoder(&tokenGuard{rd: bufio.NewReaderSize(r.budgeted(rc, 0), 32<<10)})
	depth := 0
	for {
		r.tick()
		tok, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			var c corruptErr
			if errors.As(err, &c) {
				r.add("unreadable", part, "A part of the file is corrupt, so it could not be checked.", "", false)
				return
			}
			r.add("unreadable", part, "This part of the file is malformed XML, so it could not be checked completely.", "", false)
			return
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth++; depth > maxXMLDepth {
				panic(fmt.Errorf("%w: %s nests elements more than %d deep", errBudget, part, maxXMLDepth))
			}
		case xml.EndElement:
			depth--
		}
		fn(dec, tok)
	}
}

// Bounds on what one XML part may make the decoder hold.
const (
	maxXMLDepth   = 512
	maxTokenBytes = 4 << 20
)

// tokenGuard aborts when more than maxTokenBytes pass without a '<': one
// text node or tag that long would be held whole in memory.
type tokenGuard struct {
	rd  io.Reader
	run int
}

func (g *tokenGuard) Read(p []byte) (int, error) {
	n, err := g.rd.Read(p)
	for _, c := range p[:n] {
		if c == '<' {
			g.run = 0
		} else if g.run++; g.run > maxTokenBytes {
			panic(fmt.Errorf("%w: a single text or tag is longer than %d MB", errBudget, maxTokenBytes>>20))
		}
	}
	return n, err
}

// attr returns the value of the attribute with the given local name, in any namespace.
func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// attrNS returns the value of the attribute with the given namespace and local name.
func attrNS(se xml.StartElement, space, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local && a.Name.Space == space {
			return a.Value
		}
	}
	return ""
}

const nsRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

// relationships reads a .rels part into Id → resolved part name (or the
// raw target for external ones), with each target's type.
type rel struct {
	target, typ string
	external    bool
}

func readRels(r *run, z *zipDoc, relsPart, baseDir string) map[string]rel {
	out := map[string]rel{}
	data, ok := z.part(relsPart)
	if !ok {
		return out
	}
	walkXML(r, relsPart, data, func(_ *xml.Decoder, tok xml.Token) {
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "Relationship" {
			return
		}
		t := attr(se, "Target")
		ext := attr(se, "TargetMode") == "External"
		if !ext {
			t = resolvePart(baseDir, t)
		}
		r.retain(len(t) + len(attr(se, "Type")) + len(attr(se, "Id")) + 64)
		out[attr(se, "Id")] = rel{target: t, typ: attr(se, "Type"), external: ext}
	})
	return out
}

func resolvePart(baseDir, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Clean(path.Join(baseDir, target)), "/")
}

// relsFor names the .rels part of a part: xl/workbook.xml → xl/_rels/workbook.xml.rels.
func relsFor(part string) string {
	return path.Join(path.Dir(part), "_rels", path.Base(part)+".rels")
}

// ooxmlProperties reports personal details in docProps: the author and
// last editor, company and manager, and any custom properties.
func ooxmlProperties(r *run, z *zipDoc) {
	var found []string
	collect := func(part string, fields map[string]string) {
		data, ok := z.part(part)
		if !ok {
			return
		}
		var current string
		walkXML(r, part, data, func(_ *xml.Decoder, tok xml.Token) {
			switch t := tok.(type) {
			case xml.StartElement:
				current = t.Name.Local
			case xml.CharData:
				if label, ok := fields[current]; ok && strings.TrimSpace(string(t)) != "" {
					r.retain(len(t) + 32)
					found = append(found, label+": "+maskWords(strings.TrimSpace(string(t))))
				}
			case xml.EndElement:
				current = ""
			}
		})
	}
	collect("docProps/core.xml", map[string]string{"creator": "author", "lastModifiedBy": "last modified by"})
	collect("docProps/app.xml", map[string]string{"Company": "company", "Manager": "manager"})
	if data, ok := z.part("docProps/custom.xml"); ok {
		n := 0
		walkXML(r, "docProps/custom.xml", data, func(_ *xml.Decoder, tok xml.Token) {
			if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "property" {
				n++
			}
		})
		if n > 0 {
			found = append(found, fmt.Sprintf("%d custom properties", n))
		}
	}
	if len(found) > 0 {
		r.add("document-properties", "docProps (file properties)", "The file's properties name the people who wrote and edited it, which the requester can read in File > Properties.", strings.Join(found, "; "), true)
	}
}

// embeddedObjects reports parts under an embeddings folder: whole files
// (often whole spreadsheets) carried inside the document.
func embeddedObjects(r *run, z *zipDoc, dir string) {
	for _, n := range z.names {
		if strings.HasPrefix(n, dir) && !strings.HasSuffix(n, "/") {
			r.add("embedded-object", n, "A whole file is embedded in this document and goes out with it, with everything it contains.", "", false)
		}
	}
}

// mediaImages checks the pictures inside a document for EXIF and GPS
// metadata: a photo pasted into a letter keeps where it was taken.
func mediaImages(r *run, z *zipDoc, dir string) {
	for _, n := range z.names {
		if !strings.HasPrefix(n, dir) {
			continue
		}
		data, ok := z.read(n)
		if !ok {
			continue
		}
		switch format := sniff(data); format {
		case "jpeg", "png", "tiff":
			first := len(r.findings)
			inspectImage(r, format, data)
			for i := first; i < len(r.findings); i++ {
				r.findings[i].Where = n + ", " + r.findings[i].Where
				if format == "tiff" {
					r.findings[i].Fixable = false
				}
			}
		}
	}
}
