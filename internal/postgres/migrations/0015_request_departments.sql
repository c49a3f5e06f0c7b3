-- 0015: statistics by department (the contributors asked for input on a
-- request's parts) read the departments from the requests row, kept by a
-- trigger on part_assignments as the sorted user ids joined by commas, as
-- in SQLite.
ALTER TABLE requests ADD COLUMN departments text NOT NULL DEFAULT '';

UPDATE requests r SET departments = d.ids
FROM (SELECT request_id, string_agg(DISTINCT user_id::text, ',' ORDER BY user_id::text) AS ids
      FROM part_assignments GROUP BY request_id) d
WHERE r.id = d.request_id;

CREATE FUNCTION request_departments_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    rid bigint;
BEGIN
    FOR rid IN SELECT DISTINCT x FROM unnest(ARRAY[
        CASE WHEN TG_OP <> 'INSERT' THEN OLD.request_id END,
        CASE WHEN TG_OP <> 'DELETE' THEN NEW.request_id END]) AS x WHERE x IS NOT NULL
    LOOP
        UPDATE requests SET departments = COALESCE((
            SELECT string_agg(DISTINCT user_id::text, ',' ORDER BY user_id::text)
            FROM part_assignments WHERE request_id = rid), '')
        WHERE id = rid;
    END LOOP;
    RETURN NULL;
END;
$$;

CREATE TRIGGER request_departments AFTER INSERT OR UPDATE OR DELETE ON part_assignments
    FOR EACH ROW EXECUTE FUNCTION request_departments_sync();
