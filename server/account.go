package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"minutebook/store"
)

func (s *Server) accountPage(c echo.Context) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	all, err := s.db.Bodies(ctx)
	if err != nil {
		return err
	}
	var mine []store.Body
	for _, b := range all {
		ok, err := s.db.EntitledToExempt(ctx, *u, b.ID, s.today().String())
		if err != nil {
			return err
		}
		if ok && !u.Is(store.RoleAdmin) && (!u.Is(store.RoleClerk) || len(u.BodyIDs) > 0) {
			mine = append(mine, b)
		}
	}
	return s.pages.render(c, http.StatusOK, "account", s.page(c, "", struct{ Bodies []store.Body }{mine}))
}

func (s *Server) auditPage(c echo.Context) error {
	entries, err := s.db.AuditLog(c.Request().Context(), 500)
	if err != nil {
		return err
	}
	return s.pages.render(c, http.StatusOK, "audit", s.page(c, "/admin/audit", struct{ Entries []store.AuditEntry }{entries}))
}
