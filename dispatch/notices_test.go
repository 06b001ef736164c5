package dispatch_test

import (
	"context"
	"mime"
	"strings"
	"testing"
	"time"

	"minutebook/agenda"
	"minutebook/store"
)

// TestEveryoneWhoHadTheAgendaHearsOfAMoveOrACancellation: the people sent
// the agenda get the reason and a calendar event that replaces theirs.
func TestEveryoneWhoHadTheAgendaHearsOfAMoveOrACancellation(t *testing.T) {
	r := newRig(t, 10<<20)
	ctx := context.Background()
	if _, err := r.dispatcher.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	had := map[string]bool{}
	for _, m := range r.smtp.Messages() {
		had[strings.ToLower(m.To[0])] = true
	}
	by := agenda.Actor{Name: "test"}
	london, _ := time.LoadLocation("Europe/London")
	moved := time.Date(2026, 12, 9, 14, 0, 0, 0, london)
	steps := []struct {
		do            func() error
		subject, want string
		ics           []string
	}{
		{func() error {
			return r.agenda.Reschedule(ctx, r.meetingID, by, moved, "Darent Room, Sessions House", "The Council Chamber is closed for repairs")
		},
			"Meeting moved: Policy and Resources Cabinet Committee, now Wednesday 9 December 2026, 2.00 pm",
			"Reason: The Council Chamber is closed for repairs",
			[]string{"SEQUENCE:1", "STATUS:CONFIRMED", "DTSTART:20261209T140000Z", "LOCATION:Darent Room\\, Sessions House"}},
		{func() error { return r.agenda.SetStatus(ctx, r.meetingID, by, "cancelled", "No business to transact") },
			"Cancelled: Policy and Resources Cabinet Committee, Wednesday 9 December 2026, 2.00 pm",
			"Reason: No business to transact",
			[]string{"SEQUENCE:2", "STATUS:CANCELLED", "UID:meeting-"}},
	}
	for _, step := range steps {
		before := len(r.smtp.Messages())
		if err := step.do(); err != nil {
			t.Fatal(err)
		}
		if _, err := r.dispatcher.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		sent := r.smtp.Messages()[before:]
		if len(sent) != len(had) {
			t.Errorf("%s: %d told, %d had the agenda", step.subject, len(sent), len(had))
		}
		for _, m := range sent {
			if !had[strings.ToLower(m.To[0])] {
				t.Errorf("%s was told but never had the agenda", m.To[0])
			}
			msg, ps := parts(t, m.Data)
			if got, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); got != step.subject {
				t.Errorf("subject %q, want %q", got, step.subject)
			}
			types := map[string]string{}
			for _, p := range ps {
				types[p.contentType] = string(p.body)
			}
			if !strings.Contains(types["text/plain"], step.want) {
				t.Errorf("the notice lacks %q:\n%s", step.want, types["text/plain"])
			}
			for _, want := range step.ics {
				if !strings.Contains(types["text/calendar"], want) {
					t.Errorf("the calendar event lacks %s:\n%s", want, types["text/calendar"])
				}
			}
		}
	}
	// A meeting whose agenda never went out tells nobody.
	other, err := r.db.Meetings(ctx, store.MeetingFilter{BodyID: 2, From: r.now})
	if err != nil || len(other) == 0 {
		t.Fatalf("no unpublished meeting: %v", err)
	}
	if err := r.agenda.SetStatus(ctx, other[0].ID, by, "postponed", "Awaiting a report"); err != nil {
		t.Fatal(err)
	}
	if queued, err := r.db.MeetingEmails(ctx, other[0].ID); err != nil || len(queued) != 0 {
		t.Errorf("postponing an unpublished meeting queued %d emails (%v)", len(queued), err)
	}
}
