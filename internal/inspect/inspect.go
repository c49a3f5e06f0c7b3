// SPDX-License-Identifier: AGPL-3.0-or-later

// Package inspect checks files and answer texts for hidden and personal data
// before anything leaves the authority: the disclosure-safety check of
// issue 7. The worst FOI failures are breaches inside the answer itself — a
// hidden tab of staff names, a pivot cache that still holds "deleted" rows,
// tracked changes in a Word file, a black box drawn over PDF text that is
// still there — so every attachment marked for release, and every answer
// text, is inspected and each finding says where it is and why it matters.
//
// The type of a file is sniffed from its bytes, never from its name.
//
// What is checked:
//   - XLSX: hidden and very hidden sheets; hidden rows and columns that hold
//     data; pivot caches; external connections and links; defined names that
//     point to hidden sheets, other workbooks or are themselves hidden;
//     comments, notes and threaded comments; cells made invisible (white
//     font, or the ";;;" number format); document properties (author, last
//     modified by, company, manager, custom properties); embedded objects;
//     personal data in the visible cells.
//   - ODS: hidden sheets, rows and columns; annotations; document
//     properties in meta.xml; personal data in visible cells.
//   - CSV: personal data in cells; cells that a spreadsheet would run as a
//     formula (starting with = + - @: "formula-cell").
//   - DOCX: tracked changes (insertions, deletions, moves, formatting
//     changes); comments; hidden (vanished) text; document properties;
//     embedded objects; personal data in the visible text.
//   - ODT: tracked changes; annotations; hidden text and sections; document
//     properties; embedded objects; personal data in the text.
//   - PDF: text drawn under a filled box painted over it; invisible text
//     (rendering mode 3); incremental updates that keep earlier versions;
//     annotations; attached files; document information and XMP metadata;
//     encryption; personal data in text the parser can decode.
//   - Images (JPEG, PNG, TIFF, and EXIF blocks inside HEIC/WebP): EXIF
//     metadata, and GPS positions separately.
//   - Plain text and answer texts: e-mail addresses, UK phone numbers,
//     National Insurance numbers, NHS numbers (check digit verified), UK
//     postcodes next to a house number, dates of birth, and the requester's
//     own name and contact details.
//   - Anything encrypted, corrupt, too large, too slow, or of a format not
//     listed above is a finding too ("encrypted", "unreadable",
//     "unknown-format"): nothing passes silently.
//
// What is not checked: the content of images (a photographed face, a
// scanned letter: no OCR); text in PDF fonts whose encoding cannot be
// decoded without the font program (the check for text under boxes still
// works on positions); exact glyph widths (PDF text positions are estimated
// from the font size, so a box that only just touches text may be missed or
// over-reported); charts, shapes and text boxes in spreadsheets;
// presentations (PPTX/ODP are reported as unknown-format); legacy binary
// Office files (.xls/.doc, reported as unknown-format); names of people
// other than the requester (no general name recogniser: it would flag every
// officer's signature).
//
// Clean makes a copy with the mechanical fixes applied and re-inspects it;
// see its doc comment for what it cannot fix.
package inspect

import (
	"bytes"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"
)

// Finding is one thing in a file or text that must not go out unnoticed.
type Finding struct {
	// Kind is a stable code such as "hidden-sheet" or "personal-data:email".
	Kind string
	// Where locates it for a case officer: "sheet 'Staff' (hidden)", "page 3".
	Where string
	// Why says in one sentence why it matters.
	Why string
	// Excerpt is the matched text masked, never raw personal data; it may be empty.
	Excerpt string
	// Fixable reports whether Clean can remove it mechanically.
	Fixable bool
}

func (f Finding) String() string {
	s := f.Kind + " at " + f.Where + ": " + f.Why
	if f.Excerpt != "" {
		s += " [" + f.Excerpt + "]"
	}
	return s
}

// Options bound and direct an inspection.
type Options struct {
	// Requester holds the requester's own names, e-mail addresses, phone
	// numbers and postal addresses, which must never appear in an answer.
	Requester []string
	// Allow holds e-mail addresses and phone numbers that are public and not
	// personal data (the authority's own FOI mailbox and switchboard).
	Allow []string
	// MaxBytes caps the size of a file accepted for inspection; zero means
	// DefaultMaxBytes. Archive parts may expand to at most 8 times this.
	MaxBytes int64
	// Timeout bounds the time spent on one file or text; zero means
	// DefaultTimeout.
	Timeout time.Duration
}

// Defaults for Options.
const (
	DefaultMaxBytes = 64 << 20
	DefaultTimeout  = 20 * time.Second
	// maxZipEntries caps the number of parts in a zip-based document.
	maxZipEntries = 10000
	// maxPartBytes caps what one part or stream read whole into memory
	// (a picture, a PDF stream) may expand to; XML parts are streamed.
	maxPartBytes = 64 << 20
	// maxRetained caps what one inspection keeps while it reads (shared
	// strings, sheet and style lists, names of hidden rows, findings):
	// crafted files of many tiny strings or cells cannot grow it further.
	maxRetained = 32 << 20
	// maxFindings caps the findings one file reports; the rest are
	// counted in a last finding.
	maxFindings = 2000
	// concurrentFiles is how many files are inspected at once in a
	// process; more wait their turn, so parallel uploads queue instead of
	// multiplying the memory used.
	concurrentFiles = 2
)

// fileSlots holds a place for each file being inspected.
var fileSlots = make(chan struct{}, concurrentFiles)

func (o Options) maxBytes() int64 {
	if o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return DefaultMaxBytes
}

// errBudget is raised (as a panic, recovered at the top) when a file takes
// longer than its time budget or expands beyond its size budget.
var errBudget = errors.New("inspection budget exceeded")

// run carries the state of one inspection: its budget and its findings.
type run struct {
	opts     Options
	deadline time.Time
	steps    int
	unzipped int64 // bytes decompressed so far, against 8×MaxBytes
	retained int64 // bytes kept while reading, against maxRetained
	findings []Finding
	dropped  int // findings past maxFindings
	// limitFindings applies maxFindings (to files; an answer text is
	// bounded by its length).
	limitFindings bool
	seen          map[Finding]bool
	detector      *detector
}

func newRun(opts Options) *run {
	t := opts.Timeout
	if t <= 0 {
		t = DefaultTimeout
	}
	return &run{opts: opts, deadline: time.Now().Add(t), detector: newDetector(opts)}
}

// tick is called in every loop over input; it aborts the inspection when
// the time budget is spent.
func (r *run) tick() {
	r.steps++
	if r.steps&1023 == 0 && time.Now().After(r.deadline) {
		panic(fmt.Errorf("%w: took longer than the time allowed", errBudget))
	}
}

// textRun aborts the inspection when one cell or paragraph gathered from
// many tags exceeds maxTokenBytes: no real document has one that long.
func (r *run) textRun(n int) {
	if n > maxTokenBytes {
		panic(fmt.Errorf("%w: a single cell, row or paragraph holds more than %d MB of text", errBudget, maxTokenBytes>>20))
	}
}

// retain charges n bytes kept in memory to the inspection, aborting it
// once maxRetained is spent.
func (r *run) retain(n int) {
	r.retained += int64(n)
	if r.retained > maxRetained {
		panic(fmt.Errorf("%w: the file holds more strings, cells or parts than can be checked in %d MB", errBudget, maxRetained>>20))
	}
}

func (r *run) add(kind, where, why, excerpt string, fixable bool) {
	r.keep(Finding{Kind: kind, Where: where, Why: why, Excerpt: excerpt, Fixable: fixable})
}

func (r *run) keep(fs ...Finding) {
	for _, f := range fs {
		if f.Kind == "unreadable" || f.Kind == "encrypted" || f.Kind == "unknown-format" {
			r.findings = append(r.findings, f) // never dropped, never charged: they report the limits
			continue
		}
		if r.limitFindings {
			// Repeats are dropped here, not only at the end, so that a
			// flood of one finding neither fills the list nor counts as more.
			if r.seen[f] {
				continue
			}
			if len(r.findings) >= maxFindings {
				r.dropped++
				continue
			}
			r.retain(len(f.Where) + len(f.Excerpt) + 96)
			r.seen[f] = true
		}
		r.findings = append(r.findings, f)
	}
}

// text runs the personal-data detectors over visible content.
func (r *run) text(where, s string) {
	r.tick()
	r.keep(r.detector.scan(where, s, r.tick)...)
}

// guard runs fn, turning a panic or an exhausted budget into an
// "unreadable" finding so that a malformed file can never crash the caller.
func (r *run) guard(fn func()) {
	defer func() {
		if v := recover(); v != nil {
			why := "The file could not be checked completely, so it may hold hidden data that was not seen."
			if err, ok := v.(error); ok && errors.Is(err, errBudget) {
				r.add("unreadable", "whole file", why+" ("+err.Error()+")", "", false)
				return
			}
			r.add("unreadable", "whole file", why+fmt.Sprintf(" (malformed content: %v)", v), "", false)
		}
	}()
	fn()
}

// File inspects one file's bytes. The name is used only in messages; the
// type is sniffed from the content. It never panics and always returns
// within about opts.Timeout; an empty result means nothing was found.
//
// At most concurrentFiles files are inspected at once in a process; a
// further call waits for a place (its time budget starts once it has one).
func File(name string, data []byte, opts Options) []Finding {
	if int64(len(data)) > opts.maxBytes() {
		r := newRun(opts)
		r.add("unreadable", "whole file", fmt.Sprintf("The file is larger than the %d MB limit for inspection, so it was not checked.", opts.maxBytes()>>20), "", false)
		return r.findings
	}
	fileSlots <- struct{}{}
	defer func() { <-fileSlots }()
	r := newRun(opts)
	r.limitFindings, r.seen = true, map[Finding]bool{}
	r.guard(func() { inspectBytes(r, name, data) })
	fs := dedupe(r.findings)
	if r.dropped > 0 {
		fs = append(fs, Finding{Kind: "more-findings", Where: "whole file", Why: fmt.Sprintf("%d more findings were not listed: the file needs checking by hand, or splitting.", r.dropped)})
	}
	return fs
}

// Text inspects an answer text for personal data. where names the text
// ("answer to part 2"); each finding adds the character positions.
func Text(where, text string, opts Options) []Finding {
	r := newRun(opts)
	r.guard(func() { r.text(where, text) })
	return dedupe(r.findings)
}

func inspectBytes(r *run, name string, data []byte) {
	switch format := sniff(data); format {
	case "zip":
		inspectZip(r, data)
	case "pdf":
		inspectPDF(r, data)
	case "jpeg", "png", "tiff", "heif", "webp":
		inspectImage(r, format, data)
	case "cfb":
		inspectCFB(r, data)
	case "text":
		inspectPlain(r, data)
	case "empty":
		r.add("unreadable", "whole file", "The file is empty, so it is not the document that was meant to be released.", "", false)
	default:
		r.add("unknown-format", "whole file", "Disclose cannot read this kind of file, so it could hold hidden or personal data that was not checked.", "", false)
	}
}

// sniff names a file's format from its first bytes.
func sniff(data []byte) string {
	switch {
	case len(data) == 0:
		return "empty"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")), bytes.HasPrefix(data, []byte("PK\x05\x06")):
		return "zip"
	case bytes.Contains(head(data, 1024), []byte("%PDF-")):
		return "pdf"
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return "jpeg"
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "png"
	case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
		return "tiff"
	case len(data) >= 12 && string(data[4:8]) == "ftyp" && isHEIFBrand(string(data[8:12])):
		return "heif"
	case len(data) >= 12 && string(data[0:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return "webp"
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return "cfb"
	case looksLikeText(data):
		return "text"
	}
	return "unknown"
}

func isHEIFBrand(b string) bool {
	switch b {
	case "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif":
		return true
	}
	return false
}

func head(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

// looksLikeText accepts UTF-8 (with or without a byte-order mark) that has
// no NUL bytes and few control characters.
func looksLikeText(data []byte) bool {
	sample := head(data, 64<<10)
	if bytes.IndexByte(sample, 0) >= 0 {
		return false
	}
	// A cut in the middle of a multi-byte character at the sample's end is fine.
	for i := 0; i < 3 && !utf8.Valid(sample) && len(sample) > 0; i++ {
		sample = sample[:len(sample)-1]
	}
	if !utf8.Valid(sample) {
		return false
	}
	controls := 0
	for _, c := range sample {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			controls++
		}
	}
	return controls*100 <= len(sample)
}

// inspectCFB handles OLE compound files: legacy .xls/.doc, and the wrapper
// that Office uses for password-protected XLSX/DOCX.
func inspectCFB(r *run, data []byte) {
	if bytes.Contains(data, utf16le("EncryptionInfo")) || bytes.Contains(data, utf16le("EncryptedPackage")) {
		r.add("encrypted", "whole file", "The file is password-protected, so its content cannot be checked; release an unprotected copy.", "", false)
		return
	}
	r.add("unknown-format", "whole file", "This is a legacy Office file (.xls, .doc or .ppt) that Disclose cannot check; save it as .xlsx or .docx and attach that instead.", "", false)
}

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for _, c := range []byte(s) {
		b = append(b, c, 0)
	}
	return b
}

// dedupe drops repeated identical findings (the same detector reaching the
// same place twice), keeping the first.
func dedupe(fs []Finding) []Finding {
	seen := make(map[Finding]bool, len(fs))
	out := fs[:0]
	for _, f := range fs {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
