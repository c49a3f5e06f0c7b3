package postgres

import (
	"context"

	"github.com/jackc/pgx/v5/pgtype"

	"disclose/internal/foi"
)

func (s *Store) FindRetentionCandidates(ctx context.Context) (cs []foi.RetentionCandidate, err error) {
	err = s.view(ctx, func(rd *reader) error { cs, err = rd.FindRetentionCandidates(ctx); return err })
	return cs, err
}

// FindRetentionCandidates lists finished cases whose requester has not been
// anonymised, with the date of their last dated event (a response, a
// review's end, a regulator case closing; views do not count).
func (rd *reader) FindRetentionCandidates(ctx context.Context) ([]foi.RetentionCandidate, error) {
	rows, err := rd.q.Query(ctx, `SELECT r.id, r.ref_prefix, r.ref_number, r.status,
		COALESCE((SELECT max(e.on_date) FROM events e WHERE e.request_id = r.id), r.received_on) AS last_activity,
		EXISTS (SELECT 1 FROM reviews rv WHERE rv.request_id = r.id) OR EXISTS (SELECT 1 FROM regulator_cases c WHERE c.request_id = r.id)
	FROM requests r
	WHERE r.status IN ('responded', 'closed', 'withdrawn', 'lapsed')
	  AND NOT EXISTS (SELECT 1 FROM events e WHERE e.request_id = r.id AND e.type = 'anonymised')
	ORDER BY last_activity, r.id`)
	if err != nil {
		return nil, mapError(err, "find retention candidates")
	}
	defer rows.Close()
	var out []foi.RetentionCandidate
	for rows.Next() {
		var (
			c              foi.RetentionCandidate
			prefix, status string
			number         int64
			last           pgtype.Date
		)
		if err := rows.Scan(&c.RequestID, &prefix, &number, &status, &last, &c.Escalated); err != nil {
			return nil, mapError(err, "find retention candidates")
		}
		c.Reference, c.Status, c.LastActivity = foi.Reference{Prefix: prefix, Number: int(number)}, foi.Status(status), fromDate(last)
		out = append(out, c)
	}
	return out, mapError(rows.Err(), "find retention candidates")
}
