package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"minutebook/dates"
	"minutebook/paths"
	"minutebook/store"
)

// meetingListRoutes registers the pages that find a clerk's or a member's
// own meetings, past and to come.
func (s *Server) meetingListRoutes(e *echo.Echo) {
	e.GET("/clerk/committees/:id/meetings", s.committeeMeetingsPage, s.requireRole(store.RoleAdmin, store.RoleClerk))
	e.GET(paths.MyMeetings, s.myMeetingsPage, s.requireRole(store.RoleAdmin, store.RoleClerk, store.RoleChair, store.RoleMember))
}

// committeeMeetingsPage lists every meeting of one of the clerk's
// committees in a year, past ones too, with where to manage each: the
// workspace itself shows only what is coming up or still to do.
func (s *Server) committeeMeetingsPage(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	body, err := s.db.Body(ctx, id)
	if err != nil {
		return err
	}
	if !store.ClerksBody(*currentUser(c), body.ID) {
		return store.Errorf(store.EFORBIDDEN, "You do not clerk the %s.", body.Name)
	}
	thisYear := s.now().In(s.loc).Year()
	year := thisYear
	if y := c.QueryParam("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || !dates.InRecordedYears(n) {
			return badRequest("%q is not a year: use four digits, for example ?year=2024.", y)
		}
		year = n
	}
	meetings, err := s.db.MeetingsWithMinutes(ctx, store.MeetingFilter{BodyID: body.ID,
		From: s.startOfDay(dates.NewDate(year, 1, 1)), To: s.startOfDay(dates.NewDate(year+1, 1, 1))})
	if err != nil {
		return err
	}
	// The years run from the committee's first meeting to its last, or to
	// this year if that is later.
	first, last := thisYear, thisYear
	if m, err := s.db.Meetings(ctx, store.MeetingFilter{BodyID: body.ID, Limit: 1}); err != nil {
		return err
	} else if len(m) > 0 {
		first = min(first, m[0].StartsAt.In(s.loc).Year())
	}
	if m, err := s.db.Meetings(ctx, store.MeetingFilter{BodyID: body.ID, Newest: true, Limit: 1}); err != nil {
		return err
	} else if len(m) > 0 {
		last = max(last, m[0].StartsAt.In(s.loc).Year())
	}
	data := struct {
		Body                 store.Body
		Year, Earlier, Later int
		Meetings             []minutesRow
	}{Body: body, Year: year}
	if year > first && dates.InRecordedYears(year-1) {
		data.Earlier = year - 1
	}
	if year < last && dates.InRecordedYears(year+1) {
		data.Later = year + 1
	}
	for _, m := range meetings {
		data.Meetings = append(data.Meetings, s.newMinutesRow(m))
	}
	return s.pages.render(c, http.StatusOK, "clerk-committee-meetings", s.page(c, "/clerk", data,
		link{Href: "/clerk", Label: "Clerk's workspace"}))
}
