package server

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"minutebook/dates"
	"minutebook/store"
)

// auditPerPage is how many entries a page of the audit log shows.
const auditPerPage = 50

// failedAttempts is the action filter's value for every failed sign-in and
// refused signing.
const failedAttempts = "failed"

// auditForm is the audit log's filters as typed, kept to fill the form again.
type auditForm struct {
	Action, Who, Meeting, From, To string
	Errors                         FieldErrors
}

// auditView is the audit log page: the filters, one page of entries and
// the links to the others.
type auditView struct {
	Form           auditForm
	ActionChoices  []choice
	MeetingChoices []choice
	Filtered       bool
	// FailedHref is the quick filter for failed attempts, empty when it is
	// already applied.
	FailedHref string
	Rows       []auditRow
	// Total is the count of entries the filters let through, as printed;
	// First and Last number the rows shown.
	Total       string
	First, Last int
	Page        int
	PageCount   int
	Pages       auditPages
}

// auditRow is an entry as the page shows it: its subject and detail with
// names in place of ids.
type auditRow struct {
	At       time.Time
	Datetime string
	Actor    string
	Name     string
	Address  string
	Action   string
	Subject  []textPart
	Detail   []textPart
}

// textPart is a run of text, a link when it has an Href.
type textPart struct {
	Text, Href string
}

// auditPages is the GOV.UK pagination of the log: the previous and next
// pages, and the numbered pages with a Gap for each ellipsis.
type auditPages struct {
	Prev, Next string
	Items      []auditPageItem
}

type auditPageItem struct {
	Number  int
	Href    string
	Current bool
	Gap     bool
}

func (s *Server) auditPage(c echo.Context) error {
	ctx := c.Request().Context()
	q := c.QueryParams()
	form := auditForm{Action: strings.TrimSpace(q.Get("action")), Who: strings.TrimSpace(q.Get("who")),
		Meeting: strings.TrimSpace(q.Get("meeting")), From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to"))}
	v := auditView{Form: form}
	filter := store.AuditFilter{Actor: form.Who, Limit: auditPerPage}

	actions, err := s.db.AuditActions(ctx)
	if err != nil {
		return err
	}
	v.ActionChoices = []choice{{Value: "", Text: "Any action"}, {Value: failedAttempts, Text: "Failed sign-ins and signing attempts"}}
	for _, a := range actions {
		v.ActionChoices = append(v.ActionChoices, choice{Value: a, Text: a, Group: "Actions recorded"})
	}
	switch {
	case form.Action == failedAttempts:
		filter.Actions = store.FailedAttempts
	case form.Action != "":
		filter.Actions = []string{form.Action}
	}

	meetings, err := s.db.AuditMeetings(ctx)
	if err != nil {
		return err
	}
	if form.Meeting != "" {
		// A meeting linked to that has no entries yet is still shown chosen.
		id, err := strconv.ParseInt(form.Meeting, 10, 64)
		m, found := store.Meeting{}, false
		if err == nil && id > 0 {
			if m, err = s.db.Meeting(ctx, id); err == nil {
				found = true
			} else if store.ErrorCode(err) != store.ENOTFOUND {
				return err
			}
		}
		if !found {
			v.Form.Errors.Add("meeting", "Choose a meeting from the list")
		} else if !slices.ContainsFunc(meetings, func(a store.AuditMeeting) bool { return a.ID == id }) {
			meetings = append(meetings, store.AuditMeeting{ID: m.ID, Body: m.Body, StartsAt: m.StartsAt})
			slices.SortFunc(meetings, func(a, b store.AuditMeeting) int {
				if c := strings.Compare(a.Body, b.Body); c != 0 {
					return c
				}
				return b.StartsAt.Compare(a.StartsAt)
			})
		}
		filter.MeetingID = id
	}
	v.MeetingChoices = []choice{{Value: "", Text: "Any meeting"}}
	for _, m := range meetings {
		v.MeetingChoices = append(v.MeetingChoices, choice{Value: strconv.FormatInt(m.ID, 10), Text: m.StartsAt.In(s.loc).Format("2 January 2006"), Group: m.Body})
	}

	var from, to dates.Date
	fromOK, toOK := true, true
	if form.From != "" {
		from, fromOK = readDateText("from", "the from date", form.From, &v.Form.Errors)
	}
	if form.To != "" {
		to, toOK = readDateText("to", "the to date", form.To, &v.Form.Errors)
	}
	if fromOK && toOK && !from.IsZero() && !to.IsZero() && to.Before(from) {
		v.Form.Errors.Add("to", "The to date must be the same as or after the from date")
	}
	if v.Form.Errors.Any() {
		return s.pages.render(c, http.StatusUnprocessableEntity, "audit", s.page(c, "/admin/audit", v))
	}
	if !from.IsZero() {
		filter.From = from.Time(s.loc)
	}
	if !to.IsZero() {
		filter.To = to.AddDays(1).Time(s.loc)
	}

	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	filter.Offset = (page - 1) * auditPerPage
	log, err := s.db.SearchAuditLog(ctx, filter)
	if err != nil {
		return err
	}
	pages := max((log.Total+auditPerPage-1)/auditPerPage, 1)
	if page > pages {
		page = pages
		filter.Offset = (page - 1) * auditPerPage
		if log, err = s.db.SearchAuditLog(ctx, filter); err != nil {
			return err
		}
	}

	for _, e := range log.Entries {
		row := auditRow{At: e.At, Datetime: e.At.Format(time.RFC3339), Actor: e.Actor, Name: e.ActorName, Address: e.Address, Action: e.Action,
			Subject: s.auditText(e.Subject, e, log, true), Detail: s.auditText(e.Detail, e, log, false)}
		v.Rows = append(v.Rows, row)
	}
	v.Total = thousands(log.Total)
	if len(v.Rows) > 0 {
		v.First, v.Last = filter.Offset+1, filter.Offset+len(v.Rows)
	}
	v.Filtered = form.Action+form.Who+form.Meeting+form.From+form.To != ""
	keep := url.Values{}
	for name, value := range map[string]string{"action": form.Action, "who": form.Who, "meeting": form.Meeting, "from": form.From, "to": form.To} {
		if value != "" {
			keep.Set(name, value)
		}
	}
	if form.Action != failedAttempts {
		failed := url.Values{"action": {failedAttempts}}
		v.FailedHref = "/admin/audit?" + failed.Encode()
	}
	v.Page, v.PageCount = page, pages
	v.Pages = auditPagination(keep, page, pages)
	return s.pages.render(c, http.StatusOK, "audit", s.page(c, "/admin/audit", v))
}

// meetingRef is how a subject names its meeting.
var meetingRef = regexp.MustCompile(`\bmeeting [1-9][0-9]*$`)

// auditText is an audit line's subject or detail with the meeting,
// committees, people and emails it names by id written out.
func (s *Server) auditText(text string, e store.AuditEntry, log store.AuditLogPage, subject bool) []textPart {
	if text == "" {
		return nil
	}
	if subject {
		if d, err := dates.ParseDate(text); err == nil {
			return []textPart{{Text: dates.LongDay(d.String())}}
		}
	}
	type span struct {
		start, end int
		part       textPart
		// echo is a name already written after the id, which the name
		// in place of the id makes twice.
		echo string
	}
	var spans []span
	if subject && e.MeetingBody != "" {
		if loc := meetingRef.FindStringIndex(text); loc != nil {
			spans = append(spans, span{start: loc[0], end: loc[1], part: textPart{
				Text: e.MeetingBody + ", " + e.MeetingAt.In(s.loc).Format("2 January 2006"),
				Href: "/meetings/" + strconv.FormatInt(e.MeetingID, 10)}})
		}
	}
	for _, r := range store.AuditRefs(text) {
		sp := span{start: r.Start, end: r.End}
		switch r.Kind {
		case "person":
			name, ok := log.People[r.ID]
			if !ok {
				continue
			}
			sp.part, sp.echo = textPart{Text: name}, name
		case "committee":
			name, ok := log.Committees[r.ID]
			if !ok {
				continue
			}
			sp.part = textPart{Text: name, Href: "/committees/" + strconv.FormatInt(r.ID, 10)}
		case "message":
			m, ok := log.Messages[r.ID]
			if !ok {
				continue
			}
			sp.part = textPart{Text: "the email to " + m.To}
		}
		spans = append(spans, sp)
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	var parts []textPart
	at := 0
	for _, sp := range spans {
		if sp.start < at {
			continue
		}
		if sp.start > at {
			parts = append(parts, textPart{Text: text[at:sp.start]})
		}
		parts = append(parts, sp.part)
		at = sp.end
		if sp.echo != "" {
			for _, sep := range []string{": ", ", "} {
				if rest := text[at:]; strings.HasPrefix(rest, sep+sp.echo) && !startsWord(rest[len(sep+sp.echo):]) {
					at += len(sep + sp.echo)
					break
				}
			}
		}
	}
	if at < len(text) {
		parts = append(parts, textPart{Text: text[at:]})
	}
	return parts
}

// startsWord is true when s goes on with a letter or digit: the name it
// follows is then only the start of a longer one.
func startsWord(s string) bool {
	if s == "" {
		return false
	}
	c := s[0]
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// auditPagination links the pages around this one, the first and the
// last, keeping the filters.
func auditPagination(keep url.Values, page, pages int) auditPages {
	href := func(n int) string {
		q := url.Values{}
		for k, v := range keep {
			q[k] = v
		}
		if n > 1 {
			q.Set("page", strconv.Itoa(n))
		}
		if len(q) == 0 {
			return "/admin/audit"
		}
		return "/admin/audit?" + q.Encode()
	}
	var p auditPages
	if pages <= 1 {
		return p
	}
	if page > 1 {
		p.Prev = href(page - 1)
	}
	if page < pages {
		p.Next = href(page + 1)
	}
	last := 0
	for n := 1; n <= pages; n++ {
		if n != 1 && n != pages && (n < page-1 || n > page+1) {
			continue
		}
		if last != 0 && n > last+1 {
			p.Items = append(p.Items, auditPageItem{Gap: true})
		}
		p.Items = append(p.Items, auditPageItem{Number: n, Href: href(n), Current: n == page})
		last = n
	}
	return p
}

// thousands writes n as "1,234".
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
