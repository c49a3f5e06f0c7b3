// SPDX-License-Identifier: AGPL-3.0-or-later

package sqlstore

import (
	"context"

	"disclose/internal/foi"
)

// FindAwaitingInput lists the requests, of any status, with a part that
// has no outcome yet and was asked of a department contact who has not
// given input on it (casework records input as a part-input event whose
// note starts "part N:"), in one query for the team's dashboard.
func (r *Reader) FindAwaitingInput(ctx context.Context) ([]int64, error) {
	var ids []int64
	err := Each(ctx, r.Q, func(rows Rows) error {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
		return nil
	}, `SELECT DISTINCT a.request_id FROM part_assignments a
		JOIN parts p ON p.request_id = a.request_id AND p.number = a.part AND p.outcome = ''
		WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.request_id = a.request_id AND e.type = ?
			AND e.actor_id = a.user_id AND e.note LIKE 'part ' || a.part || ':%')
		ORDER BY a.request_id`, foi.EventPartInput)
	return ids, r.D.Wrap("find requests awaiting input", err)
}

// FindWithRegulator maps each request with a complaint to the regulator
// not yet closed to the officer it is assigned to (0: nobody).
func (r *Reader) FindWithRegulator(ctx context.Context) (map[int64]int64, error) {
	out := map[int64]int64{}
	err := Each(ctx, r.Q, func(rows Rows) error {
		var id, assignee int64
		if err := rows.Scan(&id, ScanID(&assignee)); err != nil {
			return err
		}
		out[id] = assignee
		return nil
	}, `SELECT DISTINCT q.id, q.assignee_id FROM regulator_cases c JOIN requests q ON q.id = c.request_id
		WHERE c.closed_on IS NULL`)
	return out, r.D.Wrap("find requests with the regulator", err)
}
