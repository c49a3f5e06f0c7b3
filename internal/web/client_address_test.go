// SPDX-License-Identifier: AGPL-3.0-or-later

package web

import (
	"net/http/httptest"
	"testing"
)

func TestClientAddressBelievesOnlyTrustedProxies(t *testing.T) {
	trusted, err := ParseProxies("10.0.0.0/8, 192.0.2.7")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, peer, xff string
		trust           bool
		want            string
	}{
		{"no proxy trusted: the peer", "203.0.113.5:4000", "198.51.100.1", false, "203.0.113.5"},
		{"an untrusted peer cannot forge", "203.0.113.5:4000", "198.51.100.1", true, "203.0.113.5"},
		{"a trusted proxy names the client", "10.1.2.3:4000", "198.51.100.1", true, "198.51.100.1"},
		{"forged entries left of the client are ignored", "10.1.2.3:4000", "6.6.6.6, 198.51.100.1, 192.0.2.7", true, "198.51.100.1"},
		{"every hop trusted: the furthest", "10.1.2.3:4000", "10.9.9.9, 192.0.2.7", true, "10.9.9.9"},
		{"a malformed entry stops the walk", "10.1.2.3:4000", "198.51.100.1, junk", true, "10.1.2.3"},
		{"a trusted proxy without the header", "10.1.2.3:4000", "", true, "10.1.2.3"},
		{"IPv6 client", "[::ffff:10.1.2.3]:4000", "2001:db8::1", true, "2001:db8::1"},
	} {
		s := &Server{}
		if tt.trust {
			s.TrustedProxies = trusted
		}
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tt.peer
		if tt.xff != "" {
			r.Header.Set("X-Forwarded-For", tt.xff)
		}
		if got := s.clientAddress(r); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	if _, err := ParseProxies("10.0.0.0/8, proxy.local"); err == nil {
		t.Error("a host name was accepted as a trusted proxy")
	}
}
