package store

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestAMeetingIsHeldWhenItsTimeComesAndOnlyThenMinuted(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	bodyID, past := fixture(t, db)
	var future int64
	now := time.Date(2025, 1, 10, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	err := db.Update(ctx, func(tx *Tx) error {
		var err error
		if future, err = tx.CreateMeeting(Meeting{BodyID: bodyID, StartsAt: now.Add(48 * time.Hour), Status: "agenda-published"}); err != nil {
			return err
		}
		_, err = tx.exec(`UPDATE meetings SET status = 'agenda-published' WHERE id = ?`, past)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(ctx, func(tx *Tx) error { _, err := tx.StartMinutes(future); return err })
	if ErrorCode(err) != ECONFLICT || !strings.Contains(ErrorMessage(err), "has not begun") {
		t.Errorf("minutes started for a meeting two days off: %v", err)
	}
	var held int
	if err := db.Update(ctx, func(tx *Tx) error { var err error; held, err = tx.MarkHeld(); return err }); err != nil || held != 1 {
		t.Errorf("%d meetings marked held, want the past one only: %v", held, err)
	}
	for id, want := range map[int64]string{past: "held", future: "agenda-published"} {
		if m, err := db.Meeting(ctx, id); err != nil || m.Status != want {
			t.Errorf("meeting %d is %s, want %s (%v)", id, m.Status, want, err)
		}
	}
	now = now.Add(72 * time.Hour)
	if err := db.Update(ctx, func(tx *Tx) error { _, err := tx.StartMinutes(future); return err }); err != nil {
		t.Errorf("minutes of a meeting that has begun: %v", err)
	}
}

// TestMarkingMeetingsHeldLeavesASignedRecordAlone: a meeting signed before
// minutebook marked meetings held keeps its status (here with its guard
// dropped, so that only MarkHeld itself can keep it).
func TestMarkingMeetingsHeldLeavesASignedRecordAlone(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	meetingID, _, _ := signedMeeting(t, db)
	if _, err := db.writer.ExecContext(ctx, `DROP TRIGGER meetings_signed_update`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.writer.ExecContext(ctx, `UPDATE meetings SET status = 'agenda-published' WHERE id = ?`, meetingID); err != nil {
		t.Fatal(err)
	}
	before, err := db.VerifyMinutes(ctx, meetingID)
	if err != nil {
		t.Fatal(err)
	}
	var held int
	if err := db.Update(ctx, func(tx *Tx) error { var err error; held, err = tx.MarkHeld(); return err }); err != nil || held != 0 {
		t.Fatalf("marking meetings held: %d, %v", held, err)
	}
	after, err := db.VerifyMinutes(ctx, meetingID)
	if err != nil || after.Recomputed != before.Recomputed {
		t.Errorf("marking meetings held changed a signed record: %v", err)
	}
}
