// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"
	"strconv"
	"strings"

	"disclose/internal/foi"
)

// adminInputView fills in the department-input form: as saved, or as
// refused (f).
func (s *Server) adminInputView(r *http.Request, p *adminPage, f *adminInputForm) error {
	is, err := s.Service.InputSettings(r.Context())
	if err != nil {
		return err
	}
	users, err := s.Service.Store.FindUsers(r.Context())
	if err != nil {
		return err
	}
	p.InputDays = strconv.Itoa(is.Days)
	if f != nil {
		p.InputDays = f.Days
	}
	for _, u := range users {
		if u.Role != foi.RoleContributor || u.Disabled {
			continue
		}
		m := is.Managers[u.ID]
		if f != nil {
			m = f.Managers[u.ID]
		}
		p.Contacts = append(p.Contacts, contactManager{u.ID, u.Name, m})
	}
	return nil
}

// adminInput saves the department-input settings; a refusal is shown
// beside the form with what was typed, and nothing is saved.
func (s *Server) adminInput(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	if err := r.ParseForm(); err != nil {
		return foi.Errorf(foi.EINVALID, "the form could not be read")
	}
	f := &adminInputForm{Days: strings.TrimSpace(r.PostFormValue("input_days")), Managers: map[int64]string{}}
	for k, v := range r.PostForm {
		if id, ok := strings.CutPrefix(k, "manager_"); ok {
			n, err := strconv.ParseInt(id, 10, 64)
			if err != nil {
				return foi.Errorf(foi.EINVALID, "the form could not be read")
			}
			f.Managers[n] = strings.TrimSpace(strings.Join(v, ""))
		}
	}
	if err := s.Service.SetInputSettings(r.Context(), u, f.Days, f.Managers); err != nil {
		if foi.ErrorCode(err) != foi.EINVALID {
			return err
		}
		return s.renderAdminWith(w, r, u, http.StatusBadRequest, "", "", []FieldError{{"input", foi.ErrorMessage(err)}}, adminForms{Input: f})
	}
	http.Redirect(w, r, "/staff/admin?notice=settings#input", http.StatusSeeOther)
	return nil
}
