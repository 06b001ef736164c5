package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// committee builds a body numbering its minutes as given, with meetings on
// the days given (YYYY-MM-DD), each with a standard agenda.
func committee(t *testing.T, db *DB, numbering string, days ...string) (bodyID int64, meetings []int64) {
	t.Helper()
	err := db.Update(context.Background(), func(tx *Tx) error {
		var err error
		if bodyID, err = tx.CreateBody(Body{Name: "Scrutiny Committee", Type: "scrutiny", Seats: 5, Quorum: 2, MinuteNumbering: numbering}); err != nil {
			return err
		}
		for _, day := range days {
			at, err := time.Parse("2006-01-02", day)
			if err != nil {
				return err
			}
			id, err := tx.CreateMeeting(Meeting{BodyID: bodyID, StartsAt: at.Add(10 * time.Hour)})
			if err != nil {
				return err
			}
			for _, title := range []string{"Introduction/Webcast announcement", "Apologies and Substitutes", "Minutes of the previous meeting", "Budget", "Work Programme"} {
				if _, err := tx.AppendAgendaItem(AgendaItem{MeetingID: id, Title: title}); err != nil {
					return err
				}
			}
			meetings = append(meetings, id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return bodyID, meetings
}

// minuteLabels reads a meeting's minutes as "number title" lines.
func minuteLabels(t *testing.T, db *DB, meetingID int64) []string {
	t.Helper()
	set, err := db.Minutes(context.Background(), meetingID)
	if err != nil || set == nil {
		t.Fatalf("minutes of meeting %d: %v %v", meetingID, set, err)
	}
	var out []string
	for _, it := range set.Items {
		out = append(out, it.Label()+" "+it.Title)
	}
	return out
}

func update(t *testing.T, db *DB, fn func(tx *Tx) error) {
	t.Helper()
	if err := db.Update(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

func itemTitled(t *testing.T, db *DB, meetingID int64, title string) AgendaItem {
	t.Helper()
	items, err := db.AgendaItems(context.Background(), meetingID)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.Title == title {
			return it
		}
	}
	t.Fatalf("no item %q", title)
	return AgendaItem{}
}

func TestMinuteNumbersRunOnAndFollowTheDraftAgenda(t *testing.T) {
	db := openTestDB(t)
	_, m := committee(t, db, "continuous", "2025-03-05", "2025-04-09")
	update(t, db, func(tx *Tx) error { _, err := tx.StartMinutes(m[0]); return err })
	got := strings.Join(minuteLabels(t, db, m[0]), "; ")
	if want := "1 Apologies and Substitutes; 2 Minutes of the previous meeting; 3 Budget; 4 Work Programme"; got != want {
		t.Fatalf("first meeting's minutes: %s, want %s", got, want)
	}

	// The clerk moves the budget up and adds an item while the minutes
	// are a draft: the numbers follow the agenda.
	budget := itemTitled(t, db, m[0], "Budget")
	update(t, db, func(tx *Tx) error { return tx.MoveAgendaItem(m[0], budget.ID, -1) })
	update(t, db, func(tx *Tx) error {
		_, err := tx.AppendAgendaItem(AgendaItem{MeetingID: m[0], Title: "Urgent business"})
		return err
	})
	got = strings.Join(minuteLabels(t, db, m[0]), "; ")
	if want := "1 Apologies and Substitutes; 2 Budget; 3 Minutes of the previous meeting; 4 Work Programme; 5 Urgent business"; got != want {
		t.Errorf("after moving and adding: %s, want %s", got, want)
	}

	// A minute with text keeps its item on the agenda; an empty one goes
	// with its item, and its number is never given to another minute.
	set, _ := db.Minutes(context.Background(), m[0])
	update(t, db, func(tx *Tx) error { return tx.SaveMinuteText(m[0], set.Items[1].ID, "RESOLVED to agree the budget.") })
	err := db.Update(context.Background(), func(tx *Tx) error { return tx.DeleteAgendaItem(m[0], budget.ID) })
	if ErrorCode(err) != ECONFLICT || !strings.Contains(ErrorMessage(err), "Clear the minute's text") {
		t.Errorf("taking a minuted item off the agenda: %v", err)
	}
	urgent := itemTitled(t, db, m[0], "Urgent business")
	update(t, db, func(tx *Tx) error { return tx.DeleteAgendaItem(m[0], urgent.ID) })
	if got := minuteLabels(t, db, m[0]); len(got) != 4 {
		t.Errorf("after removing the urgent item: %v", got)
	}

	// Published, the numbers hold whatever happens to the agenda.
	update(t, db, func(tx *Tx) error { return tx.AdvanceMinutes(m[0], "unconfirmed") })
	update(t, db, func(tx *Tx) error { return tx.MoveAgendaItem(m[0], budget.ID, 1) })
	if got := strings.Join(minuteLabels(t, db, m[0]), "; "); !strings.HasPrefix(got, "1 Apologies and Substitutes; 2 Budget;") {
		t.Errorf("published minutes renumbered: %s", got)
	}

	// The next meeting starts after the highest number the first ever
	// took, 5, even though minute 5 went.
	update(t, db, func(tx *Tx) error { _, err := tx.StartMinutes(m[1]); return err })
	if got := minuteLabels(t, db, m[1]); got[0] != "6 Apologies and Substitutes" {
		t.Errorf("second meeting starts at %q, want 6", got[0])
	}
	err = db.Update(context.Background(), func(tx *Tx) error {
		_, err := tx.AddMinuteItem(set.ID, MinuteItem{Number: 6, Title: "Taken"}, 9)
		return err
	})
	if ErrorCode(err) != ECONFLICT || !strings.Contains(ErrorMessage(err), "never reused") {
		t.Errorf("reusing minute 6 in the first meeting: %v", err)
	}
}

func TestMunicipalYearNumbering(t *testing.T) {
	db := openTestDB(t)
	_, m := committee(t, db, "municipal-year", "2021-03-10", "2021-06-09", "2021-07-14")
	for _, id := range m {
		update(t, db, func(tx *Tx) error { _, err := tx.StartMinutes(id); return err })
	}
	for i, want := range []string{"1/20 Apologies and Substitutes", "1/21 Apologies and Substitutes", "5/21 Apologies and Substitutes"} {
		if got := minuteLabels(t, db, m[i])[0]; got != want {
			t.Errorf("meeting %d starts %q, want %q", i+1, got, want)
		}
	}
}

func TestVotesAreRecordedForThoseInTheRoom(t *testing.T) {
	db := openTestDB(t)
	bodyID, m := committee(t, db, "continuous", "2025-03-05")
	ctx := context.Background()
	var hook, bond, remote int64
	update(t, db, func(tx *Tx) error {
		var err error
		for _, p := range []struct {
			id   *int64
			name string
		}{{&hook, "Hook"}, {&bond, "Bond"}, {&remote, "Rayner"}} {
			if *p.id, err = tx.CreatePerson(Person{Title: "Mr", Name: p.name, Surname: p.name}, 0); err != nil {
				return err
			}
			if _, err := tx.AddMembership(bodyID, *p.id, "member", 0, "2020-01-01"); err != nil {
				return err
			}
		}
		if _, err := tx.StartMinutes(m[0]); err != nil {
			return err
		}
		return tx.RecordMemberAttendance(m[0], []MemberAttendance{{PersonID: hook, Kind: "present"}, {PersonID: bond, Kind: "present"},
			{PersonID: remote, Kind: "present", Remote: true}})
	})
	set, _ := db.Minutes(ctx, m[0])
	budget := set.Items[2]
	update(t, db, func(tx *Tx) error {
		return tx.SaveMinuteText(m[0], budget.ID, "The Committee considered the budget.\n\nRESOLVED to agree the budget.")
	})
	set, _ = db.Minutes(ctx, m[0])
	resolution := set.Items[2].Paragraphs[1]

	refused := map[string][]VoteEntry{
		"attended remotely":                {{PersonID: remote, Vote: "against"}},
		"is not a way to vote":             {{PersonID: hook, Vote: "maybe"}},
		"voted against or abstained":       {{PersonID: bond, Vote: "for", Dissent: true}},
		"Only members recorded as present": {{PersonID: 999, Vote: "for"}},
	}
	for want, votes := range refused {
		err := db.Update(ctx, func(tx *Tx) error { return tx.RecordVotes(m[0], resolution.ID, votes) })
		if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), want) {
			t.Errorf("votes %+v: %v, want %q", votes, err, want)
		}
	}
	if err := db.Update(ctx, func(tx *Tx) error {
		return tx.RecordVotes(m[0], set.Items[2].Paragraphs[0].ID, []VoteEntry{{PersonID: hook, Vote: "for"}})
	}); ErrorCode(err) != EINVALID {
		t.Errorf("a vote on a paragraph that resolves nothing: %v", err)
	}

	update(t, db, func(tx *Tx) error {
		return tx.RecordVotes(m[0], resolution.ID, []VoteEntry{{PersonID: hook, Vote: "against", Dissent: true}, {PersonID: bond, Vote: "for"}})
	})
	// Rewording the minute keeps the vote with its resolution.
	update(t, db, func(tx *Tx) error {
		return tx.SaveMinuteText(m[0], budget.ID, "The Committee considered the budget at length.\n\nRESOLVED to agree the budget as amended.")
	})
	set, _ = db.Minutes(ctx, m[0])
	groups := set.Items[2].Paragraphs[1].VoteGroups()
	if len(groups) != 2 || groups[0].Label != "For" || groups[0].Names[0] != "Mr Bond" || groups[1].Names[0] != "Mr Hook (recorded at their request)" {
		t.Errorf("after rewording, the votes are %+v", groups)
	}
	// Deleting the resolution would lose the vote: refused.
	err := db.Update(ctx, func(tx *Tx) error { return tx.SaveMinuteText(m[0], budget.ID, "The Committee considered the budget.") })
	if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), "has a recorded vote") {
		t.Errorf("dropping a resolution with a vote: %v", err)
	}
	set, _ = db.Minutes(ctx, m[0])
	if len(set.Items[2].Paragraphs) != 2 || len(set.Items[2].Paragraphs[1].Votes) != 2 {
		t.Errorf("the refused change still changed the minute: %+v", set.Items[2].Paragraphs)
	}
}

func TestMinuteTextsAreSavedAllOrNone(t *testing.T) {
	db := openTestDB(t)
	_, m := committee(t, db, "continuous", "2025-03-05")
	ctx := context.Background()
	update(t, db, func(tx *Tx) error { _, err := tx.StartMinutes(m[0]); return err })
	set, _ := db.Minutes(ctx, m[0])
	first, second := set.Items[0].ID, set.Items[1].ID
	update(t, db, func(tx *Tx) error {
		return tx.SaveMinuteTexts(m[0], []MinuteText{{first, "No apologies."}, {second, "Agreed.\n\nRESOLVED to sign them."}})
	})
	set, _ = db.Minutes(ctx, m[0])
	if got := JoinMinuteText(set.Items[0].Paragraphs) + " | " + JoinMinuteText(set.Items[1].Paragraphs); got != "No apologies. | Agreed.\n\nRESOLVED to sign them." {
		t.Errorf("after saving both: %q", got)
	}

	// A minute the set does not hold refuses the lot, and names that minute.
	err := db.Update(ctx, func(tx *Tx) error {
		return tx.SaveMinuteTexts(m[0], []MinuteText{{first, "Changed."}, {999999, "Lost?"}})
	})
	if ErrorCode(err) != ENOTFOUND || ErrorField(err) != "text-999999" {
		t.Errorf("a minute not in the set: %v (field %q)", err, ErrorField(err))
	}
	if set, _ = db.Minutes(ctx, m[0]); JoinMinuteText(set.Items[0].Paragraphs) != "No apologies." {
		t.Errorf("a refused save changed minute 1: %+v", set.Items[0].Paragraphs)
	}

	update(t, db, func(tx *Tx) error { return tx.AdvanceMinutes(m[0], "unconfirmed") })
	err = db.Update(ctx, func(tx *Tx) error { return tx.SaveMinuteTexts(m[0], []MinuteText{{first, "Changed."}}) })
	if ErrorCode(err) != ECONFLICT || ErrorField(err) != "" {
		t.Errorf("saving published minutes: %v", err)
	}
}

func TestSplitMinuteTextNumbersParagraphs(t *testing.T) {
	paras := SplitMinuteText("One.\r\n\r\nRESOLVED two.\n\n\n\nThree.")
	if len(paras) != 3 || paras[0].Number != 1 || paras[2].Number != 3 || !paras[1].IsResolution() || !paras[2].Numbered {
		t.Errorf("split: %+v", paras)
	}
	if one := SplitMinuteText("Only."); one[0].Numbered || one[0].Number != 0 {
		t.Errorf("a single paragraph: %+v", one)
	}
}

func TestACorrectionIsANewVersionWithItsOwnApprovalAndSignature(t *testing.T) {
	db := openTestDB(t)
	_, m := committee(t, db, "continuous", "2025-03-05", "2025-04-09", "2025-05-14")
	ctx := context.Background()
	db.Now = func() time.Time { return time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC) }
	var chair int64
	update(t, db, func(tx *Tx) error {
		var err error
		if chair, err = tx.CreatePerson(Person{Title: "Mr", Name: "D L Brazier", Surname: "Brazier"}, 0); err != nil {
			return err
		}
		for _, id := range m {
			if _, err := tx.StartMinutes(id); err != nil {
				return err
			}
		}
		return nil
	})
	first, _ := db.Minutes(ctx, m[0])
	update(t, db, func(tx *Tx) error {
		return tx.SaveMinuteText(m[0], first.Items[2].ID, "RESOLVED to agree the budget of £10m.")
	})
	update(t, db, func(tx *Tx) error { return tx.AdvanceMinutes(m[0], "unconfirmed") })

	// Approval is by a minute of a later meeting of the committee.
	approvals, err := db.ApprovingMinutes(ctx, m[0])
	if err != nil || len(approvals) == 0 || approvals[0].MeetingID != m[1] || approvals[0].Title != "Minutes of the previous meeting" {
		t.Fatalf("approving minutes: %+v %v", approvals, err)
	}
	err = db.Update(ctx, func(tx *Tx) error { return tx.ApproveMinutes(m[0], first.Items[0].ID) })
	if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), "later meeting") {
		t.Errorf("approved by its own minute: %v", err)
	}
	update(t, db, func(tx *Tx) error { return tx.ApproveMinutes(m[0], approvals[0].ID) })
	update(t, db, func(tx *Tx) error { _, err := tx.SignApprovedMinutes(m[0], chair); return err })
	signed, _ := db.Minutes(ctx, m[0])
	if signed.ApprovedOn != "2025-04-09" || signed.ApprovedBy == nil || signed.ApprovedBy.Label() != approvals[0].Label() {
		t.Errorf("approval recorded as %s by %+v", signed.ApprovedOn, signed.ApprovedBy)
	}

	// The budget was £12m: the clerk starts a correction.
	err = db.Update(ctx, func(tx *Tx) error {
		return tx.SaveMinuteText(m[0], signed.Items[2].ID, "RESOLVED to agree the budget of £12m.")
	})
	if ErrorCode(err) != ECONFLICT {
		t.Errorf("editing signed minutes: %v", err)
	}
	update(t, db, func(tx *Tx) error { _, err := tx.StartCorrection(m[0]); return err })
	draft, _ := db.Minutes(ctx, m[0])
	if draft.Version != 2 || draft.Status != "draft" || draft.Corrects == nil || len(draft.Items) != len(signed.Items) ||
		draft.Items[2].Label() != signed.Items[2].Label() || draft.Items[2].Paragraphs[0].Markdown != "RESOLVED to agree the budget of £10m." {
		t.Fatalf("the correction is not a copy of the signed minutes: %+v", draft)
	}
	update(t, db, func(tx *Tx) error {
		return tx.SaveMinuteText(m[0], draft.Items[2].ID, "RESOLVED to agree the budget of £12m.")
	})
	// Until it is published, the signed version is the record.
	published, _ := db.PublishedMinutes(ctx, m[0])
	if published.Version != 1 || published.Items[2].Paragraphs[0].Markdown != "RESOLVED to agree the budget of £10m." {
		t.Errorf("while the correction is a draft the public reads version %d: %q", published.Version, published.Items[2].Paragraphs[0].Markdown)
	}
	if v, err := db.VerifyMinutes(ctx, m[0]); err != nil || !v.OK() || v.Set.Version != 1 {
		t.Errorf("the signed version no longer verifies: %+v %v", v, err)
	}
	update(t, db, func(tx *Tx) error { return tx.AdvanceMinutes(m[0], "unconfirmed") })
	err = db.Update(ctx, func(tx *Tx) error { _, err := tx.SignApprovedMinutes(m[0], chair); return err })
	if ErrorCode(err) != ECONFLICT {
		t.Errorf("signing a correction nobody approved: %v", err)
	}
	third, _ := db.ApprovingMinutes(ctx, m[0])
	var fromThird int64
	for _, r := range third {
		if r.MeetingID == m[2] && fromThird == 0 {
			fromThird = r.ID
		}
	}
	update(t, db, func(tx *Tx) error { return tx.ApproveMinutes(m[0], fromThird) })
	update(t, db, func(tx *Tx) error { _, err := tx.SignApprovedMinutes(m[0], chair); return err })
	v, err := db.VerifyMinutes(ctx, m[0])
	if err != nil || !v.OK() || v.Set.Version != 2 || v.Set.ApprovedOn != "2025-05-14" || v.Set.Items[2].Paragraphs[0].Markdown != "RESOLVED to agree the budget of £12m." {
		t.Errorf("the signed correction: %+v %v", v, err)
	}
	if v.SHA256 == signed.SHA256 {
		t.Error("the correction has the same digest as the version it corrects")
	}
	// Both versions stay sealed.
	if _, err := db.writer.ExecContext(ctx, `UPDATE minute_paragraphs SET markdown = 'x' WHERE minute_item_id IN (SELECT id FROM minute_items WHERE minute_set_id = ?)`, signed.ID); err == nil {
		t.Error("the first signed version could be changed in SQL")
	}
}

// BenchmarkMovingAnItemRenumbersDraftMinutes times one move on a 30-item
// agenda whose minutes are a draft: the move and the renumbering together.
func BenchmarkMovingAnItemRenumbersDraftMinutes(b *testing.B) {
	db, err := Open(b.TempDir() + "/minutebook.db")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	var meetingID, itemID int64
	err = db.Update(ctx, func(tx *Tx) error {
		bodyID, err := tx.CreateBody(Body{Name: "Planning Committee", Type: "regulatory", Seats: 12, Quorum: 4})
		if err != nil {
			return err
		}
		if meetingID, err = tx.CreateMeeting(Meeting{BodyID: bodyID, StartsAt: time.Date(2025, 3, 5, 10, 0, 0, 0, time.UTC)}); err != nil {
			return err
		}
		for i := range 30 {
			if itemID, err = tx.AppendAgendaItem(AgendaItem{MeetingID: meetingID, Title: fmt.Sprintf("Application %d", i+1)}); err != nil {
				return err
			}
		}
		_, err = tx.StartMinutes(meetingID)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		delta := -1
		if i%2 == 1 {
			delta = 1
		}
		if err := db.Update(ctx, func(tx *Tx) error { return tx.MoveAgendaItem(meetingID, itemID, delta) }); err != nil {
			b.Fatal(err)
		}
	}
}
