package casework

import (
	"cmp"
	"context"
	"crypto/rand"
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
	// MaxAccountFailures locks an account (for LoginWindow) against
	// guessing; MaxAddressFailures does the same for a client address
	// trying many accounts (password spraying).
	MaxAccountFailures = 5
	MaxAddressFailures = 30
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
	return fmt.Sprintf("Too many failed sign-in attempts. Try again in %d minutes.", int(e.RetryAfter.Minutes()+0.5))
}

// SignIn is the result of a correct password.
type SignIn struct {
	SessionID string // the cookie value; only its hash is stored
	User      *foi.User
	// NeedsSecondFactor: the session is pending until VerifySecondFactor.
	NeedsSecondFactor bool
}

// dummyHash is checked when no account matches, so that a wrong email
// takes as long as a wrong password and does not reveal who has an account.
var dummyHash, _ = auth.HashPassword("no account has this password")

func accountKey(email string) string { return "account:" + foi.NormaliseEmail(email) }
func addressKey(addr string) string  { return "address:" + addr }

// SignIn checks an email and password from a client address, throttling
// repeated failures per account and per address (counted in the database,
// so every process shares the count).
func (s *Service) SignIn(ctx context.Context, email, password, addr string) (*SignIn, error) {
	now := s.Now().UTC()
	if err := s.checkThrottle(ctx, email, addr, now); err != nil {
		return nil, err
	}
	u, err := s.Store.FindUserByEmail(ctx, email)
	if err != nil && !foi.IsNotFound(err) {
		return nil, err
	}
	ok := false
	if u != nil {
		ok = auth.CheckPassword(u.PasswordHash, password) && !u.Disabled
	} else {
		auth.CheckPassword(dummyHash, password)
	}
	if !ok {
		if err := s.recordFailure(ctx, EventSignInFailed, email, addr, now); err != nil {
			return nil, err
		}
		return nil, foi.Errorf(foi.EUNAUTH, "The email address or password is not correct")
	}
	_, secretErr := s.Store.FindTOTPSecret(ctx, u.ID)
	if secretErr != nil && !foi.IsNotFound(secretErr) {
		return nil, secretErr
	}
	pending := secretErr == nil
	id := newSessionID()
	err = s.Store.Update(ctx, func(tx foi.Tx) error {
		if err := tx.ClearLoginFailures(ctx, accountKey(u.Email)); err != nil {
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
	return &SignIn{SessionID: id, User: u, NeedsSecondFactor: pending}, nil
}

func (s *Service) checkThrottle(ctx context.Context, email, addr string, now time.Time) error {
	since := now.Add(-LoginWindow)
	n, err := s.Store.CountLoginFailures(ctx, accountKey(email), since)
	if err != nil {
		return err
	}
	m, err := s.Store.CountLoginFailures(ctx, addressKey(addr), since)
	if err != nil {
		return err
	}
	if n >= MaxAccountFailures || m >= MaxAddressFailures {
		return &ThrottledError{RetryAfter: LoginWindow}
	}
	return nil
}

func (s *Service) recordFailure(ctx context.Context, typ, email, addr string, now time.Time) error {
	return s.Store.Update(ctx, func(tx foi.Tx) error {
		if err := tx.AddLoginFailure(ctx, accountKey(email), now); err != nil {
			return err
		}
		if err := tx.AddLoginFailure(ctx, addressKey(addr), now); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{Type: typ, Actor: "sign-in form",
			Note: fmt.Sprintf("%s from %s", foi.NormaliseEmail(email), addr)})
	})
}

// VerifySecondFactor completes a pending sign-in with a TOTP code. The
// pending session is replaced by a new one (a fresh id), so an id seen
// before the second factor is worth nothing after it.
func (s *Service) VerifySecondFactor(ctx context.Context, pendingID, code, addr string) (*SignIn, error) {
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
	if err := s.checkThrottle(ctx, u.Email, addr, now); err != nil {
		return nil, err
	}
	secret, err := s.Store.FindTOTPSecret(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	step, ok := auth.MatchTOTP(secret, code, s.Now())
	if !ok {
		if err := s.recordFailure(ctx, EventSecondFactorFailed, u.Email, addr, now); err != nil {
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
		if err := tx.ClearLoginFailures(ctx, accountKey(u.Email)); err != nil {
			return err
		}
		if err := createSession(ctx, tx, &foi.Session{Hash: auth.HashToken(id), UserID: u.ID, CreatedAt: now}); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{Type: EventSignedIn, ActorID: u.ID, Actor: u.Name, Note: "with a second factor, from " + addr})
	})
	if errors.Is(err, errCodeUsed) {
		if err := s.recordFailure(ctx, EventSecondFactorFailed, u.Email, addr, now); err != nil {
			return nil, err
		}
		return nil, foi.Errorf(foi.EINVALID, "That security code has been used already: wait for the next one")
	}
	if err != nil {
		return nil, err
	}
	return &SignIn{SessionID: id, User: u}, nil
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

// EnableSecondFactor turns on TOTP for the actor, once they prove their
// app holds the secret by giving its current code. Other sessions of the
// user end, so a second factor protects every session from now on.
func (s *Service) EnableSecondFactor(ctx context.Context, actor *foi.User, secret, code, keepSessionID string) error {
	if err := require(actor, PermAccount, "set up a second factor"); err != nil {
		return err
	}
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
		if err := createSession(ctx, tx, &foi.Session{Hash: auth.HashToken(keepSessionID), UserID: actor.ID}); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{Type: EventSecondFactorOn, ActorID: actor.ID, Actor: actor.Name})
	})
}

// DisableSecondFactor turns off a user's TOTP: their own, or anyone's for
// an administrator (a lost phone).
func (s *Service) DisableSecondFactor(ctx context.Context, actor *foi.User, userID int64) error {
	if err := require(actor, PermAccount, "change a second factor"); err != nil {
		return err
	}
	if actor.ID != userID && !Can(actor, PermAdminister) {
		return foi.Errorf(foi.EFORBIDDEN, "only an administrator may remove someone else's second factor")
	}
	return s.Store.Update(ctx, func(tx foi.Tx) error {
		if err := tx.SetTOTPSecret(ctx, userID, ""); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{Type: EventSecondFactorOff, ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("for user %d", userID)})
	})
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
