package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// memberID is the person id of a member of a demo committee, by name.
func memberID(t testing.TB, c committee, name string) int64 {
	t.Helper()
	for _, m := range c.Members {
		if m.Name == name {
			return m.PersonID
		}
	}
	t.Fatalf("%s has no member %q", c.Name, name)
	return 0
}

// section is the visible text of a page from a heading to the next h2.
func section(page, heading string) string {
	text := visibleText(page)
	i := strings.Index(text, heading)
	if i < 0 {
		return ""
	}
	return text[i:]
}

func TestPersonPageShowsMembershipsAttendanceAndTheRegister(t *testing.T) {
	site := newSite(t)
	c := site.committeeNamed(t, pandr)
	brazier := memberID(t, c, "D L Brazier")
	status, body, _ := site.get(t, "/people/"+itoa(brazier))
	if status != http.StatusOK {
		t.Fatalf("GET /people/%d: %d", brazier, status)
	}
	text := visibleText(body)
	for _, want := range []string{
		"Political group Conservative",
		"Email d.brazier@example.org",
		"Policy and Resources Cabinet Committee Chairman 27 May 2021",
		"Register of interests",
		"Last updated 1 April 2023.",
		"Employment, office, trade, profession or vocation Director, Example Consulting Ltd (placeholder entry)",
		"Sponsorship None registered",
		"Land A house in Example Road, Ashford (placeholder entry)",
		"Securities None registered",
		"Other registrable interests Trustee, Example Village Hall Trust (placeholder entry)",
		"Present 1 Apologies 0 Absent 0",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the page does not read %q:\n%s", want, text)
		}
	}
	if !strings.Contains(body, `href="mailto:d.brazier@example.org"`) {
		t.Error("the email address is not a mailto link")
	}
	// The register shows what is current, and never whose an interest is.
	for _, hidden := range []string{"Example Holdings", "Their spouse", "partner's", "Edit register of interests"} {
		if strings.Contains(text, hidden) {
			t.Errorf("the public page shows %q:\n%s", hidden, text)
		}
	}

	// An officer who sits on no committee has no register.
	if _, body, _ := site.get(t, "/people/"+itoa(site.attendeeNamed(t, "Mrs A Beer"))); strings.Contains(visibleText(body), "Register of interests") {
		t.Errorf("an officer's page shows a register:\n%s", visibleText(body))
	}
}

// attendeeNamed finds someone recorded at the demo meeting of 27 November
// 2024, officers too, whom no page lists with a link.
func (s *testSite) attendeeNamed(t testing.TB, name string) int64 {
	t.Helper()
	held := s.meetingOn(t, pandr, "2024-11-27")
	list, err := s.DB.Attendance(t.Context(), held.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		if a.DisplayName() == name {
			return a.ID
		}
	}
	t.Fatalf("nobody called %q attended on 27 November 2024", name)
	return 0
}

func TestPersonPageLabelsAttendanceAndListsDeclarations(t *testing.T) {
	site := newSite(t)
	c := site.committeeNamed(t, pandr)
	dawkins, hook, hudson := memberID(t, c, "M Dawkins"), memberID(t, c, "A J Hook"), memberID(t, c, "S Hudson")
	jan := site.meetingOn(t, pandr, "2025-01-15")
	next := site.nextMeeting(t, pandr)
	clerk := site.signIn(t, "clerk@example.org")
	janPage := "/clerk/meetings/" + itoa(jan.ID)
	if status, body := clerk.post(t, janPage+"/attendance", url.Values{
		"person-" + itoa(dawkins): {"absent"}, "person-" + itoa(hook): {"present"}, "person-" + itoa(hudson): {"apologies"}}); status != http.StatusSeeOther {
		t.Fatalf("record attendance: %d\n%s", status, visibleText(body))
	}
	_, builder := clerk.get(t, janPage)
	janItems := itemIDs(t, builder)
	if status, body := clerk.post(t, janPage+"/declarations", url.Values{"person": {itoa(hook)}, "item": {janItems["6"]},
		"kind": {"other-significant"}, "description": {"Spouse works in the Chief Executive's Department"}}); status != http.StatusSeeOther {
		t.Fatalf("declare at the January meeting: %d\n%s", status, visibleText(body))
	}
	// A declaration at a meeting whose agenda is not yet public stays off
	// the public page.
	nextPage := "/clerk/meetings/" + itoa(next.ID)
	_, builder = clerk.get(t, nextPage)
	if status, _ := clerk.post(t, nextPage+"/declarations", url.Values{"person": {itoa(hook)}, "item": {itemIDs(t, builder)["8"]},
		"kind": {"disclosable-pecuniary"}, "description": {"Owns land adjoining Stanhope Road"}}); status != http.StatusSeeOther {
		t.Fatalf("declare at the next meeting: %d", status)
	}

	_, body, _ := site.get(t, "/people/"+itoa(dawkins))
	if text := visibleText(body); !strings.Contains(text, "Attendance recorded at 2 meetings.") || !strings.Contains(text, "Present 1 Apologies 0 Absent 1") {
		t.Errorf("Ms Dawkins's attendance, present in November and absent in January, reads:\n%s", section(body, "Attendance"))
	}
	if !regexp.MustCompile(`<rect x="50%" width="50%" height="24" fill="#d4351c">`).MatchString(body) {
		t.Errorf("the bar does not give half to absence:\n%s", body)
	}
	_, body, _ = site.get(t, "/people/"+itoa(hudson))
	if text := visibleText(body); !strings.Contains(text, "Present 0 Apologies 2 Absent 0") {
		t.Errorf("Mrs Hudson's attendance reads:\n%s", section(body, "Attendance"))
	}

	_, body, _ = site.get(t, "/people/"+itoa(hook))
	declared := section(body, "Interests declared at meetings")
	if !strings.Contains(declared, "Policy and Resources Cabinet Committee, Wednesday 15 January 2025 6. Performance Dashboard for the Chief Executive's Department and Deputy Chief Executive's Department Other significant interest: Spouse works in the Chief Executive's Department") {
		t.Errorf("the January declaration is not listed:\n%s", declared)
	}
	if !strings.Contains(body, `<a class="govuk-link" href="/meetings/`+itoa(jan.ID)+`">`) {
		t.Error("the declaration does not link to its meeting")
	}
	if strings.Contains(declared, "Stanhope Road") {
		t.Errorf("a declaration on an agenda not yet published is public:\n%s", declared)
	}
	if !strings.Contains(visibleText(body), "Register of interests") || !strings.Contains(visibleText(body), "Land None registered") {
		t.Errorf("Mr Hook's empty register is not shown:\n%s", section(body, "Register of interests"))
	}
}

func TestClerkEditsTheRegisterOfInterests(t *testing.T) {
	site := newSite(t)
	c := site.committeeNamed(t, pandr)
	hook := memberID(t, c, "A J Hook")
	page := "/clerk/people/" + itoa(hook) + "/interests"
	public := "/people/" + itoa(hook)

	clerk := site.signIn(t, "clerk@example.org")
	if _, body := clerk.get(t, public); !strings.Contains(body, `<a class="govuk-link" href="`+page+`">Edit register of interests`) {
		t.Errorf("a clerk is not offered the register editor:\n%s", section(body, "Register of interests"))
	}
	status, body := clerk.get(t, page)
	if status != http.StatusOK || !strings.Contains(visibleText(body), "Land None registered") {
		t.Fatalf("GET %s: %d\n%s", page, status, visibleText(body))
	}

	// Refused: no description, a made-up category, a date to come.
	status, body = clerk.post(t, page, url.Values{"category": {"hobbies"}, "description": {"  "}, "whose": {"member"},
		"registered-day": {"1"}, "registered-month": {"1"}, "registered-year": {"2030"}})
	text := visibleText(body)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "govuk-error-summary") {
		t.Fatalf("an empty description: %d\n%s", status, text)
	}
	for _, want := range []string{"Choose the category of the interest", "Enter a description of the interest",
		"The date the interest was registered must be today or in the past"} {
		if !strings.Contains(text, "There is a problem") || strings.Count(text, want) != 2 {
			t.Errorf("the refusal does not say %q in the summary and at the field:\n%s", want, text)
		}
	}
	if !strings.Contains(body, `<a href="#description">Enter a description of the interest</a>`) {
		t.Error("the error summary does not link to the description")
	}

	add := url.Values{"category": {"land"}, "description": {"Allotment, Example Lane, Maidstone"}, "whose": {"partner"},
		"registered-day": {"3"}, "registered-month": {"6"}, "registered-year": {"2025"}}
	status, _ = clerk.post(t, page, add)
	if status != http.StatusSeeOther {
		t.Fatalf("add an interest: %d", status)
	}
	_, body = clerk.get(t, page)
	if text := visibleText(body); !strings.Contains(text, "Success Interest registered: Allotment, Example Lane, Maidstone") ||
		!strings.Contains(text, "Allotment, Example Lane, Maidstone Whose interest Their spouse's or partner's Registered 3 June 2025") {
		t.Errorf("after adding, the editor reads:\n%s", text)
	}
	status, body = clerk.post(t, page, add)
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "This interest is already on the register, registered on 3 June 2025") {
		t.Errorf("a duplicate: %d\n%s", status, visibleText(body))
	}

	_, body, _ = site.get(t, public)
	if text := visibleText(body); !strings.Contains(text, "Land Allotment, Example Lane, Maidstone") || !strings.Contains(text, "Last updated 3 June 2025.") ||
		strings.Contains(text, "partner's") {
		t.Errorf("the public register reads:\n%s", section(body, "Register of interests"))
	}

	_, body = clerk.get(t, page)
	m := regexp.MustCompile(`action="(/clerk/people/\d+/interests/(\d+)/remove)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no remove form:\n%s", body)
	}
	remove, id := m[1], m[2]
	status, body = clerk.post(t, remove, url.Values{"ended-day": {"1"}, "ended-month": {"6"}, "ended-year": {"2025"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "The date the interest ended must be on or after the day it was registered, 3 June 2025") ||
		!strings.Contains(body, `<details class="govuk-details" open>`) || !strings.Contains(body, `id="ended-`+id+`-day" name="ended-day" type="text" inputmode="numeric" value="1"`) {
		t.Errorf("an end before the start: %d\n%s", status, visibleText(body))
	}
	if status, _ := clerk.post(t, remove, url.Values{"ended-day": {"30"}, "ended-month": {"9"}, "ended-year": {"2026"}}); status != http.StatusSeeOther {
		t.Fatalf("remove: %d", status)
	}
	_, body = clerk.get(t, page)
	if text := visibleText(body); !strings.Contains(text, "Success Interest removed from the register: Allotment, Example Lane, Maidstone") ||
		!strings.Contains(text, "Removed from the register") || !strings.Contains(text, "Allotment, Example Lane, Maidstone Land Their spouse's or partner's 3 June 2025 30 September 2026") ||
		!strings.Contains(text, "Land None registered") {
		t.Errorf("after removing, the editor reads:\n%s", text)
	}
	_, body, _ = site.get(t, public)
	if text := visibleText(body); strings.Contains(text, "Allotment") || !strings.Contains(text, "Last updated 30 September 2026.") {
		t.Errorf("the public register still shows the allotment:\n%s", section(body, "Register of interests"))
	}

	admin := site.signIn(t, "admin@example.org")
	_, audit := admin.get(t, "/admin/audit")
	for _, want := range []string{"interest registered", "interest removed"} {
		if !strings.Contains(audit, want) {
			t.Errorf("the audit log has no %q", want)
		}
	}
}

func TestOnlyClerksAndAdminsEditTheRegister(t *testing.T) {
	site := newSite(t)
	c := site.committeeNamed(t, pandr)
	dawkins := memberID(t, c, "M Dawkins")
	page := "/clerk/people/" + itoa(dawkins) + "/interests"
	add := url.Values{"category": {"land"}, "description": {"A field"}, "whose": {"member"},
		"registered-day": {"3"}, "registered-month": {"6"}, "registered-year": {"2025"}}

	public := site.anonymous(t)
	if status, body := public.get(t, page); status != http.StatusSeeOther {
		t.Errorf("the public at the editor: %d\n%s", status, visibleText(body))
	}
	if status, _ := public.post(t, page, add); status != http.StatusUnauthorized {
		t.Errorf("the public adding an interest: %d", status)
	}
	member := site.signIn(t, "m.dawkins@example.org")
	if status, _ := member.get(t, page); status != http.StatusForbidden {
		t.Errorf("a member at their own register's editor: %d", status)
	}
	if status, _ := member.post(t, page, add); status != http.StatusForbidden {
		t.Errorf("a member adding to their own register: %d", status)
	}
	if _, body := member.get(t, "/people/"+itoa(dawkins)); strings.Contains(body, "Edit register of interests") {
		t.Error("a member is offered the register editor")
	}
	admin := site.signIn(t, "admin@example.org")
	if status, _ := admin.post(t, page, add); status != http.StatusSeeOther {
		t.Errorf("the monitoring officer adding an interest: %d", status)
	}
	if _, body, _ := site.get(t, "/people/"+itoa(dawkins)); !strings.Contains(visibleText(body), "Land A field") {
		t.Errorf("the admin's entry is not on the register:\n%s", section(body, "Register of interests"))
	}
	if status, _ := admin.get(t, "/clerk/people/999999/interests"); status != http.StatusNotFound {
		t.Errorf("the register of nobody: %d", status)
	}
}
