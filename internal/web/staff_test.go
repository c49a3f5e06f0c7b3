// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"disclose/internal/auth"
	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/mail"
	"disclose/internal/seedcase"
	"disclose/internal/sqlite"
	"disclose/internal/web"
)

const testPassword = "correct horse battery staple"

// staffFixture serves the whole site on a fresh database with one member
// of staff per role (all with testPassword), Thurrock's settings, and the
// seed request logged with part 1 assigned to the contributor. The clock
// reads 25 November 2026, 10:00.
type staffFixture struct {
	srv        *httptest.Server
	site       *web.Server
	svc        *casework.Service
	users      map[foi.Role]*foi.User
	ref        foi.Reference
	letterID   int64
	attachment int64
	inbound    int64 // an email waiting in the holding pen
	now        time.Time
	dbPath     string // the SQLite file, for tests that change it behind the store's back
}

func newStaffFixture(t *testing.T) *staffFixture {
	t.Helper()
	dbPath := filepath.Join(t.TempDir(), "staff.db")
	store, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	svc, err := casework.New(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	f := &staffFixture{svc: svc, users: map[foi.Role]*foi.User{}, now: time.Date(2026, 11, 25, 10, 0, 0, 0, casework.UK), dbPath: dbPath}
	svc.Now = func() time.Time { return f.now }
	hash, err := auth.HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	names := map[foi.Role]string{foi.RoleAdmin: "Ada Admin", foi.RoleOfficer: "Olu Officer", foi.RoleReviewer: "Rita Reviewer", foi.RoleContributor: "Children's Services"}
	for _, role := range foi.Roles {
		u := &foi.User{Email: string(role) + "@council.example", Name: names[role], Role: role, PasswordHash: hash}
		if err := store.Update(ctx, func(tx foi.Tx) error { return tx.CreateUser(ctx, u) }); err != nil {
			t.Fatal(err)
		}
		f.users[role] = u
	}
	admin, officer := f.users[foi.RoleAdmin], f.users[foi.RoleOfficer]
	if err := svc.SetAuthority(ctx, admin, casework.Authority{Name: "Thurrock Council", FOIEmail: "information.matters@thurrock.gov.uk",
		ReviewTeam: "a senior member of the Information Management Team"}); err != nil {
		t.Fatal(err)
	}
	r, err := svc.SubmitRequest(ctx, officer, casework.NewRequest{
		Requester: foi.Requester{Name: "Sam Researcher", Email: "sam@example.org"}, Text: seedRequestText(t),
		Regime: foi.FOIA, Channel: foi.ChannelEmail, ReceivedOn: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	f.ref = r.Reference
	if err := svc.AssignPart(ctx, officer, r.Reference, 1, f.users[foi.RoleContributor].ID, time.Time{}, ""); err != nil {
		t.Fatal(err)
	}
	l, err := svc.DraftLetter(ctx, officer, r.Reference, foi.LetterAcknowledgement, "")
	if err != nil {
		t.Fatal(err)
	}
	f.letterID = l.ID
	a, err := svc.AddAttachment(ctx, officer, r.Reference, casework.Upload{Name: "notes.txt", Data: []byte("officer's notes\n")})
	if err != nil {
		t.Fatal(err)
	}
	f.attachment = a.ID
	svc.EmailFiles = mail.Files
	f.inbound = f.holdEmail(t, heldEmail)
	site, err := web.New(svc, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.site = site
	f.srv = httptest.NewServer(site.Handler())
	t.Cleanup(f.srv.Close)
	return f
}

// heldEmail is a request by email without the sender's name, which the
// inbox cannot make a request of: it waits in the holding pen.
const heldEmail = "From: pat@example.net\r\nTo: foi@thurrock.example\r\nSubject: Parking fines\r\n" +
	"Date: Wed, 25 Nov 2026 09:12:00 +0000\r\nMessage-ID: <held-1@example.net>\r\nMIME-Version: 1.0\r\n" +
	"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n" +
	"How many parking fines were issued on Orsett Road in 2025?\r\n--b\r\nContent-Type: application/pdf\r\n" +
	"Content-Disposition: attachment; filename=\"orsett road.pdf\"\r\n\r\n%PDF-1.4 a photo of the sign\r\n--b--\r\n"

// holdEmail stores raw as an email the inbox put in the holding pen, and
// returns its id.
func (f *staffFixture) holdEmail(t *testing.T, raw string) int64 {
	t.Helper()
	p, err := mail.Parse([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	m := &foi.InboundMessage{Raw: []byte(raw), ReceivedAt: f.now.Add(-time.Hour).UTC(), EnvelopeFrom: p.FromEmail,
		EnvelopeTo: []string{"foi@thurrock.example"}, MessageID: p.MessageID, FromName: p.FromName, FromEmail: p.FromEmail,
		Subject: p.Subject, Text: p.Text, Attachments: p.Attachments, Status: foi.InboundHoldingPen,
		Note: "not a valid request: the requester's name is required"}
	if err := f.svc.Store.Update(ctx, func(tx foi.Tx) error { return tx.CreateInbound(ctx, m) }); err != nil {
		t.Fatal(err)
	}
	return m.ID
}

// seedRequestText is the request of the canonical published response.
func seedRequestText(t testing.TB) string { return seedcase.Request() }

var trailingSpace = regexp.MustCompile(`[ \t]+\n`)

// seedFile is the project's copy of the seed response with trailing
// spaces cut.
func seedFile(t testing.TB) string { return seedcase.File() }

// client returns an HTTP client that keeps cookies and does not follow
// redirects, so tests see each response.
func client(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// signedIn returns a client signed in as role through the sign-in form.
func (f *staffFixture) signedIn(t *testing.T, role foi.Role) *http.Client {
	t.Helper()
	c := client(t)
	resp := f.post(t, c, "/staff/sign-in", url.Values{"email": {string(role) + "@council.example"}, "password": {testPassword}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("signing in as %s: %d", role, resp.StatusCode)
	}
	return c
}

func (f *staffFixture) get(t *testing.T, c *http.Client, path string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(f.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

func (f *staffFixture) post(t *testing.T, c *http.Client, path string, form url.Values) *http.Response {
	t.Helper()
	resp, err := c.PostForm(f.srv.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func (f *staffFixture) postBody(t *testing.T, c *http.Client, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	resp, err := c.PostForm(f.srv.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

func cookieNamed(resp *http.Response, name string) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func TestSignInSetsASafeSessionCookie(t *testing.T) {
	f := newStaffFixture(t)
	c := client(t)
	resp := f.post(t, c, "/staff/sign-in", url.Values{"email": {"OFFICER@council.example"}, "password": {testPassword}, "next": {"/staff/cases?status=open"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/staff/cases?status=open" {
		t.Fatalf("sign in: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	ck := cookieNamed(resp, "disclose_session")
	if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure || len(ck.Value) < 40 {
		t.Fatalf("session cookie = %+v; want HttpOnly, SameSite=Lax, not Secure over plain HTTP, a long random id", ck)
	}
	if r, body := f.get(t, c, "/staff/cases"); r.StatusCode != 200 || !strings.Contains(body, f.ref.String()) {
		t.Errorf("case list after sign-in: %d", r.StatusCode)
	}
	// An open redirect is not possible.
	c2 := client(t)
	resp = f.post(t, c2, "/staff/sign-in", url.Values{"email": {"officer@council.example"}, "password": {testPassword}, "next": {"//evil.example/x"}})
	if resp.Header.Get("Location") != "/staff/cases" {
		t.Errorf("next=//evil.example redirected to %q", resp.Header.Get("Location"))
	}
	// Signing out ends the session in the database, not only the cookie.
	if resp := f.post(t, c, "/staff/sign-out", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign out: %d", resp.StatusCode)
	}
	stolen := client(t)
	u, _ := url.Parse(f.srv.URL)
	stolen.Jar.SetCookies(u, []*http.Cookie{{Name: "disclose_session", Value: ck.Value}})
	if r, _ := f.get(t, stolen, "/staff/cases"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the signed-out session id still works: %d", r.StatusCode)
	}
}

func TestSecureCookieBehindTLS(t *testing.T) {
	f := newStaffFixture(t)
	site, err := web.New(f.svc, nil)
	if err != nil {
		t.Fatal(err)
	}
	site.BehindTLS = true
	srv := httptest.NewServer(site.Handler())
	defer srv.Close()
	resp, err := client(t).PostForm(srv.URL+"/staff/sign-in", url.Values{"email": {"officer@council.example"}, "password": {testPassword}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if ck := cookieNamed(resp, "disclose_session"); ck == nil || !ck.Secure {
		t.Errorf("behind TLS the session cookie is not Secure: %+v", ck)
	}
}

func TestSignInThrottling(t *testing.T) {
	f := newStaffFixture(t)
	c := client(t)
	for i := range casework.MaxPairFailures {
		resp, body := f.postBody(t, c, "/staff/sign-in", url.Values{"email": {"officer@council.example"}, "password": {"wrong"}})
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "The email address or password is not correct") {
			t.Fatalf("wrong password %d: %d", i+1, resp.StatusCode)
		}
	}
	// Now even the right password is refused for a while.
	resp, body := f.postBody(t, c, "/staff/sign-in", url.Values{"email": {"officer@council.example"}, "password": {testPassword}})
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "Too many failed sign-in attempts") {
		t.Fatalf("after %d failures the right password gave %d", casework.MaxPairFailures, resp.StatusCode)
	}
	// Another account from the same address is not locked out yet.
	if resp := f.post(t, client(t), "/staff/sign-in", url.Values{"email": {"admin@council.example"}, "password": {testPassword}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("another account: %d", resp.StatusCode)
	}
	// After the window the account can sign in again.
	f.now = f.now.Add(casework.LoginWindow + time.Minute)
	if resp := f.post(t, client(t), "/staff/sign-in", url.Values{"email": {"officer@council.example"}, "password": {testPassword}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("after the window: %d", resp.StatusCode)
	}
}

func TestSessionsExpire(t *testing.T) {
	f := newStaffFixture(t)
	c := f.signedIn(t, foi.RoleOfficer)
	f.now = f.now.Add(casework.SessionIdle - time.Minute)
	if r, _ := f.get(t, c, "/staff/cases"); r.StatusCode != 200 {
		t.Fatalf("within the idle limit: %d", r.StatusCode)
	}
	f.now = f.now.Add(casework.SessionIdle + time.Minute)
	if r, _ := f.get(t, c, "/staff/cases"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("after the idle limit: %d, want a redirect to sign in", r.StatusCode)
	}
	// Busy all day, the session still ends at the absolute limit.
	c = f.signedIn(t, foi.RoleOfficer)
	for elapsed := time.Duration(0); elapsed < casework.SessionAbsolute; elapsed += time.Hour {
		f.now = f.now.Add(time.Hour)
		f.get(t, c, "/staff/cases")
	}
	f.now = f.now.Add(time.Minute)
	if r, _ := f.get(t, c, "/staff/cases"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("after the absolute limit: %d", r.StatusCode)
	}
}

func TestSecondFactor(t *testing.T) {
	f := newStaffFixture(t)
	c := f.signedIn(t, foi.RoleOfficer)
	secret := f.offeredSecret(t, c)
	if resp, body := f.postBody(t, c, "/staff/account/second-factor", url.Values{"code": {"000000"}}); resp.StatusCode != http.StatusBadRequest ||
		!strings.Contains(body, "security code is not correct") {
		t.Fatalf("a wrong code turned on the second factor: %d", resp.StatusCode)
	}
	code, _ := auth.TOTPCode(secret, f.now)
	if resp := f.post(t, c, "/staff/account/second-factor", url.Values{"code": {code}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("turning on: %d", resp.StatusCode)
	}
	// Signing in now needs the code; the pending session opens nothing.
	// The code that turned the factor on is spent.
	spent := client(t)
	f.post(t, spent, "/staff/sign-in", url.Values{"email": {"officer@council.example"}, "password": {testPassword}})
	if resp, body := f.postBody(t, spent, "/staff/sign-in/code", url.Values{"code": {code}}); resp.StatusCode != http.StatusBadRequest ||
		!strings.Contains(body, "used already") {
		t.Errorf("signing in with the code that turned the factor on: %d, want it refused as used", resp.StatusCode)
	}
	c2 := client(t)
	resp := f.post(t, c2, "/staff/sign-in", url.Values{"email": {"officer@council.example"}, "password": {testPassword}})
	if !strings.HasPrefix(resp.Header.Get("Location"), "/staff/sign-in/code") || cookieNamed(resp, "disclose_session") != nil {
		t.Fatalf("password alone: %d to %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if r, _ := f.get(t, c2, "/staff/cases"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("case list with only a password: %d", r.StatusCode)
	}
	if resp, _ := f.postBody(t, c2, "/staff/sign-in/code", url.Values{"code": {"123456"}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("wrong code: %d", resp.StatusCode)
	}
	f.now = f.now.Add(time.Minute)
	code, _ = auth.TOTPCode(secret, f.now)
	resp = f.post(t, c2, "/staff/sign-in/code", url.Values{"code": {code}})
	if resp.StatusCode != http.StatusSeeOther || cookieNamed(resp, "disclose_session") == nil {
		t.Fatalf("right code: %d", resp.StatusCode)
	}
	if r, _ := f.get(t, c2, "/staff/cases"); r.StatusCode != 200 {
		t.Errorf("case list after the code: %d", r.StatusCode)
	}
	// Someone who saw that code typed cannot sign in with it in the
	// minute it stays valid; the next code works.
	c3 := client(t)
	f.post(t, c3, "/staff/sign-in", url.Values{"email": {"officer@council.example"}, "password": {testPassword}})
	if resp, body := f.postBody(t, c3, "/staff/sign-in/code", url.Values{"code": {code}}); resp.StatusCode != http.StatusBadRequest ||
		!strings.Contains(body, "used already") || cookieNamed(resp, "disclose_session") != nil {
		t.Errorf("the same code again: %d, want it refused as used", resp.StatusCode)
	}
	f.now = f.now.Add(30 * time.Second)
	next, _ := auth.TOTPCode(secret, f.now)
	if resp := f.post(t, c3, "/staff/sign-in/code", url.Values{"code": {next}}); resp.StatusCode != http.StatusSeeOther || cookieNamed(resp, "disclose_session") == nil {
		t.Errorf("the next code after a refused one: %d, want signed in", resp.StatusCode)
	}
}

func TestCaseListFiltersAndSearch(t *testing.T) {
	f := newStaffFixture(t)
	officer := f.users[foi.RoleOfficer]
	other, err := f.svc.SubmitRequest(ctx, officer, casework.NewRequest{
		Requester: foi.Requester{Name: "Pat", Email: "pat@example.org"}, Text: "How many potholes were repaired on Station Road?",
		Regime: foi.EIR, Channel: foi.ChannelPost, ReceivedOn: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.AssignCase(ctx, officer, other.Reference, officer.ID); err != nil {
		t.Fatal(err)
	}
	c := f.signedIn(t, foi.RoleOfficer)
	for _, tt := range []struct {
		query      string
		want, dont []string
	}{
		{"", []string{f.ref.String(), other.Reference.String()}, nil},
		{"?regime=eir", []string{other.Reference.String()}, []string{f.ref.String() + "<"}},
		{"?q=potholes", []string{other.Reference.String()}, []string{f.ref.String() + "<"}},
		{"?q=" + url.QueryEscape(f.ref.String()), []string{f.ref.String()}, []string{other.Reference.String()}},
		{"?assignee=me", []string{other.Reference.String()}, []string{f.ref.String() + "<"}},
		{"?overdue=1", []string{other.Reference.String(), "overdue"}, []string{f.ref.String() + "<"}},
		{"?within=2", []string{other.Reference.String()}, []string{f.ref.String() + "<"}},
		{"?dept=" + itoa(f.users[foi.RoleContributor].ID), []string{f.ref.String()}, []string{other.Reference.String()}},
		{"?status=responded", []string{"No cases match"}, nil},
	} {
		resp, body := f.get(t, c, "/staff/cases"+tt.query)
		if resp.StatusCode != 200 {
			t.Errorf("%s: %d", tt.query, resp.StatusCode)
		}
		for _, w := range tt.want {
			if !strings.Contains(body, w) {
				t.Errorf("/staff/cases%s lacks %q", tt.query, w)
			}
		}
		for _, d := range tt.dont {
			if strings.Contains(body, d) {
				t.Errorf("/staff/cases%s shows %q", tt.query, d)
			}
		}
	}
	// Rows show working days left and parts answered.
	_, body := f.get(t, c, "/staff/cases?q="+url.QueryEscape(f.ref.String()))
	if !strings.Contains(body, "0/7") || !strings.Contains(body, "open") {
		t.Errorf("the seed case row lacks 0/7 parts answered or its status")
	}
	for _, bad := range []string{"?status=nope", "?within=lots", "?order=sideways", "?assignee=x"} {
		if resp, body := f.get(t, c, "/staff/cases"+bad); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "There is a problem") {
			t.Errorf("%s: %d, want 400 with the problem", bad, resp.StatusCode)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestCasePageAnswersEventsAndHistory(t *testing.T) {
	f := newStaffFixture(t)
	c := f.signedIn(t, foi.RoleOfficer)
	page := "/staff/cases/" + f.ref.Slug()
	resp, body := f.get(t, c, page)
	if resp.StatusCode != 200 {
		t.Fatalf("case page: %d", resp.StatusCode)
	}
	for _, want := range []string{"Sam Researcher", "sam@example.org", "Part 7", "How the due date", "working days left", "s43(2)", "History"} {
		if !strings.Contains(body, want) {
			t.Errorf("case page lacks %q", want)
		}
	}
	// A qualified exemption without the public-interest reasoning is refused
	// with the reason, and what was typed is kept.
	resp, body = f.postBody(t, c, page+"/parts/2/answer", url.Values{"outcome": {"withheld"}, "exemptions": {"s43(2)"}, "answer": {"Commercially sensitive"}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "public-interest") || !strings.Contains(body, "Commercially sensitive") {
		t.Errorf("qualified exemption without reasoning: %d", resp.StatusCode)
	}
	if resp := f.post(t, c, page+"/parts/2/answer", url.Values{"outcome": {"granted"}, "answer": {"Volunteering."}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("answering: %d", resp.StatusCode)
	}
	if resp := f.post(t, c, page+"/events", url.Values{"type": {"extended"}, "on": {"2026-11-24"}, "estimate": {"2026-12-30"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("extending: %d", resp.StatusCode)
	}
	_, body = f.get(t, c, page)
	for _, want := range []string{"Volunteering.", "extended", "s.17(2) estimate: decision expected by 2026-12-30", "part-answered", "viewed"} {
		if !strings.Contains(body, want) {
			t.Errorf("after answering and extending, the page lacks %q", want)
		}
	}
	if strings.Index(body, "extended (") > strings.Index(body, "part-answered") {
		t.Errorf("history is not newest first")
	}
	if resp, body := f.postBody(t, c, page+"/events", url.Values{"type": {"fee-paid"}}); resp.StatusCode != http.StatusConflict || !strings.Contains(body, "cannot record fee-paid") {
		t.Errorf("a fee paid with no notice: %d", resp.StatusCode)
	}
}

func TestContributorSeesOnlyTheirPart(t *testing.T) {
	f := newStaffFixture(t)
	c := f.signedIn(t, foi.RoleContributor)
	resp, body := f.get(t, c, "/staff/cases/"+f.ref.Slug())
	if resp.StatusCode != 200 {
		t.Fatalf("contributor's case page: %d", resp.StatusCode)
	}
	if !strings.Contains(body, "Part 1") || strings.Contains(body, "Part 2") || strings.Contains(body, "Sam Researcher") || strings.Contains(body, "sam@example.org") {
		t.Errorf("contributor sees more than part 1, or the requester")
	}
	if resp := f.post(t, c, "/staff/cases/"+f.ref.Slug()+"/parts/1/input", url.Values{"input": {"We commission all four."}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("input: %d", resp.StatusCode)
	}
	_, body = f.get(t, f.signedIn(t, foi.RoleOfficer), "/staff/cases/"+f.ref.Slug())
	if !strings.Contains(body, "We commission all four.") {
		t.Errorf("the officer does not see the contributor's input")
	}
	_, list := f.get(t, c, "/staff/cases")
	if strings.Contains(list, "Sam Researcher") || !strings.Contains(list, f.ref.String()) {
		t.Errorf("contributor's case list is wrong")
	}
}

func TestLogARequestSplitsIt(t *testing.T) {
	f := newStaffFixture(t)
	c := f.signedIn(t, foi.RoleOfficer)
	resp, body := f.postBody(t, c, "/staff/cases/new", url.Values{"received_on": {"2026-11-20"}, "channel": {"post"}, "regime": {"foia"}, "text": {"1. How many?\n2. How much?"}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Requester name is required") || !strings.Contains(body, "How much?") {
		t.Fatalf("no name: %d", resp.StatusCode)
	}
	resp = f.post(t, c, "/staff/cases/new", url.Values{"received_on": {"2026-11-20"}, "channel": {"post"}, "regime": {"foia"},
		"name": {"Ann"}, "address": {"1 High St"}, "text": {"1. How many?\n2. How much?"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("logging: %d", resp.StatusCode)
	}
	_, body = f.get(t, c, resp.Header.Get("Location"))
	if !strings.Contains(body, "Part 2") || !strings.Contains(body, "20 November 2026 by post") {
		t.Errorf("logged request page lacks its parts or receipt")
	}
}

func TestLettersApprovalSendingAndPDF(t *testing.T) {
	f := newStaffFixture(t)
	officer := f.signedIn(t, foi.RoleOfficer)
	page := "/staff/cases/" + f.ref.Slug()
	if resp, body := f.postBody(t, officer, page+"/letters", url.Values{"kind": {"response"}}); resp.StatusCode != http.StatusConflict || !strings.Contains(body, "answer every part") {
		t.Errorf("drafting a response before answering: %d", resp.StatusCode)
	}
	for n := 1; n <= 7; n++ {
		if err := answer(f, n, "Answer "+string(rune('0'+n))); err != nil {
			t.Fatal(err)
		}
	}
	admin := f.signedIn(t, foi.RoleAdmin)
	if resp := f.post(t, admin, "/staff/admin/approval", url.Values{"need_approval": {"yes"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatal(resp.StatusCode)
	}
	resp := f.post(t, officer, page+"/letters", url.Values{"kind": {"response"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("drafting: %d", resp.StatusCode)
	}
	letter := strings.SplitN(resp.Header.Get("Location"), "?", 2)[0]
	if resp, body := f.postBody(t, officer, letter+"/send", nil); resp.StatusCode != http.StatusConflict || !strings.Contains(body, "approval") {
		t.Errorf("sending unapproved: %d", resp.StatusCode)
	}
	if resp := f.post(t, officer, letter+"/approve", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an officer approving: %d", resp.StatusCode)
	}
	if resp := f.post(t, f.signedIn(t, foi.RoleReviewer), letter+"/approve", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("approving: %d", resp.StatusCode)
	}
	// Email is not set up here: the page says so and offers only posting;
	// emailing is refused and changes nothing.
	_, body := f.get(t, officer, letter)
	if !strings.Contains(body, "This letter cannot be emailed: email is not set up on this server") || strings.Contains(body, `id="send"`) {
		t.Error("the letter page offers to email it with no email set up")
	}
	if resp, body := f.postBody(t, officer, letter+"/send", nil); resp.StatusCode != http.StatusConflict || !strings.Contains(body, "record it as posted") {
		t.Errorf("emailing with no email set up: %d", resp.StatusCode)
	}
	if r, _ := f.svc.Store.FindRequest(ctx, f.ref); r.Status == foi.StatusResponded {
		t.Fatal("a letter that was not sent made the case responded")
	}
	if resp, body := f.postBody(t, officer, letter+"/post", url.Values{"posted_on": {"2026-11-26"}}); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "is in the future") {
		t.Errorf("posting tomorrow: %d", resp.StatusCode)
	}
	if resp := f.post(t, officer, letter+"/post", url.Values{"posted_on": {"2026-11-24"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("recording it as posted: %d", resp.StatusCode)
	}
	_, body = f.get(t, officer, letter)
	if !strings.Contains(body, "Rita Reviewer") || !strings.Contains(body, "Olu Officer") || strings.Contains(body, `name="body"`) {
		t.Errorf("sent letter page lacks approver or sender, or can still be edited")
	}
	if sent := between(body, `id="sent">`, "</dd>"); !strings.HasPrefix(sent, "Posted 24 November 2026, not emailed") {
		t.Errorf("the posted letter reads %q", sent)
	}
	if r, _ := f.svc.Store.FindRequest(ctx, f.ref); foi.FormatDate(r.RespondedOn) != "2026-11-24" {
		t.Errorf("responded on %s, want the day it was posted", foi.FormatDate(r.RespondedOn))
	}
	resp, pdf := f.get(t, officer, letter+"/pdf")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf, "%PDF-") {
		t.Errorf("PDF: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	_, body = f.get(t, officer, page)
	if !strings.Contains(body, "responded") || !strings.Contains(body, "letter-sent") {
		t.Errorf("case not marked responded after sending")
	}
}

func answer(f *staffFixture, n int, text string) error {
	_, err := f.svc.AnswerPart(ctx, f.users[foi.RoleOfficer], f.ref, n, casework.Answer{Text: text, Outcome: foi.Granted})
	return err
}

func TestAttachmentsUploadSniffAndDownload(t *testing.T) {
	f := newStaffFixture(t)
	c := f.signedIn(t, foi.RoleOfficer)
	page := "/staff/cases/" + f.ref.Slug()
	upload := func(name string, data []byte) (*http.Response, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(data)
		mw.WriteField("release", "yes")
		mw.Close()
		resp, err := c.Post(f.srv.URL+page+"/attachments", mw.FormDataContentType(), &buf)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp, string(b)
	}
	if resp, body := upload("report.pdf", []byte("MZ\x90\x00 not a pdf at all")); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "does not look like a .pdf") {
		t.Errorf("a fake PDF: %d", resp.StatusCode)
	}
	if resp, body := upload("run.exe", []byte("MZ")); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "cannot be attached") {
		t.Errorf("an .exe: %d", resp.StatusCode)
	}
	pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	if resp, _ := upload("report.pdf", pdf); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("a real PDF: %d", resp.StatusCode)
	}
	_, body := f.get(t, c, page)
	if !strings.Contains(body, "report.pdf") || !strings.Contains(body, "attachment-added") {
		t.Fatalf("uploaded file not listed or not audited")
	}
	resp, got := f.get(t, c, page+"/attachments/2")
	if resp.StatusCode != 200 || got != string(pdf) || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("download: %d %q", resp.StatusCode, resp.Header.Get("Content-Disposition"))
	}
	if resp := f.post(t, c, page+"/attachments/2/release", url.Values{"release": {"no"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("unmarking: %d", resp.StatusCode)
	}
	_, body = f.get(t, c, page)
	if !strings.Contains(body, "attachment-downloaded") || !strings.Contains(body, "report.pdf, not for release") {
		t.Errorf("download or release change not in the history")
	}
}

func TestAdminEditsLetterTemplates(t *testing.T) {
	f := newStaffFixture(t)
	c := f.signedIn(t, foi.RoleAdmin)
	if resp, body := f.postBody(t, c, "/staff/admin/templates/acknowledgement", url.Values{"template": {"Dear {{.Requester.Nmae}}"}}); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Nmae") {
		t.Errorf("a broken template: %d", resp.StatusCode)
	}
	if resp := f.post(t, c, "/staff/admin/templates/acknowledgement", url.Values{"template": {"Dear {{.Requester.Name}}, we have {{.Reference}}."}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving: %d", resp.StatusCode)
	}
	resp := f.post(t, c, "/staff/cases/"+f.ref.Slug()+"/letters", url.Values{"kind": {"acknowledgement"}})
	_, body := f.get(t, c, strings.SplitN(resp.Header.Get("Location"), "?", 2)[0])
	if !strings.Contains(body, "Dear Sam Researcher, we have "+f.ref.String()+".") {
		t.Errorf("letter not from the edited template")
	}
}

func TestAPITokensKeepTheirPermissions(t *testing.T) {
	f := newStaffFixture(t)
	secret, hash := auth.NewToken()
	contributor := f.users[foi.RoleContributor]
	if err := f.svc.Store.Update(ctx, func(tx foi.Tx) error {
		return tx.CreateToken(ctx, &foi.Token{UserID: contributor.ID, Hash: hash})
	}); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", f.srv.URL+"/api/v1/requests/"+f.ref.Slug(), nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || strings.Contains(string(b), "Sam Researcher") || strings.Contains(string(b), "If so, what Social Value") {
		t.Errorf("contributor via the API: %d, sees the requester or other parts:\n%s", resp.StatusCode, b)
	}
	req, _ = http.NewRequest("PATCH", f.srv.URL+"/api/v1/requests/"+f.ref.Slug()+"/parts/1", strings.NewReader(`{"answer":"Yes","outcome":"granted"}`))
	req.Header.Set("Authorization", "Bearer "+secret)
	req.Header.Set("Content-Type", "application/json")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("contributor answering via the API: %d, want 403", resp.StatusCode)
	}
}

func TestAssignmentAndPartEditingPages(t *testing.T) {
	f := newStaffFixture(t)
	c := f.signedIn(t, foi.RoleOfficer)
	page := "/staff/cases/" + f.ref.Slug()
	officerID := itoa(f.users[foi.RoleOfficer].ID)
	if resp, body := f.postBody(t, c, page+"/assign", url.Values{"assignee": {itoa(f.users[foi.RoleContributor].ID)}}); resp.StatusCode != http.StatusBadRequest ||
		!strings.Contains(body, "cannot handle a request") {
		t.Errorf("assigning a case to a contributor: %d", resp.StatusCode)
	}
	if resp := f.post(t, c, page+"/assign", url.Values{"assignee": {officerID}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("assigning: %d", resp.StatusCode)
	}
	if resp := f.post(t, c, page+"/parts/2/assign", url.Values{"dept": {itoa(f.users[foi.RoleContributor].ID)}, "due": {"2026-12-01"}, "note": {"figures please"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("asking a department: %d", resp.StatusCode)
	}
	if resp, body := f.postBody(t, c, page+"/parts/3/assign", url.Values{"dept": {itoa(f.users[foi.RoleContributor].ID)}, "due": {"2026-11-01"}}); resp.StatusCode != http.StatusBadRequest ||
		!strings.Contains(body, "in the past") {
		t.Errorf("an internal due date in the past: %d", resp.StatusCode)
	}
	if resp := f.post(t, c, page+"/parts/6/merge", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("merging 6 and 7: %d", resp.StatusCode)
	}
	if resp := f.post(t, c, page+"/parts/5/split", url.Values{"first": {"How are outcomes measured?"}, "second": {"How are they evaluated?"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("splitting 5: %d", resp.StatusCode)
	}
	if resp := f.post(t, c, page+"/parts/4/edit", url.Values{"text": {"What weighting is given?"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("editing 4: %d", resp.StatusCode)
	}
	if resp, _ := f.postBody(t, c, page+"/parts/4/edit", url.Values{"text": {"  "}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("emptying a part: %d", resp.StatusCode)
	}
	_, body := f.get(t, c, page)
	for _, want := range []string{"Olu Officer (officer)</option>", "figures please", "1 December 2026", "How are they evaluated?",
		"What weighting is given?", "parts-merged", "part-split", "part-edited", "part-assigned", "assigned to Olu Officer"} {
		if !strings.Contains(body, want) {
			t.Errorf("after assigning and editing parts, the page lacks %q", want)
		}
	}
	if n := strings.Count(body, `class="dsc-case-part"`); n != 7 {
		t.Errorf("%d parts after merging two and splitting one, want 7", n)
	}
	_, list := f.get(t, c, "/staff/cases?assignee=me")
	if !strings.Contains(list, f.ref.String()) {
		t.Errorf("the case is not in my list after assigning it to me")
	}
}

func TestLetterEditingAndAdminPage(t *testing.T) {
	f := newStaffFixture(t)
	c := f.signedIn(t, foi.RoleOfficer)
	letter := "/staff/cases/" + f.ref.Slug() + "/letters/" + itoa(f.letterID)
	if resp := f.post(t, c, letter, url.Values{"body": {"Dear Sam,\r\nWe have your request."}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("editing the letter: %d", resp.StatusCode)
	}
	if _, body := f.get(t, c, letter); !strings.Contains(body, "Dear Sam,\nWe have your request.") {
		t.Errorf("edited letter not shown")
	}
	if resp, _ := f.postBody(t, c, letter, url.Values{"body": {""}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("emptying the letter: %d", resp.StatusCode)
	}
	resp, body := f.get(t, f.signedIn(t, foi.RoleAdmin), "/staff/admin")
	if resp.StatusCode != 200 || !strings.Contains(body, "Response letter (the built-in default)") || !strings.Contains(body, "{{.Requester.Name}}") {
		t.Errorf("admin page: %d", resp.StatusCode)
	}
}
