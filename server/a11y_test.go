package server_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"minutebook/browsertest"
	"minutebook/fixtures"
)

// TestKeyPagesAreAccessible runs axe-core's WCAG 2.2 AA rules over the pages
// that matter, in headless Chromium, for the public and for a clerk. Set
// MINUTEBOOK_SCREENSHOTS to a folder to keep a picture of each.
func TestKeyPagesAreAccessible(t *testing.T) {
	if _, err := os.Stat("../static/build/app.css"); err != nil && os.Getenv("MINUTEBOOK_REQUIRE_BROWSER") == "" {
		t.Skip("the styles are not built: run make assets")
	}
	b := browsertest.Start(t)
	site := newSite(t)
	held := site.meetingOn(t, pandr, "2024-11-27")
	published := site.meetingOn(t, pandr, "2025-01-15")
	partnership := site.meetingOn(t, kcsp, "2021-11-18")
	next := site.nextMeeting(t, pandr)
	c := site.committeeNamed(t, pandr)
	public := []string{"/", "/committees", "/committees/" + itoa(c.ID), "/meetings/" + itoa(held.ID), "/meetings/" + itoa(published.ID),
		"/meetings/" + itoa(partnership.ID), "/meetings/" + itoa(next.ID), "/meetings?year=2024", "/people/" + itoa(c.Members[0].PersonID),
		"/deadlines", "/sign-in", "/no-such-page", "/search?q=invicta+house", "/search?q=nothing+like+this", "/meetings/" + itoa(held.ID) + "/minutes/verify", "/signed-minutes"}
	clerk := []string{"/clerk", "/clerk/meetings/" + itoa(next.ID), "/clerk/meetings/new", "/account",
		"/clerk/meetings/" + itoa(next.ID) + "/attendance",
		"/clerk/meetings/" + itoa(next.ID) + "/papers", "/clerk/meetings/" + itoa(next.ID) + "/publication", "/clerk/meetings/" + itoa(next.ID) + "/change", "/clerk/meetings/" + itoa(held.ID) + "/minutes", "/clerk/committees/" + itoa(c.ID) + "/meetings?year=2024", "/my-meetings",
		"/clerk/people/" + itoa(c.Members[0].PersonID) + "/interests"}
	shots := os.Getenv("MINUTEBOOK_SCREENSHOTS")
	check := func(path string) {
		t.Run(path, func(t *testing.T) {
			b.AssertAccessible(t, site.URL+path)
			if shots != "" {
				name := strings.Trim(regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(path, "-"), "-")
				b.Screenshot(t, site.URL+path, filepath.Join(shots, "page-"+name+".png"), 1280)
			}
		})
	}
	for _, path := range public {
		check(path)
	}
	b.SignIn(t, site.URL, "clerk@example.org", fixtures.DemoPassword)
	for _, path := range clerk {
		check(path)
	}
	// Draft minutes with a resolution open to a recorded vote.
	clerkHTTP := site.signIn(t, "clerk@example.org")
	janMinutes := "/clerk/meetings/" + itoa(published.ID) + "/minutes"
	clerkHTTP.post(t, janMinutes+"/start", url.Values{})
	clerkHTTP.post(t, "/clerk/meetings/"+itoa(published.ID)+"/attendance", url.Values{
		"person-" + itoa(c.Members[0].PersonID): {"present"}, "person-" + itoa(c.Members[1].PersonID): {"present"},
		"person-" + itoa(c.Members[2].PersonID): {"remote"}})
	if set, err := site.DB.Minutes(t.Context(), published.ID); err != nil || set == nil {
		t.Fatalf("the January minutes: %v", err)
	} else {
		clerkHTTP.post(t, janMinutes+"/"+itoa(set.Items[5].ID), url.Values{"text": {"The Committee considered the update.\n\nRESOLVED to note the update."}})
		set, _ = site.DB.Minutes(t.Context(), published.ID)
		clerkHTTP.post(t, janMinutes+"/votes/"+itoa(set.Items[5].Paragraphs[1].ID), url.Values{
			"vote-" + itoa(c.Members[0].PersonID): {"against"}, "dissent-" + itoa(c.Members[0].PersonID): {"yes"},
			"vote-" + itoa(c.Members[1].PersonID): {"for"}})
		clerkHTTP.post(t, janMinutes+"/"+itoa(set.Items[5].ID)+"/actions", url.Values{"description": {"Report back on the strategy"},
			"owner": {itoa(c.Members[0].PersonID)}, "due-day": {"31"}, "due-month": {"3"}, "due-year": {"2025"}})
	}
	check(janMinutes)
	// Published, the builder shows the emails' progress and each recipient.
	if status, _ := site.signIn(t, "clerk@example.org").post(t, "/clerk/meetings/"+itoa(next.ID)+"/publish", url.Values{"confirm_missing": {"yes"}}); status != http.StatusSeeOther {
		t.Fatalf("publish: %d", status)
	}
	check("/clerk/meetings/" + itoa(next.ID) + "/publication#emails")
	check("/meetings/" + itoa(next.ID) + "#published")
	b.SignIn(t, site.URL, "admin@example.org", fixtures.DemoPassword)
	for _, path := range []string{"/admin/closed-days", "/admin/audit", "/admin/committees/" + itoa(c.ID) + "/rules", "/committees/" + itoa(c.ID)} {
		check(path)
	}
	if text := b.Text(t, site.URL+"/clerk"); !strings.Contains(text, "Working days left") || !strings.Contains(text, pandr) {
		t.Errorf("the clerk's dashboard after signing in in the browser reads:\n%s", text)
	}
}
