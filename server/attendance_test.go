package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
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
