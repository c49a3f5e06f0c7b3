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

// MergeCategory files every disclosure-log entry of the category from
// under into (administrators only), so one subject has one name: from
// leaves the administrator's list and into joins it if the list is kept.
// The settings event on the audit trail records both names and how many
// entries moved. It returns that number.
func (s *Service) MergeCategory(ctx context.Context, actor *foi.User, from, into string) (int, error) {
	if err := require(actor, PermAdminister, "merge disclosure-log categories"); err != nil {
		return 0, err
	}
	from, into = strings.Join(strings.Fields(from), " "), strings.Join(strings.Fields(into), " ")
	switch {
	case from == "" || into == "":
		return 0, foi.Errorf(foi.EINVALID, "choose the category to merge and the one to merge it into")
	case from == into:
		return 0, foi.Errorf(foi.EINVALID, "%q is the same category: choose another to merge it into", from)
	}
	list, err := s.Categories(ctx)
	if err != nil {
		return 0, err
	}
	var moved int
	err = s.Store.Update(ctx, func(tx foi.Tx) error {
		var err error
		if moved, err = tx.MergeCategory(ctx, from, into); err != nil {
			return err
		}
		if moved == 0 && !slices.Contains(list, from) {
			return foi.Errorf(foi.EINVALID, "no entry is filed under %q and the list does not have it: nothing to merge", from)
		}
		if len(list) > 0 {
			kept := slices.DeleteFunc(slices.Clone(list), func(n string) bool { return n == from })
			if !slices.Contains(kept, into) {
				kept = append(kept, into)
			}
			b, err := json.Marshal(kept)
			if err != nil {
				return err
			}
			if err := tx.SetSetting(ctx, SettingCategories, string(b)); err != nil {
				return err
			}
		}
		return tx.AddEvent(ctx, &foi.Event{Type: foi.EventSettingsChanged, ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("disclosure-log category %q merged into %q: %d entries moved", from, into, moved)})
	})
	return moved, err
}
