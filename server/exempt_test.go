package server_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestEveryPaperFollowsOneRuleBeforeAndAfterPublication tries each kind of
// reader on a Part 1 and an exempt paper of a draft agenda, of the same
// draft once the meeting's time has passed, and of the published agenda:
// the download, the meeting page's link, the API and search all agree.
func TestEveryPaperFollowsOneRuleBeforeAndAfterPublication(t *testing.T) {
	site := newSite(t)
	clerk := site.signIn(t, "clerk@example.org")
	next := clerk.draftOf(t, site.nextMeeting(t, pandr).ID)
	builder := "/clerk/meetings/" + itoa(next.ID)
	_, page := clerk.get(t, builder)
	ids := itemIDs(t, page)
	const openTitle, exemptTitle = "Risk register summary QUOKKA", "Stanhope Road valuation WOMBAT"
	for number, title := range map[string]string{"5": openTitle, "8": exemptTitle} {
		status, body := clerk.uploadWith(t, builder+"/items/"+ids[number]+"/papers", "paper-"+number+".pdf",
			bytes.NewReader(writePDF(t, title, "The text of "+title)), url.Values{"title": {title}})
		if status != http.StatusSeeOther {
			t.Fatalf("upload to item %s: %d %s", number, status, visibleText(body))
		}
	}
	reports, err := site.DB.Reports(t.Context(), next.ID)
	if err != nil {
		t.Fatal(err)
	}
	link := map[string]string{}
	for _, rs := range reports {
		for _, r := range rs {
			link[r.Title] = "/papers/" + itoa(r.ID)
		}
	}
	if link[openTitle] == "" || link[exemptTitle] == "" {
		t.Fatalf("the papers were not stored: %v", link)
	}

	readers := []struct {
		name string
		u    *user
		// member is entitled to the committee's exempt papers; clerk looks
		// after the committee.
		member, clerk bool
	}{
		{"the public", site.anonymous(t), false, false},
		{"a member of the committee", site.signIn(t, "m.dawkins@example.org"), true, false},
		{"the committee's Chairman", site.signIn(t, "d.brazier@example.org"), true, false},
		{"a member of another committee", site.signIn(t, "b.loose@example.org"), false, false},
		{"the committee's clerk", clerk, true, true},
		{"another committee's clerk", site.signIn(t, "m.dentten@example.org"), false, false},
		{"an administrator", site.signIn(t, "admin@example.org"), true, true},
	}
	papers := []struct {
		part  string
		title string
	}{{"Part 1", openTitle}, {"exempt", exemptTitle}}

	check := func(phase string, mayRead func(member, clerk bool, part string) bool) {
		t.Helper()
		for _, r := range readers {
			_, meetingPage := r.u.get(t, "/meetings/"+itoa(next.ID))
			_, api := r.u.get(t, "/api/v1/meetings/"+itoa(next.ID))
			for _, p := range papers {
				want := mayRead(r.member, r.clerk, p.part)
				status, body := r.u.get(t, link[p.title])
				if want && (status != http.StatusOK || !strings.HasPrefix(body, "%PDF-")) {
					t.Errorf("%s: %s may read the %s paper, got %d", phase, r.name, p.part, status)
				}
				if !want && (status != http.StatusNotFound || strings.Contains(body, "%PDF") || strings.Contains(body, p.title)) {
					t.Errorf("%s: %s got %d for the %s paper, want the 404 of a paper that does not exist", phase, r.name, status, p.part)
				}
				if listed := strings.Contains(meetingPage, `href="`+link[p.title]+`"`); listed != want {
					t.Errorf("%s: the meeting page shows %s the %s paper's link: %v, want %v", phase, r.name, p.part, listed, want)
				}
				if !want && strings.Contains(meetingPage, p.title) {
					t.Errorf("%s: the meeting page names the %s paper to %s", phase, p.part, r.name)
				}
				if strings.Contains(api, link[p.title]) || (!want && strings.Contains(api, p.title)) {
					t.Errorf("%s: the API shows %s the %s paper", phase, r.name, p.part)
				}
				word := strings.Fields(p.title)[len(strings.Fields(p.title))-1]
				if _, found := r.u.get(t, "/search?q="+word); !strings.Contains(visibleText(found), "No results") || strings.Contains(found, "/papers/") {
					t.Errorf("%s: search finds the %s paper for %s", phase, p.part, r.name)
				}
			}
			_, found := r.u.get(t, "/search?q=Stanhope+Road")
			if strings.Contains(found, "/papers/") {
				t.Errorf("%s: search links a paper for %s", phase, r.name)
			}
			if draft := !strings.HasPrefix(phase, "published"); draft && !strings.Contains(visibleText(found), "No results") {
				t.Errorf("%s: search lists the draft agenda's items for %s", phase, r.name)
			}
		}
	}

	// Before publication a paper is the clerks' work in progress, whatever
	// its Part.
	clerksOnly := func(_, clerk bool, _ string) bool { return clerk }
	check("draft", clerksOnly)

	// The meeting's time passing does not publish its papers.
	site.meetingBegins(t, next)
	check("draft, after the meeting began", clerksOnly)
	site.setNow(demoDay)

	if status, body := clerk.post(t, builder+"/publish", url.Values{"confirm_missing": {"yes"}}); status != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", status, visibleText(body))
	}
	check("published", func(member, _ bool, part string) bool { return part == "Part 1" || member })

	// A clerk's draft view of a Part 2 paper is not kept by a shared cache.
	req, _ := http.NewRequest(http.MethodGet, site.URL+link[exemptTitle], nil)
	resp, err := clerk.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("exempt paper Cache-Control = %q, want no-store", cc)
	}
}

// TestTheExclusionMotionOnlyPrecedesExemptBusiness: a meeting that names a
// paragraph of Schedule 12A but has no Part 2 item shows no motion to
// exclude the press and public, on its page or in its packs; one with an
// exempt item shows it before that item.
func TestTheExclusionMotionOnlyPrecedesExemptBusiness(t *testing.T) {
	site := newSite(t)
	public := site.anonymous(t)
	member := site.signIn(t, "m.dawkins@example.org")
	clerk := site.signIn(t, "clerk@example.org")
	motion := []string{"Motion to exclude the press and public for exempt business", "Schedule 12A"}

	// The meeting of 15 January 2025 names paragraph 3 but has no Part 2
	// item.
	open := site.meetingOn(t, pandr, "2025-01-15")
	for _, it := range open.Agenda {
		if it.Part == 2 {
			t.Fatalf("the demo's meeting of 15 January 2025 has an exempt item %s", it.Number)
		}
	}
	next := site.nextMeeting(t, pandr)
	if status, body := clerk.post(t, "/clerk/meetings/"+itoa(next.ID)+"/publish", url.Values{"confirm_missing": {"yes"}}); status != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", status, visibleText(body))
	}

	for _, tc := range []struct {
		name    string
		meeting int64
		exempt  bool
	}{{"no exempt items", open.ID, false}, {"an exempt item", next.ID, true}} {
		for _, u := range []*user{public, member, clerk} {
			_, body := u.get(t, "/meetings/"+itoa(tc.meeting))
			start := strings.Index(body, `id="agenda"`)
			if start < 0 {
				t.Fatalf("%s: the meeting page has no agenda", tc.name)
			}
			body = body[start:]
			for _, next := range []string{`id="minutes"`, "</main>"} {
				if end := strings.Index(body, next); end > 0 {
					body = body[:end]
				}
			}
			agenda := visibleText(body)
			for _, s := range append(motion, "Exempt items") {
				if got := strings.Contains(agenda, s); got != tc.exempt {
					t.Errorf("%s, as %s: the agenda page shows %q: %v, want %v", tc.name, u.email, s, got, tc.exempt)
				}
			}
			if tc.exempt {
				m, exempt := strings.Index(agenda, motion[0]), strings.Index(agenda, "Stanhope Road")
				if m < 0 || exempt < m {
					t.Errorf("%s, as %s: the motion does not come before the exempt item", tc.name, u.email)
				}
			}
		}
		for _, p := range []struct {
			u    *user
			path string
		}{{public, "/pack.pdf"}, {member, "/pack-members.pdf"}} {
			status, file := p.u.download(t, "/meetings/"+itoa(tc.meeting)+p.path)
			if status != http.StatusOK {
				t.Fatalf("%s: %s answered %d", tc.name, p.path, status)
			}
			front := strings.Join(strings.Fields(pageText(t, file, 1)+pageText(t, file, 2)), " ")
			if !strings.Contains(front, "UNRESTRICTED ITEMS") {
				t.Fatalf("%s: %s has no front sheet on pages 1-2:\n%s", tc.name, p.path, front)
			}
			for _, s := range append(motion, "EXEMPT ITEMS") {
				if got := strings.Contains(front, s); got != tc.exempt {
					t.Errorf("%s: the front sheet of %s has %q: %v, want %v", tc.name, p.path, s, got, tc.exempt)
				}
			}
		}
	}
}
