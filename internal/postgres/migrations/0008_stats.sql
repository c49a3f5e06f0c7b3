-- Statistics (internal/stats) count a year of requests in one pass over
-- this index, which holds every column they read.
CREATE INDEX requests_stats ON requests (received_on, regime, status, outcome, due_on, responded_on);
-- Which requests took a permitted extension.
CREATE INDEX events_extended ON events (request_id) WHERE type = 'extended';
