package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"minutebook/store"
)

// accountView is the account page: the account's summary, or setting up
// its authenticator app (Setup), or the recovery codes just made, shown
// this once.
type accountView struct {
	Bodies        []store.Body
	RecoveryLeft  int
	Setup         *totpSetup
	RecoveryCodes []string
}

func (s *Server) accountPage(c echo.Context) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	all, err := s.db.Bodies(ctx)
	if err != nil {
		return err
	}
	var v accountView
	for _, b := range all {
		ok, err := s.db.EntitledToExempt(ctx, *u, b.ID, s.today().String())
		if err != nil {
			return err
		}
		if ok && !u.Is(store.RoleAdmin) && (!u.Is(store.RoleClerk) || len(u.BodyIDs) > 0) {
			v.Bodies = append(v.Bodies, b)
		}
	}
	if u.TwoFactor {
		codes, err := s.db.UnusedRecoveryCodes(ctx, u.ID)
		if err != nil {
			return err
		}
		v.RecoveryLeft = len(codes)
	}
	return s.pages.render(c, http.StatusOK, "account", s.page(c, "", v))
}
