// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"strconv"

	"disclose/internal/foi"
	"disclose/internal/i18n"
)

// The s.12 estimate in a refusal letter in the requester's language
// (issue 19): each search line's activity and the sections cited. The
// English and Welsh of the activities are catalogue messages
// (internal/i18n), marked there for a native speaker's review.

// activityWords are the activities of a search line as a letter says
// them after the minutes: "90 minutes locating".
var activityWords = map[foi.Activity]string{
	foi.ActivityDetermine: "determining whether it is held",
	foi.ActivityLocate:    "locating",
	foi.ActivityRetrieve:  "retrieving",
	foi.ActivityExtract:   "extracting",
}

// effortLine is one search as the letter lists it: "Finance system: 90
// minutes locating (estimated)", in the printer's language.
func effortLine(tr *i18n.Printer, x *foi.SearchRecord) string {
	// The minutes as digits, "1020", which the catalogue's printer would
	// group ("1,020").
	line := tr.T("%s: %s minutes %s", x.Where, strconv.Itoa(x.Minutes), tr.Text(activityWords[x.Activity]))
	if x.Estimated {
		line += " " + tr.Text("(estimated)")
	}
	return line
}

// estimateLawCy are the sections a Welsh cost-limit refusal cites: the
// limit, the notice and the duty to advise (only FOIA and FOISA have a
// cost limit; the EIR use an exception). After "O dan", "Deddf" takes its
// soft mutation after "o" ("o Ddeddf").
func estimateLawCy(r foi.Regime) (section, notice, advice string) {
	if r.Scottish() {
		return "adran 12 o Ddeddf Rhyddid Gwybodaeth (yr Alban) 2002", "adran 16(4) o Ddeddf Rhyddid Gwybodaeth (yr Alban) 2002",
			"adran 15 o Ddeddf Rhyddid Gwybodaeth (yr Alban) 2002"
	}
	return "adran 12 o Ddeddf Rhyddid Gwybodaeth 2000", "adran 17(5) o Ddeddf Rhyddid Gwybodaeth 2000",
		"adran 16 o Ddeddf Rhyddid Gwybodaeth 2000"
}
