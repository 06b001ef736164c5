package server_test

import (
	"bytes"
	"context"
	"image/png"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"minutebook/fixtures"
	"minutebook/store"
)

// code is the authenticator app's code at the site's time, shifted.
func (s *testSite) code(t *testing.T, secret string, shift time.Duration) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, s.DB.Now().Add(shift))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// setUpTwoFactor turns two-factor authentication on for a signed-in
// account through its account pages, answering the secret and the
// recovery codes.
func setUpTwoFactor(t *testing.T, site *testSite, u *user) (string, []string) {
	t.Helper()
	status, page := u.get(t, "/account/two-factor")
	m := regexp.MustCompile(`<code class="mb-digest" id="totp-secret">([A-Z2-7 ]+)</code>`).FindStringSubmatch(page)
	if status != http.StatusOK || m == nil {
		t.Fatalf("the set-up page: %d\n%s", status, visibleText(page))
	}
	secret := strings.ReplaceAll(m[1], " ", "")
	status, page = u.post(t, "/account/two-factor", url.Values{"code": {site.code(t, secret, 0)}})
	if status != http.StatusOK || !strings.Contains(visibleText(page), "Two-factor authentication is on") {
		t.Fatalf("confirm the set-up: %d\n%s", status, visibleText(page))
	}
	var codes []string
	for _, c := range regexp.MustCompile(`<li><code class="mb-digest">([a-z2-9]{5}-[a-z2-9]{5})</code></li>`).FindAllStringSubmatch(page, -1) {
		codes = append(codes, c[1])
	}
	if len(codes) != 10 {
		t.Fatalf("%d recovery codes shown, want 10", len(codes))
	}
	return secret, codes
}

func TestTwoFactorSetUpAndSignIn(t *testing.T) {
	site := newSite(t)
	clerk := site.signIn(t, "clerk@example.org")
	_, page := clerk.get(t, "/account")
	if !strings.Contains(page, `class="govuk-notification-banner"`) || !strings.Contains(visibleText(page), "Set up two-factor authentication for your account") {
		t.Errorf("a clerk without two-factor authentication is not asked to set it up:\n%s", visibleText(page))
	}
	if _, page := site.signIn(t, "m.dawkins@example.org").get(t, "/account"); strings.Contains(page, "govuk-notification-banner") {
		t.Error("a member is asked to set up two-factor authentication")
	}

	status, page := clerk.get(t, "/account/two-factor")
	uri := regexp.MustCompile(`<code class="mb-digest" id="totp-uri">([^<]+)</code>`).FindStringSubmatch(page)
	if status != http.StatusOK || uri == nil || !strings.HasPrefix(uri[1], "otpauth://totp/") || !strings.Contains(page, `<img src="/account/two-factor/qr.png"`) ||
		!regexp.MustCompile(`<img [^>]*alt="QR code[^"]+"`).MatchString(page) {
		t.Fatalf("the set-up page shows no key, link or QR code with alt text: %d\n%s", status, page)
	}
	req, _ := http.NewRequest(http.MethodGet, site.URL+"/account/two-factor/qr.png", nil)
	resp, err := clerk.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	img, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if _, err := png.Decode(bytes.NewReader(img)); err != nil || resp.Header.Get("Content-Type") != "image/png" || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("the QR code: %v, %q, %q", err, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"))
	}
	if status, page := clerk.post(t, "/account/two-factor", url.Values{"code": {"000000"}}); status != http.StatusUnprocessableEntity ||
		!strings.Contains(visibleText(page), "The security code is not right") {
		t.Errorf("a wrong code at set-up: %d", status)
	}
	secret, codes := setUpTwoFactor(t, site, clerk)
	_, page = clerk.get(t, "/account")
	if strings.Contains(page, "govuk-notification-banner") || !strings.Contains(visibleText(page), "On: 10 recovery codes left") {
		t.Errorf("the account page once two-factor authentication is on:\n%s", visibleText(page))
	}
	var secretKept string
	var hashes []string
	err = site.DB.Update(context.Background(), func(tx *store.Tx) error {
		if err := tx.QueryRowContext(context.Background(), `SELECT secret FROM user_totp t JOIN users u ON u.id = t.user_id WHERE u.email = 'clerk@example.org'`).Scan(&secretKept); err != nil {
			return err
		}
		rows, err := tx.QueryContext(context.Background(), `SELECT code_hash FROM recovery_codes`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var h string
			rows.Scan(&h)
			hashes = append(hashes, h)
		}
		return rows.Err()
	})
	if err != nil || secretKept != secret || len(hashes) != 10 {
		t.Fatalf("kept in SQLite: %q, %d hashes, %v", secretKept, len(hashes), err)
	}
	for _, h := range hashes {
		if !strings.HasPrefix(h, "$argon2id$") || strings.Contains(h, strings.ReplaceAll(codes[0], "-", "")) {
			t.Errorf("a recovery code is not kept hashed: %q", h)
		}
	}

	// The password alone no longer signs in.
	u := site.anonymous(t)
	status, loc, _ := signInTo(t, u, "clerk@example.org", fixtures.DemoPassword, "/clerk/meetings/new")
	if status != http.StatusSeeOther || loc != "/sign-in/security-code" {
		t.Fatalf("the password of a two-factor account: %d to %q, want the security code step", status, loc)
	}
	if status, _ := u.get(t, "/clerk"); status != http.StatusSeeOther {
		t.Errorf("the clerk's workspace before the security code: %d, want a redirect to sign in", status)
	}
	if _, page := u.get(t, "/sign-in/security-code"); !strings.Contains(visibleText(page), "Enter the security code") ||
		!strings.Contains(page, `autocomplete="one-time-code"`) {
		t.Errorf("the security code page:\n%s", visibleText(page))
	}
	if status, page := u.post(t, "/sign-in/security-code", url.Values{"code": {"123456"}}); status != http.StatusUnauthorized ||
		!strings.Contains(visibleText(page), "The security code is not right") {
		t.Errorf("a wrong code: %d", status)
	}
	// The code that confirmed the set-up was used in this time step.
	if status, page := u.post(t, "/sign-in/security-code", url.Values{"code": {site.code(t, secret, 0)}}); status != http.StatusUnauthorized ||
		!strings.Contains(visibleText(page), "has been used already") {
		t.Errorf("a code used again in its time step: %d\n%s", status, visibleText(page))
	}
	site.setNow(demoDay.Add(30 * time.Second))
	if status, _ := u.post(t, "/sign-in/security-code", url.Values{"code": {site.code(t, secret, 0)}}); status != http.StatusSeeOther {
		t.Fatalf("the right code: %d", status)
	}
	if status, _ := u.get(t, "/clerk/meetings/new"); status != http.StatusOK {
		t.Errorf("signed in with the code, the clerk's page: %d", status)
	}

	// A recovery code works once.
	r := site.anonymous(t)
	signInTo(t, r, "clerk@example.org", fixtures.DemoPassword, "-")
	if status, _ := r.post(t, "/sign-in/security-code", url.Values{"recovery-code": {strings.ToUpper(codes[3])}}); status != http.StatusSeeOther {
		t.Errorf("a recovery code: %d", status)
	}
	again := site.anonymous(t)
	signInTo(t, again, "clerk@example.org", fixtures.DemoPassword, "-")
	if status, page := again.post(t, "/sign-in/security-code", url.Values{"recovery-code": {codes[3]}}); status != http.StatusUnauthorized ||
		!strings.Contains(visibleText(page), "has been used already") {
		t.Errorf("a recovery code used twice: %d", status)
	}
	// A session that never gave the password cannot skip to the code.
	if status, _ := site.anonymous(t).post(t, "/sign-in/security-code", url.Values{"code": {site.code(t, secret, 30*time.Second)}}); status != http.StatusSeeOther {
		t.Errorf("a code without a password: %d, want a redirect to sign in", status)
	}
}

func TestTheChairmanSignsWithASecurityCode(t *testing.T) {
	site := newSite(t)
	jan := approvedMinutes(t, site)
	chair := site.signIn(t, "d.brazier@example.org")
	if _, page := chair.get(t, "/account"); !strings.Contains(visibleText(page), "Set up two-factor authentication for your account") {
		t.Error("the Chairman is not asked to set up two-factor authentication")
	}
	secret, _ := setUpTwoFactor(t, site, chair)
	site.setNow(site.DB.Now().Add(30 * time.Second))
	chair = site.anonymous(t)
	signInTo(t, chair, "d.brazier@example.org", fixtures.DemoPassword, "-")
	if status, _ := chair.post(t, "/sign-in/security-code", url.Values{"code": {site.code(t, secret, 0)}}); status != http.StatusSeeOther {
		t.Fatalf("sign in: %d", status)
	}
	site.setNow(site.DB.Now().Add(30 * time.Second))
	sign := "/meetings/" + itoa(jan) + "/minutes/sign"
	status, page := chair.post(t, sign, url.Values{"password": {fixtures.DemoPassword}})
	if status != http.StatusOK || !strings.Contains(visibleText(page), "Enter the security code") || !strings.Contains(page, `action="`+sign+`"`) {
		t.Fatalf("the password alone: %d\n%s", status, visibleText(page))
	}
	if m := site.meetingOn(t, pandr, "2025-01-15"); m.MinutesStatus != "approved" {
		t.Fatalf("the password alone signed the minutes: %s", m.MinutesStatus)
	}
	if status, _ := chair.post(t, sign, url.Values{"code": {"999999"}}); status != http.StatusUnauthorized {
		t.Errorf("a wrong code: %d", status)
	}
	// Another session, whose password was never checked, cannot sign with a code.
	other := site.anonymous(t)
	if status, _ := other.post(t, sign, url.Values{"code": {site.code(t, secret, 0)}}); status != http.StatusUnauthorized && status != http.StatusSeeOther {
		t.Errorf("a code without a session: %d", status)
	}
	if m := site.meetingOn(t, pandr, "2025-01-15"); m.MinutesStatus != "approved" {
		t.Fatalf("a wrong code signed the minutes: %s", m.MinutesStatus)
	}
	if status, _ := chair.post(t, sign, url.Values{"code": {site.code(t, secret, 0)}}); status != http.StatusSeeOther {
		t.Fatalf("the right code: %d", status)
	}
	if m := site.meetingOn(t, pandr, "2025-01-15"); m.MinutesStatus != "signed" {
		t.Errorf("after the right code: %s", m.MinutesStatus)
	}
}

// approvedMinutes takes the demo's meeting of 15 January 2025 to minutes
// approved by the next meeting and awaiting the Chairman's signature, and
// moves the clock past that meeting.
func approvedMinutes(t *testing.T, site *testSite) int64 {
	t.Helper()
	jan := site.meetingOn(t, pandr, "2025-01-15")
	clerk := site.signIn(t, "clerk@example.org")
	editor := "/clerk/meetings/" + itoa(jan.ID) + "/minutes"
	if status, _ := clerk.post(t, editor+"/start", url.Values{}); status != http.StatusSeeOther {
		t.Fatalf("start the minutes: %d", status)
	}
	if status, _ := clerk.post(t, editor+"/advance", url.Values{"to": {"unconfirmed"}, "confirm_empty": {"yes"}}); status != http.StatusSeeOther {
		t.Fatalf("publish as unconfirmed: %d", status)
	}
	next := site.nextMeeting(t, pandr)
	site.meetingBegins(t, next)
	if status, _ := clerk.post(t, "/clerk/meetings/"+itoa(next.ID)+"/minutes/start", url.Values{}); status != http.StatusSeeOther {
		t.Fatalf("start the next meeting's minutes: %d", status)
	}
	choices, err := site.DB.ApprovingMinutes(context.Background(), jan.ID)
	if err != nil || len(choices) == 0 {
		t.Fatalf("approving minutes: %v %v", choices, err)
	}
	nextAt, _ := time.Parse(time.RFC3339, next.StartsAt)
	site.setNow(nextAt.Add(3 * time.Hour))
	if status, _ := clerk.post(t, editor+"/advance", url.Values{"to": {"approved"}, "minute": {itoa(choices[0].ID)}}); status != http.StatusSeeOther {
		t.Fatalf("record approval: %d", status)
	}
	return jan.ID
}
