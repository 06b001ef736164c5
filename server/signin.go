package server

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"minutebook/auth"
	"minutebook/store"
)

// signInForm is the sign-in page's form.
type signInForm struct {
	Email    string
	Password string
	Next     string
	Errors   FieldErrors
}

func (f *signInForm) validate() bool {
	f.Errors = nil
	if strings.TrimSpace(f.Email) == "" {
		f.Errors.Add("email", "Enter your email address")
	}
	if f.Password == "" {
		f.Errors.Add("password", "Enter your password")
	}
	return !f.Errors.Any()
}

// safeNext keeps a post-sign-in redirect on this site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return "/account"
	}
	return next
}

func (s *Server) signInPage(c echo.Context) error {
	f := signInForm{Next: c.QueryParam("next")}
	return s.pages.render(c, http.StatusOK, "sign-in", s.page(c, "", &f))
}

func (s *Server) signIn(c echo.Context) error {
	ctx := c.Request().Context()
	f := signInForm{Email: strings.TrimSpace(c.FormValue("email")), Password: c.FormValue("password"), Next: c.FormValue("next")}
	if !f.validate() {
		return s.pages.render(c, http.StatusUnprocessableEntity, "sign-in", s.page(c, "", &f))
	}
	addr := c.RealIP()
	if ok, wait := s.throttle.Allowed(f.Email, addr); !ok {
		f.Errors.Add("email", "Too many failed attempts to sign in. Try again in "+roundUpMinutes(wait)+", or ask an administrator to reset your password.")
		return s.pages.render(c, http.StatusTooManyRequests, "sign-in", s.page(c, "", &f))
	}
	u, err := s.db.UserByEmail(ctx, f.Email)
	if err != nil && store.ErrorCode(err) != store.ENOTFOUND {
		return err
	}
	if err == nil && u.Disabled {
		err = errors.New("disabled")
	}
	if err == nil {
		err = auth.VerifyPassword(u.PasswordHash, f.Password)
	} else {
		// Hash anyway, so that a missing account takes as long as a wrong password.
		_ = auth.VerifyPassword(s.decoyHash, f.Password)
	}
	if err != nil {
		s.throttle.Fail(f.Email, addr)
		_ = s.db.Update(ctx, func(tx *store.Tx) error {
			return tx.Audit(store.AuditEntry{Actor: f.Email, Address: addr, Action: "sign-in failed"})
		})
		f.Password = ""
		f.Errors.Add("email", "The email address or password is not right")
		return s.pages.render(c, http.StatusUnauthorized, "sign-in", s.page(c, "", &f))
	}
	s.throttle.Succeed(f.Email)
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.sessions.Put(ctx, sessionUserKey, u.ID)
	if err := s.db.Update(ctx, func(tx *store.Tx) error {
		return tx.Audit(store.AuditEntry{UserID: u.ID, Actor: u.Email, Address: addr, Action: "sign-in"})
	}); err != nil {
		return err
	}
	next := safeNext(f.Next)
	if f.Next == "" && u.Is(store.RoleClerk, store.RoleAdmin) {
		next = "/clerk"
	}
	return c.Redirect(http.StatusSeeOther, next)
}

func (s *Server) signOut(c echo.Context) error {
	ctx := c.Request().Context()
	if u := currentUser(c); u != nil {
		_ = s.db.Update(ctx, func(tx *store.Tx) error {
			return tx.Audit(store.AuditEntry{UserID: u.ID, Actor: u.Email, Address: c.RealIP(), Action: "sign-out"})
		})
	}
	if err := s.sessions.Destroy(ctx); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/")
}

func roundUpMinutes(d time.Duration) string {
	m := int((d + time.Minute - 1) / time.Minute)
	if m <= 1 {
		return "a minute"
	}
	return itoa(m) + " minutes"
}
