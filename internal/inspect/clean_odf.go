// SPDX-License-Identifier: AGPL-3.0-or-later

package inspect

// cleanODF removes comments, tracked changes (accepting them: the
// inserted text is already in the body, the deleted text only in the
// change records), hidden text and hidden sheets, and the people named in
// meta.xml, by cutting elements out of the original XML.
func cleanODF(data []byte, want map[string]bool) ([]byte, error) {
	r := newRun(Options{})
	z, err := openZip(r, data)
	if err != nil {
		return nil, err
	}
	hiddenStyles := odfHiddenStyles(r, z)
	return rewriteZip(data, want, func(name string, content []byte) ([]byte, bool, error) {
		switch name {
		case "content.xml", "styles.xml":
			els, err := elements(content)
			if err != nil {
				return nil, false, err
			}
			var cuts []cut
			for _, e := range els {
				switch {
				case want["comments"] && e.name.Space == nsOffice && (e.name.Local == "annotation" || e.name.Local == "annotation-end"):
					cuts = append(cuts, e.drop()...)
				case want["tracked-changes"] && e.name.Space == nsText && (e.name.Local == "tracked-changes" || e.name.Local == "change" || e.name.Local == "change-start" || e.name.Local == "change-end"):
					cuts = append(cuts, e.drop()...)
				case want["hidden-text"] && e.name.Space == nsText && odfElementHidden(e, hiddenStyles):
					cuts = append(cuts, e.drop()...)
				case want["hidden-sheet"] && e.name.Space == nsTable && e.name.Local == "table" && hiddenStyles[attrValue(e, nsTable, "style-name")]:
					cuts = append(cuts, e.drop()...)
				}
			}
			return applyCuts(content, cuts), true, nil
		case "meta.xml":
			if !want["document-properties"] {
				return content, true, nil
			}
			els, err := elements(content)
			if err != nil {
				return nil, false, err
			}
			var cuts []cut
			for _, e := range els {
				if _, ok := odfMetaPeople[e.name]; ok || (e.name.Space == nsMeta && e.name.Local == "user-defined") {
					cuts = append(cuts, e.drop()...)
				}
			}
			return applyCuts(content, cuts), true, nil
		}
		return content, true, nil
	})
}

func odfElementHidden(e element, hiddenStyles map[string]bool) bool {
	switch e.name.Local {
	case "hidden-text", "hidden-paragraph":
		return true
	case "section":
		d := attrValue(e, nsText, "display")
		return d == "none" || d == "condition"
	case "span", "p", "h":
		return hiddenStyles[attrValue(e, nsText, "style-name")]
	}
	return false
}
