package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A clerk is told, once, what each action did.
func TestActionsEndWithASuccessBannerShownOnce(t *testing.T) {
	site := newSite(t)
	next := site.nextMeeting(t, pandr)
	clerk := site.signIn(t, "clerk@example.org")
	page := "/clerk/meetings/" + itoa(next.ID)
	banner := func() string {
		t.Helper()
		status, body := clerk.get(t, page)
		if status != http.StatusOK {
			t.Fatalf("GET %s: %d", page, status)
		}
		if !strings.Contains(body, "govuk-notification-banner--success") {
			return ""
		}
		return visibleText(body)
	}
	if text := banner(); text != "" {
		t.Fatalf("a banner before anything was done:\n%s", text)
	}
	if status, body := clerk.post(t, page+"/items", url.Values{"title": {"Street lighting review"}}); status != http.StatusSeeOther {
		t.Fatalf("add item: %d\n%s", status, visibleText(body))
	}
	if text := banner(); !strings.Contains(text, "Item added: Street lighting review") {
		t.Errorf("after adding an item the page reads:\n%s", text)
	}
	if text := banner(); text != "" {
		t.Errorf("the banner came back on the next visit:\n%s", text)
	}
	if status, _ := clerk.post(t, page+"/publish", url.Values{"confirm_missing": {"yes"}}); status != http.StatusSeeOther {
		t.Fatalf("publish: %d", status)
	}
	if text := banner(); !strings.Contains(text, "Agenda published") {
		t.Errorf("after publishing the page reads:\n%s", text)
	}
	// A refused action says what went wrong instead.
	status, body := clerk.post(t, page+"/items", url.Values{"title": {""}})
	if status != http.StatusUnprocessableEntity || strings.Contains(body, "govuk-notification-banner--success") ||
		!strings.Contains(body, "govuk-error-summary") {
		t.Errorf("a refused item: %d\n%s", status, visibleText(body))
	}
}
