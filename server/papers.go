package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"minutebook/files"
	"minutebook/store"
)

// paper serves one paper's PDF to those who may read it. To anyone else an
// exempt paper does not exist: the answer is the same 404 as for a paper
// that was never uploaded.
func (s *Server) paper(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	notFound := store.Errorf(store.ENOTFOUND, "There is no paper %d.", id)
	r, item, m, err := s.db.Report(ctx, id)
	if err != nil {
		if store.ErrorCode(err) == store.ENOTFOUND {
			return notFound
		}
		return err
	}
	u := currentUser(c)
	entitled, err := s.entitled(ctx, u, m.BodyID)
	if err != nil {
		return err
	}
	if !s.mayRead(u, m, item, entitled) {
		return notFound
	}
	f, err := (&files.Store{Dir: s.files}).Open(r.Document.Path)
	if err != nil {
		return err
	}
	defer f.Close()
	h := c.Response().Header()
	if item.Part == 2 {
		h.Set("Cache-Control", "no-store")
	} else {
		h.Set("Cache-Control", "private, max-age=300")
	}
	name := strings.Map(func(r rune) rune {
		if r == '"' || r == '\\' || r < 32 {
			return '_'
		}
		return r
	}, r.Document.Filename)
	h.Set("Content-Disposition", `inline; filename="`+name+`"`)
	h.Set("Content-Length", strconv.FormatInt(r.Document.Size, 10))
	return c.Stream(http.StatusOK, "application/pdf", f)
}
