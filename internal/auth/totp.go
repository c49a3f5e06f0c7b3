// SPDX-License-Identifier: AGPL-3.0-or-later

package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// TOTP second factors follow RFC 6238 with the parameters every
// authenticator app assumes: HMAC-SHA1, 30-second steps, six digits.
const (
	totpStep   = 30 * time.Second
	totpDigits = 6
)

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewTOTPSecret returns a random 160-bit secret in base32, as apps take it.
func NewTOTPSecret() string {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return b32.EncodeToString(b)
}

// TOTPCode returns the six-digit code for a secret at time t (RFC 6238,
// with the dynamic truncation of RFC 4226 section 5.3).
func TOTPCode(secret string, t time.Time) (string, error) {
	key, err := b32.DecodeString(strings.ToUpper(strings.ReplaceAll(secret, " ", "")))
	if err != nil {
		return "", fmt.Errorf("auth: TOTP secret is not base32: %w", err)
	}
	return hotp(key, uint64(t.Unix())/uint64(totpStep/time.Second)), nil
}

func hotp(key []byte, counter uint64) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	mac := hmac.New(sha1.New, key)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	v := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%06d", v%1_000_000)
}

// MatchTOTP reports whether code is the secret's code at t or one step
// either side (a phone's clock may drift by up to 30 seconds), and which
// 30-second step it belongs to, so that a code can be refused a second
// time (see foi.StaffWriter.UseTOTPStep).
func MatchTOTP(secret, code string, t time.Time) (step int64, ok bool) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != totpDigits {
		return 0, false
	}
	key, err := b32.DecodeString(strings.ToUpper(strings.ReplaceAll(secret, " ", "")))
	if err != nil {
		return 0, false
	}
	now := uint64(t.Unix()) / uint64(totpStep/time.Second)
	matched := 0
	for _, c := range []uint64{now - 1, now, now + 1} {
		// Every candidate is compared, whichever matches, so the time
		// taken says nothing about the code.
		m := subtle.ConstantTimeCompare([]byte(hotp(key, c)), []byte(code))
		step = int64(subtle.ConstantTimeSelect(m, int(c), int(step)))
		matched |= m
	}
	return step, matched == 1
}

// TOTPURI is the otpauth:// address an authenticator app reads (usually
// from a QR code) to add the account.
func TOTPURI(issuer, account, secret string) string {
	return "otpauth://totp/" + url.PathEscape(issuer+":"+account) + "?" + url.Values{
		"secret": {secret}, "issuer": {issuer}, "algorithm": {"SHA1"}, "digits": {"6"}, "period": {"30"},
	}.Encode()
}
