package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"minutebook/store"
)

// renderClerkMeeting shows the agenda builder; item is the agenda item form
// to show again as it was typed, if it was refused.
func (s *Server) renderClerkMeeting(c echo.Context, status int, v *meetingView, errs FieldErrors, item *agendaItemForm) error {
	reports, err := s.db.Reports(c.Request().Context(), v.Meeting.ID)
	if err != nil {
		return err
	}
	pubs, err := s.db.Publications(c.Request().Context(), v.Meeting.ID)
	if err != nil {
		return err
	}
	emails, err := s.db.MeetingEmails(c.Request().Context(), v.Meeting.ID)
	if err != nil {
		return err
	}
	today := s.today()
	data := struct {
		*meetingView
		Reports      map[int64][]store.Report
		Publications []store.Publication
		Errors       FieldErrors
		ItemForm     *agendaItemForm
		Late         bool
		DaysLeft     int
		Emails       []store.OutboxMessage
		EmailCounts  map[string]int
	}{v, reports, pubs, errs, item, v.PublishBy.Before(today), s.cal().WorkingDaysUntil(today, v.PublishBy), emails, countEmails(emails)}
	return s.pages.render(c, status, "clerk-meeting", s.page(c, "/clerk", data, link{Href: "/clerk", Label: "Clerk's workspace"}))
}

func (s *Server) clerkMeetingPage(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	return s.renderClerkMeeting(c, http.StatusOK, v, nil, nil)
}

// changeAgenda runs a change to a meeting's agenda with its audit line; a
// change to a published agenda is a re-issue and records its reason.
func (s *Server) changeAgenda(c echo.Context, v *meetingView, action, reason string, fn func(tx *store.Tx) error) error {
	return s.agenda.Change(c.Request().Context(), v.Meeting.ID, actor(c), action, reason, fn)
}

// afterChange sends the clerk back to the meeting with a word on what was
// done, or shows the page again with the refusal against its field.
func (s *Server) afterChange(c echo.Context, v *meetingView, err error, anchor, done string) error {
	if err == nil {
		return s.doneThen(c, "/clerk/meetings/"+strconv.FormatInt(v.Meeting.ID, 10)+"#agenda", done)
	}
	code := store.ErrorCode(err)
	if code != store.EINVALID && code != store.ECONFLICT {
		return err
	}
	return s.renderClerkMeeting(c, http.StatusUnprocessableEntity, v, fieldError(anchor, store.ErrorMessage(err)), nil)
}

func (s *Server) publishAgenda(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	republish := v.Meeting.PublishedAt != nil
	err = s.agenda.Publish(c.Request().Context(), v.Meeting.ID, actor(c), strings.TrimSpace(c.FormValue("reason")))
	done := "Agenda published: the emails to members are being sent"
	if republish {
		done = "Agenda re-issued: the emails to members are being sent"
	}
	return s.afterChange(c, v, err, "reason", done)
}

func (s *Server) markReady(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	ready := c.FormValue("ready") == "yes"
	err = s.agenda.MarkReady(c.Request().Context(), v.Meeting.ID, actor(c), ready)
	done := "Agenda marked ready: it will be published on its publication day"
	if !ready {
		done = "Agenda no longer marked ready: it will not be published until it is"
	}
	return s.afterChange(c, v, err, "publish", done)
}
