package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"minutebook/store"
)

// committeeRulesPage lets an administrator set the rules a committee works
// by: how its minutes are numbered and how it counts clear days.
func (s *Server) committeeRulesPage(c echo.Context) error {
	b, err := s.committee(c)
	if err != nil {
		return err
	}
	return s.renderCommitteeRules(c, http.StatusOK, b, nil)
}

// committee is the committee the path names.
func (s *Server) committee(c echo.Context) (store.Body, error) {
	id, err := parseID(c, "id")
	if err != nil {
		return store.Body{}, err
	}
	return s.db.Body(c.Request().Context(), id)
}

func (s *Server) renderCommitteeRules(c echo.Context, status int, b store.Body, errs FieldErrors) error {
	return s.pages.render(c, status, "committee-rules", s.page(c, "/committees", struct {
		Body   store.Body
		Errors FieldErrors
	}{b, errs}, link{Href: "/committees", Label: "Committees"}, link{Href: "/committees/" + strconv.FormatInt(b.ID, 10), Label: b.Name}))
}

func (s *Server) setCommitteeRules(c echo.Context) error {
	b, err := s.committee(c)
	if err != nil {
		return err
	}
	id := b.ID
	numbering, reading := c.FormValue("minute_numbering"), c.FormValue("clear_days_reading")
	err = s.db.Update(c.Request().Context(), func(tx *store.Tx) error {
		if err := tx.SetBodyRules(id, numbering, reading); err != nil {
			return err
		}
		return audit(c, tx, "committee rules changed", "committee "+strconv.FormatInt(id, 10), numbering+", "+reading)
	})
	if store.ErrorCode(err) == store.EINVALID {
		b.MinuteNumbering, b.ClearDaysReading = numbering, reading
		return s.renderCommitteeRules(c, http.StatusUnprocessableEntity, b, fieldError("minute_numbering", store.ErrorMessage(err)))
	}
	if err != nil {
		return err
	}
	return s.doneThen(c, "/committees/"+strconv.FormatInt(id, 10), "Committee rules saved")
}
