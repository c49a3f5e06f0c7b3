package sqlite

import (
	"context"

	"disclose/internal/foi"
)

// FindRetentionCandidates lists finished cases whose requester has not been
// anonymised, with the date of their last dated event (a response, a
// review's end, a regulator case closing; views do not count).
func (r reader) FindRetentionCandidates(ctx context.Context) ([]foi.RetentionCandidate, error) {
	rows, err := r.q().QueryContext(ctx, `SELECT r.id, r.ref_prefix, r.ref_number, r.status,
		COALESCE((SELECT max(e.on_date) FROM events e WHERE e.request_id = r.id), r.received_on),
		EXISTS (SELECT 1 FROM reviews rv WHERE rv.request_id = r.id) OR EXISTS (SELECT 1 FROM regulator_cases c WHERE c.request_id = r.id)
	FROM requests r
	WHERE r.status IN ('responded', 'closed', 'withdrawn', 'lapsed')
	  AND NOT EXISTS (SELECT 1 FROM events e WHERE e.request_id = r.id AND e.type = 'anonymised')
	ORDER BY 5, r.id`)
	if err != nil {
		return nil, wrap("find retention candidates", err)
	}
	defer rows.Close()
	var out []foi.RetentionCandidate
	for rows.Next() {
		var c foi.RetentionCandidate
		if err := rows.Scan(&c.RequestID, &c.Reference.Prefix, &c.Reference.Number, &c.Status, scanDate(&c.LastActivity), &c.Escalated); err != nil {
			return nil, wrap("find retention candidates", err)
		}
		out = append(out, c)
	}
	return out, wrap("find retention candidates", rows.Err())
}
