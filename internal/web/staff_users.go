// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"
	"strconv"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// The administrator's staff pages: every account with its role and how it
// signs in, and every API token with its last use, each changeable here
// as from the command line (casework credentials.go does the work and the
// auditing).

type userRow struct {
	*foi.User
	SecondFactor bool
}

type tokenRow struct {
	*foi.Token
	User *foi.User
}

type usersPage struct {
	Page
	Users  []userRow
	Tokens []tokenRow
}

type userPage struct {
	Page
	User         *foi.User
	SecondFactor bool
	Tokens       []tokenRow
	Roles        []foi.Role
	// Shown once, right after it was made: a new password or token.
	NewPassword, NewToken string
	// Values of a refused form, shown back.
	Role, Department, TokenName string
}

func (s *Server) usersShow(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	users, err := s.Service.Users(r.Context(), u)
	if err != nil {
		return err
	}
	tokens, err := s.Service.Tokens(r.Context(), u, 0)
	if err != nil {
		return err
	}
	p := &usersPage{}
	byID := map[int64]*foi.User{}
	for _, o := range users {
		has, err := s.Service.HasSecondFactor(r.Context(), o.ID)
		if err != nil {
			return err
		}
		p.Users = append(p.Users, userRow{o, has})
		byID[o.ID] = o
	}
	for _, t := range tokens {
		p.Tokens = append(p.Tokens, tokenRow{t, byID[t.UserID]})
	}
	p.Title, p.Staff = "Staff accounts and API tokens", u
	p.Notice = notices[r.URL.Query().Get("notice")]
	return s.render(w, r, http.StatusOK, "staff/users.html", p)
}

func (s *Server) userShow(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	return s.renderUser(w, r, u, http.StatusOK, &userPage{})
}

// renderUser renders one account's page; p carries what the handler adds
// (errors, values shown back, a secret shown once).
func (s *Server) renderUser(w http.ResponseWriter, r *http.Request, u *foi.User, status int, p *userPage) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := casework.RequireAdmin(u, "manage staff accounts"); err != nil {
		return err
	}
	if p.User, err = s.Service.Store.FindUser(r.Context(), id); err != nil {
		return err
	}
	if p.SecondFactor, err = s.Service.HasSecondFactor(r.Context(), id); err != nil {
		return err
	}
	tokens, err := s.Service.Tokens(r.Context(), u, id)
	if err != nil {
		return err
	}
	for _, t := range tokens {
		p.Tokens = append(p.Tokens, tokenRow{t, p.User})
	}
	if p.Role == "" {
		p.Role, p.Department = string(p.User.Role), p.User.Department
	}
	p.Roles = foi.Roles
	p.Title, p.Staff = p.User.Name+": staff account", u
	if status == http.StatusOK && p.NewPassword == "" && p.NewToken == "" {
		p.Notice = notices[r.URL.Query().Get("notice")]
	}
	return s.render(w, r, status, "staff/user.html", p)
}

// userChange runs a change to the account in the path and goes back to
// its page with a notice; a refused change is shown beside field.
func (s *Server) userChange(field, notice string, change func(r *http.Request, actor *foi.User, id int64) error) staffHandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, u *foi.User) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		err = change(r, u, id)
		if code := foi.ErrorCode(err); code == foi.EINVALID || code == foi.ECONFLICT {
			return s.renderUser(w, r, u, http.StatusBadRequest, &userPage{Page: Page{Errors: []FieldError{{field, foi.ErrorMessage(err)}}},
				Role: r.PostFormValue("role"), Department: r.PostFormValue("department"), TokenName: r.PostFormValue("token_name")})
		}
		if err != nil {
			return err
		}
		http.Redirect(w, r, "/staff/users/"+strconv.FormatInt(id, 10)+"?notice="+notice, http.StatusSeeOther)
		return nil
	}
}

func (s *Server) userRole(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	return s.userChange("role", "role", func(r *http.Request, actor *foi.User, id int64) error {
		_, err := s.Service.SetRole(r.Context(), actor, id, foi.Role(r.PostFormValue("role")), r.PostFormValue("department"))
		return err
	})(w, r, u)
}

func (s *Server) userDisable(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	return s.userChange("disable", "disabled", func(r *http.Request, actor *foi.User, id int64) error {
		_, err := s.Service.SetDisabled(r.Context(), actor, id, true)
		return err
	})(w, r, u)
}

func (s *Server) userEnable(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	return s.userChange("disable", "enabled", func(r *http.Request, actor *foi.User, id int64) error {
		_, err := s.Service.SetDisabled(r.Context(), actor, id, false)
		return err
	})(w, r, u)
}

func (s *Server) userSecondFactorRemove(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	return s.userChange("admin_password", "second-factor-removed", func(r *http.Request, actor *foi.User, id int64) error {
		return s.Service.DisableSecondFactor(r.Context(), actor, id, r.PostFormValue("admin_password"), r.PostFormValue("admin_code"))
	})(w, r, u)
}

func (s *Server) tokenRevoke(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Service.RevokeToken(r.Context(), u, id); err != nil {
		return err
	}
	back := "/staff/users?notice=token-revoked#tokens"
	if owner, err := strconv.ParseInt(r.PostFormValue("user"), 10, 64); err == nil && owner > 0 {
		back = "/staff/users/" + strconv.FormatInt(owner, 10) + "?notice=token-revoked#tokens"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// userPassword resets a password and shows the new one, once, on the
// page the administrator is on (never in an address).
func (s *Server) userPassword(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	password, err := s.Service.ResetPassword(r.Context(), u, id, "")
	if err != nil {
		return err
	}
	return s.renderUser(w, r, u, http.StatusOK, &userPage{NewPassword: password})
}

// userToken makes an API token and shows its secret once.
func (s *Server) userToken(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	secret, _, err := s.Service.CreateToken(r.Context(), u, id, r.PostFormValue("token_name"))
	if foi.ErrorCode(err) == foi.EINVALID {
		return s.renderUser(w, r, u, http.StatusBadRequest, &userPage{Page: Page{Errors: []FieldError{{"token_name", foi.ErrorMessage(err)}}}})
	}
	if err != nil {
		return err
	}
	return s.renderUser(w, r, u, http.StatusOK, &userPage{NewToken: secret})
}
