-- 0022: the audit trail becomes a hash chain (docs/audit.md). Every event
-- gets one link in audit_chain: its sequence number, the hash of the link
-- before it and its own hash over what it committed to, with the digest of
-- its personal fields (note, before, after) so that retention can remove
-- personal data without breaking the chain. audit_head is the end of the
-- chain and the lock writers queue on. The events already here are linked
-- by Disclose itself (in id order, before any new event) the first time
-- this version opens the database: backfill_until is the last of them.
CREATE TABLE audit_head (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    chain          TEXT    NOT NULL,
    seq            INTEGER NOT NULL,
    hash           TEXT    NOT NULL,
    backfill_until INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO audit_head (id, chain, seq, hash, backfill_until)
    VALUES (1, lower(hex(randomblob(16))), 0, '', (SELECT coalesce(max(id), 0) FROM events));

CREATE TABLE audit_chain (
    seq            INTEGER PRIMARY KEY,
    event_id       INTEGER NOT NULL UNIQUE REFERENCES events (id),
    prev_hash      TEXT    NOT NULL,
    hash           TEXT    NOT NULL,
    content_digest TEXT    NOT NULL
) STRICT;

-- Retention's removals of personal data from events: which anonymised
-- event did it (that event lists the ids in its after).
CREATE TABLE audit_redactions (
    event_id    INTEGER PRIMARY KEY REFERENCES events (id),
    by_event_id INTEGER NOT NULL REFERENCES events (id)
) STRICT;

-- Signed statements of the head (ed25519; key and signature in base64).
CREATE TABLE audit_checkpoints (
    id         INTEGER PRIMARY KEY,
    chain      TEXT    NOT NULL,
    seq        INTEGER NOT NULL,
    hash       TEXT    NOT NULL,
    at         TEXT    NOT NULL,
    public_key TEXT    NOT NULL,
    signature  TEXT    NOT NULL
) STRICT;

-- An event stays as written, except that retention may rewrite its
-- personal fields once it has recorded doing so.
DROP TRIGGER events_no_update;
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
WHEN NEW.id IS NOT OLD.id OR NEW.request_id IS NOT OLD.request_id OR NEW.type IS NOT OLD.type
  OR NEW.on_date IS NOT OLD.on_date OR NEW.at IS NOT OLD.at OR NEW.actor_id IS NOT OLD.actor_id
  OR NEW.actor IS NOT OLD.actor OR NOT EXISTS (SELECT 1 FROM audit_redactions WHERE event_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: an audit entry cannot be changed');
END;

CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
BEGIN
    SELECT RAISE(ABORT, 'the audit chain is append-only');
END;
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
BEGIN
    SELECT RAISE(ABORT, 'the audit chain is append-only');
END;
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN
    SELECT RAISE(ABORT, 'the audit chain head cannot be removed');
END;
CREATE TRIGGER audit_redactions_no_delete BEFORE DELETE ON audit_redactions
BEGIN
    SELECT RAISE(ABORT, 'a record of removing personal data cannot be removed');
END;
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'audit checkpoints are append-only');
END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'audit checkpoints are append-only');
END;
