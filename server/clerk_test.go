package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"minutebook/fixtures"
	"minutebook/pack"
	"minutebook/store"
)

// user is a browser session: its own cookies, signed in or not.
type user struct {
	site   *testSite
	client *http.Client
	email  string
}

func (s *testSite) anonymous(t testing.TB) *user {
	jar, _ := cookiejar.New(nil)
	return &user{site: s, email: "public", client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// signIn signs in to a demo account through the sign-in form.
func (s *testSite) signIn(t testing.TB, email string) *user {
	t.Helper()
	u := s.anonymous(t)
	u.email = email
	status, body := u.post(t, "/sign-in", url.Values{"email": {email}, "password": {fixtures.DemoPassword}})
	if status != http.StatusSeeOther {
		t.Fatalf("sign in as %s: %d\n%s", email, status, visibleText(body))
	}
	return u
}

func (u *user) do(t testing.TB, req *http.Request) (int, string) {
	t.Helper()
	resp, err := u.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (u *user) get(t testing.TB, path string) (int, string) {
	req, _ := http.NewRequest(http.MethodGet, u.site.URL+path, nil)
	return u.do(t, req)
}

func (u *user) post(t testing.TB, path string, form url.Values) (int, string) {
	req, _ := http.NewRequest(http.MethodPost, u.site.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return u.do(t, req)
}

// upload posts a file as the agenda builder's upload form does.
func (u *user) upload(t testing.TB, path, filename string, content io.Reader) (int, string) {
	t.Helper()
	return u.uploadWith(t, path, filename, content, nil)
}

// uploadWith posts a file with other fields of the upload form.
func (u *user) uploadWith(t testing.TB, path, filename string, content io.Reader, fields url.Values) (int, string) {
	t.Helper()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		for k, vs := range fields {
			for _, v := range vs {
				mw.WriteField(k, v)
			}
		}
		fw, err := mw.CreateFormFile("paper", filename)
		if err == nil {
			_, err = io.Copy(fw, content)
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	req, _ := http.NewRequest(http.MethodPost, u.site.URL+path, pr)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return u.do(t, req)
}

// nextMeeting is the demo's scheduled meeting of a committee, as the
// public sees it: no agenda until it is published.
func (s *testSite) nextMeeting(t testing.TB, committeeName string) meetingDetail {
	t.Helper()
	c := s.committeeNamed(t, committeeName)
	var d meetingDetail
	s.getJSON(t, "/api/v1/meetings/"+itoa(c.Meetings[len(c.Meetings)-1].ID), &d)
	return d
}

// meetingBegins moves the site's clock to an hour into the meeting, when
// its minutes can be started.
func (s *testSite) meetingBegins(t testing.TB, m meetingDetail) {
	t.Helper()
	at, err := time.Parse(time.RFC3339, m.StartsAt)
	if err != nil {
		t.Fatal(err)
	}
	s.setNow(at.Add(time.Hour))
}

// getJSON reads an API answer as this user.
func (u *user) getJSON(t testing.TB, path string, into any) {
	t.Helper()
	status, body := u.get(t, path)
	if status != http.StatusOK {
		t.Fatalf("GET %s as %s = %d: %s", path, u.email, status, body)
	}
	if err := json.Unmarshal([]byte(body), into); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

// draftOf is a meeting with its agenda as the clerk sees it.
func (u *user) draftOf(t testing.TB, meetingID int64) meetingDetail {
	var d meetingDetail
	u.getJSON(t, "/api/v1/meetings/"+itoa(meetingID), &d)
	return d
}

// itemIDs reads the agenda items' ids from the clerk's agenda builder.
func itemIDs(t testing.TB, page string) map[string]string {
	ids := map[string]string{}
	for _, m := range regexp.MustCompile(`id="item-(\d+)"[^>]*>\s*<div class="govuk-summary-card__title-wrapper">\s*<h3 class="govuk-summary-card__title">([^.]+)\.`).FindAllStringSubmatch(page, -1) {
		ids[m[2]] = m[1]
	}
	if len(ids) == 0 {
		t.Fatalf("no agenda items on the builder page")
	}
	return ids
}

// writePDF makes a real PDF paper with the given text and returns its bytes.
func writePDF(t testing.TB, title, text string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := pack.WriteDocument(&buf, pack.Document{Title: title, Sections: []pack.Section{{Heading: title, Body: []pack.Paragraph{{Text: text}}}}}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestEveryRouteChecksWhoIsAsking(t *testing.T) {
	site := newSite(t)
	next := site.nextMeeting(t, pandr)
	kcspNext := site.nextMeeting(t, kcsp)
	m := itoa(next.ID)
	users := map[string]*user{
		"public":  site.anonymous(t),
		"member":  site.signIn(t, "m.dawkins@example.org"),
		"chair":   site.signIn(t, "d.brazier@example.org"),
		"clerk":   site.signIn(t, "clerk@example.org"),
		"kcspclk": site.signIn(t, "m.dentten@example.org"),
		"admin":   site.signIn(t, "admin@example.org"),
	}
	const (
		ok       = http.StatusOK
		redirect = http.StatusSeeOther
		unauth   = http.StatusUnauthorized
		denied   = http.StatusForbidden
	)
	tests := []struct {
		method, path string
		want         map[string]int
	}{
		{"GET", "/", map[string]int{"public": ok, "member": ok, "clerk": ok, "admin": ok}},
		{"GET", "/meetings/" + m, map[string]int{"public": ok, "member": ok, "chair": ok, "clerk": ok}},
		{"GET", "/account", map[string]int{"public": redirect, "member": ok, "chair": ok, "clerk": ok, "admin": ok}},
		{"GET", "/clerk", map[string]int{"public": redirect, "member": denied, "chair": denied, "clerk": ok, "kcspclk": ok, "admin": ok}},
		{"GET", "/clerk/meetings/new", map[string]int{"public": redirect, "member": denied, "chair": denied, "clerk": ok, "admin": ok}},
		{"GET", "/clerk/meetings/" + m, map[string]int{"public": redirect, "member": denied, "chair": denied, "clerk": ok, "kcspclk": denied, "admin": ok}},
		{"GET", "/clerk/meetings/" + itoa(kcspNext.ID), map[string]int{"clerk": denied, "kcspclk": ok, "admin": ok}},
		{"POST", "/clerk/meetings/" + m + "/renumber", map[string]int{"public": unauth, "member": denied, "chair": denied, "kcspclk": denied, "clerk": redirect}},
		{"POST", "/clerk/meetings/" + m + "/publish", map[string]int{"public": unauth, "member": denied, "kcspclk": denied}},
		{"POST", "/clerk/meetings", map[string]int{"public": unauth, "member": denied, "chair": denied}},
		{"GET", "/admin/audit", map[string]int{"public": redirect, "member": denied, "chair": denied, "clerk": denied, "admin": ok}},
		{"GET", "/my-meetings", map[string]int{"public": redirect, "member": ok, "chair": ok, "clerk": ok, "kcspclk": ok, "admin": ok}},
		{"GET", "/clerk/committees/" + itoa(next.CommitteeID) + "/meetings?year=2024", map[string]int{"public": redirect, "member": denied, "chair": denied, "clerk": ok, "kcspclk": denied, "admin": ok}},
		{"GET", "/clerk/committees/" + itoa(kcspNext.CommitteeID) + "/meetings", map[string]int{"clerk": denied, "kcspclk": ok}},
	}
	for _, tt := range tests {
		for role, want := range tt.want {
			t.Run(tt.method+" "+tt.path+" as "+role, func(t *testing.T) {
				var status int
				var body string
				if tt.method == "GET" {
					status, body = users[role].get(t, tt.path)
				} else {
					status, body = users[role].post(t, tt.path, url.Values{})
				}
				if status != want {
					t.Errorf("status %d, want %d: %.300s", status, want, visibleText(body))
				}
			})
		}
	}
}

func TestCrossSiteChangesAreRefused(t *testing.T) {
	site := newSite(t)
	clerk := site.signIn(t, "clerk@example.org")
	next := site.nextMeeting(t, pandr)
	req, _ := http.NewRequest(http.MethodPost, site.URL+"/clerk/meetings/"+itoa(next.ID)+"/publish", strings.NewReader(""))
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://attacker.example")
	if status, _ := clerk.do(t, req); status != http.StatusForbidden {
		t.Errorf("a cross-site POST with the clerk's cookie got %d, want 403", status)
	}
	if got := site.nextMeeting(t, pandr); got.PublishedAt != nil {
		t.Error("the cross-site request published the agenda")
	}
}

func TestSignInIsLimited(t *testing.T) {
	site := newSite(t)
	u := site.anonymous(t)
	for i := 0; i < 5; i++ {
		if status, _ := u.post(t, "/sign-in", url.Values{"email": {"clerk@example.org"}, "password": {"wrong password"}}); status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d, want 401", i+1, status)
		}
	}
	status, body := u.post(t, "/sign-in", url.Values{"email": {"clerk@example.org"}, "password": {fixtures.DemoPassword}})
	if status != http.StatusTooManyRequests || !strings.Contains(visibleText(body), "Too many failed attempts") {
		t.Errorf("the right password after five failures: %d, want 429 and an explanation", status)
	}
	entries, err := site.DB.AuditLog(context.Background(), 50)
	if err != nil {
		t.Fatal(err)
	}
	failed := 0
	for _, e := range entries {
		if e.Action == "sign-in failed" {
			failed++
		}
	}
	if failed != 5 {
		t.Errorf("%d failed sign-ins in the audit log, want 5", failed)
	}
}

// TestPart2PapersNeverReachThePublic uploads a Part 2 paper and publishes the
// agenda, then looks for the paper everywhere the public can look.
func TestPart2PapersNeverReachThePublic(t *testing.T) {
	site := newSite(t)
	clerk := site.signIn(t, "clerk@example.org")
	next := clerk.draftOf(t, site.nextMeeting(t, pandr).ID)
	builder := "/clerk/meetings/" + itoa(next.ID)
	_, page := clerk.get(t, builder)
	ids := itemIDs(t, page)
	var exemptNumber, openNumber string
	for _, it := range next.Agenda {
		if it.Part == 2 {
			exemptNumber = it.Number
		} else if it.Number == "5" {
			openNumber = it.Number
		}
	}
	if exemptNumber == "" || openNumber == "" {
		t.Fatalf("the demo's next meeting lacks a Part 2 item or an item 5: %+v", next.Agenda)
	}
	for number, text := range map[string]string{exemptNumber: "Stanhope Road valuation: CONFIDENTIAL-FIGURE-4711", openNumber: "Risk register summary"} {
		status, body := clerk.upload(t, builder+"/items/"+ids[number]+"/papers", "paper-"+number+".pdf", bytes.NewReader(writePDF(t, "Item "+number, text)))
		if status != http.StatusSeeOther {
			t.Fatalf("upload to item %s: %d %s", number, status, visibleText(body))
		}
	}
	if status, body := clerk.post(t, builder+"/publish", url.Values{"confirm_missing": {"yes"}}); status != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", status, visibleText(body))
	}
	reports, err := site.DB.Reports(context.Background(), next.ID)
	if err != nil {
		t.Fatal(err)
	}
	var exemptPaper, openPaper string
	for _, rs := range reports {
		for _, r := range rs {
			switch r.Document.Filename {
			case "paper-" + exemptNumber + ".pdf":
				exemptPaper = "/papers/" + itoa(r.ID)
			case "paper-" + openNumber + ".pdf":
				openPaper = "/papers/" + itoa(r.ID)
			}
		}
	}

	public := site.anonymous(t)
	outsider := site.signIn(t, "b.loose@example.org") // a Partnership member, not on this committee
	for name, u := range map[string]*user{"public": public, "another committee's member": outsider} {
		for _, path := range []string{"/", "/meetings/" + itoa(next.ID), "/api/v1/meetings/" + itoa(next.ID), "/api/v1/meetings",
			"/committees/" + itoa(next.CommitteeID), "/api/v1/committees/" + itoa(next.CommitteeID), "/deadlines", "/meetings"} {
			_, body := u.get(t, path)
			if strings.Contains(body, exemptPaper+`"`) || strings.Contains(body, "CONFIDENTIAL-FIGURE-4711") || strings.Contains(body, "paper-"+exemptNumber+".pdf") {
				t.Errorf("%s: %s shows the Part 2 paper", name, path)
			}
		}
		status, body := u.get(t, exemptPaper)
		if status != http.StatusNotFound || strings.Contains(body, "%PDF") {
			t.Errorf("%s: GET %s = %d, want 404 as if it did not exist", name, exemptPaper, status)
		}
		if status, _ := u.get(t, openPaper); status != http.StatusOK {
			t.Errorf("%s: the published Part 1 paper answered %d", name, status)
		}
	}

	member := site.signIn(t, "m.dawkins@example.org")
	req, _ := http.NewRequest(http.MethodGet, site.URL+exemptPaper, nil)
	resp, err := member.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.HasPrefix(body, []byte("%PDF-")) {
		t.Errorf("a member of the committee got %d for its Part 2 paper", resp.StatusCode)
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Part 2 paper Cache-Control = %q, want no-store", cc)
	}
	_, page = member.get(t, "/meetings/"+itoa(next.ID))
	if !strings.Contains(page, exemptPaper+`"`) {
		t.Error("the committee member's meeting page does not link the Part 2 paper")
	}
}

func TestBadUploadsAreRefusedAndLeaveNothing(t *testing.T) {
	site := newSite(t)
	clerk := site.signIn(t, "clerk@example.org")
	next := site.nextMeeting(t, pandr)
	builder := "/clerk/meetings/" + itoa(next.ID)
	_, page := clerk.get(t, builder)
	item := itemIDs(t, page)["5"]
	papersBefore, filesBefore := paperCount(t, site, next.ID), storedFiles(t, site)
	good := writePDF(t, "Risk Management", strings.Repeat("Risk register. ", 200))
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 200)...)
	tests := []struct {
		name, filename string
		content        io.Reader
		says           string
	}{
		{"a PNG renamed .pdf", "report.pdf", bytes.NewReader(png), "not a PDF"},
		{"a truncated PDF", "report.pdf", bytes.NewReader(good[:len(good)/2]), "damaged"},
		{"an empty file", "report.pdf", bytes.NewReader(nil), "The file is empty"},
		{"60 MB", "big.pdf", io.MultiReader(bytes.NewReader(good[:9]), io.LimitReader(zeros{}, 60<<20)), "50 MB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := clerk.upload(t, builder+"/items/"+item+"/papers", tt.filename, tt.content)
			if status != http.StatusUnprocessableEntity {
				t.Errorf("status %d, want 422", status)
			}
			if text := visibleText(body); !strings.Contains(text, tt.says) || !strings.Contains(text, "There is a problem") {
				t.Errorf("the page does not say %q in an error summary:\n%.600s", tt.says, text)
			}
		})
	}
	if got := paperCount(t, site, next.ID); got != papersBefore {
		t.Errorf("refused uploads changed the agenda's papers from %d to %d", papersBefore, got)
	}
	if got := storedFiles(t, site); len(got) != len(filesBefore) {
		t.Errorf("refused uploads left files behind: %d files before, %d after", len(filesBefore), len(got))
	}
}

func paperCount(t testing.TB, site *testSite, meetingID int64) int {
	reports, err := site.DB.Reports(context.Background(), meetingID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, rs := range reports {
		n += len(rs)
	}
	return n
}

func storedFiles(t testing.TB, site *testSite) []string {
	var names []string
	_ = filepath.WalkDir(site.Files, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, path)
		}
		return nil
	})
	return names
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestClerkTakesAMeetingFromEmptyToPublished walks a clerk through
// scheduling, building and publishing an agenda.
func TestClerkTakesAMeetingFromEmptyToPublished(t *testing.T) {
	site := newSite(t)
	clerk := site.signIn(t, "clerk@example.org")
	c := site.committeeNamed(t, pandr)
	status, body := clerk.post(t, "/clerk/meetings", url.Values{"body": {itoa(c.ID)}, "date-day": {"16"}, "date-month": {"12"}, "date-year": {"2026"}, "time": {"10:00"}})
	if status != http.StatusSeeOther {
		t.Fatalf("schedule: %d %s", status, visibleText(body))
	}
	var meetingID int64
	if _, err := fmt.Sscanf(lastMeetingPath(t, site, pandr), "%d", &meetingID); err != nil {
		t.Fatal(err)
	}
	builder := "/clerk/meetings/" + itoa(meetingID)
	_, page := clerk.get(t, builder)
	text := visibleText(page)
	for _, want := range []string{"Apologies and Substitutes", "Declarations of Interest", "Minutes of the meeting held on 2 December 2026", "Work Programme"} {
		if !strings.Contains(text, want) {
			t.Errorf("the new agenda lacks the standard item %q", want)
		}
	}
	// A Part 2 item without its paragraph is refused with a message by the field.
	status, body = clerk.post(t, builder+"/items", url.Values{"title": {"Disposal of land"}, "part": {"2"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "Choose the paragraph of Schedule 12A") {
		t.Errorf("Part 2 without a paragraph: %d", status)
	}
	status, _ = clerk.post(t, builder+"/items", url.Values{"title": {"Disposal of land"}, "part": {"2"}, "paragraph": {"3"}})
	if status != http.StatusSeeOther {
		t.Fatalf("add item: %d", status)
	}
	status, _ = clerk.post(t, builder+"/items", url.Values{"title": {"Cyber Security"}, "to_follow": {"yes"}})
	if status != http.StatusSeeOther {
		t.Fatalf("add item: %d", status)
	}
	_, page = clerk.get(t, builder)
	ids := itemIDs(t, page)
	// Move Cyber Security (7) above the Part 2 item (6), then renumber.
	if status, _ := clerk.post(t, builder+"/items/"+ids["7"]+"/move", url.Values{"direction": {"up"}}); status != http.StatusSeeOther {
		t.Fatalf("move: %d", status)
	}
	if status, _ := clerk.post(t, builder+"/renumber", url.Values{}); status != http.StatusSeeOther {
		t.Fatalf("renumber: %d", status)
	}
	m := clerk.draftOf(t, meetingID)
	var titles []string
	for _, it := range m.Agenda {
		titles = append(titles, it.Number+" "+it.Title)
	}
	got := strings.Join(titles, "; ")
	if !strings.Contains(got, "5 Work Programme; 6 Cyber Security; 7 Disposal of land") {
		t.Errorf("agenda after moving and renumbering: %s", got)
	}
	// Items without papers are named before anything is published.
	status, body = clerk.post(t, builder+"/publish", url.Values{})
	if text := visibleText(body); status != http.StatusUnprocessableEntity || !strings.Contains(text, "2 items have no paper yet: 5. Work Programme 7. Disposal of land") ||
		!strings.Contains(text, "There is a problem Add the missing papers") {
		t.Errorf("publishing with papers missing: %d\n%s", status, text)
	}
	if m := clerk.draftOf(t, meetingID); m.PublishedAt != nil {
		t.Fatal("published without the clerk confirming the missing papers")
	}
	status, body = clerk.post(t, builder+"/publish", url.Values{"confirm_missing": {"yes"}})
	if status != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", status, visibleText(body))
	}
	site.getJSON(t, "/api/v1/meetings/"+itoa(meetingID), &m)
	if m.PublishedAt == nil || m.OnTime == nil || !*m.OnTime || m.Status != "agenda-published" {
		t.Errorf("after publishing: published_at %v on time %v status %s", m.PublishedAt, m.OnTime, m.Status)
	}
	// A change to the published agenda needs a reason.
	status, body = clerk.post(t, builder+"/items", url.Values{"title": {"Late item"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "give the reason for the change") {
		t.Errorf("changing a published agenda without a reason: %d", status)
	}
	status, _ = clerk.post(t, builder+"/items", url.Values{"title": {"Late item"}, "reason": {"Urgent decision needed before the budget"}})
	if status != http.StatusSeeOther {
		t.Errorf("re-issue with a reason: %d", status)
	}
	pubs, err := site.DB.Publications(context.Background(), meetingID)
	if err != nil {
		t.Fatal(err)
	}
	if len(pubs) != 2 || pubs[0].Kind != "agenda" || pubs[1].Kind != "reissue" || pubs[1].Reason != "Urgent decision needed before the budget" {
		t.Errorf("publications = %+v, want the agenda and one re-issue with its reason", pubs)
	}
}

func lastMeetingPath(t testing.TB, site *testSite, name string) string {
	c := site.committeeNamed(t, name)
	return itoa(c.Meetings[len(c.Meetings)-1].ID)
}

func TestLatePublicationNeedsAReason(t *testing.T) {
	site := newSite(t)
	var meetingID int64
	err := site.DB.Update(context.Background(), func(tx *store.Tx) error {
		var err error
		c := site.committeeNamed(t, pandr)
		meetingID, err = tx.CreateMeetingWithAgenda(store.Meeting{BodyID: c.ID, StartsAt: demoDay.AddDate(0, 0, 4)}, london)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	clerk := site.signIn(t, "clerk@example.org")
	builder := "/clerk/meetings/" + itoa(meetingID)
	_, page := clerk.get(t, builder)
	if !strings.Contains(visibleText(page), "Too late for five clear days") {
		t.Error("the builder does not warn that it is too late")
	}
	status, body := clerk.post(t, builder+"/publish", url.Values{"confirm_missing": {"yes"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "give the reason the agenda is late") {
		t.Errorf("late publication without a reason: %d", status)
	}
	status, _ = clerk.post(t, builder+"/publish", url.Values{"confirm_missing": {"yes"}, "reason": {"Meeting called at short notice to elect a Chair"}})
	if status != http.StatusSeeOther {
		t.Fatalf("late publication with a reason: %d", status)
	}
	var m meetingDetail
	site.getJSON(t, "/api/v1/meetings/"+itoa(meetingID), &m)
	if m.OnTime == nil || *m.OnTime {
		t.Errorf("published_on_time = %v, want false", m.OnTime)
	}
}

func TestReportAuthorsGetTheAgendaWithoutExemptPapers(t *testing.T) {
	site := newSite(t)
	clerk := site.signIn(t, "clerk@example.org")
	next := site.nextMeeting(t, pandr)
	builder := "/clerk/meetings/" + itoa(next.ID)
	_, page := clerk.get(t, builder)
	item := itemIDs(t, page)["6"]
	pdf := writePDF(t, "Cyber Security", "Annual cyber security report.")
	status, body := clerk.uploadWith(t, builder+"/items/"+item+"/papers", "cyber.pdf", bytes.NewReader(pdf), url.Values{"author_email": {"Lisa Gannon"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(visibleText(body), "author's email address in the correct format") {
		t.Errorf("a bad author address: %d", status)
	}
	status, _ = clerk.uploadWith(t, builder+"/items/"+item+"/papers", "cyber.pdf", bytes.NewReader(pdf),
		url.Values{"author": {"Lisa Gannon"}, "author_email": {"l.gannon@example.org"}})
	if status != http.StatusSeeOther {
		t.Fatalf("upload with an author: %d", status)
	}
	if status, _ := clerk.post(t, builder+"/publish", url.Values{"confirm_missing": {"yes"}}); status != http.StatusSeeOther {
		t.Fatalf("publish: %d", status)
	}
	emails, err := site.DB.MeetingEmails(context.Background(), next.ID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range emails {
		if e.Email == "l.gannon@example.org" {
			found = true
			if e.Entitled {
				t.Error("a report author is sent the members' pack")
			}
		}
	}
	if !found {
		t.Error("the report author is not sent the agenda")
	}
}
