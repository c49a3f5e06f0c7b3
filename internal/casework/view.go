package casework

import (
	"context"

	"disclose/internal/foi"
)

// CaseEscalations returns a request's internal reviews and regulator cases
// for r as FindRequest returned it to actor. Those who work cases see them;
// a contributor sees none, as on their case page (contributorView): a
// review's grounds are the requester's own words and its decisions carry
// every part before and after.
func (s *Service) CaseEscalations(ctx context.Context, actor *foi.User, r *foi.Request) ([]*foi.Review, []*foi.RegulatorCase, error) {
	if err := require(actor, PermViewCases, "see a request"); err != nil {
		return nil, nil, err
	}
	if !Can(actor, PermWorkCases) {
		return nil, nil, nil
	}
	reviews, err := s.Store.FindReviews(ctx, r.ID)
	if err != nil {
		return nil, nil, err
	}
	cases, err := s.Store.FindRegulatorCases(ctx, r.ID)
	if err != nil {
		return nil, nil, err
	}
	return reviews, cases, nil
}
