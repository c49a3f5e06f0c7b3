-- 0021: a decision notice's own number (the ICO's FS50... or IC-...
-- reference, the SIC's decision number) and the steps it requires, kept
-- apart from the complaint's notes.
ALTER TABLE regulator_cases ADD COLUMN decision_number TEXT NOT NULL DEFAULT '';
ALTER TABLE regulator_cases ADD COLUMN steps TEXT NOT NULL DEFAULT '';
