// SPDX-License-Identifier: AGPL-3.0-or-later

package audit

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"time"

	"disclose/internal/foi"
)

// CheckpointFormat names the checkpoint file format and signed message.
const CheckpointFormat = "disclose-audit-checkpoint-v1"

// message is what a checkpoint's signature covers.
func message(c *foi.AuditCheckpoint) []byte {
	e := newEncoder(CheckpointFormat)
	e.field("chain", c.Chain)
	e.field("seq", strconv.FormatInt(c.Seq, 10))
	e.field("hash", c.Hash)
	e.field("at", EventAt(c.At).Format(instantLayout))
	return []byte(e.b.String())
}

// Sign makes a checkpoint of head at time at, signed with key.
func Sign(key ed25519.PrivateKey, head foi.AuditHead, at time.Time) *foi.AuditCheckpoint {
	c := &foi.AuditCheckpoint{Chain: head.Chain, Seq: head.Seq, Hash: head.Hash, At: EventAt(at),
		PublicKey: key.Public().(ed25519.PublicKey)}
	c.Signature = ed25519.Sign(key, message(c))
	return c
}

// CheckSignature reports whether c is signed by the key it carries.
func CheckSignature(c *foi.AuditCheckpoint) error {
	if len(c.PublicKey) != ed25519.PublicKeySize {
		return fmt.Errorf("its public key is %d bytes, want %d", len(c.PublicKey), ed25519.PublicKeySize)
	}
	if !ed25519.Verify(c.PublicKey, message(c), c.Signature) {
		return errors.New("its signature does not match its sequence, hash and time")
	}
	return nil
}

// KeyID is a short name of a public key: the first 16 hex digits of its
// SHA-256, which an auditor compares with the one they were given.
func KeyID(pub []byte) string {
	h := sha256.Sum256(pub)
	return hex.EncodeToString(h[:8])
}

// File is a checkpoint as exported: JSON an auditor keeps elsewhere.
type File struct {
	Format    string    `json:"format"`
	Chain     string    `json:"chain"`
	Seq       int64     `json:"seq"`
	Hash      string    `json:"hash"`
	At        time.Time `json:"at"`
	PublicKey []byte    `json:"public_key"` // base64 in JSON
	KeyID     string    `json:"key_id"`
	Signature []byte    `json:"signature"` // base64 in JSON
}

// Export writes c as a checkpoint file.
func Export(c *foi.AuditCheckpoint) []byte {
	b, _ := json.MarshalIndent(File{Format: CheckpointFormat, Chain: c.Chain, Seq: c.Seq, Hash: c.Hash, At: c.At.UTC(),
		PublicKey: c.PublicKey, KeyID: KeyID(c.PublicKey), Signature: c.Signature}, "", "  ")
	return append(b, '\n')
}

// ReadFile reads a checkpoint file and checks its signature.
func ReadFile(path string) (*foi.AuditCheckpoint, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f File
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s is not a checkpoint file: %v", path, err)
	}
	if f.Format != CheckpointFormat {
		return nil, fmt.Errorf("%s is a %q file, want %q", path, f.Format, CheckpointFormat)
	}
	c := &foi.AuditCheckpoint{Chain: f.Chain, Seq: f.Seq, Hash: f.Hash, At: f.At, PublicKey: f.PublicKey, Signature: f.Signature}
	if err := CheckSignature(c); err != nil {
		return nil, fmt.Errorf("checkpoint %s: %v", path, err)
	}
	return c, nil
}

const pemType = "DISCLOSE AUDIT ED25519 PRIVATE KEY"

// LoadKey reads the signing key at path, making one (readable by its owner
// only) when the file does not exist and create is set.
func LoadKey(path string, create bool) (ed25519.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && create {
		_, key, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		out := pem.EncodeToMemory(&pem.Block{Type: pemType, Bytes: key.Seed()})
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			return LoadKey(path, false) // another process made it first
		} else if err != nil {
			return nil, fmt.Errorf("audit key: %w", err)
		}
		if _, err := f.Write(out); err != nil {
			f.Close()
			return nil, fmt.Errorf("audit key: %w", err)
		}
		if err := f.Sync(); err != nil {
			f.Close()
			return nil, fmt.Errorf("audit key: %w", err)
		}
		return key, f.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("audit key: %w", err)
	}
	block, _ := pem.Decode(b)
	if block == nil || block.Type != pemType || len(block.Bytes) != ed25519.SeedSize {
		return nil, fmt.Errorf("audit key: %s is not a Disclose audit key", path)
	}
	return ed25519.NewKeyFromSeed(block.Bytes), nil
}

// Checkpoint signs the head of s's chain with key, stores the checkpoint
// and returns it. When onlyIfMoved is set and the newest stored checkpoint
// is already of the head, it stores nothing and returns nil.
func Checkpoint(ctx context.Context, s foi.Store, key ed25519.PrivateKey, now time.Time, onlyIfMoved bool) (*foi.AuditCheckpoint, error) {
	var c *foi.AuditCheckpoint
	err := s.Update(ctx, func(tx foi.Tx) error {
		h, err := tx.AuditHead(ctx)
		if err != nil {
			return err
		}
		if onlyIfMoved {
			latest, err := tx.FindAuditCheckpoints(ctx, 1)
			if err != nil {
				return err
			}
			if len(latest) > 0 && latest[0].Seq == h.Seq && latest[0].Hash == h.Hash {
				return nil
			}
		}
		c = Sign(key, h, now)
		return tx.AddAuditCheckpoint(ctx, c)
	})
	return c, err
}
