package server_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"testing"
	"time"
)

func TestReadyAgendasGoOutOnTheMorningOfTheDeadline(t *testing.T) {
	site := newSite(t)
	ctx := context.Background()
	next := site.nextMeeting(t, pandr)
	partnership := site.nextMeeting(t, kcsp)
	if next.PublishBy != "2026-11-24" || partnership.PublishBy != "2026-11-25" {
		t.Fatalf("deadlines %s and %s, want 2026-11-24 and 2026-11-25", next.PublishBy, partnership.PublishBy)
	}
	clerk := site.signIn(t, "clerk@example.org")
	if status, _ := clerk.post(t, "/clerk/meetings/"+itoa(next.ID)+"/ready", url.Values{"ready": {"yes"}}); status != http.StatusSeeOther {
		t.Fatalf("mark ready: %d", status)
	}
	pass := func(at time.Time) (int, int) {
		site.setNow(at)
		p, r, err := site.Agenda.SchedulePass(ctx, slog.Default())
		if err != nil {
			t.Fatal(err)
		}
		return p, r
	}
	if p, r := pass(demoDay); p != 0 || r != 0 {
		t.Errorf("three weeks ahead: published %d, reminded %d", p, r)
	}
	// Monday 23rd is two working days before the Partnership's deadline,
	// and its agenda is not marked ready: its clerks are reminded, once.
	if p, r := pass(time.Date(2026, 11, 23, 9, 0, 0, 0, london)); p != 0 || r != 1 {
		t.Errorf("Monday 23rd: published %d, reminded %d; want one reminder", p, r)
	}
	if _, r := pass(time.Date(2026, 11, 23, 10, 0, 0, 0, london)); r != 0 {
		t.Errorf("a second pass reminded again")
	}
	emails, err := site.DB.MeetingEmails(ctx, partnership.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(emails) == 0 || emails[0].Kind != "reminder" {
		t.Errorf("the Partnership's outbox = %+v, want a reminder to its clerks", emails)
	}
	if p, _ := pass(time.Date(2026, 11, 24, 6, 30, 0, 0, london)); p != 0 {
		t.Error("published before the morning")
	}
	if p, _ := pass(time.Date(2026, 11, 24, 7, 5, 0, 0, london)); p != 1 {
		t.Fatalf("7.05 am on the last day: published %d, want the agenda marked ready", p)
	}
	var m meetingDetail
	site.getJSON(t, "/api/v1/meetings/"+itoa(next.ID), &m)
	if m.PublishedAt == nil || m.OnTime == nil || !*m.OnTime {
		t.Errorf("after the scheduled publication: published_at %v, on time %v", m.PublishedAt, m.OnTime)
	}
	sent, err := site.DB.MeetingEmails(ctx, next.ID)
	if err != nil || len(sent) < 18 {
		t.Errorf("%d agenda emails queued by the scheduled publication (%v)", len(sent), err)
	}
}
