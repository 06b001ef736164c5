package server

import (
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
	BodyID string
	// Day is the date as typed into the form's date input; a form without
	// one gives the whole date in Date.
	Day          dateInput
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
	const what = "the date of the meeting"
	var day dates.Date
	var dayOK bool
	if f.Day.ID != "" {
		day, dayOK = f.Day.date(what, &f.Errors)
	} else {
		day, dayOK = readDateText("date", what, f.Date, &f.Errors)
	}
	clock, clockOK := readClock("time", "the time of the meeting", f.Time, &f.Errors)
	if dayOK && clockOK {
		f.startsAt = time.Date(day.Year, day.Month, day.Day, clock.Hour, clock.Minute, 0, 0, loc)
		if !f.startsAt.After(now) {
			const past = "The meeting must be in the future"
			if f.Day.ID != "" {
				f.Day.refuse(&f.Errors, past)
			} else {
				f.Errors.Add("date", past)
			}
		}
	}
	return !f.Errors.Any()
}

func (s *Server) newMeetingPage(c echo.Context) error {
	bodies, err := s.clerkBodies(c)
	if err != nil {
		return err
	}
	f := &meetingForm{Time: dates.Clock{Hour: 10}.String(), Bodies: bodies, BodyID: c.QueryParam("committee")}
	return s.pages.render(c, http.StatusOK, "clerk-new-meeting", s.page(c, "/clerk", f, link{Href: "/clerk", Label: "Clerk's workspace"}))
}

func (s *Server) createMeeting(c echo.Context) error {
	bodies, err := s.clerkBodies(c)
	if err != nil {
		return err
	}
	f := &meetingForm{BodyID: c.FormValue("body"), Day: readDateInput(c, "date", "date"), Time: c.FormValue("time"),
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
