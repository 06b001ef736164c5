package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func TestTheClerkIsToldWhatIsWrongWithADeclaration(t *testing.T) {
	site := newSite(t)
	c := site.committeeNamed(t, pandr)
	clerk := site.signIn(t, "clerk@example.org")
	next := site.nextMeeting(t, pandr)
	page := "/clerk/meetings/" + itoa(next.ID)
	_, builder := clerk.get(t, page)
	ids := itemIDs(t, builder)
	var hook int64
	for _, m := range c.Members {
		if m.Name == "A J Hook" {
			hook = m.PersonID
		}
	}
	declare := func(description string) (int, string) {
		return clerk.post(t, page+"/declarations", url.Values{"person": {itoa(hook)}, "item": {ids["5"]},
			"kind": {"disclosable-pecuniary"}, "description": {description}})
	}
	// problem checks that the page is the GOV.UK error pattern: the summary
	// links to the field, which carries the same message.
	problem := func(name string, status int, body, field, message string) {
		t.Helper()
		if status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422", name, status)
		}
		if !strings.Contains(body, "<title>Error: ") {
			t.Errorf("%s: the page title does not start with Error:", name)
		}
		if !strings.Contains(body, `<a href="#`+field+`">`+message+`</a>`) {
			t.Errorf("%s: the error summary does not link %q to #%s:\n%s", name, message, field, excerpt(visibleText(body), "There is a problem"))
		}
		shown := regexp.MustCompile(`<p id="` + field + `-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ([^<]*)</p>`).FindStringSubmatch(body)
		if shown == nil || shown[1] != message {
			t.Errorf("%s: the field %s does not show the error: %q", name, field, shown)
		}
	}

	status, body := declare("   ")
	problem("no description", status, body, "declaration-description",
		"Enter the nature of the interest, for example &#39;Owns land next to the application site&#39;.")

	if status, body := declare("Owns land next to the risk register office"); status != http.StatusSeeOther {
		t.Fatalf("declare: %d %s", status, visibleText(body))
	}
	status, body = declare("Owns land next to the risk register office")
	problem("the same interest twice", status, body, "declaration-person",
		"Mr A J Hook has already declared this interest on item 5. To change what it says, remove that declaration and record it again.")

	_, body = clerk.get(t, page+"/attendance")
	if n := strings.Count(visibleText(body), "Owns land next to the risk register office"); n != 1 {
		t.Errorf("the declaration is listed %d times, want once", n)
	}
}
