// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import "strings"

// textBlock is a paragraph or a bulleted list of plain text, so that a
// question written with "•" bullets reads as a list on the page (and to a
// screen reader) without trusting any markup in it.
type textBlock struct {
	Text  string   // a paragraph (line breaks kept), when Items is empty
	Items []string // a bulleted list
}

// bulletMarks are the characters people start list lines with.
var bulletMarks = []string{"•", "◦", "▪", "·", "- ", "* ", "– "}

func bulletItem(line string) (string, bool) {
	t := strings.TrimSpace(line)
	for _, m := range bulletMarks {
		if rest, ok := strings.CutPrefix(t, m); ok {
			return strings.TrimSpace(rest), true
		}
	}
	return "", false
}

// textBlocks splits plain text into paragraphs at blank lines, and runs of
// bulleted lines into lists.
func textBlocks(s string) []textBlock {
	var (
		out  []textBlock
		para []string
	)
	flush := func() {
		if len(para) > 0 {
			out = append(out, textBlock{Text: strings.Join(para, "\n")})
			para = nil
		}
	}
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		if item, ok := bulletItem(line); ok {
			flush()
			if n := len(out); n > 0 && len(out[n-1].Items) > 0 && out[n-1].Text == "" {
				out[n-1].Items = append(out[n-1].Items, item)
			} else {
				out = append(out, textBlock{Items: []string{item}})
			}
			continue
		}
		para = append(para, strings.TrimRight(line, " \t"))
	}
	flush()
	return out
}
