-- 0007: "my open cases", the case list most officers start from, filters on
-- assignee and status together.
CREATE INDEX requests_assignee_status_due ON requests (assignee_id, status, due_on, ref_number);
