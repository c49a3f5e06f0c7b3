-- 0021: a decision notice's number and the steps it requires (see the
-- SQLite migration 0021).
ALTER TABLE regulator_cases ADD COLUMN decision_number TEXT NOT NULL DEFAULT '';
ALTER TABLE regulator_cases ADD COLUMN steps TEXT NOT NULL DEFAULT '';
