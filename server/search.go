package server

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"minutebook/store"
)

// searchLimit is how many results a search shows: the best matches, which
// is what people read.
const searchLimit = 50

// searchPage searches published minutes and agendas.
func (s *Server) searchPage(c echo.Context) error {
	typed := strings.TrimSpace(c.QueryParam("q"))
	if len(typed) > 200 {
		typed = typed[:200]
	}
	var hits []store.SearchHit
	var err error
	if typed != "" {
		if hits, err = s.db.Search(c.Request().Context(), typed, searchLimit); err != nil {
			return err
		}
	}
	data := struct {
		Query    string
		Hits     []store.SearchHit
		Searched bool
		Limit    int
	}{typed, hits, typed != "", searchLimit}
	return s.pages.render(c, http.StatusOK, "search", s.page(c, "/search", data))
}
