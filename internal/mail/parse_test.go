// SPDX-License-Identifier: AGPL-3.0-or-later

package mail_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"disclose/internal/foi"
	"disclose/internal/mail"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestParseRealWorldShapes reads one message in each shape real clients
// send, as the fixtures in testdata/ reproduce them.
func TestParseRealWorldShapes(t *testing.T) {
	tests := []struct {
		file        string
		fromName    string
		fromEmail   string
		subject     string
		textHas     []string
		textLacks   []string
		attachments []foi.AttachmentInfo
		automatic   string // a word of the reason, "" for a person
	}{
		{
			file: "outlook-windows-1252.eml", fromName: "Seán O’Brien", fromEmail: "sean.obrien@outlook.example",
			subject: "FOI request – potholes",
			textHas: []string{"1. The number of potholes repaired in 2025 – by ward.", "2. The total cost, in £.", "Seán O’Brien"},
			// The plain alternative is kept, not the HTML one.
			textLacks: []string{"<p>", "margin"},
		},
		{
			file: "gmail.eml", fromName: "Priya Šarčević", fromEmail: "priya.s@gmail.example",
			subject:   "Agency social workers spending",
			textHas:   []string{"the council's spending on agency social workers for 2024/25", "Priya Šarčević"},
			textLacks: []string{"&#39;", "<div"},
		},
		{
			file: "apple-inline-image.eml", fromName: "Tom Baker", fromEmail: "tom.baker@icloud.example",
			subject: "Fly-tipping on Church Road",
			// HTML only: reduced to text.
			textHas:   []string{"How many fly-tipping reports were made for Church Road in 2025, and how many led to a fine?", "Tom"},
			textLacks: []string{"<img", "overflow-wrap", "content-type"},
			attachments: []foi.AttachmentInfo{
				{Filename: "photo.png", ContentType: "image/png", Size: 70, Inline: true},
				{Filename: "map.pdf", ContentType: "application/pdf", Size: 45},
			},
		},
		{
			file: "iphone-reply.eml", fromName: "Sam Researcher", fromEmail: "sam@example.org",
			subject: "Re: Your request {{REF}}: please clarify",
			textHas: []string{"I mean the financial year April 2025 to March 2026, for all wards.", "> On 1 Apr 2026"},
		},
		{
			file: "out-of-office.eml", fromName: "Jo Bloggs", fromEmail: "jo.bloggs@company.example",
			subject: "Automatic reply: Your request FOI 12: received", textHas: []string{"out of the office"},
			automatic: "auto-generated",
		},
		{
			file: "dsn-bounce.eml", fromName: "Mail Delivery System", fromEmail: "MAILER-DAEMON@mx.thurrock.example",
			subject: "Undelivered Mail Returned to Sender", textHas: []string{"could not\nbe delivered"},
			attachments: []foi.AttachmentInfo{{Filename: "delivery status.txt", ContentType: "message/delivery-status", Size: 121}},
			automatic:   "bounce",
		},
		{
			file: "winmail-dat.eml", fromName: "Council Contractor Ltd", fromEmail: "contracts@contractor.example",
			subject: "Request for the waste contract", textHas: []string{"current waste collection contract"},
			attachments: []foi.AttachmentInfo{{Filename: "winmail.dat", ContentType: "application/ms-tnef", Size: 166,
				Contents: []string{"Budget 2025.xlsx", "Résumé.docx"}}},
		},
		{
			file: "iso-8859-1-headers.eml", fromName: "Renée François", fromEmail: "renee@example.fr",
			subject: "Licences de terrasse – cafés", textHas: []string{"combien de cafés ont reçu une licence"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p, err := mail.Parse(readFixture(t, tt.file))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if p.FromName != tt.fromName || p.FromEmail != tt.fromEmail || p.Subject != tt.subject {
				t.Errorf("from %q <%s>, subject %q; want %q <%s>, %q", p.FromName, p.FromEmail, p.Subject, tt.fromName, tt.fromEmail, tt.subject)
			}
			for _, s := range tt.textHas {
				if !strings.Contains(p.Text, s) {
					t.Errorf("text lacks %q:\n%s", s, p.Text)
				}
			}
			for _, s := range tt.textLacks {
				if strings.Contains(p.Text, s) {
					t.Errorf("text has %q:\n%s", s, p.Text)
				}
			}
			if diff := cmp.Diff(tt.attachments, p.Attachments, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("attachments (-want +got):\n%s", diff)
			}
			if (tt.automatic == "") != (p.Automatic == "") || !strings.Contains(p.Automatic, tt.automatic) {
				t.Errorf("automatic = %q, want one mentioning %q", p.Automatic, tt.automatic)
			}
			if p.MessageID == "" || p.Date.IsZero() {
				t.Errorf("Message-ID %q, date %v: want both read", p.MessageID, p.Date)
			}
		})
	}
}

func TestParseRefusesWhatIsNotAMessage(t *testing.T) {
	for name, raw := range map[string][]byte{
		"garbage":      readFixture(t, "unparseable.eml"),
		"no from":      []byte("To: foi@thurrock.example\r\nSubject: hi\r\n\r\nbody\r\n"),
		"bad from":     []byte("From: not an address at all\r\n\r\nbody\r\n"),
		"no boundary":  []byte("From: a@b.example\r\nContent-Type: multipart/mixed\r\n\r\nbody\r\n"),
		"deep nesting": nested(20),
	} {
		if p, err := mail.Parse(raw); err == nil {
			t.Errorf("%s: parsed as %+v, want an error", name, p)
		}
	}
}

// nested builds a message of n multiparts inside each other.
func nested(n int) []byte {
	s := "From: a@b.example\r\nContent-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n"
	for i := range n {
		s += "--b" + strconv.Itoa(i) + "\r\nContent-Type: multipart/mixed; boundary=\"b" + strconv.Itoa(i+1) + "\"\r\n\r\n"
	}
	s += "--b" + strconv.Itoa(n) + "\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
	for i := n; i >= 0; i-- {
		s += "--b" + strconv.Itoa(i) + "--\r\n"
	}
	return []byte(s)
}

// FuzzParse: whatever arrives, Parse returns a message or an error, never
// panics, and what it returns is valid UTF-8 within the limits.
func FuzzParse(f *testing.F) {
	entries, _ := os.ReadDir("testdata")
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".eml") {
			f.Add(readFixture(f, e.Name()))
		}
	}
	f.Add(nested(5))
	f.Fuzz(func(t *testing.T, raw []byte) {
		p, err := mail.Parse(raw)
		if err != nil {
			return
		}
		for _, s := range []string{p.Text, p.Subject, p.FromName} {
			if !strings.Contains(s, "\uFFFD") && !isUTF8(s) {
				t.Fatalf("invalid UTF-8 in %q", s)
			}
		}
		if len(p.Text) > 1<<20 {
			t.Fatalf("text of %d bytes, over the limit", len(p.Text))
		}
	})
}

func isUTF8(s string) bool { return strings.ToValidUTF8(s, "") == s }

// Files are what gets copied to the case: attachments with their content,
// not inline images, and the files inside a winmail.dat instead of it.
func TestParseKeepsAttachedFiles(t *testing.T) {
	type file struct{ Name, Data string }
	for _, tt := range []struct {
		fixture string
		want    []file
	}{
		{"apple-inline-image.eml", []file{{"map.pdf", "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"}}},
		{"winmail-dat.eml", []file{{"Budget 2025.xlsx", "PK\x03\x04fake-xlsx-bytes"}, {"Résumé.docx", "PK\x03\x04fake-docx-bytes"}}},
		{"gmail.eml", nil},
	} {
		p, err := mail.Parse(readFixture(t, tt.fixture))
		if err != nil {
			t.Fatal(err)
		}
		var got []file
		for _, f := range p.Files {
			got = append(got, file{f.Filename, string(f.Data)})
		}
		if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: files (-want +got):\n%s", tt.fixture, diff)
		}
	}
}
