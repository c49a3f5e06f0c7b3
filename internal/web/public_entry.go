// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"disclose/internal/foi"
	"disclose/internal/i18n"
)

// entryPage is one published response, laid out as the seed case reads:
// title, publication date, reference, the request, the response with each
// question followed by its answer, then re-use, review and complaint
// rights. The publication is a frozen copy that never holds the requester.
type entryPage struct {
	Page
	Entry    *foi.Publication
	Preamble string // the request's opening words, which the response repeats before the answers
	// RegulatorSite is where the regulator takes complaints.
	RegulatorSite string
	URL           string // the entry's address, printed on paper copies
	EnglishOnly   bool   // a Welsh page showing an entry that has no Welsh
	// Welsh is the entry's Welsh version, when it has one; InWelsh when the
	// page shows it (a Welsh page). The other language is a link away.
	Welsh   *foi.WelshPublication
	InWelsh bool
}

// welshPart is part p in Welsh where w has its Welsh, for the entry page;
// a part with no Welsh stays English, marked lang="en".
func welshPart(r foi.Regime, p foi.PublishedPart, w *foi.WelshPublication) answeredPart {
	wp, ok := w.Part(p.Number)
	if !ok {
		return publishedPart(r, p, true)
	}
	if wp.Text != "" {
		p.Text = wp.Text
	}
	if wp.Answer != "" {
		p.Answer = wp.Answer
	}
	return publishedPart(r, p, false)
}

// disclosureEntry shows /disclosure-log/{ref}. Any spelling of the
// reference that parses ("FOI 12748", "foi12748") is redirected to the
// canonical address ("foi-12748"), so each entry has one URL.
func (s *Server) disclosureEntry(w http.ResponseWriter, r *http.Request) error {
	raw := r.PathValue("ref")
	ref, err := foi.ParseReference(raw)
	if err != nil {
		return foi.Errorf(foi.ENOTFOUND, "%s", s.tr(r).T("There is no published response %q. References look like FOI 12748.", raw))
	}
	p, welsh, err := s.Service.DisclosureWithWelsh(r.Context(), ref)
	if foi.IsNotFound(err) {
		return foi.Errorf(foi.ENOTFOUND, "%s", s.tr(r).T("There is no published response with the reference %s. It may not have been published, or it may have been withdrawn from the log.", ref.String()))
	}
	if err != nil {
		return err
	}
	if raw != p.Reference.Slug() {
		http.Redirect(w, r, "/disclosure-log/"+url.PathEscape(p.Reference.Slug()), http.StatusMovedPermanently)
		return nil
	}
	page := &entryPage{Entry: p, RegulatorSite: regulatorSite(p.Regime), URL: baseURL(r) + disclosureURL(p)}
	page.Title = p.Title + " (" + p.Reference.String() + ")"
	page.Welsh = welsh
	if s.langOf(r) == i18n.Welsh {
		if page.Welsh != nil {
			page.InWelsh = true
			page.Title = page.Welsh.Title + " (" + p.Reference.String() + ")"
		} else {
			page.EnglishOnly = true // entries are English until they have a Welsh version
		}
	}
	if len(p.Parts) > 0 {
		page.Preamble, _ = foi.SplitQuestions(p.Request)
	}
	revalidate(w)
	return s.render(w, r, http.StatusOK, "public/entry.html", page)
}

// disclosureFile is /disclosure-log/{ref}/files/{id}: a file published
// with a public entry, as it was published.
func (s *Server) disclosureFile(w http.ResponseWriter, r *http.Request) error {
	ref, err := foi.ParseReference(r.PathValue("ref"))
	if err != nil {
		return foi.Errorf(foi.ENOTFOUND, "%s", s.tr(r).T("There is no published response %q.", r.PathValue("ref")))
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, data, err := s.Service.DisclosureFile(r.Context(), ref, id)
	if err != nil {
		return err
	}
	// The content never changes under its hash, so a cache revalidates
	// with it and gets 304 while the entry is public, 404 once it is not.
	revalidate(w)
	etag := `"` + f.Hash + `"`
	w.Header().Set("ETag", etag)
	if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	return sendFile(w, f.Name, f.ContentType, data)
}

// revalidate lets caches keep a public page of the log but makes them ask
// again before each use (RFC 9111 no-cache): an entry taken out of the log
// is gone from every cache at once.
func revalidate(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-cache")
}

// disclosureFileURL is where a file published with an entry is downloaded.
func disclosureFileURL(p *foi.Publication, f foi.PublishedFile) string {
	return disclosureURL(p) + "/files/" + strconv.FormatInt(f.ID, 10)
}

// regulatorSite is the regulator's website for complaints (FOIA s.50,
// applied to the EIR by reg 18; FOISA s.47 and the EISR reg 17).
func regulatorSite(r foi.Regime) string {
	return "https://" + foi.RegulatorOn(r, time.Now()).Website
}
