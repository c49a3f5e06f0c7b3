// SPDX-License-Identifier: AGPL-3.0-or-later

// Package logfile reads and writes disclosure logs as files: the format
// `disclose import` reads and `disclose export` writes.
//
// JSONL is one entry a line:
//
//	{"reference": "FOI 12748", "title": "Placements", "category": "Children's services",
//	 "regime": "foia", "received_on": "2023-05-02", "responded_on": "2023-05-30",
//	 "published_on": "2023-05-30", "request": "...",
//	 "parts": [{"number": 1, "text": "...", "answer": "Yes", "outcome": "granted", "exemptions": []}]}
//
// with "response" as one text instead of "parts" when an older log did not
// split requests into questions. CSV has the header
// reference,title,category,regime,received_on,responded_on,published_on,request,response
// and one entry a record. Export adds fields import also reads (status,
// due_on, outcome, summary, unpublished, whatdotheyknow_url, and, only when asked for, the
// requester), so an export reads back as the same cases.
//
// The package checks form only (fields present, dates and codes that
// parse); what the entries mean for the database is the importer's.
package logfile

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"disclose/internal/foi"
)

// Entry is one line of a log file.
type Entry struct {
	Reference   string `json:"reference"`
	Title       string `json:"title,omitempty"`
	Category    string `json:"category,omitempty"`
	Summary     string `json:"summary,omitempty"`
	Regime      string `json:"regime"`
	ReceivedOn  string `json:"received_on"`
	RespondedOn string `json:"responded_on,omitempty"`
	// PublishedOn is empty for a case that is not in the public log.
	PublishedOn string `json:"published_on,omitempty"`
	Unpublished bool   `json:"unpublished,omitempty"` // published once, since taken out of the log
	Request     string `json:"request"`
	Parts       []Part `json:"parts,omitempty"`
	Response    string `json:"response,omitempty"`
	Outcome     string `json:"outcome,omitempty"` // derived from the parts when empty
	Status      string `json:"status,omitempty"`  // "responded" when empty
	DueOn       string `json:"due_on,omitempty"`
	Channel     string `json:"channel,omitempty"`
	// WDTKPage is the request's WhatDoTheyKnow page, which the published
	// entry links (staff chose to; only for channel whatdotheyknow).
	WDTKPage string `json:"whatdotheyknow_url,omitempty"`
	// Requester is personal data: export writes it only with
	// --include-personal-data.
	Requester *Requester `json:"requester,omitempty"`
}

// Part is one question of an entry with its answer.
type Part struct {
	Number         int      `json:"number"`
	Label          string   `json:"label,omitempty"`
	Text           string   `json:"text"`
	Answer         string   `json:"answer"`
	Outcome        string   `json:"outcome,omitempty"`
	Exemptions     []string `json:"exemptions,omitempty"`
	PublicInterest string   `json:"public_interest,omitempty"`
}

// Requester is who asked, in an export that includes personal data.
type Requester struct {
	Name    string `json:"name"`
	Email   string `json:"email,omitempty"`
	Address string `json:"address,omitempty"`
	Phone   string `json:"phone,omitempty"`
}

// CSVHeader is the header a CSV log must start with.
var CSVHeader = []string{"reference", "title", "category", "regime", "received_on", "responded_on", "published_on", "request", "response"}

// CSVOptional are the columns a CSV log may have after CSVHeader's, in
// any order: the open-data CSV writes them. A whatdotheyknow_url makes the
// entry's channel whatdotheyknow, the only channel that can have one.
// CSVWelshColumns (an entry's Welsh title and summary) are taken only
// empty.
var CSVOptional = append([]string{"whatdotheyknow_url"}, CSVWelshColumns...)

// CSVWelshColumns are the disclosure log's own CSV's Welsh title and
// summary.
var CSVWelshColumns = []string{"title_cy", "summary_cy"}

// MaxLine bounds one line (one entry) of a JSONL file.
const MaxLine = 4 << 20

// LineError is a problem with one line of a file; the line imports nothing.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// Reader reads entries from a JSONL or CSV log.
type Reader struct {
	next func() (Entry, int, error)
}

// NewReader detects the format from the name's extension (.jsonl, .ndjson,
// .json, .csv) or, failing that, from the first byte (a JSON object starts
// with '{').
func NewReader(r io.Reader, name string) (*Reader, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	format, err := formatOf(br, name)
	if err != nil {
		return nil, err
	}
	if format == "csv" {
		return newCSVReader(br)
	}
	return newJSONLReader(br), nil
}

// formatOf is "csv" or "jsonl", from the name's extension or, failing
// that, the first byte (a JSON object starts with '{').
func formatOf(br *bufio.Reader, name string) (string, error) {
	switch {
	case hasSuffixFold(name, ".csv"):
		return "csv", nil
	case hasSuffixFold(name, ".jsonl"), hasSuffixFold(name, ".ndjson"), hasSuffixFold(name, ".json"):
		return "jsonl", nil
	}
	first, err := br.Peek(1)
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	if len(first) > 0 && first[0] == '{' {
		return "jsonl", nil
	}
	return "csv", nil
}

func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

// Next returns the next entry and the line it started on. A bad entry is a
// *LineError, after which Next goes on with the following line; io.EOF
// ends the file. Any other error is fatal.
func (r *Reader) Next() (Entry, int, error) { return r.next() }

func newJSONLReader(br *bufio.Reader) *Reader {
	line := 0
	var buf []byte
	return &Reader{next: func() (Entry, int, error) {
		for {
			var long bool
			var err error
			buf, long, err = readLine(br, buf[:0], MaxLine)
			if errors.Is(err, io.EOF) && len(buf) == 0 && !long {
				return Entry{}, line, io.EOF
			}
			if err != nil && !errors.Is(err, io.EOF) {
				return Entry{}, line, err
			}
			line++
			if long {
				// The line is skipped to its end and the file goes on.
				return Entry{}, line, &LineError{line, fmt.Errorf("the line is longer than %d bytes (%d MiB), the most one entry may take", MaxLine, MaxLine>>20)}
			}
			b := bytes.TrimSpace(buf)
			if len(b) == 0 {
				continue
			}
			var e Entry
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&e); err != nil {
				return e, line, &LineError{line, fmt.Errorf("not a JSON entry: %v", err)}
			}
			if dec.More() {
				return e, line, &LineError{line, errors.New("more than one JSON value on the line")}
			}
			if err := e.Check(); err != nil {
				return e, line, &LineError{line, err}
			}
			return e, line, nil
		}
	}}
}

// readLine reads one line (without its newline) into buf. A line longer
// than limit is read to its end and dropped: long reports it, and buf
// holds none of it.
func readLine(br *bufio.Reader, buf []byte, limit int) ([]byte, bool, error) {
	long := false
	for {
		chunk, err := br.ReadSlice('\n')
		if !long {
			if len(buf)+len(chunk) > limit+1 { // +1: the newline
				long, buf = true, buf[:0]
			} else {
				buf = append(buf, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if long {
			buf = buf[:0]
		} else {
			buf = bytes.TrimSuffix(buf, []byte("\n"))
		}
		return buf, long, err
	}
}

// newCSVReader reads a CSV log a record at a time. Records are cut from
// the file here, by their quotes (a record ends at the end of a line with
// every quote closed), and each is parsed on its own, so a bad record —
// an unterminated quote above all, which would otherwise swallow the rest
// of the file into one field — is reported with its line and the reader
// goes on at the line after it.
func newCSVReader(br *bufio.Reader) (*Reader, error) {
	src := &csvLines{br: br}
	first, _, err := src.record()
	if errors.Is(err, io.EOF) {
		return &Reader{next: func() (Entry, int, error) { return Entry{}, 0, io.EOF }}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("line 1: %v", err)
	}
	header, err := parseRecord(first)
	if err != nil {
		return nil, fmt.Errorf("line 1: %v", err)
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff") // a byte-order mark from a spreadsheet
	}
	if len(header) < len(CSVHeader) || strings.Join(header[:len(CSVHeader)], ",") != strings.Join(CSVHeader, ",") {
		return nil, fmt.Errorf("line 1: the CSV header must be %s", strings.Join(CSVHeader, ","))
	}
	extra := map[string]int{}
	for i, name := range header[len(CSVHeader):] {
		if _, dup := extra[name]; dup || !slices.Contains(CSVOptional, name) {
			return nil, fmt.Errorf("line 1: column %q: after %s a CSV log may have only %s, each once", name,
				strings.Join(CSVHeader, ","), strings.Join(CSVOptional, ", "))
		}
		extra[name] = len(CSVHeader) + i
	}
	return &Reader{next: func() (Entry, int, error) {
		for {
			raw, line, err := src.record()
			if errors.Is(err, io.EOF) {
				return Entry{}, line, io.EOF
			}
			var le *LineError
			if errors.As(err, &le) {
				return Entry{}, le.Line, le
			}
			if err != nil {
				return Entry{}, line, err
			}
			if len(bytes.TrimSpace(raw)) == 0 {
				continue
			}
			rec, err := parseRecord(raw)
			if err != nil {
				// A stray quote can join good lines to a bad one: those
				// after its first line are read again on their own.
				src.retry()
				return Entry{}, line, &LineError{line, fmt.Errorf("not a CSV record: %v", err)}
			}
			if len(rec) != len(header) {
				return Entry{}, line, &LineError{line, fmt.Errorf("%d fields, want %d", len(rec), len(header))}
			}
			for _, name := range CSVWelshColumns {
				if i, ok := extra[name]; ok && strings.TrimSpace(rec[i]) != "" {
					// Refused, not dropped: the import would lose the Welsh.
					return Entry{}, line, &LineError{line, fmt.Errorf("the import takes no Welsh title or summary: " +
						"leave title_cy and summary_cy empty and add the Welsh version on the entry")}
				}
			}
			e := Entry{Reference: rec[0], Title: rec[1], Category: rec[2], Regime: rec[3], ReceivedOn: rec[4],
				RespondedOn: rec[5], PublishedOn: rec[6], Request: rec[7], Response: rec[8]}
			if i, ok := extra["whatdotheyknow_url"]; ok && strings.TrimSpace(rec[i]) != "" {
				e.WDTKPage, e.Channel = rec[i], string(foi.ChannelWDTK)
			}
			if err := e.Check(); err != nil {
				return e, line, &LineError{line, err}
			}
			return e, line, nil
		}
	}}, nil
}

// parseRecord parses one CSV record.
func parseRecord(raw []byte) ([]string, error) {
	cr := csv.NewReader(bytes.NewReader(raw))
	cr.FieldsPerRecord = -1
	rec, err := cr.Read()
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return nil, pe.Err
	}
	if err != nil {
		return nil, err
	}
	if _, err := cr.Read(); !errors.Is(err, io.EOF) {
		return nil, errors.New("more than one record")
	}
	return rec, nil
}

// csvLines cuts a CSV file into records by their quotes, keeping the
// lines of a record that never closed so that reading resumes after its
// first line.
type csvLines struct {
	br      *bufio.Reader
	line    int      // lines read from br
	pending [][]byte // lines given back, next first
	last    [][]byte // the lines after the first of the last record
	buf     []byte
}

// retry gives back the lines of the last record after its first.
func (c *csvLines) retry() {
	c.pending = append(c.last, c.pending...)
	c.last = nil
}

func (c *csvLines) nextLine() ([]byte, error) {
	if n := len(c.pending); n > 0 {
		l := c.pending[0]
		c.pending = c.pending[1:]
		return l, nil
	}
	var long bool
	var err error
	c.buf, long, err = readLine(c.br, c.buf[:0], MaxLine)
	if errors.Is(err, io.EOF) && len(c.buf) == 0 && !long {
		return nil, io.EOF
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	c.line++
	if long {
		return nil, &LineError{c.line, fmt.Errorf("the line is longer than %d bytes", MaxLine)}
	}
	return append([]byte(nil), bytes.TrimSuffix(c.buf, []byte("\r"))...), nil
}

// record returns the next record's text and its first line. A record
// whose quote never closes (by the end of the file, or within MaxLine
// bytes) is a *LineError at its first line, and the lines after that one
// are read again as records of their own.
func (c *csvLines) record() ([]byte, int, error) {
	first := c.line + 1 - len(c.pending)
	c.last = nil
	l, err := c.nextLine()
	if err != nil {
		return nil, first, err
	}
	rec := l
	var more [][]byte
	for bytes.Count(rec, []byte(`"`))%2 == 1 {
		next, err := c.nextLine()
		if errors.Is(err, io.EOF) || len(rec) > MaxLine {
			c.pending = append(more, c.pending...)
			return nil, first, &LineError{first, errors.New("a quoted field is never closed (an unterminated quote): the record is skipped and reading goes on at the next line")}
		}
		if err != nil {
			return nil, first, err
		}
		more = append(more, next)
		rec = append(append(rec, '\n'), next...)
	}
	c.last = more
	return rec, first, nil
}

// HighestReference reads a log file through and returns the highest
// reference number in it, reading no more of each entry than its
// reference (a line or record that has none, or a bad one, is skipped:
// reading it properly reports it). An import reserves the numbers up to it.
func HighestReference(r io.Reader, name string) (int, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	highest := 0
	note := func(field []byte) {
		if ref, err := foi.ParseReference(string(field)); err == nil {
			highest = max(highest, ref.Number)
		}
	}
	format, err := formatOf(br, name)
	if err != nil {
		return 0, err
	}
	if format == "jsonl" {
		key := []byte(`"reference"`)
		var buf []byte
		for {
			var err error
			buf, _, err = readLine(br, buf[:0], MaxLine)
			if i := bytes.Index(buf, key); i >= 0 {
				rest := bytes.TrimLeft(buf[i+len(key):], " \t:")
				if len(rest) > 0 && rest[0] == '"' {
					if j := bytes.IndexByte(rest[1:], '"'); j >= 0 {
						note(rest[1 : 1+j])
					}
				}
			}
			if errors.Is(err, io.EOF) {
				return highest, nil
			}
			if err != nil {
				return highest, err
			}
		}
	}
	src := &csvLines{br: br}
	for {
		raw, _, err := src.record()
		if errors.Is(err, io.EOF) {
			return highest, nil
		}
		var le *LineError
		if err != nil && !errors.As(err, &le) {
			return highest, err
		}
		field, _, _ := bytes.Cut(raw, []byte(","))
		note(bytes.Trim(field, `" `))
	}
}

// Check reports the first thing wrong with the entry's form, naming the
// field.
func (e *Entry) Check() error {
	trim := func(s *string) { *s = strings.TrimSpace(*s) }
	for _, s := range []*string{&e.Reference, &e.Title, &e.Category, &e.Regime, &e.ReceivedOn, &e.RespondedOn,
		&e.PublishedOn, &e.Status, &e.DueOn, &e.Outcome, &e.Channel, &e.WDTKPage} {
		trim(s)
	}
	for name, s := range map[string]string{"title": e.Title, "category": e.Category, "summary": e.Summary,
		"request": e.Request, "response": e.Response} {
		if !utf8.ValidString(s) {
			return fmt.Errorf("%s is not valid UTF-8", name)
		}
	}
	if e.Reference == "" {
		return errors.New("reference is required")
	}
	ref, err := foi.ParseReference(e.Reference)
	if err != nil {
		return fmt.Errorf("reference: %s", foi.ErrorMessage(err))
	}
	regime, err := foi.ParseRegime(e.Regime)
	if err != nil {
		return fmt.Errorf("regime: %s", foi.ErrorMessage(err))
	}
	if err := foi.CheckReferencePrefix(ref, regime); err != nil {
		return errors.New(foi.ErrorMessage(err))
	}
	dates := []struct {
		name     string
		value    string
		required bool
	}{{"received_on", e.ReceivedOn, true}, {"responded_on", e.RespondedOn, false},
		{"published_on", e.PublishedOn, false}, {"due_on", e.DueOn, false}}
	for _, d := range dates {
		if d.value == "" {
			if d.required {
				return fmt.Errorf("%s is required", d.name)
			}
			continue
		}
		if _, err := foi.ParseDate(d.value); err != nil {
			return fmt.Errorf("%s: %s", d.name, foi.ErrorMessage(err))
		}
	}
	if strings.TrimSpace(e.Request) == "" {
		return errors.New("request is required: the text of the request as published")
	}
	if e.PublishedOn != "" {
		switch {
		case e.Title == "":
			return errors.New("title is required for a published entry")
		case e.Category == "":
			return errors.New("category is required for a published entry")
		case e.RespondedOn == "":
			return errors.New("responded_on is required for a published entry")
		case e.PublishedOn < e.RespondedOn:
			return fmt.Errorf("published_on %s is before responded_on %s", e.PublishedOn, e.RespondedOn)
		}
	}
	if e.RespondedOn != "" && e.RespondedOn < e.ReceivedOn {
		return fmt.Errorf("responded_on %s is before received_on %s", e.RespondedOn, e.ReceivedOn)
	}
	if len(e.Parts) > 0 && strings.TrimSpace(e.Response) != "" {
		return errors.New("give either parts or response, not both")
	}
	if e.PublishedOn == "" && strings.TrimSpace(e.Response) != "" {
		return errors.New("response is kept only for a published entry: give published_on, or the answers as parts")
	}
	if e.Status != "" {
		if _, err := foi.ParseStatus(e.Status); err != nil {
			return fmt.Errorf("status: %s", foi.ErrorMessage(err))
		}
	}
	if e.Outcome != "" {
		if _, err := foi.ParseOutcome(e.Outcome); err != nil {
			return fmt.Errorf("outcome: %s", foi.ErrorMessage(err))
		}
	}
	if e.Channel != "" {
		if _, err := foi.ParseChannel(e.Channel); err != nil {
			return fmt.Errorf("channel: %s", foi.ErrorMessage(err))
		}
	}
	if e.WDTKPage != "" {
		if e.PublishedOn == "" {
			return errors.New("whatdotheyknow_url is kept only for a published entry: give published_on")
		}
		if _, err := foi.CheckWDTKPage(e.WDTKPage, foi.Channel(e.Channel)); err != nil {
			return fmt.Errorf("whatdotheyknow_url: %s", foi.ErrorMessage(err))
		}
	}
	seen := map[int]bool{}
	for i, p := range e.Parts {
		switch {
		case p.Number < 1:
			return fmt.Errorf("parts[%d]: number must be 1 or more", i)
		case seen[p.Number]:
			return fmt.Errorf("parts[%d]: two parts numbered %d", i, p.Number)
		case strings.TrimSpace(p.Text) == "":
			return fmt.Errorf("part %d: text is required", p.Number)
		}
		seen[p.Number] = true
		if p.Outcome != "" {
			if _, err := foi.ParseOutcome(p.Outcome); err != nil {
				return fmt.Errorf("part %d: outcome: %s", p.Number, foi.ErrorMessage(err))
			}
		}
		regime := foi.Regime(e.Regime)
		for _, code := range p.Exemptions {
			if _, err := foi.LookupExemption(regime, code); err != nil {
				return fmt.Errorf("part %d: %s", p.Number, foi.ErrorMessage(err))
			}
		}
	}
	return nil
}

// Export writes every case (personal) or every public entry as published
// in deadline order (then by reference), an order that the file itself
// carries, so an export of an import of an export is the same file: the
// code behind `disclose export`. Without personal, the file carries only
// what the public can read (see PublishedEntryOf); with it, every case as
// kept, with its requester.
func Export(ctx context.Context, rd foi.Reader, w *Writer, personal bool) (int, error) {
	const pageSize = 1000
	n := 0
	for offset := 0; ; offset += pageSize {
		list, total, err := rd.FindRequests(ctx, foi.RequestFilter{Order: foi.OrderDue, Limit: pageSize, Offset: offset})
		if err != nil {
			return n, err
		}
		for _, r := range list {
			p, err := rd.FindPublication(ctx, r.Reference)
			if foi.IsNotFound(err) {
				p, err = nil, nil
			}
			if err != nil {
				return n, err
			}
			e := EntryOf(r, p, true)
			if !personal {
				if p == nil || !p.Public() {
					continue
				}
				e = PublishedEntryOf(r, p)
			}
			if err := w.Write(e); err != nil {
				return n, err
			}
			n++
		}
		if offset+pageSize >= total {
			return n, nil
		}
	}
}

// Writer writes entries as JSONL.
type Writer struct {
	w   *bufio.Writer
	enc *json.Encoder
}

// NewWriter returns a JSONL writer; call Flush at the end.
func NewWriter(w io.Writer) *Writer {
	bw := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &Writer{w: bw, enc: enc}
}

// Write writes one entry on one line.
func (w *Writer) Write(e *Entry) error { return w.enc.Encode(e) }

// Flush writes what is buffered.
func (w *Writer) Flush() error { return w.w.Flush() }

// Case turns a checked entry into the request and publication it stands
// for. The publication is nil when the entry was never published. A
// missing outcome is rolled up from the parts; a missing status is
// "responded"; with no requester the case is marked as a historical import.
func (e *Entry) Case() (*foi.Request, *foi.Publication) {
	ref, _ := foi.ParseReference(e.Reference)
	regime := foi.Regime(e.Regime)
	ref.Prefix = regime.ReferencePrefix()
	received, _ := foi.ParseDate(e.ReceivedOn)
	r := &foi.Request{
		Reference: ref, Regime: regime, Channel: foi.Channel(e.Channel),
		ReceivedOn: received, Text: strings.TrimSpace(e.Request),
		Status: foi.Status(e.Status), Outcome: foi.Outcome(e.Outcome),
		Requester: foi.Requester{Name: foi.ImportedRequesterName},
	}
	if e.Requester != nil {
		r.Requester = foi.Requester{Name: e.Requester.Name, Email: e.Requester.Email,
			Address: e.Requester.Address, Phone: e.Requester.Phone}
	}
	r.RespondedOn, _ = parseOptionalDate(e.RespondedOn)
	r.DueOn, _ = parseOptionalDate(e.DueOn)
	if r.Status == "" {
		r.Status = foi.StatusResponded
	}
	var outcomes []foi.Outcome
	for _, p := range e.Parts {
		part := foi.Part{Number: p.Number, Label: p.Label, Text: strings.TrimSpace(p.Text),
			Answer: strings.TrimSpace(p.Answer), Outcome: foi.Outcome(p.Outcome),
			Exemptions: p.Exemptions, PublicInterest: p.PublicInterest}
		if len(part.Exemptions) == 0 {
			part.Exemptions = nil
		}
		r.Parts = append(r.Parts, part)
		outcomes = append(outcomes, part.Outcome)
	}
	if r.Outcome == "" && len(outcomes) > 0 {
		r.Outcome = foi.RollUp(outcomes)
	}
	if e.PublishedOn == "" {
		return r, nil
	}
	published, _ := foi.ParseDate(e.PublishedOn)
	p := &foi.Publication{
		Reference: ref, Regime: regime, Title: e.Title, Category: e.Category, Summary: strings.TrimSpace(e.Summary),
		PublishedOn: published, ReceivedOn: r.ReceivedOn, RespondedOn: r.RespondedOn,
		Request: r.Text, Response: strings.TrimSpace(e.Response), Outcome: r.Outcome, WDTKPage: e.WDTKPage,
	}
	for _, part := range r.Parts {
		p.Parts = append(p.Parts, foi.PublishedPart{Number: part.Number, Label: part.Label, Text: part.Text,
			Answer: part.Answer, Outcome: part.Outcome, Exemptions: part.Exemptions})
	}
	if e.Unpublished {
		p.UnpublishedAt = published // marks it; the store sets the real instant
	}
	return r, p
}

func parseOptionalDate(s string) (t time.Time, err error) {
	if s == "" {
		return t, nil
	}
	return foi.ParseDate(s)
}

// PublishedEntryOf is the entry for a public log entry exactly as the
// public read it: the request text, questions and answers of the frozen
// copy (redactions applied), its title, summary and category, and the
// case's dates, status and channel; never the case's own texts, which
// keep what the requester wrote.
func PublishedEntryOf(r *foi.Request, p *foi.Publication) *Entry {
	e := &Entry{
		Reference: r.Reference.String(), Regime: string(p.Regime), ReceivedOn: foi.FormatDate(p.ReceivedOn),
		RespondedOn: foi.FormatDate(p.RespondedOn), Request: p.Request, Outcome: string(p.Outcome),
		Status: string(r.Status), DueOn: foi.FormatDate(r.DueOn), Channel: string(r.Channel),
		Title: p.Title, Category: p.Category, Summary: p.Summary, PublishedOn: foi.FormatDate(p.PublishedOn),
		Response: p.Response, WDTKPage: p.WDTKPage,
	}
	for _, part := range p.Parts {
		e.Parts = append(e.Parts, Part{Number: part.Number, Label: part.Label, Text: part.Text, Answer: part.Answer,
			Outcome: string(part.Outcome), Exemptions: part.Exemptions})
	}
	return e
}

// EntryOf is the entry for a case and its publication (nil when never
// published). The requester is written only when personal is set; a
// historical import's marker is never written.
func EntryOf(r *foi.Request, p *foi.Publication, personal bool) *Entry {
	e := &Entry{
		Reference: r.Reference.String(), Regime: string(r.Regime), ReceivedOn: foi.FormatDate(r.ReceivedOn),
		RespondedOn: foi.FormatDate(r.RespondedOn), Request: r.Text, Outcome: string(r.Outcome),
		Status: string(r.Status), DueOn: foi.FormatDate(r.DueOn), Channel: string(r.Channel),
	}
	for _, part := range r.Parts {
		e.Parts = append(e.Parts, Part{Number: part.Number, Label: part.Label, Text: part.Text, Answer: part.Answer,
			Outcome: string(part.Outcome), Exemptions: part.Exemptions, PublicInterest: part.PublicInterest})
	}
	if personal && r.Requester.Name != foi.ImportedRequesterName {
		q := r.Requester
		e.Requester = &Requester{Name: q.Name, Email: q.Email, Address: q.Address, Phone: q.Phone}
	}
	if p != nil {
		e.Title, e.Category, e.Summary = p.Title, p.Category, p.Summary
		e.PublishedOn = foi.FormatDate(p.PublishedOn)
		e.Response, e.WDTKPage = p.Response, p.WDTKPage
		e.Unpublished = !p.Public()
	}
	return e
}
