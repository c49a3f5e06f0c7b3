-- 0009: scheduled jobs (the daily reminder digest) run once a day across
-- every process sharing the database. A process claims a day's run by
-- inserting its row; a claim left unfinished past its lease (the process
-- died) may be taken over. The work itself is idempotent by outbox key.
CREATE TABLE job_runs (
    job         text        NOT NULL,
    day         date        NOT NULL,
    claimed_by  text        NOT NULL,
    claimed_at  timestamptz NOT NULL,
    finished_at timestamptz,
    PRIMARY KEY (job, day)
);
