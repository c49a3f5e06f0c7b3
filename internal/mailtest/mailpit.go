// SPDX-License-Identifier: AGPL-3.0-or-later

// Package mailtest gives tests real mail servers and clients: Mailpit (an
// SMTP server whose HTTP API shows what it received), Dovecot (an IMAP
// server) and swaks (an SMTP client), each started on loopback in a
// temporary directory and stopped when the test ends.
//
// A server or client that is not installed fails the test with how to
// install it (scripts/test installs them all): a mail test must never pass
// without the server it is about.
//
// Environment:
//
//	DISCLOSE_MAILPIT=PATH   the mailpit binary (default: on PATH, then $GOPATH/bin)
package mailtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Mailpit is a running Mailpit server.
type Mailpit struct {
	SMTP string // host:port of its SMTP server
	API  string // base URL of its HTTP API
}

// mailpitBinary finds the mailpit command.
func mailpitBinary(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("DISCLOSE_MAILPIT"); p != "" {
		return p
	}
	if p, err := exec.LookPath("mailpit"); err == nil {
		return p
	}
	out, err := exec.Command("go", "env", "GOPATH").Output()
	if err == nil {
		p := filepath.Join(strings.TrimSpace(string(out)), "bin", "mailpit")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Fatalf("mailtest: mailpit not found; run scripts/test, or: go install github.com/axllent/mailpit@%s", MailpitVersion)
	return ""
}

// MailpitVersion is the Mailpit that scripts/test installs.
const MailpitVersion = "v1.33.1"

// FreePort returns a loopback address with a port nobody is listening on.
func FreePort(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// StartMailpit starts Mailpit on loopback with the extra flags given (for
// example "--smtp-auth-file", path) and chaos (injected SMTP errors)
// enabled through its API.
func StartMailpit(t testing.TB, flags ...string) *Mailpit {
	t.Helper()
	bin := mailpitBinary(t)
	dir := t.TempDir()
	m := &Mailpit{SMTP: FreePort(t), API: "http://" + FreePort(t)}
	args := append([]string{
		"--smtp", m.SMTP, "--listen", strings.TrimPrefix(m.API, "http://"),
		"--database", filepath.Join(dir, "mailpit.db"), "--smtp-disable-rdns", "--disable-version-check",
		"--enable-chaos", "--max", "5000", "--quiet",
	}, flags...)
	cmd := exec.Command(bin, args...)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatalf("mailtest: starting mailpit: %v", err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(m.API + "/api/v1/messages")
		if err == nil {
			resp.Body.Close()
			if c, err := net.Dial("tcp", m.SMTP); err == nil {
				c.Close()
				return m
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailtest: mailpit did not start within 20s:\n%s", logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Summary is a message as Mailpit lists it.
type Summary struct {
	ID          string
	MessageID   string
	From        Address
	To          []Address
	ReplyTo     []Address
	Subject     string
	Attachments int
}

// Address is a name and an address.
type Address struct {
	Name    string
	Address string
}

// Message is one message with its bodies and attachments.
type Message struct {
	Summary
	Text        string
	HTML        string
	Attachments []Part
	Inline      []Part
}

// Part is an attachment as Mailpit describes it.
type Part struct {
	PartID      string
	FileName    string
	ContentType string
	Size        int
}

func (m *Mailpit) get(t testing.TB, path string, v any) {
	t.Helper()
	resp, err := http.Get(m.API + path)
	if err != nil {
		t.Fatalf("mailpit GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("mailpit GET %s: %s: %s", path, resp.Status, body)
	}
	if s, ok := v.(*[]byte); ok {
		*s = body
		return
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("mailpit GET %s: %v", path, err)
	}
}

// Messages lists every message Mailpit holds, oldest first.
func (m *Mailpit) Messages(t testing.TB) []Summary {
	t.Helper()
	var all []Summary
	for start := 0; ; start += 500 {
		var page struct {
			Total    int
			Messages []Summary
		}
		m.get(t, fmt.Sprintf("/api/v1/messages?start=%d&limit=500", start), &page)
		all = append(all, page.Messages...)
		if len(page.Messages) == 0 || len(all) >= page.Total {
			break
		}
	}
	// The API lists newest first.
	for i, j := 0, len(all)-1; i < j; i, j = i+1, j-1 {
		all[i], all[j] = all[j], all[i]
	}
	return all
}

// Message returns one message in full.
func (m *Mailpit) Message(t testing.TB, id string) *Message {
	t.Helper()
	var msg Message
	m.get(t, "/api/v1/message/"+id, &msg)
	return &msg
}

// Headers returns one message's headers.
func (m *Mailpit) Headers(t testing.TB, id string) map[string][]string {
	t.Helper()
	var h map[string][]string
	m.get(t, "/api/v1/message/"+id+"/headers", &h)
	return h
}

// PartData returns the decoded content of an attachment.
func (m *Mailpit) PartData(t testing.TB, id, partID string) []byte {
	t.Helper()
	var b []byte
	m.get(t, "/api/v1/message/"+id+"/part/"+partID, &b)
	return b
}

// Chaos makes Mailpit answer every RCPT TO with code (a 4xx or 5xx), or
// accept again with code 0.
func (m *Mailpit) Chaos(t testing.TB, code int) {
	t.Helper()
	body := `{"Recipient":{"ErrorCode":451,"Probability":0}}`
	if code != 0 {
		body = fmt.Sprintf(`{"Recipient":{"ErrorCode":%d,"Probability":100}}`, code)
	}
	req, _ := http.NewRequest(http.MethodPut, m.API+"/api/v1/chaos", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("mailpit chaos: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("mailpit chaos: %s", resp.Status)
	}
}

// WaitFor polls until Mailpit holds at least n messages or the timeout
// passes, and returns what it holds.
func (m *Mailpit) WaitFor(t testing.TB, n int, timeout time.Duration) []Summary {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		list := m.Messages(t)
		if len(list) >= n || time.Now().After(deadline) {
			return list
		}
		time.Sleep(100 * time.Millisecond)
	}
}
