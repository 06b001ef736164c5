package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// Until publication a clerk renames, replaces and removes papers; after it,
// a paper stays as it was sent.
func TestPapersChangeUntilPublication(t *testing.T) {
	site := newSite(t)
	next := site.nextMeeting(t, pandr)
	clerk := site.signIn(t, "clerk@example.org")
	builder := "/clerk/meetings/" + itoa(next.ID)
	_, page := clerk.get(t, builder)
	item := itemIDs(t, page)["5"]
	if status, body := clerk.upload(t, builder+"/items/"+item+"/papers", "risk.pdf", strings.NewReader(string(writePDF(t, "Risk", "First draft of the risk report.")))); status != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", status, visibleText(body))
	}
	_, page = clerk.get(t, builder+"/papers")
	ids := regexp.MustCompile(`/papers/(\d+)/rename`).FindAllStringSubmatch(page, -1)
	if len(ids) == 0 {
		t.Fatalf("no paper offered for renaming:\n%s", visibleText(page))
	}
	paper := ids[len(ids)-1][1]
	if !strings.Contains(visibleText(page), "risk.pdf: PDF, 1 page, ") {
		t.Errorf("the papers page does not give the file, its pages and size:\n%s", visibleText(page))
	}

	status, body := clerk.post(t, builder+"/papers/"+paper+"/rename", url.Values{"title": {" "}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#title-`+paper+`"`) || !strings.Contains(visibleText(body), "Enter the paper's title") {
		t.Errorf("an empty title: %d\n%s", status, visibleText(body))
	}
	if status, _ := clerk.post(t, builder+"/papers/"+paper+"/rename", url.Values{"title": {"Risk Management report"}}); status != http.StatusSeeOther {
		t.Fatalf("rename: %d", status)
	}
	if _, page := clerk.get(t, builder+"/papers"); !strings.Contains(visibleText(page), "Paper renamed") || !strings.Contains(page, ">Risk Management report</a>") {
		t.Errorf("after renaming:\n%s", visibleText(page))
	}

	status, body = clerk.upload(t, builder+"/papers/"+paper+"/replace", "notes.txt", strings.NewReader("not a pdf"))
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#replace-`+paper+`"`) {
		t.Errorf("replacing with a text file: %d\n%s", status, visibleText(body))
	}
	if status, body := clerk.upload(t, builder+"/papers/"+paper+"/replace", "risk-v2.pdf", strings.NewReader(string(writePDF(t, "Risk", "Second draft.")))); status != http.StatusSeeOther {
		t.Fatalf("replace: %d %s", status, visibleText(body))
	}
	_, served := clerk.download(t, "/papers/"+paper)
	if text := pdfTool(t, "pdftotext", served, "-"); !strings.Contains(text, "Second draft.") {
		t.Errorf("the paper after replacing reads:\n%s", text)
	}

	if status, _ := clerk.post(t, builder+"/publish", url.Values{"confirm_missing": {"yes"}}); status != http.StatusSeeOther {
		t.Fatalf("publish: %d", status)
	}
	status, body = clerk.post(t, builder+"/papers/"+paper+"/remove", url.Values{})
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "stay as sent") {
		t.Errorf("removing a published paper: %d\n%s", status, visibleText(body))
	}
	if status, _ := site.anonymous(t).get(t, "/papers/"+paper); status != http.StatusOK {
		t.Errorf("the published paper after a refused removal: %d", status)
	}
}

func TestADraftPaperIsRemoved(t *testing.T) {
	site := newSite(t)
	next := site.nextMeeting(t, pandr)
	clerk := site.signIn(t, "clerk@example.org")
	builder := "/clerk/meetings/" + itoa(next.ID)
	_, page := clerk.get(t, builder)
	item := itemIDs(t, page)["5"]
	clerk.upload(t, builder+"/items/"+item+"/papers", "risk.pdf", strings.NewReader(string(writePDF(t, "Risk", "A report."))))
	_, page = clerk.get(t, builder+"/papers")
	ids := regexp.MustCompile(`/papers/(\d+)/remove`).FindAllStringSubmatch(page, -1)
	paper := ids[len(ids)-1][1]
	if status, _ := clerk.post(t, builder+"/papers/"+paper+"/remove", url.Values{}); status != http.StatusSeeOther {
		t.Fatalf("remove: %d", status)
	}
	if status, _ := clerk.get(t, "/papers/"+paper); status != http.StatusNotFound {
		t.Errorf("the removed paper: %d, want 404", status)
	}
	if _, page := clerk.get(t, builder+"/papers"); !strings.Contains(visibleText(page), "Paper removed: ") {
		t.Errorf("no word of the removal:\n%s", visibleText(page))
	}
}

// A new item goes where the clerk puts it.
func TestANewItemTakesItsChosenPlace(t *testing.T) {
	site := newSite(t)
	next := site.nextMeeting(t, pandr)
	clerk := site.signIn(t, "clerk@example.org")
	builder := "/clerk/meetings/" + itoa(next.ID)
	_, page := clerk.get(t, builder)
	before := itemIDs(t, page)["5"]
	var fifth string
	for _, it := range clerk.draftOf(t, next.ID).Agenda {
		if it.Number == "5" {
			fifth = it.Title
		}
	}
	if status, body := clerk.post(t, builder+"/items", url.Values{"title": {"Urgent business"}, "position": {before}}); status != http.StatusSeeOther {
		t.Fatalf("insert: %d %s", status, visibleText(body))
	}
	var titles []string
	for _, it := range clerk.draftOf(t, next.ID).Agenda {
		titles = append(titles, it.Title)
	}
	if got := strings.Join(titles, "; "); fifth == "" || !strings.Contains(got, "; Urgent business; "+fifth+"; ") {
		t.Errorf("agenda after inserting before item 5 (%s): %s", fifth, got)
	}
	if _, page := clerk.get(t, builder); !strings.Contains(visibleText(page), "Renumber the items to number it in order") {
		t.Errorf("the clerk is not told to renumber:\n%s", visibleText(page))
	}
}

// Rescheduling takes the date in the GOV.UK date input, and says so when a
// date does not exist.
func TestRescheduleReadsTheDateInput(t *testing.T) {
	site := newSite(t)
	next := site.nextMeeting(t, pandr)
	clerk := site.signIn(t, "clerk@example.org")
	status, body := clerk.post(t, "/clerk/meetings/"+itoa(next.ID)+"/status", url.Values{"action": {"reschedule"}, "reason": {"Room unavailable"},
		"date-day": {"30"}, "date-month": {"2"}, "date-year": {"2027"}, "time": {"2pm"}})
	if text := visibleText(body); status != http.StatusUnprocessableEntity || !strings.Contains(text, "30 February 2027 does not exist") ||
		!strings.Contains(body, `href="#new-date-day"`) || !strings.Contains(body, `value="30"`) || !strings.Contains(body, `value="2pm"`) {
		t.Errorf("30 February: %d\n%s", status, text)
	}
	if status, body := clerk.post(t, "/clerk/meetings/"+itoa(next.ID)+"/status", url.Values{"action": {"reschedule"}, "reason": {"Room unavailable"},
		"date-day": {"3"}, "date-month": {"3"}, "date-year": {"2027"}, "time": {"2pm"}}); status != http.StatusSeeOther {
		t.Fatalf("reschedule: %d\n%s", status, visibleText(body))
	}
	if got := clerk.draftOf(t, next.ID); !strings.HasPrefix(got.StartsAt, "2027-03-03T14:00:00") {
		t.Errorf("moved to %s, want 3 March 2027 at 2pm", got.StartsAt)
	}
}
