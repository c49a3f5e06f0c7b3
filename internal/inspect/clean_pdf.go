// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"strconv"
)

// cleanPDF rewrites a PDF with one revision and only the objects its
// catalogue still uses, so earlier versions kept by incremental updates are
// gone; it drops the document information and XMP metadata, attached
// files, and annotations other than links. Redaction marks and filled
// boxes drawn as annotations are kept: removing them would uncover the text
// they were put over, which a person must redact properly. Page content is
// copied as it is, so text under a box stays (and is reported again).
func cleanPDF(data []byte, want map[string]bool) ([]byte, error) {
	r := newRun(Options{})
	d := parsePDF(r, data)
	tr := d.trailer()
	rootRef, ok := tr["Root"].(pdfRef)
	root := d.dict(rootRef)
	if !ok || root == nil {
		return nil, fmt.Errorf("%w: the PDF's catalogue could not be found", ErrCannotClean)
	}
	if want["pdf-metadata"] {
		delete(root, "Metadata")
	}
	if want["pdf-attachments"] {
		if names := d.dict(root["Names"]); names != nil {
			delete(names, "EmbeddedFiles")
		}
	}
	if want["pdf-annotations"] || want["pdf-attachments"] {
		removedWidgets := false
		for _, pg := range d.pages(root) {
			page := pg.dict
			var keep []any
			for _, a := range d.array(page["Annots"]) {
				annot := d.dict(a)
				sub, _ := d.resolve(annot["Subtype"]).(pdfName)
				switch {
				case sub == "Link" || sub == "Popup" || sub == "Redact" || (sub == "Square" && annot["IC"] != nil):
					keep = append(keep, a)
				case sub == "FileAttachment" && !want["pdf-attachments"]:
					keep = append(keep, a)
				case sub != "FileAttachment" && !want["pdf-annotations"]:
					keep = append(keep, a)
				default:
					removedWidgets = removedWidgets || sub == "Widget"
				}
			}
			if len(keep) == 0 {
				delete(page, "Annots")
			} else {
				page["Annots"] = keep
			}
		}
		if removedWidgets {
			delete(root, "AcroForm")
		}
	}
	// Collect what the catalogue reaches.
	reach := map[int]bool{}
	queue := []any{rootRef}
	for len(queue) > 0 && len(reach) < 1000000 {
		v := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		switch t := v.(type) {
		case pdfRef:
			if !reach[t.num] && d.objs[t.num] != nil {
				reach[t.num] = true
				queue = append(queue, d.objs[t.num])
			}
		case pdfDict:
			for _, e := range t {
				queue = append(queue, e)
			}
		case []any:
			queue = append(queue, t...)
		case pdfStream:
			queue = append(queue, t.dict)
		}
	}
	nums := make([]int, 0, len(reach))
	for n := range reach {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	var out bytes.Buffer
	out.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := map[int]int{}
	for _, n := range nums {
		r.tick()
		offsets[n] = out.Len()
		fmt.Fprintf(&out, "%d 0 obj\n", n)
		switch v := d.objs[n].(type) {
		case pdfStream:
			dict := pdfDict{}
			for k, e := range v.dict {
				dict[k] = e
			}
			dict["Length"] = float64(len(v.raw))
			writePDFValue(&out, dict)
			out.WriteString("\nstream\n")
			out.Write(v.raw)
			out.WriteString("\nendstream")
		default:
			writePDFValue(&out, v)
		}
		out.WriteString("\nendobj\n")
	}
	size := 1
	if len(nums) > 0 {
		size = nums[len(nums)-1] + 1
	}
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n", size)
	for i := 0; i < size; i++ {
		if off, ok := offsets[i]; ok {
			fmt.Fprintf(&out, "%010d 00000 n \n", off)
		} else {
			out.WriteString("0000000000 65535 f \n")
		}
	}
	trailer := pdfDict{"Size": float64(size), "Root": pdfRef{num: rootRef.num}}
	if id := d.array(tr["ID"]); len(id) == 2 {
		trailer["ID"] = id
	}
	out.WriteString("trailer\n")
	writePDFValue(&out, trailer)
	fmt.Fprintf(&out, "\nstartxref\n%d\n%%%%EOF\n", xref)
	return out.Bytes(), nil
}

// writePDFValue serialises a parsed value; every reference is written with
// generation 0, as every object is.
func writePDFValue(w *bytes.Buffer, v any) {
	switch t := v.(type) {
	case nil:
		w.WriteString("null")
	case bool:
		w.WriteString(strconv.FormatBool(t))
	case float64:
		if t == math.Trunc(t) && math.Abs(t) < 1e15 {
			w.WriteString(strconv.FormatInt(int64(t), 10))
		} else {
			w.WriteString(strconv.FormatFloat(t, 'f', -1, 64))
		}
	case pdfName:
		w.WriteByte('/')
		for _, c := range []byte(t) {
			if c < 0x21 || c > 0x7e || c == '#' || isPDFDelim(c) {
				fmt.Fprintf(w, "#%02X", c)
			} else {
				w.WriteByte(c)
			}
		}
	case []byte:
		fmt.Fprintf(w, "<%X>", t)
	case pdfRef:
		fmt.Fprintf(w, "%d 0 R", t.num)
	case []any:
		w.WriteByte('[')
		for i, e := range t {
			if i > 0 {
				w.WriteByte(' ')
			}
			writePDFValue(w, e)
		}
		w.WriteByte(']')
	case pdfDict:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, string(k))
		}
		sort.Strings(keys)
		w.WriteString("<<")
		for _, k := range keys {
			writePDFValue(w, pdfName(k))
			w.WriteByte(' ')
			writePDFValue(w, t[pdfName(k)])
			w.WriteByte(' ')
		}
		w.WriteString(">>")
	case pdfOp:
		w.WriteString("null") // a stray bare word has no meaning outside content streams
	default:
		w.WriteString("null")
	}
}
