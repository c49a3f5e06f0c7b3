// SPDX-License-Identifier: AGPL-3.0-or-later

package foi

import (
	"strings"
	"testing"
)

func TestCheckWDTKPage(t *testing.T) {
	const page = "https://www.whatdotheyknow.com/request/social_value_in_placements"
	if got, err := CheckWDTKPage("  "+page+"\n", ChannelWDTK); err != nil || got != page {
		t.Errorf("a WDTK request page: %q, %v", got, err)
	}
	if got, err := CheckWDTKPage(" ", ChannelEmail); err != nil || got != "" {
		t.Errorf("no page: %q, %v; want none, whatever the channel", got, err)
	}
	for _, c := range []struct {
		url  string
		ch   Channel
		want string
	}{
		{page, ChannelEmail, "this one has channel email"},
		{page, "", "this one has no channel recorded"},
		{"https://www.whatdotheyknow.com/user/priya_patel", ChannelWDTK, "must be a link like"},
		{page + "#incoming-12", ChannelWDTK, "must be a link like"},
		{page + "/response/9", ChannelWDTK, "must be a link like"},
		{"http://www.whatdotheyknow.com/request/x", ChannelWDTK, "must be a link like"},
		{"https://www.whatdotheyknow.com.evil.example/request/x", ChannelWDTK, "must be a link like"},
		{"https://www.whatdotheyknow.com/request/Social_Value", ChannelWDTK, "must be a link like"},
		{"https://www.whatdotheyknow.com/request/" + strings.Repeat("a", 300), ChannelWDTK, "must be a link like"},
	} {
		if _, err := CheckWDTKPage(c.url, c.ch); ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), c.want) {
			t.Errorf("CheckWDTKPage(%q, %q) = %v; want EINVALID saying %q", c.url, c.ch, err, c.want)
		}
	}
	if got := WDTKPage("history at this address: " + page + "/response/3#incoming-3 thanks"); got != page {
		t.Errorf("WDTKPage found %q, want the request's page", got)
	}
}
