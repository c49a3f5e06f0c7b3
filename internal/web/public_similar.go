// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"
	"strconv"
	"time"

	"disclose/internal/foi"
	"disclose/internal/i18n"
)

// similarEntry is a published response shown to someone about to ask a
// question that may have been answered before, with which of their
// questions it answers.
type similarEntry struct {
	Title       string
	Slug        string // for /disclosure-log/{ref}
	Reference   string
	PublishedOn time.Time
	Questions   []int  // the asker's questions it answers, from 1
	AnswersText string // "Answers your questions 1 and 3", in the page's language
	Answers     []similarAnswer
}

// similarAnswer is one of the asker's questions and the entry's published
// question that answers it.
type similarAnswer struct {
	Question  int
	Number    int // the published question's number in the entry
	Published string
}

// similarTo finds the published entries answering the questions of a
// request (casework.SuggestAnswers: per question, through the published
// question index). A failed search is logged and reported (the page says
// the search did not work) but never stops a request being made.
func (s *Server) similarTo(r *http.Request, text string) ([]similarEntry, bool) {
	found, err := s.Service.SuggestAnswers(r.Context(), text)
	if err != nil {
		s.logger().Error("searching for similar published answers", "err", err)
		return nil, true
	}
	tr := s.tr(r)
	out := make([]similarEntry, 0, len(found))
	for _, f := range found {
		e := similarEntry{Title: f.Entry.Title, Slug: f.Entry.Reference.Slug(), Reference: f.Entry.Reference.String(),
			PublishedOn: f.Entry.PublishedOn, Questions: f.Questions(), AnswersText: answersText(tr, f.Questions())}
		for _, a := range f.Answers {
			e.Answers = append(e.Answers, similarAnswer{Question: a.Question, Number: a.Published.Number, Published: a.Published.Text})
		}
		out = append(out, e)
	}
	return out, false
}

// answersText says which of the asker's questions an entry answers:
// "Answers your question 2", "Answers your questions 1, 2 and 4".
func answersText(tr *i18n.Printer, qs []int) string {
	if len(qs) == 1 {
		return tr.T("Answers your question %s", strconv.Itoa(qs[0]))
	}
	list := ""
	for i, q := range qs {
		switch {
		case i == 0:
		case i == len(qs)-1:
			list += " " + tr.T("and") + " "
		default:
			list += ", "
		}
		list += strconv.Itoa(q)
	}
	return tr.T("Answers your questions %s", list)
}

// similarJSON is a similar published answer as the request form's
// typing-time suggestions read it.
type similarJSON struct {
	Reference   string              `json:"reference"`
	Title       string              `json:"title"`
	URL         string              `json:"url"`
	PublishedOn jsonDate            `json:"published_on"`
	Questions   []int               `json:"questions"`
	AnswersText string              `json:"answers_text"`
	Answers     []similarAnswerJSON `json:"answers"`
}

// similarAnswerJSON is one of the asker's questions an entry answers, with the
// entry's published question that answers it.
type similarAnswerJSON struct {
	Question          int    `json:"question"`
	PublishedNumber   int    `json:"published_number"`
	PublishedQuestion string `json:"published_question"`
}

// maxSimilarText bounds the text the suggestions endpoint reads: a request
// being typed is within it.
const maxSimilarText = 2000

// similarDisclosures is GET /api/v1/disclosures/similar?text=...: the
// published answers to the questions of a request being typed, for the
// request form's suggestions (the check page lists the same without
// JavaScript). answers_text is in the language of lang (en or cy).
func (s *Server) similarDisclosures(w http.ResponseWriter, r *http.Request) error {
	text := r.URL.Query().Get("text")
	if len(text) > maxSimilarText {
		text = text[:maxSimilarText]
	}
	found, failed := s.similarTo(r, text)
	if failed {
		return foi.Errorf(foi.EINTERNAL, "the disclosure log could not be searched")
	}
	out := struct {
		Results []similarJSON `json:"results"`
	}{Results: []similarJSON{}}
	for _, e := range found {
		j := similarJSON{Reference: e.Reference, Title: e.Title, URL: "/disclosure-log/" + e.Slug,
			PublishedOn: jsonDate(e.PublishedOn), Questions: e.Questions, AnswersText: e.AnswersText, Answers: []similarAnswerJSON{}}
		for _, a := range e.Answers {
			j.Answers = append(j.Answers, similarAnswerJSON{Question: a.Question, PublishedNumber: a.Number, PublishedQuestion: a.Published})
		}
		out.Results = append(out.Results, j)
	}
	revalidate(w)
	writeJSON(w, http.StatusOK, out)
	return nil
}
