// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

import (
	"encoding/xml"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// OpenDocument namespaces.
const (
	nsOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	nsText   = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
	nsTable  = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
	nsStyle  = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
	nsMeta   = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
	nsDC     = "http://purl.org/dc/elements/1.1/"
)

// odfHiddenStyles reads the automatic and common styles that hide what
// uses them: text:display="none" for text, table:display="false" for sheets.
func odfHiddenStyles(r *run, z *zipDoc) map[string]bool {
	hidden := map[string]bool{}
	for _, part := range []string{"styles.xml", "content.xml"} {
		data, ok := z.part(part)
		if !ok {
			continue
		}
		style := ""
		walkXML(r, part, data, func(_ *xml.Decoder, tok xml.Token) {
			switch t := tok.(type) {
			case xml.StartElement:
				switch {
				case t.Name.Space == nsStyle && t.Name.Local == "style":
					style = attrNS(t, nsStyle, "name")
				case style != "" && t.Name.Local == "text-properties" && attrNS(t, nsText, "display") == "none",
					style != "" && t.Name.Local == "table-properties" && attrNS(t, nsTable, "display") == "false":
					r.retain(len(style) + 32)
					hidden[style] = true
				}
			case xml.EndElement:
				if t.Name.Space == nsStyle && t.Name.Local == "style" {
					style = ""
				}
			}
		})
	}
	return hidden
}

// odfHiddenElement reports elements whose content the reader does not see.
func odfHiddenElement(se xml.StartElement, hiddenStyles map[string]bool) bool {
	if se.Name.Space == nsText {
		switch se.Name.Local {
		case "hidden-text", "hidden-paragraph":
			return true
		case "section":
			if d := attrNS(se, nsText, "display"); d == "none" || d == "condition" {
				return true
			}
		case "span", "p", "h":
			return hiddenStyles[attrNS(se, nsText, "style-name")]
		}
	}
	return false
}

// inspectODF checks an OpenDocument text or spreadsheet.
func inspectODF(r *run, z *zipDoc, sheet bool) {
	hiddenStyles := odfHiddenStyles(r, z)
	data, ok := z.part("content.xml")
	if !ok {
		r.add("unreadable", "content.xml", "The document's content is missing or corrupt, so it could not be checked.", "", false)
		return
	}
	var (
		stack        []string // local names, for context
		hiddenDepth  int      // inside hidden text
		changeDepth  int      // inside text:tracked-changes (which holds deleted text)
		annotDepth   int
		annotations  int
		changes      int
		hiddenTexts  []string
		paragraph    int
		para         strings.Builder
		table        string
		tableHidden  bool
		row, col     int
		rowHidden    bool
		hiddenCols   map[int]bool
		colCount     int
		cellText     strings.Builder
		inCell       bool
		hiddenRows   = map[string]map[int]bool{}
		hiddenColUse = map[string]map[int]bool{}
		hiddenTables []string
		filled       = map[string]int{}
	)
	var tableOrder []string
	var rowCells, rowRefs []string // the visible cells of the row being read
	rowBytes := 0
	walkXML(r, "content.xml", data, func(_ *xml.Decoder, tok xml.Token) {
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name.Local)
			if hiddenDepth > 0 || odfHiddenElement(t, hiddenStyles) {
				hiddenDepth++
				if v := attrNS(t, nsText, "string-value"); v != "" {
					r.retain(len(v) + 16)
					hiddenTexts = append(hiddenTexts, v)
				}
			}
			switch {
			case t.Name.Space == nsText && t.Name.Local == "tracked-changes":
				changeDepth++
			case t.Name.Space == nsText && t.Name.Local == "changed-region":
				changes++
			case t.Name.Space == nsOffice && t.Name.Local == "annotation":
				annotations++
				annotDepth++
			case t.Name.Space == nsText && (t.Name.Local == "p" || t.Name.Local == "h"):
				paragraph++
				if !inCell {
					para.Reset()
				}
			case t.Name.Space == nsText && (t.Name.Local == "tab" || t.Name.Local == "s" || t.Name.Local == "line-break"):
				para.WriteByte(' ')
				cellText.WriteByte(' ')
			case t.Name.Space == nsTable && t.Name.Local == "table":
				table = attrNS(t, nsTable, "name")
				r.retain(2*len(table) + 64)
				tableOrder = append(tableOrder, table)
				tableHidden = hiddenStyles[attrNS(t, nsTable, "style-name")]
				if tableHidden {
					hiddenTables = append(hiddenTables, table)
				}
				row, colCount, hiddenCols = 0, 0, map[int]bool{}
			case t.Name.Space == nsTable && t.Name.Local == "table-column":
				n := repeat(attrNS(t, nsTable, "number-columns-repeated"))
				v := attrNS(t, nsTable, "visibility")
				for i := 0; i < n && colCount < 16384; i++ {
					colCount++
					if v == "collapse" || v == "filter" {
						r.retain(16)
						hiddenCols[colCount] = true
					}
				}
			case t.Name.Space == nsTable && t.Name.Local == "table-row":
				row++
				col = 0
				v := attrNS(t, nsTable, "visibility")
				rowHidden = v == "collapse" || v == "filter"
				if n := repeat(attrNS(t, nsTable, "number-rows-repeated")); n > 1 {
					row += n - 1 // repeated rows are empty or identical; numbering stays right for what follows
				}
			case t.Name.Space == nsTable && (t.Name.Local == "table-cell" || t.Name.Local == "covered-table-cell"):
				col++
				inCell = true
				cellText.Reset()
				if v := attrNS(t, nsOffice, "value"); v != "" {
					cellText.WriteString(v)
				}
				if n := repeat(attrNS(t, nsTable, "number-columns-repeated")); n > 1 {
					defer func() { col += n - 1 }()
				}
			}
		case xml.CharData:
			if annotDepth > 0 || changeDepth > 0 {
				return
			}
			if hiddenDepth > 0 {
				if s := strings.TrimSpace(string(t)); s != "" {
					r.retain(len(s) + 16)
					hiddenTexts = append(hiddenTexts, s)
				}
				return
			}
			if inCell {
				if cellText.Len() == 0 || len(stack) > 0 && stack[len(stack)-1] != "table-cell" {
					cellText.Write(t)
					r.textRun(cellText.Len())
				}
			} else {
				para.Write(t)
				r.textRun(para.Len())
			}
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			if hiddenDepth > 0 {
				hiddenDepth--
			}
			switch {
			case t.Name.Space == nsText && t.Name.Local == "tracked-changes":
				changeDepth--
			case t.Name.Space == nsOffice && t.Name.Local == "annotation":
				annotDepth--
			case t.Name.Space == nsText && (t.Name.Local == "p" || t.Name.Local == "h") && !inCell && !sheet:
				r.text(fmt.Sprintf("paragraph %d", paragraph), para.String())
			case t.Name.Space == nsTable && (t.Name.Local == "table-cell" || t.Name.Local == "covered-table-cell"):
				inCell = false
				text := strings.TrimSpace(cellText.String())
				if text == "" {
					return
				}
				filled[table]++
				ref := fmt.Sprintf("%s%d", colName(col), row)
				switch {
				case tableHidden:
				case rowHidden:
					addTo(r, hiddenRows, table, row)
				case hiddenCols[col]:
					addTo(r, hiddenColUse, table, col)
				default:
					r.text(fmt.Sprintf("sheet '%s' cell %s", table, ref), text)
					if len(r.detector.requester) > 0 {
						rowCells, rowRefs = append(rowCells, text), append(rowRefs, ref)
						rowBytes += len(text) + len(ref)
						r.textRun(rowBytes)
					}
				}
			case t.Name.Space == nsTable && t.Name.Local == "table-row":
				// The requester's name over a first-name and a surname column.
				r.acrossCells(fmt.Sprintf("sheet '%s' row %d", table, row), rowCells, rowRefs)
				rowCells, rowRefs, rowBytes = rowCells[:0], rowRefs[:0], 0
			}
		}
	})
	if changes > 0 {
		r.add("tracked-changes", fmt.Sprintf("content.xml (%d tracked changes)", changes), "Tracked changes keep deleted wording and earlier drafts, with the names of their authors, and anyone can show them.", "", true)
	}
	if annotations > 0 {
		r.add("comments", fmt.Sprintf("content.xml (%d comments)", annotations), "The document has comments, which the requester can read and which often name colleagues or give opinions.", "", true)
	}
	if len(hiddenTexts) > 0 && !sheet {
		r.add("hidden-text", fmt.Sprintf("content.xml (%d pieces of hidden text)", len(hiddenTexts)), "Text formatted as hidden is not shown or printed, but it goes out with the file and anyone can reveal it.", maskWords(truncate(strings.Join(hiddenTexts, " … "), 60)), true)
	}
	for _, name := range hiddenTables {
		r.add("hidden-sheet", fmt.Sprintf("sheet '%s' (hidden)", name), fmt.Sprintf("This sheet is hidden from view but goes out with the file: anyone can unhide its %d filled cells.", filled[name]), "", true)
	}
	for _, name := range tableOrder {
		if rows := hiddenRows[name]; len(rows) > 0 {
			r.add("hidden-rows", fmt.Sprintf("sheet '%s', rows %s", name, listInts(rows, strconv.Itoa)), fmt.Sprintf("%d hidden rows hold data that is not shown but goes out with the file.", len(rows)), "", false)
		}
		if cols := hiddenColUse[name]; len(cols) > 0 {
			r.add("hidden-columns", fmt.Sprintf("sheet '%s', columns %s", name, listInts(cols, colName)), fmt.Sprintf("%d hidden columns hold data that is not shown but goes out with the file.", len(cols)), "", false)
		}
	}
	odfMeta(r, z)
	mediaImages(r, z, "Pictures/")
	for _, n := range z.names {
		if strings.HasPrefix(n, "Object ") && strings.HasSuffix(n, "/content.xml") {
			r.add("embedded-object", strings.TrimSuffix(n, "/content.xml"), "A whole document is embedded in this one and goes out with it, with everything it contains.", "", false)
		}
	}
}

func repeat(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 1
	}
	return n
}

func addTo(r *run, m map[string]map[int]bool, key string, v int) {
	if m[key] == nil {
		r.retain(len(key) + 64)
		m[key] = map[int]bool{}
	}
	if !m[key][v] {
		r.retain(16)
		m[key][v] = true
	}
}

// odfMetaPeople are the meta.xml elements that name people.
var odfMetaPeople = map[xml.Name]string{
	{Space: nsMeta, Local: "initial-creator"}: "author",
	{Space: nsDC, Local: "creator"}:           "last modified by",
	{Space: nsMeta, Local: "printed-by"}:      "printed by",
}

func odfMeta(r *run, z *zipDoc) {
	data, ok := z.part("meta.xml")
	if !ok {
		return
	}
	var found []string
	var current xml.Name
	custom := 0
	walkXML(r, "meta.xml", data, func(_ *xml.Decoder, tok xml.Token) {
		switch t := tok.(type) {
		case xml.StartElement:
			current = t.Name
			if t.Name.Space == nsMeta && t.Name.Local == "user-defined" {
				custom++
			}
		case xml.CharData:
			if label, ok := odfMetaPeople[current]; ok && strings.TrimSpace(string(t)) != "" {
				r.retain(len(t) + 32)
				found = append(found, label+": "+maskWords(strings.TrimSpace(string(t))))
			}
		case xml.EndElement:
			current = xml.Name{}
		}
	})
	if custom > 0 {
		found = append(found, fmt.Sprintf("%d custom properties", custom))
	}
	sort.Strings(found)
	if len(found) > 0 {
		r.add("document-properties", "meta.xml (file properties)", "The file's properties name the people who wrote and edited it, which the requester can read in File > Properties.", strings.Join(found, "; "), true)
	}
}
