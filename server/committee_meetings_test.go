package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestTheClerksWorkspaceReachesMeetingsHeld(t *testing.T) {
	site := newSite(t)
	nov := site.meetingOn(t, pandr, "2024-11-27")
	jan := site.meetingOn(t, pandr, "2025-01-15")
	partnership := site.meetingOn(t, kcsp, "2021-11-18")
	clerk := site.signIn(t, "clerk@example.org")

	status, page := clerk.get(t, "/clerk")
	if status != http.StatusOK {
		t.Fatalf("GET /clerk = %d", status)
	}
	// January's meeting was held and has no minutes: the clerk is sent to
	// its attendance and its minutes.
	for _, href := range []string{"/clerk/meetings/" + itoa(jan.ID) + "/attendance", "/clerk/meetings/" + itoa(jan.ID) + "/minutes",
		"/clerk/committees/" + itoa(jan.CommitteeID) + "/meetings"} {
		if !strings.Contains(page, `href="`+href+`"`) {
			t.Errorf("the workspace has no link to %s:\n%s", href, visibleText(page))
		}
	}
	if !strings.Contains(visibleText(page), "Record the attendance and start the minutes") {
		t.Errorf("the workspace does not say what to do next about January's meeting:\n%s", visibleText(page))
	}
	// November's minutes are signed, and the Partnership is another clerk's.
	for _, id := range []int64{nov.ID, partnership.ID} {
		if strings.Contains(page, `href="/clerk/meetings/`+itoa(id)+`/minutes"`) {
			t.Errorf("the workspace lists meeting %d, which is signed or not this clerk's", id)
		}
	}

	// The Partnership's approved minutes wait for the Chairman's signature.
	_, page = site.signIn(t, "m.dentten@example.org").get(t, "/clerk")
	if !strings.Contains(page, `href="/clerk/meetings/`+itoa(partnership.ID)+`/minutes"`) ||
		!strings.Contains(visibleText(page), "Ask the Chairman to sign the minutes") {
		t.Errorf("the Partnership's clerk is not shown the minutes awaiting signature:\n%s", visibleText(page))
	}
	if strings.Contains(page, `href="/clerk/meetings/`+itoa(jan.ID)+`/minutes"`) {
		t.Errorf("the Partnership's clerk is shown the Cabinet Committee's meeting")
	}

	// Once drafted and sent to the Chairman, January's minutes move on.
	if status, _ := clerk.post(t, "/clerk/meetings/"+itoa(jan.ID)+"/minutes/start", url.Values{}); status != http.StatusSeeOther {
		t.Fatalf("start the minutes: %d", status)
	}
	if status, body := clerk.post(t, "/clerk/meetings/"+itoa(jan.ID)+"/minutes/advance", url.Values{"to": {"chair-review"}, "confirm_empty": {"yes"}}); status != http.StatusSeeOther {
		t.Fatalf("send the minutes to the Chairman: %d %s", status, visibleText(body))
	}
	_, page = clerk.get(t, "/clerk")
	if !strings.Contains(visibleText(page), "With the Chairman for comment") ||
		!strings.Contains(page, `href="/clerk/meetings/`+itoa(jan.ID)+`/minutes"`) {
		t.Errorf("the workspace does not show January's minutes with the Chairman:\n%s", visibleText(page))
	}
}

func TestACommitteesMeetingsByYear(t *testing.T) {
	site := newSite(t)
	nov := site.meetingOn(t, pandr, "2024-11-27")
	jan := site.meetingOn(t, pandr, "2025-01-15")
	year2024 := "/clerk/committees/" + itoa(nov.CommitteeID) + "/meetings?year=2024"

	status, page := site.signIn(t, "clerk@example.org").get(t, year2024)
	if status != http.StatusOK {
		t.Fatalf("GET %s = %d: %s", year2024, status, visibleText(page))
	}
	text := visibleText(page)
	for _, want := range []string{"Meetings in 2024", "27 November 2024", "Signed by the Chairman"} {
		if !strings.Contains(text, want) {
			t.Errorf("2024's meetings do not say %q:\n%s", want, text)
		}
	}
	for _, href := range []string{"/clerk/meetings/" + itoa(nov.ID), "/clerk/meetings/" + itoa(nov.ID) + "/attendance",
		"/clerk/meetings/" + itoa(nov.ID) + "/minutes", "/clerk/committees/" + itoa(nov.CommitteeID) + "/meetings?year=2025"} {
		if !strings.Contains(page, `href="`+href+`"`) {
			t.Errorf("2024's meetings have no link to %s", href)
		}
	}
	if strings.Contains(page, "/meetings/"+itoa(jan.ID)+`"`) {
		t.Errorf("2024's meetings list January 2025's")
	}
	if strings.Contains(page, "year=2023") {
		t.Errorf("2024's meetings link to 2023, before the committee's first meeting")
	}

	if status, _ := site.signIn(t, "m.dentten@example.org").get(t, year2024); status != http.StatusForbidden {
		t.Errorf("another committee's clerk: %d, want 403", status)
	}
	public := site.anonymous(t)
	req, _ := http.NewRequest(http.MethodGet, site.URL+year2024, nil)
	resp, err := public.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/sign-in?next=") {
		t.Errorf("the public: %d to %q, want a redirect to sign in", resp.StatusCode, loc)
	}
	if status, _ := site.signIn(t, "admin@example.org").get(t, "/clerk/committees/"+itoa(nov.CommitteeID)+"/meetings?year=20x4"); status != http.StatusBadRequest {
		t.Errorf("a year that is not one: %d, want 400", status)
	}
}

func TestManageThisMeetingIsForItsClerk(t *testing.T) {
	site := newSite(t)
	jan := site.meetingOn(t, pandr, "2025-01-15")
	path := "/meetings/" + itoa(jan.ID)
	manage := `href="/clerk/meetings/` + itoa(jan.ID) + `">Manage this meeting`
	for who, want := range map[string]bool{"clerk@example.org": true, "admin@example.org": true, "m.dentten@example.org": false, "d.brazier@example.org": false} {
		if _, page := site.signIn(t, who).get(t, path); strings.Contains(page, manage) != want {
			t.Errorf("the Manage link for %s: %v, want %v", who, !want, want)
		}
	}
	if _, page := site.anonymous(t).get(t, path); strings.Contains(page, "Manage this meeting") {
		t.Errorf("the public is offered to manage the meeting")
	}
}
