package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// pdfTool runs one of the PDF tools from Debian's qpdf and poppler-utils.
func pdfTool(t *testing.T, name string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("MINUTEBOOK_REQUIRE_BROWSER") != "" || os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed (make test installs it)", name)
		}
		t.Skipf("%s is not installed", name)
	}
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

// download saves what a user gets at path and returns the file's path.
func (u *user) download(t *testing.T, path string) (int, string) {
	t.Helper()
	status, body := u.get(t, path)
	file := filepath.Join(t.TempDir(), "download.pdf")
	if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return status, file
}

func pageText(t *testing.T, file string, page int) string {
	return pdfTool(t, "pdftotext", "-layout", "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), file, "-")
}

func TestPublishedAgendaPackMatchesTheAgenda(t *testing.T) {
	site := newSite(t)
	next := site.nextMeeting(t, pandr)
	public := site.anonymous(t)
	if status, _ := public.get(t, "/meetings/"+itoa(next.ID)+"/pack.pdf"); status != http.StatusNotFound {
		t.Errorf("the pack of an unpublished agenda answered %d to the public, want 404", status)
	}
	clerk := site.signIn(t, "clerk@example.org")
	if status, body := clerk.post(t, "/clerk/meetings/"+itoa(next.ID)+"/publish", url.Values{"confirm_missing": {"yes"}}); status != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", status, visibleText(body))
	}
	next = site.nextMeeting(t, pandr)

	status, file := public.download(t, "/meetings/"+itoa(next.ID)+"/pack.pdf")
	if status != http.StatusOK {
		t.Fatalf("public pack: %d", status)
	}
	pdfTool(t, "qpdf", "--check", file)
	info := pdfTool(t, "pdfinfo", file)
	pages, _ := strconv.Atoi(regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(info)[1])
	if !strings.Contains(info, "Policy and Resources Cabinet Committee") {
		t.Errorf("pdfinfo shows no title naming the committee:\n%s", info)
	}
	for p := 1; p <= pages; p++ {
		if text := pageText(t, file, p); !strings.Contains(text, fmt.Sprintf("Page %d", p)) {
			t.Errorf("page %d has no footer \"Page %d\"", p, p)
		}
	}
	front := pageText(t, file, 1) + pageText(t, file, 2)
	withPages := 0
	for _, it := range next.Agenda {
		if it.Part == 2 {
			if it.Pages != nil {
				t.Errorf("Part 2 item %s has public page numbers %+v", it.Number, it.Pages)
			}
			continue
		}
		if it.Pages == nil {
			continue
		}
		withPages++
		if it.Pages.From%2 != 1 {
			t.Errorf("item %s starts on page %d, an even page", it.Number, it.Pages.From)
		}
		want := fmt.Sprintf("(Pages %d - %d)", it.Pages.From, it.Pages.To)
		if !strings.Contains(strings.Join(strings.Fields(front), " "), want) {
			t.Errorf("the front sheet does not print item %s as %s", it.Number, want)
		}
		if first := strings.Join(strings.Fields(pageText(t, file, it.Pages.From)), " "); !strings.Contains(first, it.Title) {
			t.Errorf("page %d, where item %s starts, does not show its paper", it.Pages.From, it.Number)
		}
	}
	if withPages < 3 {
		t.Errorf("only %d items have page ranges after publication", withPages)
	}
	all := pdfTool(t, "pdftotext", file, "-")
	for _, banned := range []string{"EXEMPT - NOT FOR PUBLICATION", "Exempt - paragraph 3"} {
		if i := strings.Index(all, banned); i >= 0 {
			t.Errorf("the public pack carries exempt material: ...%s...", all[max(0, i-200):min(len(all), i+100)])
		}
	}

	// Signed out, the link in a member's email asks them to sign in; a
	// signed-in reader not entitled to it finds no such pack.
	req, _ := http.NewRequest(http.MethodGet, site.URL+"/meetings/"+itoa(next.ID)+"/pack-members.pdf", nil)
	if resp, err := public.client.Do(req); err != nil || resp.StatusCode != http.StatusSeeOther ||
		!strings.HasPrefix(resp.Header.Get("Location"), "/sign-in?next=%2Fmeetings%2F") {
		t.Errorf("public: the members' pack answered %v %v, want a redirect to sign in", resp, err)
	} else {
		resp.Body.Close()
	}
	if status, _ := site.signIn(t, "b.loose@example.org").get(t, "/meetings/"+itoa(next.ID)+"/pack-members.pdf"); status != http.StatusNotFound {
		t.Errorf("another committee's member: the members' pack answered %d, want 404", status)
	}
	member := site.signIn(t, "m.dawkins@example.org")
	status, membersFile := member.download(t, "/meetings/"+itoa(next.ID)+"/pack-members.pdf")
	if status != http.StatusOK {
		t.Fatalf("members' pack for a member: %d", status)
	}
	pdfTool(t, "qpdf", "--check", membersFile)
	if text := pdfTool(t, "pdftotext", membersFile, "-"); !strings.Contains(text, "EXEMPT - NOT FOR PUBLICATION") {
		t.Error("the members' pack does not mark its exempt pages")
	}
}

func TestAPaperToFollowGoesOutAsASupplement(t *testing.T) {
	site := newSite(t)
	next := site.nextMeeting(t, pandr)
	clerk := site.signIn(t, "clerk@example.org")
	builder := "/clerk/meetings/" + itoa(next.ID)
	if status, _ := clerk.post(t, builder+"/items", url.Values{"title": {"Draft Revenue and Capital Budget"}, "to_follow": {"yes"}}); status != http.StatusSeeOther {
		t.Fatalf("add an item to follow: %d", status)
	}
	if status, body := clerk.post(t, builder+"/publish", url.Values{"confirm_missing": {"yes"}}); status != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", status, visibleText(body))
	}
	public := site.anonymous(t)
	_, published := public.download(t, "/meetings/"+itoa(next.ID)+"/pack.pdf")
	before := pdfTool(t, "pdftotext", published, "-")
	if status, _ := public.get(t, "/meetings/"+itoa(next.ID)+"/pack-supplementary.pdf"); status != http.StatusNotFound {
		t.Errorf("a supplementary pack before any paper followed: %d, want 404", status)
	}

	_, page := clerk.get(t, builder)
	ids := itemIDs(t, page)
	budget := ids["10"]
	status, body := clerk.upload(t, builder+"/items/"+budget+"/papers", "budget.pdf",
		strings.NewReader(string(writePDF(t, "Draft Revenue and Capital Budget", "The draft budget for 2027-28."))))
	if status != http.StatusSeeOther {
		t.Fatalf("upload the paper that was to follow: %d %s", status, visibleText(body))
	}
	// Nothing goes out until the clerk has seen what it sends.
	if pubs, err := site.DB.Publications(t.Context(), next.ID); err != nil || len(pubs) != 1 {
		t.Fatalf("publications after the upload, before sending: %+v %v", pubs, err)
	}
	if status, _ := public.get(t, "/meetings/"+itoa(next.ID)+"/pack-supplementary.pdf"); status != http.StatusNotFound {
		t.Errorf("a supplementary pack before the clerk sent it: %d, want 404", status)
	}
	if _, page := public.get(t, "/meetings/"+itoa(next.ID)); strings.Contains(page, "Draft Revenue and Capital Budget</a>") {
		t.Error("the public can open a paper the clerk has not sent")
	}
	_, page = clerk.get(t, builder+"/publication")
	held := regexp.MustCompile(`/held/(\d+)/send`).FindStringSubmatch(page)
	if held == nil || !strings.Contains(visibleText(page), "Sending it publishes a supplementary agenda for item 10") {
		t.Fatalf("the publication page does not offer the held paper:\n%s", visibleText(page))
	}
	status, preview := clerk.download(t, builder+"/held/"+held[1]+"/preview.pdf")
	if status != http.StatusOK {
		t.Fatalf("preview: %d", status)
	}
	pdfTool(t, "qpdf", "--check", preview)
	if text := strings.Join(strings.Fields(pdfTool(t, "pdftotext", preview, "-")), " "); !strings.Contains(text, "SUPPLEMENTARY AGENDA") ||
		!strings.Contains(text, "The draft budget for 2027-28.") {
		t.Errorf("the preview is not the supplementary agenda:\n%s", text)
	}
	if status, body := clerk.post(t, builder+"/held/"+held[1]+"/send", url.Values{}); status != http.StatusSeeOther {
		t.Fatalf("send the supplement: %d %s", status, visibleText(body))
	}
	if status, _ := clerk.post(t, builder+"/held/"+held[1]+"/send", url.Values{}); status != http.StatusNotFound {
		t.Errorf("sending the same paper twice: %d, want 404", status)
	}
	pubs, err := site.DB.Publications(t.Context(), next.ID)
	if err != nil {
		t.Fatal(err)
	}
	if last := pubs[len(pubs)-1]; last.Kind != "supplementary" {
		t.Errorf("last publication = %+v, want a supplementary agenda", last)
	}
	_, again := public.download(t, "/meetings/"+itoa(next.ID)+"/pack.pdf")
	if after := pdfTool(t, "pdftotext", again, "-"); after != before {
		t.Error("the published agenda pack changed when a paper followed")
	}
	status, supplement := public.download(t, "/meetings/"+itoa(next.ID)+"/pack-supplementary.pdf")
	if status != http.StatusOK {
		t.Fatalf("supplementary pack: %d", status)
	}
	pdfTool(t, "qpdf", "--check", supplement)
	text := strings.Join(strings.Fields(pdfTool(t, "pdftotext", supplement, "-")), " ")
	for _, want := range []string{"SUPPLEMENTARY AGENDA", "The draft budget for 2027-28.", "Page 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("the supplementary pack lacks %q", want)
		}
	}
	if strings.Contains(text, "Risk register") || strings.Contains(text, "Stanhope Road") {
		t.Error("the supplementary pack carries papers that went out with the agenda")
	}
	_, page = public.get(t, "/meetings/"+itoa(next.ID))
	if !strings.Contains(visibleText(page), "Supplementary agenda pack") {
		t.Error("the meeting page does not offer the supplementary pack")
	}
}

func TestSignedMinutesAsPDFAndVerified(t *testing.T) {
	site := newSite(t)
	held := site.meetingOn(t, pandr, "2024-11-27")
	public := site.anonymous(t)
	status, file := public.download(t, "/meetings/"+itoa(held.ID)+"/minutes.pdf")
	if status != http.StatusOK {
		t.Fatalf("minutes.pdf: %d", status)
	}
	pdfTool(t, "qpdf", "--check", file)
	text := strings.Join(strings.Fields(pdfTool(t, "pdftotext", file, "-")), " ")
	for _, want := range []string{"PRESENT:", "Mr D L Brazier (Chairman)", "238. 24/00100", "(Item 9)", "Mr Hook wished for it to be recorded",
		"Recorded vote. Against (1): Mr Hook (recorded at their request).", "Approved as a correct record at the meeting on 15 January 2025.",
		"APOLOGIES:", "Signed by the Chairman"} {
		if !strings.Contains(text, want) {
			t.Errorf("the minutes PDF lacks %q", want)
		}
	}
	_, body := public.get(t, "/meetings/"+itoa(held.ID)+"/minutes/verify")
	if got := visibleText(body); !strings.Contains(got, "The minutes are as signed") || !strings.Contains(got, *held.SHA256) {
		t.Errorf("the verify page:\n%s", got)
	}
	if status, _ := public.get(t, "/meetings/"+itoa(site.nextMeeting(t, pandr).ID)+"/minutes/verify"); status != http.StatusNotFound {
		t.Errorf("verifying a meeting without signed minutes: %d", status)
	}
}

func TestMinutesPDFPrintsTheMarkdownAsThePageShowsIt(t *testing.T) {
	site := newSite(t)
	jan := site.meetingOn(t, pandr, "2025-01-15")
	clerk := site.signIn(t, "clerk@example.org")
	clerk.post(t, "/clerk/meetings/"+itoa(jan.ID)+"/minutes/start", url.Values{})
	set, err := site.DB.Minutes(t.Context(), jan.ID)
	if err != nil || set == nil {
		t.Fatalf("no draft minutes: %v", err)
	}
	text := "Apologies were received from:\n\n- **Mr A Brady**\n- *Ms M Dawkins*\n\nSee [the Constitution](https://www.kent.gov.uk/constitution)."
	if status, _ := clerk.post(t, "/clerk/meetings/"+itoa(jan.ID)+"/minutes/"+itoa(set.Items[0].ID), url.Values{"text": {text}}); status != http.StatusSeeOther {
		t.Fatalf("saving the minute: %d", status)
	}
	clerk.post(t, "/clerk/meetings/"+itoa(jan.ID)+"/minutes/advance", url.Values{"to": {"unconfirmed"}, "confirm_empty": {"yes"}})
	status, file := site.anonymous(t).download(t, "/meetings/"+itoa(jan.ID)+"/minutes.pdf")
	if status != http.StatusOK {
		t.Fatalf("minutes.pdf: %d", status)
	}
	pdfTool(t, "qpdf", "--check", file)
	printed := strings.Join(strings.Fields(pdfTool(t, "pdftotext", "-layout", file, "-")), " ")
	for _, want := range []string{"• Mr A Brady", "• Ms M Dawkins", "the Constitution (https://www.kent.gov.uk/constitution)", "Page 1 of"} {
		if !strings.Contains(printed, want) {
			t.Errorf("the minutes PDF lacks %q:\n%s", want, printed)
		}
	}
	for _, raw := range []string{"**", "](", "- *"} {
		if strings.Contains(printed, raw) {
			t.Errorf("the minutes PDF prints the Markdown %q as typed", raw)
		}
	}
	if outline := pdfTool(t, "qpdf", "--json", "--json-key=outlines", file); !strings.Contains(outline, "240. Apologies and Substitutes") {
		t.Errorf("no bookmark for minute 240:\n%.2000s", outline)
	}
}
