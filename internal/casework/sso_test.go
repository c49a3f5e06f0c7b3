// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

func TestRoleRules(t *testing.T) {
	for in, want := range map[string]casework.RoleRule{
		"FOI Team=officer":                   {Value: "FOI Team", Role: foi.RoleOfficer},
		"a=b=admin":                          {Value: "a=b", Role: foi.RoleAdmin},
		"highways=contributor:Highways":      {Value: "highways", Role: foi.RoleContributor, Department: "Highways"},
		" Disclose.Reviewer = reviewer ":     {Value: "Disclose.Reviewer", Role: foi.RoleReviewer},
		"council.gov.uk=contributor":         {Value: "council.gov.uk", Role: foi.RoleContributor},
		"x=contributor: Children's Services": {Value: "x", Role: foi.RoleContributor, Department: "Children's Services"},
	} {
		got, err := casework.ParseRoleRule(in)
		if err != nil || got != want {
			t.Errorf("%q: %+v, %v; want %+v", in, got, err, want)
		}
	}
	for in, why := range map[string]string{
		"officer":            "want CLAIM-VALUE=ROLE",
		"=officer":           "want CLAIM-VALUE=ROLE",
		"team=chief":         "unknown role",
		"team=officer:Roads": "only a contributor takes a department",
		"team=contributor:":  "only a contributor takes a department",
	} {
		if _, err := casework.ParseRoleRule(in); err == nil || !strings.Contains(foi.ErrorMessage(err), why) {
			t.Errorf("%q: %v, want %q", in, err, why)
		}
	}

	p := &casework.SSOPolicy{}
	for _, s := range []string{"staff=contributor:Highways", "parks=contributor:Parks", "foi=officer", "ict=admin"} {
		r, _ := casework.ParseRoleRule(s)
		p.Rules = append(p.Rules, r)
	}
	for _, c := range []struct {
		values []string
		role   foi.Role
		dept   string
		ok     bool
	}{
		{[]string{"foi", "staff"}, foi.RoleOfficer, "", true}, // the most able role wins
		{[]string{"staff", "ict", "foi"}, foi.RoleAdmin, "", true},
		{[]string{"parks", "staff"}, foi.RoleContributor, "Highways", true}, // the first rule among contributors
		{[]string{"everyone"}, "", "", false},
		{nil, "", "", false},
	} {
		role, dept, ok := p.Role(c.values)
		if role != c.role || dept != c.dept || ok != c.ok {
			t.Errorf("%v: %s %q %v, want %s %q %v", c.values, role, dept, ok, c.role, c.dept, c.ok)
		}
	}
}

// Without single sign-on turned on, nobody is signed in through it.
func TestSignInSSOOff(t *testing.T) {
	svc := newService(t)
	if _, err := svc.SignInSSO(ctx, casework.Identity{Subject: "x", Email: "a@b.example", EmailVerified: true}, "127.0.0.1"); foi.ErrorCode(err) != foi.EINVALID {
		t.Errorf("with single sign-on off: %v", err)
	}
}
