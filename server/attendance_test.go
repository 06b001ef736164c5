package server_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"minutebook/browsertest"
	"minutebook/fixtures"
	"minutebook/store"
)

func TestQuorumCountsOnlyThoseInTheRoom(t *testing.T) {
	site := newSite(t)
	c := site.committeeNamed(t, pandr)
	next := site.nextMeeting(t, pandr)
	clerk := site.signIn(t, "clerk@example.org")
	page := "/clerk/meetings/" + itoa(next.ID) + "/attendance"
	_, body := clerk.get(t, page)
	if !strings.Contains(visibleText(body), "Not quorate 0 members present in person; the quorum is 6.") {
		t.Errorf("before anyone arrives:\n%s", visibleText(body))
	}
	form := url.Values{}
	for i, m := range c.Members {
		switch {
		case i < 5:
			form.Set("person-"+itoa(m.PersonID), "present")
		case i < 7:
			form.Set("person-"+itoa(m.PersonID), "remote")
		case i < 9:
			form.Set("person-"+itoa(m.PersonID), "apologies")
		}
	}
	if status, _ := clerk.post(t, page, form); status != http.StatusSeeOther {
		t.Fatalf("record attendance: %d", status)
	}
	_, body = clerk.get(t, page)
	if text := visibleText(body); !strings.Contains(text, "Not quorate 5 members present in person; the quorum is 6. 2 attending remotely, who do not count") {
		t.Errorf("five in the room and two remote:\n%s", text)
	}
	form.Set("person-"+itoa(c.Members[5].PersonID), "present")
	clerk.post(t, page, form)
	_, body = clerk.get(t, page)
	if text := visibleText(body); !strings.Contains(text, "Quorate 6 members present in person") {
		t.Errorf("six in the room:\n%s", text)
	}
	if status, _ := clerk.post(t, page, url.Values{"person-" + itoa(c.Members[0].PersonID): {"asleep"}}); status != http.StatusBadRequest {
		t.Errorf("a made-up kind of attendance: %d", status)
	}
	if status, _ := site.signIn(t, "m.dawkins@example.org").post(t, page, form); status != http.StatusForbidden {
		t.Errorf("a member recording attendance: %d", status)
	}
}

func TestDeclarationsOfInterest(t *testing.T) {
	site := newSite(t)
	c := site.committeeNamed(t, pandr)
	clerk := site.signIn(t, "clerk@example.org")
	next := clerk.draftOf(t, site.nextMeeting(t, pandr).ID)
	page := "/clerk/meetings/" + itoa(next.ID)
	_, builder := clerk.get(t, page)
	ids := itemIDs(t, builder)
	var hook int64
	for _, m := range c.Members {
		if m.Name == "A J Hook" {
			hook = m.PersonID
		}
	}
	status, _ := clerk.post(t, page+"/declarations", url.Values{"person": {itoa(hook)}, "item": {ids["8"]},
		"kind": {"disclosable-pecuniary"}, "description": {"Owns land adjoining Stanhope Road"}})
	if status != http.StatusSeeOther {
		t.Fatalf("declare: %d", status)
	}
	_, body := clerk.get(t, page+"/attendance")
	if text := visibleText(body); !strings.Contains(text, "Mr A J Hook 8. Disposal of land at Stanhope Road, Ashford TN23 5RA Disclosable pecuniary interest: takes no part in the discussion or vote Owns land adjoining Stanhope Road") {
		t.Errorf("the declaration is not listed:\n%s", text)
	}
	status, body = clerk.post(t, page+"/declarations", url.Values{"person": {itoa(hook)}, "item": {ids["8"]}, "kind": {"hunch"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "Choose the kind of interest") {
		t.Errorf("a made-up kind: %d", status)
	}
	status, body = clerk.post(t, page+"/declarations", url.Values{"person": {"999999"}, "item": {ids["8"]}, "kind": {"voluntary"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "Choose a member of the committee") {
		t.Errorf("someone who is not a member: %d", status)
	}
}

// optionValue is the value of the option of a select whose text starts
// with label.
func optionValue(t testing.TB, page, selectID, label string) string {
	t.Helper()
	sel := regexp.MustCompile(`(?s)<select[^>]* id="` + regexp.QuoteMeta(selectID) + `"[^>]*>(.*?)</select>`).FindStringSubmatch(page)
	if sel == nil {
		t.Fatalf("no select %q on the page", selectID)
	}
	for _, o := range regexp.MustCompile(`<option value="(\d*)"[^>]*>([^<]*)</option>`).FindAllStringSubmatch(sel[1], -1) {
		if strings.HasPrefix(html.UnescapeString(o[2]), label) {
			return o[1]
		}
	}
	t.Fatalf("select %q has no option %q", selectID, label)
	return ""
}

// fullName is a person's name as the papers print it.
func fullName(title, name string) string { return strings.TrimSpace(title + " " + name) }

// publishMinutes starts a meeting's minutes and publishes them unconfirmed,
// so that the public reads its attendance.
func publishMinutes(t testing.TB, clerk *user, meetingID int64) string {
	t.Helper()
	editor := "/clerk/meetings/" + itoa(meetingID) + "/minutes"
	if status, _ := clerk.post(t, editor+"/start", url.Values{}); status != http.StatusSeeOther {
		t.Fatalf("start the minutes: %d", status)
	}
	if status, _ := clerk.post(t, editor+"/advance", url.Values{"to": {"unconfirmed"}, "confirm_empty": {"yes"}}); status != http.StatusSeeOther {
		t.Fatalf("publish the minutes: %d", status)
	}
	_, page := clerk.site.anonymous(t).get(t, "/meetings/"+itoa(meetingID))
	return visibleText(page)
}

func TestSubstitutesCountTowardsTheQuorum(t *testing.T) {
	site := newSite(t)
	c := site.committeeNamed(t, pandr)
	next := site.nextMeeting(t, pandr)
	clerk := site.signIn(t, "clerk@example.org")
	page := "/clerk/meetings/" + itoa(next.ID) + "/attendance"
	form := url.Values{}
	for _, m := range c.Members[:5] {
		form.Set("person-"+itoa(m.PersonID), "present")
	}
	if status, _ := clerk.post(t, page, form); status != http.StatusSeeOther {
		t.Fatalf("record attendance: %d", status)
	}
	_, body := clerk.get(t, page)
	oakford := optionValue(t, body, "substitute-person", "Mr P J Oakford")
	jeffrey := optionValue(t, body, "substitute-person", "Mr D Jeffrey")
	absent, remote := c.Members[5], c.Members[6]

	status, body := clerk.post(t, page+"/substitutes", url.Values{"person": {oakford}, "for": {itoa(absent.PersonID)}})
	if status != http.StatusSeeOther {
		t.Fatalf("add a substitute: %d\n%s", status, visibleText(body))
	}
	_, body = clerk.get(t, page)
	text := visibleText(body)
	if !strings.Contains(text, "Quorate 6 members present in person; the quorum is 6.") {
		t.Errorf("five members and a substitute in the room:\n%s", text)
	}
	if !strings.Contains(text, "Mr P J Oakford Conservative "+fullName(absent.Title, absent.Name)+" In person Remove Mr P J Oakford as substitute for "+fullName(absent.Title, absent.Name)) {
		t.Errorf("the substitute is not listed:\n%s", text)
	}
	if !strings.Contains(text, "Substitute: Mr P J Oakford") {
		t.Errorf("the member's row does not name their substitute:\n%s", text)
	}
	if !regexp.MustCompile(`id="person-` + itoa(absent.PersonID) + `-apologies"[^>]* checked`).MatchString(body) {
		t.Errorf("%s, who has a substitute, is not recorded as sending apologies", fullName(absent.Title, absent.Name))
	}
	if regexp.MustCompile(`<option value="` + oakford + `"[^>]*>Mr P J Oakford \([^s]`).MatchString(body) {
		t.Error("someone already recorded is still offered as a substitute")
	}

	status, body = clerk.post(t, page+"/substitutes", url.Values{"person": {jeffrey}, "for": {itoa(remote.PersonID)}, "remote": {"yes"}})
	if status != http.StatusSeeOther {
		t.Fatalf("add a remote substitute: %d\n%s", status, visibleText(body))
	}
	_, body = clerk.get(t, page)
	if text := visibleText(body); !strings.Contains(text, "Quorate 6 members present in person; the quorum is 6. 1 attending remotely, who do not count") {
		t.Errorf("a remote substitute counted towards the quorum:\n%s", text)
	}

	site.meetingBegins(t, next)
	text = publishMinutes(t, clerk, next.ID)
	for _, want := range []string{
		"SUBSTITUTES: Mr P J Oakford (substitute for " + fullName(absent.Title, absent.Name) + ") and Mr D Jeffrey (substitute for " + fullName(remote.Title, remote.Name) + ") (attending remotely)",
		"APOLOGIES: " + fullName(absent.Title, absent.Name) + " and " + fullName(remote.Title, remote.Name),
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the meeting page lacks %q:\n%s", want, text)
		}
	}
}

func TestSubstitutesNamedForTheCommitteeComeFirst(t *testing.T) {
	site := newSite(t)
	c := site.committeeNamed(t, pandr)
	next := site.nextMeeting(t, pandr)
	clerk := site.signIn(t, "clerk@example.org")
	page := "/clerk/meetings/" + itoa(next.ID) + "/attendance"
	_, body := clerk.get(t, page)
	jeffrey := optionValue(t, body, "substitute-person", "Mr D Jeffrey")
	err := site.DB.Update(context.Background(), func(tx *store.Tx) error {
		id, _ := strconv.ParseInt(jeffrey, 10, 64)
		_, err := tx.AddMembership(c.ID, id, "substitute", 0, "2021-05-27")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	_, body = clerk.get(t, page)
	named, others := strings.Index(body, `<optgroup label="Substitutes named for this committee">`), strings.Index(body, `<optgroup label="Other councillors">`)
	if named < 0 || others < named || !strings.Contains(body[named:others], ">Mr D Jeffrey (Conservative)</option>") {
		t.Errorf("the committee's own substitutes are not offered first")
	}
	if strings.Contains(body, `name="person-`+jeffrey+`"`) {
		t.Errorf("a named substitute is listed among the members")
	}
	status, _ := clerk.post(t, page+"/substitutes", url.Values{"person": {jeffrey}, "for": {itoa(c.Members[3].PersonID)}})
	if status != http.StatusSeeOther {
		t.Fatalf("add the named substitute: %d", status)
	}
}

func TestSubstituteMistakes(t *testing.T) {
	site := newSite(t)
	c := site.committeeNamed(t, pandr)
	next := site.nextMeeting(t, pandr)
	clerk := site.signIn(t, "clerk@example.org")
	page := "/clerk/meetings/" + itoa(next.ID) + "/attendance"
	present, away := c.Members[0], c.Members[7]
	if status, _ := clerk.post(t, page, url.Values{"person-" + itoa(present.PersonID): {"present"}}); status != http.StatusSeeOther {
		t.Fatalf("record attendance: %d", status)
	}
	_, body := clerk.get(t, page)
	oakford := optionValue(t, body, "substitute-person", "Mr P J Oakford")
	recorded := func() int {
		as, err := site.DB.Attendance(context.Background(), next.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(as)
	}
	before := recorded()

	status, body := clerk.post(t, page+"/substitutes", url.Values{"person": {oakford}, "for": {itoa(present.PersonID)}})
	if want := fullName(present.Title, present.Name) + " is recorded as present, so cannot have a substitute."; status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), want) {
		t.Errorf("a substitute for a member who is present: %d, want 422 %q\n%s", status, want, visibleText(body))
	}
	if !strings.Contains(body, `<a href="#substitute-for">`) || !strings.Contains(body, `id="substitute-for-error"`) {
		t.Errorf("the problem does not point at the member chosen")
	}
	if !regexp.MustCompile(`<option value="` + oakford + `" selected>`).MatchString(body) {
		t.Errorf("the substitute chosen is forgotten")
	}
	if n := recorded(); n != before {
		t.Errorf("a refused substitute left %d records, want %d", n, before)
	}

	status, body = clerk.post(t, page+"/substitutes", url.Values{"person": {oakford}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "Choose the member they substitute for.") {
		t.Errorf("no member chosen: %d", status)
	}
	status, body = clerk.post(t, page+"/substitutes", url.Values{"person": {itoa(c.Members[1].PersonID)}, "for": {itoa(away.PersonID)}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "is a member of the committee, so cannot substitute for another member.") {
		t.Errorf("a member as a substitute: %d", status)
	}

	if status, _ := clerk.post(t, page+"/substitutes", url.Values{"person": {oakford}, "for": {itoa(away.PersonID)}}); status != http.StatusSeeOther {
		t.Fatalf("add a substitute: %d", status)
	}
	status, body = clerk.post(t, page+"/substitutes", url.Values{"person": {oakford}, "for": {itoa(c.Members[8].PersonID)}})
	if want := "Mr P J Oakford is already recorded for this meeting"; status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), want) {
		t.Errorf("the same substitute twice: %d, want 422 %q\n%s", status, want, visibleText(body))
	}
	status, body = clerk.post(t, page, url.Values{"person-" + itoa(away.PersonID): {"present"}})
	if want := fullName(away.Title, away.Name) + " cannot be recorded as present: Mr P J Oakford is recorded as their substitute."; status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), want) {
		t.Errorf("a member present beside their substitute: %d, want 422 %q", status, want)
	}
}

func TestOfficersAndOthersInAttendance(t *testing.T) {
	site := newSite(t)
	next := site.nextMeeting(t, pandr)
	clerk := site.signIn(t, "clerk@example.org")
	page := "/clerk/meetings/" + itoa(next.ID) + "/attendance"
	c := site.committeeNamed(t, pandr)
	form := url.Values{}
	for _, m := range c.Members[:6] {
		form.Set("person-"+itoa(m.PersonID), "present")
	}
	if status, _ := clerk.post(t, page, form); status != http.StatusSeeOther {
		t.Fatalf("record attendance: %d", status)
	}
	_, body := clerk.get(t, page)
	beer := optionValue(t, body, "officer-person", "Mrs A Beer (Chief Executive)")
	jeffrey := optionValue(t, body, "also-present-person", "Mr D Jeffrey")

	status, body := clerk.post(t, page+"/in-attendance", url.Values{"name": {"Ms K  Cole"}, "job_title": {"Head of Risk and Delivery Assurance"}})
	if status != http.StatusSeeOther {
		t.Fatalf("an officer new to the record: %d\n%s", status, visibleText(body))
	}
	if status, _ := clerk.post(t, page+"/in-attendance", url.Values{"person": {beer}}); status != http.StatusSeeOther {
		t.Fatalf("an officer already known: %d", status)
	}
	if status, _ := clerk.post(t, page+"/also-present", url.Values{"person": {jeffrey}}); status != http.StatusSeeOther {
		t.Fatalf("a councillor also present: %d", status)
	}
	_, body = clerk.get(t, page)
	text := visibleText(body)
	for _, want := range []string{
		"Ms K Cole Head of Risk and Delivery Assurance Remove Ms K Cole from those in attendance",
		"Mrs A Beer Chief Executive Remove",
		"Mr D Jeffrey Cabinet Member for Communications and Democratic Services Conservative Remove Mr D Jeffrey from those also present",
		"Quorate 6 members present in person",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the attendance page lacks %q:\n%s", want, text)
		}
	}

	recorded := func() int {
		as, err := site.DB.Attendance(context.Background(), next.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(as)
	}
	before := recorded()
	status, body = clerk.post(t, page+"/in-attendance", url.Values{"name": {"Mr T Smith"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "Enter the officer's job title") {
		t.Errorf("no job title: %d\n%s", status, visibleText(body))
	}
	if !strings.Contains(body, `<a href="#officer-job-title">`) || !strings.Contains(body, `value="Mr T Smith"`) {
		t.Errorf("the problem does not point at the job title, or the name typed is lost")
	}
	status, body = clerk.post(t, page+"/in-attendance", url.Values{"job_title": {"Barrister"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "Enter the officer's name") {
		t.Errorf("no name: %d", status)
	}
	status, body = clerk.post(t, page+"/in-attendance", url.Values{"name": {"mrs a beer"}, "job_title": {"Chief Executive"}})
	if want := "Mrs A Beer is already recorded for this meeting"; status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), want) {
		t.Errorf("an officer's name typed again is not the officer already known: %d, want 422 %q", status, want)
	}
	if n := recorded(); n != before {
		t.Errorf("refused officers left %d records, want %d", n, before)
	}
	_, body = clerk.get(t, page)
	if strings.Contains(body, "Smith") {
		t.Error("a refused officer was kept as a person")
	}

	site.meetingBegins(t, next)
	text = publishMinutes(t, clerk, next.ID)
	for _, want := range []string{
		"ALSO PRESENT: Mr D Jeffrey IN ATTENDANCE:",
		"IN ATTENDANCE: Ms K Cole (Head of Risk and Delivery Assurance) and Mrs A Beer (Chief Executive)",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the meeting page lacks %q:\n%s", want, text)
		}
	}
}

func TestAttendanceRecordsCanBeRemoved(t *testing.T) {
	site := newSite(t)
	next := site.nextMeeting(t, pandr)
	kcspNext := site.nextMeeting(t, kcsp)
	c := site.committeeNamed(t, pandr)
	clerk := site.signIn(t, "clerk@example.org")
	page := "/clerk/meetings/" + itoa(next.ID) + "/attendance"
	_, body := clerk.get(t, page)
	oakford := optionValue(t, body, "substitute-person", "Mr P J Oakford")
	jeffrey := optionValue(t, body, "also-present-person", "Mr D Jeffrey")
	beer := optionValue(t, body, "officer-person", "Mrs A Beer")
	for path, form := range map[string]url.Values{
		"/substitutes":   {"person": {oakford}, "for": {itoa(c.Members[2].PersonID)}},
		"/also-present":  {"person": {jeffrey}},
		"/in-attendance": {"person": {beer}},
	} {
		if status, _ := clerk.post(t, page+path, form); status != http.StatusSeeOther {
			t.Fatalf("POST %s: %d", path, status)
		}
	}
	if status, _ := clerk.post(t, page, url.Values{"person-" + itoa(c.Members[0].PersonID): {"present"}}); status != http.StatusSeeOther {
		t.Fatal("record a member present")
	}

	member := site.signIn(t, "m.dawkins@example.org")
	for _, path := range []string{"/substitutes", "/also-present", "/in-attendance", "/" + oakford + "/delete"} {
		if status, _ := member.post(t, page+path, url.Values{"person": {oakford}, "for": {itoa(c.Members[2].PersonID)}, "name": {"X Y"}, "job_title": {"Z"}}); status != http.StatusForbidden {
			t.Errorf("a member posting to %s: %d, want 403", path, status)
		}
	}
	if status, _ := site.signIn(t, "m.dentten@example.org").post(t, page+"/"+beer+"/delete", url.Values{}); status != http.StatusForbidden {
		t.Errorf("another committee's clerk removing an officer: %d, want 403", status)
	}
	if status, _ := clerk.post(t, "/clerk/meetings/"+itoa(kcspNext.ID)+"/attendance/"+beer+"/delete", url.Values{}); status != http.StatusForbidden {
		t.Errorf("removing from a meeting the clerk does not clerk: %d, want 403", status)
	}

	for _, who := range []string{oakford, jeffrey, beer} {
		if status, _ := clerk.post(t, page+"/"+who+"/delete", url.Values{}); status != http.StatusSeeOther {
			t.Errorf("remove person %s: %d", who, status)
		}
	}
	_, body = clerk.get(t, page)
	text := visibleText(body)
	for _, want := range []string{"No substitutes are recorded.", "No other councillors are recorded.", "No officers are recorded."} {
		if !strings.Contains(text, want) {
			t.Errorf("after removing everyone, the page lacks %q", want)
		}
	}
	if !strings.Contains(text, "Not quorate 1 member present in person") {
		t.Errorf("the member's own record went too:\n%s", text)
	}
	if !regexp.MustCompile(`id="person-` + itoa(c.Members[2].PersonID) + `-apologies"[^>]* checked`).MatchString(body) {
		t.Errorf("the substituted member's apologies went with the substitute")
	}
	for _, who := range []string{beer, itoa(c.Members[0].PersonID)} {
		if status, _ := clerk.post(t, page+"/"+who+"/delete", url.Values{}); status != http.StatusNotFound {
			t.Errorf("removing person %s, who is not recorded as a substitute, also present or in attendance: %d, want 404", who, status)
		}
	}

	_, audit := site.signIn(t, "admin@example.org").get(t, "/admin/audit")
	for _, action := range []string{"substitute recorded", "also present recorded", "officer in attendance recorded", "attendance removed"} {
		if !strings.Contains(visibleText(audit), action) {
			t.Errorf("the audit log lacks %q", action)
		}
	}
}

// TestAttendancePageWithEveryoneIsAccessible checks the attendance page in
// headless Chromium with a substitute, a councillor also present and an
// officer in attendance recorded (TestKeyPagesAreAccessible sees it empty).
func TestAttendancePageWithEveryoneIsAccessible(t *testing.T) {
	if _, err := os.Stat("../static/build/app.css"); err != nil && os.Getenv("MINUTEBOOK_REQUIRE_BROWSER") == "" {
		t.Skip("the styles are not built: run make assets")
	}
	b := browsertest.Start(t)
	site := newSite(t)
	c := site.committeeNamed(t, pandr)
	next := site.nextMeeting(t, pandr)
	clerk := site.signIn(t, "clerk@example.org")
	page := "/clerk/meetings/" + itoa(next.ID) + "/attendance"
	_, body := clerk.get(t, page)
	for path, form := range map[string]url.Values{
		"/substitutes":   {"person": {optionValue(t, body, "substitute-person", "Mr P J Oakford")}, "for": {itoa(c.Members[4].PersonID)}, "remote": {"yes"}},
		"/also-present":  {"person": {optionValue(t, body, "also-present-person", "Mr D Jeffrey")}},
		"/in-attendance": {"name": {"Ms K Cole"}, "job_title": {"Head of Risk"}},
	} {
		if status, _ := clerk.post(t, page+path, form); status != http.StatusSeeOther {
			t.Fatalf("POST %s: %d", path, status)
		}
	}
	b.SignIn(t, site.URL, "clerk@example.org", fixtures.DemoPassword)
	b.AssertAccessible(t, site.URL+page)
}
