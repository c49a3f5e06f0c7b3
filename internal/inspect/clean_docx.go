// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

import (
	"strings"
)

// cleanDOCX accepts tracked changes, removes comments and hidden text, and
// blanks the document properties, cutting elements out of the original XML.
func cleanDOCX(data []byte, want map[string]bool) ([]byte, error) {
	r := newRun(Options{})
	z, err := openZip(r, data)
	if err != nil {
		return nil, err
	}
	hiddenStyles := docxHiddenStyles(r, z)
	story := map[string]bool{}
	for _, p := range docxStoryParts(z) {
		story[p] = true
	}
	return rewriteZip(data, want, func(name string, content []byte) ([]byte, bool, error) {
		switch {
		case story[name]:
			out, err := cleanWordStory(content, want, hiddenStyles)
			return out, true, err
		case want["comments"] && (name == "word/comments.xml" || name == "word/commentsExtended.xml" || name == "word/commentsIds.xml" || name == "word/commentsExtensible.xml" || name == "word/people.xml"):
			out, err := emptyRoot(content)
			return out, true, err
		case want["document-properties"]:
			return blankOOXMLProperties(name, content), true, nil
		}
		return content, true, nil
	})
}

func cleanWordStory(content []byte, want map[string]bool, hiddenStyles map[string]bool) ([]byte, error) {
	els, err := elements(content)
	if err != nil {
		return nil, err
	}
	var cuts []cut
	for i, e := range els {
		if e.name.Space != nsW {
			continue
		}
		local := e.name.Local
		if want["tracked-changes"] {
			switch local {
			case "ins", "moveTo":
				cuts = append(cuts, e.unwrap()...) // accept: keep the new text
			case "del", "moveFrom":
				if p := e.parent; p >= 0 && els[p].name.Local == "trPr" && els[p].parent >= 0 {
					cuts = append(cuts, els[els[p].parent].drop()...) // a deleted table row
				} else {
					cuts = append(cuts, e.drop()...)
				}
			case "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd", "cellIns", "cellDel":
				cuts = append(cuts, e.drop()...)
			default:
				if strings.HasSuffix(local, "Change") {
					cuts = append(cuts, e.drop()...) // the earlier formatting
				}
			}
		}
		if want["comments"] {
			switch local {
			case "commentRangeStart", "commentRangeEnd", "commentReference":
				cuts = append(cuts, e.drop()...)
			}
		}
		if want["hidden-text"] && local == "r" {
			if rpr, ok := hasChild(els, i, nsW, "rPr"); ok {
				if v, ok := hasChild(els, rpr, nsW, "vanish"); ok && vanishAttrOn(els[v]) {
					cuts = append(cuts, e.drop()...)
				} else if s, ok := hasChild(els, rpr, nsW, "rStyle"); ok && hiddenStyles[attrValue(els[s], nsW, "val")] {
					cuts = append(cuts, e.drop()...)
				}
			}
		}
	}
	return applyCuts(content, cuts), nil
}

func attrValue(e element, space, local string) string {
	for _, a := range e.attr {
		if a.Name.Space == space && a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

func vanishAttrOn(e element) bool {
	v := attrValue(e, nsW, "val")
	return v == "" || v == "1" || v == "true" || v == "on"
}
