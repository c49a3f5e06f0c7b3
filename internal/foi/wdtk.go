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
