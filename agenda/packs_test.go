package agenda_test

import (
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"minutebook/agenda"
	"minutebook/pack"
	"minutebook/store"
)

// TestThePackCacheKeepsOnePackAMeetingAndKind edits an agenda over and over,
// asking for its packs after each edit, and finds one file of each kind.
func TestThePackCacheKeepsOnePackAMeetingAndKind(t *testing.T) {
	d := loadDemo(t)
	ctx := context.Background()
	db, ag, id := d.db, d.agenda, d.next.ID
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
	pdfs, err := filepath.Glob(filepath.Join(d.files.Dir, "packs", "*.pdf"))
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
