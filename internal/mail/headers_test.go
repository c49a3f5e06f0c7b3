// SPDX-License-Identifier: AGPL-3.0-or-later

package mail_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"disclose/internal/foi"
	"disclose/internal/mail"
)

// An outgoing message names no mailer software (X-Mailer, User-Agent).
func TestOutgoingEmailHasNoMailerHeader(t *testing.T) {
	addrs, err := mail.NewAddresses("Thurrock FOI <foi@thurrock.example>", "", []byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	s := &mail.Sender{Addresses: addrs}
	msg, err := s.Build(&foi.OutboxMessage{Key: "ack.1", Kind: foi.EmailAcknowledgement, From: "foi@thurrock.example",
		To: "sam@example.org", Subject: "Your request", Text: "Thank you.", HTML: "<p>Thank you.</p>"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := msg.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	head, _, _ := strings.Cut(b.String(), "\r\n\r\n")
	for _, h := range []string{"X-Mailer:", "User-Agent:"} {
		if strings.Contains(strings.ToLower(head), strings.ToLower(h)) {
			t.Errorf("the message carries %s\n%s", h, head)
		}
	}
	if !strings.Contains(head, "Message-ID:") && !strings.Contains(head, "Message-Id:") {
		t.Errorf("the message lost its Message-ID:\n%s", head)
	}
}
