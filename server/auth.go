package server

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"minutebook/agenda"
	"minutebook/store"
)

const sessionUserKey = "user_id"

// userKey is where the signed-in account is kept on the request.
const userKey = "minutebook.user"

// loadUser finds the signed-in account, if any, for every request.
func (s *Server) loadUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		if id := s.sessions.GetInt64(ctx, sessionUserKey); id != 0 {
			u, err := s.db.User(ctx, id)
			switch {
			case err == nil && !u.Disabled:
				c.Set(userKey, &u)
			case err == nil || store.ErrorCode(err) == store.ENOTFOUND:
				s.sessions.Remove(ctx, sessionUserKey)
			default:
				return err
			}
		}
		return next(c)
	}
}

// currentUser is the signed-in account, or nil for the public.
func currentUser(c echo.Context) *store.User {
	u, _ := c.Get(userKey).(*store.User)
	return u
}

// requireRole lets through only accounts with one of the roles; the public
// is sent to sign in, anyone else is refused.
func (s *Server) requireRole(roles ...string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			u := currentUser(c)
			if u == nil {
				if strings.HasPrefix(c.Request().URL.Path, "/api/") || c.Request().Method != http.MethodGet {
					return &httpError{status: http.StatusUnauthorized, err: store.Errorf(store.EFORBIDDEN, "Sign in to do this.")}
				}
				return c.Redirect(http.StatusSeeOther, "/sign-in?next="+url.QueryEscape(c.Request().URL.RequestURI()))
			}
			if u.Is(roles...) {
				return next(c)
			}
			return store.Errorf(store.EFORBIDDEN, "Your account (%s) cannot do this. Ask an administrator if you need to.", store.UserRoles[u.Role])
		}
	}
}

// actor is who is asking, as the agenda's audit lines record them.
func actor(c echo.Context) agenda.Actor {
	a := agenda.Actor{Address: c.RealIP()}
	if u := currentUser(c); u != nil {
		a.UserID, a.Name = u.ID, u.Email
	}
	return a
}

// audit records a change made through the website, in the change's own
// transaction.
func audit(c echo.Context, tx *store.Tx, action, subject, detail string) error {
	e := store.AuditEntry{Address: c.RealIP(), Action: action, Subject: subject, Detail: detail}
	if u := currentUser(c); u != nil {
		e.UserID, e.Actor = u.ID, u.Email
	}
	return tx.Audit(e)
}
