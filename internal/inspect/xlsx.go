// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

import (
	"encoding/xml"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"
)

type xlsxSheet struct {
	name, state, part string
}

type xlsxStyles struct {
	invisible []bool // by cellXfs index: text cannot be seen
}

type definedName struct{ name, hidden, text string }

// readWorkbook lists a workbook's sheets (with their state and part) and defined names.
func readWorkbook(r *run, z *zipDoc) ([]xlsxSheet, []definedName) {
	wbRels := readRels(r, z, "xl/_rels/workbook.xml.rels", "xl")
	var sheets []xlsxSheet
	var names []definedName
	data, ok := z.part("xl/workbook.xml")
	if !ok {
		return nil, nil
	}
	inName := -1
	walkXML(r, "xl/workbook.xml", data, func(_ *xml.Decoder, tok xml.Token) {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "sheet":
				s := xlsxSheet{name: attr(t, "name"), state: attr(t, "state")}
				if rl, ok := wbRels[attrNS(t, nsRel, "id")]; ok {
					s.part = rl.target
				}
				r.retain(len(s.name) + len(s.part) + len(s.state) + 64)
				sheets = append(sheets, s)
			case "definedName":
				names = append(names, definedName{name: attr(t, "name"), hidden: attr(t, "hidden")})
				r.retain(len(names[len(names)-1].name) + 64)
				inName = len(names) - 1
			}
		case xml.CharData:
			if inName >= 0 {
				r.retain(len(t))
				names[inName].text += string(t)
			}
		case xml.EndElement:
			if t.Name.Local == "definedName" {
				inName = -1
			}
		}
	})
	return sheets, names
}

// inspectXLSX checks an Excel workbook part by part.
func inspectXLSX(r *run, z *zipDoc) {
	sheets, names := readWorkbook(r, z)
	hiddenSheet := map[string]bool{}
	commentParts := map[string]bool{}
	styles := readXLSXStyles(r, z)
	shared := readSharedStrings(r, z)
	for _, s := range sheets {
		hidden := s.state == "hidden" || s.state == "veryHidden"
		if hidden {
			hiddenSheet[strings.ToLower(s.name)] = true
		}
		st := scanWorksheet(r, z, s, styles, shared, hidden)
		switch s.state {
		case "hidden":
			r.add("hidden-sheet", fmt.Sprintf("sheet '%s' (hidden)", s.name), fmt.Sprintf("This sheet is hidden from view but goes out with the file: anyone can unhide its %d filled cells.", st.filled), "", true)
		case "veryHidden":
			r.add("very-hidden-sheet", fmt.Sprintf("sheet '%s' (very hidden)", s.name), fmt.Sprintf("This sheet is hidden so that Excel's Unhide menu does not list it, but its %d filled cells go out with the file and anyone can read them.", st.filled), "", true)
		}
		for _, p := range sheetComments(r, z, s) {
			commentParts[p] = true
		}
	}
	for _, n := range names {
		r.tick()
		if strings.HasPrefix(n.name, "_xlnm.") {
			continue // Excel's own names: print areas, filters
		}
		text := strings.TrimSpace(n.text)
		where := fmt.Sprintf("defined name '%s' = %s", n.name, text)
		switch {
		case strings.Contains(text, "["):
			r.add("defined-name-outside", where, "This name refers to another workbook, which reveals a file path and may pull in data from outside the released file.", "", false)
		case refersToHidden(text, hiddenSheet):
			r.add("defined-name-outside", where, "This name points at a hidden sheet, so data not shown in the workbook can be reached through it.", "", false)
		case n.hidden == "1" || n.hidden == "true":
			r.add("defined-name-outside", where, "This name is hidden from the Name Manager and can point at data the reader is not shown.", "", false)
		}
	}
	for _, p := range z.matching("xl/pivotCache", "pivotCacheDefinition") {
		pivotCache(r, z, p)
	}
	for _, p := range z.names {
		switch {
		case p == "xl/connections.xml":
			connections(r, z, p)
		case strings.HasPrefix(p, "xl/externalLinks/") && strings.HasSuffix(p, ".xml"):
			target := ""
			for _, rl := range readRels(r, z, relsFor(p), path.Dir(p)) {
				if rl.external {
					target = rl.target
				}
			}
			r.add("external-connection", p, "The workbook links to another file, whose path (and cached values from it) go out with this one.", maskPath(target), false)
		case strings.HasPrefix(p, "xl/queryTables/"):
			r.add("external-connection", p, "A query table pulls data from an outside source; the query and a copy of its data go out with the file.", "", false)
		}
	}
	for _, p := range z.names {
		if (strings.HasPrefix(p, "xl/comments") || strings.HasPrefix(p, "xl/threadedComments/")) && !commentParts[p] && countElements(r, z, p, "comment", "threadedComment") > 0 {
			r.add("comments", p, "The workbook holds comments or notes, which the requester can read and which often name colleagues or give opinions.", "", true)
		}
	}
	embeddedObjects(r, z, "xl/embeddings/")
	mediaImages(r, z, "xl/media/")
	ooxmlProperties(r, z)
}

// refersToHidden reports whether a formula names a sheet that is hidden:
// Staff!$A$1 or 'Staff list'!A1:B2.
func refersToHidden(formula string, hidden map[string]bool) bool {
	for name := range hidden {
		f := strings.ToLower(formula)
		if strings.Contains(f, name+"!") || strings.Contains(f, "'"+strings.ReplaceAll(name, "'", "''")+"'!") {
			return true
		}
	}
	return false
}

func readXLSXStyles(r *run, z *zipDoc) xlsxStyles {
	data, ok := z.part("xl/styles.xml")
	if !ok {
		return xlsxStyles{}
	}
	numFmts := map[string]string{}
	var fontWhite []bool
	var fillLight []bool // no fill, or a white one
	type xf struct{ numFmt, font, fill string }
	var xfs []xf
	var in []string // element stack
	walkXML(r, "xl/styles.xml", data, func(_ *xml.Decoder, tok xml.Token) {
		switch t := tok.(type) {
		case xml.StartElement:
			parent := ""
			if len(in) > 0 {
				parent = in[len(in)-1]
			}
			in = append(in, t.Name.Local)
			switch {
			case t.Name.Local == "numFmt":
				numFmts[attr(t, "numFmtId")] = attr(t, "formatCode")
				r.retain(len(attr(t, "formatCode")) + 48)
			case t.Name.Local == "font" && parent == "fonts":
				fontWhite = append(fontWhite, false)
				r.retain(2)
			case t.Name.Local == "color" && parent == "font" && len(fontWhite) > 0:
				fontWhite[len(fontWhite)-1] = isWhite(t)
			case t.Name.Local == "fill" && parent == "fills":
				fillLight = append(fillLight, true)
				r.retain(2)
			case t.Name.Local == "patternFill" && len(fillLight) > 0:
				if pt := attr(t, "patternType"); pt != "" && pt != "none" {
					fillLight[len(fillLight)-1] = false
				}
			case t.Name.Local == "fgColor" && parent == "patternFill" && len(fillLight) > 0:
				if isWhite(t) {
					fillLight[len(fillLight)-1] = true
				}
			case t.Name.Local == "xf" && parent == "cellXfs":
				xfs = append(xfs, xf{numFmt: attr(t, "numFmtId"), font: attr(t, "fontId"), fill: attr(t, "fillId")})
				r.retain(64)
			}
		case xml.EndElement:
			if len(in) > 0 {
				in = in[:len(in)-1]
			}
		}
	})
	st := xlsxStyles{invisible: make([]bool, len(xfs))}
	for i, x := range xfs {
		if code, ok := numFmts[x.numFmt]; ok && strings.Trim(code, "; ") == "" && strings.Contains(code, ";;") {
			st.invisible[i] = true
		}
		f, _ := strconv.Atoi(x.font)
		fl, _ := strconv.Atoi(x.fill)
		if f >= 0 && f < len(fontWhite) && fontWhite[f] && (fl < 0 || fl >= len(fillLight) || fillLight[fl]) {
			st.invisible[i] = true
		}
	}
	return st
}

// isWhite reads a colour element: rgb FFFFFF (any alpha), or theme colour
// 0 (Background 1, white in Office's themes).
func isWhite(se xml.StartElement) bool {
	rgb := strings.ToUpper(attr(se, "rgb"))
	if len(rgb) == 8 {
		rgb = rgb[2:]
	}
	if rgb == "FFFFFF" {
		return true
	}
	return attr(se, "theme") == "0" && attr(se, "tint") == ""
}

func readSharedStrings(r *run, z *zipDoc) []string {
	data, ok := z.part("xl/sharedStrings.xml")
	if !ok {
		return nil
	}
	var out []string
	var cur strings.Builder
	inT, inRPh := false, false
	walkXML(r, "xl/sharedStrings.xml", data, func(_ *xml.Decoder, tok xml.Token) {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				cur.Reset()
			case "t":
				inT = true
			case "rPh":
				inRPh = true // phonetic guide, not shown
			}
		case xml.CharData:
			if inT && !inRPh {
				cur.Write(t)
				r.textRun(cur.Len())
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				r.retain(cur.Len() + 40) // the string, its header and the slice growing
				out = append(out, cur.String())
			case "t":
				inT = false
			case "rPh":
				inRPh = false
			}
		}
	})
	return out
}

type sheetStats struct{ filled int }

// scanWorksheet reads one sheet's cells: it reports hidden rows and
// columns that hold data and invisible cells, and runs the personal-data
// detectors over the cells a reader can see (of visible sheets only: a
// hidden sheet is reported whole).
func scanWorksheet(r *run, z *zipDoc, s xlsxSheet, styles xlsxStyles, shared []string, sheetHidden bool) sheetStats {
	var st sheetStats
	data, ok := z.part(s.part)
	if !ok {
		if s.part != "" && z.has(s.part) {
			return st // corrupt: read has reported it
		}
		r.add("unreadable", fmt.Sprintf("sheet '%s'", s.name), "The sheet's content is missing from the file, so it could not be checked.", "", false)
		return st
	}
	type colRange struct{ min, max int }
	var hiddenCols []colRange
	allRowsHidden := false
	hiddenRowData := map[int]bool{}
	hiddenColData := map[int]bool{}
	var rowCells, rowRefs []string // the visible cells of the row being read
	rowBytes := 0
	var invisible []string // the first ten
	invisibleCount := 0
	var (
		rowHidden         bool
		rowNum            int
		cellRef, cellType string
		cellStyle         int
		inV, inT          bool
		value             strings.Builder
	)
	colHidden := func(c int) bool {
		for _, h := range hiddenCols {
			if c >= h.min && c <= h.max {
				return true
			}
		}
		return false
	}
	walkXML(r, s.part, data, func(_ *xml.Decoder, tok xml.Token) {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "sheetFormatPr":
				allRowsHidden = t.Name.Local == "sheetFormatPr" && (attr(t, "zeroHeight") == "1" || attr(t, "zeroHeight") == "true")
			case "col":
				if isTrue(attr(t, "hidden")) || attr(t, "width") == "0" {
					lo, _ := strconv.Atoi(attr(t, "min"))
					hi, _ := strconv.Atoi(attr(t, "max"))
					r.retain(16)
					hiddenCols = append(hiddenCols, colRange{lo, hi})
				}
			case "row":
				rowCells, rowRefs, rowBytes = rowCells[:0], rowRefs[:0], 0
				rowNum, _ = strconv.Atoi(attr(t, "r"))
				ht := attr(t, "ht")
				rowHidden = isTrue(attr(t, "hidden")) || (ht != "" && mustFloat(ht) == 0) || (allRowsHidden && !isTrue(attr(t, "customHeight")))
			case "c":
				cellRef, cellType = attr(t, "r"), attr(t, "t")
				cellStyle, _ = strconv.Atoi(attr(t, "s"))
				value.Reset()
			case "v":
				inV = true
			case "t":
				inT = true
			}
		case xml.CharData:
			if inV || inT {
				value.Write(t)
				r.textRun(value.Len())
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "row":
				// The requester's name over a first-name and a surname column.
				r.acrossCells(fmt.Sprintf("sheet '%s' row %d", s.name, rowNum), rowCells, rowRefs)
				rowCells, rowRefs = rowCells[:0], rowRefs[:0]
			case "v":
				inV = false
			case "t":
				inT = false
			case "c":
				text := value.String()
				if cellType == "s" {
					i, err := strconv.Atoi(strings.TrimSpace(text))
					text = ""
					if err == nil && i >= 0 && i < len(shared) {
						text = shared[i]
					}
				}
				if strings.TrimSpace(text) == "" {
					return
				}
				st.filled++
				col, row := splitRef(cellRef)
				if row == 0 {
					row = rowNum
				}
				switch {
				case rowHidden:
					if !hiddenRowData[row] {
						r.retain(16)
						hiddenRowData[row] = true
					}
				case colHidden(col):
					if !hiddenColData[col] {
						r.retain(16)
						hiddenColData[col] = true
					}
				case cellStyle >= 0 && cellStyle < len(styles.invisible) && styles.invisible[cellStyle]:
					if invisibleCount++; len(invisible) < 10 {
						invisible = append(invisible, cellRef)
					}
				case !sheetHidden:
					r.text(fmt.Sprintf("sheet '%s' cell %s", s.name, cellRef), text)
					if len(r.detector.requester) > 0 {
						rowCells, rowRefs = append(rowCells, text), append(rowRefs, cellRef)
						rowBytes += len(text) + len(cellRef)
						r.textRun(rowBytes)
					}
				}
			}
		}
	})
	if sheetHidden {
		return st
	}
	if len(hiddenRowData) > 0 {
		r.add("hidden-rows", fmt.Sprintf("sheet '%s', rows %s", s.name, listInts(hiddenRowData, strconv.Itoa)), fmt.Sprintf("%d hidden rows hold data that is not shown but goes out with the file.", len(hiddenRowData)), "", false)
	}
	if len(hiddenColData) > 0 {
		r.add("hidden-columns", fmt.Sprintf("sheet '%s', columns %s", s.name, listInts(hiddenColData, colName)), fmt.Sprintf("%d hidden columns hold data that is not shown but goes out with the file.", len(hiddenColData)), "", false)
	}
	if len(invisible) > 0 {
		more := ""
		if invisibleCount > 10 {
			more = fmt.Sprintf(" and %d more", invisibleCount-10)
		}
		r.add("invisible-text", fmt.Sprintf("sheet '%s', cells %s%s", s.name, strings.Join(invisible, ", "), more), "These cells are formatted so that their content cannot be seen (white text, or a ;;; number format), but anyone can read it.", "", false)
	}
	return st
}

// sheetComments reports the comment parts a sheet links to, and returns their names.
func sheetComments(r *run, z *zipDoc, s xlsxSheet) []string {
	if s.part == "" {
		return nil
	}
	var parts []string
	for _, rl := range readRels(r, z, relsFor(s.part), path.Dir(s.part)) {
		if rl.external || !(strings.HasSuffix(rl.typ, "/comments") || strings.HasSuffix(rl.typ, "/threadedComment")) {
			continue
		}
		n := countElements(r, z, rl.target, "comment", "threadedComment")
		parts = append(parts, rl.target)
		if n == 0 {
			continue // an emptied comments part
		}
		r.add("comments", fmt.Sprintf("sheet '%s', %d comments (%s)", s.name, n, rl.target), "The sheet has comments or notes, which the requester can read and which often name colleagues or give opinions.", "", true)
	}
	return parts
}

func pivotCache(r *run, z *zipDoc, part string) {
	data, ok := z.part(part)
	if !ok {
		return
	}
	source, records := "", ""
	walkXML(r, part, data, func(_ *xml.Decoder, tok xml.Token) {
		se, ok := tok.(xml.StartElement)
		if !ok {
			return
		}
		switch se.Name.Local {
		case "pivotCacheDefinition":
			records = attr(se, "recordCount")
		case "worksheetSource":
			source = strings.TrimSpace(attr(se, "sheet") + " " + attr(se, "ref") + attr(se, "name"))
		}
	})
	where := part
	if source != "" {
		where += " (source: " + source + ")"
	}
	why := "A pivot table keeps its own copy of the source rows, so rows deleted or hidden from the sheet can still be read from the file."
	if records != "" {
		why = fmt.Sprintf("A pivot table keeps its own copy of the %s source rows, so rows deleted or hidden from the sheet can still be read from the file.", records)
	}
	r.add("pivot-cache", where, why, "", false)
}

func connections(r *run, z *zipDoc, part string) {
	data, ok := z.part(part)
	if !ok {
		return
	}
	walkXML(r, part, data, func(_ *xml.Decoder, tok xml.Token) {
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "connection" {
			r.add("external-connection", fmt.Sprintf("%s, connection '%s'", part, attr(se, "name")), "The workbook keeps a connection to an outside data source; its details (server, file path, sometimes a user name) go out with the file.", "", false)
		}
	})
}

// maskPath keeps only the file name of an external link's target.
func maskPath(p string) string {
	if p == "" {
		return ""
	}
	p = strings.ReplaceAll(p, "\\", "/")
	return ".../" + path.Base(p)
}

func isTrue(s string) bool { return s == "1" || s == "true" }

func mustFloat(s string) float64 {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return -1
	}
	return f
}

// splitRef splits "AB12" into column 28 and row 12.
func splitRef(ref string) (col, row int) {
	i := 0
	for i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z' {
		if col < 1<<20 {
			col = col*26 + int(ref[i]-'A'+1)
		}
		i++
	}
	row, _ = strconv.Atoi(ref[i:])
	return col, row
}

func colName(c int) string {
	s := ""
	for c > 0 && len(s) < 8 {
		c--
		s = string(rune('A'+c%26)) + s
		c /= 26
	}
	return s
}

// listInts writes a sorted set as "3-5, 9" (at most twelve runs).
func listInts(set map[int]bool, name func(int) string) string {
	keys := make([]int, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	var parts []string
	for i := 0; i < len(keys); {
		j := i
		for j+1 < len(keys) && keys[j+1] == keys[j]+1 {
			j++
		}
		if len(parts) == 12 {
			parts = append(parts, "…")
			break
		}
		if i == j {
			parts = append(parts, name(keys[i]))
		} else {
			parts = append(parts, name(keys[i])+"-"+name(keys[j]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// countElements counts the elements with any of the given local names in a part.
func countElements(r *run, z *zipDoc, part string, locals ...string) int {
	data, ok := z.part(part)
	if !ok {
		return 0
	}
	n := 0
	walkXML(r, part, data, func(_ *xml.Decoder, tok xml.Token) {
		if se, ok := tok.(xml.StartElement); ok {
			for _, l := range locals {
				if se.Name.Local == l {
					n++
				}
			}
		}
	})
	return n
}
