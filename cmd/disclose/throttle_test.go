// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/pgtest"
)

// TestSignInThrottleUnderParallelRequests sends real parallel sign-ins to
// `disclose serve` on each engine: 25 wrong passwords for one account from
// one address are checked only casework.MaxPairFailures times, 48 tries at
// different accounts from one address only casework.MaxAddressFailures
// times, and the account's owner still signs in from the browser they
// used before, even from the guesser's address.
func TestSignInThrottleUnderParallelRequests(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real servers; skipped with -short")
	}
	bin := buildDisclose(t)
	t.Run("sqlite", func(t *testing.T) {
		signInThrottle(t, bin, "sqlite:"+filepath.Join(t.TempDir(), "disclose.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		signInThrottle(t, bin, pgtest.Start(t))
	})
}

func signInThrottle(t *testing.T, bin, dsn string) {
	const password = "correct horse battery staple"
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"user", "add", "--db", dsn, "--role", "officer", "--name", "Olu Officer",
		"--email", "olu@council.example"}, strings.NewReader(password+"\n"), &out, &errOut); code != 0 {
		t.Fatalf("user add: %d %s", code, errOut.String())
	}
	base, _ := startServe(t, bin, dsn, "--trusted-proxies", "127.0.0.1")
	signIn := func(c *http.Client, email, pw, from string) int {
		req, _ := http.NewRequest("POST", base+"/staff/sign-in", strings.NewReader(url.Values{"email": {email}, "password": {pw}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", base)
		req.Header.Set("X-Forwarded-For", from)
		resp, err := c.Do(req)
		if err != nil {
			t.Error(err)
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	noRedirect := func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	jar, _ := cookiejar.New(nil)
	owner := &http.Client{Jar: jar, CheckRedirect: noRedirect}
	if code := signIn(owner, "olu@council.example", password, "198.51.100.9"); code != http.StatusSeeOther {
		t.Fatalf("the owner's first sign-in: %d", code)
	}

	parallel := func(n int, email func(int) string, from string) map[int]int {
		codes := map[int]int{}
		var mu sync.Mutex
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				code := signIn(&http.Client{CheckRedirect: noRedirect}, email(i), "wrong password", from)
				mu.Lock()
				codes[code]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		return codes
	}
	got := parallel(25, func(int) string { return "olu@council.example" }, "203.0.113.1")
	if got[http.StatusUnauthorized] != casework.MaxPairFailures || got[http.StatusTooManyRequests] != 25-casework.MaxPairFailures {
		t.Errorf("25 parallel wrong passwords for one account: %v; want %d checked (401), the rest 429", got, casework.MaxPairFailures)
	}
	got = parallel(48, func(i int) string { return fmt.Sprintf("user%d@council.example", i) }, "203.0.113.2")
	if got[http.StatusUnauthorized] != casework.MaxAddressFailures || got[http.StatusTooManyRequests] != 48-casework.MaxAddressFailures {
		t.Errorf("48 parallel sign-ins to other accounts from one address: %v; want %d checked (401), the rest 429", got, casework.MaxAddressFailures)
	}
	if code := signIn(&http.Client{CheckRedirect: noRedirect}, "olu@council.example", password, "203.0.113.1"); code != http.StatusTooManyRequests {
		t.Errorf("the right password from the guesser's address, without the owner's browser: %d, want 429", code)
	}
	if code := signIn(owner, "olu@council.example", password, "203.0.113.1"); code != http.StatusSeeOther {
		t.Errorf("the owner from their own browser: %d, want signed in", code)
	}
}
