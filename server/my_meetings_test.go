package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"minutebook/store"
)

func TestMembersFindTheirMeetings(t *testing.T) {
	site := newSite(t)
	next := site.nextMeeting(t, pandr)
	kcspNext := site.nextMeeting(t, kcsp)
	jan := site.meetingOn(t, pandr, "2025-01-15")
	clerk := site.signIn(t, "clerk@example.org")
	if status, _ := clerk.post(t, "/clerk/meetings/"+itoa(next.ID)+"/publish", url.Values{"confirm_missing": {"yes"}}); status != http.StatusSeeOther {
		t.Fatalf("publish: %d", status)
	}
	membersPack := `href="/meetings/` + itoa(next.ID) + `/pack-members.pdf"`

	chair := site.signIn(t, "d.brazier@example.org")
	status, page := chair.get(t, "/my-meetings")
	if status != http.StatusOK {
		t.Fatalf("GET /my-meetings as the Chairman = %d", status)
	}
	for _, want := range []string{`href="/meetings/` + itoa(next.ID) + `#agenda"`, membersPack, `href="/my-meetings" aria-current="true"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the Chairman's meetings have no %s:\n%s", want, visibleText(page))
		}
	}
	if !strings.Contains(visibleText(page), "No minutes are waiting for your signature") {
		t.Errorf("the Chairman is not told there is nothing to sign:\n%s", visibleText(page))
	}
	if status, _ := chair.get(t, "/meetings/"+itoa(next.ID)+"/pack-members.pdf"); status != http.StatusOK {
		t.Errorf("the members' pack the page links to: %d", status)
	}

	// Minutes approved as a correct record wait for the Chairman to sign.
	err := site.DB.Update(t.Context(), func(tx *store.Tx) error {
		set, err := tx.StartMinutes(jan.ID)
		if err != nil {
			return err
		}
		return tx.SetMinutesStatus(set, "approved")
	})
	if err != nil {
		t.Fatal(err)
	}
	sign := `href="/meetings/` + itoa(jan.ID) + `#minutes"`
	if _, page := chair.get(t, "/my-meetings"); !strings.Contains(page, sign) {
		t.Errorf("the Chairman is not sent to sign January's minutes:\n%s", visibleText(page))
	}

	member := site.signIn(t, "m.dawkins@example.org")
	if _, page := member.get(t, "/my-meetings"); !strings.Contains(page, membersPack) || strings.Contains(page, sign) ||
		strings.Contains(page, "Minutes to sign") {
		t.Errorf("a member's meetings:\n%s", visibleText(page))
	}

	// A Partnership member sees the Partnership's meeting, not the Cabinet
	// Committee's, and never its exempt pack.
	_, page = site.signIn(t, "b.loose@example.org").get(t, "/my-meetings")
	if strings.Contains(page, membersPack) || strings.Contains(page, "/meetings/"+itoa(next.ID)) {
		t.Errorf("a Partnership member is shown the Cabinet Committee's meeting:\n%s", visibleText(page))
	}
	if !strings.Contains(page, `href="/meetings/`+itoa(kcspNext.ID)+`#agenda"`) {
		t.Errorf("a Partnership member is not shown the Partnership's next meeting:\n%s", visibleText(page))
	}

	if _, page := site.anonymous(t).get(t, "/"); strings.Contains(page, `href="/my-meetings"`) {
		t.Errorf("the public is offered My meetings")
	}
}
