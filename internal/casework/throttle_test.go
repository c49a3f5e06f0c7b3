// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"disclose/internal/auth"
	"disclose/internal/casework"
	"disclose/internal/foi"
)

func addStaff(t *testing.T, svc *casework.Service, email, password string) *foi.User {
	t.Helper()
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	u := &foi.User{Email: email, Name: "Olu Officer", Role: foi.RoleOfficer, PasswordHash: hash}
	if err := svc.Store.Update(ctx, func(tx foi.Tx) error { return tx.CreateUser(ctx, u) }); err != nil {
		t.Fatal(err)
	}
	return u
}

func throttled(err error) (*casework.ThrottledError, bool) {
	var th *casework.ThrottledError
	return th, errors.As(err, &th)
}

// A guesser is stopped at their own address, slowed everywhere else, and
// never locks the owner out of the browser they sign in on.
func TestSignInThrottleSlowsGuessersWithoutLockingTheOwnerOut(t *testing.T) {
	svc := newService(t)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, casework.UK)
	svc.Now = func() time.Time { return now }
	const pw = "correct horse battery staple"
	addStaff(t, svc, "olu@council.example", pw)
	in, err := svc.SignIn(ctx, "olu@council.example", pw, "198.51.100.9", "")
	if err != nil || in.Device == "" {
		t.Fatalf("the owner's first sign-in: %v, device mark %q", err, in.Device)
	}
	device := in.Device

	for i := range casework.MaxPairFailures {
		if _, err := svc.SignIn(ctx, "olu@council.example", "guess", "203.0.113.1", ""); foi.ErrorCode(err) != foi.EUNAUTH {
			t.Fatalf("guess %d: %v", i+1, err)
		}
	}
	if _, err := svc.SignIn(ctx, "olu@council.example", pw, "203.0.113.1", ""); err == nil {
		t.Fatal("the guesser's address is not stopped after its failures")
	} else if th, ok := throttled(err); !ok || th.RetryAfter != casework.LoginWindow {
		t.Fatalf("the guesser's address: %v, want locked for the window", err)
	}

	// Guessing from many addresses: each attempt waits twice as long as the
	// one before, so in the same second only the first gets through.
	let := 0
	for i := range 10 {
		if _, err := svc.SignIn(ctx, "olu@council.example", "guess", fmt.Sprintf("203.0.113.%d", 100+i), ""); foi.ErrorCode(err) == foi.EUNAUTH {
			let++
		} else if _, ok := throttled(err); !ok {
			t.Fatal(err)
		}
	}
	if let != 0 {
		t.Errorf("%d of 10 guesses from fresh addresses in the same instant were checked after %d failures, want 0", let, casework.FreeAccountFailures)
	}
	now = now.Add(time.Second)
	if _, err := svc.SignIn(ctx, "olu@council.example", "guess", "203.0.113.150", ""); foi.ErrorCode(err) != foi.EUNAUTH {
		t.Errorf("a guess a second later: %v, want it checked", err)
	}
	now = now.Add(time.Second)
	_, err = svc.SignIn(ctx, "olu@council.example", "guess", "203.0.113.151", "")
	if th, ok := throttled(err); !ok || th.RetryAfter != time.Second {
		t.Errorf("a guess a second after the seventh failure: %v, want 1 s more to wait (2 s after it)", err)
	}

	// The owner, from their own browser, signs in at once, even from the
	// guesser's address; a forged mark does not help.
	if _, err := svc.SignIn(ctx, "olu@council.example", pw, "203.0.113.1", device+"x"); err == nil {
		t.Error("a forged device mark let a sign-in past the lock")
	}
	if _, err := svc.SignIn(ctx, "olu@council.example", pw, "203.0.113.1", device); err != nil {
		t.Errorf("the owner on their known device: %v", err)
	}
}

// Attempts made at the same moment count each other: 25 wrong passwords
// in parallel are checked only MaxPairFailures times, and one address
// trying many accounts only MaxAddressFailures times.
func TestSignInThrottleHoldsUnderParallelAttempts(t *testing.T) {
	svc := newService(t)
	addStaff(t, svc, "olu@council.example", "correct horse battery staple")
	parallel := func(n int, email func(int) string, addr string) (checked, refused int) {
		var mu sync.Mutex
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := svc.SignIn(ctx, email(i), "guess", addr, "")
				mu.Lock()
				defer mu.Unlock()
				if foi.ErrorCode(err) == foi.EUNAUTH {
					checked++
				} else if _, ok := throttled(err); ok {
					refused++
				} else {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		return checked, refused
	}
	if checked, refused := parallel(25, func(int) string { return "olu@council.example" }, "203.0.113.1"); checked != casework.MaxPairFailures || refused != 25-casework.MaxPairFailures {
		t.Errorf("25 parallel wrong passwords: %d checked, %d refused; want %d checked", checked, refused, casework.MaxPairFailures)
	}
	if checked, _ := parallel(48, func(i int) string { return fmt.Sprintf("user%d@council.example", i) }, "203.0.113.2"); checked != casework.MaxAddressFailures {
		t.Errorf("48 parallel sign-ins to different accounts from one address: %d checked, want %d", checked, casework.MaxAddressFailures)
	}
}

// An IPv6 client has a whole /64: changing address inside it does not
// give a guesser new attempts.
func TestSignInThrottleCountsAnIPv6NetworkAsOneAddress(t *testing.T) {
	svc := newService(t)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, casework.UK)
	svc.Now = func() time.Time { return now }
	addStaff(t, svc, "olu@council.example", "correct horse battery staple")
	for i := range casework.MaxPairFailures {
		if _, err := svc.SignIn(ctx, "olu@council.example", "guess", fmt.Sprintf("2001:db8:1:2::%x", i+1), ""); foi.ErrorCode(err) != foi.EUNAUTH {
			t.Fatalf("guess %d: %v", i+1, err)
		}
	}
	now = now.Add(time.Minute) // past the account's delay: only the address's lock is left
	if _, err := svc.SignIn(ctx, "olu@council.example", "guess", "2001:db8:1:2:ffff::9", ""); err == nil || foi.ErrorCode(err) == foi.EUNAUTH {
		t.Errorf("a sixth guess from another address in the same /64 was checked: %v", err)
	}
}
