// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"fmt"
	"strings"

	"disclose/internal/foi"
	"disclose/internal/i18n"
)

// The authority's own words in Welsh (issue 19): its name, who decides its
// internal reviews and who owns its copyright, as its Welsh letters and
// emails say them. Each is a setting of its own beside the English; one
// not set leaves the English in a Welsh letter, which the letter page
// warns about (EnglishSettingsIn) before it is sent.

// Setting keys of the Welsh values.
const (
	SettingAuthorityNameCy  = "authority_name_cy"
	SettingReviewTeamCy     = "review_team_cy"
	SettingCopyrightOwnerCy = "copyright_owner_cy"
)

// AuthorityWelsh are the authority's settings in Welsh, "" where not set.
type AuthorityWelsh struct {
	Name           string // "Cyngor Thurrock"
	ReviewTeam     string // "uwch aelod o’r Tîm Rheoli Gwybodaeth"
	CopyrightOwner string
}

// settings pairs each Welsh value with its key and the English
// setting it stands for, as the staff pages name it.
func (w *AuthorityWelsh) settings() []struct {
	key, label string
	dst        *string
	english    func(Authority) string
} {
	return []struct {
		key, label string
		dst        *string
		english    func(Authority) string
	}{
		{SettingAuthorityNameCy, "the authority's name", &w.Name, func(a Authority) string { return a.Name }},
		{SettingReviewTeamCy, "who decides internal reviews", &w.ReviewTeam, func(a Authority) string { return a.ReviewTeam }},
		{SettingCopyrightOwnerCy, "the copyright owner", &w.CopyrightOwner, func(a Authority) string { return a.CopyrightOwner }},
	}
}

// AuthorityWelsh reads the Welsh values.
func (s *Service) AuthorityWelsh(ctx context.Context) (AuthorityWelsh, error) {
	return authorityWelsh(ctx, s.Store)
}

func authorityWelsh(ctx context.Context, rd foi.Reader) (AuthorityWelsh, error) {
	var w AuthorityWelsh
	for _, f := range w.settings() {
		v, err := rd.FindSetting(ctx, f.key)
		switch {
		case err == nil:
			*f.dst = strings.TrimSpace(v)
		case !foi.IsNotFound(err):
			return w, err
		}
	}
	return w, nil
}

// SetAuthorityWelsh saves the Welsh values (admins only), audited; an
// empty one goes back to the English.
func (s *Service) SetAuthorityWelsh(ctx context.Context, actor *foi.User, w AuthorityWelsh) error {
	if err := require(actor, PermAdminister, "change settings"); err != nil {
		return err
	}
	for _, f := range w.settings() {
		if v := strings.TrimSpace(*f.dst); len(v) > 300 {
			return foi.Errorf(foi.EINVALID, "%s in Welsh may be at most 300 characters", f.label)
		}
	}
	return s.Store.Update(ctx, func(tx foi.Tx) error {
		var set []string
		for _, f := range w.settings() {
			if err := tx.SetSetting(ctx, f.key, strings.TrimSpace(*f.dst)); err != nil {
				return err
			}
			if strings.TrimSpace(*f.dst) != "" {
				set = append(set, f.label)
			}
		}
		return tx.AddEvent(ctx, &foi.Event{Type: foi.EventSettingsChanged, ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("authority settings in Welsh changed (set: %s)", orNone(set))})
	})
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, ", ")
}

// In is the authority as a letter in lang presents it: in Welsh, each
// setting with a Welsh value takes it.
func (a Authority) In(lang i18n.Lang, w AuthorityWelsh) Authority {
	if lang != i18n.Welsh {
		return a
	}
	if w.Name != "" {
		if a.CopyrightOwner == a.Name { // the default: the owner is the authority
			a.CopyrightOwner = w.Name
		}
		if a.ShortName == a.Name { // the default: no shorter name given
			a.ShortName = w.Name
		}
		a.Name = w.Name
	}
	if w.ReviewTeam != "" {
		a.ReviewTeam = w.ReviewTeam
	}
	if w.CopyrightOwner != "" {
		a.CopyrightOwner = w.CopyrightOwner
	}
	return a
}

// authorityIn is the authority's settings in lang.
func (s *Service) authorityIn(ctx context.Context, lang i18n.Lang) (Authority, error) {
	a, err := s.Authority(ctx)
	if err != nil || lang != i18n.Welsh {
		return a, err
	}
	w, err := s.AuthorityWelsh(ctx)
	return a.In(lang, w), err
}

// authorityNameIn is the authority's name as an email in lang gives it.
func authorityNameIn(ctx context.Context, rd foi.Reader, lang i18n.Lang) (string, error) {
	name, err := authorityName(ctx, rd)
	if err != nil || lang != i18n.Welsh {
		return name, err
	}
	w, err := authorityWelsh(ctx, rd)
	if err == nil && w.Name != "" {
		name = w.Name
	}
	return name, err
}

// EnglishSettingsIn names the authority's settings whose English a Welsh
// letter body holds because they have no Welsh value yet, for the letter
// page's warning: "who decides internal reviews".
func (s *Service) EnglishSettingsIn(ctx context.Context, body string) ([]string, error) {
	a, err := s.Authority(ctx)
	if err != nil {
		return nil, err
	}
	w, err := s.AuthorityWelsh(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	seen := map[string]bool{} // the copyright owner is the name unless set apart
	for _, f := range w.settings() {
		if en := strings.TrimSpace(f.english(a)); *f.dst == "" && en != "" && !seen[en] && strings.Contains(body, en) {
			out = append(out, f.label)
			seen[en] = true
		}
	}
	return out, nil
}
