// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"regexp"
	"strings"
)

// WhatDoTheyKnow (WDTK) sends each request from an address of its own,
// request-NNN-xxxxxxxx@whatdotheyknow.com, and publishes whatever is sent
// to that address on the request's public page as it arrives. Replies go
// to that address only: WDTK matches them to the request by it.
var wdtkAddress = regexp.MustCompile(`(?i)^request-[0-9]+-[0-9a-f]{8}@whatdotheyknow\.com$`)

// IsWDTKAddress reports whether an email address is a WhatDoTheyKnow
// request address.
func IsWDTKAddress(email string) bool { return wdtkAddress.MatchString(strings.TrimSpace(email)) }

// wdtkPage is a link to a request's page on WhatDoTheyKnow: WDTK names
// each request page by a slug of its title, in lower-case letters, digits
// and underscores.
var wdtkPage = regexp.MustCompile(`https://www\.whatdotheyknow\.com/request/[a-z0-9_]+`)

// WDTKPage returns the first link to a WhatDoTheyKnow request page in
// text (WDTK's messages, its internal review form above all, carry one),
// or "". A link to one of the page's messages or files gives the page.
func WDTKPage(text string) string { return wdtkPage.FindString(text) }

// CheckWDTKPage checks the WhatDoTheyKnow page a published entry is to
// link (empty for none) and returns it trimmed. A WDTK page shows the
// requester's name, so the link is offered only for a request made
// through WDTK, and only a request page of WDTK itself is accepted: the
// log links nowhere else on the publisher's say-so.
func CheckWDTKPage(url string, ch Channel) (string, error) {
	url = strings.TrimSpace(url)
	switch {
	case url == "":
		return "", nil
	case ch != ChannelWDTK:
		came := "no channel recorded"
		if ch != "" {
			came = "channel " + string(ch)
		}
		return "", Errorf(EINVALID, "only a request made through WhatDoTheyKnow (channel whatdotheyknow) can link its WhatDoTheyKnow page; this one has %s", came)
	case len(url) > 300 || wdtkPage.FindString(url) != url:
		return "", Errorf(EINVALID, "the WhatDoTheyKnow page must be a link like https://www.whatdotheyknow.com/request/social_value_in_placements (the request's own page, nothing after its name): %q is not", url)
	}
	return url, nil
}
