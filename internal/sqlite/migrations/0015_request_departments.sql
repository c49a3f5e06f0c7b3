-- 0015: statistics by department (the contributors asked for input on a
-- request's parts) read the departments from the stats index, kept by
-- triggers on part_assignments as the sorted user ids joined by commas:
-- a probe into part_assignments for every request of a year costs more
-- than the rest of the statistics together.
ALTER TABLE requests ADD COLUMN departments TEXT NOT NULL DEFAULT '';

UPDATE requests SET departments = (
    SELECT group_concat(user_id, ',') FROM (
        SELECT DISTINCT user_id FROM part_assignments pa WHERE pa.request_id = requests.id ORDER BY user_id))
WHERE id IN (SELECT request_id FROM part_assignments);

CREATE TRIGGER request_departments_insert AFTER INSERT ON part_assignments BEGIN
    UPDATE requests SET departments = COALESCE((
        SELECT group_concat(user_id, ',') FROM (
            SELECT DISTINCT user_id FROM part_assignments WHERE request_id = NEW.request_id ORDER BY user_id)), '')
    WHERE id = NEW.request_id;
END;
CREATE TRIGGER request_departments_delete AFTER DELETE ON part_assignments BEGIN
    UPDATE requests SET departments = COALESCE((
        SELECT group_concat(user_id, ',') FROM (
            SELECT DISTINCT user_id FROM part_assignments WHERE request_id = OLD.request_id ORDER BY user_id)), '')
    WHERE id = OLD.request_id;
END;
CREATE TRIGGER request_departments_update AFTER UPDATE ON part_assignments BEGIN
    UPDATE requests SET departments = COALESCE((
        SELECT group_concat(user_id, ',') FROM (
            SELECT DISTINCT user_id FROM part_assignments WHERE request_id = NEW.request_id ORDER BY user_id)), '')
    WHERE id IN (OLD.request_id, NEW.request_id);
END;

DROP INDEX requests_stats;
CREATE INDEX requests_stats ON requests (received_on, regime, status, outcome, due_on, responded_on, departments);
