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
		f := &meetingForm{Date: c.FormValue("date"), Time: c.FormValue("time"), Venue: strings.TrimSpace(c.FormValue("venue"))}
		if !f.validate(s.loc, s.now(), false) {
			// The form's fields are new-date and new-time on this page.
			var errs FieldErrors
			for _, e := range f.Errors {
				errs.Add("new-"+e.Field, e.Message)
			}
			return s.renderClerkMeeting(c, http.StatusUnprocessableEntity, v, "change", errs, nil)
		}
		if reason == "" {
			return s.renderClerkMeeting(c, http.StatusUnprocessableEntity, v, "change", fieldError("status-reason", "Give the reason the meeting is moving: it is shown to the public."), nil)
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
