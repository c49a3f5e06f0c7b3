// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// golden compares a letter with testdata/name.golden (go test -update
// rewrites it).
func golden(t *testing.T, name, body string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(b) != body {
		t.Errorf("the letter differs from %s (go test -update rewrites it):\n%s", path, body)
	}
}

// threeParts logs a three-part request under regime, received on received.
func threeParts(t *testing.T, svc *casework.Service, regime foi.Regime, received string) *foi.Request {
	t.Helper()
	admin := &foi.User{ID: 1, Name: "Admin", Role: foi.RoleAdmin}
	if err := svc.SetAuthority(ctx, admin, casework.Authority{Name: "Thurrock Council", FOIEmail: "information.matters@thurrock.gov.uk",
		ReviewTeam: "a senior member of the Information Management Team"}); err != nil {
		t.Fatal(err)
	}
	return submit(t, svc, regime, received, "Please tell me:\n1. How many agency staff did the council employ in 2025?\n2. What were the rates agreed with each agency?\n3. The names of the agency workers placed in Children's Services.")
}

func answer(t *testing.T, svc *casework.Service, r *foi.Request, n int, a casework.Answer) {
	t.Helper()
	if _, err := svc.AnswerPart(ctx, officer, r.Reference, n, a); err != nil {
		t.Fatal(err)
	}
}

func draft(t *testing.T, svc *casework.Service, r *foi.Request, kind, details string) string {
	t.Helper()
	l, err := svc.DraftLetter(ctx, officer, r.Reference, kind, details)
	if err != nil {
		t.Fatalf("drafting the %s: %v", kind, err)
	}
	return l.Body
}

// draftWelsh drafts kind again with the requester's language set to Welsh,
// so it comes from letters/cy/, and checks it against its own golden file
// (testdata/cy-name.golden) beside the English one. The authority has its
// name and review team in Welsh (authority_cy.go), so no English is left.
func draftWelsh(t *testing.T, svc *casework.Service, r *foi.Request, kind, details, name string) {
	t.Helper()
	if err := svc.SetRequesterLanguage(ctx, officer, r.Reference, "cy"); err != nil {
		t.Fatal(err)
	}
	setWelshAuthority(t, svc)
	body := draft(t, svc, r, kind, details)
	if !strings.Contains(body, "Yn gywir") || !strings.Contains(body, "Ein cyfeirnod: "+r.Reference.String()) {
		t.Errorf("the Welsh %s is not Welsh:\n%s", kind, body)
	}
	golden(t, "cy-"+name, body)
}

// Issue 15 item 2: a part partly withheld under s43(2) printed only its
// answer. The response covers every part with what s.17 requires.
func TestMixedOutcomeResponseLetter(t *testing.T) {
	svc := newService(t)
	r := threeParts(t, svc, foi.FOIA, "2026-11-02")
	answer(t, svc, r, 1, casework.Answer{Text: "412 agency workers.", Outcome: foi.Granted})
	answer(t, svc, r, 2, casework.Answer{Text: "The total paid to each agency is attached. The hourly rates agreed with each agency are withheld: releasing them would let competitors undercut the agencies at the next tender.",
		Outcome: foi.PartiallyWithheld, Exemptions: []string{"s43(2)"},
		PublicInterest: "There is a public interest in showing how public money is spent, which the totals released meet. Releasing the rates would harm the agencies' position and the council's ability to get value at the next tender. On balance the public interest favours withholding the rates."})
	answer(t, svc, r, 3, casework.Answer{Text: "The names of individual workers are their personal data; releasing them would be unfair to them.",
		Outcome: foi.Withheld, Exemptions: []string{"s40(2)"}})
	body := draft(t, svc, r, foi.LetterResponse, "")
	for _, want := range []string{
		"The hourly rates agreed with each agency are withheld",
		"Exemption relied on: Commercial interests (Freedom of Information Act 2000, s.43(2)).",
		"The public interest test: There is a public interest",
		"Exemption relied on: Personal information (Freedom of Information Act 2000, s.40(2)). This is an absolute exemption",
		"this letter is the refusal notice that section 17 of the Freedom of Information Act 2000 requires",
		"internal review", "Information Commissioner",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the mixed-outcome response lacks %q", want)
		}
	}
	if strings.Contains(body, "412 agency workers.\nDecision") {
		t.Errorf("the granted part carries a decision block")
	}
	golden(t, "response-mixed", body)

	// NCND and the cost limit, with the s.16 advice.
	r2 := threeParts(t, svc, foi.FOIA, "2026-11-02")
	answer(t, svc, r2, 1, casework.Answer{Text: "Finding every contract would take over 18 hours.", Outcome: foi.CostLimit})
	answer(t, svc, r2, 2, casework.Answer{Text: "", Outcome: foi.NCND, Exemptions: []string{"s31"}, PublicInterest: "Confirming either way would prejudice the prevention of crime, which outweighs the interest in transparency here."})
	answer(t, svc, r2, 3, casework.Answer{Text: "None are held.", Outcome: foi.NotHeld})
	body = draft(t, svc, r2, foi.LetterResponse, "")
	for _, want := range []string{"more than the appropriate limit (section 12). Under section 16", "We neither confirm nor deny", "We do not hold this information (section 1(1)(a))"} {
		if !strings.Contains(body, want) {
			t.Errorf("the NCND and cost-limit response lacks %q", want)
		}
	}
	golden(t, "response-ncnd-cost", body)
}

func TestExtensionNotices(t *testing.T) {
	svc := newService(t)
	r := threeParts(t, svc, foi.FOIA, "2026-11-02")
	if _, err := svc.DraftLetter(ctx, officer, r.Reference, foi.LetterPITExtension, ""); foi.ErrorCode(err) != foi.EINVALID {
		t.Errorf("a PIT extension without the exemption considered: %v, want refused", err)
	}
	if _, err := svc.DraftLetter(ctx, officer, r.Reference, foi.LetterEIRExtension, "Many records."); foi.ErrorCode(err) != foi.EINVALID {
		t.Errorf("a reg 7 extension on a FOIA request: %v, want refused", err)
	}
	body := draft(t, svc, r, foi.LetterPITExtension, "Section 43(2), commercial interests: the hourly rates agreed with each agency.")
	for _, want := range []string{"section 10(3)", "Section 43(2), commercial interests", "by 31 December 2026 (section 17(2))", "internal review"} {
		if !strings.Contains(body, want) {
			t.Errorf("the PIT extension notice lacks %q", want)
		}
	}
	golden(t, "pit-extension", body)
	draftWelsh(t, svc, r, foi.LetterPITExtension, "Section 43(2), commercial interests: the hourly rates agreed with each agency.", "pit-extension")

	e := threeParts(t, svc, foi.EIR, "2026-11-02")
	if _, err := svc.DraftLetter(ctx, officer, e.Reference, foi.LetterPITExtension, "reg 12(5)(e)"); foi.ErrorCode(err) != foi.EINVALID {
		t.Errorf("a PIT extension on an EIR request: %v, want refused", err)
	}
	body = draft(t, svc, e, foi.LetterEIRExtension, "The monitoring data runs to 40,000 readings from 12 sites, each to be checked.")
	for _, want := range []string{"Regulation 7(1)", "40,000 readings", "by 31 December 2026, the 40th working day", "regulation 11"} {
		if !strings.Contains(body, want) {
			t.Errorf("the reg 7 extension notice lacks %q", want)
		}
	}
	golden(t, "eir-extension", body)
	draftWelsh(t, svc, e, foi.LetterEIRExtension, "The monitoring data runs to 40,000 readings from 12 sites, each to be checked.", "eir-extension")
}

func TestNotHeldAndReasonablyAccessibleLetters(t *testing.T) {
	svc := newService(t)
	r := threeParts(t, svc, foi.FOIA, "2026-11-02")
	for n := 1; n <= 3; n++ {
		answer(t, svc, r, n, casework.Answer{Text: "The council does not record this.", Outcome: foi.NotHeld})
	}
	body := draft(t, svc, r, foi.LetterNotHeld, "Agency staff are engaged through the Eastern Shires Purchasing Organisation, which may hold this.")
	for _, want := range []string{"we do not hold it (section 1(1)(a))", "Advice and assistance (section 16)", "Eastern Shires"} {
		if !strings.Contains(body, want) {
			t.Errorf("the not-held letter lacks %q", want)
		}
	}
	golden(t, "not-held", body)
	draftWelsh(t, svc, r, foi.LetterNotHeld, "Agency staff are engaged through the Eastern Shires Purchasing Organisation, which may hold this.", "not-held")

	a := threeParts(t, svc, foi.FOIA, "2026-11-02")
	for n := 1; n <= 3; n++ {
		answer(t, svc, a, n, casework.Answer{Text: "Published in the council's spending data.", Outcome: foi.Withheld, Exemptions: []string{"s21"}})
	}
	if _, err := svc.DraftLetter(ctx, officer, a.Reference, foi.LetterAccessible, "On our website"); foi.ErrorCode(err) != foi.EINVALID {
		t.Errorf("a s.21 letter without a web address: %v, want refused", err)
	}
	if _, err := svc.DraftLetter(ctx, officer, a.Reference, foi.LetterNotHeld, ""); foi.ErrorCode(err) != foi.ECONFLICT {
		t.Errorf("a not-held letter with no part not held: %v, want refused", err)
	}
	body = draft(t, svc, a, foi.LetterAccessible, "https://www.thurrock.gov.uk/spending-over-500")
	for _, want := range []string{"(section 21, an absolute exemption", "https://www.thurrock.gov.uk/spending-over-500", "section 17 of the Freedom of Information Act 2000"} {
		if !strings.Contains(body, want) {
			t.Errorf("the s.21 letter lacks %q", want)
		}
	}
	golden(t, "reasonably-accessible", body)
	draftWelsh(t, svc, a, foi.LetterAccessible, "https://www.thurrock.gov.uk/spending-over-500", "reasonably-accessible")
}
