package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"minutebook/store"
)

// TestASignedMeetingRefusesEveryClerkRoute is the red team's list: on a
// meeting whose minutes the Chairman signed, each change to what the
// minutes record is refused with words that point to a correction, and the
// record still verifies.
func TestASignedMeetingRefusesEveryClerkRoute(t *testing.T) {
	site := newSite(t)
	ctx := context.Background()
	clerk := site.signIn(t, "clerk@example.org")
	// The demo's meeting 1 is 27 November 2024, whose minutes are signed.
	before, err := site.DB.VerifyMinutes(ctx, 1)
	if err != nil || !before.OK() {
		t.Fatalf("the demo's signed minutes do not verify: %+v %v", before, err)
	}
	_, pdfBefore := clerk.get(t, "/meetings/1/minutes.pdf")
	attendees, err := site.DB.Attendance(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	var chairman, officer int64
	for _, a := range attendees {
		switch {
		case a.Name == "D L Brazier":
			chairman = a.ID
		case a.Kind == "in-attendance":
			officer = a.ID
		}
	}
	items, err := site.DB.AgendaItems(ctx, 1)
	if err != nil || chairman == 0 || officer == 0 {
		t.Fatalf("the demo's meeting 1: chairman %d, officer %d, %v", chairman, officer, err)
	}
	item := itoa(items[len(items)-1].ID)
	base := "/clerk/meetings/1"
	for path, form := range map[string]url.Values{
		base + "/attendance":                              {"person-" + itoa(chairman): {"apologies"}},
		base + "/attendance/in-attendance":                {"name": {"Mr J Smith"}, "job_title": {"Officer"}},
		base + "/declarations":                            {"person": {itoa(chairman)}, "item": {item}, "kind": {"disclosable-pecuniary"}, "description": {"Owns land"}},
		base + "/status":                                  {"action": {"cancelled"}, "reason": {"No business"}},
		base + "/items/" + item:                           {"title": {"Something else"}, "reason": {"Tidying"}},
		base + "/items/" + item + "/move":                 {"direction": {"up"}, "reason": {"Tidying"}},
		base + "/renumber":                                {"reason": {"Tidying"}},
		base + "/attendance/" + itoa(officer) + "/delete": {},
	} {
		status, body := clerk.post(t, path, form)
		if status == http.StatusSeeOther || !strings.Contains(visibleText(body), "start a correction") {
			t.Errorf("POST %s on signed minutes: %d, %q", path, status, excerpt(visibleText(body), "correction"))
		}
	}
	// The papers the meeting was held on stay as they were. The demo keeps
	// none for it, so it gets one as it would have had.
	if err := site.DB.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.AddReport(store.Report{AgendaItemID: items[len(items)-1].ID, Title: "Report",
			Document: store.Document{SHA256: strings.Repeat("0", 64), Filename: "report.pdf", ContentType: "application/pdf", Size: 1, Pages: 1, Path: "report.pdf"}})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	papers, err := site.DB.Reports(ctx, 1)
	if err != nil || len(papers) == 0 {
		t.Fatalf("the demo's meeting 1 has no papers to try: %v", err)
	}
	for _, list := range papers {
		for _, r := range list {
			for path, form := range map[string]url.Values{
				base + "/papers/" + itoa(r.ID) + "/rename": {"title": {"Something else"}},
				base + "/papers/" + itoa(r.ID) + "/remove": {},
			} {
				if status, body := clerk.post(t, path, form); status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "stay as") {
					t.Errorf("POST %s on a held meeting's paper: %d, %q", path, status, excerpt(visibleText(body), "stay"))
				}
			}
		}
	}
	if again, err := site.DB.Reports(ctx, 1); err != nil || fmt.Sprint(again) != fmt.Sprint(papers) {
		t.Errorf("the held meeting's papers changed: %v", err)
	}
	after, err := site.DB.VerifyMinutes(ctx, 1)
	if err != nil || !after.OK() || after.SHA256 != before.SHA256 {
		t.Errorf("after the refused changes the record does not verify: %+v %v", after.Problems, err)
	}
	if _, pdfAfter := clerk.get(t, "/meetings/1/minutes.pdf"); pdfAfter != pdfBefore {
		t.Error("the public minutes PDF changed under signed minutes")
	}
}

// excerpt is the text around the first sign of word, for a failure message.
func excerpt(text, word string) string {
	i := strings.Index(text, word)
	if i < 0 {
		return text[:min(len(text), 300)]
	}
	return text[max(0, i-200):min(len(text), i+100)]
}

func TestAMeetingCannotBeMovedIntoThePastOrOutOfTheYearsListed(t *testing.T) {
	site := newSite(t)
	clerk := site.signIn(t, "clerk@example.org")
	next := site.nextMeeting(t, pandr)
	for date, want := range map[string]string{"2020-01-15": "must be in the future", "2300-01-15": "Enter a year from 1900 to 2199"} {
		status, body := clerk.post(t, "/clerk/meetings/"+itoa(next.ID)+"/status", url.Values{"action": {"reschedule"}, "date": {date}, "time": {"10:00"}, "reason": {"Clash"}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), want) {
			t.Errorf("reschedule to %s: %d, want %q", date, status, want)
		}
		ymd := strings.Split(date, "-")
		status, body = clerk.post(t, "/clerk/meetings", url.Values{"body": {itoa(next.CommitteeID)}, "date-day": {ymd[2]}, "date-month": {ymd[1]}, "date-year": {ymd[0]}, "time": {"10:00"}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), want) {
			t.Errorf("create on %s: %d, want %q", date, status, want)
		}
	}
}
