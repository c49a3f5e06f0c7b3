// SPDX-License-Identifier: AGPL-3.0-or-later

package casework_test

import (
	"errors"
	"testing"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// failingDigests is a mailer whose digest cannot be made: SendDigests
// stops part-way after claiming the day's run. Only Digest is called.
type failingDigests struct{ casework.Mailer }

func (failingDigests) Digest(casework.DigestEmail) (*foi.OutboxMessage, error) {
	return nil, errors.New("stopped part-way")
}

// A digest run that stops part-way (an error, or shutdown cancelling it)
// gives up its claim, so another process can run the day's digest at once
// instead of after the ten-minute lease.
func TestStoppedDigestRunReleasesItsClaim(t *testing.T) {
	svc := newService(t) // Wednesday 25 November 2026, 10:00: a working day, after 07:00
	var admin, ann *foi.User
	if err := svc.Store.Update(ctx, func(tx foi.Tx) error {
		admin = &foi.User{Email: "admin@council.example", Name: "Admin", Role: foi.RoleAdmin, PasswordHash: "unused"}
		ann = &foi.User{Email: "ann@council.example", Name: "Ann Officer", Role: foi.RoleOfficer, PasswordHash: "unused"}
		if err := tx.CreateUser(ctx, admin); err != nil {
			return err
		}
		return tx.CreateUser(ctx, ann)
	}); err != nil {
		t.Fatal(err)
	}
	r := submit(t, svc, foi.FOIA, "2026-10-01", "How many bins?") // overdue
	if err := svc.AssignCase(ctx, admin, r.Reference, ann.ID); err != nil {
		t.Fatal(err)
	}
	svc.Mail = failingDigests{}
	if _, err := svc.SendDigests(ctx, "stopping-worker"); err == nil {
		t.Fatal("SendDigests with a failing mailer reported success")
	}
	today := date("2026-11-25")
	var claimed bool
	if err := svc.Store.Update(ctx, func(tx foi.Tx) error {
		var err error
		claimed, err = tx.ClaimJob(ctx, foi.JobDigest, today, "next-worker", time.Hour)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if !claimed {
		t.Error("the day's digest run is still held by the worker that stopped part-way")
	}
}
