package server

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"minutebook/auth"
	"minutebook/store"
)

// Session keys of a signature whose password was right and whose security
// code is awaited: which meeting's minutes, and since when.
const (
	signMeetingKey = "sign_meeting_id"
	signSinceKey   = "sign_since"
)

// signMinutes is the Chairman's signature: it asks for the password again,
// so that a session left open cannot sign, and for a security code too
// when the account has two-factor authentication.
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
	f := signInForm{Step: "code", Action: page + "/minutes/sign", Button: "Sign as Chairman",
		Lead: "To sign the minutes of the " + m.Body + ", enter the code your authenticator app shows."}
	if wait, err := s.signInWait(ctx, u.Email, addr); err != nil {
		return err
	} else if wait > 0 {
		msg := "Too many failed attempts from here. Try again in " + waitMessage(wait)
		if !u.TwoFactor {
			return &httpError{status: http.StatusTooManyRequests, err: store.Errorf(store.EFORBIDDEN, "%s.", msg)}
		}
		f.Errors.Add("code", msg)
		return s.pages.render(c, http.StatusTooManyRequests, "sign-in", s.page(c, "", &f))
	}
	// The code step posts no password: the session says the password was
	// right for these minutes a moment ago.
	passwordRight := s.sessions.GetInt64(ctx, signMeetingKey) == id &&
		s.now().Sub(time.Unix(s.sessions.GetInt64(ctx, signSinceKey), 0)) <= pendingFor
	if pw := c.FormValue("password"); pw != "" || !passwordRight {
		if auth.VerifyPassword(u.PasswordHash, pw) != nil {
			if err := s.db.Update(ctx, func(tx *store.Tx) error {
				if err := signInFailed(tx, u.Email, addr); err != nil {
					return err
				}
				return audit(c, tx, "minutes signing refused", "meeting "+strconv.FormatInt(id, 10), "wrong password")
			}); err != nil {
				return err
			}
			return c.Redirect(http.StatusSeeOther, page+"?sign=wrong-password#minutes")
		}
		if u.TwoFactor && c.FormValue("code") == "" && c.FormValue("recovery-code") == "" {
			s.sessions.Put(ctx, signMeetingKey, id)
			s.sessions.Put(ctx, signSinceKey, s.now().Unix())
			return s.pages.render(c, http.StatusOK, "sign-in", s.page(c, "", &f))
		}
	}
	if u.TwoFactor {
		status, err := s.secondFactor(c, *u, "signing", &f.Errors)
		if err != nil {
			return err
		}
		if status != http.StatusOK {
			return s.pages.render(c, status, "sign-in", s.page(c, "", &f))
		}
	}
	s.sessions.Remove(ctx, signMeetingKey)
	s.sessions.Remove(ctx, signSinceKey)
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
	return s.doneThen(c, page+"#minutes", "Minutes signed and sealed: they are now the signed record")
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
