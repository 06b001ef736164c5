package agenda_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"minutebook/agenda"
	"minutebook/dates"
	"minutebook/files"
	"minutebook/fixtures"
	"minutebook/pack"
	"minutebook/store"
)

type demo struct {
	db     *store.DB
	agenda *agenda.Agenda
	files  *files.Store
	next   store.Meeting
	now    time.Time
	loc    *time.Location
}

// loadDemo is the demo as loaded on 2 November 2026, with its Committee's
// next meeting.
func loadDemo(t *testing.T) *demo {
	t.Helper()
	if testing.Short() {
		t.Skip("builds packs")
	}
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	london, _ := time.LoadLocation("Europe/London")
	d := &demo{db: db, loc: london, now: time.Date(2026, 11, 2, 9, 0, 0, 0, london)}
	db.Now = func() time.Time { return d.now }
	fs := &files.Store{Dir: filepath.Join(dir, "files")}
	d.files = fs
	if d.agenda, err = agenda.New(ctx, agenda.Config{DB: db, Files: fs, Location: london, Nation: dates.EnglandAndWales}); err != nil {
		t.Fatal(err)
	}
	if _, err := fixtures.LoadDemo(ctx, db, fixtures.Options{Agenda: d.agenda, Files: fs}); err != nil {
		t.Fatal(err)
	}
	meetings, err := db.Meetings(ctx, store.MeetingFilter{BodyID: 1, From: d.now})
	if err != nil || len(meetings) == 0 {
		t.Fatalf("no scheduled meeting: %v", err)
	}
	d.next = meetings[0]
	return d
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestAPublishedPackIsKeptAsIssued: what a publication sent stays as sent,
// byte for byte, whatever changes in the record afterwards; a re-issue is a
// new version beside it.
func TestAPublishedPackIsKeptAsIssued(t *testing.T) {
	d := loadDemo(t)
	ctx := context.Background()
	by := agenda.Actor{Name: "test"}
	if err := d.agenda.Publish(ctx, d.next.ID, by, ""); err != nil {
		t.Fatal(err)
	}
	first, err := d.agenda.Current(ctx, d.next.ID, pack.Members)
	if err != nil {
		t.Fatal(err)
	}
	sent := read(t, first.File)

	// A new member joins: the front sheet built now would list them.
	err = d.db.Update(ctx, func(tx *store.Tx) error {
		p, err := tx.CreatePerson(store.Person{Title: "Mrs", Name: "A Newcomer", Surname: "Newcomer"}, 0)
		if err != nil {
			return err
		}
		_, err = tx.AddMembership(d.next.BodyID, p, "member", 99, "2026-11-01")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	live, err := d.agenda.Pack(ctx, d.next.ID, pack.Members, nil)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(read(t, live.Path), sent) {
		t.Fatal("the change made no difference to the pack, so the test proves nothing")
	}
	now, err := d.agenda.PackNow(ctx, d.next.ID, pack.Members)
	if err != nil {
		t.Fatal(err)
	}
	if now.ID != first.ID || !bytes.Equal(read(t, now.File), sent) {
		t.Error("the published members' pack changed after it was issued")
	}

	// A re-issue is a new version; the first stays.
	items, err := d.db.AgendaItems(ctx, d.next.ID)
	if err != nil {
		t.Fatal(err)
	}
	item := items[len(items)/2]
	item.Title += " (revised)"
	if err := d.agenda.Change(ctx, d.next.ID, by, "item changed", "Title corrected", func(tx *store.Tx) error { return tx.UpdateAgendaItem(item) }); err != nil {
		t.Fatal(err)
	}
	second, err := d.agenda.Current(ctx, d.next.ID, pack.Members)
	if err != nil {
		t.Fatal(err)
	}
	if second.ID == first.ID || bytes.Equal(read(t, second.File), sent) {
		t.Error("the re-issue did not make a new version of the pack")
	}
	kept, err := d.db.PublishedPack(ctx, d.next.ID, first.ID)
	if err != nil || kept.SHA256 != first.SHA256 || !bytes.Equal(read(t, filepath.Join(filepath.Dir(filepath.Dir(first.File)), kept.Path)), sent) {
		t.Errorf("the first issue's pack is no longer there as sent: %v", err)
	}
	all, err := d.db.PublishedPacks(ctx, d.next.ID)
	if err != nil || len(all) != 4 {
		t.Errorf("%d packs kept for a publication and a re-issue, want 4 (public and members' each): %v", len(all), err)
	}
}

// TestThePreviousMinutesAreTheMeetingBefore: a meeting's pack carries the
// minutes of the meeting just before it, not of the last one marked held.
func TestThePreviousMinutesAreTheMeetingBefore(t *testing.T) {
	d := loadDemo(t)
	ctx := context.Background()
	// The demo's meeting of 15 January 2025, before the next one, gets
	// unconfirmed minutes.
	before, err := d.db.Meetings(ctx, store.MeetingFilter{BodyID: d.next.BodyID, To: d.next.StartsAt, Newest: true, Limit: 1})
	if err != nil || len(before) == 0 {
		t.Fatalf("no meeting before the next: %v", err)
	}
	var laterID int64
	err = d.db.Update(ctx, func(tx *store.Tx) error {
		if _, err := tx.StartMinutes(before[0].ID); err != nil {
			return err
		}
		for _, to := range []string{"chair-review", "unconfirmed"} {
			if err := tx.AdvanceMinutes(before[0].ID, to); err != nil {
				return err
			}
		}
		var err error
		laterID, err = tx.CreateMeetingWithAgenda(store.Meeting{BodyID: d.next.BodyID, StartsAt: d.next.StartsAt.AddDate(0, 2, 0)}, d.loc)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	textOf := func(meetingID int64) string {
		built, err := d.agenda.Pack(ctx, meetingID, pack.Public, nil)
		if err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("pdftotext", built.Path, "-").Output()
		if err != nil {
			t.Skipf("pdftotext (poppler-utils) is needed: %v", err)
		}
		return strings.Join(strings.Fields(string(out)), " ")
	}
	minutesOf15January := "Cabinet Committee held in the Council Chamber, Sessions House, County Hall, Maidstone on Wednesday, 15 January 2025"
	if text := textOf(d.next.ID); !strings.Contains(text, minutesOf15January) || !strings.Contains(text, "These minutes are unconfirmed") {
		t.Errorf("the next meeting's pack lacks the unconfirmed minutes of the meeting before it:\n%s", text[:min(len(text), 3000)])
	}
	// The later meeting's previous meeting is the next one, which has no
	// minutes yet: none are printed, least of all 15 January 2025's.
	if text := textOf(laterID); strings.Contains(text, minutesOf15January) {
		t.Error("the pack prints the minutes of an older meeting than the one before")
	}
}
