// SPDX-License-Identifier: AGPL-3.0-or-later

// Package mail is email in and out of the FOI mailbox: per-case reply
// addresses, rendering the authority's messages, delivering the outbox over
// SMTP, receiving mail (an SMTP listener and IMAP polling), parsing MIME,
// and sorting what arrives into new requests, replies to cases, auto-replies
// and the holding pen. Rules of casework stay in the casework package: this
// package renders, moves and parses messages, and calls the service.
package mail

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"net/mail"
	"strconv"
	"strings"

	"disclose/internal/foi"
)

// SettingSecret is the store setting holding the key of case-address
// tokens. It is generated on first use and shared by every process, so a
// reply threads whichever process receives it.
const SettingSecret = "mail_secret"

// tokenLength is how many base32 characters of the HMAC a case address
// carries: 50 bits, far beyond guessing, short enough to read aloud.
const tokenLength = 10

// lowerBase32 is lower-case so that a relay that lower-cases local parts
// does not break a token.
var lowerBase32 = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// Addresses knows the FOI mailbox and makes and checks per-case addresses:
// foi+12748-k3j4h5g6j7@council.example for FOI 12748 when the mailbox is
// foi@council.example.
type Addresses struct {
	Mailbox mail.Address // the FOI mailbox: From of every message, and where new requests arrive
	Domain  string       // domain of case addresses; the mailbox's when empty
	Secret  []byte
}

// NewAddresses checks the mailbox address and the secret.
func NewAddresses(mailbox, domain string, secret []byte) (*Addresses, error) {
	a, err := mail.ParseAddress(mailbox)
	if err != nil {
		return nil, fmt.Errorf("mailbox %q is not an email address: %v", mailbox, err)
	}
	local, dom, ok := strings.Cut(a.Address, "@")
	if !ok || local == "" || dom == "" || strings.Contains(local, "+") {
		return nil, fmt.Errorf("mailbox %q must be a plain address like foi@council.example", mailbox)
	}
	if domain == "" {
		domain = dom
	}
	if len(secret) < 16 {
		return nil, fmt.Errorf("the case-address secret is too short")
	}
	return &Addresses{Mailbox: *a, Domain: strings.ToLower(domain), Secret: secret}, nil
}

func (a *Addresses) local() string {
	l, _, _ := strings.Cut(a.Mailbox.Address, "@")
	return strings.ToLower(l)
}

func (a *Addresses) token(number int) string {
	h := hmac.New(sha256.New, a.Secret)
	fmt.Fprintf(h, "case:%d", number)
	return lowerBase32.EncodeToString(h.Sum(nil))[:tokenLength]
}

// Case returns the reply address of a request.
func (a *Addresses) Case(ref foi.Reference) string {
	return fmt.Sprintf("%s+%d-%s@%s", a.local(), ref.Number, a.token(ref.Number), a.Domain)
}

// Recipient says what an address we received mail for is: the FOI mailbox
// (isMailbox), a case (number > 0), or neither (ok false). A case address
// with a wrong token is neither: tokens cannot be guessed or altered.
func (a *Addresses) Recipient(addr string) (number int, isMailbox, ok bool) {
	addr = strings.ToLower(strings.Trim(strings.TrimSpace(addr), "<>"))
	if addr == strings.ToLower(a.Mailbox.Address) {
		return 0, true, true
	}
	local, domain, found := strings.Cut(addr, "@")
	if !found || domain != a.Domain {
		return 0, false, false
	}
	rest, found := strings.CutPrefix(local, a.local()+"+")
	if !found {
		return 0, false, false
	}
	num, token, found := strings.Cut(rest, "-")
	n, err := strconv.Atoi(num)
	if !found || err != nil || n <= 0 || num != strconv.Itoa(n) {
		return 0, false, false
	}
	if !hmac.Equal([]byte(token), []byte(a.token(n))) {
		return 0, false, false
	}
	return n, false, true
}

// MessageID is the Message-ID of an outbox message (without the angle
// brackets): its idempotency key at
// the case-address domain, so a message retried after a crash carries the
// same id and mail clients can tell it is the same message.
func (a *Addresses) MessageID(key string) string {
	return key + "@" + a.Domain
}

// installation is a short id of this installation, mixed into outbox keys
// so that two installations (or a rebuilt database) never reuse a
// Message-ID.
func (a *Addresses) installation() string {
	h := hmac.New(sha256.New, a.Secret)
	h.Write([]byte("installation"))
	return lowerBase32.EncodeToString(h.Sum(nil))[:8]
}
