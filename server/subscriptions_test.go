package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

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
	token := subscriptionToken(t, site, "resident@example.org")

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
	if status, _ := clerk.post(t, "/clerk/meetings/"+itoa(next.ID)+"/publish", url.Values{}); status != http.StatusSeeOther {
		t.Fatalf("publish: %d", status)
	}
	if n := publishAndCount(); n != 0 {
		t.Errorf("an unconfirmed subscriber is queued %d times", n)
	}
	if status, body := public.get(t, "/subscriptions/confirm?token="+token); status != http.StatusOK || !strings.Contains(visibleText(body), "Confirm your subscription") {
		t.Errorf("the confirmation page: %d", status)
	}
	if status, body := public.post(t, "/subscriptions/confirm?token="+token, url.Values{}); status != http.StatusOK || !strings.Contains(visibleText(body), "You are subscribed") {
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

func subscriptionToken(t *testing.T, site *testSite, email string) string {
	t.Helper()
	var token string
	err := site.DB.Update(context.Background(), func(tx *store.Tx) error {
		return tx.QueryRowContext(context.Background(), `SELECT token FROM subscriptions WHERE email = ?`, email).Scan(&token)
	})
	if err != nil {
		t.Fatal(err)
	}
	return token
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
