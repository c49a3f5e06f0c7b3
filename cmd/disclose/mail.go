// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/mail"
)

// mailOptions configure email in `disclose serve`. Email is off until the
// FOI mailbox is named; the outbox is delivered only when DISCLOSE_SMTP
// names a server (until then messages wait in the outbox).
type mailOptions struct {
	Mailbox  string        // DISCLOSE_MAILBOX: the FOI mailbox, "FOI Team <foi@council.example>"
	Domain   string        // DISCLOSE_MAIL_DOMAIN: domain of case addresses; the mailbox's by default
	Public   string        // DISCLOSE_PUBLIC_URL: the public site, for links in emails
	SMTP     string        // DISCLOSE_SMTP: where outgoing mail goes (secret: environment only)
	Lease    time.Duration // how long a worker holds a message it is sending
	Poll     time.Duration // how often the worker looks for due messages
	SMTPAddr string        // --smtp-addr: listen for inbound mail here
	IMAP     string        // --imap: poll this mailbox for inbound mail
	IMAPPoll time.Duration // how often to poll it
	JobsPoll time.Duration // how often to look for scheduled jobs (the reminder digest)

	wake            func()        // asks the outbox worker to look now; set by startMail
	shutdownTimeout time.Duration // how long SMTP sessions in progress may take to end at shutdown
}

// mailFlags adds the email flags of serve.
func mailFlags(fs *flag.FlagSet) *mailOptions {
	o := &mailOptions{SMTP: envOr("DISCLOSE_SMTP", "")}
	fs.StringVar(&o.Mailbox, "mailbox", envOr("DISCLOSE_MAILBOX", ""), "the FOI mailbox address, which sends every email (env DISCLOSE_MAILBOX)")
	fs.StringVar(&o.Domain, "mail-domain", envOr("DISCLOSE_MAIL_DOMAIN", ""), "domain of per-case reply addresses; the mailbox's by default (env DISCLOSE_MAIL_DOMAIN)")
	fs.StringVar(&o.Public, "public-url", envOr("DISCLOSE_PUBLIC_URL", ""), "the public site's address, for links in emails; http://ADDR by default (env DISCLOSE_PUBLIC_URL)")
	fs.DurationVar(&o.Lease, "outbox-lease", mail.DefaultLease, "how long a worker may hold an outgoing message before another may retry it")
	fs.DurationVar(&o.Poll, "outbox-poll", mail.DefaultPoll, "how often to look for outgoing mail that is due")
	fs.StringVar(&o.SMTPAddr, "smtp-addr", envOr("DISCLOSE_SMTP_ADDR", ""), "receive email for the FOI mailbox by SMTP on HOST:PORT (env DISCLOSE_SMTP_ADDR)")
	fs.StringVar(&o.IMAP, "imap", envOr("DISCLOSE_IMAP", ""), "poll a mailbox for email: imaps://user:pass@host/INBOX (env DISCLOSE_IMAP)")
	fs.DurationVar(&o.IMAPPoll, "imap-poll", 30*time.Second, "how often to poll the --imap mailbox")
	fs.DurationVar(&o.JobsPoll, "jobs-poll", time.Minute, "how often to look whether the daily reminder digest is due")
	return o
}

// startMail sets up email for a running server: the composer that casework
// queues messages with, the outbox worker, and the inbound listeners. It
// returns when they are started; they stop when ctx is cancelled, and wait
// blocks until they have.
func startMail(ctx context.Context, store foi.Store, svc *casework.Service, o *mailOptions, stdout io.Writer, log *slog.Logger) (wait func(), err error) {
	none := func() {}
	if o == nil || o.Mailbox == "" {
		if o != nil && (o.SMTP != "" || o.SMTPAddr != "" || o.IMAP != "") {
			return none, errors.New("email needs the FOI mailbox: set DISCLOSE_MAILBOX or --mailbox")
		}
		return none, nil
	}
	secret, err := mailSecret(ctx, store)
	if err != nil {
		return none, err
	}
	addrs, err := mail.NewAddresses(o.Mailbox, o.Domain, secret)
	if err != nil {
		return none, err
	}
	composer, err := mail.NewComposer(addrs)
	if err != nil {
		return none, err
	}
	composer.PublicURL = o.Public
	svc.Mail = composer
	o.wake = func() {}

	var running []chan struct{}
	goRun := func(fn func()) {
		done := make(chan struct{})
		running = append(running, done)
		go func() { defer close(done); fn() }()
	}
	wait = func() {
		for _, d := range running {
			<-d
		}
	}
	if o.SMTP != "" {
		cfg, err := mail.ParseSMTP(o.SMTP)
		if err != nil {
			return none, err
		}
		w := &mail.Worker{Store: store, Sender: &mail.Sender{Config: cfg, Addresses: addrs}, Log: log,
			Lease: o.Lease, Poll: o.Poll}
		o.wake = w.Wake
		log.Info("delivering email", "server", cfg.String(), "from", addrs.Mailbox.String())
		goRun(func() { w.Run(ctx) })
	}
	if o.SMTPAddr == "" && o.IMAP == "" {
		return wait, nil
	}
	inbox := &mail.Inbox{Store: store, Service: svc, Addresses: addrs, Log: log}
	goRun(func() { inbox.Run(ctx, 10*time.Second) })
	if o.SMTPAddr != "" {
		ln, err := net.Listen("tcp", o.SMTPAddr)
		if err != nil {
			return wait, fmt.Errorf("--smtp-addr: %w", err)
		}
		l := &mail.Listener{Inbox: inbox, Domain: addrs.Domain, Log: log}
		fmt.Fprintf(stdout, "disclose: receiving email by SMTP on %s for %s\n", ln.Addr(), addrs.Mailbox.Address)
		goRun(func() {
			if err := l.Serve(ln); err != nil {
				log.Error("smtp listener", "err", err)
			}
		})
		goRun(func() {
			<-ctx.Done()
			// A message being received is committed and answered first.
			sctx, cancel := context.WithTimeout(context.Background(), o.shutdownTimeout)
			defer cancel()
			if err := l.Shutdown(sctx); err != nil {
				log.Warn("smtp listener: sessions still open at shutdown were closed", "err", err)
			}
		})
	}
	if o.IMAP != "" {
		cfg, err := mail.ParseIMAP(o.IMAP)
		if err != nil {
			return wait, err
		}
		p := &mail.Poller{Config: cfg, Inbox: inbox, Log: log}
		log.Info("polling for email", "mailbox", cfg.String(), "every", o.IMAPPoll)
		goRun(func() { p.Run(ctx, o.IMAPPoll) })
	}
	return wait, nil
}

// mailSecret returns the key of case-address tokens, made by the first
// process that needs it and shared through the store by all the others.
func mailSecret(ctx context.Context, store foi.Store) ([]byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	var v string
	err := store.Update(ctx, func(tx foi.Tx) error {
		var err error
		v, err = tx.InitSetting(ctx, mail.SettingSecret, hex.EncodeToString(b))
		return err
	})
	if err != nil {
		return nil, err
	}
	secret, err := hex.DecodeString(v)
	if err != nil || len(secret) < 16 {
		return nil, fmt.Errorf("setting %s is not a hex key of at least 16 bytes", mail.SettingSecret)
	}
	return secret, nil
}
