package store

import (
	"context"
	"testing"
)

func TestADeclarationNeedsItsNatureAndIsRecordedOnce(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	bodyID, meetingID := fixture(t, db)
	var item5, item6, hook int64
	update(t, db, func(tx *Tx) error {
		var err error
		if _, err = tx.AppendAgendaItem(AgendaItem{MeetingID: meetingID, Number: "4", Title: "Minutes", Part: 1}); err != nil {
			return err
		}
		if item5, err = tx.AppendAgendaItem(AgendaItem{MeetingID: meetingID, Number: "5", Title: "Disposal of land at Stanhope Road", Part: 1}); err != nil {
			return err
		}
		if item6, err = tx.AppendAgendaItem(AgendaItem{MeetingID: meetingID, Number: "6", Title: "Cyber Security", Part: 1}); err != nil {
			return err
		}
		if hook, err = tx.CreatePerson(Person{Title: "Mr", Name: "A J Hook", Surname: "Hook"}, 0); err != nil {
			return err
		}
		_, err = tx.AddMembership(bodyID, hook, "member", 1, "2024-05-01")
		return err
	})
	declare := func(itemID int64, kind, description string) error {
		return db.Update(ctx, func(tx *Tx) error { return tx.AddDeclaration(meetingID, hook, itemID, kind, description) })
	}
	refused := func(name string, err error, field, message string) {
		t.Helper()
		if ErrorCode(err) != EINVALID || ErrorField(err) != field || ErrorMessage(err) != message {
			t.Errorf("%s: got %v (code %q, field %q), want EINVALID on %q: %q", name, err, ErrorCode(err), ErrorField(err), field, message)
		}
	}

	for _, blank := range []string{"", "   ", "\n\t"} {
		refused("description "+`"`+blank+`"`, declare(item5, "disclosable-pecuniary", blank), "description",
			"Enter the nature of the interest, for example 'Owns land next to the application site'.")
	}
	if err := declare(item5, "disclosable-pecuniary", "  Owns land adjoining Stanhope Road  "); err != nil {
		t.Fatal(err)
	}
	refused("the same interest again", declare(item5, "disclosable-pecuniary", "Owns land adjoining Stanhope Road"), "person",
		"Mr A J Hook has already declared this interest on item 5. To change what it says, remove that declaration and record it again.")
	refused("the same kind on the same item in other words", declare(item5, "disclosable-pecuniary", "Lives next door"), "person",
		"Mr A J Hook has already declared this interest on item 5. To change what it says, remove that declaration and record it again.")
	// Another kind of interest in the same item, or the same kind in another
	// item, is a declaration of its own.
	if err := declare(item5, "voluntary", "Knows the applicant"); err != nil {
		t.Errorf("another kind of interest in item 5: %v", err)
	}
	if err := declare(item6, "disclosable-pecuniary", "Director of a supplier"); err != nil {
		t.Errorf("the same kind of interest in item 6: %v", err)
	}
	refused("an unknown kind still comes first", declare(item5, "hunch", ""), "kind", "Choose the kind of interest.")

	got, err := db.Declarations(ctx, meetingID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("declarations = %+v, want 3", got)
	}
	var land Declaration
	for _, d := range got {
		if d.ItemLabel == "5" && d.Kind == "disclosable-pecuniary" {
			land = d
		}
	}
	if land.Description != "Owns land adjoining Stanhope Road" {
		t.Errorf("description stored as %q, want it trimmed", land.Description)
	}

	// Once taken back, the interest may be declared again.
	update(t, db, func(tx *Tx) error { return tx.RemoveDeclaration(meetingID, land.ID) })
	if err := declare(item5, "disclosable-pecuniary", "Owns land adjoining Stanhope Road, as amended"); err != nil {
		t.Errorf("declaring again after removal: %v", err)
	}
}
