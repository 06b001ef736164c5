package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"minutebook/dates"
	"minutebook/store"
)

// meetingForm schedules or moves a meeting.
type meetingForm struct {
	BodyID       string
	Date         string
	Time         string
	Venue        string
	Reason       string
	Bodies       []store.Body
	Errors       FieldErrors
	startsAt     time.Time
	parsedBodyID int64
}

// BodyChoices are the committees the clerk may schedule a meeting of.
func (f *meetingForm) BodyChoices() []choice {
	list := make([]choice, len(f.Bodies))
	for i, b := range f.Bodies {
		list[i] = choice{Value: strconv.FormatInt(b.ID, 10), Text: b.Name}
	}
	return list
}

// validate checks the form as a meeting that has yet to happen: creating
// and rescheduling share the rule that a meeting is in the future.
func (f *meetingForm) validate(loc *time.Location, now time.Time, needBody bool) bool {
	f.Errors = nil
	if needBody {
		id, err := strconv.ParseInt(f.BodyID, 10, 64)
		if err != nil || id < 1 {
			f.Errors.Add("body", "Choose the committee")
		}
		f.parsedBodyID = id
	}
	day, err := dates.ParseDate(strings.TrimSpace(f.Date))
	switch {
	case err == nil && !dates.InRecordedYears(day.Year):
		f.Errors.Add("date", fmt.Sprintf("Enter a year from %d to %d", dates.FirstYear, dates.LastYear))
	case err != nil:
		f.Errors.Add("date", "Enter the date as YYYY-MM-DD, for example 2025-01-15")
	}
	clock, err := time.Parse("15:04", strings.TrimSpace(f.Time))
	if err != nil {
		f.Errors.Add("time", "Enter the time on the 24-hour clock, for example 10:00 or 14:30")
	}
	if !f.Errors.Any() {
		f.startsAt = time.Date(day.Year, day.Month, day.Day, clock.Hour(), clock.Minute(), 0, 0, loc)
		if !f.startsAt.After(now) {
			f.Errors.Add("date", "The meeting must be in the future")
		}
	}
	return !f.Errors.Any()
}

func (s *Server) newMeetingPage(c echo.Context) error {
	bodies, err := s.clerkBodies(c)
	if err != nil {
		return err
	}
	f := &meetingForm{Time: "10:00", Bodies: bodies, BodyID: c.QueryParam("committee")}
	return s.pages.render(c, http.StatusOK, "clerk-new-meeting", s.page(c, "/clerk", f, link{Href: "/clerk", Label: "Clerk's workspace"}))
}

func (s *Server) createMeeting(c echo.Context) error {
	bodies, err := s.clerkBodies(c)
	if err != nil {
		return err
	}
	f := &meetingForm{BodyID: c.FormValue("body"), Date: c.FormValue("date"), Time: c.FormValue("time"),
		Venue: strings.TrimSpace(c.FormValue("venue")), Bodies: bodies}
	if f.validate(s.loc, s.now(), true) && !store.ClerksBody(*currentUser(c), f.parsedBodyID) {
		f.Errors.Add("body", "You do not clerk that committee: choose one of yours")
	}
	if f.Errors.Any() {
		return s.pages.render(c, http.StatusUnprocessableEntity, "clerk-new-meeting", s.page(c, "/clerk", f, link{Href: "/clerk", Label: "Clerk's workspace"}))
	}
	var id int64
	err = s.db.Update(c.Request().Context(), func(tx *store.Tx) error {
		var err error
		if id, err = tx.CreateMeetingWithAgenda(store.Meeting{BodyID: f.parsedBodyID, StartsAt: f.startsAt, Venue: f.Venue}, s.loc); err != nil {
			return err
		}
		return audit(c, tx, "meeting scheduled", "meeting "+strconv.FormatInt(id, 10), f.startsAt.Format("2 January 2006 15:04"))
	})
	if err != nil {
		return err
	}
	return s.doneThen(c, "/clerk/meetings/"+strconv.FormatInt(id, 10), "Meeting scheduled: now build its agenda")
}
