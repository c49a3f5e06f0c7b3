// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"
	"strings"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// The settings API: the kind of authority with a school's term dates, and
// the department-input settings, for administrators, through the settings
// page's casework functions (SetSchool, SetInputSettings): the same
// validation, the same audit record.

type termJSON struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

type schoolJSON struct {
	Kind  string     `json:"kind"`
	Terms []termJSON `json:"terms"`
}

type managerJSON struct {
	ContactID    int64  `json:"contact_id"`
	ContactEmail string `json:"contact_email,omitempty"` // in answers only
	ManagerEmail string `json:"manager_email"`
}

type inputSettingsJSON struct {
	Days     *int          `json:"days"`
	Managers []managerJSON `json:"managers"`
}

// requireAdmin is the token's user when an administrator.
func (s *Server) requireAdmin(r *http.Request) (*foi.User, error) {
	u, err := s.requireStaff(r)
	if err == nil && !casework.Can(u, casework.PermAdminister) {
		err = foi.Errorf(foi.EFORBIDDEN, "only an administrator may read or change the authority's settings")
	}
	return u, err
}

func (s *Server) schoolOut(r *http.Request) (schoolJSON, error) {
	sc, err := s.Service.SchoolSettings(r.Context())
	out := schoolJSON{Kind: string(sc.Kind), Terms: []termJSON{}}
	for _, t := range sc.Terms {
		out.Terms = append(out.Terms, termJSON{t.Start.String(), t.End.String()})
	}
	return out, err
}

// schoolSettingsAPI is GET /api/v1/settings/school.
func (s *Server) schoolSettingsAPI(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.requireAdmin(r); err != nil {
		return err
	}
	out, err := s.schoolOut(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// setSchoolSettingsAPI is PUT /api/v1/settings/school.
func (s *Server) setSchoolSettingsAPI(w http.ResponseWriter, r *http.Request) error {
	actor, err := s.requireAdmin(r)
	if err != nil {
		return err
	}
	var in schoolJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if strings.TrimSpace(in.Kind) == "" {
		return foi.Errorf(foi.EINVALID, "kind is required: other, central-government or school")
	}
	var lines []string
	for _, t := range in.Terms {
		lines = append(lines, strings.TrimSpace(t.Start)+" "+strings.TrimSpace(t.End))
	}
	if err := s.Service.SetSchool(r.Context(), actor, casework.AuthorityKind(in.Kind), strings.Join(lines, "\n")); err != nil {
		return err
	}
	return s.schoolSettingsAPI(w, r)
}

// inputSettingsAPI is GET /api/v1/settings/department-input.
func (s *Server) inputSettingsAPI(w http.ResponseWriter, r *http.Request) error {
	actor, err := s.requireAdmin(r)
	if err != nil {
		return err
	}
	is, err := s.Service.InputSettings(r.Context())
	if err != nil {
		return err
	}
	users, err := s.Service.Users(r.Context(), actor)
	if err != nil {
		return err
	}
	out := inputSettingsJSON{Days: &is.Days, Managers: []managerJSON{}}
	for _, u := range users {
		if m := is.Managers[u.ID]; m != "" && u.Role == foi.RoleContributor {
			out.Managers = append(out.Managers, managerJSON{ContactID: u.ID, ContactEmail: u.Email, ManagerEmail: m})
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// setInputSettingsAPI is PUT /api/v1/settings/department-input: the
// managers given are set (an empty email removes one), others kept.
func (s *Server) setInputSettingsAPI(w http.ResponseWriter, r *http.Request) error {
	actor, err := s.requireAdmin(r)
	if err != nil {
		return err
	}
	var in inputSettingsJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if in.Days == nil {
		return foi.Errorf(foi.EINVALID, "days is required: the working days before the statutory date that department input is due (0-19)")
	}
	managers := map[int64]string{}
	for _, m := range in.Managers {
		if m.ContactEmail != "" {
			return foi.Errorf(foi.EINVALID, "name each contact by contact_id (contact_email is in answers only)")
		}
		managers[m.ContactID] = m.ManagerEmail
	}
	if err := s.Service.SetInputSettings(r.Context(), actor, itoa(*in.Days), managers); err != nil {
		return err
	}
	return s.inputSettingsAPI(w, r)
}
