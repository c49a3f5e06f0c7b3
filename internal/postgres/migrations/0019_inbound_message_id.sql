-- 0019: find an inbound message by its Message-ID, so a second copy of a
-- message (sent twice, or fetched from the mailbox and delivered by SMTP
-- too) is not made a second request.
CREATE INDEX inbound_message_id ON inbound (message_id) WHERE message_id <> '';
