// SPDX-License-Identifier: AGPL-3.0-or-later

package mail_test

import (
	"strings"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
	"disclose/internal/mailtest"
)

// TestWelshEmailUsesTheAuthoritysWelshName: with the authority's name
// given in Welsh on the settings page, a Welsh requester's email (through
// a real SMTP server) names it in Welsh, and an English requester's in
// English.
func TestWelshEmailUsesTheAuthoritysWelshName(t *testing.T) {
	pit := mailtest.StartMailpit(t)
	f := newFixture(t)
	admin := &foi.User{ID: 1, Name: "Ada Admin", Role: foi.RoleAdmin}
	if err := f.svc.SetAuthorityWelsh(ctx, admin, casework.AuthorityWelsh{Name: "Cyngor Thurrock"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.SubmitPublicRequest(ctx, "192.0.2.10", casework.NewRequest{
		Requester: foi.Requester{Name: "Siân Ceisydd", Email: "sian@example.org"},
		Text:      "Hoffwn wybod faint o dyllau yn y ffordd a atgyweiriwyd yn 2025.",
		Language:  foi.RequestLanguage{Lang: foi.LangWelsh, Source: foi.LanguageFromPage},
	}); err != nil {
		t.Fatal(err)
	}
	f.submit(t)
	runOnce(t, f.worker(smtpTo(t, pit.SMTP)))
	got := pit.WaitFor(t, 2, 5*time.Second)
	if len(got) != 2 {
		t.Fatalf("mailpit holds %d messages, want two acknowledgements", len(got))
	}
	for _, s := range got {
		m := pit.Message(t, s.ID)
		welsh := m.To[0].Address == "sian@example.org"
		want, not := "Thurrock Council", "Cyngor Thurrock"
		if welsh {
			want, not = not, want
		}
		if !strings.Contains(m.Text, want) || strings.Contains(m.Text, not) {
			t.Errorf("the acknowledgement to %s (Welsh %v) does not name the authority %q only:\n%s", m.To[0].Address, welsh, want, m.Text)
		}
	}
}
