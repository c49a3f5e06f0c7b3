-- Internal reviews and complaints to the regulator (issue 6).
CREATE TABLE reviews (
	id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	request_id    bigint NOT NULL REFERENCES requests (id),
	requested_on  date NOT NULL,
	late          boolean NOT NULL DEFAULT false,
	grounds       text NOT NULL DEFAULT '',
	due_on        date NOT NULL,
	extended      boolean NOT NULL DEFAULT false,
	reviewer_id   bigint,
	outcome       text NOT NULL DEFAULT '',
	decisions     text NOT NULL DEFAULT '[]',
	note          text NOT NULL DEFAULT '',
	completed_on  date,
	completed_by  bigint,
	created_at    timestamptz NOT NULL
);
CREATE INDEX reviews_request ON reviews (request_id, id);
CREATE INDEX reviews_open_due ON reviews (due_on) WHERE completed_on IS NULL;

CREATE TABLE regulator_cases (
	id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	request_id         bigint NOT NULL REFERENCES requests (id),
	regulator          text NOT NULL,
	case_reference     text NOT NULL DEFAULT '',
	complaint_on       date NOT NULL,
	decision_on        date,
	decision_outcome   text NOT NULL DEFAULT '',
	compliance_due_on  date,
	appeal_due_on      date,
	appealed_on        date,
	appeal_outcome     text NOT NULL DEFAULT '',
	closed_on          date,
	note               text NOT NULL DEFAULT '',
	created_at         timestamptz NOT NULL
);
CREATE INDEX regulator_cases_request ON regulator_cases (request_id, id);

-- Statistics walk requests by date of receipt.
CREATE INDEX requests_received_on ON requests (received_on);
