package agenda_test

import (
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"minutebook/agenda"
	"minutebook/dates"
	"minutebook/files"
	"minutebook/fixtures"
	"minutebook/pack"
	"minutebook/store"
)

// TestThePackCacheKeepsOnePackAMeetingAndKind edits an agenda over and over,
// asking for its packs after each edit, and finds one file of each kind.
func TestThePackCacheKeepsOnePackAMeetingAndKind(t *testing.T) {
	if testing.Short() {
		t.Skip("builds packs")
	}
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	london, _ := time.LoadLocation("Europe/London")
	db.Now = func() time.Time { return time.Date(2026, 11, 2, 9, 0, 0, 0, london) }
	fs := &files.Store{Dir: filepath.Join(dir, "files")}
	ag, err := agenda.New(ctx, agenda.Config{DB: db, Files: fs, Location: london, Nation: dates.EnglandAndWales, MailDomain: "example.org"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fixtures.LoadDemo(ctx, db, fixtures.Options{Agenda: ag, Files: fs}); err != nil {
		t.Fatal(err)
	}
	meetings, err := db.Meetings(ctx, store.MeetingFilter{BodyID: 1, From: db.Now()})
	if err != nil || len(meetings) == 0 {
		t.Fatalf("no scheduled meeting: %v", err)
	}
	id := meetings[0].ID
	items, err := db.AgendaItems(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	item := items[len(items)/2]
	var paths []string
	for i := range 4 {
		item.Title = "Work Programme, revision " + strconv.Itoa(i)
		if err := ag.Change(ctx, id, agenda.Actor{Name: "test"}, "item edited", "", func(tx *store.Tx) error { return tx.UpdateAgendaItem(item) }); err != nil {
			t.Fatal(err)
		}
		for _, kind := range []pack.Kind{pack.Public, pack.Members} {
			built, err := ag.Pack(ctx, id, kind, nil)
			if err != nil {
				t.Fatal(err)
			}
			paths = append(paths, built.Path)
		}
	}
	pdfs, err := filepath.Glob(fs.Abs(filepath.Join("packs", "*.pdf")))
	if err != nil {
		t.Fatal(err)
	}
	if len(pdfs) != 2 {
		t.Errorf("after 4 edits the pack cache holds %d PDFs, want the current public and members' packs: %v", len(pdfs), pdfs)
	}
	for _, current := range paths[len(paths)-2:] {
		if !slices.Contains(pdfs, current) {
			t.Errorf("the current pack %s was removed", current)
		}
	}
}
