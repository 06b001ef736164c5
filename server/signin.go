package server

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"minutebook/auth"
	"minutebook/store"
)

// signInForm is the sign-in page's form, and the security code step that
// follows the password for an account with two-factor authentication
// (Step "code"), which signing minutes asks for too.
type signInForm struct {
	Email    string
	Password string
	Next     string
	Errors   FieldErrors
	// Step is "code" for the security code step, posted to Action.
	Step, Action string
	// Lead says why the code is asked for; Button is the step's button.
	Lead, Button string
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

// Session keys of a sign-in waiting for its security code: whose password
// was right, when, and where to go next.
const (
	pendingUserKey  = "pending_user_id"
	pendingSinceKey = "pending_since"
	pendingNextKey  = "pending_next"
)

// pendingFor is how long a right password waits for its security code.
const pendingFor = 10 * time.Minute

// safeNext keeps a post-sign-in redirect on this site: a path that starts
// with one slash, with no backslash, white space or control character that
// a browser might drop or turn into a slash, and no scheme or host once
// parsed. Anything else is "", for the account's default page.
func safeNext(next string) string {
	if next == "" || len(next) > 2048 || !utf8.ValidString(next) || next[0] != '/' ||
		strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return ""
	}
	for _, r := range next {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return ""
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") || strings.ContainsAny(u.Path, "\\") {
		return ""
	}
	for _, r := range u.Path {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return ""
		}
	}
	return next
}

// landing is where an account goes after signing in.
func landing(u store.User, next string) string {
	if next = safeNext(next); next != "" {
		return next
	}
	if u.Is(store.RoleClerk, store.RoleAdmin) {
		return "/clerk"
	}
	return "/my-meetings"
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
	if wait, err := s.signInWait(ctx, f.Email, addr); err != nil {
		return err
	} else if wait > 0 {
		f.Password = ""
		f.Errors.Add("email", "Too many failed attempts to sign in from here. Try again in "+waitMessage(wait)+", or ask an administrator to reset your password.")
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
		if err := s.db.Update(ctx, func(tx *store.Tx) error {
			if err := signInFailed(tx, f.Email, addr); err != nil {
				return err
			}
			return tx.Audit(store.AuditEntry{Actor: f.Email, Address: addr, Action: "sign-in failed"})
		}); err != nil {
			return err
		}
		f.Password = ""
		msg := "The email address or password is not right"
		if wait, err := s.signInWait(ctx, f.Email, addr); err == nil && wait > 0 {
			msg += ". Too many failed attempts: try again in " + waitMessage(wait)
		}
		f.Errors.Add("email", msg)
		return s.pages.render(c, http.StatusUnauthorized, "sign-in", s.page(c, "", &f))
	}
	if u.TwoFactor {
		// The password was right; the account is signed in only once its
		// security code is too.
		if err := s.sessions.RenewToken(ctx); err != nil {
			return err
		}
		s.sessions.Put(ctx, pendingUserKey, u.ID)
		s.sessions.Put(ctx, pendingSinceKey, s.now().Unix())
		s.sessions.Put(ctx, pendingNextKey, safeNext(f.Next))
		return c.Redirect(http.StatusSeeOther, "/sign-in/security-code")
	}
	return s.completeSignIn(c, u, f.Next)
}

// completeSignIn signs the account in once every factor was right.
func (s *Server) completeSignIn(c echo.Context, u store.User, next string) error {
	ctx := c.Request().Context()
	addr := c.RealIP()
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.sessions.Put(ctx, sessionUserKey, u.ID)
	if err := s.db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SignInSucceeded(u.Email, addr); err != nil {
			return err
		}
		return tx.Audit(store.AuditEntry{UserID: u.ID, Actor: u.Email, Address: addr, Action: "sign-in"})
	}); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, landing(u, next))
}

// pendingUser is the account whose password was right in this session and
// whose security code is awaited, if it has not waited too long.
func (s *Server) pendingUser(ctx context.Context) (store.User, bool, error) {
	id := s.sessions.GetInt64(ctx, pendingUserKey)
	since := time.Unix(s.sessions.GetInt64(ctx, pendingSinceKey), 0)
	if id == 0 || s.now().Sub(since) > pendingFor {
		return store.User{}, false, nil
	}
	u, err := s.db.User(ctx, id)
	if store.ErrorCode(err) == store.ENOTFOUND || (err == nil && (u.Disabled || !u.TwoFactor)) {
		return u, false, nil
	}
	return u, err == nil, err
}

func signInCodeForm() signInForm {
	return signInForm{Step: "code", Action: "/sign-in/security-code", Button: "Continue",
		Lead: "Your account uses two-factor authentication. Enter the code your authenticator app shows for this service."}
}

func (s *Server) securityCodePage(c echo.Context) error {
	if _, ok, err := s.pendingUser(c.Request().Context()); err != nil {
		return err
	} else if !ok {
		return c.Redirect(http.StatusSeeOther, "/sign-in")
	}
	f := signInCodeForm()
	return s.pages.render(c, http.StatusOK, "sign-in", s.page(c, "", &f))
}

func (s *Server) checkSecurityCode(c echo.Context) error {
	ctx := c.Request().Context()
	u, ok, err := s.pendingUser(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return c.Redirect(http.StatusSeeOther, "/sign-in")
	}
	f := signInCodeForm()
	status, err := s.secondFactor(c, u, "sign-in", &f.Errors)
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		return s.pages.render(c, status, "sign-in", s.page(c, "", &f))
	}
	next := s.sessions.GetString(ctx, pendingNextKey)
	for _, k := range []string{pendingUserKey, pendingSinceKey, pendingNextKey} {
		s.sessions.Remove(ctx, k)
	}
	return s.completeSignIn(c, u, next)
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
