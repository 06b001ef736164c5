package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestClosureDaysMoveTheDeadline(t *testing.T) {
	site := newSite(t)
	next := site.nextMeeting(t, pandr)
	if next.PublishBy != "2026-11-24" {
		t.Fatalf("publish_by = %s before any closure day, want 2026-11-24 (meeting on Wednesday 2 December)", next.PublishBy)
	}
	clerk := site.signIn(t, "clerk@example.org")
	if status, _ := clerk.post(t, "/admin/closed-days", url.Values{"date-day": {"26"}, "date-month": {"11"}, "date-year": {"2026"}, "reason": {"Staff training day"}}); status != http.StatusForbidden {
		t.Errorf("a clerk declared a closure day: %d, want 403", status)
	}
	admin := site.signIn(t, "admin@example.org")
	status, body := admin.post(t, "/admin/closed-days", url.Values{"date-day": {"26"}, "date-year": {"2026"}, "reason": {"Staff training day"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "The date the council is closed must include a month") {
		t.Errorf("a date without its month: %d", status)
	}
	if status, _ := admin.post(t, "/admin/closed-days", url.Values{"date-day": {"26"}, "date-month": {"11"}, "date-year": {"2026"}, "reason": {"Staff training day"}}); status != http.StatusSeeOther {
		t.Fatalf("declare a closure day: %d", status)
	}
	// Thursday 26 November no longer counts, so the fifth clear working day
	// before the meeting is Tuesday 24th and the agenda must go out on Monday 23rd.
	if got := site.nextMeeting(t, pandr).PublishBy; got != "2026-11-23" {
		t.Errorf("publish_by after closing 26 November = %s, want 2026-11-23", got)
	}
	status, body = admin.post(t, "/admin/closed-days", url.Values{"date-day": {"26"}, "date-month": {"11"}, "date-year": {"2026"}, "reason": {"Again"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "already a closure day") {
		t.Errorf("declaring the same day twice: %d", status)
	}
	if status, _ := admin.post(t, "/admin/closed-days/remove", url.Values{"date": {"2026-11-26"}}); status != http.StatusSeeOther {
		t.Fatalf("remove the closure day: %d", status)
	}
	if got := site.nextMeeting(t, pandr).PublishBy; got != "2026-11-24" {
		t.Errorf("publish_by after reopening = %s, want 2026-11-24", got)
	}
}
