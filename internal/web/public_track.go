// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"
	"net/url"

	"disclose/internal/casework"
	"disclose/internal/foi"
)

// The requester's private pages, behind their tracking link
// (/track/{token}): the confirmation after sending, the request's progress
// and response, and the forms to ask for an internal review or withdraw.
// Every page is a view of the case, recorded in its audit trail by the
// casework service.

type trackPage struct {
	Page
	Token   string
	Link    string // the whole tracking link, to copy
	Tracked *casework.Tracked
	Status  statusWords
	Reason  string // what was typed into a review or withdrawal form
}

// statusWords is a status as the requester reads it.
type statusWords struct {
	Tag, Colour, Explanation string
}

func describeStatus(t *casework.Tracked) statusWords {
	r := t.Request
	switch r.Status {
	case foi.StatusOpen:
		return statusWords{"Being dealt with", "blue", "We are finding the information you asked for."}
	case foi.StatusAwaitingClarification:
		return statusWords{"Waiting for you", "yellow", "We have asked you to make your request clearer. The time we have to answer starts again when you reply."}
	case foi.StatusAwaitingFee:
		return statusWords{"Waiting for payment", "yellow", "We have sent you a fees notice. The time we have to answer is paused until you pay."}
	case foi.StatusExtended:
		return statusWords{"Extended", "purple", "We need more time to answer, as the law allows. We have written to you to say why."}
	case foi.StatusResponded:
		return respondedWords(r.Outcome)
	case foi.StatusInReview:
		return statusWords{"Under internal review", "purple", "Someone senior who was not involved in the original decision is reviewing our response."}
	case foi.StatusClosed:
		if t.Review != nil && !t.Review.CompletedOn.IsZero() {
			return statusWords{"Review completed", "green", "We have reviewed our response. The outcome, and what you can do if you are still unhappy, are shown below."}
		}
		return statusWords{"Closed", "grey", "We have finished dealing with this request."}
	case foi.StatusWithdrawn:
		return statusWords{"Withdrawn", "grey", "You withdrew this request, so we will not answer it."}
	case foi.StatusLapsed:
		return statusWords{"Lapsed", "grey", "We did not hear back from you in time, so this request has closed. You can make a new request at any time."}
	}
	return statusWords{string(r.Status), "grey", ""}
}

// respondedWords tell a requester what the response did: a refusal must not
// look like a green "Answered".
func respondedWords(o foi.Outcome) statusWords {
	switch o {
	case foi.PartiallyWithheld:
		return statusWords{"Partly refused", "yellow", "We have sent our response. We gave you some of the information and withheld the rest: the reasons are shown below, with what you can do if you disagree."}
	case foi.Withheld, foi.NCND, foi.CostLimit, foi.Vexatious, foi.Repeated:
		return statusWords{"Refused", "red", "We have sent our response, refusing your request. The reasons are shown below, with what you can do if you disagree."}
	case foi.NotHeld:
		return statusWords{"Information not held", "grey", "We have sent our response: we do not hold the information you asked for. The details are shown below."}
	}
	return statusWords{"Answered", "green", "We have sent our response. It is shown below."}
}

// historyWords is a clock event as the requester reads it.
func historyWords(typ string) string {
	switch typ {
	case foi.EventCreated:
		return "We received your request"
	case foi.EventClarificationRequested:
		return "We asked you to clarify your request"
	case foi.EventClarificationReceived:
		return "We received your clarification"
	case foi.EventFeeNotice:
		return "We sent you a fees notice"
	case foi.EventFeePaid:
		return "We received your payment"
	case foi.EventExtended:
		return "We extended the time to answer"
	case foi.EventResponded:
		return "We sent our response"
	case foi.EventReviewRequested:
		return "You asked for an internal review"
	case foi.EventReviewCompleted:
		return "We completed the internal review"
	case foi.EventWithdrawn:
		return "You withdrew your request"
	}
	return typ
}

// trackingLink is the absolute tracking link for this site.
func trackingLink(r *http.Request, token string) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/track/" + url.PathEscape(token)
}

// privateHeaders keep a tracking page out of caches and search engines.
func privateHeaders(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Robots-Tag", "noindex, nofollow")
}

func (s *Server) trackPage(w http.ResponseWriter, r *http.Request, title string) (*trackPage, error) {
	privateHeaders(w)
	token := r.PathValue("token")
	t, err := s.Service.TrackRequest(r.Context(), token)
	if err != nil {
		return nil, err
	}
	tr := s.tr(r)
	st := describeStatus(t)
	st.Tag, st.Explanation = tr.Text(st.Tag), tr.Text(st.Explanation)
	p := &trackPage{Token: token, Link: trackingLink(r, token), Tracked: t, Status: st}
	p.Title = tr.Text(title) + " – " + t.Request.Reference.String()
	return p, nil
}

// trackConfirmation is the page after a request is sent.
func (s *Server) trackConfirmation(w http.ResponseWriter, r *http.Request) error {
	p, err := s.trackPage(w, r, "Request sent")
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "public/request_confirmation.html", p)
}

// trackShow is the request's progress and, once sent, the response.
func (s *Server) trackShow(w http.ResponseWriter, r *http.Request) error {
	p, err := s.trackPage(w, r, "Your request")
	if err != nil {
		return err
	}
	switch r.URL.Query().Get("done") {
	case "review":
		p.Notice = s.tr(r).T("You have asked for an internal review. We will write to you with the outcome.")
	case "withdrawn":
		p.Notice = s.tr(r).T("You have withdrawn your request.")
	case "already-withdrawn":
		p.Notice = s.tr(r).T("You have already withdrawn this request, so there is nothing more to do. We will not answer it.")
	}
	return s.render(w, r, http.StatusOK, "public/track.html", p)
}

// trackFile is /track/{token}/files/{id}: a file released with the
// response, for the requester.
func (s *Server) trackFile(w http.ResponseWriter, r *http.Request) error {
	privateHeaders(w)
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, data, err := s.Service.TrackedFile(r.Context(), r.PathValue("token"), id)
	if err != nil {
		return err
	}
	return sendFile(w, f.Name, f.ContentType, data)
}

// trackReview shows the form to ask for an internal review.
func (s *Server) trackReview(w http.ResponseWriter, r *http.Request) error {
	p, err := s.trackPage(w, r, "Ask for an internal review")
	if err != nil {
		return err
	}
	if !p.Tracked.CanReview {
		return foi.Errorf(foi.ECONFLICT, "%s", s.tr(r).T("You cannot ask for a review of %s now: %s", p.Tracked.Request.Reference.String(), p.Status.Explanation))
	}
	return s.render(w, r, http.StatusOK, "public/track_review.html", p)
}

func (s *Server) trackReviewPost(w http.ResponseWriter, r *http.Request) error {
	privateHeaders(w)
	if err := s.readPublicForm(w, r); err != nil {
		return err
	}
	token, reason := r.PathValue("token"), r.PostFormValue("reason")
	_, err := s.Service.RequestReview(r.Context(), token, reason)
	if foi.ErrorCode(err) == foi.EINVALID {
		p, perr := s.trackPage(w, r, "Ask for an internal review")
		if perr != nil {
			return perr
		}
		p.Reason = reason
		p.Errors = []FieldError{{Field: "reason", Message: p.translated(s.tr(r), foi.ErrorMessage(err))}}
		return s.render(w, r, http.StatusBadRequest, "public/track_review.html", p)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/track/"+url.PathEscape(token)+"?done=review", http.StatusSeeOther)
	return nil
}

// trackWithdraw asks the requester to confirm before withdrawing.
func (s *Server) trackWithdraw(w http.ResponseWriter, r *http.Request) error {
	p, err := s.trackPage(w, r, "Withdraw your request")
	if err != nil {
		return err
	}
	if p.Tracked.Request.Status == foi.StatusWithdrawn {
		// The link opened again, or from an old email: say it is done,
		// on the tracking page, rather than refuse.
		http.Redirect(w, r, "/track/"+url.PathEscape(r.PathValue("token"))+"?done=already-withdrawn", http.StatusSeeOther)
		return nil
	}
	if !p.Tracked.CanWithdraw {
		return foi.Errorf(foi.ECONFLICT, "%s", s.tr(r).T("%s can no longer be withdrawn: %s", p.Tracked.Request.Reference.String(), p.Status.Explanation))
	}
	return s.render(w, r, http.StatusOK, "public/track_withdraw.html", p)
}

func (s *Server) trackWithdrawPost(w http.ResponseWriter, r *http.Request) error {
	privateHeaders(w)
	if err := s.readPublicForm(w, r); err != nil {
		return err
	}
	token, reason := r.PathValue("token"), r.PostFormValue("reason")
	_, err := s.Service.Withdraw(r.Context(), token, reason)
	if foi.ErrorCode(err) == foi.EINVALID {
		p, perr := s.trackPage(w, r, "Withdraw your request")
		if perr != nil {
			return perr
		}
		p.Reason = reason
		p.Errors = []FieldError{{Field: "reason", Message: p.translated(s.tr(r), foi.ErrorMessage(err))}}
		return s.render(w, r, http.StatusBadRequest, "public/track_withdraw.html", p)
	}
	if foi.ErrorCode(err) == foi.ECONFLICT {
		// Sent twice (a second tab, a double click): if it is withdrawn,
		// that is what was asked for.
		if p, perr := s.trackPage(w, r, "Withdraw your request"); perr == nil && p.Tracked.Request.Status == foi.StatusWithdrawn {
			http.Redirect(w, r, "/track/"+url.PathEscape(token)+"?done=already-withdrawn", http.StatusSeeOther)
			return nil
		}
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/track/"+url.PathEscape(token)+"?done=withdrawn", http.StatusSeeOther)
	return nil
}
