// SPDX-License-Identifier: AGPL-3.0-or-later

package mail

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"disclose/internal/foi"
)

// IMAP is a mailbox to poll, from --imap:
//
//	imaps://user:pass@host[:993]/INBOX   TLS from the first byte
//	imap://user:pass@host[:143]/INBOX    STARTTLS required, except on loopback
type IMAP struct {
	Addr     string // host:port
	Host     string
	Username string
	Password string
	Mailbox  string
	Implicit bool
	TLS      *tls.Config // nil: the system's roots for Host
}

// ParseIMAP reads an --imap URL.
func ParseIMAP(raw string) (*IMAP, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return nil, fmt.Errorf("--imap %q is not a URL like imaps://user:pass@host/INBOX", redact(raw))
	}
	c := &IMAP{Host: u.Hostname(), Mailbox: strings.TrimPrefix(u.Path, "/")}
	port := u.Port()
	switch u.Scheme {
	case "imaps":
		c.Implicit = true
		if port == "" {
			port = "993"
		}
	case "imap":
		if port == "" {
			port = "143"
		}
	default:
		return nil, fmt.Errorf("--imap scheme %q: want imaps:// or imap:// (STARTTLS)", u.Scheme)
	}
	c.Addr = net.JoinHostPort(c.Host, port)
	if u.User == nil || u.User.Username() == "" {
		return nil, fmt.Errorf("--imap %q names no user", redact(raw))
	}
	c.Username = u.User.Username()
	c.Password, _ = u.User.Password()
	if c.Mailbox == "" {
		c.Mailbox = "INBOX"
	}
	return c, nil
}

func (c *IMAP) String() string {
	scheme := "imap"
	if c.Implicit {
		scheme = "imaps"
	}
	return fmt.Sprintf("%s://%s@%s/%s", scheme, c.Username, c.Addr, c.Mailbox)
}

// Poller fetches unseen messages from a mailbox (Exchange, Microsoft 365,
// any IMAP server) into the Inbox. Each message is stored, keyed by the
// mailbox's UIDVALIDITY and the message's UID, and only then flagged
// \Seen: a crash in between fetches it again and stores nothing new.
type Poller struct {
	Config *IMAP
	Inbox  *Inbox
	Log    *slog.Logger
	Now    func() time.Time
}

// Run polls every interval until ctx is cancelled.
func (p *Poller) Run(ctx context.Context, interval time.Duration) {
	for {
		if n, err := p.Poll(ctx); err != nil && ctx.Err() == nil {
			p.Log.Warn("imap poll", "mailbox", p.Config.String(), "err", err)
		} else if n > 0 {
			p.Log.Info("imap poll", "mailbox", p.Config.String(), "stored", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}

func (p *Poller) dial() (*imapclient.Client, error) {
	c := p.Config
	opts := &imapclient.Options{TLSConfig: c.TLS, Dialer: &net.Dialer{Timeout: 30 * time.Second}}
	if opts.TLSConfig == nil {
		opts.TLSConfig = TLSConfig(c.Host, nil)
	}
	switch {
	case c.Implicit:
		return imapclient.DialTLS(c.Addr, opts)
	case isLoopback(c.Host):
		return imapclient.DialInsecure(c.Addr, opts)
	}
	return imapclient.DialStartTLS(c.Addr, opts)
}

func isLoopback(host string) bool {
	ip := net.ParseIP(host)
	return host == "localhost" || (ip != nil && ip.IsLoopback())
}

// Poll stores every unseen message once and marks it seen, returning how
// many it stored.
func (p *Poller) Poll(ctx context.Context) (int, error) {
	client, err := p.dial()
	if err != nil {
		return 0, err
	}
	defer client.Close()
	go func() { <-ctx.Done(); client.Close() }()
	if err := client.Login(p.Config.Username, p.Config.Password).Wait(); err != nil {
		return 0, fmt.Errorf("login: %w", err)
	}
	sel, err := client.Select(p.Config.Mailbox, nil).Wait()
	if err != nil {
		return 0, fmt.Errorf("select %s: %w", p.Config.Mailbox, err)
	}
	found, err := client.UIDSearch(&imap.SearchCriteria{NotFlag: []imap.Flag{imap.FlagSeen}}, nil).Wait()
	if err != nil {
		return 0, fmt.Errorf("search: %w", err)
	}
	stored := 0
	body := &imap.FetchItemBodySection{Peek: true} // Peek: fetching must not mark it seen
	for _, uid := range found.AllUIDs() {
		msgs, err := client.Fetch(imap.UIDSetNum(uid), &imap.FetchOptions{UID: true, InternalDate: true,
			BodySection: []*imap.FetchItemBodySection{body}}).Collect()
		if err != nil {
			return stored, fmt.Errorf("fetch %d: %w", uid, err)
		}
		if len(msgs) != 1 {
			continue // expunged meanwhile
		}
		raw := msgs[0].FindBodySection(body)
		if len(raw) == 0 {
			continue
		}
		// The arrival time is when the mailbox received it, not when we
		// polled: that is the day of receipt.
		received := msgs[0].InternalDate
		if received.IsZero() {
			received = time.Now()
		}
		m := &foi.InboundMessage{
			SourceKey:  fmt.Sprintf("imap:%s/%s:%d:%d", p.Config.Addr, p.Config.Mailbox, sel.UIDValidity, uid),
			Raw:        raw,
			ReceivedAt: received,
		}
		if err := p.Inbox.Keep(ctx, m); err != nil {
			return stored, err
		}
		stored++
		if err := client.Store(imap.UIDSetNum(uid), &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true,
			Flags: []imap.Flag{imap.FlagSeen}}, nil).Close(); err != nil {
			return stored, fmt.Errorf("flag %d seen: %w", uid, err)
		}
	}
	_ = client.Logout().Wait()
	return stored, nil
}
