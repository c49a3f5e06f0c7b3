// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"disclose/internal/auth"
	"disclose/internal/foi"
)

// Session and sign-in rules. Sessions live in the database, so any process
// behind a load balancer can serve any signed-in request.
const (
	// SessionIdle ends a session nobody has used for this long: a screen
	// left unlocked at lunch should not stay signed in all afternoon.
	SessionIdle = 2 * time.Hour
	// SessionAbsolute ends every session after a working day, however busy.
	SessionAbsolute = 12 * time.Hour
	// secondFactorWindow is how long a correct password waits for its code.
	secondFactorWindow = 10 * time.Minute
	// touchEvery limits last-seen writes to one a minute per session.
	touchEvery = time.Minute

	// LoginWindow is the period over which failed sign-ins are counted.
	LoginWindow = 15 * time.Minute
	// MaxPairFailures locks one account against one client address, or
	// against one known device, for LoginWindow: a guesser there is
	// stopped, and the owner elsewhere (or on their own device) is not.
	MaxPairFailures = 5
	// MaxAddressFailures does the same for a client address trying many
	// accounts (password spraying). Known devices are not counted in it,
	// so one address shared by an office cannot be locked for everyone.
	MaxAddressFailures = 30
	// FreeAccountFailures of one account from anywhere in LoginWindow are
	// free; after that each attempt from a device the account has not
	// signed in on must wait twice as long as the last (1 s, 2 s, 4 s, …,
	// at most LoginWindow), so guessing from many addresses is slowed
	// without locking the owner, who signs in from a known device.
	FreeAccountFailures = 5
	// KnownDeviceAge is how long a browser stays known after a sign-in.
	KnownDeviceAge = 400 * 24 * time.Hour
)

// Audit event types of signing in and out (no request).
const (
	EventSignedIn           = "signed-in"
	EventSignInFailed       = "sign-in-failed"
	EventSignedOut          = "signed-out"
	EventSecondFactorOn     = "second-factor-enabled"
	EventSecondFactorOff    = "second-factor-disabled"
	EventSecondFactorFailed = "second-factor-failed"
)

// ThrottledError refuses a sign-in after too many failures.
type ThrottledError struct{ RetryAfter time.Duration }

func (e *ThrottledError) Error() string {
	if e.RetryAfter < time.Minute {
		return fmt.Sprintf("Too many failed sign-in attempts. Try again in %d seconds.", int(e.RetryAfter.Seconds()+0.999))
	}
	return fmt.Sprintf("Too many failed sign-in attempts. Try again in %d minutes.", int(e.RetryAfter.Minutes()+0.999))
}

// SignIn is the result of a correct password.
type SignIn struct {
	SessionID string // the cookie value; only its hash is stored
	User      *foi.User
	// NeedsSecondFactor: the session is pending until VerifySecondFactor.
	NeedsSecondFactor bool
	// Device marks the browser as a known device of the user (a cookie
	// for KnownDeviceAge), once signed in fully.
	Device string
}

// dummyHash is checked when no account matches, so that a wrong email
// takes as long as a wrong password and does not reveal who has an account.
var dummyHash, _ = auth.HashPassword("no account has this password")

func accountKey(email string) string { return "account:" + foi.NormaliseEmail(email) }
func addressKey(addr string) string  { return "address:" + addr }
func pairKey(email, addr string) string {
	return "pair:" + foi.NormaliseEmail(email) + " " + addr
}
func deviceKey(email string) string { return "device:" + foi.NormaliseEmail(email) }

// DeviceToken is the known-device mark of u: an HMAC keyed by their
// password hash, which never leaves the database, so it cannot be forged,
// needs no table, and is forgotten when the password changes.
func DeviceToken(u *foi.User) string {
	m := hmac.New(sha256.New, []byte(u.PasswordHash))
	fmt.Fprintf(m, "disclose known device %d", u.ID)
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func knownDevice(u *foi.User, device string) bool {
	return u != nil && device != "" && u.PasswordHash != "" && hmac.Equal([]byte(device), []byte(DeviceToken(u)))
}

// attempt is one sign-in attempt's claims on the throttle's counters.
type attempt struct {
	email, addr string
	known       bool  // from a known device of the account
	addressID   int64 // its claim on the address counter, withdrawn on success
}

// claimAttempt counts an attempt against its limits before the password
// or code is checked, in one transaction that serialises with every other
// attempt's (foi.StaffTx.ClaimLoginAttempt), so attempts made in parallel
// count each other. A refused attempt records nothing.
func (s *Service) claimAttempt(ctx context.Context, email, addr string, known bool, now time.Time) (*attempt, error) {
	// Counted by ClientKey, so an IPv6 client cannot rotate through its /64.
	addr = ClientKey(addr)
	a := &attempt{email: email, addr: addr, known: known}
	since := now.Add(-LoginWindow)
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		if known {
			c, err := tx.ClaimLoginAttempt(ctx, deviceKey(email), now, since)
			if err != nil {
				return err
			}
			if c.Earlier >= MaxPairFailures {
				return &ThrottledError{RetryAfter: LoginWindow}
			}
			return nil
		}
		c, err := tx.ClaimLoginAttempt(ctx, addressKey(addr), now, since)
		if err != nil {
			return err
		}
		if c.Earlier >= MaxAddressFailures {
			return &ThrottledError{RetryAfter: LoginWindow}
		}
		a.addressID = c.ID
		if c, err = tx.ClaimLoginAttempt(ctx, pairKey(email, addr), now, since); err != nil {
			return err
		}
		if c.Earlier >= MaxPairFailures {
			return &ThrottledError{RetryAfter: LoginWindow}
		}
		if c, err = tx.ClaimLoginAttempt(ctx, accountKey(email), now, since); err != nil {
			return err
		}
		if wait := accountDelay(c.Earlier) - now.Sub(c.Latest); c.Earlier >= FreeAccountFailures && wait > 0 {
			return &ThrottledError{RetryAfter: wait}
		}
		return nil
	})
	return a, err
}

// accountDelay is how long after the last failure of an account an attempt
// from an unknown device must wait, having had n failures in the window.
func accountDelay(n int) time.Duration {
	if n < FreeAccountFailures {
		return 0
	}
	if n-FreeAccountFailures >= 10 {
		return LoginWindow
	}
	return min(LoginWindow, time.Second<<(n-FreeAccountFailures))
}

// succeeded settles a successful attempt inside tx: the account's failures
// are forgotten, and the attempt no longer counts against its address.
func (a *attempt) succeeded(ctx context.Context, tx foi.Tx) error {
	for _, key := range []string{accountKey(a.email), pairKey(a.email, a.addr), deviceKey(a.email)} {
		if err := tx.ClearLoginFailures(ctx, key); err != nil {
			return err
		}
	}
	if a.addressID != 0 {
		return tx.WithdrawLoginAttempt(ctx, a.addressID)
	}
	return nil
}

// SignIn checks an email and password from a client address, throttling
// repeated failures (claimAttempt: per account and address, per address,
// and with a growing delay per account for unknown devices; counted in
// the database, so every process shares the count). device is the
// browser's known-device mark (SignIn.Device of an earlier sign-in), or "".
func (s *Service) SignIn(ctx context.Context, email, password, addr, device string) (*SignIn, error) {
	now := s.Now().UTC()
	u, err := s.Store.FindUserByEmail(ctx, email)
	if err != nil && !foi.IsNotFound(err) {
		return nil, err
	}
	if foi.IsNotFound(err) {
		u = nil
	}
	a, err := s.claimAttempt(ctx, email, addr, knownDevice(u, device), now)
	if err != nil {
		return nil, err
	}
	ok := false
	if u != nil {
		ok = u.HasPassword() && auth.CheckPassword(u.PasswordHash, password) && !u.Disabled
	} else {
		auth.CheckPassword(dummyHash, password)
	}
	if !ok {
		if err := s.recordFailure(ctx, EventSignInFailed, email, addr); err != nil {
			return nil, err
		}
		return nil, foi.Errorf(foi.EUNAUTH, "The email address or password is not correct")
	}
	if s.PasswordSignInOff && !u.BreakGlass {
		// Said only to someone who knew the password, so it tells a
		// stranger nothing about who has an account.
		if err := s.recordFailure(ctx, EventSignInFailed, email, addr); err != nil {
			return nil, err
		}
		return nil, foi.Errorf(foi.EUNAUTH, "Password sign-in is turned off: sign in with your organisation's account")
	}
	_, secretErr := s.Store.FindTOTPSecret(ctx, u.ID)
	if secretErr != nil && !foi.IsNotFound(secretErr) {
		return nil, secretErr
	}
	pending := secretErr == nil
	id := newSessionID()
	err = s.Store.Update(ctx, func(tx foi.Tx) error {
		if err := a.succeeded(ctx, tx); err != nil {
			return err
		}
		if err := createSession(ctx, tx, &foi.Session{Hash: auth.HashToken(id), UserID: u.ID, CreatedAt: now, Pending: pending}); err != nil {
			return err
		}
		if pending {
			return nil // audited once the second factor is checked
		}
		return tx.AddEvent(ctx, &foi.Event{Type: EventSignedIn, ActorID: u.ID, Actor: u.Name, Note: "from " + addr})
	})
	if err != nil {
		return nil, err
	}
	in := &SignIn{SessionID: id, User: u, NeedsSecondFactor: pending}
	if !pending {
		in.Device = DeviceToken(u)
	}
	return in, nil
}

// recordFailure audits a failed attempt; claimAttempt has already counted
// it.
func (s *Service) recordFailure(ctx context.Context, typ, email, addr string) error {
	return s.Store.Update(ctx, func(tx foi.Tx) error {
		return tx.AddEvent(ctx, &foi.Event{Type: typ, Actor: "sign-in form",
			Note: fmt.Sprintf("%s from %s", foi.NormaliseEmail(email), addr)})
	})
}

// VerifySecondFactor completes a pending sign-in with a TOTP code. The
// pending session is replaced by a new one (a fresh id), so an id seen
// before the second factor is worth nothing after it.
func (s *Service) VerifySecondFactor(ctx context.Context, pendingID, code, addr, device string) (*SignIn, error) {
	now := s.Now().UTC()
	sess, err := s.Store.FindSession(ctx, auth.HashToken(pendingID))
	if foi.IsNotFound(err) || (err == nil && (!sess.Pending || now.Sub(sess.CreatedAt) > secondFactorWindow)) {
		return nil, foi.Errorf(foi.EUNAUTH, "Sign in again: the sign-in has expired")
	}
	if err != nil {
		return nil, err
	}
	u, err := s.Store.FindUser(ctx, sess.UserID)
	if err != nil {
		return nil, err
	}
	a, err := s.claimAttempt(ctx, u.Email, addr, knownDevice(u, device), now)
	if err != nil {
		return nil, err
	}
	secret, err := s.Store.FindTOTPSecret(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	step, ok := auth.MatchTOTP(secret, code, s.Now())
	if !ok {
		if err := s.recordFailure(ctx, EventSecondFactorFailed, u.Email, addr); err != nil {
			return nil, err
		}
		return nil, foi.Errorf(foi.EINVALID, "The security code is not correct")
	}
	id := newSessionID()
	err = s.Store.Update(ctx, func(tx foi.Tx) error {
		// A code works once: someone who saw it typed cannot use it again
		// in the minute it stays valid.
		if fresh, err := tx.UseTOTPStep(ctx, u.ID, step); err != nil || !fresh {
			return cmp.Or(err, errCodeUsed)
		}
		if err := tx.DeleteSession(ctx, sess.Hash); err != nil {
			return err
		}
		if err := a.succeeded(ctx, tx); err != nil {
			return err
		}
		if err := createSession(ctx, tx, &foi.Session{Hash: auth.HashToken(id), UserID: u.ID, CreatedAt: now}); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{Type: EventSignedIn, ActorID: u.ID, Actor: u.Name, Note: "with a second factor, from " + addr})
	})
	if errors.Is(err, errCodeUsed) {
		if err := s.recordFailure(ctx, EventSecondFactorFailed, u.Email, addr); err != nil {
			return nil, err
		}
		return nil, foi.Errorf(foi.EINVALID, "That security code has been used already: wait for the next one")
	}
	if err != nil {
		return nil, err
	}
	return &SignIn{SessionID: id, User: u, Device: DeviceToken(u)}, nil
}

// errCodeUsed is a second-factor code used before, found inside the
// sign-in transaction (which it rolls back).
var errCodeUsed = errors.New("security code used already")

// SessionUser returns the member of staff a session id belongs to. An
// expired session (idle or absolute) is removed and refused; a pending one
// is refused unless pendingOK.
func (s *Service) SessionUser(ctx context.Context, id string, pendingOK bool) (*foi.User, error) {
	if id == "" {
		return nil, foi.Errorf(foi.EUNAUTH, "sign in to continue")
	}
	now := s.Now().UTC()
	hash := auth.HashToken(id)
	sess, err := s.Store.FindSession(ctx, hash)
	if foi.IsNotFound(err) {
		return nil, foi.Errorf(foi.EUNAUTH, "sign in to continue")
	}
	if err != nil {
		return nil, err
	}
	if now.Sub(sess.LastSeenAt) > SessionIdle || now.Sub(sess.CreatedAt) > SessionAbsolute {
		if err := s.Store.Update(ctx, func(tx foi.Tx) error { return tx.DeleteSession(ctx, hash) }); err != nil {
			return nil, err
		}
		return nil, foi.Errorf(foi.EUNAUTH, "Your session has expired: sign in again")
	}
	if sess.Pending && !pendingOK {
		return nil, foi.Errorf(foi.EUNAUTH, "enter your security code to finish signing in")
	}
	u, err := s.Store.FindUser(ctx, sess.UserID)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, foi.Errorf(foi.EUNAUTH, "this account is disabled")
	}
	if now.Sub(sess.LastSeenAt) > touchEvery {
		if err := s.Store.Update(ctx, func(tx foi.Tx) error { return tx.TouchSession(ctx, hash, now) }); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// SignOut ends a session.
func (s *Service) SignOut(ctx context.Context, actor *foi.User, id string) error {
	return s.Store.Update(ctx, func(tx foi.Tx) error {
		if err := tx.DeleteSession(ctx, auth.HashToken(id)); err != nil {
			return err
		}
		if actor == nil {
			return nil
		}
		return tx.AddEvent(ctx, &foi.Event{Type: EventSignedOut, ActorID: actor.ID, Actor: actor.Name})
	})
}

// OfferSecondFactor returns the secret offered to a session for setting
// up a second factor, making one on the server the first time: the
// browser only shows it, and EnableSecondFactor takes it from the session,
// never from the form, so nobody can choose a secret they already know.
func (s *Service) OfferSecondFactor(ctx context.Context, actor *foi.User, sessionID string) (string, error) {
	if err := require(actor, PermAccount, "set up a second factor"); err != nil {
		return "", err
	}
	hash := auth.HashToken(sessionID)
	sess, err := s.Store.FindSession(ctx, hash)
	if err != nil {
		return "", err
	}
	if sess.UserID != actor.ID {
		return "", foi.Errorf(foi.EFORBIDDEN, "that session is not yours")
	}
	if sess.TOTPOffer != "" {
		return sess.TOTPOffer, nil
	}
	secret := auth.NewTOTPSecret()
	err = s.Store.Update(ctx, func(tx foi.Tx) error { return tx.SetSessionTOTPOffer(ctx, hash, secret) })
	return secret, err
}

// EnableSecondFactor turns on TOTP for the actor with the secret offered
// to their session (OfferSecondFactor), once they prove their app holds it
// by giving its current code. Other sessions of the user end, so a second
// factor protects every session from now on.
func (s *Service) EnableSecondFactor(ctx context.Context, actor *foi.User, sessionID, code string) error {
	if err := require(actor, PermAccount, "set up a second factor"); err != nil {
		return err
	}
	sess, err := s.Store.FindSession(ctx, auth.HashToken(sessionID))
	if err != nil {
		return err
	}
	if sess.UserID != actor.ID || sess.TOTPOffer == "" {
		return foi.Errorf(foi.EINVALID, "Open your account page again: it will show a new secret to add to your app")
	}
	secret := sess.TOTPOffer
	step, ok := auth.MatchTOTP(secret, code, s.Now())
	if !ok {
		return foi.Errorf(foi.EINVALID, "The security code is not correct: check the time on your phone and try the current code")
	}
	return s.Store.Update(ctx, func(tx foi.Tx) error {
		if err := tx.SetTOTPSecret(ctx, actor.ID, secret); err != nil {
			return err
		}
		// The code that proved the app is spent: it cannot also sign in.
		if _, err := tx.UseTOTPStep(ctx, actor.ID, step); err != nil {
			return err
		}
		if err := tx.DeleteUserSessions(ctx, actor.ID); err != nil {
			return err
		}
		if err := createSession(ctx, tx, &foi.Session{Hash: sess.Hash, UserID: actor.ID}); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{Type: EventSecondFactorOn, ActorID: actor.ID, Actor: actor.Name})
	})
}

// DisableSecondFactor turns off a user's TOTP: their own, or anyone's for
// an administrator (a lost phone). Either way the actor proves it is them
// at the keyboard, with their own password or a current code from their
// own app: a session left open is not enough to weaken an account.
func (s *Service) DisableSecondFactor(ctx context.Context, actor *foi.User, userID int64, password, code string) error {
	if err := require(actor, PermAccount, "change a second factor"); err != nil {
		return err
	}
	if actor.ID != userID && !Can(actor, PermAdminister) {
		return foi.Errorf(foi.EFORBIDDEN, "only an administrator may remove someone else's second factor")
	}
	var step int64
	switch {
	case password != "":
		if !auth.CheckPassword(actor.PasswordHash, password) {
			return foi.Errorf(foi.EINVALID, "The password is not correct")
		}
	case code != "":
		secret, err := s.Store.FindTOTPSecret(ctx, actor.ID)
		if foi.IsNotFound(err) {
			return foi.Errorf(foi.EINVALID, "You have no second factor of your own: confirm with your password")
		}
		if err != nil {
			return err
		}
		var ok bool
		if step, ok = auth.MatchTOTP(secret, code, s.Now()); !ok {
			return foi.Errorf(foi.EINVALID, "The security code is not correct")
		}
	default:
		return foi.Errorf(foi.EINVALID, "Enter your password or a current security code to confirm")
	}
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		if step != 0 {
			if fresh, err := tx.UseTOTPStep(ctx, actor.ID, step); err != nil || !fresh {
				return cmp.Or(err, errCodeUsed)
			}
		}
		if err := tx.SetTOTPSecret(ctx, userID, ""); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{Type: EventSecondFactorOff, ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("for user %d", userID)})
	})
	if errors.Is(err, errCodeUsed) {
		return foi.Errorf(foi.EINVALID, "That security code has been used already: wait for the next one")
	}
	return err
}

// HasSecondFactor reports whether a user has TOTP turned on.
func (s *Service) HasSecondFactor(ctx context.Context, userID int64) (bool, error) {
	_, err := s.Store.FindTOTPSecret(ctx, userID)
	if foi.IsNotFound(err) {
		return false, nil
	}
	return err == nil, err
}

func newSessionID() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// createSession checks and stores a new session.
func createSession(ctx context.Context, tx foi.Tx, sess *foi.Session) error {
	if err := sess.Validate(); err != nil {
		return err
	}
	return tx.CreateSession(ctx, sess)
}

// PruneSignInFailures forgets the failed sign-ins older than the
// throttle's window: they hold the email and IP addresses tried, and
// count for nothing once out of it (UK GDPR art. 5(1)(e)). Each attempt
// already drops its own key's old records; this removes the rest (keys
// never tried again). `disclose retention` runs it.
func (s *Service) PruneSignInFailures(ctx context.Context) (int64, error) {
	var n int64
	err := s.Store.Update(ctx, func(tx foi.Tx) error {
		var err error
		n, err = tx.PruneLoginFailures(ctx, s.Now().Add(-LoginWindow))
		return err
	})
	return n, err
}
