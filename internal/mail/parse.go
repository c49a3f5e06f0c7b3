// SPDX-License-Identifier: AGPL-3.0-or-later

package mail

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"html"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"

	"disclose/internal/foi"
)

// Parsed is what a received message says, as far as casework needs it.
type Parsed struct {
	MessageID   string
	FromName    string
	FromEmail   string
	Subject     string
	Date        time.Time // as the sender's client wrote it; zero when missing or unreadable
	Text        string    // the body as plain text: text/plain preferred, else HTML reduced to text
	Attachments []foi.AttachmentInfo
	// Files are the contents of the files the sender attached, for copying
	// to the case: not inline images (they belong to an HTML body), and a
	// winmail.dat replaced by the files inside it when they can be read.
	Files []foi.Attachment
	// Automatic says why the message is an auto-reply or a bounce, which
	// must never become a request; "" for a message from a person.
	Automatic string
}

// Limits that keep a hostile message from costing more than a real one.
const (
	maxDepth = 10      // nested multiparts
	maxParts = 500     // parts in one message
	maxText  = 1 << 20 // characters of body text kept
)

// Parse reads a raw RFC 5322 message: headers (RFC 2047 encoded words in
// any charset), the MIME tree with base64 and quoted-printable bodies in
// any charset, alternatives, inline images, attachments, and winmail.dat
// (whose files are listed). A message it cannot read at all is an error;
// the caller keeps it in the holding pen.
func Parse(raw []byte) (*Parsed, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("not an email message: %v", err)
	}
	dec := &mime.WordDecoder{CharsetReader: charsetReader}
	p := &Parsed{MessageID: strings.TrimSpace(msg.Header.Get("Message-Id"))}
	if s, err := dec.DecodeHeader(msg.Header.Get("Subject")); err == nil {
		p.Subject = cleanLine(s)
	} else {
		p.Subject = cleanLine(msg.Header.Get("Subject"))
	}
	if d, err := msg.Header.Date(); err == nil {
		p.Date = d
	}
	from := msg.Header.Get("From")
	if from == "" {
		return nil, errors.New("the message has no From header")
	}
	ap := mail.AddressParser{WordDecoder: dec}
	addr, err := ap.Parse(from)
	if err != nil {
		list, lerr := ap.ParseList(from)
		if lerr != nil || len(list) == 0 {
			return nil, fmt.Errorf("the From header %q is not an address: %v", from, err)
		}
		addr = list[0]
	}
	p.FromName, p.FromEmail = cleanLine(addr.Name), strings.TrimSpace(addr.Address)

	w := &walker{p: p}
	if err := w.part(textproto(msg.Header), msg.Body, 0); err != nil {
		return nil, err
	}
	p.Text = strings.TrimSpace(w.text())
	if len(p.Text) > maxText {
		p.Text = strings.ToValidUTF8(p.Text[:maxText], "")
	}
	p.Automatic = automatic(msg.Header, w.report, p)
	return p, nil
}

// header is what the walker needs of a part's headers.
type header interface{ Get(string) string }

type textproto mail.Header

func (h textproto) Get(k string) string { return mail.Header(h).Get(k) }

// walker collects the body and the attachments of a MIME tree.
type walker struct {
	p      *Parsed
	plain  []string // text/plain bodies in order
	html   []string // text/html bodies, used when there is no plain text
	parts  int
	report bool // a multipart/report (a delivery status notification)
}

func (w *walker) text() string {
	if len(w.plain) > 0 {
		return strings.Join(w.plain, "\n\n")
	}
	var out []string
	for _, h := range w.html {
		out = append(out, htmlToText(h))
	}
	return strings.Join(out, "\n\n")
}

func (w *walker) part(h header, body io.Reader, depth int) error {
	w.parts++
	if depth > maxDepth || w.parts > maxParts {
		return errors.New("the message nests too deeply or has too many parts")
	}
	ctype, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		ctype, params = "text/plain", map[string]string{"charset": "us-ascii"}
	}
	disp, dparams, _ := mime.ParseMediaType(h.Get("Content-Disposition"))
	filename := decodeFilename(dparams["filename"], params["name"])

	if strings.HasPrefix(ctype, "multipart/") {
		if ctype == "multipart/report" {
			w.report = true
		}
		boundary := params["boundary"]
		if boundary == "" {
			return errors.New("a multipart part has no boundary")
		}
		mr := multipart.NewReader(body, boundary)
		if ctype == "multipart/alternative" {
			return w.alternative(mr, depth)
		}
		for {
			child, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("reading a %s part: %v", ctype, err)
			}
			if err := w.part(child.Header, child, depth+1); err != nil {
				return err
			}
		}
	}

	data, err := io.ReadAll(decodeTransfer(h.Get("Content-Transfer-Encoding"), body))
	if err != nil {
		return fmt.Errorf("decoding a %s part: %v", ctype, err)
	}
	isText := ctype == "text/plain" || ctype == "text/html"
	if isText && disp != "attachment" && filename == "" {
		s := decodeCharset(params["charset"], data)
		if ctype == "text/plain" {
			w.plain = append(w.plain, s)
		} else {
			w.html = append(w.html, s)
		}
		return nil
	}
	if ctype == "message/delivery-status" {
		w.report = true
	}
	a := foi.AttachmentInfo{Filename: filename, ContentType: ctype, Size: len(data),
		Inline: disp == "inline" || (disp == "" && h.Get("Content-Id") != "")}
	if a.Filename == "" {
		a.Filename = defaultName(ctype)
	}
	files := []foi.Attachment{{Filename: a.Filename, ContentType: ctype, Data: data}}
	if ctype == "application/ms-tnef" || strings.EqualFold(a.Filename, "winmail.dat") {
		inside := tnefFiles(data)
		a.Contents = nil
		for _, f := range inside {
			a.Contents = append(a.Contents, f.Filename)
		}
		if len(inside) > 0 {
			files = inside
		}
	}
	w.p.Attachments = append(w.p.Attachments, a)
	if !a.Inline {
		w.p.Files = append(w.p.Files, files...)
	}
	return nil
}

// alternative keeps one rendering of the body: plain text when there is
// one (what the sender typed), else HTML; other parts (an inline image
// inside a related part) still count as attachments.
func (w *walker) alternative(mr *multipart.Reader, depth int) error {
	sub := &walker{p: w.p, parts: w.parts, report: w.report}
	for {
		child, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("reading a multipart/alternative part: %v", err)
		}
		if err := sub.part(child.Header, child, depth+1); err != nil {
			return err
		}
	}
	w.parts, w.report = sub.parts, sub.report
	if len(sub.plain) > 0 {
		w.plain = append(w.plain, sub.plain...)
	} else {
		w.html = append(w.html, sub.html...)
	}
	return nil
}

func decodeTransfer(enc string, r io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(enc)) {
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, &base64Cleaner{r: r})
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	}
	return r
}

// base64Cleaner drops what real senders put in base64 bodies besides the
// alphabet (spaces, stray line breaks), which the decoder would refuse.
type base64Cleaner struct{ r io.Reader }

func (c *base64Cleaner) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	j := 0
	for _, b := range p[:n] {
		if b == ' ' || b == '\t' || b == '\r' || b == '\n' {
			continue
		}
		p[j] = b
		j++
	}
	if j == 0 && err == nil && n > 0 {
		return c.Read(p)
	}
	return j, err
}

// charsetReader decodes any charset the WHATWG encoding standard knows
// (windows-1252, iso-8859-1, shift_jis, gb2312, ...).
func charsetReader(charset string, r io.Reader) (io.Reader, error) {
	e, err := htmlindex.Get(charset)
	if err != nil {
		return nil, fmt.Errorf("unknown charset %q", charset)
	}
	return e.NewDecoder().Reader(r), nil
}

// decodeCharset turns a text body into UTF-8. An unknown charset or
// invalid bytes never lose the message: what cannot be decoded becomes
// the replacement character.
func decodeCharset(charset string, data []byte) string {
	cs := strings.ToLower(strings.TrimSpace(charset))
	if cs != "" && cs != "utf-8" && cs != "us-ascii" && cs != "utf8" {
		if r, err := charsetReader(cs, bytes.NewReader(data)); err == nil {
			if out, err := io.ReadAll(r); err == nil {
				data = out
			}
		}
	}
	s := string(data)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return strings.ReplaceAll(s, "\r\n", "\n")
}

func decodeFilename(names ...string) string {
	dec := &mime.WordDecoder{CharsetReader: charsetReader}
	for _, n := range names {
		if n == "" {
			continue
		}
		if s, err := dec.DecodeHeader(n); err == nil {
			n = s
		}
		// Keep the name only: a path in a filename is never ours to follow.
		n = n[strings.LastIndexAny(n, `/\`)+1:]
		return cleanLine(n)
	}
	return ""
}

func defaultName(ctype string) string {
	switch {
	case ctype == "message/rfc822":
		return "forwarded message.eml"
	case ctype == "message/delivery-status":
		return "delivery status.txt"
	case strings.HasPrefix(ctype, "image/"):
		return "image." + strings.TrimPrefix(ctype, "image/")
	}
	return "attachment"
}

// cleanLine makes a header value one line of valid text.
func cleanLine(s string) string {
	s = fixC1(strings.ToValidUTF8(s, "\uFFFD"))
	return strings.Join(strings.Fields(s), " ")
}

// fixC1 reads C1 control characters as windows-1252, as every mail client
// does: senders label windows-1252 text ISO-8859-1 (an en dash sent as =96),
// and the standard library decodes ISO-8859-1 encoded words itself.
func fixC1(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= 0x80 && r <= 0x9f }) {
		return s
	}
	dec := charmap.Windows1252.NewDecoder()
	var b strings.Builder
	for _, r := range s {
		if r >= 0x80 && r <= 0x9f {
			if out, err := dec.Bytes([]byte{byte(r)}); err == nil {
				b.Write(out)
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

var (
	htmlDrop   = regexp.MustCompile(`(?is)<(script|style|head)\b.*?</(script|style|head)\s*>`)
	htmlBreak  = regexp.MustCompile(`(?i)<br\s*/?>|</(p|div|li|tr|h[1-6]|blockquote)\s*>`)
	htmlItem   = regexp.MustCompile(`(?i)<li\b[^>]*>`)
	htmlTag    = regexp.MustCompile(`(?s)<[^>]*>`)
	blankLines = regexp.MustCompile(`\n[ \t]*\n(?:[ \t]*\n)+`)
)

// htmlToText reduces an HTML body to its words, one block per line, for
// senders whose client sends no plain-text part.
func htmlToText(s string) string {
	s = htmlDrop.ReplaceAllString(s, "")
	s = htmlItem.ReplaceAllString(s, "\n- ")
	s = htmlBreak.ReplaceAllString(s, "\n")
	s = htmlTag.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	s = strings.ReplaceAll(s, "\u00a0", " ")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.TrimSpace(blankLines.ReplaceAllString(strings.Join(lines, "\n"), "\n\n"))
}

// automatic says why a message is machine-made (RFC 3834 Auto-Submitted,
// Precedence, the X- headers of common responders, a delivery status
// notification of RFC 3464, or a mailer daemon's address), or "".
func automatic(h mail.Header, report bool, p *Parsed) string {
	if v := strings.ToLower(strings.TrimSpace(h.Get("Auto-Submitted"))); v != "" && v != "no" {
		return "auto-submitted: " + v
	}
	switch v := strings.ToLower(strings.TrimSpace(h.Get("Precedence"))); v {
	case "bulk", "junk", "list", "auto_reply":
		return "precedence: " + v
	}
	for _, k := range []string{"X-Autoreply", "X-Autorespond", "X-Auto-Reply", "X-Autoresponder"} {
		if h.Get(k) != "" {
			return strings.ToLower(k)
		}
	}
	if report {
		return "a delivery status notification (bounce)"
	}
	local, _, _ := strings.Cut(strings.ToLower(p.FromEmail), "@")
	if local == "mailer-daemon" || local == "postmaster" {
		return "from " + local
	}
	subject := strings.ToLower(p.Subject)
	for _, prefix := range []string{"automatic reply:", "auto-reply:", "autoreply:", "out of office:", "undeliverable:", "delivery status notification"} {
		if strings.HasPrefix(subject, prefix) {
			return "subject: " + prefix
		}
	}
	return ""
}

// tnefFiles reads the files inside a winmail.dat (Microsoft TNEF): each
// attachment's title (attAttachTitle) and content (attAttachData), the
// content nil when it cannot be read. A damaged file yields what could be
// read; the original always stays in the stored message.
func tnefFiles(data []byte) []foi.Attachment {
	const (
		signature      = 0x223e9f78
		attAttachRend  = 0x00069002 // starts each attachment
		attAttachTitle = 0x00018010
		attAttachData  = 0x0006800f
	)
	if len(data) < 6 || binary.LittleEndian.Uint32(data) != signature {
		return nil
	}
	var files []foi.Attachment
	current := func() *foi.Attachment {
		if len(files) == 0 {
			files = append(files, foi.Attachment{})
		}
		return &files[len(files)-1]
	}
	for i := 6; i+9 <= len(data); {
		level := data[i]
		id := binary.LittleEndian.Uint32(data[i+1:])
		n := int(binary.LittleEndian.Uint32(data[i+5:]))
		start := i + 9
		if n < 0 || start+n+2 > len(data) {
			break
		}
		if level == 2 {
			switch id {
			case attAttachRend:
				files = append(files, foi.Attachment{})
			case attAttachTitle:
				name := strings.TrimRight(string(data[start:start+n]), "\x00")
				f := current()
				f.Filename = decodeCharset("windows-1252", []byte(name))
				f.ContentType = mime.TypeByExtension(strings.ToLower(filepath.Ext(f.Filename)))
				if f.ContentType == "" {
					f.ContentType = "application/octet-stream"
				}
			case attAttachData:
				current().Data = data[start : start+n]
			}
		}
		i = start + n + 2 // the data and its checksum
	}
	out := files[:0]
	for _, f := range files {
		if f.Filename != "" {
			out = append(out, f)
		}
	}
	return out
}

// Files returns the attached files of a raw message (Parsed.Files), or
// none when it cannot be read.
func Files(raw []byte) []foi.Attachment {
	p, err := Parse(raw)
	if err != nil {
		return nil
	}
	return p.Files
}
