// SPDX-License-Identifier: AGPL-3.0-or-later

package stats

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"

	"disclose/internal/csvsafe"
	"disclose/internal/foi"
)

// WriteJSON writes the report as JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		From string `json:"from"`
		To   string `json:"to"`
		AsOf string `json:"as_of"`
		*Report
	}{foi.FormatDate(r.From), foi.FormatDate(r.To), foi.FormatDate(r.AsOf), r})
}

// WriteCSV writes the report in long form — one measure a row:
// dimension,key,measure,value — which any spreadsheet can pivot.
func (r *Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"dimension", "key", "measure", "value"})
	emit := func(dim, key string, c Counts) {
		for _, m := range c.measures() {
			_ = cw.Write(csvsafe.Row([]string{dim, key, m.name, strconv.Itoa(m.value)}))
		}
	}
	emit("total", foi.FormatDate(r.From)+" to "+foi.FormatDate(r.To), r.Total)
	for _, set := range []struct {
		dim    string
		groups []Group
	}{{"quarter", r.ByQuarter}, {"month", r.ByMonth}, {"regime", r.ByRegime}, {"category", r.ByCategory}, {"department", r.ByDepartment}} {
		for _, g := range set.groups {
			emit(set.dim, g.Key, g.Counts)
		}
	}
	cw.Flush()
	return cw.Error()
}

type measure struct {
	name  string
	value int
}

// measures lists a group's counts in a stable order, outcomes and
// exemptions included.
func (c Counts) measures() []measure {
	ms := []measure{
		{"received", c.Received}, {"outstanding", c.Outstanding}, {"overdue", c.Overdue}, {"responded", c.Responded},
		{"in time", c.InTime}, {"in time with permitted extension", c.InTimeExtended}, {"late", c.Late},
		{"withdrawn", c.Withdrawn}, {"lapsed", c.Lapsed},
	}
	for _, o := range foi.Outcomes {
		ms = append(ms, measure{"outcome: " + o.Title(), c.Outcomes[o]})
	}
	codes := make([]string, 0, len(c.Exemptions))
	for e := range c.Exemptions {
		codes = append(codes, e)
	}
	sort.Strings(codes)
	for _, e := range codes {
		ms = append(ms, measure{"exemption: " + e, c.Exemptions[e]})
	}
	ms = append(ms, measure{"clock stopped (awaiting clarification or fee)", c.ClockStopped}, measure{"extended", c.Extended})
	ms = append(ms, measure{"internal reviews completed", c.ReviewsCompleted}, measure{"internal reviews open", c.ReviewsOpen},
		measure{"internal reviews decided in time", c.ReviewsInTime}, measure{"internal reviews decided late", c.ReviewsLate},
		measure{"internal reviews open past their due date", c.ReviewsOverdue})
	for _, o := range []foi.ReviewOutcome{foi.ReviewUpheld, foi.ReviewPartlyUpheld, foi.ReviewOverturned, foi.ReviewNotRecorded} {
		ms = append(ms, measure{"review: " + o.Title(), c.ReviewOutcomes[o]})
	}
	return append(ms, measure{"regulator complaints", c.Complaints})
}

// quarterlyColumns follow the layout of the central-government FOI
// statistics tables (Cabinet Office quarterly bulletins): volumes,
// timeliness, then how resolvable requests were answered. "Resolvable"
// there means requests the authority could answer, i.e. excluding those
// where the information was not held, and those withdrawn or lapsed.
var quarterlyColumns = []string{
	"Quarter", "Total requests received", "Requests still being processed", "Of which overdue",
	"Requests processed", "Processed within 20 working days", "Processed within a permitted extension",
	"Processed late", "Percentage processed in time (including permitted extensions)",
	"Withdrawn or lapsed", "Information not held", "Resolvable requests",
	"Granted in full", "Partially withheld", "Withheld in full", "Neither confirmed nor denied",
	"Refused: cost limit (s.12)", "Refused: vexatious or repeated (s.14)", "Advice and assistance only",
	"Internal reviews completed", "Reviews: original decision upheld", "Reviews: partly upheld", "Reviews: overturned",
	"Complaints to the regulator",
}

// WriteQuarterlyCSV writes one row a quarter in the central-government
// statistics layout, then a total row.
func (r *Report) WriteQuarterlyCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	_ = cw.Write(quarterlyColumns)
	row := func(key string, c Counts) []string {
		o := c.Outcomes
		resolvable := c.Responded - o[foi.NotHeld]
		vals := []int{c.Received, c.Outstanding, c.Overdue, c.Responded, c.InTime, c.InTimeExtended, c.Late}
		out := []string{key}
		for _, v := range vals {
			out = append(out, strconv.Itoa(v))
		}
		out = append(out, fmt.Sprintf("%.1f", c.InTimePercent()))
		for _, v := range []int{c.Withdrawn + c.Lapsed, o[foi.NotHeld], resolvable, o[foi.Granted], o[foi.PartiallyWithheld],
			o[foi.Withheld], o[foi.NCND], o[foi.CostLimit], o[foi.Vexatious] + o[foi.Repeated], o[foi.AdviceOnly],
			c.ReviewsCompleted, c.ReviewOutcomes[foi.ReviewUpheld], c.ReviewOutcomes[foi.ReviewPartlyUpheld],
			c.ReviewOutcomes[foi.ReviewOverturned], c.Complaints} {
			out = append(out, strconv.Itoa(v))
		}
		return out
	}
	for _, g := range r.ByQuarter {
		_ = cw.Write(csvsafe.Row(row(g.Key, g.Counts)))
	}
	_ = cw.Write(row("Total", r.Total))
	cw.Flush()
	return cw.Error()
}
