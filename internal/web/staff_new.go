// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"
	"strings"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

type newCasePage struct {
	Page
	Name, Email, Address, Phone, Text string
	Regime, Channel, ReceivedOn       string
	Regimes                           []foi.Regime
	Channels                          []foi.Channel
	EnvHint                           []string
}

func (s *Server) newCasePage(r *http.Request, u *foi.User) (*newCasePage, error) {
	a, err := s.authority(r)
	if err != nil {
		return nil, err
	}
	p := &newCasePage{Regimes: []foi.Regime{foi.FOIA, foi.EIR, foi.FOISA, foi.EISR}, Channels: foi.Channels,
		Regime: string(a.DefaultRegime), Channel: string(foi.ChannelEmail), ReceivedOn: foi.FormatDate(s.Service.Today())}
	p.Title, p.Staff = "Log a request", u
	return p, nil
}

func (s *Server) newCase(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	p, err := s.newCasePage(r, u)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "staff/new.html", p)
}

// createCase logs a request received by post, phone, email or in person,
// with its real date of receipt.
func (s *Server) createCase(w http.ResponseWriter, r *http.Request, u *foi.User) error {
	p, err := s.newCasePage(r, u)
	if err != nil {
		return err
	}
	f := r.PostFormValue
	p.Name, p.Email, p.Address, p.Phone, p.Text = f("name"), f("email"), f("address"), f("phone"), f("text")
	p.Regime, p.Channel, p.ReceivedOn = f("regime"), f("channel"), strings.TrimSpace(f("received_on"))
	in := casework.NewRequest{
		Requester: foi.Requester{Name: p.Name, Email: p.Email, Address: p.Address, Phone: p.Phone},
		Text:      p.Text,
	}
	if in.Regime, err = foi.ParseRegime(p.Regime); err != nil {
		p.Errors = append(p.Errors, FieldError{"regime", "Choose the law the request is handled under"})
	}
	if in.Channel, err = foi.ParseChannel(p.Channel); err != nil {
		p.Errors = append(p.Errors, FieldError{"channel", "Choose how the request arrived"})
	}
	var received time.Time
	if received, err = foi.ParseDate(p.ReceivedOn); err != nil {
		p.Errors = append(p.Errors, FieldError{"received_on", "Enter the date the request was received, like 2026-11-25"})
	}
	in.ReceivedOn = received
	if len(p.Errors) == 0 {
		req, err := s.Service.SubmitRequest(r.Context(), u, in)
		if err == nil {
			backToCase(w, r, req.Reference, "created", "")
			return nil
		}
		if foi.ErrorCode(err) != foi.EINVALID && foi.ErrorCode(err) != foi.ECONFLICT {
			return err
		}
		msg := foi.ErrorMessage(err)
		field := "text"
		switch f := casework.ErrorField(err); {
		case f == casework.FieldText:
		case f != "":
			field = string(f) // name, email, phone, address: the form's own names
		case strings.Contains(msg, "name"):
			field = "name"
		case strings.Contains(msg, "email") || strings.Contains(msg, "address"):
			field = "email"
		case strings.Contains(msg, "received"):
			field = "received_on"
		}
		p.Errors = append(p.Errors, FieldError{field, upperFirst(msg)})
	}
	p.EnvHint = casework.EnvironmentalHint(&foi.Request{Regime: in.Regime, Text: p.Text})
	return s.render(w, r, http.StatusBadRequest, "staff/new.html", p)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
