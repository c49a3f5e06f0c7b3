package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
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
type DeliveryError struct {
	Permanent bool
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
	msg := gomail.NewMsg()
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

// Send delivers one message. A nil error means the server accepted it.
func (s *Sender) Send(ctx context.Context, m *foi.OutboxMessage, now time.Time) error {
	msg, err := s.Build(m, now)
	if err != nil {
		return &DeliveryError{Permanent: true, Err: err}
	}
	c := s.Config
	opts := []gomail.Option{gomail.WithPort(c.Port), gomail.WithTimeout(c.Timeout)}
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
	client, err := gomail.NewClient(c.Host, opts...)
	if err != nil {
		return &DeliveryError{Permanent: true, Err: err}
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return &DeliveryError{Permanent: permanent(err), Err: err}
	}
	return nil
}

// permanent reports whether the server refused the message for good: a
// 5xx reply to the message (RFC 5321 §4.2.1). Anything else may succeed
// later: a 4xx, a dropped connection, a timeout, and a refused login (a
// 535 says our configuration is wrong, not the message, so the message
// waits until an administrator fixes DISCLOSE_SMTP).
func permanent(err error) bool {
	var se *gomail.SendError
	if errors.As(err, &se) {
		return se.ErrorCode() >= 500 && se.ErrorCode() < 600
	}
	return false
}

// errorText is a delivery error as staff see it: one line, no newlines.
func errorText(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

// TLSConfig verifies the server as host against roots (nil: the system's).
func TLSConfig(host string, roots *x509.CertPool) *tls.Config {
	return &tls.Config{ServerName: host, RootCAs: roots, MinVersion: tls.VersionTLS12}
}
