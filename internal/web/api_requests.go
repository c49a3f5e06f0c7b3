// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"
	"time"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// jsonDate writes a date as YYYY-MM-DD in JSON, and an unset one as null.
type jsonDate time.Time

func (d jsonDate) MarshalJSON() ([]byte, error) {
	if time.Time(d).IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + foi.FormatDate(time.Time(d)) + `"`), nil
}

type requesterJSON struct {
	Name    string `json:"name"`
	Email   string `json:"email,omitempty"`
	Address string `json:"address,omitempty"`
	Phone   string `json:"phone,omitempty"`
}

type createRequestJSON struct {
	Requester requesterJSON `json:"requester"`
	Request   string        `json:"request"`
	// Staff only: a request received another way, or a historical one.
	ReceivedOn string `json:"received_on"`
	Regime     string `json:"regime"`
	Channel    string `json:"channel"`
	Reference  string `json:"reference"`
	// Language is the requester's choice for correspondence: "en" or "cy".
	Language string `json:"language"`
}

type partJSON struct {
	Number         int      `json:"number"`
	Label          string   `json:"label,omitempty"`
	Text           string   `json:"text"`
	Answer         string   `json:"answer,omitempty"`
	Outcome        string   `json:"outcome,omitempty"`
	Exemptions     []string `json:"exemptions,omitempty"`
	PublicInterest string   `json:"public_interest,omitempty"`
}

type createdJSON struct {
	Reference  string     `json:"reference"`
	Regime     string     `json:"regime"`
	Status     string     `json:"status"`
	ReceivedOn jsonDate   `json:"received_on"`
	DueOn      jsonDate   `json:"due_on"`
	Parts      []partJSON `json:"parts"`
}

func (s *Server) createRequest(w http.ResponseWriter, r *http.Request) error {
	actor, err := s.staff(r)
	if err != nil {
		return err
	}
	var in createRequestJSON
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	nr := casework.NewRequest{
		Requester: foi.Requester(in.Requester),
		Text:      in.Request,
	}
	if in.ReceivedOn != "" {
		if nr.ReceivedOn, err = foi.ParseDate(in.ReceivedOn); err != nil {
			return foi.Errorf(foi.EINVALID, "received_on: %v", foi.ErrorMessage(err))
		}
	}
	if in.Regime != "" {
		if nr.Regime, err = foi.ParseRegime(in.Regime); err != nil {
			return foi.Errorf(foi.EINVALID, "regime: %v", foi.ErrorMessage(err))
		}
	}
	if in.Channel != "" {
		if nr.Channel, err = foi.ParseChannel(in.Channel); err != nil {
			return foi.Errorf(foi.EINVALID, "channel: %v", foi.ErrorMessage(err))
		}
	}
	if in.Reference != "" {
		if nr.Reference, err = foi.ParseReference(in.Reference); err != nil {
			return foi.Errorf(foi.EINVALID, "reference: %v", foi.ErrorMessage(err))
		}
	}
	if in.Language != "" {
		nr.Language = foi.RequestLanguage{Lang: in.Language, Source: foi.LanguageFromPage}
		if actor != nil {
			nr.Language.Source = foi.LanguageFromStaff
		}
		if err := nr.Language.Validate(); err != nil {
			return foi.Errorf(foi.EINVALID, "language: %v", foi.ErrorMessage(err))
		}
	}
	var req *foi.Request
	if actor != nil {
		req, err = s.Service.SubmitRequest(r.Context(), actor, nr)
	} else {
		req, err = s.submitAnonymous(r, nr)
	}
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/requests/"+req.Reference.Slug())
	writeJSON(w, http.StatusCreated, createdJSON{
		Reference:  req.Reference.String(),
		Regime:     string(req.Regime),
		Status:     string(req.Status),
		ReceivedOn: jsonDate(req.ReceivedOn),
		DueOn:      jsonDate(req.DueOn),
		Parts:      partsJSON(req.Parts),
	})
	return nil
}

// submitAnonymous takes a request from the public through the API, when
// the site allows it (PublicAPIRequests), under the public form's limits.
func (s *Server) submitAnonymous(r *http.Request, nr casework.NewRequest) (*foi.Request, error) {
	if !s.PublicAPIRequests {
		return nil, foi.Errorf(foi.EUNAUTH, "this site takes requests from the public through its form at /requests/new; the API needs a token (Authorization: Bearer TOKEN) unless the site turns on anonymous requests (disclose serve --public-api-requests)")
	}
	if err := s.Service.CheckRate(r.Context(), s.clientKey(r), casework.FormLimit); err != nil {
		return nil, err
	}
	req, _, err := s.Service.SubmitPublicRequest(r.Context(), s.clientKey(r), nr)
	return req, err
}

func partsJSON(parts []foi.Part) []partJSON {
	out := make([]partJSON, len(parts))
	for i, p := range parts {
		out[i] = partJSON{Number: p.Number, Label: p.Label, Text: p.Text, Answer: p.Answer,
			Outcome: string(p.Outcome), Exemptions: p.Exemptions, PublicInterest: p.PublicInterest}
	}
	return out
}

type eventJSON struct {
	Type  string    `json:"type"`
	On    jsonDate  `json:"on"`
	At    time.Time `json:"at"`
	Actor string    `json:"actor"`
	Note  string    `json:"note,omitempty"`
}

type requestJSON struct {
	Reference       string              `json:"reference"`
	Regime          string              `json:"regime"`
	Channel         string              `json:"channel"`
	Status          string              `json:"status"`
	ReceivedOn      jsonDate            `json:"received_on"`
	ReceivedAt      *time.Time          `json:"received_at,omitempty"` // not on a contributor's copy
	DueOn           jsonDate            `json:"due_on"`
	CalendarVersion string              `json:"calendar_version,omitempty"`
	RespondedOn     jsonDate            `json:"responded_on"`
	Outcome         string              `json:"outcome,omitempty"`
	Requester       requesterJSON       `json:"requester"`
	Request         string              `json:"request"`
	Preamble        string              `json:"preamble,omitempty"`
	Closing         string              `json:"closing,omitempty"`
	Parts           []partJSON          `json:"parts"`
	Events          []eventJSON         `json:"events"`
	Reviews         []reviewJSON        `json:"reviews"`
	RegulatorCases  []regulatorCaseJSON `json:"regulator_cases"`
}

func (s *Server) showRequest(w http.ResponseWriter, r *http.Request) error {
	actor, ref, err := s.staffAndRef(r)
	if err != nil {
		return err
	}
	req, events, err := s.Service.FindRequest(r.Context(), actor, ref)
	if err != nil {
		return err
	}
	out := requestJSON{
		Reference: req.Reference.String(), Regime: string(req.Regime), Channel: string(req.Channel),
		Status: string(req.Status), ReceivedOn: jsonDate(req.ReceivedOn),
		DueOn: jsonDate(req.DueOn), CalendarVersion: req.CalendarVersion, RespondedOn: jsonDate(req.RespondedOn),
		Outcome: string(req.Outcome), Requester: requesterJSON(req.Requester), Request: req.Text,
		Preamble: req.Preamble, Parts: partsJSON(req.Parts), Events: []eventJSON{},
		Closing: foi.SplitRequest(req.Text, req.Requester.Name).Closing,
	}
	if !req.ReceivedAt.IsZero() {
		out.ReceivedAt = &req.ReceivedAt
	}
	for _, e := range events {
		out.Events = append(out.Events, eventJSON{Type: e.Type, On: jsonDate(e.On), At: e.At, Actor: e.Actor, Note: e.Note})
	}
	reviews, cases, err := s.Service.CaseEscalations(r.Context(), actor, req)
	if err != nil {
		return err
	}
	out.Reviews, out.RegulatorCases = reviewsJSON(reviews), regulatorCasesJSON(cases)
	writeJSON(w, http.StatusOK, out)
	return nil
}
