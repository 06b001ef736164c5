package server

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"minutebook/markdown"
)

// The forward plan and decisions pages include "decision-subscribe" with
// their topic; each form posts to its own topic's route.
func TestDecisionSubscribePartialPostsToItsTopic(t *testing.T) {
	assets, err := newAssetSet()
	if err != nil {
		t.Fatal(err)
	}
	r, err := newRenderer(time.UTC, assets, markdown.New())
	if err != nil {
		t.Fatal(err)
	}
	for topic, want := range map[string][]string{
		"forward-plan": {`action="/forward-plan/subscribe"`, "Get new entries by email", `id="email"`, `autocomplete="email"`},
		"decisions":    {`action="/decisions/subscribe"`, "Get decisions by email", `id="email"`, `type="email"`},
	} {
		var b bytes.Buffer
		if err := r.pages["subscription"].ExecuteTemplate(&b, "decision-subscribe", topic); err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("decision-subscribe %q lacks %s:\n%s", topic, w, b.String())
			}
		}
	}
}
