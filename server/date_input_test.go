package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// dateBoxes is a date input's three boxes as a form posts them.
func dateBoxes(name, day, month, year string) url.Values {
	return url.Values{name + "-day": {day}, name + "-month": {month}, name + "-year": {year}}
}

func withFields(v url.Values, more url.Values) url.Values {
	out := url.Values{}
	for _, m := range []url.Values{v, more} {
		for k, vs := range m {
			out[k] = vs
		}
	}
	return out
}

// htmlPage is a parsed page to look into as a person and a screen reader
// would.
type htmlPage struct {
	t    *testing.T
	root *html.Node
}

func parsePage(t *testing.T, page string) htmlPage {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	return htmlPage{t, doc}
}

func (p htmlPage) find(match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(p.root)
	return out
}

func (p htmlPage) byID(id string) *html.Node {
	p.t.Helper()
	found := p.find(func(n *html.Node) bool { return attr(n, "id") == id })
	if len(found) != 1 {
		p.t.Fatalf("%d elements with the id %q", len(found), id)
	}
	return found[0]
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, name string) bool {
	for _, a := range n.Attr {
		if a.Key == name {
			return true
		}
	}
	return false
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data + " ")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// summary is the error summary's links, as "#id message".
func (p htmlPage) summary() []string {
	var out []string
	for _, box := range p.find(func(n *html.Node) bool { return hasClass(n, "govuk-error-summary") }) {
		for _, a := range (htmlPage{p.t, box}).find(func(n *html.Node) bool { return n.Data == "a" }) {
			out = append(out, attr(a, "href")+" "+textOf(a))
		}
	}
	return out
}

// dateInput checks the date input of that id, whose boxes post as
// name-day and so on, shows the boxes as typed, its error above them, and
// marks only the boxes at fault.
func (p htmlPage) dateInput(id, name string, typed [3]string, message string, marked ...string) {
	p.t.Helper()
	group := p.byID(id).Parent.Parent // div.govuk-date-input, fieldset, form group
	for group != nil && !hasClass(group, "govuk-form-group") {
		group = group.Parent
	}
	if group == nil {
		p.t.Fatalf("the date input %s is not in a form group", id)
	}
	if got := hasClass(group, "govuk-form-group--error"); got != (message != "") {
		p.t.Errorf("%s: form group marked as in error: %v, want %v", id, got, message != "")
	}
	if message != "" {
		if got := textOf(p.byID(id + "-error")); got != "Error: "+message {
			p.t.Errorf("%s: error message %q, want %q", id, got, "Error: "+message)
		}
	}
	for i, box := range []string{"day", "month", "year"} {
		in := p.byID(id + "-" + box)
		if got := attr(in, "value"); got != typed[i] {
			p.t.Errorf("%s-%s holds %q, want %q as typed", id, box, got, typed[i])
		}
		want := false
		for _, m := range marked {
			want = want || m == box
		}
		if got := hasClass(in, "govuk-input--error"); got != want {
			p.t.Errorf("%s-%s marked in error: %v, want %v", id, box, got, want)
		}
		if attr(in, "name") != name+"-"+box || attr(in, "type") != "text" || attr(in, "inputmode") != "numeric" || !hasClass(in, "govuk-date-input__input") {
			p.t.Errorf("%s-%s is not a GOV.UK date input box: %v", id, box, in.Attr)
		}
	}
}

func noDatePickers(t *testing.T, page string, form string) {
	t.Helper()
	p := parsePage(t, page)
	for _, f := range p.find(func(n *html.Node) bool { return n.Data == "form" && attr(n, "action") == form }) {
		for _, in := range (htmlPage{t, f}).find(func(n *html.Node) bool { return n.Data == "input" }) {
			if typ := attr(in, "type"); typ == "date" || typ == "time" || typ == "datetime-local" {
				t.Errorf("the form %s has a browser picker: %s", form, attr(in, "id"))
			}
		}
	}
}

func TestScheduleAMeetingWithTheDateInput(t *testing.T) {
	site := newSite(t)
	clerk := site.signIn(t, "clerk@example.org")
	c := site.committeeNamed(t, pandr)
	_, page := clerk.get(t, "/clerk/meetings/new")
	noDatePickers(t, page, "/clerk/meetings")
	p := parsePage(t, page)
	p.dateInput("date", "date", [3]string{}, "")
	if got := textOf(p.byID("date-hint")); got != "For example, 29 12 2026" {
		t.Errorf("hint %q", got)
	}
	if fs := p.byID("date").Parent; fs.Data != "fieldset" || attr(fs, "role") != "group" || attr(fs, "aria-describedby") != "date-hint" ||
		!hasClass(p.byID("date-day"), "govuk-input--width-2") || !hasClass(p.byID("date-year"), "govuk-input--width-4") {
		t.Errorf("not the GOV.UK date input: %v", fs.Attr)
	}
	if got := attr(p.byID("time"), "value"); got != "10am" {
		t.Errorf("the time starts as %q, want 10am", got)
	}

	form := url.Values{"body": {itoa(c.ID)}, "time": {"10am"}}
	tests := []struct {
		name             string
		day, month, year string
		time             string
		summary          string
		marked           []string
	}{
		{"nothing", "", "", "", "10am", "#date-day Enter the date of the meeting", []string{"day", "month", "year"}},
		{"no month", "29", "", "2026", "10am", "#date-month The date of the meeting must include a month", []string{"month"}},
		{"no day or year", "", "12", "", "10am", "#date-day The date of the meeting must include a day and year", []string{"day", "year"}},
		{"not numbers", "x", "y", "2026", "10am", "#date-day The date of the meeting must be a real date", []string{"day", "month"}},
		{"30 February", "30", "2", "2027", "10am", "#date-day 30 February 2027 does not exist: February 2027 has 28 days", []string{"day"}},
		{"two-digit year", "29", "12", "26", "10am", "#date-year The date of the meeting must include the full year, for example 2026", []string{"year"}},
		{"month 13", "1", "13", "2027", "10am", "#date-month The date of the meeting must be a real date: there is no month 13", []string{"month"}},
		{"past", "15", "1", "2020", "10am", "#date-day The meeting must be in the future", []string{"day", "month", "year"}},
		{"beyond the record", "15", "1", "2300", "10am", "#date-year Enter a year from 1900 to 2199", []string{"year"}},
		{"a whole date in the day box", "29/02/2027", "", "", "10am", "#date-day 29 February 2027 does not exist: February 2027 has 28 days", []string{"day"}},
		{"25:00", "16", "12", "2026", "25:00", "#time The time of the meeting must be a real time: 25:00 does not exist, as the 24-hour clock goes up to 23:59", nil},
		{"13pm", "16", "12", "2026", "13pm", "#time The time of the meeting must be a real time: 13pm does not exist, enter 1pm or 13:00", nil},
		{"no time", "16", "12", "2026", "", "#time Enter the time of the meeting", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			post := withFields(form, dateBoxes("date", tt.day, tt.month, tt.year))
			post.Set("time", tt.time)
			status, body := clerk.post(t, "/clerk/meetings", post)
			if status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", status)
			}
			p := parsePage(t, body)
			if got := p.summary(); len(got) != 1 || got[0] != tt.summary {
				t.Errorf("error summary %q, want %q", got, tt.summary)
			}
			message := ""
			if tt.marked != nil {
				_, message, _ = strings.Cut(tt.summary, " ")
			}
			p.dateInput("date", "date", [3]string{tt.day, tt.month, tt.year}, message, tt.marked...)
			if got := attr(p.byID("time"), "value"); got != tt.time {
				t.Errorf("the time box holds %q, want %q as typed", got, tt.time)
			}
			if got := hasClass(p.byID("time"), "govuk-input--error"); got != (tt.marked == nil) {
				t.Errorf("the time box marked in error: %v", got)
			}
		})
	}

	for _, tt := range []struct {
		day, month, year, time string
		want                   time.Time
	}{
		{"27", "1", "2027", "2.30pm", time.Date(2027, 1, 27, 14, 30, 0, 0, london)},
		{"10 February 2027", "", "", "noon", time.Date(2027, 2, 10, 12, 0, 0, 0, london)},
		{"2027-02-17", "", "", "14:00", time.Date(2027, 2, 17, 14, 0, 0, 0, london)},
		{" 24 ", "Feb", "2027", "10.30 am", time.Date(2027, 2, 24, 10, 30, 0, 0, london)},
	} {
		post := withFields(form, dateBoxes("date", tt.day, tt.month, tt.year))
		post.Set("time", tt.time)
		if status, body := clerk.post(t, "/clerk/meetings", post); status != http.StatusSeeOther {
			t.Fatalf("schedule on %q %q %q at %q: %d %s", tt.day, tt.month, tt.year, tt.time, status, visibleText(body))
		}
		m := site.meetingOn(t, pandr, tt.want.Format("2006-01-02"))
		got, err := time.Parse(time.RFC3339, m.StartsAt)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("scheduled %q %q %q at %q: starts %s, want %s", tt.day, tt.month, tt.year, tt.time, m.StartsAt, tt.want)
		}
	}
}

func TestClosedDaysWithTheDateInput(t *testing.T) {
	site := newSite(t)
	admin := site.signIn(t, "admin@example.org")
	_, page := admin.get(t, "/admin/closed-days")
	noDatePickers(t, page, "/admin/closed-days")
	parsePage(t, page).dateInput("date", "date", [3]string{}, "")

	for _, tt := range []struct {
		day, month, year string
		summary          string
		marked           []string
	}{
		{"", "", "", "#date-day Enter the date the council is closed", []string{"day", "month", "year"}},
		{"31", "4", "2027", "#date-day 31 April 2027 does not exist: April 2027 has 30 days", []string{"day"}},
		{"24", "12", "", "#date-year The date the council is closed must include a year", []string{"year"}},
		{"24", "dec", "27", "#date-year The date the council is closed must include the full year, for example 2027", []string{"year"}},
	} {
		status, body := admin.post(t, "/admin/closed-days", withFields(dateBoxes("date", tt.day, tt.month, tt.year), url.Values{"reason": {"Christmas closure"}}))
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("%q %q %q: status %d, want 422", tt.day, tt.month, tt.year, status)
		}
		p := parsePage(t, body)
		if got := p.summary(); len(got) != 1 || got[0] != tt.summary {
			t.Errorf("error summary %q, want %q", got, tt.summary)
		}
		_, message, _ := strings.Cut(tt.summary, " ")
		p.dateInput("date", "date", [3]string{tt.day, tt.month, tt.year}, message, tt.marked...)
		if got := attr(p.byID("reason"), "value"); got != "Christmas closure" {
			t.Errorf("the reason holds %q", got)
		}
	}

	if status, body := admin.post(t, "/admin/closed-days", withFields(dateBoxes("date", "24", "December", "2027"), url.Values{"reason": {"Christmas Eve"}})); status != http.StatusSeeOther {
		t.Fatalf("add a closure day: %d %s", status, visibleText(body))
	}
	_, page = admin.get(t, "/admin/closed-days")
	if text := visibleText(page); !strings.Contains(text, "24 December 2027 Christmas Eve") {
		t.Errorf("the closure day is not listed:\n%s", text)
	}
	// The same day again is a problem with the whole date.
	status, body := admin.post(t, "/admin/closed-days", withFields(dateBoxes("date", "24/12/2027", "", ""), url.Values{"reason": {"Again"}}))
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("the same day twice: %d", status)
	}
	p := parsePage(t, body)
	if got := p.summary(); len(got) != 1 || !strings.HasPrefix(got[0], "#date-day ") || !strings.Contains(got[0], "already a closure day") {
		t.Errorf("error summary %q", got)
	}
	p.dateInput("date", "date", [3]string{"24/12/2027", "", ""}, strings.TrimPrefix(p.summary()[0], "#date-day "), "day", "month", "year")
}

func TestActionDueDateWithTheDateInput(t *testing.T) {
	site := newSite(t)
	c := site.committeeNamed(t, kcsp)
	next := site.nextMeeting(t, kcsp)
	site.meetingBegins(t, next)
	clerk := site.signIn(t, "m.dentten@example.org")
	editor := "/clerk/meetings/" + itoa(next.ID) + "/minutes"
	clerk.post(t, editor+"/start", url.Values{})
	set, err := site.DB.Minutes(t.Context(), next.ID)
	if err != nil || len(set.Items) < 3 {
		t.Fatalf("the draft minutes: %v", err)
	}
	minute, other := itoa(set.Items[2].ID), itoa(set.Items[1].ID)
	id := "action-" + minute + "-due"
	_, page := clerk.get(t, editor)
	noDatePickers(t, page, editor+"/"+minute+"/actions")
	parsePage(t, page).dateInput(id, "due", [3]string{}, "")

	action := url.Values{"description": {"Circulate the strategy"}, "owner": {itoa(c.Members[0].PersonID)}}
	for _, tt := range []struct {
		day, month, year string
		summary          string
		marked           []string
	}{
		{"31", "4", "2027", "#" + id + "-day 31 April 2027 does not exist: April 2027 has 30 days", []string{"day"}},
		{"", "3", "2027", "#" + id + "-day The date the action is due must include a day", []string{"day"}},
		{"31", "March", "", "#" + id + "-year The date the action is due must include a year", []string{"year"}},
		{"end of March", "", "", "#" + id + "-day The date the action is due must be a real date", []string{"day"}},
	} {
		status, body := clerk.post(t, editor+"/"+minute+"/actions", withFields(action, dateBoxes("due", tt.day, tt.month, tt.year)))
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("%q %q %q: status %d, want 422", tt.day, tt.month, tt.year, status)
		}
		p := parsePage(t, body)
		if got := p.summary(); len(got) != 1 || got[0] != tt.summary {
			t.Errorf("error summary %q, want %q", got, tt.summary)
		}
		_, message, _ := strings.Cut(tt.summary, " ")
		p.dateInput(id, "due", [3]string{tt.day, tt.month, tt.year}, message, tt.marked...)
		// The form is open to show its problem; another minute's is not
		// given what was typed.
		if details := p.byID(id).Parent; details != nil {
			for details != nil && details.Data != "details" {
				details = details.Parent
			}
			if details == nil || !hasAttr(details, "open") {
				t.Errorf("the action form with the problem is closed")
			}
		}
		p.dateInput("action-"+other+"-due", "due", [3]string{}, "")
	}

	if status, body := clerk.post(t, editor+"/"+minute+"/actions", withFields(action, dateBoxes("due", "31", "3", "2027"))); status != http.StatusSeeOther {
		t.Fatalf("record an action due on 31 March 2027: %d %s", status, visibleText(body))
	}
	if status, body := clerk.post(t, editor+"/"+minute+"/actions", url.Values{"description": {"Write to the Chief Constable"}}); status != http.StatusSeeOther {
		t.Fatalf("record an action with no date: %d %s", status, visibleText(body))
	}
	_, page = clerk.get(t, editor)
	text := visibleText(page)
	if !strings.Contains(text, "Circulate the strategy") || !strings.Contains(text, "31 March 2027") || !strings.Contains(text, "Write to the Chief Constable") {
		t.Errorf("the editor does not list the actions:\n%s", text)
	}
	if p := parsePage(t, page); len(p.find(func(n *html.Node) bool { return n.Data == "details" && hasAttr(n, "open") })) != 0 {
		t.Errorf("an action form is open with nothing to fix")
	}
}
