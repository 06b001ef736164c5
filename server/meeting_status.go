package server

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

func (s *Server) changeMeetingStatus(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	action := c.FormValue("action")
	reason := strings.TrimSpace(c.FormValue("reason"))
	switch action {
	case "cancelled", "postponed", "held":
		err = s.agenda.SetStatus(c.Request().Context(), v.Meeting.ID, actor(c), action, reason)
	case "reschedule":
		f := &meetingForm{Day: readDateInput(c, "new-date", "date"), Time: c.FormValue("time"), Venue: strings.TrimSpace(c.FormValue("venue"))}
		if f.Day.empty() {
			// A whole date typed into one box, as links and older forms send.
			f.Day, f.Date = dateInput{}, c.FormValue("date")
		}
		ok := f.validate(s.loc, s.now(), false)
		if ok && reason == "" {
			f.Errors.Add("reason", "Give the reason the meeting is moving: it is shown to the public.")
		}
		if f.Errors.Any() {
			// The date input names its own boxes; the others are new-time,
			// new-date and status-reason on this page.
			var errs FieldErrors
			for _, e := range f.Errors {
				switch {
				case strings.HasPrefix(e.Field, "new-"):
					errs = append(errs, e)
				case e.Field == "reason":
					errs.Add("status-reason", e.Message)
				default:
					errs.Add("new-"+e.Field, e.Message)
				}
			}
			data, err := s.clerkMeetingData(c, v, "change", errs, nil)
			if err != nil {
				return err
			}
			data.NewDate, data.NewTime = f.Day, f.Time
			return s.pages.render(c, http.StatusUnprocessableEntity, "clerk-change", s.page(c, "/clerk", data, link{Href: "/clerk", Label: "Clerk's workspace"}))
		}
		err = s.agenda.Reschedule(c.Request().Context(), v.Meeting.ID, actor(c), f.startsAt, f.Venue, reason)
	default:
		return badRequest("%q is not something that can be done to a meeting.", action)
	}
	done := map[string]string{"cancelled": "Meeting cancelled", "postponed": "Meeting postponed", "held": "Meeting marked as held",
		"reschedule": "Meeting moved"}[action]
	if v.Meeting.PublishedAt != nil && action != "held" {
		done += ": everyone who had the agenda is being emailed"
	}
	return s.afterChange(c, v, err, "change", "status-reason", done)
}
