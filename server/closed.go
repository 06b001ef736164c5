package server

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"minutebook/dates"
	"minutebook/store"
)

// cal is the calendar in force.
func (s *Server) cal() *dates.Calendar { return s.agenda.Calendar() }

// reloadCalendar puts a change of closure days in force at once.
func (s *Server) reloadCalendar(c echo.Context) error {
	return s.agenda.ReloadCalendar(c.Request().Context())
}

type closedDaysForm struct {
	Day    dateInput
	Reason string
	Days   []store.ClosedDay
	Errors FieldErrors
}

func (s *Server) closedDaysPage(c echo.Context) error {
	return s.renderClosedDays(c, http.StatusOK, &closedDaysForm{})
}

func (s *Server) renderClosedDays(c echo.Context, status int, f *closedDaysForm) error {
	days, err := s.db.ClosedDayList(c.Request().Context())
	if err != nil {
		return err
	}
	f.Days = days
	return s.pages.render(c, status, "closed-days", s.page(c, "/admin/closed-days", f))
}

func (s *Server) addClosedDay(c echo.Context) error {
	f := &closedDaysForm{Day: readDateInput(c, "date", "date"), Reason: strings.TrimSpace(c.FormValue("reason"))}
	day, _ := f.Day.date("the date the council is closed", &f.Errors)
	if f.Reason == "" {
		f.Errors.Add("reason", "Enter why the council is closed, for example Christmas closure")
	}
	if f.Errors.Any() {
		return s.renderClosedDays(c, http.StatusUnprocessableEntity, f)
	}
	err := s.db.Update(c.Request().Context(), func(tx *store.Tx) error {
		if err := tx.AddClosedDay(day.String(), f.Reason); err != nil {
			return err
		}
		return audit(c, tx, "closure day added", day.String(), f.Reason)
	})
	if store.ErrorCode(err) == store.ECONFLICT {
		f.Day.refuse(&f.Errors, store.ErrorMessage(err))
		return s.renderClosedDays(c, http.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	if err := s.reloadCalendar(c); err != nil {
		return err
	}
	return s.doneThen(c, "/admin/closed-days", "Closed day added: deadlines now allow for it")
}

func (s *Server) removeClosedDay(c echo.Context) error {
	day, err := dates.ParseDate(c.FormValue("date"))
	if err != nil {
		return badRequest("%s", err.Error())
	}
	err = s.db.Update(c.Request().Context(), func(tx *store.Tx) error {
		if err := tx.RemoveClosedDay(day.String()); err != nil {
			return err
		}
		return audit(c, tx, "closure day removed", day.String(), "")
	})
	if err != nil {
		return err
	}
	if err := s.reloadCalendar(c); err != nil {
		return err
	}
	return s.doneThen(c, "/admin/closed-days", "Closed day removed: deadlines now count it as a working day")
}
