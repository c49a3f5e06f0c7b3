// SPDX-License-Identifier: AGPL-3.0-or-later

package observe

import (
	"log/slog"
	"net/http"
	"time"
)

// Wrap times every request next answers, for the latency histogram (when
// m is not nil) and the access log. Both name the route by the pattern the
// router matched ("GET /track/{token}"), never the path, which can hold a
// tracking token or a reference; nor do they record the client's address
// or anything it sent.
func Wrap(next http.Handler, m *Metrics, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(rw, r)
		d := time.Since(start)
		route := r.Pattern // set by the ServeMux on this request as it routed it
		if route == "" {
			route = "unmatched" // refused before routing (cross-origin protection)
		}
		if rw.code == 0 {
			rw.code = http.StatusOK
		}
		if m != nil {
			m.observe(route, rw.code, d)
		}
		level := slog.LevelInfo
		if route == "GET /healthz" || route == "GET /readyz" {
			level = slog.LevelDebug // a load balancer asks every few seconds
		}
		log.LogAttrs(r.Context(), level, "http", slog.String("route", route),
			slog.Int("status", rw.code), slog.Int64("bytes", rw.n), slog.Duration("duration", d))
	})
}

// statusWriter remembers the status code and counts the body's bytes.
type statusWriter struct {
	http.ResponseWriter
	code int
	n    int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.n += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection (flushing,
// deadlines).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
