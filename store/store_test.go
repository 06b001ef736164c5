package store

import (
	"context"
	"crypto/ed25519"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func openTestDB(t *testing.T) *DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "minutebook.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// fixture builds a body with one meeting and returns their ids.
func fixture(t *testing.T, db *DB) (bodyID, meetingID int64) {
	t.Helper()
	err := db.Update(context.Background(), func(tx *Tx) error {
		var err error
		if bodyID, err = tx.CreateBody(Body{Name: "Policy and Resources Cabinet Committee", Type: "cabinet-committee", Seats: 16}); err != nil {
			return err
		}
		meetingID, err = tx.CreateMeeting(Meeting{BodyID: bodyID, StartsAt: time.Date(2024, 11, 27, 10, 0, 0, 0, time.UTC)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return bodyID, meetingID
}

func TestOpenSetsThePragmasALegalRecordNeeds(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	for _, pool := range []struct {
		name string
		q    queryer
	}{{"writer", db.writer}, {"reader", db.reader}} {
		checks := map[string]string{"journal_mode": "wal", "synchronous": "2", "foreign_keys": "1", "busy_timeout": "10000"}
		for pragma, want := range checks {
			var got string
			if err := pool.q.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
				t.Fatalf("%s: PRAGMA %s: %v", pool.name, pragma, err)
			}
			if got != want {
				t.Errorf("%s: PRAGMA %s = %s, want %s", pool.name, pragma, got, want)
			}
		}
	}
	if _, err := db.reader.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('x', 'y')`); err == nil {
		t.Error("the read pool accepted a write")
	}
}

func TestMigrationsApplyOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	for i := 0; i < 2; i++ {
		db, err := Open(path)
		if err != nil {
			t.Fatalf("open #%d: %v", i+1, err)
		}
		var n int
		if err := db.reader.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n < 2 {
			t.Errorf("open #%d: %d migrations recorded, want every file", i+1, n)
		}
		db.Close()
	}
}

func TestSchemaRefusesWhatMustNeverHold(t *testing.T) {
	db := openTestDB(t)
	bodyID, meetingID := fixture(t, db)
	ctx := context.Background()
	_, otherMeeting := func() (int64, int64) {
		var id int64
		err := db.Update(ctx, func(tx *Tx) error {
			var err error
			id, err = tx.CreateMeeting(Meeting{BodyID: bodyID, StartsAt: time.Date(2025, 1, 15, 10, 0, 0, 0, time.UTC)})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return bodyID, id
	}()

	tests := []struct {
		name     string
		fn       func(tx *Tx) error
		wantCode string
	}{
		{"Part 2 item without a paragraph", func(tx *Tx) error {
			_, err := tx.AddAgendaItem(AgendaItem{MeetingID: meetingID, Position: 1, Number: "9", Title: "SHQ", Part: 2})
			return err
		}, EINVALID},
		{"Part 2 item with paragraph 8", func(tx *Tx) error {
			_, err := tx.exec(`INSERT INTO agenda_items (meeting_id, position, number, title, part, exempt_paragraph) VALUES (?, 1, '9', 'SHQ', 2, 8)`, meetingID)
			return err
		}, EINTERNAL},
		{"two items numbered 5", func(tx *Tx) error {
			if _, err := tx.AddAgendaItem(AgendaItem{MeetingID: meetingID, Position: 1, Number: "5", Title: "Budget"}); err != nil {
				return err
			}
			_, err := tx.AddAgendaItem(AgendaItem{MeetingID: meetingID, Position: 2, Number: "5", Title: "Budget again"})
			return err
		}, ECONFLICT},
		{"minute 231 used by two meetings", func(tx *Tx) error {
			a, err := tx.CreateMinuteSet(meetingID, 1)
			if err != nil {
				return err
			}
			if _, err := tx.AddMinuteItem(a, MinuteItem{Number: 231, Title: "Apologies"}, 1); err != nil {
				return err
			}
			b, err := tx.CreateMinuteSet(otherMeeting, 1)
			if err != nil {
				return err
			}
			_, err = tx.AddMinuteItem(b, MinuteItem{Number: 231, Title: "Apologies"}, 1)
			return err
		}, ECONFLICT},
		{"minute number written straight into the table twice", func(tx *Tx) error {
			if _, err := tx.exec(`INSERT INTO minute_numbers (body_id, number, meeting_id) VALUES (?, 240, ?)`, bodyID, meetingID); err != nil {
				return err
			}
			_, err := tx.exec(`INSERT INTO minute_numbers (body_id, number, meeting_id) VALUES (?, 240, ?)`, bodyID, otherMeeting)
			return err
		}, EINTERNAL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := db.Update(ctx, tt.fn)
			if err == nil {
				t.Fatal("accepted, want refused")
			}
			if got := ErrorCode(err); got != tt.wantCode {
				t.Errorf("code = %s (%v), want %s", got, err, tt.wantCode)
			}
		})
	}
	items, err := db.AgendaItems(ctx, meetingID)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 0 {
		t.Errorf("refused transactions left %d agenda items behind", len(items))
	}
}

func TestSigningDigestChangesWithTheRecord(t *testing.T) {
	db := openTestDB(t)
	_, meetingID := fixture(t, db)
	ctx := context.Background()
	var setID int64
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		if setID, err = tx.CreateMinuteSet(meetingID, 1); err != nil {
			return err
		}
		mid, err := tx.AddMinuteItem(setID, MinuteItem{Number: 239, Title: "Work Programme"}, 1)
		if err != nil {
			return err
		}
		_, err = tx.AddParagraph(mid, Paragraph{Kind: "resolution", Markdown: "RESOLVED to note the work programme."}, 1)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var digest string
	if err := db.Update(ctx, func(tx *Tx) error {
		digest, err = tx.SignMinutes(setID, 0, time.Date(2025, 1, 15, 12, 0, 0, 0, time.UTC))
		return err
	}); err == nil {
		t.Fatal("signed without a signer")
	}
	if err := db.Update(ctx, func(tx *Tx) error {
		p, err := tx.CreatePerson(Person{Title: "Mr", Name: "D L Brazier", Surname: "Brazier"}, 0)
		if err != nil {
			return err
		}
		digest, err = tx.SignMinutes(setID, p, time.Date(2025, 1, 15, 12, 0, 0, 0, time.UTC))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	set, err := db.Minutes(ctx, meetingID)
	if err != nil {
		t.Fatal(err)
	}
	if set.Status != "signed" || set.SHA256 != digest || set.SignedBy == nil || set.SignedBy.DisplayName() != "Mr D L Brazier" {
		t.Fatalf("after signing: status %s, sha %s (want %s), signer %+v", set.Status, set.SHA256, digest, set.SignedBy)
	}
	seal, err := db.MeetingSeal(ctx, meetingID)
	if err != nil {
		t.Fatal(err)
	}
	if seal.SHA256 != digest || seal.Previous != "" || !ed25519.Verify(db.PublicKey(), seal.Record, seal.Signature) {
		t.Fatalf("the first seal: sha %s (want %s), previous %q, signature good %v", seal.SHA256, digest, seal.Previous,
			ed25519.Verify(db.PublicKey(), seal.Record, seal.Signature))
	}
	for _, want := range []string{`"signed_by": "Mr D L Brazier"`, `"markdown": "RESOLVED to note the work programme."`, `"signed_at": "2025-01-15T12:00:00Z"`} {
		if !strings.Contains(string(seal.Record), want) {
			t.Errorf("the signed record lacks %s:\n%s", want, seal.Record)
		}
	}
}

func TestSignedMinutesAreSealed(t *testing.T) {
	db := openTestDB(t)
	_, meetingID := fixture(t, db)
	ctx := context.Background()
	var setID, itemID, paraID int64
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		if setID, err = tx.CreateMinuteSet(meetingID, 1); err != nil {
			return err
		}
		if itemID, err = tx.AddMinuteItem(setID, MinuteItem{Number: 239, Title: "Work Programme"}, 1); err != nil {
			return err
		}
		if paraID, err = tx.AddParagraph(itemID, Paragraph{Kind: "resolution", Markdown: "RESOLVED to note the work programme."}, 1); err != nil {
			return err
		}
		p, err := tx.CreatePerson(Person{Title: "Mr", Name: "D L Brazier", Surname: "Brazier"}, 0)
		if err != nil {
			return err
		}
		_, err = tx.SignMinutes(setID, p, time.Date(2025, 1, 15, 12, 0, 0, 0, time.UTC))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	v, err := db.VerifyMinutes(ctx, meetingID)
	if err != nil || !v.OK() {
		t.Fatalf("freshly signed minutes do not verify: %+v %v", v, err)
	}
	for _, stmt := range []string{
		`UPDATE minute_paragraphs SET markdown = 'RESOLVED to reject the work programme.' WHERE id = ?`,
		`DELETE FROM minute_paragraphs WHERE id = ?`,
		`UPDATE minute_items SET title = 'Something else' WHERE id = (SELECT minute_item_id FROM minute_paragraphs WHERE id = ?)`,
		`UPDATE minute_sets SET status = 'draft' WHERE id = (SELECT i.minute_set_id FROM minute_items i JOIN minute_paragraphs p ON p.minute_item_id = i.id WHERE p.id = ?)`,
		`INSERT INTO minute_paragraphs (minute_item_id, position, markdown) SELECT minute_item_id, 9, 'Added later' FROM minute_paragraphs WHERE id = ?`,
	} {
		_, err := db.writer.ExecContext(ctx, stmt, paraID)
		if err == nil || !strings.Contains(err.Error(), "signed minutes cannot be changed") {
			t.Errorf("%s: err = %v, want the seal to refuse", stmt, err)
		}
	}
	// Someone with the database file drops the seal and edits the record:
	// verification catches it.
	if _, err := db.writer.ExecContext(ctx, `DROP TRIGGER minute_paragraphs_sealed_update`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.writer.ExecContext(ctx, `UPDATE minute_paragraphs SET markdown = 'RESOLVED to reject the work programme.' WHERE id = ?`, paraID); err != nil {
		t.Fatal(err)
	}
	v, err = db.VerifyMinutes(ctx, meetingID)
	if err != nil || v.OK() || v.Recomputed == v.SHA256 {
		t.Errorf("verification did not catch the edit: %+v %v", v, err)
	}
}
