package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"minutebook/store"
)

func (s *Server) changeMeetingStatus(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	action := c.FormValue("action")
	reason := strings.TrimSpace(c.FormValue("reason"))
	var fn func(tx *store.Tx) error
	switch action {
	case "cancelled", "postponed", "held":
		fn = func(tx *store.Tx) error { return tx.SetMeetingStatus(v.Meeting.ID, action, reason) }
	case "reschedule":
		f := &meetingForm{Date: c.FormValue("date"), Time: c.FormValue("time"), Venue: strings.TrimSpace(c.FormValue("venue"))}
		if !f.validate(s.loc, s.now(), false) {
			// The form's fields are new-date and new-time on this page.
			var errs FieldErrors
			for _, e := range f.Errors {
				errs.Add("new-"+e.Field, e.Message)
			}
			return s.renderClerkMeeting(c, http.StatusUnprocessableEntity, v, errs, nil)
		}
		if reason == "" {
			return s.renderClerkMeeting(c, http.StatusUnprocessableEntity, v, fieldError("status-reason", "Give the reason the meeting is moving: it is shown to the public."), nil)
		}
		fn = func(tx *store.Tx) error { return tx.RescheduleMeeting(v.Meeting.ID, f.startsAt, f.Venue, reason) }
	default:
		return badRequest("%q is not something that can be done to a meeting.", action)
	}
	err = s.db.Update(c.Request().Context(), func(tx *store.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return audit(c, tx, "meeting "+action, "meeting "+strconv.FormatInt(v.Meeting.ID, 10), reason)
	})
	return s.afterChange(c, v, err, "status-reason")
}
