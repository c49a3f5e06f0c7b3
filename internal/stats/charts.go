// SPDX-License-Identifier: AGPL-3.0-or-later

package stats

import (
	"fmt"
	"html"
	"html/template"
	"strings"

	"disclose/internal/foi"
)

// Charts are drawn on the server as SVG, so they need no JavaScript and no
// chart library. Each is an image with a title and a description that says
// what it shows; pages put the same numbers in a table beside it, which is
// what screen-reader users and anyone copying figures should use.

// Series is one coloured band of a chart.
type Series struct {
	Name   string
	Colour string // a GOV.UK palette colour with 3:1 contrast against white
	Values []int  // one value a category
}

// Chart is the data behind one chart and its table.
type Chart struct {
	Title      string
	Desc       string
	Categories []string // x labels (columns) or y labels (bars)
	Series     []Series
}

// Colours with at least 3:1 contrast against white (WCAG 1.4.11).
const (
	colourGreen  = "#00703c"
	colourBlue   = "#1d70b8"
	colourRed    = "#d4351c"
	colourPurple = "#4c2c92"
)

// TimelinessByMonth is a stacked column a month: answered in time, within a
// permitted extension, and late.
func (r *Report) TimelinessByMonth() Chart {
	c := Chart{Title: "Timeliness by month of receipt",
		Desc: "Requests answered each month, split into answered in time, answered within a permitted extension, and answered late."}
	in := Series{Name: "In time", Colour: colourGreen}
	ext := Series{Name: "Within a permitted extension", Colour: colourBlue}
	late := Series{Name: "Late", Colour: colourRed}
	for _, g := range r.ByMonth {
		c.Categories = append(c.Categories, g.Key)
		in.Values = append(in.Values, g.Counts.InTime)
		ext.Values = append(ext.Values, g.Counts.InTimeExtended)
		late.Values = append(late.Values, g.Counts.Late)
	}
	c.Series = []Series{in, ext, late}
	return c
}

// VolumeByCategory is a bar a disclosure-log category: requests received.
func (r *Report) VolumeByCategory() Chart {
	return received(r.ByCategory, Chart{Title: "Requests received by category",
		Desc: "How many requests were received in each disclosure-log category."})
}

// VolumeByDepartment is a bar a department: requests it was asked for
// input on (a request asked of two departments counts in both).
func (r *Report) VolumeByDepartment() Chart {
	return received(r.ByDepartment, Chart{Title: "Requests by department",
		Desc: "How many requests each department was asked for input on; a request asked of two departments counts in both."})
}

// received is a bar a group: requests received.
func received(groups []Group, c Chart) Chart {
	s := Series{Name: "Requests received", Colour: colourBlue}
	for _, g := range groups {
		c.Categories = append(c.Categories, g.Key)
		s.Values = append(s.Values, g.Counts.Received)
	}
	c.Series = []Series{s}
	return c
}

// Outcomes is a bar an outcome: how requests were answered.
func (r *Report) Outcomes() Chart {
	c := Chart{Title: "Outcomes", Desc: "How the requests received in the period were answered, in the Cabinet Office categories."}
	s := Series{Name: "Requests", Colour: colourPurple}
	for _, o := range foi.Outcomes {
		c.Categories = append(c.Categories, o.Title())
		s.Values = append(s.Values, r.Total.Outcomes[o])
	}
	c.Series = []Series{s}
	return c
}

func (c Chart) max(stacked bool) int {
	m := 0
	for i := range c.Categories {
		sum := 0
		for _, s := range c.Series {
			if stacked {
				sum += s.Values[i]
			} else if s.Values[i] > sum {
				sum = s.Values[i]
			}
		}
		if sum > m {
			m = sum
		}
	}
	if m == 0 {
		m = 1
	}
	return m
}

// Columns draws the chart as stacked columns, one per category.
func (c Chart) Columns() template.HTML {
	const width, height, left, bottom, top = 720, 300, 48, 56, 16
	plotH := float64(height - bottom - top)
	n := max(len(c.Categories), 1)
	slot := float64(width-left-8) / float64(n)
	bar := slot * 0.7
	max := c.max(true)
	var b strings.Builder
	c.open(&b, width, height)
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" text-anchor="end">%d</text>`, left-6, top+4, max)
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" text-anchor="end">0</text>`, left-6, height-bottom+4)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#0b0c0c"/>`, left, height-bottom, width, height-bottom)
	for i, cat := range c.Categories {
		x := float64(left) + slot*float64(i) + (slot-bar)/2
		y := float64(height - bottom)
		for _, s := range c.Series {
			h := plotH * float64(s.Values[i]) / float64(max)
			y -= h
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s, %s: %d</title></rect>`,
				x, y, bar, h, s.Colour, html.EscapeString(cat), html.EscapeString(s.Name), s.Values[i])
		}
		if n <= 24 || i%2 == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="11" text-anchor="end" transform="rotate(-45 %.1f %d)">%s</text>`,
				x+bar/2, height-bottom+14, x+bar/2, height-bottom+14, html.EscapeString(cat))
		}
	}
	c.legend(&b, left, 0)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// Bars draws the chart as horizontal bars, one per category, with values.
func (c Chart) Bars() template.HTML {
	const width, rowH, labelW = 720, 26, 260
	height := rowH*len(c.Categories) + 8
	max := c.max(false)
	var b strings.Builder
	c.open(&b, width, height)
	for i, cat := range c.Categories {
		y := 4 + i*rowH
		v := c.Series[0].Values[i]
		w := float64(width-labelW-60) * float64(v) / float64(max)
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="13" text-anchor="end">%s</text>`, labelW-8, y+16, html.EscapeString(cat))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"><title>%s: %d</title></rect>`,
			labelW, y+2, w, rowH-8, c.Series[0].Colour, html.EscapeString(cat), v)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="13">%d</text>`, float64(labelW)+w+6, y+16, v)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func (c Chart) open(b *strings.Builder, width, height int) {
	id := strings.ToLower(strings.NewReplacer(" ", "-", ",", "").Replace(c.Title))
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s-title %s-desc" font-family="arial, sans-serif" fill="#0b0c0c">`,
		width, height, id, id)
	fmt.Fprintf(b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, html.EscapeString(c.Title), id, html.EscapeString(c.Desc))
}

func (c Chart) legend(b *strings.Builder, x, y int) {
	for _, s := range c.Series {
		fmt.Fprintf(b, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/><text x="%d" y="%d" font-size="12">%s</text>`,
			x+8, y+2, s.Colour, x+24, y+12, html.EscapeString(s.Name))
		x += 24 + 8*len(s.Name) + 16
	}
}
