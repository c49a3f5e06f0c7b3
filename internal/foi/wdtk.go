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

// wdtkPage finds a link to a request's page on WhatDoTheyKnow.
var wdtkPage = regexp.MustCompile(`https://www\.whatdotheyknow\.com/request/[a-z0-9_]+`)

// WDTKPage returns the first link to a WhatDoTheyKnow request page in
// text (WDTK's messages carry one), or "".
func WDTKPage(text string) string { return wdtkPage.FindString(text) }
