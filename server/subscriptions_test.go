package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"minutebook/store"
)

func TestSubscribeConfirmAndLeave(t *testing.T) {
	site := newSite(t)
	c := site.committeeNamed(t, pandr)
	public := site.anonymous(t)
	status, body := public.post(t, "/committees/"+itoa(c.ID)+"/subscribe", url.Values{"email": {"not an address"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "Enter an email address in the correct format") {
		t.Errorf("a bad address: %d", status)
	}
	status, body = public.post(t, "/committees/"+itoa(c.ID)+"/subscribe", url.Values{"email": {"resident@example.org"}})
	if status != http.StatusOK || !strings.Contains(visibleText(body), "Check your email") {
		t.Fatalf("subscribe: %d", status)
	}
	confirm, token := subscriptionTokens(t, site, "resident@example.org")

	next := site.nextMeeting(t, pandr)
	clerk := site.signIn(t, "clerk@example.org")
	publishAndCount := func() (subscriber int) {
		emails, err := site.DB.MeetingEmails(context.Background(), next.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range emails {
			if e.Email == "resident@example.org" {
				subscriber++
				if e.Entitled {
					t.Error("a public subscriber is queued for the members' pack")
				}
			}
		}
		return subscriber
	}
	// Not confirmed yet: the first publication leaves the subscriber out.
	if status, _ := clerk.post(t, "/clerk/meetings/"+itoa(next.ID)+"/publish", url.Values{"confirm_missing": {"yes"}}); status != http.StatusSeeOther {
		t.Fatalf("publish: %d", status)
	}
	if n := publishAndCount(); n != 0 {
		t.Errorf("an unconfirmed subscriber is queued %d times", n)
	}
	if status, body := public.get(t, "/subscriptions/confirm?token="+confirm); status != http.StatusOK || !strings.Contains(visibleText(body), "Confirm your subscription") {
		t.Errorf("the confirmation page: %d", status)
	}
	if status, body := public.post(t, "/subscriptions/confirm?token="+confirm, url.Values{}); status != http.StatusOK || !strings.Contains(visibleText(body), "You are subscribed") {
		t.Errorf("confirm: %d", status)
	}
	// A re-issue now reaches the subscriber.
	if status, _ := clerk.post(t, "/clerk/meetings/"+itoa(next.ID)+"/items", url.Values{"title": {"Urgent item"}, "reason": {"Urgent business"}}); status != http.StatusSeeOther {
		t.Fatalf("re-issue: %d", status)
	}
	if n := publishAndCount(); n != 1 {
		t.Errorf("the confirmed subscriber is queued %d times, want once", n)
	}
	// One click, as a mail program sends it (RFC 8058).
	req, _ := http.NewRequest(http.MethodPost, site.URL+"/unsubscribe?token="+token, strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if status, body := public.do(t, req); status != http.StatusOK || !strings.Contains(visibleText(body), "You are unsubscribed") {
		t.Errorf("one-click unsubscribe: %d", status)
	}
	if status, _ := clerk.post(t, "/clerk/meetings/"+itoa(next.ID)+"/items", url.Values{"title": {"Another item"}, "reason": {"More business"}}); status != http.StatusSeeOther {
		t.Fatalf("re-issue: %d", status)
	}
	if n := publishAndCount(); n != 1 {
		t.Errorf("after unsubscribing, the subscriber is queued %d times in all, want still once", n)
	}
	if status, _ := public.get(t, "/unsubscribe?token=not-a-token"); status != http.StatusNotFound {
		t.Errorf("a made-up token: %d, want 404", status)
	}
}

// subscriptionTokens are the tokens of a subscription's confirmation link
// and of its unsubscribe links.
func subscriptionTokens(t *testing.T, site *testSite, email string) (confirm, unsubscribe string) {
	t.Helper()
	err := site.DB.Update(context.Background(), func(tx *store.Tx) error {
		return tx.QueryRowContext(context.Background(), `SELECT coalesce(confirm_token, ''), token FROM subscriptions WHERE email = ?`, email).Scan(&confirm, &unsubscribe)
	})
	if err != nil {
		t.Fatal(err)
	}
	return confirm, unsubscribe
}

func TestConfirmAndUnsubscribeTokensAreSeparate(t *testing.T) {
	site := newSite(t)
	c := site.committeeNamed(t, pandr)
	public := site.anonymous(t)
	subscribe := func() {
		t.Helper()
		if status, _ := public.post(t, "/committees/"+itoa(c.ID)+"/subscribe", url.Values{"email": {"resident@example.org"}}); status != http.StatusOK {
			t.Fatalf("subscribe: %d", status)
		}
	}
	state := func() (confirmed, unsubscribed bool) {
		t.Helper()
		err := site.DB.Update(context.Background(), func(tx *store.Tx) error {
			return tx.QueryRowContext(context.Background(), `SELECT confirmed_at IS NOT NULL, unsubscribed_at IS NOT NULL FROM subscriptions WHERE email = 'resident@example.org'`).
				Scan(&confirmed, &unsubscribed)
		})
		if err != nil {
			t.Fatal(err)
		}
		return confirmed, unsubscribed
	}
	subscribe()
	confirm, unsubscribe := subscriptionTokens(t, site, "resident@example.org")
	if confirm == "" || confirm == unsubscribe {
		t.Fatalf("confirm token %q, unsubscribe token %q: want two different tokens", confirm, unsubscribe)
	}
	msgs, err := site.DB.ClaimDue(context.Background(), 100, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range msgs {
		if m.Kind == "confirm-subscription" && m.Email == "resident@example.org" {
			found = true
			if m.ConfirmToken != confirm || m.Token != unsubscribe {
				t.Errorf("the confirmation email carries confirm %q and unsubscribe %q, want %q and %q", m.ConfirmToken, m.Token, confirm, unsubscribe)
			}
		}
	}
	if !found {
		t.Error("no confirmation email queued")
	}
	if status, _ := public.post(t, "/subscriptions/confirm?token="+unsubscribe, url.Values{}); status != http.StatusNotFound {
		t.Errorf("the unsubscribe token confirms: %d, want 404", status)
	}
	if status, _ := public.post(t, "/unsubscribe?token="+confirm, url.Values{}); status != http.StatusNotFound {
		t.Errorf("the confirm token unsubscribes: %d, want 404", status)
	}
	if status, _ := public.post(t, "/subscriptions/confirm?token="+confirm, url.Values{}); status != http.StatusOK {
		t.Fatalf("confirm: %d", status)
	}
	if status, _ := public.post(t, "/unsubscribe?token="+unsubscribe, url.Values{}); status != http.StatusOK {
		t.Fatalf("unsubscribe: %d", status)
	}
	// Neither old link can start the emails again.
	for _, path := range []string{"/subscriptions/confirm?token=" + confirm, "/subscriptions/confirm?token=" + unsubscribe, "/subscriptions/confirm?token="} {
		if status, _ := public.post(t, path, url.Values{}); status != http.StatusNotFound {
			t.Errorf("POST %s after unsubscribing: %d, want 404", path, status)
		}
		if status, _ := public.get(t, path); status != http.StatusNotFound {
			t.Errorf("GET %s after unsubscribing: %d, want 404", path, status)
		}
	}
	if confirmed, unsubscribed := state(); !unsubscribed {
		t.Errorf("after the old links: confirmed %v, unsubscribed %v; want still unsubscribed", confirmed, unsubscribed)
	}
	// Subscribing again from the committee's page starts with new tokens.
	subscribe()
	confirm2, unsubscribe2 := subscriptionTokens(t, site, "resident@example.org")
	if confirm2 == "" || confirm2 == confirm || unsubscribe2 == unsubscribe {
		t.Errorf("subscribing again kept the old tokens")
	}
	if status, _ := public.post(t, "/subscriptions/confirm?token="+confirm, url.Values{}); status != http.StatusNotFound {
		t.Errorf("the first confirm token after subscribing again: %d, want 404", status)
	}
	if confirmed, unsubscribed := state(); confirmed || unsubscribed {
		t.Errorf("subscribing again: confirmed %v, unsubscribed %v; want waiting for confirmation", confirmed, unsubscribed)
	}
}

func TestSubscribeRefusesAddressesNoMailServerTakes(t *testing.T) {
	site := newSite(t)
	c := site.committeeNamed(t, pandr)
	public := site.anonymous(t)
	for _, tc := range []struct {
		email string
		ok    bool
	}{
		{"resident@example.org", true},
		{"first.last+agendas@mail.example.co.uk", true},
		{"o'brien@example.ie", true},
		{`"a b"@example.org`, false},
		{`"resident"@example.org`, false},
		{"user@[127.0.0.1]", false},
		{"user@[IPv6:::1]", false},
		{"user@127.0.0.1", false},
		{"user@localhost", false},
		{"user@example", false},
		{"Resident <resident@example.org>", false},
		{"<resident@example.org>", false},
		{"resident@example.org (Resident)", false},
		{"a..b@example.org", false},
		{".a@example.org", false},
		{"a@example..org", false},
		{"a@-example.org", false},
		{"a@example.org.", false},
		{"resident@example.org, other@example.org", false},
	} {
		status, body := public.post(t, "/committees/"+itoa(c.ID)+"/subscribe", url.Values{"email": {tc.email}})
		if tc.ok && status != http.StatusOK {
			t.Errorf("%q refused: %d %s", tc.email, status, visibleText(body))
		}
		if !tc.ok && (status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "Enter an email address in the correct format")) {
			t.Errorf("%q accepted: %d", tc.email, status)
		}
	}
	var n int
	if err := site.DB.Update(context.Background(), func(tx *store.Tx) error {
		return tx.QueryRowContext(context.Background(), `SELECT count(*) FROM subscriptions`).Scan(&n)
	}); err != nil || n != 3 {
		t.Errorf("%d subscriptions kept, want 3 (%v)", n, err)
	}
}

func TestSubscriptionRequestsAreLimited(t *testing.T) {
	site := newSite(t)
	c := site.committeeNamed(t, pandr)
	public := site.anonymous(t)
	for i := 0; i < 10; i++ {
		if status, _ := public.post(t, "/committees/"+itoa(c.ID)+"/subscribe", url.Values{"email": {fmt.Sprintf("r%d@example.org", i)}}); status != http.StatusOK {
			t.Fatalf("request %d: %d", i+1, status)
		}
	}
	status, body := public.post(t, "/committees/"+itoa(c.ID)+"/subscribe", url.Values{"email": {"r99@example.org"}})
	if status != http.StatusTooManyRequests || !strings.Contains(visibleText(body), "Too many subscription requests") {
		t.Errorf("an eleventh request from one address: %d", status)
	}
}
