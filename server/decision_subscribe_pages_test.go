package server_test

import (
	"net/http"
	"strings"
	"testing"
)

// The forward plan and the decisions register each offer to subscribe by
// email, each form posting to its own topic's route.
func TestDecisionPagesOfferTheirOwnSubscription(t *testing.T) {
	site := newSite(t)
	for path, want := range map[string][]string{
		"/forward-plan": {`action="/forward-plan/subscribe"`, "Get new entries by email", `id="email"`, `autocomplete="email"`},
		"/decisions":    {`action="/decisions/subscribe"`, "Get decisions by email", `id="email"`, `type="email"`},
	} {
		status, body, _ := site.get(t, path)
		if status != http.StatusOK {
			t.Fatalf("%s: %d", path, status)
		}
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s lacks %s", path, w)
			}
		}
	}
}
