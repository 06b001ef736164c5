package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// flashKey holds, in the session, what the last action did, so that the
// page it leads to can say so once in the GOV.UK success banner.
const flashKey = "flash"

// doneThen tells the person what their action did on the page they are
// sent to next.
func (s *Server) doneThen(c echo.Context, to, message string) error {
	s.sessions.Put(c.Request().Context(), flashKey, message)
	return c.Redirect(http.StatusSeeOther, to)
}

// flash is the message waiting for this page, said once.
func (s *Server) flash(c echo.Context) string {
	return s.sessions.PopString(c.Request().Context(), flashKey)
}
