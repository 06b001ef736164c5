package server

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"minutebook/auth"
	"minutebook/store"
)

// signMinutes is the Chairman's signature: it asks for the password again,
// so that a session left open cannot sign.
func (s *Server) signMinutes(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	u := currentUser(c)
	m, err := s.db.Meeting(ctx, id)
	if err != nil {
		return err
	}
	if !s.chairs(ctx, *u, m.BodyID) {
		return store.Errorf(store.EFORBIDDEN, "Only the Chairman or Vice-Chairman of the %s can sign its minutes.", m.Body)
	}
	page := "/meetings/" + strconv.FormatInt(id, 10)
	if ok, _ := s.throttle.Allowed(u.Email, c.RealIP()); !ok || auth.VerifyPassword(u.PasswordHash, c.FormValue("password")) != nil {
		s.throttle.Fail(u.Email, c.RealIP())
		return c.Redirect(http.StatusSeeOther, page+"?sign=wrong-password#minutes")
	}
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		digest, err := tx.SignApprovedMinutes(id, u.PersonID)
		if err != nil {
			return err
		}
		return audit(c, tx, "minutes signed", "meeting "+strconv.FormatInt(id, 10), "sha256 "+digest)
	})
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, page+"#minutes")
}

// chairs reports whether the account is the body's Chairman or
// Vice-Chairman now.
func (s *Server) chairs(ctx context.Context, u store.User, bodyID int64) bool {
	if u.PersonID == 0 || !u.Is(store.RoleChair, store.RoleAdmin) {
		return false
	}
	members, err := s.db.Members(ctx, bodyID, s.now().In(s.loc))
	if err != nil {
		return false
	}
	for _, m := range members {
		if m.ID == u.PersonID && (m.Role == "chairman" || m.Role == "vice-chairman") {
			return true
		}
	}
	return false
}
