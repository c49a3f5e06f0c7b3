// SPDX-License-Identifier: AGPL-3.0-or-later

package web_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"disclose/internal/browsertest"
	"disclose/internal/casework"
	"disclose/internal/foi"
)

// TestDepartmentInputInABrowser: the administrator sets the days before
// the statutory date and a department's manager (a bad address refused
// beside the form, axe-clean); when the input is late, the case officer's
// dashboard lists it, naming the department (axe-clean).
func TestDepartmentInputInABrowser(t *testing.T) {
	f := newStaffFixture(t)
	officer, dept := f.users[foi.RoleOfficer], f.users[foi.RoleContributor]
	if err := f.svc.AssignCase(ctx, f.users[foi.RoleAdmin], f.ref, officer.ID); err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t)
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(b, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	browserSignIn(t, b, f, foi.RoleAdmin)
	manager := "#manager_" + strconv.FormatInt(dept.ID, 10)
	do("a bad manager address", chromedp.Navigate(f.srv.URL+"/staff/admin#input"), waitFor("/staff/admin"),
		chromedp.SetValue(chromedp.CSS("#input_days"), "3"),
		chromedp.SetValue(chromedp.CSS(manager), "head of service"),
		click(`form[action="/staff/admin/input"] button[type=submit]`),
		waitUntil(`document.readyState === 'complete' && document.querySelector('#input-error') !== null`))
	if msg, _ := chromedp.Run(b, chromedp.Evaluate[string](`document.querySelector('#input-error').innerText`)); !strings.Contains(msg, "not an email address") {
		t.Errorf("the refusal says %q", msg)
	}
	browsertest.CheckAxe(t, b, "settings with the department input refused")
	do("a good one", chromedp.SetValue(chromedp.CSS(manager), "head.of.childrens@council.example"),
		click(`form[action="/staff/admin/input"] button[type=submit]`), waitFor("notice=settings"))
	if is, _ := f.svc.InputSettings(ctx); is.Days != 3 || is.Managers[dept.ID] != "head.of.childrens@council.example" {
		t.Errorf("saved: %+v", is)
	}

	// Part 1 was asked of the department at the fixture's start (25
	// November) without a date: due that day. On 27 November it is late.
	f.now = time.Date(2026, 11, 27, 10, 0, 0, 0, casework.UK)
	browserSignIn(t, b, f, foi.RoleOfficer)
	do("the officer's dashboard", chromedp.Navigate(f.srv.URL+"/staff/dashboard"), waitFor("/staff/dashboard"))
	row, err := chromedp.Run(b, chromedp.Evaluate[string](`(document.querySelector('#inputs-overdue ~ div table tbody') || {innerText: ''}).innerText`))
	if err != nil || !strings.Contains(row, f.ref.String()) || !strings.Contains(row, "Input from Children's Services on part 1") {
		t.Errorf("the dashboard's overdue input reads %q (%v)", row, err)
	}
	browsertest.CheckAxe(t, b, "dashboard with department input overdue")
}
