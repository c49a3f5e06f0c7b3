// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"fmt"
	"strings"
	"time"
)

// Regime is the access-to-information law a request is handled under. The
// codes are the contract used by the CLI and the JSON API.
type Regime string

const (
	FOIA  Regime = "foia"         // Freedom of Information Act 2000 (England, Wales, NI, UK-wide bodies)
	EIR   Regime = "eir"          // Environmental Information Regulations 2004
	FOISA Regime = "foisa"        // Freedom of Information (Scotland) Act 2002
	EISR  Regime = "eir-scotland" // Environmental Information (Scotland) Regulations 2004
)

// Regimes lists every regime in a stable order.
var Regimes = []Regime{FOIA, EIR, FOISA, EISR}

// ParseRegime accepts a regime code as the API and CLI write it.
func ParseRegime(s string) (Regime, error) {
	for _, r := range Regimes {
		if string(r) == s {
			return r, nil
		}
	}
	return "", Errorf(EINVALID, "unknown regime %q (want foia, eir, foisa or eir-scotland)", s)
}

// Environmental reports whether the regime is one of the environmental
// information regimes (EIR or EISR).
func (r Regime) Environmental() bool { return r == EIR || r == EISR }

// Scottish reports whether the regime is a Scottish one, answerable to the
// Scottish Information Commissioner rather than the ICO.
func (r Regime) Scottish() bool { return r == FOISA || r == EISR }

// ReferencePrefix is the prefix of case references under this regime:
// "EIR" for the environmental regimes and "FOI" otherwise.
func (r Regime) ReferencePrefix() string {
	if r.Environmental() {
		return "EIR"
	}
	return "FOI"
}

// Name is the regime's short name as the law is usually cited: "FOIA",
// "EIR", "FOISA" or "EISR".
func (r Regime) Name() string {
	switch r {
	case FOIA, EIR, FOISA:
		return strings.ToUpper(string(r))
	case EISR:
		return "EISR"
	}
	return string(r)
}

// Title is the regime's name as a letter or page would write it.
func (r Regime) Title() string {
	switch r {
	case FOIA:
		return "Freedom of Information Act 2000"
	case EIR:
		return "Environmental Information Regulations 2004"
	case FOISA:
		return "Freedom of Information (Scotland) Act 2002"
	case EISR:
		return "Environmental Information (Scotland) Regulations 2004"
	}
	return fmt.Sprintf("unknown regime %q", string(r))
}

// Regulator is the commissioner a requester may complain to today
// (CurrentLaw: the name is dated data).
func (r Regime) Regulator() string { return RegulatorOn(r, time.Now()).Name }
