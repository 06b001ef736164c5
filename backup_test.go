package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"minutebook/store"
)

// TestBackupUnderLoadRestoresEverySignedRecord is the drill the README
// describes: back up while a clerk is writing, restore to a new place, and
// check that every signed record verifies and nothing is half there.
func TestBackupUnderLoadRestoresEverySignedRecord(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "live.db")
	m := startMain(t, db)
	ctx := context.Background()
	london, _ := time.LoadLocation("Europe/London")

	var wg sync.WaitGroup
	var stop atomic.Bool
	var written atomic.Int64
	wg.Add(1)
	go func() {
		defer wg.Done()
		day := time.Date(2030, 1, 1, 10, 0, 0, 0, time.UTC)
		for i := 0; !stop.Load(); i++ {
			err := m.DB.Update(ctx, func(tx *store.Tx) error {
				_, err := tx.CreateMeetingWithAgenda(store.Meeting{BodyID: 1, StartsAt: day.AddDate(0, 0, i)}, london)
				return err
			})
			if err != nil {
				t.Errorf("a write during the backup failed: %v", err)
				return
			}
			written.Add(1)
			time.Sleep(time.Millisecond) // a busy council, not a tight loop
		}
	}()
	for written.Load() < 5 {
		time.Sleep(time.Millisecond)
	}
	backup := filepath.Join(dir, "nightly.db")
	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"backup", "--db", db, "--out", backup}, strings.NewReader(""), &stdout, &stderr)
	stop.Store(true)
	wg.Wait()
	if code != 0 || !strings.Contains(stdout.String(), "backed up") {
		t.Fatalf("backup: exit %d, %q %q", code, stdout.String(), stderr.String())
	}
	if n := regexp.MustCompile(`with (\d+) papers`).FindStringSubmatch(stdout.String()); n == nil || n[1] == "0" {
		t.Errorf("the backup copied no papers: %q", stdout.String())
	}
	if fi, err := os.Stat(backup + ".signing-key"); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the backup's signing key: %v %v", fi, err)
	}

	restored := filepath.Join(dir, "restored", "council.db")
	if err := os.Mkdir(filepath.Dir(restored), 0o700); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	stderr.Reset()
	code = run(ctx, []string{"restore", "--from", backup, "--db", restored}, strings.NewReader(""), &stdout, &stderr)
	if code != 0 || !regexp.MustCompile(`; (\d+) of (\d+) signed records verify\n$`).MatchString(stdout.String()) {
		t.Fatalf("restore: exit %d, %q %q", code, stdout.String(), stderr.String())
	}
	if n := regexp.MustCompile(`(\d+) of (\d+)`).FindStringSubmatch(stdout.String()); n[1] != n[2] || n[1] == "0" {
		t.Errorf("restore verified %s of %s signed records", n[1], n[2])
	}

	// Every meeting in the copy is whole: the transaction that made it
	// either reached the backup with all its agenda items, or did not.
	copyDB, err := store.Open(restored)
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	meetings, err := copyDB.Meetings(ctx, store.MeetingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	live, err := m.DB.Meetings(ctx, store.MeetingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(meetings) < 5 || len(meetings) > len(live) {
		t.Errorf("the backup holds %d meetings; the live database %d", len(meetings), len(live))
	}
	for _, mt := range meetings {
		if mt.StartsAt.Year() != 2030 {
			continue
		}
		items, err := copyDB.AgendaItems(ctx, mt.ID)
		if err != nil || len(items) == 0 {
			t.Errorf("meeting %d reached the backup without its agenda: %d items, %v", mt.ID, len(items), err)
		}
	}

	stderr.Reset()
	if code := run(ctx, []string{"restore", "--from", backup, "--db", restored}, strings.NewReader(""), &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "already exists") {
		t.Errorf("restoring over a database: exit %d, %q", code, stderr.String())
	}
}
