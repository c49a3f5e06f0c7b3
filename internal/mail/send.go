// SPDX-License-Identifier: AGPL-3.0-or-later

package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	nettextproto "net/textproto"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"disclose/internal/foi"
)

// SMTP is where outgoing mail is handed over, from DISCLOSE_SMTP:
//
//	smtp://user:pass@host:587   STARTTLS required, then authentication
//	smtps://user:pass@host:465  TLS from the first byte, then authentication
//	smtp://host:25              a local relay: STARTTLS if offered, no authentication
type SMTP struct {
	Host     string
	Port     int
	Username string
	Password string
	Implicit bool        // smtps: TLS from the first byte
	TLS      *tls.Config // nil means the system's roots for Host
	Timeout  time.Duration
}

// ParseSMTP reads a DISCLOSE_SMTP URL.
func ParseSMTP(raw string) (*SMTP, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Hostname() == "" {
		return nil, fmt.Errorf("DISCLOSE_SMTP %q is not a URL like smtp://user:pass@host:587", redact(raw))
	}
	s := &SMTP{Host: u.Hostname(), Timeout: 30 * time.Second}
	switch u.Scheme {
	case "smtp":
		s.Port = 587
	case "smtps":
		s.Port, s.Implicit = 465, true
	default:
		return nil, fmt.Errorf("DISCLOSE_SMTP scheme %q: want smtp:// (STARTTLS) or smtps:// (implicit TLS)", u.Scheme)
	}
	if p := u.Port(); p != "" {
		if s.Port, err = strconv.Atoi(p); err != nil || s.Port <= 0 || s.Port > 65535 {
			return nil, fmt.Errorf("DISCLOSE_SMTP port %q is not a port", p)
		}
	}
	if u.User != nil {
		s.Username = u.User.Username()
		s.Password, _ = u.User.Password()
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
		return nil, fmt.Errorf("DISCLOSE_SMTP %q: unexpected path or query", redact(raw))
	}
	return s, nil
}

// redact hides a password in a URL for error messages and logs.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// String describes the server without the password.
func (s *SMTP) String() string {
	scheme := "smtp"
	if s.Implicit {
		scheme = "smtps"
	}
	user := ""
	if s.Username != "" {
		user = s.Username + "@"
	}
	return fmt.Sprintf("%s://%s%s:%d", scheme, user, s.Host, s.Port)
}

// DeliveryError is a failed delivery. Permanent means the server refused
// the message for good (a 5xx reply, or a message that cannot be built):
// retrying would fail the same way, so staff must act.
//
// InDoubt means the server was sent the whole message but its answer never
// came (the connection dropped, or the time ran out): it may have accepted
// the message. Sending again could deliver it twice, so staff decide.
type DeliveryError struct {
	Permanent bool
	InDoubt   bool
	Err       error
}

func (e *DeliveryError) Error() string { return e.Err.Error() }
func (e *DeliveryError) Unwrap() error { return e.Err }

// Sender delivers outbox messages over SMTP.
type Sender struct {
	Config    *SMTP
	Addresses *Addresses
}

// Build turns an outbox message into the MIME message that is sent: plain
// text with an HTML alternative, the attachments, and the Message-ID made
// from the idempotency key.
func (s *Sender) Build(m *foi.OutboxMessage, now time.Time) (*gomail.Msg, error) {
	// No User-Agent or X-Mailer: naming the software and its version only
	// tells an attacker what to try against the council's mail.
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := msg.From(m.From); err != nil {
		return nil, fmt.Errorf("From %q: %w", m.From, err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("To %q: %w", m.To, err)
	}
	if m.ReplyTo != "" {
		if err := msg.ReplyTo(m.ReplyTo); err != nil {
			return nil, fmt.Errorf("Reply-To %q: %w", m.ReplyTo, err)
		}
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(s.Addresses.MessageID(m.Key))
	msg.SetDateWithValue(now)
	if m.Kind == foi.EmailAcknowledgement {
		// RFC 3834: an automatic acknowledgement, so that out-of-office
		// responders do not answer it and start a loop.
		msg.SetGenHeader("Auto-Submitted", "auto-replied")
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	for _, a := range m.Attachments {
		opts := []gomail.FileOption{}
		if a.ContentType != "" {
			opts = append(opts, gomail.WithFileContentType(gomail.ContentType(a.ContentType)))
		}
		msg.AttachReadSeeker(a.Filename, bytes.NewReader(a.Data), opts...)
	}
	return msg, nil
}

// Handover lets the worker record each step of a delivery before the next
// one starts, so that a crash leaves a record of how far it got.
type Handover struct {
	// Data is called just before the message's content goes to the server
	// (after its 354 reply to DATA). Until then the server cannot have the
	// message, so a crash before this is committed leaves it safe to send
	// again. If Data fails, the content is never sent.
	Data func() error
	// Accepted is called the moment the server accepts the message (its
	// 250 reply to the end of the content), before the connection is
	// closed, so that the record of sending waits on nothing else.
	Accepted func()
}

// Send delivers one message. A nil error means the server accepted it and
// h.Accepted was called; a *DeliveryError says whether to retry.
func (s *Sender) Send(ctx context.Context, m *foi.OutboxMessage, now time.Time, h Handover) error {
	msg, err := s.Build(m, now)
	if err != nil {
		return &DeliveryError{Permanent: true, Err: err}
	}
	from, err := msg.GetSender(false)
	if err != nil {
		return &DeliveryError{Permanent: true, Err: err}
	}
	rcpts, err := msg.GetRecipients()
	if err != nil {
		return &DeliveryError{Permanent: true, Err: err}
	}
	// One deadline for the whole conversation: a worker must finish (or
	// give up) while it still holds the message's lease.
	c := s.Config
	budget := c.Timeout
	if d, ok := ctx.Deadline(); ok {
		budget = min(budget, time.Until(d))
	}
	if budget <= 0 {
		return &DeliveryError{Err: context.DeadlineExceeded}
	}
	deadline := time.Now().Add(budget)
	client, err := s.client(budget)
	if err != nil {
		return &DeliveryError{Permanent: true, Err: err}
	}
	conn, err := client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return &DeliveryError{Err: fmt.Errorf("connecting to %s: %w", c, err)}
	}
	defer conn.Close()
	if err := conn.UpdateDeadline(time.Until(deadline)); err != nil {
		return &DeliveryError{Err: err}
	}
	if err := conn.Mail(from); err != nil {
		return replyError("MAIL FROM", err)
	}
	for _, r := range rcpts {
		if err := conn.Rcpt(r); err != nil {
			return replyError("RCPT TO "+r, err)
		}
	}
	w, err := conn.Data()
	if err != nil {
		return replyError("DATA", err)
	}
	// The server waits for the content (354). Once it is sent the server
	// may end up with the message, so the hand-over is committed first;
	// if that fails the connection closes with no content and the server
	// discards the transaction.
	if h.Data != nil {
		if err := h.Data(); err != nil {
			return &DeliveryError{Err: fmt.Errorf("recording the hand-over: %w", err)}
		}
	}
	if _, err := msg.WriteTo(w); err != nil {
		// The content did not all arrive, so the server discards it.
		return &DeliveryError{Err: fmt.Errorf("writing the message: %w", err)}
	}
	if err := w.Close(); err != nil {
		var reply *nettextproto.Error
		if errors.As(err, &reply) {
			return replyError("end of DATA", err)
		}
		// The server had the whole message and its answer never came:
		// it may have accepted it.
		return &DeliveryError{InDoubt: true, Err: fmt.Errorf("no answer after the message was sent: %w", err)}
	}
	if h.Accepted != nil {
		h.Accepted()
	}
	_ = conn.Quit() // the message is accepted; how the session ends no longer matters
	return nil
}

// client configures go-mail for one connection within budget.
func (s *Sender) client(budget time.Duration) (*gomail.Client, error) {
	c := s.Config
	opts := []gomail.Option{gomail.WithPort(c.Port), gomail.WithTimeout(budget)}
	tlsConfig := c.TLS
	if tlsConfig == nil {
		tlsConfig = &tls.Config{ServerName: c.Host, MinVersion: tls.VersionTLS12}
	}
	opts = append(opts, gomail.WithTLSConfig(tlsConfig))
	switch {
	case c.Implicit:
		opts = append(opts, gomail.WithSSL())
	case c.Username != "":
		// Credentials never cross the network in clear.
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	}
	if c.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(c.Username), gomail.WithPassword(c.Password))
	}
	return gomail.NewClient(c.Host, opts...)
}

// replyError is a failed command: a 5xx reply refuses the message for good
// (RFC 5321 §4.2.1); anything else (a 4xx, a lost connection) may succeed
// later. Before the end of DATA the server cannot have the message.
func replyError(command string, err error) error {
	var reply *nettextproto.Error
	perm := errors.As(err, &reply) && reply.Code >= 500 && reply.Code < 600
	return &DeliveryError{Permanent: perm, Err: fmt.Errorf("%s: %w", command, err)}
}

// errorText is a delivery error as staff see it: one line, no newlines.
func errorText(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

// TLSConfig verifies the server as host against roots (nil: the system's).
func TLSConfig(host string, roots *x509.CertPool) *tls.Config {
	return &tls.Config{ServerName: host, RootCAs: roots, MinVersion: tls.VersionTLS12}
}
