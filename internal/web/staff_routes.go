// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/sso"
)

// The staff application: its own route tree under /staff, signed in with a
// session cookie. Every route names the permission it needs, so the route
// table is also the authorisation table (and the matrix test walks it).

const sessionCookie = "disclose_session"
const pendingCookie = "disclose_pending" // between password and second factor

// staffHandlerFunc is a staff page handler; u is the signed-in member of staff.
type staffHandlerFunc func(w http.ResponseWriter, r *http.Request, u *foi.User) error

type staffRoute struct {
	method, path string
	perm         casework.Permission
	h            staffHandlerFunc
}

func (s *Server) staffRoutes() []staffRoute {
	return []staffRoute{
		{"GET", "/staff", casework.PermViewCases, s.staffHome},
		{"POST", "/staff/sign-out", casework.PermAccount, s.signOut},
		{"GET", "/staff/account", casework.PermAccount, s.account},
		{"POST", "/staff/account/second-factor", casework.PermAccount, s.enableSecondFactor},
		{"POST", "/staff/account/second-factor/remove", casework.PermAccount, s.disableSecondFactor},

		{"GET", "/staff/dashboard", casework.PermViewCases, s.dashboard},
		{"GET", "/staff/statistics/{format}", casework.PermWorkCases, s.statsDownload},
		{"GET", "/staff/regulator/evidence", casework.PermAdminister, s.evidencePack}, // staff_regulator.go
		{"GET", "/staff/cases", casework.PermViewCases, s.caseList},
		{"GET", "/staff/go", casework.PermViewCases, s.caseJump},                  // staff_cases.go
		{"POST", "/staff/cases/assign", casework.PermWorkCases, s.caseBulkAssign}, // staff_cases.go
		{"GET", "/staff/cases/new", casework.PermWorkCases, s.newCase},
		{"POST", "/staff/cases/new", casework.PermWorkCases, s.createCase},
		{"GET", "/staff/cases/{ref}", casework.PermViewCases, s.caseShow},
		{"POST", "/staff/cases/{ref}/assign", casework.PermWorkCases, s.caseAssign},
		{"POST", "/staff/cases/{ref}/answer-like", casework.PermWorkCases, s.caseAnswerLike},
		{"POST", "/staff/cases/{ref}/language", casework.PermWorkCases, s.caseLanguage}, // staff_language.go
		{"POST", "/staff/cases/{ref}/events", casework.PermWorkCases, s.caseEvent},
		{"POST", "/staff/cases/{ref}/parts/{n}/answer", casework.PermWorkCases, s.partAnswer},
		{"POST", "/staff/cases/{ref}/answers", casework.PermWorkCases, s.answersSave}, // staff_parts_form.go
		{"POST", "/staff/cases/{ref}/inputs", casework.PermContribute, s.inputsSend},  // staff_parts_form.go
		{"POST", "/staff/cases/{ref}/parts/{n}/edit", casework.PermWorkCases, s.partEdit},
		{"POST", "/staff/cases/{ref}/parts/{n}/merge", casework.PermWorkCases, s.partMerge},
		{"POST", "/staff/cases/{ref}/parts/{n}/split", casework.PermWorkCases, s.partSplit},
		{"POST", "/staff/cases/{ref}/parts/{n}/assign", casework.PermWorkCases, s.partAssign},
		{"POST", "/staff/cases/{ref}/parts/{n}/input", casework.PermContribute, s.partInput},
		{"POST", "/staff/cases/{ref}/parts/{n}/searches", casework.PermViewCases, s.partSearch},
		{"POST", "/staff/cases/{ref}/aggregations", casework.PermWorkCases, s.caseAggregate},                    // staff_aggregation.go
		{"POST", "/staff/cases/{ref}/aggregations/withdraw", casework.PermWorkCases, s.caseAggregationWithdraw}, // staff_aggregation.go
		{"POST", "/staff/cases/{ref}/variation", casework.PermWorkCases, s.caseVary},                            // staff_time.go
		{"POST", "/staff/cases/{ref}/letters", casework.PermWorkCases, s.letterDraft},
		{"GET", "/staff/cases/{ref}/letters/{id}", casework.PermWorkCases, s.letterShow},
		{"POST", "/staff/cases/{ref}/letters/{id}", casework.PermWorkCases, s.letterEdit},
		{"GET", "/staff/cases/{ref}/letters/{id}/pdf", casework.PermWorkCases, s.letterPDF},
		{"POST", "/staff/cases/{ref}/letters/{id}/approve", casework.PermApprove, s.letterApprove},
		{"POST", "/staff/cases/{ref}/letters/{id}/send", casework.PermSend, s.letterSend},
		{"POST", "/staff/cases/{ref}/letters/{id}/approve-send", casework.PermApprove, s.letterApproveSend}, // and PermSend
		{"POST", "/staff/cases/{ref}/letters/{id}/post", casework.PermSend, s.letterPost},
		{"POST", "/staff/cases/{ref}/attachments", casework.PermWorkCases, s.attachmentUpload},
		{"GET", "/staff/cases/{ref}/attachments/{id}", casework.PermWorkCases, s.attachmentDownload},
		{"POST", "/staff/cases/{ref}/attachments/{id}/release", casework.PermWorkCases, s.attachmentRelease},
		{"POST", "/staff/cases/{ref}/email/{id}/confirm", casework.PermWorkCases, s.caseEmailConfirm},
		{"POST", "/staff/cases/{ref}/outbox/{id}", casework.PermSend, s.caseOutboxResolve},
		{"POST", "/staff/cases/{ref}/attachments/{id}/clean", casework.PermWorkCases, s.attachmentClean},
		{"POST", "/staff/cases/{ref}/pdf-redactions", casework.PermWorkCases, s.attachmentRedact},
		{"POST", "/staff/cases/{ref}/findings/{id}/override", casework.PermOverride, s.findingOverride},
		{"POST", "/staff/cases/{ref}/findings/{id}/redact", casework.PermWorkCases, s.findingRedact},
		{"POST", "/staff/cases/{ref}/redactions", casework.PermWorkCases, s.redactionAdd},
		{"POST", "/staff/cases/{ref}/publish", casework.PermWorkCases, s.casePublish},
		{"POST", "/staff/cases/{ref}/tracking", casework.PermWorkCases, s.trackingIssue}, // staff_tracking.go
		{"POST", "/staff/cases/{ref}/tracking/revoke", casework.PermWorkCases, s.trackingRevoke},
		{"GET", "/staff/cases/{ref}/welsh", casework.PermWorkCases, s.welshEntryShow},  // staff_language.go
		{"POST", "/staff/cases/{ref}/welsh", casework.PermWorkCases, s.welshEntrySave}, // staff_language.go
		{"POST", "/staff/cases/{ref}/review/assign", casework.PermWorkCases, s.reviewAssign},
		{"POST", "/staff/cases/{ref}/review/extend", casework.PermWorkCases, s.reviewExtend},
		{"GET", "/staff/cases/{ref}/review", casework.PermApprove, s.reviewShow},
		{"POST", "/staff/cases/{ref}/review", casework.PermApprove, s.reviewDecide},
		{"GET", "/staff/reviews", casework.PermWorkCases, s.reviewQueue},
		{"POST", "/staff/cases/{ref}/regulator", casework.PermWorkCases, s.regulatorComplaint},
		{"POST", "/staff/cases/{ref}/regulator/{id}/decision", casework.PermWorkCases, s.regulatorUpdate("decision")},
		{"POST", "/staff/cases/{ref}/regulator/{id}/appeal", casework.PermWorkCases, s.regulatorUpdate("appeal")},
		{"POST", "/staff/cases/{ref}/regulator/{id}/close", casework.PermWorkCases, s.regulatorUpdate("close")},

		{"GET", "/staff/mail", casework.PermWorkCases, s.holdingPen},
		{"GET", "/staff/mail/{id}", casework.PermWorkCases, s.emailShow},
		{"GET", "/staff/mail/{id}/raw", casework.PermWorkCases, s.emailRaw},
		{"POST", "/staff/mail/{id}/request", casework.PermWorkCases, s.emailRequest},
		{"POST", "/staff/mail/{id}/thread", casework.PermWorkCases, s.emailThread},
		{"POST", "/staff/mail/{id}/discard", casework.PermWorkCases, s.emailDiscard},

		{"GET", "/staff/admin", casework.PermAdminister, s.adminShow},
		{"POST", "/staff/admin/approval", casework.PermAdminister, s.adminApproval},
		{"POST", "/staff/admin/digest", casework.PermAdminister, s.adminDigest},
		{"POST", "/staff/admin/audit", casework.PermAdminister, s.adminAudit},
		{"POST", "/staff/admin/school", casework.PermAdminister, s.adminSchool},
		{"POST", "/staff/admin/input", casework.PermAdminister, s.adminInput},
		{"POST", "/staff/admin/welsh", casework.PermAdminister, s.adminWelsh},           // staff_language.go
		{"POST", "/staff/admin/categories", casework.PermAdminister, s.adminCategories}, // staff_admin.go
		{"GET", "/staff/admin/categories", casework.PermAdminister, s.categoriesShow},   // staff_categories.go
		{"POST", "/staff/admin/categories/merge", casework.PermAdminister, s.categoriesMerge},
		{"POST", "/staff/admin/templates/{kind}", casework.PermAdminister, s.adminTemplate},

		{"GET", "/staff/users", casework.PermAdminister, s.usersShow}, // staff_users.go
		{"GET", "/staff/users/{id}", casework.PermAdminister, s.userShow},
		{"POST", "/staff/users/{id}/role", casework.PermAdminister, s.userRole},
		{"POST", "/staff/users/{id}/disable", casework.PermAdminister, s.userDisable},
		{"POST", "/staff/users/{id}/enable", casework.PermAdminister, s.userEnable},
		{"POST", "/staff/users/{id}/password", casework.PermAdminister, s.userPassword},
		{"POST", "/staff/users/{id}/second-factor/remove", casework.PermAdminister, s.userSecondFactorRemove},
		{"POST", "/staff/users/{id}/tokens", casework.PermAdminister, s.userToken},
		{"POST", "/staff/tokens/{id}/revoke", casework.PermAdminister, s.tokenRevoke},
	}
}

// StaffRoute describes a staff route for tests and documentation.
type StaffRoute struct {
	Method, Path string
	Permission   casework.Permission
}

// StaffRoutes lists every signed-in staff route with the permission it needs.
func StaffRoutes() []StaffRoute {
	var out []StaffRoute
	for _, rt := range new(Server).staffRoutes() {
		out = append(out, StaffRoute{rt.method, rt.path, rt.perm})
	}
	return out
}

// registerStaff adds the staff application to the mux: the sign-in pages,
// open to all, and the signed-in routes.
func (s *Server) registerStaff(mux *http.ServeMux) {
	mux.Handle("GET /staff/sign-in", s.htmlHandler(s.signInForm))
	mux.Handle("POST /staff/sign-in", s.htmlHandler(s.signIn))
	mux.Handle("GET /staff/sign-in/code", s.htmlHandler(s.codeForm))
	mux.Handle("POST /staff/sign-in/code", s.htmlHandler(s.code))
	mux.Handle("GET /staff/sign-in/sso", s.htmlHandler(s.ssoStart)) // staff_sso.go
	mux.Handle("GET "+sso.CallbackPath, s.htmlHandler(s.ssoCallback))
	for _, rt := range s.staffRoutes() {
		mux.Handle(rt.method+" "+rt.path, s.staffHandler(rt))
	}
}

// staffHandler signs the request in from its session cookie and checks the
// route's permission before the handler runs. Someone not signed in is
// sent to sign in (GET) or refused (anything else).
func (s *Server) staffHandler(rt staffRoute) http.Handler {
	return s.htmlHandler(func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Cache-Control", "no-store")
		var id string
		if c, err := r.Cookie(sessionCookie); err == nil {
			id = c.Value
		}
		u, err := s.Service.SessionUser(r.Context(), id, false)
		if foi.ErrorCode(err) == foi.EUNAUTH {
			if id != "" {
				s.clearCookie(w, r, sessionCookie, "/")
			}
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/staff/sign-in?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return nil
			}
			return err
		}
		if err != nil {
			return err
		}
		if !casework.Can(u, rt.perm) {
			return foi.Errorf(foi.EFORBIDDEN, "Your role (%s) does not allow this.", u.Role)
		}
		return rt.h(w, r, u)
	})
}

func (s *Server) secure(r *http.Request) bool { return r.TLS != nil || s.BehindTLS }

func (s *Server) setCookie(w http.ResponseWriter, r *http.Request, name, value, path string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: path, MaxAge: maxAge,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
}

func (s *Server) clearCookie(w http.ResponseWriter, r *http.Request, name, path string) {
	s.setCookie(w, r, name, "", path, -1)
}

// safeNext keeps a post-sign-in redirect on this site's staff pages.
func safeNext(next string) string {
	if strings.HasPrefix(next, "/staff") && !strings.HasPrefix(next, "//") && !strings.ContainsAny(next, "\\\r\n") {
		return next
	}
	return "/staff/cases"
}

func (s *Server) staffHome(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	http.Redirect(w, r, "/staff/cases", http.StatusSeeOther)
	return nil
}

// caseRef reads {ref}.
func caseRef(r *http.Request) (foi.Reference, error) { return pathReference(r) }

// pathID reads a positive numeric path value.
func pathID(r *http.Request, name string) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || n < 1 {
		return 0, foi.Errorf(foi.ENOTFOUND, "Page not found")
	}
	return n, nil
}

// backToCase redirects to the case page after a change, with a notice.
func backToCase(w http.ResponseWriter, r *http.Request, ref foi.Reference, notice, anchor string) {
	u := "/staff/cases/" + ref.Slug() + "?notice=" + notice
	if anchor != "" {
		u += "#" + anchor
	}
	http.Redirect(w, r, u, http.StatusSeeOther)
}
