// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"disclose/internal/audit"
	"disclose/internal/foi"
)

// EventAuditVerified records that an administrator verified the audit
// chain, and what they found; the setting keeps the latest outcome for the
// settings page.
const (
	EventAuditVerified           = "audit-verified"
	SettingAuditLastVerification = "audit_last_verification"
)

// AuditVerification is the outcome of a verification of the audit chain.
type AuditVerification struct {
	OK     bool      `json:"ok"`
	Events int64     `json:"events"` // links checked
	Seq    int64     `json:"seq"`    // the head's sequence
	Hash   string    `json:"hash"`
	First  string    `json:"first,omitempty"` // the first problem, when not OK
	At     time.Time `json:"at"`
	By     string    `json:"by"`
}

// VerifyAudit walks the whole audit chain (beside any writer, on one
// snapshot) and records what it found as an audit event.
func (s *Service) VerifyAudit(ctx context.Context, actor *foi.User) (*AuditVerification, error) {
	if err := require(actor, PermAdminister, "verify the audit trail"); err != nil {
		return nil, err
	}
	rep, err := audit.Verify(ctx, s.Store, nil)
	if err != nil {
		return nil, err
	}
	v := &AuditVerification{OK: rep.OK(), Events: rep.Links, Seq: rep.Head.Seq, Hash: rep.Head.Hash}
	note := fmt.Sprintf("audit trail verified: %d event(s), head at sequence %d", v.Events, v.Seq)
	if p := rep.First(); p != nil {
		v.First = p.String()
		note = fmt.Sprintf("audit trail does not verify (%d problem(s)); first: %s", len(rep.Problems)+rep.More, v.First)
	}
	e := &foi.Event{Type: EventAuditVerified, ActorID: actor.ID, Actor: actor.Name, Note: note}
	err = s.Store.Update(ctx, func(tx foi.Tx) error {
		if err := tx.AddEvent(ctx, e); err != nil {
			return err
		}
		v.At, v.By = e.At, e.Actor
		b, _ := json.Marshal(v)
		return tx.SetSetting(ctx, SettingAuditLastVerification, string(b))
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// LastAuditVerification is the latest recorded verification, or nil.
func (s *Service) LastAuditVerification(ctx context.Context, actor *foi.User) (*AuditVerification, error) {
	if err := require(actor, PermAdminister, "see the audit trail's verification"); err != nil {
		return nil, err
	}
	b, err := s.Store.FindSetting(ctx, SettingAuditLastVerification)
	if foi.IsNotFound(err) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	v := &AuditVerification{}
	if err := json.Unmarshal([]byte(b), v); err != nil {
		return nil, fmt.Errorf("setting %s: %w", SettingAuditLastVerification, err)
	}
	return v, nil
}
