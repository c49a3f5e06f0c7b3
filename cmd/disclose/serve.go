// SPDX-License-Identifier: AGPL-3.0-or-later

package main

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"sync/atomic"
	"time"

	"disclose/internal/audit"
	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/mail"
	"disclose/internal/observe"
	"disclose/internal/version"
	"disclose/internal/web"
)

const defaultAddr = "127.0.0.1:8080"

// defaultShutdownTimeout is how long serve waits, after SIGTERM, for
// requests and SMTP sessions in progress (systemd's stop timeout is 90s).
const defaultShutdownTimeout = 30 * time.Second

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", stderr)
	addr := fs.String("addr", envOr("DISCLOSE_ADDR", defaultAddr), "listen address HOST:PORT (env DISCLOSE_ADDR)")
	dsn := dbFlag(fs)
	mo := mailFlags(fs)
	behindTLS := fs.Bool("behind-tls", os.Getenv("DISCLOSE_BEHIND_TLS") == "1",
		"a proxy in front terminates TLS: session cookies are Secure (env DISCLOSE_BEHIND_TLS=1)")
	proxies := fs.String("trusted-proxies", os.Getenv("DISCLOSE_TRUSTED_PROXIES"),
		"reverse proxies (IPs or CIDR ranges, comma-separated) whose X-Forwarded-For names the client, for rate limits and sign-in throttling (env DISCLOSE_TRUSTED_PROXIES)")
	publicAPI := fs.Bool("public-api-requests", os.Getenv("DISCLOSE_PUBLIC_API_REQUESTS") == "1",
		"anyone may make a request through POST /api/v1/requests without a token, under the request form's limits (env DISCLOSE_PUBLIC_API_REQUESTS=1)")
	metricsAddr := fs.String("metrics-addr", envOr("DISCLOSE_METRICS_ADDR", ""),
		"serve Prometheus metrics at http://HOST:PORT/metrics; off when empty. Keep it private: bind to loopback or an internal network (env DISCLOSE_METRICS_ADDR)")
	logFormat := fs.String("log-format", envOr("DISCLOSE_LOG_FORMAT", "text"), "log lines as text or json, on standard error (env DISCLOSE_LOG_FORMAT)")
	shutdown := fs.Duration("shutdown-timeout", defaultShutdownTimeout, "after SIGTERM, how long to wait for requests and SMTP sessions in progress")
	keyFlag := auditKeyFlag(fs)
	publishCheckpoint := fs.Bool("publish-audit-checkpoint", os.Getenv("DISCLOSE_PUBLISH_AUDIT_CHECKPOINT") == "1",
		"serve the newest signed audit checkpoint at /audit-checkpoint.json for anyone to keep (env DISCLOSE_PUBLISH_AUDIT_CHECKPOINT=1)")
	checkpointEvery := fs.Duration("audit-checkpoint-every", time.Hour, "how often to sign the audit chain's head when it has moved; 0: never")
	ssoOpts := ssoFlags(fs) // sso.go
	if err := parseFlags(fs, args, 0); err != nil {
		return 2
	}
	if err := ssoOpts.check(); err != nil {
		fmt.Fprintln(stderr, "disclose serve:", err)
		return 2
	}
	so := siteOptions{behindTLS: *behindTLS, publicAPI: *publicAPI, metricsAddr: *metricsAddr, shutdownTimeout: *shutdown,
		checkpointEvery: *checkpointEvery, sso: ssoOpts, publishCheckpoint: *publishCheckpoint}
	var err error
	if path := auditKeyPath(*keyFlag, *dsn); path != "" && *checkpointEvery > 0 {
		if so.auditKey, err = audit.LoadKey(path, true); err != nil {
			return fail(stderr, "serve", err)
		}
	}
	if so.proxies, err = web.ParseProxies(*proxies); err != nil {
		fmt.Fprintln(stderr, "disclose serve:", err)
		return 2
	}
	if so.log, err = observe.NewLogger(stderr, *logFormat); err != nil {
		fmt.Fprintln(stderr, "disclose serve: --log-format:", err)
		return 2
	}
	// Listen before opening the database, so that a load balancer asking
	// /readyz while migrations run is told 503, not refused.
	f, err := listen(*addr, so.log)
	if err != nil {
		return fail(stderr, "serve", err)
	}
	defer f.srv.Close()
	store, err := openStore(ctx, *dsn)
	if err != nil {
		return fail(stderr, "serve", err)
	}
	defer store.Close()
	if err := serve(ctx, store, f, mo, so, stdout, nil); err != nil {
		return fail(stderr, "serve", err)
	}
	return 0
}

// siteOptions say how the web server sits behind a proxy and is watched.
type siteOptions struct {
	behindTLS       bool
	proxies         []netip.Prefix
	metricsAddr     string
	log             *slog.Logger
	shutdownTimeout time.Duration
	publicAPI       bool               // anonymous requests through the API
	auditKey        ed25519.PrivateKey // signs audit checkpoints; nil: none are made
	checkpointEvery time.Duration
	sso             *ssoOptions
	// publishCheckpoint serves the newest checkpoint at /audit-checkpoint.json.
	publishCheckpoint bool
}

// front is the HTTP server. It is listening before the site is ready:
// until then, and again once shutdown begins, /readyz answers 503 and
// every other page 503 with Retry-After.
type front struct {
	srv   *http.Server
	ln    net.Listener
	site  atomic.Pointer[http.Handler]
	ready atomic.Bool
	errc  chan error
}

func listen(addr string, log *slog.Logger) (*front, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	f := &front{ln: ln, errc: make(chan error, 1)}
	f.srv = &http.Server{
		Handler:           f,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	go func() { f.errc <- f.srv.Serve(lingerListener{ln}) }()
	return f, nil
}

func (f *front) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := f.site.Load()
	if r.URL.Path == "/readyz" && !f.ready.Load() {
		http.Error(w, "not ready: starting (migrating the database) or shutting down", http.StatusServiceUnavailable)
		return
	}
	if h == nil && r.URL.Path == "/healthz" {
		// Alive, only busy: a liveness probe must not restart a process
		// in the middle of a long migration.
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "ok\nstarting: migrating the database\nversion: %s\n", version.Read())
		return
	}
	if h == nil {
		w.Header().Set("Retry-After", "5")
		http.Error(w, "Disclose is starting; try again in a few seconds", http.StatusServiceUnavailable)
		return
	}
	(*h).ServeHTTP(w, r)
}

// serve runs the site, and email when mo configures it, on an open store
// until ctx is cancelled (SIGTERM, SIGINT), then shuts down gracefully: it
// stops accepting connections, finishes the requests and SMTP sessions in
// progress, stops background work, and returns. f is the server listen
// started. It prints the URL once it serves; banner adds lines after it.
func serve(ctx context.Context, store foi.Store, f *front, mo *mailOptions, so siteOptions, stdout io.Writer, banner func(url string)) error {
	log := so.log
	if log == nil {
		log, _ = observe.NewLogger(os.Stderr, "text")
	}
	if so.shutdownTimeout <= 0 {
		so.shutdownTimeout = defaultShutdownTimeout
	}
	svc, err := casework.New(ctx, store)
	if err != nil {
		return err
	}
	svc.EmailFiles = mail.Files
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	if mo != nil && mo.Public == "" {
		mo.Public = "http://" + f.ln.Addr().String()
	}
	if mo != nil {
		mo.shutdownTimeout = so.shutdownTimeout
	}
	waitMail, err := startMail(ctx, store, svc, mo, stdout, log)
	if err != nil {
		return err
	}
	waitJobs := func() {}
	if mo != nil {
		waitJobs = startJobs(ctx, svc, mo.JobsPoll, mo.wake, log)
	}
	if so.auditKey == nil && so.checkpointEvery > 0 {
		log.Warn("audit checkpoints off: give --audit-key FILE (the same file for every process)")
	}
	waitCheckpoints := startAuditCheckpoints(ctx, store, so.auditKey, so.checkpointEvery, log)
	// Background work ends before the caller closes the store.
	defer func() { stop(); waitJobs(); waitMail(); waitCheckpoints() }()
	// Cases stored before the question index existed (an upgrade), or by
	// an import that stopped part-way, are indexed in the background: until
	// then they are not found as asked before.
	indexed := make(chan struct{})
	go func() {
		defer close(indexed)
		n, err := svc.IndexQuestions(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("indexing questions for asked-before matches", "err", err)
		case n > 0:
			log.Info("indexed questions for asked-before matches", "requests", n)
		}
		// Entries published before the published question index are not
		// suggested to requesters until it has them.
		n, err = svc.IndexPublishedQuestions(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("indexing published questions for suggestions", "err", err)
		case n > 0:
			log.Info("indexed published questions for suggestions", "entries", n)
		}
	}()
	defer func() { stop(); <-indexed }()
	site, err := web.New(svc, log)
	if err != nil {
		return err
	}
	site.BehindTLS, site.TrustedProxies, site.PublicAPIRequests = so.behindTLS, so.proxies, so.publicAPI
	site.PublishAuditCheckpoint = so.publishCheckpoint
	site.Version = version.Read().String()
	if err := so.sso.apply(ctx, svc, site); err != nil {
		return err
	}

	var metrics *observe.Metrics
	if so.metricsAddr != "" {
		gr, ok := store.(foi.GaugeReader)
		if !ok {
			return errors.New("--metrics-addr: this store cannot report its gauges")
		}
		metrics = observe.NewMetrics(gr, svc.Today, log)
		mln, err := net.Listen("tcp", so.metricsAddr)
		if err != nil {
			return fmt.Errorf("--metrics-addr: %w", err)
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", metrics.Handler())
		msrv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		go msrv.Serve(mln)
		defer msrv.Close()
		fmt.Fprintf(stdout, "disclose: metrics on http://%s/metrics\n", mln.Addr())
	}
	h := observe.Wrap(site.Handler(), metrics, log)
	f.site.Store(&h)
	f.ready.Store(true)
	url := "http://" + f.ln.Addr().String()
	fmt.Fprintf(stdout, "disclose: serving on %s\n", url)
	if banner != nil {
		banner(url)
	}

	// Another process may import a newer bank-holiday calendar; pick it up.
	go func() {
		t := time.NewTicker(5 * time.Minute)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if err := svc.ReloadCalendar(ctx); err != nil {
					log.Warn("reloading the bank-holiday calendar", "err", err)
				}
			}
		}
	}()

	select {
	case err := <-f.errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in progress", "timeout", so.shutdownTimeout)
	f.ready.Store(false) // load balancers stop sending
	f.srv.SetKeepAlivesEnabled(false)
	sctx, cancel := context.WithTimeout(context.Background(), so.shutdownTimeout)
	defer cancel()
	if err := f.srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	stop()
	waitJobs()
	waitMail()
	log.Info("shut down")
	return nil
}

// lingerListener's connections close gently: when the server closes an
// idle keep-alive connection at shutdown, a request the client has just
// sent on it would otherwise be met with a TCP reset. Instead the
// connection is half-closed and what arrives is read and dropped for a
// moment, so the client sees the connection end cleanly and knows its
// request was not taken.
type lingerListener struct{ net.Listener }

func (l lingerListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok && err == nil {
		return &lingerConn{TCPConn: tc}, nil
	}
	return c, err
}

type lingerConn struct {
	*net.TCPConn
	closed atomic.Bool
}

func (c *lingerConn) Close() error {
	if !c.closed.CompareAndSwap(false, true) {
		return nil
	}
	go func() {
		_ = c.TCPConn.CloseWrite()
		_ = c.TCPConn.SetReadDeadline(time.Now().Add(time.Second))
		_, _ = io.Copy(io.Discard, io.LimitReader(c.TCPConn, 1<<20))
		_ = c.TCPConn.Close()
	}()
	return nil
}
