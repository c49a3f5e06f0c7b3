-- Internal reviews and complaints to the regulator (issue 6).
CREATE TABLE reviews (
	id            INTEGER PRIMARY KEY,
	request_id    INTEGER NOT NULL REFERENCES requests (id),
	requested_on  TEXT NOT NULL,
	late          INTEGER NOT NULL DEFAULT 0,
	grounds       TEXT NOT NULL DEFAULT '',
	due_on        TEXT NOT NULL,
	extended      INTEGER NOT NULL DEFAULT 0,
	reviewer_id   INTEGER,
	outcome       TEXT NOT NULL DEFAULT '',
	decisions     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(decisions)),
	note          TEXT NOT NULL DEFAULT '',
	completed_on  TEXT,
	completed_by  INTEGER,
	created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX reviews_request ON reviews (request_id, id);
CREATE INDEX reviews_open_due ON reviews (due_on) WHERE completed_on IS NULL;

CREATE TABLE regulator_cases (
	id                 INTEGER PRIMARY KEY,
	request_id         INTEGER NOT NULL REFERENCES requests (id),
	regulator          TEXT NOT NULL,
	case_reference     TEXT NOT NULL DEFAULT '',
	complaint_on       TEXT NOT NULL,
	decision_on        TEXT,
	decision_outcome   TEXT NOT NULL DEFAULT '',
	compliance_due_on  TEXT,
	appeal_due_on      TEXT,
	appealed_on        TEXT,
	appeal_outcome     TEXT NOT NULL DEFAULT '',
	closed_on          TEXT,
	note               TEXT NOT NULL DEFAULT '',
	created_at         TEXT NOT NULL
) STRICT;
CREATE INDEX regulator_cases_request ON regulator_cases (request_id, id);
