-- 0022: the audit trail becomes a hash chain (see the SQLite migration
-- 0022 and docs/audit.md). The events already here are linked by Disclose
-- the first time this version opens the database, up to backfill_until.
CREATE TABLE audit_head (
    id             integer PRIMARY KEY CHECK (id = 1),
    chain          text   NOT NULL,
    seq            bigint NOT NULL,
    hash           text   NOT NULL,
    backfill_until bigint NOT NULL DEFAULT 0
);
INSERT INTO audit_head (id, chain, seq, hash, backfill_until)
    VALUES (1, md5(random()::text || clock_timestamp()::text), 0, '', (SELECT coalesce(max(id), 0) FROM events));

CREATE TABLE audit_chain (
    seq            bigint PRIMARY KEY,
    event_id       bigint NOT NULL UNIQUE REFERENCES events (id),
    prev_hash      text   NOT NULL,
    hash           text   NOT NULL,
    content_digest text   NOT NULL
);

CREATE TABLE audit_redactions (
    event_id    bigint PRIMARY KEY REFERENCES events (id),
    by_event_id bigint NOT NULL REFERENCES events (id)
);

CREATE TABLE audit_checkpoints (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    chain      text        NOT NULL,
    seq        bigint      NOT NULL,
    hash       text        NOT NULL,
    at         timestamptz NOT NULL,
    public_key text        NOT NULL,
    signature  text        NOT NULL
);

-- An event stays as written, except that retention may rewrite its
-- personal fields once it has recorded doing so.
DROP TRIGGER events_no_update_delete ON events;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_append_only();
CREATE FUNCTION events_redact_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS DISTINCT FROM OLD.id OR NEW.request_id IS DISTINCT FROM OLD.request_id
       OR NEW.type IS DISTINCT FROM OLD.type OR NEW.on_date IS DISTINCT FROM OLD.on_date
       OR NEW.at IS DISTINCT FROM OLD.at OR NEW.actor_id IS DISTINCT FROM OLD.actor_id
       OR NEW.actor IS DISTINCT FROM OLD.actor
       OR NOT EXISTS (SELECT 1 FROM audit_redactions WHERE event_id = OLD.id) THEN
        RAISE EXCEPTION 'events are append-only: UPDATE is not allowed'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    FOR EACH ROW EXECUTE FUNCTION events_redact_only();

CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit chain is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_chain_append_only BEFORE UPDATE OR DELETE ON audit_chain
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_redactions_no_delete BEFORE DELETE ON audit_redactions
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
