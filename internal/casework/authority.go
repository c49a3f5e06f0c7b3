// SPDX-License-Identifier: AGPL-3.0-or-later

package casework

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"disclose/internal/foi"
)

// Authority is the public authority running Disclose, as its letters and
// pages present it. Every field is a setting an administrator can change;
// the defaults read sensibly until they do.
type Authority struct {
	Name           string // "Thurrock Council"
	ShortName      string // in the header where space is short; Name when empty
	Website        string // the authority's own site, linked from the header
	FOIEmail       string // where requesters write: "information.matters@thurrock.gov.uk"
	CopyrightOwner string // named in the re-use notice; Name when empty
	BrandColour    string // header colour, "#RRGGBB"
	ReviewTeam     string // who decides internal reviews: "a senior member of the Information Management Team"
	DefaultRegime  foi.Regime
	// Welsh is whether the public pages offer Welsh and which language comes
	// first (language.go); SetWelshSettings changes it, not SetAuthority.
	Welsh WelshSettings
}

// Setting keys for the authority.
const (
	SettingAuthorityName  = "authority_name"
	SettingAuthorityShort = "authority_short_name"
	SettingWebsite        = "authority_website"
	SettingFOIEmail       = "foi_email"
	SettingCopyrightOwner = "copyright_owner"
	SettingBrandColour    = "brand_colour"
	SettingReviewTeam     = "review_team"
	SettingDefaultRegime  = "default_regime"
)

var hexColour = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// Authority reads the authority's settings, filling in defaults.
func (s *Service) Authority(ctx context.Context) (Authority, error) {
	a := Authority{
		Name:        "Your Council",
		BrandColour: "#1d70b8",
		ReviewTeam:  "a senior officer who was not involved in the original decision",
	}
	fields := []struct {
		key string
		dst *string
	}{
		{SettingAuthorityName, &a.Name}, {SettingAuthorityShort, &a.ShortName}, {SettingWebsite, &a.Website},
		{SettingFOIEmail, &a.FOIEmail}, {SettingCopyrightOwner, &a.CopyrightOwner},
		{SettingBrandColour, &a.BrandColour}, {SettingReviewTeam, &a.ReviewTeam},
	}
	for _, f := range fields {
		v, err := s.Store.FindSetting(ctx, f.key)
		switch {
		case err == nil && strings.TrimSpace(v) != "":
			*f.dst = strings.TrimSpace(v)
		case err != nil && !foi.IsNotFound(err):
			return a, err
		}
	}
	regime, err := defaultRegime(ctx, s.Store)
	if err != nil {
		return a, err
	}
	a.DefaultRegime = regime
	if a.Welsh, err = s.WelshSettings(ctx); err != nil {
		return a, err
	}
	if a.ShortName == "" {
		a.ShortName = a.Name
	}
	if a.CopyrightOwner == "" {
		a.CopyrightOwner = a.Name
	}
	if !hexColour.MatchString(a.BrandColour) {
		a.BrandColour = "#1d70b8"
	}
	return a, nil
}

// SetAuthority saves the authority's settings (admins only), audited.
func (s *Service) SetAuthority(ctx context.Context, actor *foi.User, a Authority) error {
	if actor == nil || actor.Disabled || actor.Role != foi.RoleAdmin {
		return foi.Errorf(foi.EFORBIDDEN, "only an administrator may change the authority's settings")
	}
	if strings.TrimSpace(a.Name) == "" {
		return foi.Errorf(foi.EINVALID, "the authority needs a name")
	}
	if a.BrandColour != "" && !hexColour.MatchString(a.BrandColour) {
		return foi.Errorf(foi.EINVALID, "brand colour %q is not a colour like #1d70b8", a.BrandColour)
	}
	if a.BrandColour != "" && contrastWithWhite(a.BrandColour) < 4.5 {
		return foi.Errorf(foi.EINVALID, "brand colour %s is too light for the white header text (contrast %.1f:1; WCAG 2.2 AA needs 4.5:1)",
			a.BrandColour, contrastWithWhite(a.BrandColour))
	}
	if a.DefaultRegime != "" {
		if _, err := foi.ParseRegime(string(a.DefaultRegime)); err != nil {
			return err
		}
	}
	values := map[string]string{
		SettingAuthorityName: a.Name, SettingAuthorityShort: a.ShortName, SettingWebsite: a.Website,
		SettingFOIEmail: a.FOIEmail, SettingCopyrightOwner: a.CopyrightOwner, SettingBrandColour: a.BrandColour,
		SettingReviewTeam: a.ReviewTeam, SettingDefaultRegime: string(a.DefaultRegime),
	}
	return s.Store.Update(ctx, func(tx foi.Tx) error {
		for k, v := range values {
			if err := tx.SetSetting(ctx, k, strings.TrimSpace(v)); err != nil {
				return err
			}
		}
		return tx.AddEvent(ctx, &foi.Event{Type: foi.EventSettingsChanged, ActorID: actor.ID, Actor: actor.Name,
			Note: fmt.Sprintf("authority settings changed: %s", a.Name)})
	})
}

// contrastWithWhite is the WCAG contrast ratio of a #RRGGBB colour against
// white, the header's text colour.
func contrastWithWhite(hex string) float64 {
	lum := 0.0
	for i, weight := range []float64{0.2126, 0.7152, 0.0722} {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		c := float64(v) / 255
		if c <= 0.04045 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		lum += weight * c
	}
	return 1.05 / (lum + 0.05)
}
