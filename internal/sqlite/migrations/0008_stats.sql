-- Statistics (internal/stats) count a year of requests in one pass over
-- this index, which holds every column they read.
CREATE INDEX requests_stats ON requests (received_on, regime, status, outcome, due_on, responded_on);
-- Which requests took a permitted extension.
CREATE INDEX events_extended ON events (request_id) WHERE type = 'extended';

-- The exemptions cited on each part, one row each, with the request's date
-- of receipt, kept by triggers from parts.exemptions (the JSON list stays
-- the source). Counting a year's exemptions is then a range scan, not a
-- JSON parse of every part of every request.
CREATE TABLE part_exemptions (
    received_on TEXT    NOT NULL,
    exemption   TEXT    NOT NULL,
    request_id  INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    PRIMARY KEY (received_on, exemption, request_id, number)
) STRICT, WITHOUT ROWID;
CREATE INDEX part_exemptions_request ON part_exemptions (request_id, number);

INSERT OR IGNORE INTO part_exemptions (received_on, exemption, request_id, number)
SELECT r.received_on, j.value, p.request_id, p.number
FROM parts p JOIN requests r ON r.id = p.request_id, json_each(p.exemptions) j
WHERE p.exemptions <> '[]';

CREATE TRIGGER part_exemptions_insert AFTER INSERT ON parts WHEN NEW.exemptions <> '[]' BEGIN
    INSERT OR IGNORE INTO part_exemptions (received_on, exemption, request_id, number)
    SELECT (SELECT received_on FROM requests WHERE id = NEW.request_id), j.value, NEW.request_id, NEW.number
    FROM json_each(NEW.exemptions) j;
END;
CREATE TRIGGER part_exemptions_delete AFTER DELETE ON parts BEGIN
    DELETE FROM part_exemptions WHERE request_id = OLD.request_id AND number = OLD.number;
END;
CREATE TRIGGER part_exemptions_update AFTER UPDATE OF exemptions, number ON parts BEGIN
    DELETE FROM part_exemptions WHERE request_id = OLD.request_id AND number = OLD.number;
    INSERT OR IGNORE INTO part_exemptions (received_on, exemption, request_id, number)
    SELECT (SELECT received_on FROM requests WHERE id = NEW.request_id), j.value, NEW.request_id, NEW.number
    FROM json_each(NEW.exemptions) j;
END;
CREATE TRIGGER part_exemptions_received AFTER UPDATE OF received_on ON requests BEGIN
    UPDATE part_exemptions SET received_on = NEW.received_on WHERE request_id = NEW.id;
END;
