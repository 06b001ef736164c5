package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"minutebook/fixtures"
	"minutebook/store"
)

func TestMeetingPageReadsLikeTheSeedMinutes(t *testing.T) {
	site := newSite(t)
	m := site.meetingOn(t, pandr, "2024-11-27")
	status, body, header := site.get(t, "/meetings/"+itoa(m.ID))
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	text := visibleText(body)
	for _, want := range []string{
		"Wednesday 27 November 2024, 10.00 am",
		"PRESENT: Mr M Dendor (Vice-Chairman), Mr D L Brazier (Chairman), Mr P V Barrington-King",
		"ALSO PRESENT: Mr P J Oakford and Mr D Jeffrey",
		"IN ATTENDANCE: Mrs A Beer (Chief Executive)",
		"Signed by the Chairman, Mr D L Brazier, on Wednesday 15 January 2025, as a correct record.",
		"231. Apologies and Substitutes (Item 2)",
		"238. 24/00100 - Property Accommodation Strategy",
		"(Item 9)",
		"3. In accordance with paragraph 16.31 of the constitution, Mr Hook wished for it to be recorded",
		"Recorded vote. Against (1): Mr Hook (recorded at their request).",
		"The committee resolved that these minutes are a correct record at its meeting on 15 January 2025.",
		"239. Work Programme (Item 10) RESOLVED to note the work programme.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("meeting page lacks %q", want)
		}
	}
	if csp := header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("Content-Security-Policy = %q", csp)
	}
}

func TestMeetingPageShowsTheAgendaAsTheFrontSheetDoes(t *testing.T) {
	site := newSite(t)
	m := site.meetingOn(t, pandr, "2025-01-15")
	_, body, _ := site.get(t, "/meetings/"+itoa(m.ID))
	text := visibleText(body)
	for _, want := range []string{
		"Must be published by Tuesday 7 January 2025",
		"Published Tuesday 7 January 2025, five clear days before the meeting",
		"Ask for Emily Kennedy Telephone: 03000 419625",
		"4 Minutes of the meeting held on 27 November 2024 Pages 1 - 4",
		"5 Draft Revenue and Capital Budget and Medium-Term Financial Plan Report to follow",
		"7 Kent & Medway Domestic Abuse Strategy 2024-2029 Year One Update Pages 23 - 40",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("agenda page lacks %q", want)
		}
	}
}

func TestDraftAgendasStayWithTheClerkUntilPublished(t *testing.T) {
	site := newSite(t)
	next := site.nextMeeting(t, pandr)
	public := site.anonymous(t)
	_, body := public.get(t, "/meetings/"+itoa(next.ID))
	text := visibleText(body)
	if !strings.Contains(text, "The agenda has not been published yet. It will be published by Tuesday 24 November 2026") {
		t.Error("the public page of an unpublished meeting does not say when its agenda will come")
	}
	if strings.Contains(text, "Stanhope Road") || strings.Contains(text, "Risk Management") {
		t.Error("the public sees the draft agenda")
	}
	clerk := site.signIn(t, "clerk@example.org")
	if status, _ := clerk.post(t, "/clerk/meetings/"+itoa(next.ID)+"/publish", url.Values{"confirm_missing": {"yes"}}); status != http.StatusSeeOther {
		t.Fatalf("publish: %d", status)
	}
	_, body = public.get(t, "/meetings/"+itoa(next.ID))
	text = visibleText(body)
	if !strings.Contains(text, "Disposal of land at Stanhope Road, Ashford TN23 5RA Exempt Paragraph 3 of Schedule 12A: the paper is not published") {
		t.Error("after publication the Part 2 item is not shown as exempt without its paper")
	}
	if !strings.Contains(text, "Risk Management (Including RAG ratings) Risk Management (Including RAG ratings) (PDF") {
		t.Error("after publication the public does not see the Part 1 paper")
	}
}

func TestPagesAnswerWithTheRightStatus(t *testing.T) {
	site := newSite(t)
	c := site.committeeNamed(t, kcsp)
	tests := []struct {
		path   string
		status int
		says   string
	}{
		{"/", http.StatusOK, "Upcoming meetings"},
		{"/committees", http.StatusOK, kcsp},
		{"/committees/" + itoa(c.ID), http.StatusOK, "Mr P M Hill, OBE"},
		{"/committees/" + itoa(c.ID), http.StatusOK, "Minute 45 Mr S Peerbux 31 March 2022 Overdue"},
		{"/people/" + itoa(c.Members[0].PersonID), http.StatusOK, kcsp},
		{"/meetings?year=2021", http.StatusOK, "Thursday 18 November 2021"},
		{"/meetings?year=twenty", http.StatusBadRequest, "is not a year"},
		{"/deadlines", http.StatusOK, "Working days left"},
		{"/meetings/abc", http.StatusBadRequest, "There is a problem with the address"},
		{"/meetings/999999", http.StatusNotFound, "There is no meeting 999999"},
		{"/people/999999", http.StatusNotFound, "There is no person 999999"},
		{"/no-such-page", http.StatusNotFound, "Page not found"},
		{"/healthz", http.StatusOK, "ok"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			status, body, _ := site.get(t, tt.path)
			if status != tt.status {
				t.Errorf("status = %d, want %d", status, tt.status)
			}
			if !strings.Contains(visibleText(body), tt.says) {
				t.Errorf("page does not say %q", tt.says)
			}
		})
	}
}

func TestUpcomingDeadlinesCountDown(t *testing.T) {
	site := newSite(t)
	_, body, _ := site.get(t, "/deadlines")
	text := visibleText(body)
	// Loaded on Monday 2 November 2026, the next P&R meeting is about four
	// weeks away: its agenda is due in about two and a half weeks.
	for _, want := range []string{pandr, kcsp, "On track"} {
		if !strings.Contains(text, want) {
			t.Errorf("deadlines page lacks %q", want)
		}
	}
}

func TestDemoLoadsOnce(t *testing.T) {
	site := newSite(t)
	count := func() int {
		var list []committee
		site.getJSON(t, "/api/v1/meetings", &list)
		return len(list)
	}
	before := count()
	loaded, err := fixtures.LoadDemo(context.Background(), site.DB, fixtures.Options{Agenda: site.Agenda})
	if err != nil {
		t.Fatal(err)
	}
	if loaded || count() != before {
		t.Errorf("loading the demo again: loaded=%v, meetings %d then %d", loaded, before, count())
	}
	var n int
	if err := site.DB.Update(context.Background(), func(tx *store.Tx) error {
		empty, err := tx.IsEmpty()
		if !empty {
			n = 1
		}
		return err
	}); err != nil || n != 1 {
		t.Errorf("the database is empty after loading the demo (err %v)", err)
	}
}

func TestSearchFindsOnlyWhatIsPublished(t *testing.T) {
	site := newSite(t)
	public := site.anonymous(t)
	held := site.meetingOn(t, pandr, "2024-11-27")
	_, body := public.get(t, "/search?q=invicta+house")
	text := visibleText(body)
	if !strings.Contains(text, "Minute 238: 24/00100 - Property Accommodation Strategy - Strategic Headquarters (SHQ) Policy and Resources Cabinet Committee, Wednesday 27 November 2024") ||
		!strings.Contains(body, `href="/meetings/`+itoa(held.ID)+`#minute-238"`) || !strings.Contains(body, "<mark>Invicta</mark> <mark>House</mark>") {
		t.Errorf("searching for Invicta House:\n%s", text)
	}
	// Stemming: "disposals" finds "disposal"; the last word may be a start.
	if _, body := public.get(t, "/search?q=disposals+lon"); !strings.Contains(visibleText(body), "Long Field") {
		t.Errorf("disposals lon:\n%s", visibleText(body))
	}

	// Draft minutes and an unpublished agenda are not found.
	jan := site.meetingOn(t, pandr, "2025-01-15")
	clerk := site.signIn(t, "clerk@example.org")
	clerk.post(t, "/clerk/meetings/"+itoa(jan.ID)+"/minutes/start", url.Values{})
	set, _ := site.DB.Minutes(t.Context(), jan.ID)
	clerk.post(t, "/clerk/meetings/"+itoa(jan.ID)+"/minutes/"+itoa(set.Items[0].ID), url.Values{"text": {"Apologies were received from Mr Zanzibar."}})
	next := site.nextMeeting(t, pandr)
	clerk.post(t, "/clerk/meetings/"+itoa(next.ID)+"/items", url.Values{"title": {"Quixotic proposal for a tramway"}})
	for _, q := range []string{"zanzibar", "quixotic"} {
		if _, body := public.get(t, "/search?q="+q); !strings.Contains(visibleText(body), "No results for “"+q+"”") {
			t.Errorf("%s is not published but is found:\n%s", q, visibleText(body))
		}
	}
	clerk.post(t, "/clerk/meetings/"+itoa(jan.ID)+"/minutes/advance", url.Values{"to": {"unconfirmed"}, "confirm_empty": {"yes"}})
	if _, body := public.get(t, "/search?q=zanzibar"); !strings.Contains(visibleText(body), "1 result for “zanzibar” Minute 240: Apologies and Substitutes") {
		t.Errorf("published, the minute is not found:\n%s", visibleText(body))
	}

	// Whatever is typed, the search answers: no query syntax leaks through.
	for _, q := range []string{`"`, `NEAR(`, `a OR`, `*`, `title:x`, strings.Repeat("budget ", 100), `<script>`} {
		status, body := public.get(t, "/search?q="+url.QueryEscape(q))
		if status != http.StatusOK || strings.Contains(body, "<script>") {
			t.Errorf("searching for %q: %d", q, status)
		}
	}
}
