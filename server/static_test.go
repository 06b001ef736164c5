package server_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestOnlyTheBuiltAssetsAreServed(t *testing.T) {
	site := newSite(t)
	_, home, _ := site.get(t, "/")
	m := regexp.MustCompile(`src="(/static/[0-9a-f]+/)init\.js"`).FindStringSubmatch(home)
	if m == nil {
		t.Fatal("the home page loads no init.js")
	}
	prefix := m[1]
	if status, body, _ := site.get(t, prefix+"init.js"); status != http.StatusOK || body == "" {
		t.Errorf("init.js: %d", status)
	}
	for _, name := range []string{"static.go", "static.go/.", "scss/app.scss", "build/", "build", "", "scss/", "./static.go", "build/../static.go"} {
		status, body, _ := site.get(t, prefix+name)
		if status != http.StatusNotFound || strings.Contains(body, "package static") || strings.Contains(body, "<pre>") {
			t.Errorf("%s%s: %d %q", prefix, name, status, body[:min(len(body), 80)])
		}
	}
}
