// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

import (
	"encoding/xml"
	"fmt"
	"path"
	"sort"
	"strings"
)

const nsW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

// The parts of a Word document that hold text a reader sees.
func docxStoryParts(z *zipDoc) []string {
	parts := []string{"word/document.xml"}
	for _, n := range z.names {
		dir, base := path.Dir(n), path.Base(n)
		if dir == "word" && (strings.HasPrefix(base, "header") || strings.HasPrefix(base, "footer") || base == "footnotes.xml" || base == "endnotes.xml") && strings.HasSuffix(base, ".xml") {
			parts = append(parts, n)
		}
	}
	return parts
}

// trackedChangeElements are the elements Word writes for tracked changes.
var trackedChangeElements = map[string]string{
	"ins": "insertion", "del": "deletion", "moveFrom": "move", "moveTo": "move",
	"rPrChange": "formatting change", "pPrChange": "formatting change", "sectPrChange": "formatting change",
	"tblPrChange": "formatting change", "trPrChange": "formatting change", "tcPrChange": "formatting change",
	"numberingChange": "formatting change", "cellIns": "insertion", "cellDel": "deletion",
}

// docxHiddenStyles names the character and paragraph styles that hide their text.
func docxHiddenStyles(r *run, z *zipDoc) map[string]bool {
	hidden := map[string]bool{}
	data, ok := z.part("word/styles.xml")
	if !ok {
		return hidden
	}
	style := ""
	walkXML(r, "word/styles.xml", data, func(_ *xml.Decoder, tok xml.Token) {
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Local == "style":
				style = attrNS(t, nsW, "styleId")
			case t.Name.Local == "vanish" && style != "" && vanishOn(t):
				hidden[style] = true
			}
		case xml.EndElement:
			if t.Name.Local == "style" {
				style = ""
			}
		}
	})
	return hidden
}

func vanishOn(se xml.StartElement) bool {
	v := attrNS(se, nsW, "val")
	return v == "" || v == "1" || v == "true" || v == "on"
}

// inspectDOCX checks a Word document: tracked changes, comments, hidden
// text, properties, embedded objects, and personal data in its text.
func inspectDOCX(r *run, z *zipDoc) {
	hiddenStyles := docxHiddenStyles(r, z)
	for _, part := range docxStoryParts(z) {
		data, ok := z.part(part)
		if !ok {
			if part == "word/document.xml" {
				r.add("unreadable", part, "The document's main text is missing or corrupt, so it could not be checked.", "", false)
			}
			continue
		}
		changes := map[string]int{}
		authors := map[string]bool{}
		var hidden []string
		var (
			depthDel, paragraph int
			inRun, runHidden    bool
			inRPr               bool
			runText, paraText   strings.Builder
		)
		walkXML(r, part, data, func(_ *xml.Decoder, tok xml.Token) {
			switch t := tok.(type) {
			case xml.StartElement:
				if t.Name.Space != nsW {
					return
				}
				if kind, ok := trackedChangeElements[t.Name.Local]; ok {
					changes[kind]++
					if a := attrNS(t, nsW, "author"); a != "" && !authors[a] {
						r.retain(len(a) + 32)
						authors[a] = true
					}
				}
				switch t.Name.Local {
				case "del", "moveFrom":
					depthDel++
				case "p":
					paragraph++
					paraText.Reset()
				case "r":
					inRun, runHidden = true, false
					runText.Reset()
				case "rPr":
					inRPr = inRun
				case "vanish":
					if inRPr && vanishOn(t) {
						runHidden = true
					}
				case "rStyle":
					if inRPr && hiddenStyles[attrNS(t, nsW, "val")] {
						runHidden = true
					}
				case "tab", "br", "cr":
					if inRun {
						runText.WriteByte(' ')
					}
				}
			case xml.CharData:
				if inRun {
					runText.Write(t)
					r.textRun(runText.Len())
				}
			case xml.EndElement:
				if t.Name.Space != nsW {
					return
				}
				switch t.Name.Local {
				case "del", "moveFrom":
					depthDel--
				case "rPr":
					inRPr = false
				case "r":
					inRun = false
					text := runText.String()
					switch {
					case runHidden && strings.TrimSpace(text) != "":
						r.retain(len(text) + 16)
						hidden = append(hidden, text)
					case depthDel == 0 && !runHidden:
						paraText.WriteString(text)
						r.textRun(paraText.Len())
					}
				case "p":
					r.text(fmt.Sprintf("%s paragraph %d", storyName(part), paragraph), paraText.String())
					paraText.Reset()
				}
			}
		})
		if len(changes) > 0 {
			var parts []string
			for _, k := range sortedKeys(changes) {
				parts = append(parts, fmt.Sprintf("%d %s", changes[k], plural(k, changes[k])))
			}
			var who []string
			for a := range authors {
				who = append(who, maskWords(a))
			}
			sort.Strings(who)
			excerpt := ""
			if len(who) > 0 {
				excerpt = "by " + strings.Join(who, ", ")
			}
			r.add("tracked-changes", fmt.Sprintf("%s (%s)", storyName(part), strings.Join(parts, ", ")), "Tracked changes keep deleted wording and earlier drafts, with the names of their authors, and anyone can show them in Word.", excerpt, true)
		}
		if len(hidden) > 0 {
			excerpt := maskWords(truncate(strings.Join(hidden, " … "), 60))
			r.add("hidden-text", fmt.Sprintf("%s (%d hidden runs of text)", storyName(part), len(hidden)), "Text formatted as hidden is not shown or printed, but it goes out with the file and anyone can reveal it.", excerpt, true)
		}
	}
	if n := countElements(r, z, "word/comments.xml", "comment"); n > 0 {
		r.add("comments", fmt.Sprintf("word/comments.xml (%d comments)", n), "The document has comments, which the requester can read and which often name colleagues or give opinions.", "", true)
	}
	embeddedObjects(r, z, "word/embeddings/")
	mediaImages(r, z, "word/media/")
	ooxmlProperties(r, z)
}

func storyName(part string) string {
	switch part {
	case "word/document.xml":
		return "main text"
	}
	return strings.TrimSuffix(path.Base(part), ".xml")
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func plural(word string, n int) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

func truncate(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n]) + "…"
}
