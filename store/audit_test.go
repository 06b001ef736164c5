package store

import (
	"context"
	"fmt"
	"testing"
	"time"
)

func TestAuditLogReadsTheMeetingFromTheSubject(t *testing.T) {
	db := openTestDB(t)
	bodyID, meetingID := fixture(t, db)
	ctx := context.Background()
	var personID int64
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		if personID, err = tx.CreatePerson(Person{Title: "Mr", Name: "J A Kite", Surname: "Kite", Honours: "MBE"}, 0); err != nil {
			return err
		}
		m := fmt.Sprint(meetingID)
		for _, e := range []AuditEntry{
			{Action: "minutes signed", Subject: "meeting " + m},
			{Action: "paper added", Subject: "item 4 of meeting " + m},
			{Action: "also present recorded", Subject: "meeting " + m, Detail: fmt.Sprintf("person %d", personID)},
			{Action: "committee rules changed", Subject: fmt.Sprintf("committee %d", bodyID)},
			{Action: "sign-in failed", Actor: "someone@example.org"},
			{Action: "closure day added", Subject: "meeting 1x"},
			{Action: "two-factor set up", Subject: "meeting" + m + "@example.org"},
		} {
			if err := tx.Audit(e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	p, err := db.SearchAuditLog(ctx, AuditFilter{MeetingID: meetingID})
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != 3 || len(p.Entries) != 3 {
		t.Fatalf("%d entries (total %d) for the meeting, want 3: %+v", len(p.Entries), p.Total, p.Entries)
	}
	for _, e := range p.Entries {
		if e.MeetingID != meetingID || e.MeetingBody != "Policy and Resources Cabinet Committee" || !e.MeetingAt.Equal(time.Date(2024, 11, 27, 10, 0, 0, 0, time.UTC)) {
			t.Errorf("%q: meeting %d %q %v", e.Subject, e.MeetingID, e.MeetingBody, e.MeetingAt)
		}
	}
	if got := p.People[personID]; got != "Mr J A Kite, MBE" {
		t.Errorf("person %d is %q", personID, got)
	}
	all, err := db.SearchAuditLog(ctx, AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := all.Committees[bodyID]; got != "Policy and Resources Cabinet Committee" {
		t.Errorf("committee %d is %q", bodyID, got)
	}
	for _, e := range all.Entries {
		if e.Action == "closure day added" || e.Action == "two-factor set up" || e.Action == "sign-in failed" {
			if e.MeetingID != 0 {
				t.Errorf("%q read as meeting %d", e.Subject, e.MeetingID)
			}
		}
	}
}

func TestAuditFilters(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	day := time.Date(2026, 12, 3, 15, 8, 0, 0, time.UTC)
	for i, e := range []AuditEntry{
		{Action: "sign-in", Actor: "clerk@example.org"},
		{Action: "sign-in failed", Actor: "clerk@example.org"},
		{Action: "minutes signing refused", Actor: "chair_1@example.org"},
		{Action: "sign-in", Actor: "chair%1@example.org"},
	} {
		db.Now = func() time.Time { return day.AddDate(0, 0, i) }
		if err := db.Update(ctx, func(tx *Tx) error { return tx.Audit(e) }); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		name string
		f    AuditFilter
		want int
	}{
		{"everything", AuditFilter{}, 4},
		{"one action", AuditFilter{Actions: []string{"sign-in"}}, 2},
		{"failed attempts", AuditFilter{Actions: FailedAttempts}, 2},
		{"actor in another case", AuditFilter{Actor: "CLERK@"}, 2},
		{"an underscore is an underscore", AuditFilter{Actor: "chair_"}, 1},
		{"a percent sign is a percent sign", AuditFilter{Actor: "chair%"}, 1},
		{"from", AuditFilter{From: day.AddDate(0, 0, 2)}, 2},
		{"to", AuditFilter{To: day.AddDate(0, 0, 1)}, 1},
		{"between", AuditFilter{From: day.AddDate(0, 0, 1), To: day.AddDate(0, 0, 3)}, 2},
		{"everything together", AuditFilter{Actions: []string{"sign-in"}, Actor: "clerk", From: day, To: day.AddDate(0, 0, 1)}, 1},
	} {
		p, err := db.SearchAuditLog(ctx, c.f)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if p.Total != c.want || len(p.Entries) != c.want {
			t.Errorf("%s: %d entries, total %d, want %d", c.name, len(p.Entries), p.Total, c.want)
		}
	}
	p, err := db.SearchAuditLog(ctx, AuditFilter{Offset: 1, Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != 4 || len(p.Entries) != 2 || p.Entries[0].Action != "minutes signing refused" || !p.Entries[0].At.Equal(day.AddDate(0, 0, 2)) {
		t.Errorf("the second page of two: %+v, total %d", p.Entries, p.Total)
	}
	actions, err := db.AuditActions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(actions) != "[minutes signing refused sign-in sign-in failed]" {
		t.Errorf("actions %q", actions)
	}
}

// BenchmarkSearchAuditLog reads pages of a log of 100,000 entries spread
// over 200 meetings, 300 people and a year.
func BenchmarkSearchAuditLog(b *testing.B) {
	db, err := Open(b.TempDir() + "/minutebook.db")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	var meetings []int64
	err = db.Update(ctx, func(tx *Tx) error {
		body, err := tx.CreateBody(Body{Name: "Planning Applications Committee", Type: "regulatory", Seats: 16})
		if err != nil {
			return err
		}
		for i := 0; i < 200; i++ {
			id, err := tx.CreateMeeting(Meeting{BodyID: body, StartsAt: start.AddDate(0, 0, i)})
			if err != nil {
				return err
			}
			meetings = append(meetings, id)
		}
		for i := 0; i < 300; i++ {
			if _, err := tx.CreatePerson(Person{Title: "Mr", Name: fmt.Sprintf("A %d Kite", i), Surname: "Kite"}, 0); err != nil {
				return err
			}
		}
		actions := []string{"attendance recorded", "minutes edited", "agenda published", "paper added", "sign-in", "sign-in failed"}
		for i := 0; i < 100_000; i++ {
			tx.Now = start.Add(time.Duration(i) * 5 * time.Minute)
			e := AuditEntry{Actor: fmt.Sprintf("user%d@example.org", i%40), Address: "192.0.2.1", Action: actions[i%len(actions)]}
			if i%3 != 0 {
				e.Subject = fmt.Sprintf("meeting %d", meetings[i%len(meetings)])
				e.Detail = fmt.Sprintf("person %d", i%300+1)
			}
			if err := tx.Audit(e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		f    AuditFilter
	}{
		{"first page", AuditFilter{}},
		{"page 1000", AuditFilter{Offset: 999 * 50}},
		{"action", AuditFilter{Actions: []string{"minutes edited"}}},
		{"failed attempts", AuditFilter{Actions: FailedAttempts}},
		{"actor", AuditFilter{Actor: "user7@"}},
		{"meeting", AuditFilter{MeetingID: meetings[17]}},
		{"one week", AuditFilter{From: start.AddDate(0, 3, 0), To: start.AddDate(0, 3, 7)}},
	} {
		c.f.Limit = 50
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				p, err := db.SearchAuditLog(ctx, c.f)
				if err != nil || len(p.Entries) == 0 {
					b.Fatalf("%d entries: %v", len(p.Entries), err)
				}
			}
		})
	}
	b.Run("filter choices", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.AuditActions(ctx); err != nil {
				b.Fatal(err)
			}
			if _, err := db.AuditMeetings(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}
