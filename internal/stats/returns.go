// SPDX-License-Identifier: AGPL-3.0-or-later

package stats

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"disclose/internal/foi"
)

// The official shapes: the quarterly set the s.45 Code of Practice (2018)
// asks authorities with over 100 FTE staff to publish, and the Scottish
// Information Commissioner's quarterly return. docs/statistics.md defines
// every column; both are sums of a report's months (Report.Sum), so they
// cost nothing beyond Build.

// S45Row is one quarter of the s.45 Code's publication set, for one
// regime or ("all") every regime together.
type S45Row struct {
	PeriodStart       string   `json:"period_start"`
	PeriodEnd         string   `json:"period_end"`
	Quarter           string   `json:"quarter"`
	Regime            string   `json:"regime"`
	Received          int      `json:"received"`
	StillOpen         int      `json:"still_open"`
	ClockStopped      int      `json:"still_open_clock_stopped"`
	OpenOverdue       int      `json:"still_open_overdue"`
	Answered          int      `json:"answered"`
	AnsweredInTime    int      `json:"answered_in_time"`
	AnsweredLate      int      `json:"answered_late"`
	InTimePercent     *float64 `json:"in_time_percent"`
	Band              string   `json:"ico_band"`
	Extended          int      `json:"extended"`
	GrantedInFull     int      `json:"granted_in_full"`
	PartlyWithheld    int      `json:"partly_withheld"`
	RefusedInFull     int      `json:"refused_in_full"`
	NotHeld           int      `json:"not_held"`
	AdviceOnly        int      `json:"advice_and_assistance_only"`
	WithdrawnOrLapsed int      `json:"withdrawn_or_lapsed"`
	ReferredForReview int      `json:"referred_for_internal_review"`
}

// s45Columns are the CSV header, in S45Row's order.
var s45Columns = []string{"period_start", "period_end", "quarter", "regime", "received", "still_open", "still_open_clock_stopped",
	"still_open_overdue", "answered", "answered_in_time", "answered_late", "in_time_percent", "ico_band", "extended",
	"granted_in_full", "partly_withheld", "refused_in_full", "not_held", "advice_and_assistance_only", "withdrawn_or_lapsed",
	"referred_for_internal_review"}

// refusals are the outcomes the set counts as refused in full: withheld
// under exemptions, neither confirmed nor denied, and the procedural
// refusals (cost limit, vexatious, repeated).
var refusals = []foi.Outcome{foi.Withheld, foi.NCND, foi.CostLimit, foi.Vexatious, foi.Repeated}

func s45Row(p Period, regime string, c Counts) S45Row {
	rate := c.RequestRate()
	row := S45Row{PeriodStart: foi.FormatDate(p.From), PeriodEnd: foi.FormatDate(p.To), Quarter: p.Label(), Regime: regime,
		Received: c.Received, StillOpen: c.Outstanding, ClockStopped: c.ClockStopped, OpenOverdue: c.Overdue,
		Answered: c.Responded, AnsweredInTime: c.InTime + c.InTimeExtended, AnsweredLate: c.Late, Band: string(rate.Band()),
		Extended: c.Extended, GrantedInFull: c.Outcomes[foi.Granted], PartlyWithheld: c.Outcomes[foi.PartiallyWithheld],
		NotHeld: c.Outcomes[foi.NotHeld], AdviceOnly: c.Outcomes[foi.AdviceOnly], WithdrawnOrLapsed: c.Withdrawn + c.Lapsed,
		ReferredForReview: c.ReviewsCompleted + c.ReviewsOpen}
	if rate.Of > 0 {
		pc := float64(int(rate.Percent()*10+0.5)) / 10
		row.InTimePercent = &pc
	}
	for _, o := range refusals {
		row.RefusedInFull += c.Outcomes[o]
	}
	return row
}

// S45 is the set for each quarter: every regime together ("all"), then
// each of regimes.
func (r *Report) S45(quarters []Period, regimes []foi.Regime) []S45Row {
	var out []S45Row
	for _, q := range quarters {
		out = append(out, s45Row(q, "all", r.Sum("", q.From, q.To)))
		for _, reg := range regimes {
			out = append(out, s45Row(q, string(reg), r.Sum(reg, q.From, q.To)))
		}
	}
	return out
}

// WriteS45CSV writes the rows under the header of docs/statistics.md.
func WriteS45CSV(w io.Writer, rows []S45Row) error {
	cw := csv.NewWriter(w)
	_ = cw.Write(s45Columns)
	for _, r := range rows {
		pc := ""
		if r.InTimePercent != nil {
			pc = strconv.FormatFloat(*r.InTimePercent, 'f', 1, 64)
		}
		rec := []string{r.PeriodStart, r.PeriodEnd, r.Quarter, r.Regime}
		for _, v := range []int{r.Received, r.StillOpen, r.ClockStopped, r.OpenOverdue, r.Answered, r.AnsweredInTime, r.AnsweredLate} {
			rec = append(rec, strconv.Itoa(v))
		}
		rec = append(rec, pc, r.Band)
		for _, v := range []int{r.Extended, r.GrantedInFull, r.PartlyWithheld, r.RefusedInFull, r.NotHeld, r.AdviceOnly,
			r.WithdrawnOrLapsed, r.ReferredForReview} {
			rec = append(rec, strconv.Itoa(v))
		}
		_ = cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// S45Schema names the JSON document's version; docs/statistics.md
// describes it.
const S45Schema = "disclose/s45-statistics/1"

// WriteS45JSON writes the rows as the documented JSON document.
func WriteS45JSON(w io.Writer, authority string, asOf time.Time, rows []S45Row) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if rows == nil {
		rows = []S45Row{}
	}
	return enc.Encode(struct {
		Schema    string   `json:"schema"`
		Authority string   `json:"authority"`
		AsOf      string   `json:"as_of"`
		Quarters  []S45Row `json:"quarters"`
	}{S45Schema, authority, foi.FormatDate(asOf), rows})
}

// SICLine is one figure of the Scottish Information Commissioner's
// quarterly return; Value is "" where Disclose does not record the figure
// (Note says so) and the officer enters it by hand.
type SICLine struct {
	Regime  string // "FOISA" or "EIRs"
	Section string
	Measure string
	Value   string
	Note    string
}

// SICReturn is the return for quarter q: FOISA and the EISR separately,
// each with its requests, outcomes, reviews, and every exemption or
// exception in Disclose's catalogue by section (and any other code cited).
func (r *Report) SICReturn(q Period) []SICLine {
	var out []SICLine
	for _, reg := range []foi.Regime{foi.FOISA, foi.EISR} {
		c := r.Sum(reg, q.From, q.To)
		name := "FOISA"
		if reg == foi.EISR {
			name = "EIRs"
		}
		add := func(section, measure string, v int) {
			out = append(out, SICLine{Regime: name, Section: section, Measure: measure, Value: strconv.Itoa(v)})
		}
		blank := func(section, measure, note string) {
			out = append(out, SICLine{Regime: name, Section: section, Measure: measure, Note: note})
		}
		o := c.Outcomes
		add("Requests", "Requests received", c.Received)
		add("Requests", "Closed - unclear or not clarified", c.Lapsed)
		add("Requests", "Closed - withdrawn", c.Withdrawn)
		blank("Requests", "Fees notices issued", "not counted by Disclose: enter from the case records")
		blank("Requests", "Fees paid", "not counted by Disclose: enter from the case records")
		add("Requests", "Response on time", c.InTime+c.InTimeExtended)
		add("Requests", "Response late", c.Late)
		add("Requests", "Failure to respond (open past the deadline)", c.Overdue)
		if reg == foi.EISR {
			add("Requests", "Timescale extended (reg 7)", c.Extended)
		}
		add("Outcomes", "Full release", o[foi.Granted])
		add("Outcomes", "Some released", o[foi.PartiallyWithheld])
		add("Outcomes", "None released", o[foi.Withheld])
		add("Outcomes", "Information not held", o[foi.NotHeld])
		add("Outcomes", "Neither confirm nor deny", o[foi.NCND])
		if reg == foi.FOISA {
			add("Outcomes", "Refused - excessive cost (s.12)", o[foi.CostLimit])
			add("Outcomes", "Refused - vexatious (s.14(1))", o[foi.Vexatious])
			add("Outcomes", "Refused - repeated (s.14(2))", o[foi.Repeated])
		} else {
			add("Outcomes", "Refused - manifestly unreasonable (reg 10(4)(b))", c.Exemptions["reg10(4)(b)"])
		}
		add("Reviews", "Reviews requested", c.ReviewsCompleted+c.ReviewsOpen)
		add("Reviews", "Review response on time", c.ReviewsInTime)
		add("Reviews", "Review response late", c.ReviewsLate)
		add("Reviews", "Review - failure to respond (open past the deadline)", c.ReviewsOverdue)
		add("Reviews", "Review - original decision upheld, wholly or with modifications", c.ReviewOutcomes[foi.ReviewUpheld]+c.ReviewOutcomes[foi.ReviewPartlyUpheld])
		add("Reviews", "Review - substituted a different decision", c.ReviewOutcomes[foi.ReviewOverturned])
		section := "Exemptions"
		if reg == foi.EISR {
			section = "Exceptions"
		}
		listed := map[string]bool{}
		for _, e := range foi.Exemptions(reg) {
			listed[e.Code] = true
			add(section, sectionOf(e.Code)+" "+e.Title, c.Exemptions[e.Code])
		}
		var others []string
		for code := range c.Exemptions {
			if !listed[code] {
				others = append(others, code)
			}
		}
		sort.Strings(others)
		for _, code := range others {
			add(section, sectionOf(code)+" (not in the catalogue)", c.Exemptions[code])
		}
	}
	return out
}

// sectionOf writes an exemption code as the return does: "s30" as
// "s.30", "reg10(5)(e)" as "reg 10(5)(e)".
func sectionOf(code string) string {
	if rest, ok := strings.CutPrefix(code, "reg"); ok {
		return "reg " + rest
	}
	if rest, ok := strings.CutPrefix(code, "s"); ok {
		return "s." + rest
	}
	return code
}

// sicColumns are the return's CSV header.
var sicColumns = []string{"regime", "section", "measure", "value", "note"}

// WriteSICCSV writes the return, one figure a row, in the order the
// portal asks for them.
func WriteSICCSV(w io.Writer, q Period, lines []SICLine) error {
	cw := csv.NewWriter(w)
	_ = cw.Write(slices.Concat([]string{"period_start", "period_end"}, sicColumns))
	for _, l := range lines {
		_ = cw.Write([]string{foi.FormatDate(q.From), foi.FormatDate(q.To), l.Regime, l.Section, l.Measure, l.Value, l.Note})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("writing the return: %w", err)
	}
	return nil
}

// ReturnInput is what an official return is written from: a report
// covering whole quarters, and those quarters.
type ReturnInput struct {
	Report        *Report
	Quarters      []Period
	Authority     string
	DefaultRegime foi.Regime
	AsOf          time.Time
}

// ReturnFormats are the official returns by the name the CLI and the
// downloads use.
var ReturnFormats = []string{"s45-csv", "s45-json", "sic-csv"}

// WriteReturn writes one of ReturnFormats.
func WriteReturn(w io.Writer, format string, in ReturnInput) error {
	switch format {
	case "s45-csv", "s45-json":
		rows := in.Report.S45(in.Quarters, in.Report.RegimesOf(in.DefaultRegime))
		if format == "s45-csv" {
			return WriteS45CSV(w, rows)
		}
		return WriteS45JSON(w, in.Authority, in.AsOf, rows)
	case "sic-csv":
		var buf strings.Builder
		for i, q := range in.Quarters {
			var part strings.Builder
			if err := WriteSICCSV(&part, q, in.Report.SICReturn(q)); err != nil {
				return err
			}
			s := part.String()
			if i > 0 { // one header for all quarters
				s = s[strings.Index(s, "\n")+1:]
			}
			buf.WriteString(s)
		}
		_, err := io.WriteString(w, buf.String())
		return err
	}
	return foi.Errorf(foi.EINVALID, "unknown return %q (want %s)", format, strings.Join(ReturnFormats, ", "))
}
