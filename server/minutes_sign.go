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
	addr := c.RealIP()
	if wait, err := s.signInWait(ctx, u.Email, addr); err != nil {
		return err
	} else if wait > 0 {
		return &httpError{status: http.StatusTooManyRequests, err: store.Errorf(store.EFORBIDDEN, "Too many failed attempts from here. Try again in %s.", waitMessage(wait))}
	}
	if auth.VerifyPassword(u.PasswordHash, c.FormValue("password")) != nil {
		if err := s.db.Update(ctx, func(tx *store.Tx) error { return signInFailed(tx, u.Email, addr) }); err != nil {
			return err
		}
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
