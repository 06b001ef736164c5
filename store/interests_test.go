package store

import (
	"context"
	"testing"
	"time"
)

func registerFixture(t *testing.T) (*DB, int64) {
	t.Helper()
	db := openTestDB(t)
	var personID int64
	err := db.Update(context.Background(), func(tx *Tx) error {
		var err error
		personID, err = tx.CreatePerson(Person{Title: "Mr", Name: "J A Kite", Surname: "Kite"}, 0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return db, personID
}

func addInterest(t *testing.T, db *DB, in Interest) (Interest, error) {
	t.Helper()
	var added Interest
	err := db.Update(context.Background(), func(tx *Tx) error {
		var err error
		added, err = tx.AddInterest(in)
		return err
	})
	return added, err
}

func TestRegisterOfInterestsKeepsRemovedEntriesAsHistory(t *testing.T) {
	db, kite := registerFixture(t)
	ctx := context.Background()
	land, err := addInterest(t, db, Interest{PersonID: kite, Category: "land", Description: "  House in\n Tonbridge  ", Whose: "member", RegisteredOn: "2021-06-01"})
	if err != nil {
		t.Fatal(err)
	}
	if land.Description != "House in Tonbridge" {
		t.Errorf("description stored as %q", land.Description)
	}
	if _, err := addInterest(t, db, Interest{PersonID: kite, Category: "employment", Description: "Teacher, Weald School", Whose: "partner", RegisteredOn: "2022-09-01"}); err != nil {
		t.Fatal(err)
	}

	r, err := db.RegisterOfInterests(ctx, kite)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Sections) != len(InterestCategories) || r.Sections[0].Key != "employment" || r.Sections[7].Label != "Other registrable interests" {
		t.Fatalf("sections: %+v", r.Sections)
	}
	if got := r.Sections[3]; got.Key != "land" || len(got.Entries) != 1 || got.Entries[0].Description != "House in Tonbridge" {
		t.Errorf("land section: %+v", got)
	}
	if r.Current() != 2 || r.LastUpdated != "2022-09-01" || len(r.Removed) != 0 {
		t.Errorf("register: %d current, last updated %q, %d removed", r.Current(), r.LastUpdated, len(r.Removed))
	}

	end := func(id int64, day string) (Interest, error) {
		var ended Interest
		err := db.Update(ctx, func(tx *Tx) error {
			var err error
			ended, err = tx.RemoveInterest(kite, id, day)
			return err
		})
		return ended, err
	}
	if _, err := end(land.ID, "2021-05-31"); ErrorField(err) != "ended" || ErrorMessage(err) != "The date the interest ended must be on or after the day it was registered, 1 June 2021" {
		t.Errorf("ended before it was registered: %v", err)
	}
	if _, err := end(land.ID, "2025-03-01"); err != nil {
		t.Fatal(err)
	}
	if _, err := end(land.ID, "2025-03-02"); ErrorCode(err) != ECONFLICT {
		t.Errorf("removed twice: %v", err)
	}
	if _, err := end(land.ID+100, "2025-03-02"); ErrorCode(err) != ENOTFOUND {
		t.Errorf("an entry that is not there: %v", err)
	}

	r, err = db.RegisterOfInterests(ctx, kite)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Sections[3].Entries) != 0 || r.Current() != 1 {
		t.Errorf("the land is still current: %+v", r.Sections[3])
	}
	if len(r.Removed) != 1 || r.Removed[0].ID != land.ID || r.Removed[0].RemovedOn != "2025-03-01" || r.Removed[0].RegisteredOn != "2021-06-01" {
		t.Errorf("history: %+v", r.Removed)
	}
	if r.LastUpdated != "2025-03-01" {
		t.Errorf("last updated %q, want the day the land was removed", r.LastUpdated)
	}

	// Once it has ended, the same interest may be registered again.
	if _, err := addInterest(t, db, Interest{PersonID: kite, Category: "land", Description: "House in Tonbridge", Whose: "member", RegisteredOn: "2025-06-01"}); err != nil {
		t.Errorf("registering again after removal: %v", err)
	}
}

func TestRegisterOfInterestsRefusesMistakesAndDuplicates(t *testing.T) {
	db, kite := registerFixture(t)
	good := Interest{PersonID: kite, Category: "securities", Description: "Shares in Kent Holdings plc", Whose: "member", RegisteredOn: "2024-01-10"}
	if _, err := addInterest(t, db, good); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		change      func(*Interest)
		code, field string
		message     string
	}{
		"duplicate, in other case": {func(i *Interest) { i.Description = "shares in KENT holdings plc"; i.RegisteredOn = "2024-02-01" }, ECONFLICT, "description",
			"This interest is already on the register, registered on 10 January 2024. Describe a different interest, or remove the old entry first"},
		"empty description": {func(i *Interest) { i.Description = " \n " }, EINVALID, "description", "Enter a description of the interest"},
		"unknown category":  {func(i *Interest) { i.Category = "hobbies" }, EINVALID, "category", "Choose the category of the interest"},
		"no category":       {func(i *Interest) { i.Category = "" }, EINVALID, "category", "Choose the category of the interest"},
		"whose unknown":     {func(i *Interest) { i.Whose = "neighbour" }, EINVALID, "whose", "Choose whose interest it is"},
		"no date":           {func(i *Interest) { i.RegisteredOn = "2024-02-30" }, EINVALID, "registered", "Enter the date the interest was registered"},
		"nobody":            {func(i *Interest) { i.PersonID = kite + 99 }, ENOTFOUND, "", ""},
	} {
		t.Run(name, func(t *testing.T) {
			in := good
			tc.change(&in)
			_, err := addInterest(t, db, in)
			if ErrorCode(err) != tc.code || ErrorField(err) != tc.field || (tc.message != "" && ErrorMessage(err) != tc.message) {
				t.Errorf("got %s on %q: %v", ErrorCode(err), ErrorField(err), err)
			}
		})
	}
	// The same words under another heading are another interest.
	other := good
	other.Category = "other"
	if _, err := addInterest(t, db, other); err != nil {
		t.Errorf("same words, other category: %v", err)
	}
	r, err := db.RegisterOfInterests(context.Background(), kite)
	if err != nil {
		t.Fatal(err)
	}
	if r.Current() != 2 {
		t.Errorf("%d current entries, want 2: nothing refused may be stored", r.Current())
	}
	// The schema refuses a second current entry even without the check.
	err = db.Update(context.Background(), func(tx *Tx) error {
		_, err := tx.exec(`INSERT INTO registered_interests (person_id, category, description, registered_on) VALUES (?, 'securities', 'SHARES IN KENT HOLDINGS PLC', '2024-03-01')`, kite)
		return err
	})
	if err == nil {
		t.Error("the schema took a duplicate current entry")
	}
}

func TestPersonDeclarationsListTheMeetings(t *testing.T) {
	db, kite := registerFixture(t)
	bodyID, meetingID := fixture(t, db)
	ctx := context.Background()
	err := db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.AddMembership(bodyID, kite, "member", 1, "2021-05-27"); err != nil {
			return err
		}
		item, err := tx.AddAgendaItem(AgendaItem{MeetingID: meetingID, Position: 1, Number: "6", Title: "Disposal of land at Cranbrook", Part: 1})
		if err != nil {
			return err
		}
		if err := tx.AddDeclaration(meetingID, kite, item, "disclosable-pecuniary", "Owns the neighbouring field"); err != nil {
			return err
		}
		// A meeting to come whose agenda is not yet public.
		next, err := tx.CreateMeeting(Meeting{BodyID: bodyID, StartsAt: time.Now().AddDate(0, 1, 0).UTC().Truncate(time.Hour)})
		if err != nil {
			return err
		}
		item, err = tx.AddAgendaItem(AgendaItem{MeetingID: next, Position: 1, Number: "8", Title: "Disposal of land at Stanhope Road", Part: 1})
		if err != nil {
			return err
		}
		return tx.AddDeclaration(next, kite, item, "other-significant", "Lives on Stanhope Road")
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.PersonDeclarations(ctx, kite)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].MeetingID != meetingID || got[0].Body != "Policy and Resources Cabinet Committee" || got[0].ItemLabel != "6" ||
		got[0].Kind != "disclosable-pecuniary" || got[0].Description != "Owns the neighbouring field" || got[0].StartsAt.Year() != 2024 {
		t.Errorf("declarations: %+v", got)
	}
}
