// SPDX-License-Identifier: AGPL-3.0-or-later

// Package web is Disclose's HTTP side: the JSON API, and (as they arrive)
// the public and staff pages. Handlers parse input, call the casework
// service and render; errors are rendered in one place.
package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/sso"
)

// Server serves Disclose over HTTP.
type Server struct {
	Service *casework.Service
	Log     *slog.Logger
	// BehindTLS marks session cookies Secure even when the request reached
	// us over plain HTTP from a TLS-terminating proxy (DISCLOSE_BEHIND_TLS).
	BehindTLS bool
	// TrustedProxies are the reverse proxies whose X-Forwarded-For header
	// names the client (DISCLOSE_TRUSTED_PROXIES; see clientAddress).
	TrustedProxies []netip.Prefix
	// Version is the build /healthz reports (internal/version).
	Version string
	// PublicAPIRequests lets anyone make a request through POST
	// /api/v1/requests without a token, under the public form's limits
	// (DISCLOSE_PUBLIC_API_REQUESTS; off unless turned on).
	PublicAPIRequests bool
	// SSO is the OpenID Connect provider staff sign in with (staff_sso.go);
	// nil when single sign-on is off. SSOName names it on the sign-in
	// button ("Microsoft", "Google").
	SSO     *sso.Provider
	SSOName string
	// PublishAuditCheckpoint serves the newest signed checkpoint of the
	// audit chain at /audit-checkpoint.json (off unless turned on).
	PublishAuditCheckpoint bool

	tmpl      *templates
	assets    *assets
	authCache authorityCache
	pubStats  publicStats // public_statistics.go

	// missingWelsh, when set (by a test), is told of every public string
	// written with no Welsh translation.
	missingWelsh func(key string)
}

// New prepares a server: templates are parsed and assets hashed now, so a
// broken template stops start-up instead of failing a user's page.
func New(svc *casework.Service, log *slog.Logger) (*Server, error) {
	s := &Server{Service: svc, Log: log}
	var err error
	if s.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if s.tmpl, err = parseTemplates(s.templateFuncs(), s.langFuncs); err != nil {
		return nil, err
	}
	if !s.assets.built() {
		s.logger().Warn("front-end assets are not built: pages will be unstyled; run scripts/build-assets")
	}
	return s, nil
}

// handlerFunc is a handler that returns its error for central rendering.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// route is one API endpoint. The table is also checked against the
// OpenAPI document, so the two cannot drift apart.
type route struct {
	method, path string // path as the OpenAPI document writes it, under /api/v1
	h            handlerFunc
}

func (s *Server) apiRoutes() []route {
	return []route{
		{"GET", "/openapi.json", s.openAPI},
		{"POST", "/requests", s.createRequest},
		{"GET", "/requests/{ref}", s.showRequest},
		{"PATCH", "/requests/{ref}/parts/{n}", s.answerPart},
		{"POST", "/requests/{ref}/events", s.recordEvent},
		{"POST", "/requests/{ref}/letters", s.draftLetterAPI},
		{"POST", "/requests/{ref}/letters/{id}/approve", s.approveLetterAPI},
		{"POST", "/requests/{ref}/letters/{id}/send", s.sendLetterAPI},
		{"POST", "/requests/{ref}/review", s.decideReview},
		{"PATCH", "/requests/{ref}/review", s.changeReview},
		{"POST", "/requests/{ref}/regulator-cases", s.logComplaint},
		{"PATCH", "/requests/{ref}/regulator-cases/{id}", s.updateRegulatorCase},
		{"GET", "/requests/{ref}/findings", s.listFindingsAPI},
		{"GET", "/requests/{ref}/searches", s.listSearchesAPI},
		{"POST", "/requests/{ref}/searches", s.recordSearchAPI},
		{"POST", "/requests/{ref}/aggregations", s.aggregateAPI},                    // api_aggregation.go
		{"POST", "/requests/{ref}/aggregations/withdraw", s.withdrawAggregationAPI}, // api_aggregation.go
		{"POST", "/requests/{ref}/variation", s.varyTimeAPI},                        // api_aggregation.go
		{"POST", "/requests/{ref}/findings/{id}/override", s.overrideFindingAPI},
		{"POST", "/requests/{ref}/attachments/{id}/clean-copy", s.cleanCopyAPI},
		{"POST", "/requests/{ref}/attachments/{id}/redact", s.redactPDFAPI},
		{"POST", "/requests/{ref}/redactions", s.redactAPI},
		{"POST", "/requests/{ref}/publish", s.publishRequest},
		{"POST", "/requests/{ref}/unpublish", s.unpublishRequest},
		{"GET", "/settings/school", s.schoolSettingsAPI},             // api_settings.go
		{"PUT", "/settings/school", s.setSchoolSettingsAPI},          // api_settings.go
		{"GET", "/settings/department-input", s.inputSettingsAPI},    // api_settings.go
		{"PUT", "/settings/department-input", s.setInputSettingsAPI}, // api_settings.go
		{"PUT", "/requests/{ref}/welsh", s.setWelshEntry},            // api_welsh.go
		{"DELETE", "/requests/{ref}/welsh", s.deleteWelshEntry},      // api_welsh.go
		{"GET", "/disclosures", s.listDisclosures},
		{"GET", "/disclosures/similar", s.similarDisclosures},
		{"GET", "/disclosures/{ref}", s.showDisclosure},
	}
}

// Handler returns the routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.health)
	mux.HandleFunc("GET /readyz", s.ready)
	mux.HandleFunc("GET /audit-checkpoint.json", s.auditCheckpoint)
	mux.Handle("GET /static/theme.css", s.htmlHandler(s.theme))
	mux.Handle("GET /static/", s.assets.handler())
	for _, rt := range s.pageRoutes() {
		mux.Handle(rt.method+" "+rt.path, s.htmlHandler(rt.h))
	}
	s.registerStaff(mux)
	for _, rt := range s.apiRoutes() {
		mux.Handle(rt.method+" /api/v1"+rt.path, s.apiHandler(rt.h))
	}
	for _, rt := range s.openDataRoutes() { // opendata.go
		mux.Handle(rt.method+" "+rt.path, s.apiHandler(rt.h))
	}
	mux.Handle("/", s.htmlHandler(func(w http.ResponseWriter, r *http.Request) error {
		return foi.Errorf(foi.ENOTFOUND, "Page not found")
	}))
	mux.Handle("/api/v1/", s.apiHandler(func(w http.ResponseWriter, r *http.Request) error {
		return foi.Errorf(foi.ENOTFOUND, "no API route %s %s", r.Method, r.URL.Path)
	}))
	// Browsers may not post to us from other sites (CSRF); API clients
	// that send no Origin or Sec-Fetch-Site header are not affected.
	return s.securityHeaders(http.NewCrossOriginProtection().Handler(mux))
}

// pageRoutes are the HTML pages. Public pages and staff pages live in
// their own files; staff pages check the session themselves.
func (s *Server) pageRoutes() []route {
	return []route{
		{"GET", "/{$}", s.home},
		{"GET", "/disclosure-log", s.disclosureLog},
		{"GET", "/disclosure-log/{ref}", s.disclosureEntry},
		{"GET", "/exemptions", s.exemptions},
		{"GET", "/open-data", s.openDataHelp},
		{"GET", "/disclosure-log/{ref}/files/{id}", s.disclosureFile},
		{"GET", "/requests/new", s.requestNew},
		{"POST", "/requests/new", s.requestNewPost},
		{"POST", "/requests/new/send", s.requestSend},
		{"GET", "/track/{token}", s.trackShow},
		{"GET", "/track/{token}/confirmation", s.trackConfirmation},
		{"GET", "/track/{token}/files/{id}", s.trackFile},
		{"GET", "/track/{token}/review", s.trackReview},
		{"POST", "/track/{token}/review", s.trackReviewPost},
		{"GET", "/track/{token}/withdraw", s.trackWithdraw},
		{"POST", "/track/{token}/withdraw", s.trackWithdrawPost},
		{"GET", "/statistics", s.statisticsPage}, // public_statistics.go
		{"GET", "/statistics.csv", s.statisticsData},
		{"GET", "/statistics.json", s.statisticsData},
	}
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	p := &Page{Title: s.tr(r).T("Freedom of information")}
	return s.render(w, r, http.StatusOK, "public/home.html", p)
}

// apiHandler renders a handler's error as JSON {"error": "..."} with the
// status its code maps to. Internal errors are logged, never shown.
func (s *Server) apiHandler(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			err = foi.Errorf(foi.EINVALID, "the request body is larger than %d bytes", tooBig.Limit)
		}
		code := foi.ErrorCode(err)
		if code == foi.EINTERNAL {
			s.logger().Error("request failed", "route", r.Pattern, "err", err) // the pattern: a path can hold a reference
		}
		writeJSON(w, statusOf(code), map[string]string{"error": foi.ErrorMessage(err)})
	})
}

func (s *Server) logger() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

// statusOf is the one place application error codes become HTTP statuses.
func statusOf(code string) int {
	switch code {
	case foi.EINVALID:
		return http.StatusBadRequest
	case foi.EUNAUTH:
		return http.StatusUnauthorized
	case foi.EFORBIDDEN:
		return http.StatusForbidden
	case foi.ENOTFOUND:
		return http.StatusNotFound
	case foi.ECONFLICT:
		return http.StatusConflict
	case foi.ETOOMANY:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// maxJSONBody bounds API request bodies; the largest legitimate one is a
// request's text (casework.MaxRequestChars) with its fields.
const maxJSONBody = 256 << 10

// decodeJSON reads a JSON body strictly: unknown fields and trailing data
// are errors that name the problem.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return foi.Errorf(foi.EINVALID, "Content-Type must be application/json, not %q", ct)
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return err
		}
		return foi.Errorf(foi.EINVALID, "invalid JSON body: %v", err)
	}
	if dec.More() {
		return foi.Errorf(foi.EINVALID, "invalid JSON body: more than one JSON value")
	}
	return nil
}

// staff returns the user a bearer token belongs to, nil when the request
// carries no token, and an error for a token that is not valid.
func (s *Server) staff(r *http.Request) (*foi.User, error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return nil, nil
	}
	secret, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || strings.TrimSpace(secret) == "" {
		return nil, foi.Errorf(foi.EUNAUTH, "Authorization must be \"Bearer TOKEN\"")
	}
	return s.Service.TokenUser(r.Context(), strings.TrimSpace(secret))
}

// requireStaff is staff() for routes that the public may not use.
func (s *Server) requireStaff(r *http.Request) (*foi.User, error) {
	u, err := s.staff(r)
	if err == nil && u == nil {
		err = foi.Errorf(foi.EUNAUTH, "this route needs an API token: Authorization: Bearer TOKEN")
	}
	return u, err
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	if _, err := s.Service.Store.FindSetting(r.Context(), "health-check"); err != nil && !foi.IsNotFound(err) {
		s.logger().Error("health check: database unreachable", "err", err)
		http.Error(w, "database unreachable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = fmt.Fprintf(w, "ok\nversion: %s\n", s.Version)
}

// ready answers a load balancer: 200 while the database answers, 503 when
// it does not. (Before the server is ready, while migrations run and once
// shutdown has begun, `disclose serve` answers /readyz itself with 503.)
func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	if _, err := s.Service.Store.FindSetting(r.Context(), "health-check"); err != nil && !foi.IsNotFound(err) {
		s.logger().Error("readiness check: database unreachable", "err", err)
		http.Error(w, "not ready: database unreachable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ready\n"))
}

// securityHeaders sets the headers every response carries. Served over
// TLS (here or, with BehindTLS, at the proxy), browsers are told to use
// only HTTPS for a year (HSTS), so no one can strip TLS on a later visit.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if s.secure(r) {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		formAction := "'self'"
		if s.SSO != nil {
			// Signing out redirects the sign-out form to the provider's
			// end-session page, which form-action governs too.
			formAction += " " + s.SSO.Origin()
		}
		h.Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action "+formAction)
		next.ServeHTTP(w, r)
	})
}

// APIRoutes lists the API's method and path pairs, for documentation checks.
func APIRoutes() [][2]string {
	var out [][2]string
	for _, rt := range new(Server).apiRoutes() {
		out = append(out, [2]string{rt.method, rt.path})
	}
	return out
}
