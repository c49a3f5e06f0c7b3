// SPDX-License-Identifier: AGPL-3.0-or-later

package auth

import (
	"encoding/base32"
	"testing"
	"time"
)

// The SHA-1 test vectors of RFC 6238 appendix B (eight digits there; the
// last six are the six-digit code).
func TestTOTPMatchesRFC6238(t *testing.T) {
	secret := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte("12345678901234567890"))
	for unix, want := range map[int64]string{
		59: "287082", 1111111109: "081804", 1111111111: "050471", 1234567890: "005924",
		2000000000: "279037", 20000000000: "353130",
	} {
		got, err := TOTPCode(secret, time.Unix(unix, 0))
		if err != nil || got != want {
			t.Errorf("TOTP at %d = %s, %v; want %s", unix, got, err, want)
		}
	}
}

func TestMatchTOTPAllowsOneStepOfDrift(t *testing.T) {
	secret := NewTOTPSecret()
	now := time.Unix(1_800_000_000, 0)
	code, _ := TOTPCode(secret, now)
	for _, tt := range []struct {
		at   time.Time
		want bool
	}{
		{now, true}, {now.Add(30 * time.Second), true}, {now.Add(-30 * time.Second), true},
		{now.Add(90 * time.Second), false}, {now.Add(-90 * time.Second), false},
	} {
		if _, got := MatchTOTP(secret, code, tt.at); got != tt.want {
			t.Errorf("code from %v checked at %v: %v, want %v", now, tt.at, got, tt.want)
		}
	}
	if _, ok := MatchTOTP(secret, "12345", now); ok {
		t.Error("a five-digit code matched")
	}
	if _, ok := MatchTOTP(secret, "abcdef", now); ok {
		t.Error("malformed codes accepted")
	}
}

func TestMatchTOTPSaysWhichStep(t *testing.T) {
	secret := NewTOTPSecret()
	now := time.Unix(1_800_000_000, 0)
	step := now.Unix() / 30
	for _, d := range []int64{-1, 0, 1} {
		code, _ := TOTPCode(secret, now.Add(time.Duration(d)*30*time.Second))
		if got, ok := MatchTOTP(secret, code, now); !ok || got != step+d {
			t.Errorf("code of step %+d: step %d, ok %v; want %d", d, got, ok, step+d)
		}
	}
	if _, ok := MatchTOTP(secret, "000000x", now); ok {
		t.Error("a malformed code matched")
	}
}
