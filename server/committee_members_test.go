package server_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"minutebook/store"
)

// memberTable is the visible text of each row of the committee page's table
// with the given caption.
func memberTable(t testing.TB, page, caption string) []string {
	t.Helper()
	table := regexp.MustCompile(`(?s)<caption[^>]*>` + regexp.QuoteMeta(caption) + `</caption>(.*?)</table>`).FindStringSubmatch(page)
	if table == nil {
		return nil
	}
	body := table[1][strings.Index(table[1], "<tbody"):]
	var rows []string
	for _, r := range regexp.MustCompile(`(?s)<tr[^>]*>(.*?)</tr>`).FindAllStringSubmatch(body, -1) {
		rows = append(rows, visibleText(r[1]))
	}
	return rows
}

// The papers give the Policy and Resources Cabinet Committee 16 seats and
// list 17 members; the page says both rather than letting one stand for the
// other, and counts only those who hold a seat.
func TestCommitteeMembershipCountsTheMembersItLists(t *testing.T) {
	site := newSite(t)
	c := site.committeeNamed(t, pandr)
	page := "/committees/" + itoa(c.ID)
	_, body, _ := site.get(t, page)
	if text := visibleText(body); !strings.Contains(text, "Membership 17 members, though the committee has 16 seats; quorum 6") {
		t.Errorf("the membership of %s reads:\n%s", pandr, text)
	}
	members := memberTable(t, body, "Members of the "+pandr)
	if len(members) != 17 || members[0] != "Mr D L Brazier Chairman Conservative" {
		t.Errorf("%s lists %d members: %q", pandr, len(members), members)
	}

	partnership := site.committeeNamed(t, kcsp)
	_, body, _ = site.get(t, "/committees/"+itoa(partnership.ID))
	if text := visibleText(body); !strings.Contains(text, "Membership 20 members; quorum 7") {
		t.Errorf("the membership of %s reads:\n%s", kcsp, text)
	}
	if n := len(memberTable(t, body, "Members of the "+kcsp)); n != 20 {
		t.Errorf("%s lists %d members", kcsp, n)
	}

	// A substitute and a non-voting adviser sit with the committee without a
	// seat: each is listed apart, and the count stays at 17.
	err := site.DB.Update(context.Background(), func(tx *store.Tx) error {
		for _, p := range []struct{ name, role string }{{"A Standby", "substitute"}, {"B Counsel", "adviser"}} {
			id, err := tx.CreatePerson(store.Person{Title: "Mrs", Name: p.name, Surname: strings.Fields(p.name)[1]}, 0)
			if err != nil {
				return err
			}
			if _, err := tx.AddMembership(c.ID, id, p.role, 0, "2024-05-23"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_, body, _ = site.get(t, page)
	text := visibleText(body)
	if !strings.Contains(text, "Membership 17 members, though the committee has 16 seats") {
		t.Errorf("a substitute or an adviser was counted as a member:\n%s", text)
	}
	if members := memberTable(t, body, "Members of the "+pandr); len(members) != 17 || strings.Contains(strings.Join(members, "\n"), "Standby") ||
		strings.Contains(strings.Join(members, "\n"), "Counsel") {
		t.Errorf("the members' table: %q", members)
	}
	if subs := memberTable(t, body, "Substitutes for members of the "+pandr); len(subs) != 1 || !strings.HasPrefix(subs[0], "Mrs A Standby Substitute") {
		t.Errorf("the substitutes' table: %q", subs)
	}
	if advisers := memberTable(t, body, "Non-voting advisers to the "+pandr); len(advisers) != 1 || !strings.HasPrefix(advisers[0], "Mrs B Counsel Non-voting adviser") {
		t.Errorf("the advisers' table: %q", advisers)
	}
	for _, heading := range []string{"Substitutes", "Non-voting advisers"} {
		if !strings.Contains(body, `<h3 class="govuk-heading-m">`+heading+`</h3>`) {
			t.Errorf("no heading %q over its table", heading)
		}
	}
}

// A committee with fewer members than seats says how many seats are vacant.
func TestCommitteeMembershipNamesVacantSeats(t *testing.T) {
	site := newSite(t)
	var bodyID int64
	err := site.DB.Update(context.Background(), func(tx *store.Tx) error {
		var err error
		if bodyID, err = tx.CreateBody(store.Body{Name: "Standards Committee", Type: "regulatory", Seats: 3, Quorum: 2}); err != nil {
			return err
		}
		for i, name := range []string{"C First", "D Second"} {
			id, err := tx.CreatePerson(store.Person{Title: "Mr", Name: name, Surname: strings.Fields(name)[1]}, 0)
			if err != nil {
				return err
			}
			if _, err := tx.AddMembership(bodyID, id, "member", i, "2024-05-23"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_, body, _ := site.get(t, "/committees/"+itoa(bodyID))
	if text := visibleText(body); !strings.Contains(text, "Membership 2 members, with 1 of its 3 seats vacant; quorum 2") {
		t.Errorf("the membership reads:\n%s", text)
	}
}
