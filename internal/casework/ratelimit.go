// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"disclose/internal/foi"
)

// Limit bounds how often one client may do something. Counters live in the
// database (foi.TrackingWriter.CountAttempt), so every process serving the
// site enforces the same limit.
type Limit struct {
	Action string        // part of the counter's key: "submit", "form"
	Max    int           // attempts allowed in each window
	Per    time.Duration // the window
	What   string        // what is being limited, for the message: "requests"
	From   string        // whose attempts, for the message: "from this connection"
}

// The public side's limits. A person makes a request or two a day; these
// stop a script without troubling a family or an office behind one address.
var (
	// SubmitLimit counts requests accepted from one address.
	SubmitLimit = Limit{Action: "submit", Max: 10, Per: time.Hour, What: "requests", From: "from this connection"}
	// FormLimit counts every public form sent from one address, accepted
	// or not: it bounds the work a script can make us do.
	FormLimit = Limit{Action: "form", Max: 120, Per: time.Hour, What: "forms", From: "from this connection"}
	// RecipientLimit counts requests giving one email address, from any
	// client and by any way in: each makes the FOI mailbox send that
	// address an acknowledgement quoting the request, so without it many
	// clients could mail-bomb one address from the council's own mailbox.
	RecipientLimit = Limit{Action: "ack", Max: 10, Per: 24 * time.Hour, What: "requests", From: "giving this email address"}
)

// RecipientKey is the rate-limit identity of an email address: a hash of
// it in lower case, so the counters hold no personal data.
func RecipientKey(email string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(email))))
	return hex.EncodeToString(sum[:12])
}

// ClientKey is the rate-limit identity of a client address: the address
// itself for IPv4, its /64 network for IPv6 (one household or phone gets a
// whole /64, so single IPv6 addresses are free to rotate).
func ClientKey(addr string) string {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return "unknown"
	}
	ip = ip.Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}

// CheckRate counts one attempt by client against l, in its own
// transaction, and refuses it with ETOOMANY once the limit is reached.
func (s *Service) CheckRate(ctx context.Context, client string, l Limit) error {
	return s.Store.Update(ctx, func(tx foi.Tx) error { return s.countAttempt(ctx, tx, client, l) })
}

func (s *Service) countAttempt(ctx context.Context, tx foi.Tx, client string, l Limit) error {
	now := s.Now().UTC()
	window := now.Truncate(l.Per)
	n, err := tx.CountAttempt(ctx, l.Action+":"+client, window)
	if err != nil {
		return err
	}
	if n > l.Max {
		next, layout := window.Add(l.Per).In(UK), "3:04pm"
		if l.Per >= 24*time.Hour {
			layout = "3:04pm on 2 January"
		}
		return foi.Errorf(foi.ETOOMANY, "More than %d %s have been sent %s in the last %s. Try again after %s.",
			l.Max, l.What, l.From, describe(l.Per), next.Format(layout))
	}
	return nil
}

func describe(d time.Duration) string {
	switch d {
	case time.Hour:
		return "hour"
	case 24 * time.Hour:
		return "day"
	}
	return fmt.Sprint(d)
}
