package server

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"minutebook/mail"
	"minutebook/store"
)

// minutesPDF serves a meeting's minutes as a PDF, laid out as the papers
// print them.
func (s *Server) minutesPDF(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	pdf, err := s.agenda.MinutesPDF(ctx, id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", mail.ContentDisposition("inline", fmt.Sprintf("Minutes %d.pdf", id)))
	return c.Blob(http.StatusOK, "application/pdf", pdf)
}

// verifyMinutesPage lets anyone check that signed minutes are as signed.
func (s *Server) verifyMinutesPage(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	m, err := s.db.Meeting(c.Request().Context(), id)
	if err != nil {
		return err
	}
	v, err := s.db.VerifyMinutes(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return s.pages.render(c, http.StatusOK, "verify", s.page(c, "/meetings", struct {
		Meeting      store.Meeting
		Verification store.Verification
	}{m, v}))
}
