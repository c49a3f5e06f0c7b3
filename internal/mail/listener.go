// SPDX-License-Identifier: AGPL-3.0-or-later

package mail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/emersion/go-smtp"

	"disclose/internal/foi"
)

// Listener is an SMTP server for the FOI mailbox and the case addresses.
// It accepts mail only for those addresses (others are refused at RCPT
// time), and answers 250 to DATA only once the raw message is committed
// to the store.
type Listener struct {
	Inbox  *Inbox
	Domain string // announced in the greeting
	Log    *slog.Logger
	Now    func() time.Time

	server *smtp.Server
}

// Serve accepts connections on ln until Close.
func (l *Listener) Serve(ln net.Listener) error {
	s := smtp.NewServer(&backend{l: l})
	s.Domain = l.Domain
	s.MaxMessageBytes = MaxMessageBytes
	s.MaxRecipients = 50
	s.ReadTimeout = 5 * time.Minute
	s.WriteTimeout = time.Minute
	s.ErrorLog = slogLogger{l.Log}
	l.server = s
	err := s.Serve(ln)
	if errors.Is(err, smtp.ErrServerClosed) {
		return nil
	}
	return err
}

// Close stops the server.
func (l *Listener) Close() error {
	if l.server == nil {
		return nil
	}
	return l.server.Close()
}

// Shutdown stops accepting connections and waits for the sessions open to
// end (a message being sent is committed and answered 250 first), until
// ctx is done, when it closes the ones left. A session that is only
// connected, between messages, is waited for too: SMTP has no way to ask a
// client to leave.
func (l *Listener) Shutdown(ctx context.Context) error {
	if l.server == nil {
		return nil
	}
	err := l.server.Shutdown(ctx)
	if ctx.Err() != nil {
		l.server.Close()
	}
	if errors.Is(err, smtp.ErrServerClosed) {
		return nil
	}
	return err
}

type slogLogger struct{ log *slog.Logger }

func (s slogLogger) Printf(format string, v ...any) {
	s.log.Warn("smtp", "msg", strings.TrimSpace(fmt.Sprintf(format, v...)))
}
func (s slogLogger) Println(v ...any) {
	s.log.Warn("smtp", "msg", strings.TrimSpace(fmt.Sprintf("%v", v...)))
}

type backend struct{ l *Listener }

func (b *backend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &session{l: b.l}, nil
}

type session struct {
	l    *Listener
	from string
	to   []string
}

var errUnknownRecipient = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1},
	Message: "No such mailbox here"}

func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if _, _, ok := s.l.Inbox.Addresses.Recipient(to); !ok {
		return errUnknownRecipient
	}
	s.to = append(s.to, strings.ToLower(to))
	return nil
}

func (s *session) Data(r io.Reader) error {
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, r); err != nil {
		return err // too large, or the connection broke: nothing is stored
	}
	now := time.Now
	if s.l.Now != nil {
		now = s.l.Now
	}
	m := &foi.InboundMessage{Raw: buf.Bytes(), ReceivedAt: now(), EnvelopeFrom: s.from, EnvelopeTo: s.to}
	if err := s.l.Inbox.Keep(context.Background(), m); err != nil {
		s.l.Log.Error("storing inbound email", "err", err)
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0},
			Message: "Could not store the message; please try again later"}
	}
	return nil
}
