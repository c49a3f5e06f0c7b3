package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/mail"
	"disclose/internal/version"
	"disclose/internal/web"
)

const defaultAddr = "127.0.0.1:8080"

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
	if err := parseFlags(fs, args, 0); err != nil {
		return 2
	}
	so := siteOptions{behindTLS: *behindTLS, publicAPI: *publicAPI}
	var err error
	if so.proxies, err = web.ParseProxies(*proxies); err != nil {
		fmt.Fprintln(stderr, "disclose serve:", err)
		return 2
	}
	store, err := openStore(ctx, *dsn)
	if err != nil {
		return fail(stderr, "serve", err)
	}
	defer store.Close()
	if err := serve(ctx, store, *addr, mo, so, stdout, stderr, nil); err != nil {
		return fail(stderr, "serve", err)
	}
	return 0
}

// siteOptions say how the web server sits behind a proxy.
type siteOptions struct {
	behindTLS bool
	proxies   []netip.Prefix
	publicAPI bool // anonymous requests through the API
}

// serve runs the HTTP server, and email when mo configures it, on an open
// store until ctx is cancelled. It prints the URL once it is listening;
// banner adds lines after it.
func serve(ctx context.Context, store foi.Store, addr string, mo *mailOptions, so siteOptions, stdout, stderr io.Writer, banner func(url string)) error {
	log := slog.New(slog.NewTextHandler(stderr, nil))
	svc, err := casework.New(ctx, store)
	if err != nil {
		return err
	}
	svc.EmailFiles = mail.Files
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	if mo != nil && mo.Public == "" {
		mo.Public = "http://" + addr
	}
	waitMail, err := startMail(ctx, store, svc, mo, stdout, log)
	if err != nil {
		return err
	}
	waitJobs := func() {}
	if mo != nil {
		waitJobs = startJobs(ctx, svc, mo.JobsPoll, mo.wake, log)
	}
	// Background work ends before the caller closes the store.
	defer func() { stop(); waitJobs(); waitMail() }()
	site, err := web.New(svc, log)
	if err != nil {
		return err
	}
	site.BehindTLS, site.TrustedProxies, site.PublicAPIRequests = so.behindTLS, so.proxies, so.publicAPI
	site.Version = version.Read().String()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           site.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	url := "http://" + ln.Addr().String()
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

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
