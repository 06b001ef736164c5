package server

import (
	"net"
	"net/http/httptest"
	"testing"
)

func TestTheClientAddressComesFromForwardedForOnlyBehindATrustedProxy(t *testing.T) {
	_, proxy, _ := net.ParseCIDR("10.0.0.5/32")
	for _, tc := range []struct {
		name    string
		proxies []*net.IPNet
		peer    string
		xff     string
		want    string
	}{
		{"no proxy configured: the header is ignored", nil, "198.51.100.7:4000", "203.0.113.9", "198.51.100.7"},
		{"behind the proxy: the client it names", []*net.IPNet{proxy}, "10.0.0.5:4000", "203.0.113.9", "203.0.113.9"},
		{"a client writes its own header: the proxy's entry wins", []*net.IPNet{proxy}, "10.0.0.5:4000", "6.6.6.6, 203.0.113.9", "203.0.113.9"},
		{"not from the proxy: the peer", []*net.IPNet{proxy}, "198.51.100.7:4000", "203.0.113.9", "198.51.100.7"},
		{"a private address that is not the proxy is not trusted", []*net.IPNet{proxy}, "10.0.0.6:4000", "203.0.113.9", "10.0.0.6"},
	} {
		req := httptest.NewRequest("GET", "/", nil)
		req.RemoteAddr = tc.peer
		req.Header.Set("X-Forwarded-For", tc.xff)
		if got := clientAddress(tc.proxies)(req); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}
