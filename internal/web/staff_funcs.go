// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"fmt"
	"html/template"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// staffFuncs are the template helpers of the staff pages.
func staffFuncs() template.FuncMap {
	return template.FuncMap{
		// statusColour is the GOV.UK tag colour for a request status.
		"statusColour": func(s foi.Status) string {
			switch s {
			case foi.StatusOpen:
				return "blue"
			case foi.StatusAwaitingClarification, foi.StatusAwaitingFee:
				return "yellow"
			case foi.StatusExtended:
				return "purple"
			case foi.StatusResponded, foi.StatusClosed:
				return "green"
			case foi.StatusInReview:
				return "orange"
			}
			return "grey"
		},
		"statusText": func(s foi.Status) string { return strings.ReplaceAll(string(s), "-", " ") },
		"regimeShort": func(r foi.Regime) string {
			return map[foi.Regime]string{foi.FOIA: "FOIA", foi.EIR: "EIR", foi.FOISA: "FOISA", foi.EISR: "EISR"}[r]
		},
		"formValue": func(form url.Values, key, fallback string) string {
			if form == nil {
				return fallback
			}
			if _, ok := form[key]; !ok {
				return fallback
			}
			return form.Get(key)
		},
		// chosen reports whether an exemption is ticked: from the refused
		// form when there is one, else from the saved answer.
		"chosen": func(form url.Values, saved []string, code string) bool {
			if form != nil {
				return slices.Contains(form["exemptions"], code)
			}
			return slices.Contains(saved, code)
		},
		"outcomeTitle": func(o foi.Outcome) string { return o.Title() },
		"redactable":   redactable,
		"kindTitle": func(k string) string {
			if t, ok := letterTitles[k]; ok {
				return t
			}
			return strings.ToUpper(k[:1]) + strings.ReplaceAll(k[1:], "-", " ")
		},
		"percent":    func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
		"matchKinds": matchKinds,
		"neg":        func(n int) int { return -n },
		"inc":        func(n int) int { return n + 1 },
		// dueTable gives the dashboard's due-table partial its caption and rows.
		"dueTable": func(caption string, items []casework.DueItem) any {
			return struct {
				Caption string
				Items   []casework.DueItem
			}{caption, items}
		},
		// reviewTable gives the review queue's table partial its rows.
		"reviewTable": func(id, caption string, items []casework.QueuedReview) any {
			return struct {
				ID, Caption string
				Items       []casework.QueuedReview
			}{id, caption, items}
		},
		"contains":    func(list []string, s string) bool { return slices.Contains(list, s) },
		"fingerprint": casework.PartFingerprint, // staff_parts_form.go
		// teamAssignee is the case list's assignee filter for a team row.
		"teamAssignee": func(id int64) string {
			if id == 0 {
				return "none"
			}
			return strconv.FormatInt(id, 10)
		},
		"partID": func(n int, field string) string { return fmt.Sprintf("part-%d-%s", n, field) },
		"kb":     fileSize,
		"fileKB": func(n int) string { return fileSize(int64(n)) },
		// fileType names a file's kind by its extension: "PDF".
		"fileType": func(name string) string {
			if ext := strings.TrimPrefix(filepath.Ext(name), "."); ext != "" {
				return strings.ToUpper(ext)
			}
			return "File"
		},
		"lastPart": func(n int, parts []partView) bool { return len(parts) > 0 && parts[len(parts)-1].Number == n },
	}
}

// fileSize is a file's size as people read it.
func fileSize(n int64) string {
	if n < 1024 {
		return fmt.Sprintf("%d bytes", n)
	}
	if n < 1<<20 {
		return fmt.Sprintf("%.0f KB", float64(n)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// letterTitles name the letters whose codes do not read as words.
var letterTitles = map[string]string{
	foi.LetterPITExtension: "Public-interest extension notice (FOIA s.10(3), s.17(2))",
	foi.LetterEIRExtension: "Extension notice (EIR reg 7)",
	foi.LetterNotHeld:      "Information not held",
	foi.LetterAccessible:   "Information reasonably accessible (FOIA s.21)",
}
