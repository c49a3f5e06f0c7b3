// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"disclose/internal/foi"
)

// Disclosure-log categories as a list the administrator keeps (issue 15:
// typing "Highways" at publish made a category beside "Highways and
// transport"). While the list is empty any category may be typed, as
// before; once it has names, publishing takes one of them.

// SettingCategories holds the list, as a JSON array of names.
const SettingCategories = "disclosure_log_categories"

// Categories returns the administrator's list of categories, in order;
// empty when none is kept.
func (s *Service) Categories(ctx context.Context) ([]string, error) {
	v, err := s.Store.FindSetting(ctx, SettingCategories)
	if foi.IsNotFound(err) || (err == nil && strings.TrimSpace(v) == "") {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var list []string
	if err := json.Unmarshal([]byte(v), &list); err != nil {
		return nil, fmt.Errorf("the %s setting is not a JSON list: %w", SettingCategories, err)
	}
	return list, nil
}

// SetCategories replaces the list (administrators only). Names are trimmed;
// an empty one is dropped; two that differ only in capitals or spaces are
// refused, as are names over 100 characters.
func (s *Service) SetCategories(ctx context.Context, actor *foi.User, names []string) error {
	if err := require(actor, PermAdminister, "change the disclosure-log categories"); err != nil {
		return err
	}
	var list []string
	seen := map[string]string{}
	for _, n := range names {
		n = strings.Join(strings.Fields(n), " ")
		if n == "" {
			continue
		}
		if len(n) > 100 {
			return foi.Errorf(foi.EINVALID, "category %q is longer than 100 characters", n[:40]+"…")
		}
		key := strings.ToLower(n)
		if prev, ok := seen[key]; ok {
			return foi.Errorf(foi.EINVALID, "%q and %q are the same category: keep one", prev, n)
		}
		seen[key] = n
		list = append(list, n)
	}
	b, err := json.Marshal(list)
	if err != nil {
		return err
	}
	return s.Store.Update(ctx, func(tx foi.Tx) error {
		if err := tx.SetSetting(ctx, SettingCategories, string(b)); err != nil {
			return err
		}
		return tx.AddEvent(ctx, &foi.Event{Type: foi.EventSettingsChanged, ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("disclosure-log categories: %s", strings.Join(list, "; "))})
	})
}

// checkCategory returns the category as the list writes it, or refuses one
// the list does not have (any category is taken while the list is empty).
func (s *Service) checkCategory(ctx context.Context, category string) (string, error) {
	list, err := s.Categories(ctx)
	if err != nil || len(list) == 0 || category == "" {
		return category, err
	}
	i := slices.IndexFunc(list, func(n string) bool { return strings.EqualFold(n, strings.Join(strings.Fields(category), " ")) })
	if i < 0 {
		return "", foi.Errorf(foi.EINVALID, "%q is not one of the disclosure log's categories (%s): choose one, or ask an administrator to add it", category, strings.Join(list, ", "))
	}
	return list[i], nil
}
