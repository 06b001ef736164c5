package server_test

import (
	"bytes"
	"context"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"minutebook/store"
)

var (
	editorTextareas = regexp.MustCompile(`<textarea[^>]* name="(text-\d+)"[^>]*>([^<]*)</textarea>`)
	editorVersions  = regexp.MustCompile(`<input type="hidden" name="(loaded-\d+)" value="([0-9a-f]*)">`)
)

// sendMinutes fills in the minutes editor's form on page as a browser
// would: every field as the page holds it, then the changes, sent as the
// form's multipart.
func (u *user) sendMinutes(t testing.TB, path, page string, changes url.Values) (int, string) {
	t.Helper()
	form := url.Values{}
	for _, m := range editorTextareas.FindAllStringSubmatch(page, -1) {
		form.Set(m[1], html.UnescapeString(m[2]))
	}
	for _, m := range editorVersions.FindAllStringSubmatch(page, -1) {
		form.Set(m[1], m[2])
	}
	if len(form) == 0 {
		t.Fatalf("no minutes form on the page:\n%s", visibleText(page))
	}
	for k, v := range changes {
		form[k] = v
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, u.site.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return u.do(t, req)
}

// startedMinutes starts the January meeting's minutes and returns the
// editor's address and the minutes.
func startedMinutes(t *testing.T, site *testSite, clerk *user) (string, *store.MinuteSet) {
	t.Helper()
	jan := site.meetingOn(t, pandr, "2025-01-15")
	editor := "/clerk/meetings/" + itoa(jan.ID) + "/minutes"
	if status, _ := clerk.post(t, editor+"/start", url.Values{}); status != http.StatusSeeOther {
		t.Fatalf("start the minutes: %d", status)
	}
	set, err := site.DB.Minutes(context.Background(), jan.ID)
	if err != nil || set == nil || len(set.Items) < 3 {
		t.Fatalf("minutes: %v %v", set, err)
	}
	return editor, set
}

// storedText is each minute's text as saved, by minute id.
func storedText(t *testing.T, site *testSite, meetingID int64) map[int64]string {
	t.Helper()
	set, err := site.DB.Minutes(context.Background(), meetingID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]string{}
	for _, it := range set.Items {
		out[it.ID] = store.JoinMinuteText(it.Paragraphs)
	}
	return out
}

func TestTheClerkSavesEveryMinuteInOneForm(t *testing.T) {
	site := newSite(t)
	clerk := site.signIn(t, "clerk@example.org")
	editor, set := startedMinutes(t, site, clerk)
	a, b, c := itoa(set.Items[0].ID), itoa(set.Items[1].ID), itoa(set.Items[2].ID)

	_, page := clerk.get(t, editor)
	if strings.Count(page, `<form method="post" action="`+editor+`"`) != 1 || strings.Count(page, ">Save minutes</button>") != 1 ||
		strings.Contains(page, "Save minute 240") || len(editorTextareas.FindAllString(page, -1)) != len(set.Items) {
		t.Fatalf("the editor is not one form with a text area for each minute:\n%s", visibleText(page))
	}
	// Another clerk saves minute c after this page loaded: saving the set
	// leaves it, since this page did not change it.
	if status, _ := clerk.post(t, editor+"/"+c, url.Values{"text": {"Another clerk's words."}}); status != http.StatusSeeOther {
		t.Fatalf("save minute c alone: %d", status)
	}
	textA := "Apologies were received from Mr Hook."
	textB := "The minutes were agreed.\r\n\r\nRESOLVED that **the minutes** be signed."
	status, body := clerk.sendMinutes(t, editor, page, url.Values{"text-" + a: {textA}, "text-" + b: {textB}})
	if status != http.StatusSeeOther {
		t.Fatalf("save the minutes: %d\n%s", status, visibleText(body))
	}
	saved := storedText(t, site, set.MeetingID)
	if saved[set.Items[0].ID] != textA || saved[set.Items[1].ID] != "The minutes were agreed.\n\nRESOLVED that **the minutes** be signed." {
		t.Errorf("after one save, the minutes hold %q and %q", saved[set.Items[0].ID], saved[set.Items[1].ID])
	}
	if saved[set.Items[2].ID] != "Another clerk's words." {
		t.Errorf("saving the set overwrote a minute it did not change: %q", saved[set.Items[2].ID])
	}

	_, page = clerk.get(t, editor+"?saved=1")
	if !strings.Contains(page, "govuk-notification-banner--success") || !strings.Contains(visibleText(page), "Minutes saved") {
		t.Errorf("no banner after saving:\n%s", visibleText(page))
	}
	if !strings.Contains(page, `<span class="mb-paragraph__number">2.</span><div class="mb-paragraph__text"><p class="govuk-body">RESOLVED that <strong>the minutes</strong> be signed.</p>`) ||
		!strings.Contains(visibleText(page), "How minute 241 will read") {
		t.Errorf("the saved minute has no preview:\n%s", page)
	}

	// Emptying a minute saves it empty.
	if status, _ := clerk.sendMinutes(t, editor, page, url.Values{"text-" + a: {""}}); status != http.StatusSeeOther {
		t.Fatalf("empty a minute: %d", status)
	}
	if saved := storedText(t, site, set.MeetingID); saved[set.Items[0].ID] != "" || saved[set.Items[1].ID] == "" {
		t.Errorf("after emptying minute 240: %v", saved)
	}
}

func TestOneRefusedMinuteSavesNoneAndKeepsAllTheTyping(t *testing.T) {
	site := newSite(t)
	clerk := site.signIn(t, "clerk@example.org")
	editor, set := startedMinutes(t, site, clerk)
	a, b := itoa(set.Items[0].ID), itoa(set.Items[1].ID)
	_, page := clerk.get(t, editor)

	textA := "Apologies were received from Mr Hook & Mr O'Neill."
	for name, tt := range map[string]struct{ textB, want string }{
		"a script link": {"See [the report](javascript:alert(1)).", "Minute 241: The link to \u201cjavascript:alert(1)\u201d cannot be published"},
		"a NUL":         {"Pasted\x00 from a PDF.", "Minute 241: Line 1 contains a NUL character"},
		"a control":     {"Pasted\x01 from a PDF.", "Minute 241: The minute contains a character that cannot be saved (U+0001)"},
		"too long":      {strings.Repeat("x", 20001), "Minute 241: The text is 20001 characters long"},
	} {
		t.Run(name, func(t *testing.T) {
			status, body := clerk.sendMinutes(t, editor, page, url.Values{"text-" + a: {textA}, "text-" + b: {tt.textB}})
			if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), tt.want) {
				t.Fatalf("%d, want 422 saying %q:\n%.2000s", status, tt.want, visibleText(body))
			}
			for id, text := range storedText(t, site, set.MeetingID) {
				if text != "" {
					t.Errorf("minute %d was saved: %q", id, text)
				}
			}
			if !strings.Contains(body, `<a href="#text-`+b+`">`) || !strings.Contains(body, `govuk-textarea--error" id="text-`+b+`"`) ||
				strings.Contains(body, `govuk-textarea--error" id="text-`+a+`"`) {
				t.Errorf("the error is not linked to minute 241's text area alone")
			}
			typed := map[string]string{}
			for _, m := range editorTextareas.FindAllStringSubmatch(body, -1) {
				typed[m[1]] = html.UnescapeString(m[2])
			}
			// A NUL cannot go into a page; the rest of the line comes back.
			keptB := typed["text-"+b] == tt.textB || strings.Contains(tt.textB, "PDF") && strings.HasSuffix(typed["text-"+b], " from a PDF.")
			if typed["text-"+a] != textA || !keptB {
				t.Errorf("the typing is not all kept: %q", typed)
			}
			if !strings.Contains(body, "data-mb-unsaved") {
				t.Error("the page does not mark the typing as unsaved for the warning before leaving")
			}
		})
	}
}

func TestPreviewShowsTheTypedMinutesAndSavesNothing(t *testing.T) {
	site := newSite(t)
	clerk := site.signIn(t, "clerk@example.org")
	editor, set := startedMinutes(t, site, clerk)
	a, b := itoa(set.Items[0].ID), itoa(set.Items[1].ID)
	_, page := clerk.get(t, editor)

	status, body := clerk.sendMinutes(t, editor, page, url.Values{"preview": {"yes"},
		"text-" + a: {"Apologies were received from **Mr Hook**."}, "text-" + b: {"See [the report](javascript:alert(1))."}})
	if status != http.StatusOK || !strings.Contains(visibleText(body), "This is a preview: nothing is saved") {
		t.Fatalf("preview: %d\n%s", status, visibleText(body))
	}
	if !strings.Contains(body, `<p class="govuk-body">Apologies were received from <strong>Mr Hook</strong>.</p>`) ||
		!strings.Contains(body, "Apologies were received from **Mr Hook**.</textarea>") {
		t.Errorf("the preview does not show the typed minute rendered and kept:\n%s", body)
	}
	if strings.Contains(body, "javascript:alert(1)\"") || !strings.Contains(visibleText(body), "Minute 241: The link to") {
		t.Errorf("the preview does not warn of the script link, or renders it as a link")
	}
	for id, text := range storedText(t, site, set.MeetingID) {
		if text != "" {
			t.Errorf("the preview saved minute %d: %q", id, text)
		}
	}
}

func TestTypingSentToPublishedMinutesIsShownBack(t *testing.T) {
	site := newSite(t)
	clerk := site.signIn(t, "clerk@example.org")
	editor, set := startedMinutes(t, site, clerk)
	a := itoa(set.Items[0].ID)
	_, page := clerk.get(t, editor)
	if status, _ := clerk.post(t, editor+"/advance", url.Values{"to": {"unconfirmed"}, "confirm_empty": {"yes"}}); status != http.StatusSeeOther {
		t.Fatalf("publish: %d", status)
	}
	status, body := clerk.sendMinutes(t, editor, page, url.Values{"text-" + a: {"Typed too late."}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "can no longer be edited") ||
		!strings.Contains(visibleText(body), "What you typed, not saved") ||
		!strings.Contains(visibleText(body), "Minute 240 Typed too late. 240. Apologies") || strings.Contains(body, "<textarea") {
		t.Errorf("saving published minutes: %d\n%s", status, visibleText(body))
	}
	if saved := storedText(t, site, set.MeetingID); saved[set.Items[0].ID] != "" {
		t.Errorf("published minutes changed: %q", saved[set.Items[0].ID])
	}
}

func TestAMinuteTheStoreRefusesSavesNoneOfTheSet(t *testing.T) {
	site := newSite(t)
	c := site.committeeNamed(t, pandr)
	clerk := site.signIn(t, "clerk@example.org")
	editor, set := startedMinutes(t, site, clerk)
	clerk.post(t, "/clerk/meetings/"+itoa(set.MeetingID)+"/attendance", url.Values{"person-" + itoa(c.Members[0].PersonID): {"present"}})
	budget := itoa(set.Items[3].ID)
	clerk.post(t, editor+"/"+budget, url.Values{"text": {"RESOLVED to endorse the draft budget."}})
	set, _ = site.DB.Minutes(context.Background(), set.MeetingID)
	if status, _ := clerk.post(t, editor+"/votes/"+itoa(set.Items[3].Paragraphs[0].ID), url.Values{"vote-" + itoa(c.Members[0].PersonID): {"for"}}); status != http.StatusSeeOther {
		t.Fatalf("record the vote: %d", status)
	}
	_, page := clerk.get(t, editor)
	// Dropping the voted resolution is refused, and takes minute 240 with it.
	status, body := clerk.sendMinutes(t, editor, page, url.Values{"text-" + itoa(set.Items[0].ID): {"No apologies."}, "text-" + budget: {"The budget was noted."}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `<a href="#text-`+budget+`">Minute 243&#39;s resolution 1 has a recorded vote`) ||
		!strings.Contains(body, "The budget was noted.</textarea>") || !strings.Contains(body, "No apologies.</textarea>") {
		t.Errorf("dropping a voted resolution: %d\n%s", status, visibleText(body))
	}
	if saved := storedText(t, site, set.MeetingID); saved[set.Items[0].ID] != "" || saved[set.Items[3].ID] != "RESOLVED to endorse the draft budget." {
		t.Errorf("a refused set changed the minutes: %v", saved)
	}
}
