-- 0007: "my open cases", the case list most officers start from, filters on
-- assignee and status together; with only the assignee index SQLite walks
-- every case an officer ever had to find the few still open.
CREATE INDEX requests_assignee_status_due ON requests (assignee_id, status, due_on IS NULL, due_on, ref_number);
