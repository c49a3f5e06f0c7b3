// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/mail"
	"disclose/internal/web"
)

// noRedirects is a client that shows redirects instead of following them.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func get(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func post(t *testing.T, u string, form url.Values) (*http.Response, string) {
	t.Helper()
	resp, err := noRedirects.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func requestForm(name, email, address, text string) url.Values {
	return url.Values{"name": {name}, "email": {email}, "address": {address}, "request-text": {text}}
}

// hiddenFields reads the hidden inputs of the check page, as a browser
// would send them back.
func hiddenFields(t *testing.T, page string) url.Values {
	t.Helper()
	v := url.Values{}
	re := regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)
	for _, m := range re.FindAllStringSubmatch(page, -1) {
		v.Set(m[1], htmlUnescape(m[2]))
	}
	if len(v) == 0 {
		t.Fatal("the check page carries no hidden fields")
	}
	return v
}

func htmlUnescape(s string) string {
	r := strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&#43;", "+", "&#10;", "\n", "&#13;", "\r")
	return r.Replace(s)
}

func TestRequestFormShowsEveryQuestion(t *testing.T) {
	f := newFixture(t)
	status, body := get(t, f.srv.URL+"/requests/new")
	if status != 200 {
		t.Fatalf("GET /requests/new = %d", status)
	}
	for _, want := range []string{`id="name"`, `id="email"`, `id="address"`, `id="request-text"`,
		`data-module="govuk-character-count"`, `data-maxlength="12500"`, `name="website"`, `aria-live="polite"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the form lacks %s", want)
		}
	}
}

func TestRequestFormErrorsSayWhatToFix(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name string
		form url.Values
		want []string // messages, in page order
	}{
		{"empty", requestForm("", "", "", ""), []string{"Enter your name",
			"Enter an email address or a postal address, so we can send you our response", "Enter the information you want"}},
		{"bad email", requestForm("Sam", "sam-at-example", "", "How many?"),
			[]string{"Enter an email address in the correct format, like name@example.com"}},
		{"too long", requestForm("Sam", "sam@example.org", "", strings.Repeat("é", 12501)),
			[]string{"Your request must be 12,500 characters or fewer (it has 12,501)"}},
		{"long name", requestForm(strings.Repeat("n", 201), "", "1 High Street", "How many?"),
			[]string{"Your name must be 200 characters or fewer"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := post(t, f.srv.URL+"/requests/new", tt.form)
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("status %d, want 400", resp.StatusCode)
			}
			summary := body[strings.Index(body, "govuk-error-summary"):]
			last := 0
			for _, msg := range tt.want {
				i := strings.Index(summary, msg)
				if i < last {
					t.Errorf("error summary lacks %q (or it is out of order)", msg)
				}
				last = i
			}
			if !strings.Contains(body, "<title>Error: ") {
				t.Error("the title does not start with Error:")
			}
			// What was typed is kept.
			if n := tt.form.Get("name"); n != "" && !strings.Contains(body, `value="`+n+`"`) {
				t.Error("the name typed was lost")
			}
		})
	}
	if _, n, _ := f.store.FindRequests(ctx, foi.RequestFilter{}); n != 0 {
		t.Errorf("%d requests stored from forms with errors", n)
	}
}

// sendRequest goes through the whole flow as a browser without JavaScript
// would and returns the tracking link's path.
func sendRequest(t *testing.T, f *fixture, form url.Values) string {
	t.Helper()
	resp, check := post(t, f.srv.URL+"/requests/new", form)
	if resp.StatusCode != 200 || !strings.Contains(check, "Check your answers before sending your request") {
		t.Fatalf("POST /requests/new = %d:\n%s", resp.StatusCode, check)
	}
	resp, _ = post(t, f.srv.URL+"/requests/new/send", hiddenFields(t, check))
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/track/") || !strings.HasSuffix(loc, "/confirmation") {
		t.Fatalf("sending = %d to %q, want 303 to /track/TOKEN/confirmation", resp.StatusCode, loc)
	}
	return strings.TrimSuffix(loc, "/confirmation")
}

func TestMakeARequestWithoutJavaScript(t *testing.T) {
	f := newFixture(t)
	form := requestForm("Sam Requester", "sam@example.org", "", "1. How many libraries?\n2. What did they cost?")
	_, check := post(t, f.srv.URL+"/requests/new", form)
	for _, want := range []string{"Sam Requester", "sam@example.org", "1. How many libraries?", "Not given",
		`name="change" value="name"`, `name="change" value="request-text"`, "Published answers that look similar"} {
		if !strings.Contains(check, want) {
			t.Errorf("the check page lacks %q", want)
		}
	}
	// Change goes back to the form with everything kept.
	change := hiddenFields(t, check)
	change.Set("change", "email")
	_, again := post(t, f.srv.URL+"/requests/new", change)
	if !strings.Contains(again, `value="sam@example.org"`) || !strings.Contains(again, "1. How many libraries?") ||
		!regexp.MustCompile(`id="email"[^>]*autofocus`).MatchString(again) {
		t.Error("Change did not return to the form with the answers kept and the field focused")
	}
	if _, n, _ := f.store.FindRequests(ctx, foi.RequestFilter{}); n != 0 {
		t.Fatalf("a request was stored before it was sent (%d)", n)
	}

	track := sendRequest(t, f, form)
	status, conf := get(t, f.srv.URL+track+"/confirmation")
	if status != 200 {
		t.Fatalf("confirmation = %d", status)
	}
	for _, want := range []string{"Request sent", "FOI 1", "24 December 2026", "What happens next", track} {
		if !strings.Contains(conf, want) {
			t.Errorf("the confirmation lacks %q", want)
		}
	}
	rs, n, _ := f.store.FindRequests(ctx, foi.RequestFilter{})
	if n != 1 || rs[0].Requester.Name != "Sam Requester" || rs[0].Channel != foi.ChannelWeb || len(rs[0].Parts) != 2 {
		t.Fatalf("stored: %d requests, %+v", n, rs)
	}
	status, page := get(t, f.srv.URL+track)
	if status != 200 || !strings.Contains(page, "Being dealt with") || !strings.Contains(page, "24 December 2026") ||
		!strings.Contains(page, "We received your request") || strings.Contains(page, "Sam Requester") || strings.Contains(page, "sam@example.org") {
		t.Errorf("tracking page (%d) is wrong or shows the requester's details:\n%s", status, page)
	}
}

func TestTrackingPagesArePrivate(t *testing.T) {
	f := newFixture(t)
	track := sendRequest(t, f, requestForm("Sam", "sam@example.org", "", "How many?"))
	resp, err := http.Get(f.srv.URL + track)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("Cache-Control") != "no-store" || !strings.Contains(resp.Header.Get("X-Robots-Tag"), "noindex") {
		t.Errorf("tracking page headers: Cache-Control %q, X-Robots-Tag %q", resp.Header.Get("Cache-Control"), resp.Header.Get("X-Robots-Tag"))
	}
	for _, bad := range []string{"/track/nonsense", track + "x", track + "x/review"} {
		if status, body := get(t, f.srv.URL+bad); status != 404 || !strings.Contains(body, "tracking link is not recognised") {
			t.Errorf("GET %s = %d", bad, status)
		}
	}
}

func TestHoneypotRefusesRobots(t *testing.T) {
	f := newFixture(t)
	form := requestForm("Bot", "bot@example.org", "", "Buy now")
	form.Set("website", "http://spam.example")
	resp, body := post(t, f.srv.URL+"/requests/new/send", form)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "filled in automatically") {
		t.Errorf("honeypot filled: %d", resp.StatusCode)
	}
	if _, n, _ := f.store.FindRequests(ctx, foi.RequestFilter{}); n != 0 {
		t.Errorf("a robot's request was stored")
	}
}

func TestPublicFormsAreRateLimited(t *testing.T) {
	f := newFixture(t)
	form := requestForm("Sam", "sam@example.org", "", "How many?")
	for i := 0; i < casework.SubmitLimit.Max; i++ {
		resp, _ := post(t, f.srv.URL+"/requests/new/send", form)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("request %d: %d", i+1, resp.StatusCode)
		}
	}
	resp, body := post(t, f.srv.URL+"/requests/new/send", form)
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "Try again after") {
		t.Errorf("request %d in an hour: %d, want 429 saying when to try again", casework.SubmitLimit.Max+1, resp.StatusCode)
	}
	if _, n, _ := f.store.FindRequests(ctx, foi.RequestFilter{}); n != casework.SubmitLimit.Max {
		t.Errorf("%d stored, want %d", n, casework.SubmitLimit.Max)
	}
}

func TestOversizedFormIsRefused(t *testing.T) {
	f := newFixture(t)
	resp, body := post(t, f.srv.URL+"/requests/new", requestForm("Sam", "", "", strings.Repeat("x", 300<<10)))
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "larger than 256 KB") {
		t.Errorf("a 300 KB form: %d", resp.StatusCode)
	}
}

// respondAsStaff answers every part of the request behind a tracking link
// and records the response.
func respondAsStaff(t *testing.T, f *fixture, on string) *foi.Request {
	t.Helper()
	rs, _, err := f.store.FindRequests(ctx, foi.RequestFilter{Order: foi.OrderReceived, Limit: 1})
	if err != nil || len(rs) == 0 {
		t.Fatal("no request", err)
	}
	officer, _ := f.store.FindUserByEmail(ctx, "officer@council.example")
	r := rs[0]
	for _, p := range r.Parts {
		if _, err := f.svc.AnswerPart(ctx, officer, r.Reference, p.Number, casework.Answer{Text: "Answer to " + p.Text, Outcome: foi.Granted}); err != nil {
			t.Fatal(err)
		}
	}
	d, _ := foi.ParseDate(on)
	r, err = f.svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventResponded, On: d})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestAskForAnInternalReview(t *testing.T) {
	f := newFixture(t)
	track := sendRequest(t, f, requestForm("Sam", "sam@example.org", "", "1. How many libraries?\n2. What did they cost?"))
	if status, _ := get(t, f.srv.URL+track+"/review"); status != http.StatusConflict {
		t.Errorf("review form before the response = %d, want 409", status)
	}
	respondAsStaff(t, f, "2026-11-25")
	_, page := get(t, f.srv.URL+track)
	q1, a1, q2 := strings.Index(page, "How many libraries?"), strings.Index(page, "Answer to How many libraries?"), strings.Index(page, "What did they cost?")
	if !(q1 >= 0 && q1 < a1 && a1 < q2) || !strings.Contains(page, "Ask for an internal review") || !strings.Contains(page, "27 January 2027") {
		t.Errorf("the answered tracking page does not show each question then its answer, and the review window")
	}
	resp, body := post(t, f.srv.URL+track+"/review", url.Values{"reason": {"  "}})
	if resp.StatusCode != 400 || !strings.Contains(body, "Enter why you want a review") {
		t.Errorf("an empty review reason: %d", resp.StatusCode)
	}
	resp, _ = post(t, f.srv.URL+track+"/review", url.Values{"reason": {"You missed the 2025 costs."}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != track+"?done=review" {
		t.Fatalf("asking for a review: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, page = get(t, f.srv.URL+track+"?done=review")
	if !strings.Contains(page, "You have asked for an internal review") || !strings.Contains(page, "Under internal review") {
		t.Error("the tracking page does not confirm the review")
	}
}

func TestWithdrawARequest(t *testing.T) {
	f := newFixture(t)
	track := sendRequest(t, f, requestForm("Sam", "sam@example.org", "", "How many?"))
	status, confirm := get(t, f.srv.URL+track+"/withdraw")
	if status != 200 || !strings.Contains(confirm, "Are you sure you want to withdraw your request?") {
		t.Fatalf("withdraw confirmation = %d", status)
	}
	if rs, _, _ := f.store.FindRequests(ctx, foi.RequestFilter{}); rs[0].Status != foi.StatusOpen {
		t.Fatal("showing the confirmation withdrew the request")
	}
	resp, _ := post(t, f.srv.URL+track+"/withdraw", url.Values{"reason": {"Found it online."}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("withdrawing: %d", resp.StatusCode)
	}
	_, page := get(t, f.srv.URL+track+"?done=withdrawn")
	if !strings.Contains(page, "You have withdrawn your request.") || strings.Contains(page, "Withdraw your request</a>") {
		t.Error("the tracking page does not show the withdrawal")
	}
	// The link opened again, or the form sent twice, says it is done
	// rather than "Conflict", and withdraws nothing more.
	const already = "You have already withdrawn this request"
	if status, page := get(t, f.srv.URL+track+"/withdraw"); status != http.StatusOK || !strings.Contains(page, already) {
		t.Errorf("opening the withdraw link again: %d, want the tracking page saying %q", status, already)
	}
	resp, _ = post(t, f.srv.URL+track+"/withdraw", nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != track+"?done=already-withdrawn" {
		t.Errorf("withdrawing twice: %d to %q, want a redirect to the tracking page", resp.StatusCode, resp.Header.Get("Location"))
	}
	rs, _, _ := f.store.FindRequests(ctx, foi.RequestFilter{})
	events, err := f.store.FindEvents(ctx, rs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	withdrawals := 0
	for _, e := range events {
		if e.Type == foi.EventWithdrawn {
			withdrawals++
		}
	}
	if withdrawals != 1 {
		t.Errorf("%d withdrawal events, want 1", withdrawals)
	}
}

func TestEveryTrackingViewIsAudited(t *testing.T) {
	f := newFixture(t)
	track := sendRequest(t, f, requestForm("Sam", "sam@example.org", "", "How many?"))
	for _, p := range []string{"/confirmation", "", "/withdraw"} {
		get(t, f.srv.URL+track+p)
	}
	rs, _, _ := f.store.FindRequests(ctx, foi.RequestFilter{})
	events, _ := f.store.FindEvents(ctx, rs[0].ID)
	n := 0
	for _, e := range events {
		if e.Type == foi.EventViewed && e.Note == "viewed by requester via tracking link" {
			n++
		}
	}
	if n != 3 {
		t.Errorf("%d audited tracking views, want 3", n)
	}
}

// publishAnswered submits a request as staff, answers it, responds and
// publishes it under a title; it returns the reference.
func publishAnswered(t *testing.T, f *fixture, title, category, text string, answers ...string) foi.Reference {
	t.Helper()
	officer, _ := f.store.FindUserByEmail(ctx, "officer@council.example")
	d, _ := foi.ParseDate("2026-10-01")
	r, err := f.svc.SubmitRequest(ctx, officer, casework.NewRequest{
		Requester: foi.Requester{Name: "Someone", Email: "someone@example.org"},
		Text:      text, Channel: foi.ChannelEmail, ReceivedOn: d,
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range r.Parts {
		a := "Not held."
		if i < len(answers) {
			a = answers[i]
		}
		if _, err := f.svc.AnswerPart(ctx, officer, r.Reference, p.Number, casework.Answer{Text: a, Outcome: foi.Granted}); err != nil {
			t.Fatal(err)
		}
	}
	on, _ := foi.ParseDate("2026-10-20")
	if _, err := f.svc.RecordEvent(ctx, officer, r.Reference, casework.ClockEvent{Type: foi.EventResponded, On: on}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Publish(ctx, officer, r.Reference, casework.PublishInput{Title: title, Category: category, PublishedOn: on}); err != nil {
		t.Fatal(err)
	}
	return r.Reference
}

func TestCheckPageShowsSimilarPublishedAnswers(t *testing.T) {
	f := newFixture(t)
	ref := publishAnswered(t, f, "Public toilets", "Environment", "How many public toilets does the council maintain?", "23")
	publishAnswered(t, f, "Parking fines", "Transport", "How much was collected in parking fines?", "£1.2m")
	_, check := post(t, f.srv.URL+"/requests/new", requestForm("Sam", "sam@example.org", "", "Please tell me how many public toilets you maintain, and where."))
	if !strings.Contains(check, `href="/disclosure-log/`+ref.Slug()+`">Public toilets</a>`) || !strings.Contains(check, "20 October 2026") {
		t.Errorf("the check page does not list the similar published answer %s", ref)
	}
	if strings.Contains(check, "Parking fines") {
		t.Error("the check page lists an unrelated answer")
	}
	_, none := post(t, f.srv.URL+"/requests/new", requestForm("Sam", "sam@example.org", "", "Zebra crossings near schools"))
	if !strings.Contains(none, "We found no published answers like your request.") {
		t.Error("an unmatched request does not say nothing similar was found")
	}
}

// Behind a trusted reverse proxy the limits count each client the proxy
// names, not the proxy; a client talking to us directly cannot dodge them
// by forging X-Forwarded-For.
func TestRateLimitsCountTheClientBehindATrustedProxy(t *testing.T) {
	f := newFixture(t)
	sent := 0
	send := func(forwardedFor string) int {
		t.Helper()
		// Each gives its own email address: this counts clients, not
		// requests giving one address (casework.RecipientLimit).
		sent++
		form := requestForm("Sam", fmt.Sprintf("sam%d@example.org", sent), "", "How many?")
		req, _ := http.NewRequest("POST", f.srv.URL+"/requests/new/send", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", forwardedFor)
		resp, err := noRedirects.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	var err error
	if f.site.TrustedProxies, err = web.ParseProxies("127.0.0.1"); err != nil {
		t.Fatal(err)
	}
	for i := range casework.SubmitLimit.Max {
		if code := send("198.51.100.7"); code != http.StatusSeeOther {
			t.Fatalf("request %d from the first client: %d", i+1, code)
		}
	}
	if code := send("198.51.100.7"); code != http.StatusTooManyRequests {
		t.Errorf("one request too many from the first client: %d, want 429", code)
	}
	if code := send("198.51.100.8"); code != http.StatusSeeOther {
		t.Errorf("another client behind the same proxy: %d, want its own limit", code)
	}

	f.site.TrustedProxies = nil
	for i := range casework.SubmitLimit.Max {
		if code := send(fmt.Sprintf("192.0.2.%d", i+1)); code != http.StatusSeeOther {
			t.Fatalf("direct request %d: %d", i+1, code)
		}
	}
	if code := send("192.0.2.200"); code != http.StatusTooManyRequests {
		t.Errorf("a direct client forging a new address each time: %d, want 429", code)
	}
}

// The confirmation page says an acknowledgement was emailed only when one
// was: with email set up and an address given, not otherwise.
func TestConfirmationSaysWhetherAnEmailWasSent(t *testing.T) {
	const sent, notSent = "We have sent an email to the address you gave us", "We have not sent you an email"
	f := newFixture(t)
	track := sendRequest(t, f, requestForm("Sam", "sam@example.org", "", "How many?"))
	if _, page := get(t, f.srv.URL+track+"/confirmation"); !strings.Contains(page, notSent) || strings.Contains(page, sent) {
		t.Errorf("without email set up, the confirmation does not say no email was sent")
	}
	addrs, err := mail.NewAddresses("Thurrock FOI <foi@thurrock.example>", "", []byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	if f.svc.Mail, err = mail.NewComposer(addrs); err != nil {
		t.Fatal(err)
	}
	track = sendRequest(t, f, requestForm("Sam", "sam@example.org", "", "How many?"))
	if _, page := get(t, f.srv.URL+track+"/confirmation"); !strings.Contains(page, sent) || strings.Contains(page, notSent) {
		t.Errorf("with email set up, the confirmation does not say the acknowledgement was sent")
	}
	track = sendRequest(t, f, requestForm("Sam", "", "1 High Street, Grays RM17 6SL", "How many?"))
	if _, page := get(t, f.srv.URL+track+"/confirmation"); !strings.Contains(page, notSent) {
		t.Errorf("to a requester who gave no email, the confirmation claims an email was sent")
	}
}
