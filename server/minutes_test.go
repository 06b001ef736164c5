package server_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"minutebook/browsertest"
	"minutebook/fixtures"
	"minutebook/store"
)

func TestMinutesFromDraftToSigned(t *testing.T) {
	site := newSite(t)
	jan := site.meetingOn(t, pandr, "2025-01-15")
	clerk := site.signIn(t, "clerk@example.org")
	editor := "/clerk/meetings/" + itoa(jan.ID) + "/minutes"
	if status, _ := clerk.post(t, editor+"/start", url.Values{}); status != http.StatusSeeOther {
		t.Fatalf("start the minutes: %d", status)
	}
	set, err := site.DB.Minutes(context.Background(), jan.ID)
	if err != nil || set == nil {
		t.Fatal(err)
	}
	// 27 November 2024 ended at minute 239, so 15 January 2025 starts at 240.
	if first := set.Items[0]; first.Number != 240 || first.AgendaLabel != "2" || first.Title != "Apologies and Substitutes" {
		t.Fatalf("first minute = %d %q (item %s), want 240 Apologies and Substitutes (item 2)", first.Number, first.Title, first.AgendaLabel)
	}
	if last := set.Items[len(set.Items)-1]; last.Number != 246 || last.AgendaLabel != "8" {
		t.Errorf("last minute = %d (item %s), want 246 (item 8)", last.Number, last.AgendaLabel)
	}
	minute := "/" + itoa(set.Items[0].ID)
	text := "Apologies were received from Mr Hook.\n\nRESOLVED to note the apologies."
	if status, _ := clerk.post(t, editor+minute, url.Values{"text": {text}}); status != http.StatusSeeOther {
		t.Fatalf("save a minute: %d", status)
	}
	hostile := "Apologies were received from [Mr Hook](javascript:alert(1))."
	status, body := clerk.post(t, editor+minute, url.Values{"text": {hostile}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "The link to \u201cjavascript:alert(1)\u201d cannot be published") ||
		!strings.Contains(body, `href="#text-`+itoa(set.Items[0].ID)+`"`) || !strings.Contains(body, "[Mr Hook](javascript:alert(1)).</textarea>") {
		t.Errorf("a script link in a minute: %d\n%s", status, visibleText(body))
	}
	if kept, _ := site.DB.Minutes(context.Background(), jan.ID); kept.Items[0].Paragraphs[1].Markdown != "RESOLVED to note the apologies." {
		t.Errorf("the refused text replaced the minute: %+v", kept.Items[0].Paragraphs)
	}
	public := site.anonymous(t)
	_, page := public.get(t, "/meetings/"+itoa(jan.ID))
	if strings.Contains(visibleText(page), "Apologies were received from Mr Hook") {
		t.Error("the public sees draft minutes")
	}
	if status, _ := clerk.post(t, editor+"/advance", url.Values{"to": {"unconfirmed"}, "confirm_empty": {"yes"}}); status != http.StatusSeeOther {
		t.Fatalf("publish as unconfirmed: %d", status)
	}
	_, page = public.get(t, "/meetings/"+itoa(jan.ID))
	if got := visibleText(page); !strings.Contains(got, "240. Apologies and Substitutes (Item 2) 1. Apologies were received from Mr Hook. 2. RESOLVED to note the apologies.") {
		t.Errorf("the unconfirmed minutes do not read as the seed does:\n%s", got)
	}
	status, body = clerk.post(t, editor+minute, url.Values{"text": {"Changed"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "can no longer be edited") {
		t.Errorf("editing unconfirmed minutes: %d", status)
	}
	status, body = clerk.post(t, editor+"/advance", url.Values{"to": {"approved"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "Choose the minute of the later meeting") {
		t.Errorf("approval without the approving minute: %d", status)
	}
	// The next meeting approves them, in a minute of its own.
	next := site.nextMeeting(t, pandr)
	site.meetingBegins(t, next)
	if status, _ := clerk.post(t, "/clerk/meetings/"+itoa(next.ID)+"/minutes/start", url.Values{}); status != http.StatusSeeOther {
		t.Fatalf("start the next meeting's minutes: %d", status)
	}
	choices, err := site.DB.ApprovingMinutes(context.Background(), jan.ID)
	if err != nil || len(choices) == 0 {
		t.Fatalf("approving minutes: %v %v", choices, err)
	}
	approving := choices[0]
	if approving.MeetingID != next.ID || !strings.HasPrefix(approving.Title, "Minutes of the meeting held on") || approving.Number < 247 {
		t.Errorf("the likeliest approving minute is %+v, want the next meeting's minute on the previous minutes", approving)
	}
	nextAt, _ := time.Parse(time.RFC3339, next.StartsAt)
	site.setNow(nextAt.Add(3 * time.Hour))
	if status, _ := clerk.post(t, editor+"/advance", url.Values{"to": {"approved"}, "minute": {itoa(approving.ID)}}); status != http.StatusSeeOther {
		t.Fatalf("record approval: %d", status)
	}
	// The Chairman is told they are ready to sign.
	emails, err := site.DB.MeetingEmails(context.Background(), jan.ID)
	if err != nil {
		t.Fatal(err)
	}
	told := false
	for _, e := range emails {
		told = told || (e.Kind == "ready-to-sign" && e.Email == "d.brazier@example.org")
	}
	if !told {
		t.Error("the Chairman was not emailed that the minutes are ready to sign")
	}
	_, page = public.get(t, "/meetings/"+itoa(jan.ID))
	wantApproval := "The committee resolved that these minutes are a correct record at its meeting on " + nextAt.In(london).Format("2 January 2006") + " ( minute " + itoa(int64(approving.Number)) + " )."
	if !strings.Contains(visibleText(page), wantApproval) || !strings.Contains(page, `href="/meetings/`+itoa(next.ID)+`#minute-`+itoa(int64(approving.Number))+`"`) {
		t.Errorf("the public page does not say which minute approved them; want %q in\n%s", wantApproval, visibleText(page))
	}

	if status, _ := site.signIn(t, "m.dawkins@example.org").post(t, "/meetings/"+itoa(jan.ID)+"/minutes/sign", url.Values{"password": {"minutebook-demo"}}); status != http.StatusForbidden {
		t.Errorf("a member signing: %d, want 403", status)
	}
	chair := site.signIn(t, "d.brazier@example.org")
	_, page = chair.get(t, "/meetings/"+itoa(jan.ID))
	if !strings.Contains(visibleText(page), "Sign as Chairman") {
		t.Fatal("the Chairman is not offered the minutes to sign")
	}
	if status, _ := chair.post(t, "/meetings/"+itoa(jan.ID)+"/minutes/sign", url.Values{"password": {"not my password"}}); status != http.StatusSeeOther {
		t.Fatalf("sign with a wrong password: %d", status)
	}
	if m := site.meetingOn(t, pandr, "2025-01-15"); m.MinutesStatus != "approved" {
		t.Errorf("a wrong password signed the minutes: %s", m.MinutesStatus)
	}
	if status, _ := chair.post(t, "/meetings/"+itoa(jan.ID)+"/minutes/sign", url.Values{"password": {"minutebook-demo"}}); status != http.StatusSeeOther {
		t.Fatalf("sign: %d", status)
	}
	signed := site.meetingOn(t, pandr, "2025-01-15")
	if signed.MinutesStatus != "signed" || signed.SignedBy == nil || *signed.SignedBy != "Mr D L Brazier" || signed.SHA256 == nil || !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(*signed.SHA256) {
		t.Errorf("after signing: status %s, by %v, sha %v", signed.MinutesStatus, signed.SignedBy, signed.SHA256)
	}
	v, err := site.DB.VerifyMinutes(context.Background(), jan.ID)
	if err != nil || !v.OK() {
		t.Errorf("the signed minutes do not verify: %v %v", v, err)
	}
}

func TestTheChairmanIsAskedForComments(t *testing.T) {
	site := newSite(t)
	jan := site.meetingOn(t, pandr, "2025-01-15")
	clerk := site.signIn(t, "clerk@example.org")
	editor := "/clerk/meetings/" + itoa(jan.ID) + "/minutes"
	clerk.post(t, editor+"/start", url.Values{})
	set, _ := site.DB.Minutes(context.Background(), jan.ID)
	clerk.post(t, editor+"/"+itoa(set.Items[0].ID), url.Values{"text": {"Apologies were received from Mr Hook."}})
	// The Vice-Chairman of 15 January stands down at the end of the month and
	// Mr Rayner takes over: the draft goes to those who held office that day.
	if err := site.DB.Update(context.Background(), func(tx *store.Tx) error {
		if _, err := tx.ExecContext(context.Background(), `UPDATE memberships SET ends_on = '2025-01-31'
			WHERE role = 'vice-chairman' AND body_id = (SELECT body_id FROM meetings WHERE id = ?)`, jan.ID); err != nil {
			return err
		}
		_, err := tx.ExecContext(context.Background(), `INSERT INTO memberships (body_id, person_id, role, starts_on)
			SELECT (SELECT body_id FROM meetings WHERE id = ?), id, 'vice-chairman', '2025-02-01' FROM people WHERE email = 'h.rayner@example.org'`, jan.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if status, _ := clerk.post(t, editor+"/advance", url.Values{"to": {"chair-review"}, "confirm_empty": {"yes"}}); status != http.StatusSeeOther {
		t.Fatalf("send to the Chairman: %d", status)
	}
	emails, err := site.DB.MeetingEmails(context.Background(), jan.ID)
	if err != nil {
		t.Fatal(err)
	}
	to := map[string]string{}
	for _, e := range emails {
		to[e.Email] = e.Kind
	}
	if to["d.brazier@example.org"] != "chair-review" || to["m.dendor@example.org"] != "chair-review" || to["h.rayner@example.org"] != "" {
		t.Errorf("chair-review emails = %v, want the Chairman and Vice-Chairman of the day, not the later one", to)
	}
	_, page := site.signIn(t, "d.brazier@example.org").get(t, "/meetings/"+itoa(jan.ID))
	if !strings.Contains(visibleText(page), "Apologies were received from Mr Hook") {
		t.Error("the Chairman cannot read the draft he was asked to comment on")
	}
	_, page = site.anonymous(t).get(t, "/meetings/"+itoa(jan.ID))
	if strings.Contains(visibleText(page), "Apologies were received from Mr Hook") {
		t.Error("the public can read minutes sent to the Chairman for comment")
	}
}

func TestRecordedVotesAndDissent(t *testing.T) {
	site := newSite(t)
	c := site.committeeNamed(t, pandr)
	jan := site.meetingOn(t, pandr, "2025-01-15")
	clerk := site.signIn(t, "clerk@example.org")
	editor := "/clerk/meetings/" + itoa(jan.ID) + "/minutes"
	clerk.post(t, editor+"/start", url.Values{})
	inRoom, remote := c.Members[0], c.Members[2]
	clerk.post(t, "/clerk/meetings/"+itoa(jan.ID)+"/attendance", url.Values{
		"person-" + itoa(inRoom.PersonID): {"present"}, "person-" + itoa(c.Members[1].PersonID): {"present"},
		"person-" + itoa(remote.PersonID): {"remote"}})
	set, _ := site.DB.Minutes(context.Background(), jan.ID)
	budget := set.Items[3]
	clerk.post(t, editor+"/"+itoa(budget.ID), url.Values{"text": {"The Committee considered the draft budget.\n\nRESOLVED to endorse the draft budget."}})
	set, _ = site.DB.Minutes(context.Background(), jan.ID)
	votes := editor + "/votes/" + itoa(set.Items[3].Paragraphs[1].ID)

	status, body := clerk.post(t, votes, url.Values{"vote-" + itoa(remote.PersonID): {"against"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "attended remotely, so cannot vote") {
		t.Errorf("a remote member's vote: %d", status)
	}
	status, body = clerk.post(t, votes, url.Values{"dissent-" + itoa(inRoom.PersonID): {"yes"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "must have voted against or abstained") {
		t.Errorf("dissent without a vote: %d", status)
	}
	if status, _ := site.signIn(t, "m.dawkins@example.org").post(t, votes, url.Values{"vote-" + itoa(inRoom.PersonID): {"for"}}); status != http.StatusForbidden {
		t.Errorf("a member recording votes: %d", status)
	}
	status, _ = clerk.post(t, votes, url.Values{"vote-" + itoa(inRoom.PersonID): {"against"}, "dissent-" + itoa(inRoom.PersonID): {"yes"},
		"vote-" + itoa(c.Members[1].PersonID): {"for"}})
	if status != http.StatusSeeOther {
		t.Fatalf("record the vote: %d", status)
	}
	_, body = clerk.get(t, editor)
	if !strings.Contains(body, `value="against" checked`) || !strings.Contains(body, `name="dissent-`+itoa(inRoom.PersonID)+`" type="checkbox" value="yes" checked`) {
		t.Error("the editor does not show the recorded vote")
	}
	clerk.post(t, editor+"/advance", url.Values{"to": {"unconfirmed"}, "confirm_empty": {"yes"}})
	_, page := site.anonymous(t).get(t, "/meetings/"+itoa(jan.ID))
	short := func(i int) string {
		f := strings.Fields(c.Members[i].Name)
		return c.Members[i].Title + " " + f[len(f)-1]
	}
	want := "RESOLVED to endorse the draft budget. Recorded vote. For (1): " + short(1) + ". Against (1): " + short(0) + " (recorded at their request)."
	if !strings.Contains(visibleText(page), want) {
		t.Errorf("the published minute lacks %q:\n%s", want, visibleText(page))
	}
}

func TestCorrectingSignedMinutes(t *testing.T) {
	site := newSite(t)
	held := site.meetingOn(t, pandr, "2024-11-27")
	clerk := site.signIn(t, "clerk@example.org")
	editor := "/clerk/meetings/" + itoa(held.ID) + "/minutes"
	signed, _ := site.DB.Minutes(context.Background(), held.ID)
	status, body := clerk.post(t, editor+"/"+itoa(signed.Items[8].ID), url.Values{"text": {"RESOLVED to reject the work programme."}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "a correction to signed minutes is a new version") {
		t.Errorf("editing signed minutes: %d", status)
	}
	if status, _ := site.signIn(t, "m.dawkins@example.org").post(t, editor+"/correction", url.Values{}); status != http.StatusForbidden {
		t.Errorf("a member starting a correction: %d", status)
	}
	if status, _ := clerk.post(t, editor+"/correction", url.Values{}); status != http.StatusSeeOther {
		t.Fatalf("start a correction: %d", status)
	}
	draft, _ := site.DB.Minutes(context.Background(), held.ID)
	if status, _ := clerk.post(t, editor+"/"+itoa(draft.Items[8].ID), url.Values{"text": {"RESOLVED to note the work programme, as amended."}}); status != http.StatusSeeOther {
		t.Fatalf("correct minute 239: %d", status)
	}
	_, editorPage := clerk.get(t, editor)
	if !strings.Contains(visibleText(editorPage), "Version 2, correcting the minutes signed on Wednesday 15 January 2025.") {
		t.Errorf("the editor does not say it is a correction:\n%s", visibleText(editorPage))
	}
	// The public, and the API, still read the signed record.
	_, page := site.anonymous(t).get(t, "/meetings/"+itoa(held.ID))
	if text := visibleText(page); strings.Contains(text, "as amended") || !strings.Contains(text, "239. Work Programme (Item 10) RESOLVED to note the work programme.") {
		t.Errorf("the public sees the draft correction:\n%s", text)
	}
	if m := site.meetingOn(t, pandr, "2024-11-27"); m.MinutesStatus != "signed" || m.SHA256 == nil || *m.SHA256 != signed.SHA256 {
		t.Errorf("the API during a correction: %s %v", m.MinutesStatus, m.SHA256)
	}
	clerk.post(t, editor+"/advance", url.Values{"to": {"unconfirmed"}, "confirm_empty": {"yes"}})
	_, page = site.anonymous(t).get(t, "/meetings/"+itoa(held.ID))
	if text := visibleText(page); !strings.Contains(text, "These minutes are version 2: a correction of the minutes signed on Wednesday 15 January 2025.") ||
		!strings.Contains(text, "as amended") {
		t.Errorf("the published correction:\n%s", text)
	}
	if v, err := site.DB.VerifyMinutes(context.Background(), held.ID); err != nil || !v.OK() || v.Set.Version != 1 {
		t.Errorf("the signed first version no longer verifies: %+v %v", v, err)
	}
}

func TestACommitteeCanNumberItsMinutesByMunicipalYear(t *testing.T) {
	site := newSite(t)
	c := site.committeeNamed(t, pandr)
	rules := "/admin/committees/" + itoa(c.ID) + "/rules"
	for _, email := range []string{"clerk@example.org", "d.brazier@example.org"} {
		if status, _ := site.signIn(t, email).post(t, rules, url.Values{"minute_numbering": {"municipal-year"}, "clear_days_reading": {"working-days"}}); status != http.StatusForbidden {
			t.Errorf("%s changing the rules: %d", email, status)
		}
	}
	admin := site.signIn(t, "admin@example.org")
	status, body := admin.post(t, rules, url.Values{"minute_numbering": {"by whim"}, "clear_days_reading": {"working-days"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "Choose how the committee numbers its minutes") {
		t.Errorf("a made-up numbering: %d", status)
	}
	if status, _ := admin.post(t, rules, url.Values{"minute_numbering": {"municipal-year"}, "clear_days_reading": {"working-days"}}); status != http.StatusSeeOther {
		t.Fatalf("change the numbering: %d", status)
	}
	_, page := admin.get(t, "/committees/"+itoa(c.ID))
	if !strings.Contains(visibleText(page), "Minutes numbered Again from 1 each municipal year") {
		t.Errorf("the committee page does not show the numbering:\n%s", visibleText(page))
	}
	// The next meeting, in the municipal year that began in May 2026,
	// starts at 1/26; the signed minutes keep 231 to 239.
	next := site.nextMeeting(t, pandr)
	site.meetingBegins(t, next)
	clerk := site.signIn(t, "clerk@example.org")
	clerk.post(t, "/clerk/meetings/"+itoa(next.ID)+"/minutes/start", url.Values{})
	var draft struct {
		Minutes []struct {
			Number int    `json:"number"`
			Label  string `json:"label"`
		} `json:"minutes"`
	}
	clerk.getJSON(t, "/api/v1/meetings/"+itoa(next.ID), &draft)
	if len(draft.Minutes) == 0 || draft.Minutes[0].Number != 1 || draft.Minutes[0].Label != "1/26" {
		t.Errorf("the next meeting's first minute: %+v", draft.Minutes)
	}
	if held := site.meetingOn(t, pandr, "2024-11-27"); held.Minutes[0].Number != 231 {
		t.Errorf("the signed minutes were renumbered: %d", held.Minutes[0].Number)
	}
}

// TestAClerkMinutesAndTheChairmanSignsInTheBrowser takes the January
// meeting's minutes from nothing to signed in headless Chromium, as a clerk
// and then the Chairman would.
func TestAClerkMinutesAndTheChairmanSignsInTheBrowser(t *testing.T) {
	if _, err := os.Stat("../static/build/app.css"); err != nil && os.Getenv("MINUTEBOOK_REQUIRE_BROWSER") == "" {
		t.Skip("the styles are not built: run make assets")
	}
	b := browsertest.Start(t)
	site := newSite(t)
	jan := site.meetingOn(t, pandr, "2025-01-15")
	next := site.nextMeeting(t, pandr)
	editor := site.URL + "/clerk/meetings/" + itoa(jan.ID) + "/minutes"
	b.SignIn(t, site.URL, "clerk@example.org", fixtures.DemoPassword)

	text := b.Submit(t, editor, nil, `form[action$="/minutes/start"] button`)
	if !strings.Contains(text, "240. Apologies and Substitutes") {
		t.Fatalf("after starting the minutes:\n%s", text)
	}
	set, _ := site.DB.Minutes(context.Background(), jan.ID)
	first := itoa(set.Items[0].ID)
	text = b.Submit(t, editor, []browsertest.Field{{Selector: "#text-" + first, Text: "Apologies were received from Mr Hook.\n\nRESOLVED to note the apologies."}},
		`form[action$="/minutes"] button:not([name])`)
	if !strings.Contains(text, "Recorded vote on the resolution in paragraph 2 of minute 240") {
		t.Errorf("the saved minute is not offered a recorded vote:\n%s", text)
	}
	text = b.Submit(t, editor, nil, `button[value="unconfirmed"]`)
	if !strings.Contains(text, "There is a problem\nWrite the empty minutes") || !strings.Contains(text, "minutes have nothing written yet") {
		t.Errorf("publishing minutes with empty ones:\n%s", text)
	}
	b.Submit(t, editor, []browsertest.Field{{Selector: "#confirm-empty", Click: true}}, `button[value="unconfirmed"]`)
	nextAt, _ := time.Parse(time.RFC3339, next.StartsAt)
	site.setNow(nextAt.Add(3 * time.Hour))
	b.Submit(t, site.URL+"/clerk/meetings/"+itoa(next.ID)+"/minutes", nil, `form[action$="/minutes/start"] button`)
	text = b.Submit(t, editor, nil, `form[action$="/minutes/advance"] button`)
	if !strings.Contains(text, "Approved as a correct record by minute 249 of "+nextAt.In(london).Format("Monday 2 January 2006")) {
		t.Fatalf("after recording the approval:\n%s", text)
	}

	b.Submit(t, site.URL+"/account", nil, `form[action="/sign-out"] button`)
	b.SignIn(t, site.URL, "d.brazier@example.org", fixtures.DemoPassword)
	meeting := site.URL + "/meetings/" + itoa(jan.ID)
	text = b.Submit(t, meeting, []browsertest.Field{{Selector: "#sign-password", Text: "not my password"}}, `form[action$="/minutes/sign"] button`)
	if !strings.Contains(text, "There is a problem\nThe password is not right") {
		t.Errorf("a wrong password is not in an error summary:\n%s", text)
	}
	text = b.Submit(t, meeting, []browsertest.Field{{Selector: "#sign-password", Text: fixtures.DemoPassword}}, `form[action$="/minutes/sign"] button`)
	if !strings.Contains(text, "Signed by the Chairman, Mr D L Brazier, on "+nextAt.In(london).Format("Monday 2 January 2006")) ||
		!strings.Contains(text, "240. Apologies and Substitutes") || !strings.Contains(text, "Minutes signed and sealed") {
		t.Fatalf("after signing:\n%s", text)
	}
	if text := b.Text(t, meeting+"/minutes/verify"); !strings.Contains(text, "The minutes are as signed") {
		t.Errorf("the verify page:\n%s", text)
	}
}

func TestActionsArisingAreRecordedAndFollowedUp(t *testing.T) {
	site := newSite(t)
	c := site.committeeNamed(t, kcsp)
	held := site.meetingOn(t, kcsp, "2021-11-18")
	public := site.anonymous(t)
	_, page := public.get(t, "/committees/"+itoa(c.ID))
	if text := visibleText(page); !strings.Contains(text, "Report back to the Partnership on Community safety team accommodation Minute 45") ||
		!strings.Contains(text, "Overdue") {
		t.Errorf("the partnership's page lacks its overdue action from minute 45:\n%s", text)
	}

	// A new action on the next meeting's draft minutes.
	next := site.nextMeeting(t, kcsp)
	site.meetingBegins(t, next)
	clerk := site.signIn(t, "m.dentten@example.org")
	editor := "/clerk/meetings/" + itoa(next.ID) + "/minutes"
	clerk.post(t, editor+"/start", url.Values{})
	set, _ := site.DB.Minutes(context.Background(), next.ID)
	minute := editor + "/" + itoa(set.Items[2].ID) + "/actions"
	owner := itoa(c.Members[0].PersonID)
	status, body := clerk.post(t, minute, url.Values{"description": {"Circulate the strategy"}, "owner": {owner}, "due-day": {"30"}, "due-month": {"2"}, "due-year": {"2027"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "30 February 2027 does not exist: February 2027 has 28 days") {
		t.Errorf("30 February: %d", status)
	}
	status, body = clerk.post(t, minute, url.Values{"description": {"  "}, "owner": {owner}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "Enter what was agreed to be done") {
		t.Errorf("no description: %d", status)
	}
	if status, _ := site.signIn(t, "b.loose@example.org").post(t, minute, url.Values{"description": {"x"}}); status != http.StatusForbidden {
		t.Errorf("a member recording an action: %d", status)
	}
	if status, _ := clerk.post(t, minute, url.Values{"description": {"Circulate the strategy"}, "owner": {owner}, "due-day": {"26"}, "due-month": {"2"}, "due-year": {"2027"}}); status != http.StatusSeeOther {
		t.Fatalf("record an action: %d", status)
	}
	_, body = clerk.get(t, editor)
	if text := visibleText(body); !strings.Contains(text, "Circulate the strategy") || !strings.Contains(text, "26 February 2027") {
		t.Errorf("the editor does not list the action:\n%s", text)
	}
	_, page = public.get(t, "/committees/"+itoa(c.ID))
	if strings.Contains(visibleText(page), "Circulate the strategy") {
		t.Error("an action in draft minutes is public")
	}

	// The held meeting's action is done: its minutes are signed, and the
	// status is still followed up.
	heldSet, _ := site.DB.Minutes(context.Background(), held.ID)
	var action int64
	for _, it := range heldSet.Items {
		for _, a := range it.Actions {
			if strings.HasPrefix(a.Description, "Report back") {
				action = a.ID
			}
		}
	}
	heldActions := "/clerk/meetings/" + itoa(held.ID) + "/actions/" + itoa(action)
	if status, _ := clerk.post(t, heldActions+"/delete", url.Values{}); status != http.StatusUnprocessableEntity {
		t.Errorf("removing an action from published minutes: %d", status)
	}
	if status, _ := clerk.post(t, heldActions+"/status", url.Values{"status": {"done"}}); status != http.StatusSeeOther {
		t.Fatalf("mark done: %d", status)
	}
	if status, _ := clerk.post(t, "/clerk/meetings/"+itoa(next.ID)+"/actions/"+itoa(action)+"/status", url.Values{"status": {"done"}}); status != http.StatusUnprocessableEntity {
		t.Errorf("an action through another meeting's address: %d", status)
	}
	_, page = public.get(t, "/committees/"+itoa(c.ID))
	if text := visibleText(page); !regexp.MustCompile(`Community safety team accommodation Minute 45 [^.]*? 31 March 2022 Done`).MatchString(text) {
		t.Errorf("after marking it done:\n%s", text)
	}
	if v, err := site.DB.VerifyMinutes(context.Background(), held.ID); err == nil && !v.OK() {
		t.Errorf("following up an action broke the signed record: %+v", v)
	}
}
