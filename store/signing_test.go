package store

import (
	"context"
	"strings"
	"testing"
	"time"
)

// signedMeeting is a meeting with an agenda item, a member present, a
// declaration and signed minutes.
func signedMeeting(t *testing.T, db *DB) (meetingID, itemID, memberID int64) {
	t.Helper()
	bodyID, meetingID := fixture(t, db)
	err := db.Update(context.Background(), func(tx *Tx) error {
		var err error
		if itemID, err = tx.AppendAgendaItem(AgendaItem{MeetingID: meetingID, Number: "1", Title: "Work Programme", Part: 1}); err != nil {
			return err
		}
		if memberID, err = tx.CreatePerson(Person{Title: "Mr", Name: "D L Brazier", Surname: "Brazier"}, 0); err != nil {
			return err
		}
		if _, err := tx.AddMembership(bodyID, memberID, "chairman", 1, "2024-05-01"); err != nil {
			return err
		}
		if err := tx.AddAttendance(meetingID, Attendee{Person: Person{ID: memberID}, Kind: "present"}, 1); err != nil {
			return err
		}
		if err := tx.AddDeclaration(meetingID, memberID, itemID, "voluntary", "A member of the Kent Fire and Rescue Authority"); err != nil {
			return err
		}
		setID, err := tx.CreateMinuteSet(meetingID, 1)
		if err != nil {
			return err
		}
		minuteID, err := tx.AddMinuteItem(setID, MinuteItem{Number: 239, AgendaItemID: itemID, Title: "Work Programme"}, 1)
		if err != nil {
			return err
		}
		if _, err := tx.AddParagraph(minuteID, Paragraph{Kind: "resolution", Markdown: "RESOLVED to note the work programme."}, 1); err != nil {
			return err
		}
		_, err = tx.SignMinutes(setID, memberID, time.Date(2025, 1, 15, 12, 0, 0, 0, time.UTC))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return meetingID, itemID, memberID
}

func TestASignedRecordRefusesEveryChangeAndPointsToACorrection(t *testing.T) {
	db := openTestDB(t)
	meetingID, itemID, memberID := signedMeeting(t, db)
	ctx := context.Background()
	changes := map[string]func(tx *Tx) error{
		"the Chairman sends apologies": func(tx *Tx) error {
			return tx.RecordMemberAttendance(meetingID, []MemberAttendance{{PersonID: memberID, Kind: "apologies"}})
		},
		"an officer is added": func(tx *Tx) error {
			_, err := tx.AddInAttendance(meetingID, Officer{Name: "Mr B Watts", JobTitle: "General Counsel"})
			return err
		},
		"a pecuniary interest is added": func(tx *Tx) error {
			return tx.AddDeclaration(meetingID, memberID, itemID, "disclosable-pecuniary", "Owns land")
		},
		"the meeting is rescheduled": func(tx *Tx) error {
			return tx.RescheduleMeeting(meetingID, time.Date(2025, 2, 1, 10, 0, 0, 0, time.UTC), "Somewhere else", "Clash")
		},
		"the meeting is cancelled": func(tx *Tx) error { return tx.SetMeetingStatus(meetingID, "cancelled", "No business") },
		"an agenda title is edited": func(tx *Tx) error {
			return tx.UpdateAgendaItem(AgendaItem{ID: itemID, MeetingID: meetingID, Number: "1", Title: "Something else", Part: 1})
		},
		"the agenda is renumbered": func(tx *Tx) error { return tx.RenumberAgenda(meetingID) },
		"an agenda item is added": func(tx *Tx) error {
			_, err := tx.AppendAgendaItem(AgendaItem{MeetingID: meetingID, Number: "2", Title: "Any other business", Part: 1})
			return err
		},
	}
	for name, change := range changes {
		err := db.Update(ctx, change)
		if ErrorCode(err) != ECONFLICT || !strings.Contains(ErrorMessage(err), "start a correction") {
			t.Errorf("%s: err = %v (%s), want a refusal that points to a correction", name, err, ErrorCode(err))
		}
	}
	if v, err := db.VerifyMinutes(ctx, meetingID); err != nil || !v.OK() {
		t.Fatalf("after the refusals the record does not verify: %+v %v", v, err)
	}
	// A correction opens the record again, and signing it seals a new
	// record chained to the first.
	first, err := db.MeetingSeal(ctx, meetingID)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(ctx, func(tx *Tx) error {
		setID, err := tx.StartCorrection(meetingID)
		if err != nil {
			return err
		}
		if err := tx.RecordMemberAttendance(meetingID, []MemberAttendance{{PersonID: memberID, Kind: "present", Remote: true}}); err != nil {
			return err
		}
		_, err = tx.SignMinutes(setID, memberID, time.Date(2025, 2, 12, 12, 0, 0, 0, time.UTC))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	second, err := db.MeetingSeal(ctx, meetingID)
	if err != nil {
		t.Fatal(err)
	}
	if second.Version != 2 || second.Previous != first.SHA256 || !strings.Contains(string(second.Record), `"remote": true`) {
		t.Errorf("the correction's seal: version %d, previous %s (want %s)\n%s", second.Version, second.Previous, first.SHA256, second.Record)
	}
	if v, err := db.VerifyMinutes(ctx, meetingID); err != nil || !v.OK() || v.Head != second.SHA256 {
		t.Errorf("the corrected record does not verify: %+v %v", v, err)
	}
}

func TestVerifyCatchesAChangeToAnyPartOfTheRecord(t *testing.T) {
	for name, stmt := range map[string]string{
		"attendance":   `UPDATE attendance SET kind = 'apologies'`,
		"declarations": `UPDATE declarations SET kind = 'disclosable-pecuniary'`,
		"venue":        `UPDATE meetings SET venue = 'Elsewhere'`,
		"agenda":       `UPDATE agenda_items SET title = 'Something else'`,
		"signed by":    `UPDATE people SET name = 'A N Other'`,
	} {
		t.Run(name, func(t *testing.T) {
			db := openTestDB(t)
			meetingID, _, _ := signedMeeting(t, db)
			ctx := context.Background()
			for _, trigger := range []string{"attendance_signed_update", "declarations_signed_update", "meetings_signed_update", "agenda_items_signed_update"} {
				if _, err := db.writer.ExecContext(ctx, `DROP TRIGGER `+trigger); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := db.writer.ExecContext(ctx, stmt); err != nil {
				t.Fatal(err)
			}
			v, err := db.VerifyMinutes(ctx, meetingID)
			if err != nil || v.OK() || !strings.Contains(strings.Join(v.Problems, " "), name) {
				t.Errorf("verify after changing %s: OK %v, problems %q, err %v", name, v.OK(), v.Problems, err)
			}
		})
	}
}

func TestAResealWithoutTheKeyIsCaught(t *testing.T) {
	db := openTestDB(t)
	meetingID, _, _ := signedMeeting(t, db)
	ctx := context.Background()
	seal, err := db.MeetingSeal(ctx, meetingID)
	if err != nil {
		t.Fatal(err)
	}
	// Someone with the database file, but not the key, rewrites the
	// resolution and puts a fresh digest everywhere the digest is kept.
	forged := strings.Replace(string(seal.Record), "to note", "to reject", 1)
	digest := digestOf([]byte(forged))
	for _, stmt := range []string{
		`DROP TRIGGER minute_paragraphs_sealed_update`, `DROP TRIGGER minute_sets_sealed`, `DROP TRIGGER seals_no_update`,
		`UPDATE minute_paragraphs SET markdown = replace(markdown, 'to note', 'to reject')`,
	} {
		if _, err := db.writer.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.writer.ExecContext(ctx, `UPDATE seals SET record = ?, sha256 = ?`, []byte(forged), digest); err != nil {
		t.Fatal(err)
	}
	if _, err := db.writer.ExecContext(ctx, `UPDATE minute_sets SET sha256 = ?`, digest); err != nil {
		t.Fatal(err)
	}
	v, err := db.VerifyMinutes(ctx, meetingID)
	if err != nil || v.OK() || v.SignatureOK || v.ChainOK {
		t.Errorf("a re-seal without the key verified: OK %v, signature %v, chain %v, problems %q, err %v", v.OK(), v.SignatureOK, v.ChainOK, v.Problems, err)
	}
}
