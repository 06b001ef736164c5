package server_test

import (
	"context"
	"fmt"
	"html"
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

// auditRows are the visible text of the audit table's rows.
func auditRows(t testing.TB, page string) []string {
	t.Helper()
	body := regexp.MustCompile(`(?s)<tbody class="govuk-table__body">(.*?)</tbody>`).FindStringSubmatch(page)
	if body == nil {
		return nil
	}
	var rows []string
	for _, r := range regexp.MustCompile(`(?s)<tr class="govuk-table__row">(.*?)</tr>`).FindAllStringSubmatch(body[1], -1) {
		rows = append(rows, visibleText(r[1]))
	}
	return rows
}

func auditGet(t testing.TB, admin *user, query url.Values) (int, string) {
	t.Helper()
	return admin.get(t, "/admin/audit?"+query.Encode())
}

func TestAuditLogNamesWhatItRecords(t *testing.T) {
	site := newSite(t)
	next := site.nextMeeting(t, pandr)

	// A wrong password at sign-in, on a summer afternoon.
	site.setNow(time.Date(2026, 6, 15, 14, 8, 0, 0, time.UTC))
	if status, _ := site.anonymous(t).post(t, "/sign-in", url.Values{"email": {"nobody@example.org"}, "password": {"guess"}}); status != http.StatusUnauthorized {
		t.Fatalf("a wrong password: %d, want 401", status)
	}
	site.setNow(demoDay)

	clerk := site.signIn(t, "clerk@example.org")
	builder := "/clerk/meetings/" + itoa(next.ID)
	if status, body := clerk.post(t, builder+"/items", url.Values{"title": {"Cyber Security"}, "to_follow": {"yes"}}); status != http.StatusSeeOther {
		t.Fatalf("add an agenda item: %d\n%s", status, visibleText(body))
	}
	attendance := builder + "/attendance"
	_, body := clerk.get(t, attendance)
	jeffrey := optionValue(t, body, "also-present-person", "Mr D Jeffrey")
	if status, _ := clerk.post(t, attendance+"/also-present", url.Values{"person": {jeffrey}}); status != http.StatusSeeOther {
		t.Fatalf("a councillor also present: %d", status)
	}

	// The Chairman mistyping the password when signing minutes.
	chair := site.signIn(t, "d.brazier@example.org")
	if status, _ := chair.post(t, "/meetings/"+itoa(next.ID)+"/minutes/sign", url.Values{"password": {"not my password"}}); status != http.StatusSeeOther {
		t.Fatalf("signing with a wrong password: %d", status)
	}

	admin := site.signIn(t, "admin@example.org")
	status, page := admin.get(t, "/admin/audit")
	if status != http.StatusOK {
		t.Fatalf("the audit log: %d", status)
	}
	text := visibleText(page)
	meetingName := pandr + ", " + startsLocal(t, next).Format("2 January 2006")
	for _, want := range []string{
		"agenda item added: " + meetingName,
		"also present recorded: " + meetingName + " Mr D Jeffrey",
		"Monday 15 June 2026, 3.08 pm nobody@example.org",
		"minutes signing refused: " + meetingName + " wrong password",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the audit log lacks %q:\n%s", want, text)
		}
	}
	if !strings.Contains(page, `<a class="govuk-link" href="/meetings/`+itoa(next.ID)+`">`+html.EscapeString(meetingName)+`</a>`) {
		t.Errorf("the meeting is not linked to its page")
	}
	for _, id := range []string{"meeting " + itoa(next.ID), "person " + jeffrey} {
		if strings.Contains(text, id) {
			t.Errorf("the audit log shows %q rather than a name", id)
		}
	}

	filters := []struct {
		name  string
		query url.Values
		want  func(row string) bool
	}{
		{"action", url.Values{"action": {"agenda item added"}}, func(r string) bool { return strings.Contains(r, "agenda item added") }},
		{"failed attempts", url.Values{"action": {"failed"}}, func(r string) bool {
			return strings.Contains(r, "sign-in failed") || strings.Contains(r, "minutes signing refused")
		}},
		{"who", url.Values{"who": {"CLERK@"}}, func(r string) bool { return strings.Contains(r, "clerk@example.org") }},
		{"meeting", url.Values{"meeting": {itoa(next.ID)}}, func(r string) bool { return strings.Contains(r, meetingName) }},
		{"dates", url.Values{"from": {"14/6/2026"}, "to": {"2026-06-15"}}, func(r string) bool { return strings.Contains(r, "15 June 2026") }},
	}
	_, all := admin.get(t, "/admin/audit")
	total := len(auditRows(t, all))
	for _, f := range filters {
		status, page := auditGet(t, admin, f.query)
		rows := auditRows(t, page)
		if status != http.StatusOK || len(rows) == 0 || len(rows) >= total {
			t.Errorf("filter by %s: %d, %d of %d rows", f.name, status, len(rows), total)
		}
		for _, r := range rows {
			if !f.want(r) {
				t.Errorf("filter by %s let through %q", f.name, r)
			}
		}
		for name, values := range f.query {
			if !keeps(page, name, values[0]) {
				t.Errorf("filter by %s: the form lost %s=%q", f.name, name, values[0])
			}
		}
	}
	_, page = auditGet(t, admin, url.Values{"action": {"failed"}})
	if rows := auditRows(t, page); len(rows) != 2 {
		t.Errorf("failed attempts: %q, want the wrong password at sign-in and at signing", rows)
	}
	if !strings.Contains(page, `<option value="failed" selected>Failed sign-ins and signing attempts</option>`) {
		t.Error("the failed attempts filter is not shown chosen")
	}
}

// startsLocal is the meeting's time in the council's zone.
func startsLocal(t testing.TB, m meetingDetail) time.Time {
	at, err := time.Parse(time.RFC3339, m.StartsAt)
	if err != nil {
		t.Fatal(err)
	}
	return at.In(london)
}

func TestAuditLogPages(t *testing.T) {
	site := newSite(t)
	admin := site.signIn(t, "admin@example.org")
	// More entries than twenty pages hold, written by the store's Audit as
	// every action writes them.
	err := site.DB.Update(context.Background(), func(tx *store.Tx) error {
		for i := 1; i <= 1020; i++ {
			if err := tx.Audit(store.AuditEntry{Actor: fmt.Sprintf("tester%04d@example.org", i), Address: "192.0.2.1", Action: "sign-in failed"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	query := url.Values{"action": {"sign-in failed"}, "who": {"tester"}}
	_, page := auditGet(t, admin, query)
	rows := auditRows(t, page)
	if len(rows) != 50 || !strings.Contains(rows[0], "tester1020@") || !strings.Contains(rows[49], "tester0971@") {
		t.Fatalf("page 1: %d rows, %q to %q", len(rows), rows[0], rows[len(rows)-1])
	}
	if !strings.Contains(visibleText(page), "Showing 1 to 50 of 1,020 entries") {
		t.Errorf("page 1 does not say which entries it shows:\n%s", visibleText(page))
	}
	next := regexp.MustCompile(`<div class="govuk-pagination__next">\s*<a class="govuk-link govuk-pagination__link" href="([^"]+)" rel="next">`).FindStringSubmatch(page)
	if next == nil {
		t.Fatal("page 1 has no link to the next page")
	}
	link, err := url.Parse(html.UnescapeString(next[1]))
	if err != nil {
		t.Fatal(err)
	}
	if link.Query().Get("page") != "2" || link.Query().Get("who") != "tester" || link.Query().Get("action") != "sign-in failed" {
		t.Errorf("the next page's link %q loses the filters", link)
	}
	_, page = admin.get(t, link.String())
	rows = auditRows(t, page)
	if len(rows) != 50 || !strings.Contains(rows[0], "tester0970@") || !strings.Contains(visibleText(page), "Showing 51 to 100 of 1,020 entries") {
		t.Errorf("page 2: %d rows from %q\n%s", len(rows), rows[0], visibleText(page))
	}
	for _, want := range []string{`aria-label="Page 1"`, `aria-label="Page 2" aria-current="page"`, `aria-label="Page 3"`, `govuk-pagination__item--ellipses`, `aria-label="Page 21"`, `rel="prev"`, `rel="next"`} {
		if !strings.Contains(page, want) {
			t.Errorf("page 2's pagination lacks %s", want)
		}
	}
	if strings.Contains(page, `aria-label="Page 4"`) {
		t.Error("page 2 links every page rather than those around it")
	}
	query.Set("page", "21")
	_, page = auditGet(t, admin, query)
	if rows := auditRows(t, page); len(rows) != 20 || !strings.Contains(rows[19], "tester0001@") || strings.Contains(page, `rel="next"`) {
		t.Errorf("the last page: %d rows", len(rows))
	}
}

func TestAuditLogRefusesAnImpossibleDate(t *testing.T) {
	site := newSite(t)
	admin := site.signIn(t, "admin@example.org")
	for _, c := range []struct {
		from, to, meeting, field, message string
	}{
		{"31/02/2026", "", "", "from", "31 February 2026 does not exist: February 2026 has 28 days"},
		{"yesterday", "", "", "from", "The from date must be a real date"},
		{"29/12/26", "", "", "from", "The from date must include the full year, for example 2026"},
		{"", "2026-13-01", "", "to", "The to date must be a real date: there is no month 13"},
		{"2/12/2026", "1/12/2026", "", "to", "The to date must be the same as or after the from date"},
		{"", "", "999999", "meeting", "Choose a meeting from the list"},
	} {
		status, page := auditGet(t, admin, url.Values{"from": {c.from}, "to": {c.to}, "meeting": {c.meeting}, "who": {"clerk@"}})
		if status != http.StatusUnprocessableEntity {
			t.Errorf("from %q to %q: %d, want 422", c.from, c.to, status)
		}
		summary := regexp.MustCompile(`(?s)<div class="govuk-error-summary".*?</div>\s*</div>\s*</div>`).FindString(page)
		if !strings.Contains(summary, `<a href="#`+c.field+`">`+c.message+`</a>`) {
			t.Errorf("from %q to %q: the error summary lacks %q:\n%s", c.from, c.to, c.message, summary)
		}
		if !strings.Contains(page, `<p id="`+c.field+`-error" class="govuk-error-message">`) {
			t.Errorf("from %q to %q: no error by the %s field", c.from, c.to, c.field)
		}
		for name, value := range map[string]string{"from": c.from, "to": c.to, "who": "clerk@"} {
			if value != "" && !keeps(page, name, value) {
				t.Errorf("from %q to %q: the form lost %s", c.from, c.to, name)
			}
		}
		if !strings.HasPrefix(titleOf(page), "Error: ") || len(auditRows(t, page)) != 0 {
			t.Errorf("from %q to %q: title %q, %d rows", c.from, c.to, titleOf(page), len(auditRows(t, page)))
		}
	}
}

// keeps is true when the form shows the value typed or chosen for the
// field.
func keeps(page, name, value string) bool {
	v := html.EscapeString(value)
	if regexp.MustCompile(`<input[^>]* name="` + name + `"[^>]* value="` + regexp.QuoteMeta(v) + `"`).MatchString(page) {
		return true
	}
	sel := regexp.MustCompile(`(?s)<select[^>]* name="` + name + `"[^>]*>(.*?)</select>`).FindStringSubmatch(page)
	return sel != nil && strings.Contains(sel[1], `<option value="`+v+`" selected>`)
}

func titleOf(page string) string {
	m := regexp.MustCompile(`(?s)<title>(.*?)</title>`).FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return strings.TrimSpace(html.UnescapeString(m[1]))
}

func TestAuditLogIsForAdministrators(t *testing.T) {
	site := newSite(t)
	for _, email := range []string{"clerk@example.org", "d.brazier@example.org", "m.dawkins@example.org"} {
		if status, _ := site.signIn(t, email).get(t, "/admin/audit?action=failed"); status != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", email, status)
		}
	}
	status, _ := site.anonymous(t).get(t, "/admin/audit?action=failed")
	if status != http.StatusSeeOther && status != http.StatusFound {
		t.Errorf("signed out: %d, want a redirect to sign in", status)
	}
}

// TestAuditLogIsAccessible checks the log, a page of it further on, its
// filters applied and a filter refused, in headless Chromium.
func TestAuditLogIsAccessible(t *testing.T) {
	if _, err := os.Stat("../static/build/app.css"); err != nil && os.Getenv("MINUTEBOOK_REQUIRE_BROWSER") == "" {
		t.Skip("the styles are not built: run make assets")
	}
	b := browsertest.Start(t)
	site := newSite(t)
	next := site.nextMeeting(t, pandr)
	site.anonymous(t).post(t, "/sign-in", url.Values{"email": {"clerk@example.org"}, "password": {"wrong password"}})
	clerk := site.signIn(t, "clerk@example.org")
	for i := range 60 {
		if status, _ := clerk.post(t, "/clerk/meetings/"+itoa(next.ID)+"/items", url.Values{"title": {fmt.Sprintf("Item %d", i)}}); status != http.StatusSeeOther {
			t.Fatalf("add an agenda item: %d", status)
		}
	}
	b.SignIn(t, site.URL, "admin@example.org", fixtures.DemoPassword)
	for _, path := range []string{"/admin/audit", "/admin/audit?page=2", "/admin/audit?action=failed&who=clerk", "/admin/audit?meeting=" + itoa(next.ID) + "&from=31/2/2026"} {
		t.Run(path, func(t *testing.T) { b.AssertAccessible(t, site.URL+path) })
	}
	text := b.Submit(t, site.URL+"/admin/audit", []browsertest.Field{
		{Selector: "#action", Text: "failed", Select: true},
		{Selector: "#from", Text: "2/11/2026"},
	}, `form[action="/admin/audit"] button[type="submit"]`)
	if !strings.Contains(text, "Showing 1 to 1 of 1 entry") || !strings.Contains(text, "127.0.0.1\tsign-in failed") || strings.Contains(text, "agenda item added: ") {
		t.Errorf("the failed attempts since 2 November:\n%s", text)
	}
}
