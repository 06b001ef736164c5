package server_test

import (
	"context"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"minutebook/fixtures"
	"minutebook/store"
)

// anonymousFrom is a browser on another client address: its connections
// leave from a loopback address of its own, so the server's RealIP sees it.
func (s *testSite) anonymousFrom(t testing.TB, ip string) *user {
	u := s.anonymous(t)
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	u.client.Transport = &http.Transport{DialContext: dialer.DialContext}
	jar, _ := cookiejar.New(nil)
	u.client.Jar = jar
	return u
}

// signInTo posts the sign-in form and answers the status and Location.
func signInTo(t *testing.T, u *user, email, password, next string) (int, string, string) {
	t.Helper()
	form := url.Values{"email": {email}, "password": {password}}
	if next != "-" {
		form.Set("next", next)
	}
	req, _ := http.NewRequest(http.MethodPost, u.site.URL+"/sign-in", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := u.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp.StatusCode, resp.Header.Get("Location"), b.String()
}

func TestSignInNextStaysOnThisSite(t *testing.T) {
	site := newSite(t)
	for _, tc := range []struct{ next, want string }{
		{"", "/my-meetings"},
		{"/meetings?committee=1#upcoming", "/meetings?committee=1#upcoming"},
		{"/committees/1", "/committees/1"},
		{"//evil.example/", "/my-meetings"},
		{"///evil.example/", "/my-meetings"},
		{"/\\evil.example/", "/my-meetings"},
		{"\\\\evil.example/", "/my-meetings"},
		{"/a\\b", "/my-meetings"},
		{"/\t/127.0.0.1:18081/steal", "/my-meetings"},
		{"/\n/evil.example", "/my-meetings"},
		{"/\r\n/evil.example", "/my-meetings"},
		{"/ /evil.example", "/my-meetings"},
		{"/\u00a0/evil.example", "/my-meetings"},
		{"/\x7f/evil.example", "/my-meetings"},
		{" /account", "/my-meetings"},
		{"/%5Cevil.example", "/my-meetings"},
		{"/%2F/evil.example", "/my-meetings"},
		{"/%09/evil.example", "/my-meetings"},
		{"https://evil.example/", "/my-meetings"},
		{"http:/evil.example", "/my-meetings"},
		{"javascript:alert(1)", "/my-meetings"},
		{"evil.example", "/my-meetings"},
		{"?next=//evil.example", "/my-meetings"},
		{"/\xff", "/my-meetings"},
	} {
		u := site.anonymous(t)
		status, loc, body := signInTo(t, u, "m.dawkins@example.org", fixtures.DemoPassword, tc.next)
		if status != http.StatusSeeOther || loc != tc.want {
			t.Errorf("next %q: %d to %q, want 303 to %q\n%.300s", tc.next, status, loc, tc.want, visibleText(body))
		}
	}
	// A clerk with no (or no usable) next lands in the workspace.
	if _, loc, _ := signInTo(t, site.anonymous(t), "clerk@example.org", fixtures.DemoPassword, "//evil.example"); loc != "/clerk" {
		t.Errorf("a clerk with a hostile next goes to %q, want /clerk", loc)
	}
}

func TestSignInLimitsOneAddressNotTheAccount(t *testing.T) {
	site := newSite(t)
	const chair = "d.brazier@example.org"
	attacker := site.anonymousFrom(t, "127.0.0.1")
	for i := 1; i <= 5; i++ {
		status, _, body := signInTo(t, attacker, chair, "wrong password", "-")
		if status != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i, status)
		}
		if i == 5 && !strings.Contains(visibleText(body), "try again in a minute") {
			t.Errorf("the fifth failure does not say how long to wait:\n%s", visibleText(body))
		}
	}
	status, _, body := signInTo(t, attacker, chair, fixtures.DemoPassword, "-")
	if status != http.StatusTooManyRequests || !strings.Contains(visibleText(body), "Try again in a minute") {
		t.Errorf("the right password from the throttled address: %d, want 429 saying to wait a minute\n%s", status, visibleText(body))
	}
	// The Chairman, elsewhere, still signs in.
	if status, loc, body := signInTo(t, site.anonymousFrom(t, "127.0.0.2"), chair, fixtures.DemoPassword, "-"); status != http.StatusSeeOther || loc != "/my-meetings" {
		t.Errorf("the Chairman from another address: %d %q\n%s", status, loc, visibleText(body))
	}
	// The wait doubles with each failure after it.
	site.setNow(demoDay.Add(61 * time.Second))
	if status, _, body := signInTo(t, attacker, chair, "wrong again", "-"); status != http.StatusUnauthorized || !strings.Contains(visibleText(body), "try again in 2 minutes") {
		t.Errorf("a sixth failure after the wait: %d\n%s", status, visibleText(body))
	}
	site.setNow(demoDay.Add(61*time.Second + 119*time.Second))
	if status, _, _ := signInTo(t, attacker, chair, fixtures.DemoPassword, "-"); status != http.StatusTooManyRequests {
		t.Errorf("within the doubled wait: %d, want 429", status)
	}
	var failures int
	if err := site.DB.Update(context.Background(), func(tx *store.Tx) error {
		return tx.QueryRowContext(context.Background(), `SELECT failures FROM sign_in_failures WHERE account = ? AND address = '127.0.0.1'`, chair).Scan(&failures)
	}); err != nil || failures != 6 {
		t.Errorf("failures kept in SQLite: %d, %v; want 6", failures, err)
	}
	// Once it is over, the right password works and the count is forgotten.
	site.setNow(demoDay.Add(61*time.Second + 121*time.Second))
	if status, _, body := signInTo(t, attacker, chair, fixtures.DemoPassword, "-"); status != http.StatusSeeOther {
		t.Errorf("after the wait: %d\n%s", status, visibleText(body))
	}
	if status, _, _ := signInTo(t, site.anonymousFrom(t, "127.0.0.1"), chair, "wrong password", "-"); status != http.StatusUnauthorized {
		t.Errorf("a failure after a success is throttled: %d", status)
	}
}
