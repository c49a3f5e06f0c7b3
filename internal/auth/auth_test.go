// SPDX-License-Identifier: AGPL-3.0-or-later

package auth

import (
	"strings"
	"testing"
)

func TestPasswordRoundTrip(t *testing.T) {
	h, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$") {
		t.Errorf("hash %q is not in the argon2id PHC format", h)
	}
	if !CheckPassword(h, "correct horse battery staple") {
		t.Error("the right password was rejected")
	}
	for _, wrong := range []string{"", "correct horse battery stapl", "Correct horse battery staple"} {
		if CheckPassword(h, wrong) {
			t.Errorf("wrong password %q was accepted", wrong)
		}
	}
	h2, _ := HashPassword("correct horse battery staple")
	if h == h2 {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
}

func TestShortPasswordRefused(t *testing.T) {
	if _, err := HashPassword("short"); err == nil {
		t.Error("a 5-character password was accepted")
	}
}

func TestCheckPasswordRejectsMalformedHashes(t *testing.T) {
	for _, h := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA", "$argon2id$v=19$m=x$a$b", "$argon2id$v=19$m=16,t=1,p=1$!!$aGFzaA"} {
		if CheckPassword(h, "anything at all") {
			t.Errorf("malformed hash %q accepted a password", h)
		}
	}
}

func TestTokens(t *testing.T) {
	secret, hash := NewToken()
	if !strings.HasPrefix(secret, "dsc_") || len(secret) < 40 {
		t.Errorf("token %q is not a prefixed long random secret", secret)
	}
	if HashToken(secret) != hash || strings.Contains(hash, secret) {
		t.Error("the stored hash does not verify the secret, or contains it")
	}
	other, _ := NewToken()
	if other == secret {
		t.Error("two tokens are equal")
	}
}
