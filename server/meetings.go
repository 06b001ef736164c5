package server

import (
	"context"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"minutebook/dates"
	"minutebook/store"
)

// parseID reads a positive integer path parameter.
func parseID(c echo.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id < 1 {
		return 0, badRequest("%q is not a valid %s: it should be a whole number such as 12.", c.Param(name), name)
	}
	return id, nil
}

// agendaRow is an agenda item with the papers the asker may read.
type agendaRow struct {
	store.AgendaItem
	Papers []store.Report
	// Decisions are the executive decisions the item considered.
	Decisions []link
}

// meetingView is everything a meeting's page and its API answer show.
type meetingView struct {
	Meeting             store.Meeting
	Body                store.Body
	Agenda              []store.AgendaItem
	OpenItems           []agendaRow
	ExemptItems         []agendaRow
	ExclusionParagraphs []int
	PublishBy           dates.Date
	Minutes             *store.MinuteSet
	Present             []store.Attendee
	Substitutes         []store.Attendee
	Apologies           []store.Attendee
	AlsoPresent         []store.Attendee
	InAttendance        []store.Attendee
	// Papers are the papers the asker may read, by agenda item.
	Papers map[int64][]store.Report
	// Entitled is true when the asker may read the body's exempt papers.
	Entitled bool
	// Supplement is true when papers went out in a supplementary agenda.
	Supplement bool
	// Draft is true when the agenda is not published yet and the asker may
	// not see it: the public sees a meeting's agenda once it is published.
	Draft bool
	// CanSign is true for the Chairman when the minutes await signature.
	CanSign bool
	// SignErrors are the problems with the Chairman's signature form.
	SignErrors FieldErrors
}

func (s *Server) loadMeeting(ctx context.Context, id int64, u *store.User) (*meetingView, error) {
	m, err := s.db.Meeting(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &meetingView{Meeting: m}
	if v.Body, err = s.db.Body(ctx, m.BodyID); err != nil {
		return nil, err
	}
	if v.Agenda, err = s.db.AgendaItems(ctx, id); err != nil {
		return nil, err
	}
	// A draft agenda is the clerk's work in progress; past meetings show
	// theirs whether or not the publication was recorded.
	if m.PublishedAt == nil && m.StartsAt.After(s.now()) && (u == nil || !store.ClerksBody(*u, m.BodyID)) {
		v.Draft, v.Agenda = true, nil
	}
	paragraphs := map[int]bool{}
	for _, p := range m.ExclusionParagraphs {
		paragraphs[p] = true
	}
	for _, a := range v.Agenda {
		if a.Part == 2 {
			paragraphs[a.ExemptParagraph] = true
		}
	}
	for p := 1; p <= 7; p++ {
		if paragraphs[p] {
			v.ExclusionParagraphs = append(v.ExclusionParagraphs, p)
		}
	}
	v.PublishBy = s.agenda.PublishBy(v.Meeting, v.Body)
	if v.Entitled, err = s.entitled(ctx, u, v.Body.ID); err != nil {
		return nil, err
	}
	reports, err := s.db.Reports(ctx, id)
	if err != nil {
		return nil, err
	}
	consulted, err := s.db.ConsultedDecisions(ctx, id)
	if err != nil {
		return nil, err
	}
	v.Papers = map[int64][]store.Report{}
	for _, a := range v.Agenda {
		v.Supplement = v.Supplement || (a.Supplement && a.Part == 1)
		row := agendaRow{AgendaItem: a}
		for _, ref := range consulted[a.ID] {
			row.Decisions = append(row.Decisions, link{Href: decisionHref(store.Decision{Reference: ref}), Label: "Decision " + ref})
		}
		if s.mayRead(u, v.Meeting, a, v.Entitled) {
			row.Papers = reports[a.ID]
			v.Papers[a.ID] = reports[a.ID]
		}
		if a.Part == 2 {
			v.ExemptItems = append(v.ExemptItems, row)
		} else {
			v.OpenItems = append(v.OpenItems, row)
		}
	}
	if v.Minutes, err = s.db.Minutes(ctx, id); err != nil {
		return nil, err
	}
	// Draft minutes, and those with the Chairman for comment, are not yet
	// published: others read the last published version, if any.
	if v.Minutes != nil && v.Minutes.Editable() &&
		(u == nil || !(store.ClerksBody(*u, m.BodyID) || (v.Minutes.Status == "chair-review" && s.chairs(ctx, *u, m.BodyID)))) {
		if v.Minutes, err = s.db.PublishedMinutes(ctx, id); err != nil {
			return nil, err
		}
	}
	attendance, err := s.db.Attendance(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, a := range attendance {
		switch a.Kind {
		case "present":
			v.Present = append(v.Present, a)
		case "substitute":
			v.Substitutes = append(v.Substitutes, a)
		case "apologies":
			v.Apologies = append(v.Apologies, a)
		case "also-present":
			v.AlsoPresent = append(v.AlsoPresent, a)
		case "in-attendance":
			v.InAttendance = append(v.InAttendance, a)
		}
	}
	return v, nil
}

// today is the council's current date.
func (s *Server) today() dates.Date { return dates.DateOf(s.now().In(s.loc)) }

// startOfDay is local midnight of d, as an instant.
func (s *Server) startOfDay(d dates.Date) time.Time { return d.Time(s.loc) }

// entitled reports whether u may read the body's exempt papers.
func (s *Server) entitled(ctx context.Context, u *store.User, bodyID int64) (bool, error) {
	if u == nil {
		return false, nil
	}
	return s.db.EntitledToExempt(ctx, *u, bodyID, s.today().String())
}
