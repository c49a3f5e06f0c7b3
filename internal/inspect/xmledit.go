// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"sort"
)

// element is one element of an XML part with the byte offsets of its
// tags, so that a clean copy can cut elements out of the original bytes
// and leave everything else exactly as it was (re-encoding with
// encoding/xml would rewrite every namespace prefix).
type element struct {
	name        xml.Name
	attr        []xml.Attr
	parent      int // index in the list, -1 for the root
	start       int // offset of '<'
	startTagEnd int // offset after the start tag's '>'
	endTagStart int // offset of the end tag's '<' (== end for <a/>)
	end         int // offset after the end tag
}

// elements lists every element of an XML part in document order.
func elements(data []byte) ([]element, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var out []element
	var stack []int
	for {
		before := int(dec.InputOffset())
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			parent := -1
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			after := int(dec.InputOffset())
			out = append(out, element{name: t.Name, attr: t.Copy().Attr, parent: parent, start: before, startTagEnd: after})
			stack = append(stack, len(out)-1)
		case xml.EndElement:
			if len(stack) == 0 {
				return nil, errors.New("unbalanced end tag")
			}
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			after := int(dec.InputOffset())
			out[i].endTagStart, out[i].end = before, after
			if before == out[i].startTagEnd && bytes.HasSuffix(data[out[i].start:out[i].startTagEnd], []byte("/>")) {
				out[i].endTagStart = after // a self-closing element: no end tag of its own
			}
		}
	}
	return out, nil
}

type cut struct{ from, to int }

// dropElement cuts an element and its content.
func (e element) drop() []cut { return []cut{{e.start, e.end}} }

// unwrap cuts an element's tags and keeps its content.
func (e element) unwrap() []cut {
	return []cut{{e.start, e.startTagEnd}, {e.endTagStart, e.end}}
}

// applyCuts removes the byte ranges from data; nested and overlapping
// ranges are merged.
func applyCuts(data []byte, cuts []cut) []byte {
	if len(cuts) == 0 {
		return data
	}
	sort.Slice(cuts, func(i, j int) bool { return cuts[i].from < cuts[j].from })
	var out bytes.Buffer
	pos := 0
	for _, c := range cuts {
		if c.to <= pos {
			continue
		}
		if c.from > pos {
			out.Write(data[pos:c.from])
		}
		if c.to > pos {
			pos = c.to
		}
	}
	out.Write(data[pos:])
	return out.Bytes()
}

// emptyRoot keeps only the root element of a part, without children:
// comments.xml becomes <w:comments ...></w:comments>.
func emptyRoot(data []byte) ([]byte, error) {
	els, err := elements(data)
	if err != nil {
		return nil, err
	}
	if len(els) == 0 {
		return data, nil
	}
	root := els[0]
	if root.endTagStart == root.end { // already empty
		return data, nil
	}
	var out bytes.Buffer
	out.Write(data[:root.startTagEnd])
	out.Write(data[root.endTagStart:])
	return out.Bytes(), nil
}

// hasChild reports whether element i has a direct child with the given name.
func hasChild(els []element, i int, space, local string) (int, bool) {
	for j := i + 1; j < len(els) && els[j].start < els[i].end; j++ {
		if els[j].parent == i && els[j].name.Space == space && els[j].name.Local == local {
			return j, true
		}
	}
	return -1, false
}
