package server

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base32"
	"image/png"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"minutebook/auth"
	"minutebook/store"
)

// Codes are RFC 6238's defaults, which every authenticator app reads from
// the otpauth:// URI: six digits, a 30-second step, HMAC-SHA1.
const totpPeriod = 30

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

var base32NoPadding = base32.StdEncoding.WithPadding(base32.NoPadding)

// totpStep is the time step whose code the input is, allowing one step
// either side of now for a clock that drifts or a slow typist.
func totpStep(secret, input string, now time.Time) (int64, bool) {
	code := strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, input)
	if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		return 0, false
	}
	step := now.Unix() / totpPeriod
	for _, st := range []int64{step, step - 1, step + 1} {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(st*totpPeriod, 0), totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return st, true
		}
	}
	return 0, false
}

// totpKey is the account's key as authenticator apps read it.
func (s *Server) totpKey(u *store.User, secret string) (*otp.Key, error) {
	raw, err := base32NoPadding.DecodeString(secret)
	if err != nil {
		return nil, err
	}
	return totp.Generate(totp.GenerateOpts{Issuer: s.council, AccountName: u.Email, Secret: raw,
		Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
}

// Recovery codes are ten letters and digits, without those that are read
// one for another, shown as two groups of five.
const (
	recoveryCodes    = 10
	recoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"
)

func newRecoveryCode() string {
	var out []byte
	b := make([]byte, 1)
	for len(out) < 10 {
		_, _ = rand.Read(b)
		// Bytes past the last whole multiple of the alphabet are dropped,
		// so that every character is as likely.
		if int(b[0]) < 256-256%len(recoveryAlphabet) {
			out = append(out, recoveryAlphabet[int(b[0])%len(recoveryAlphabet)])
		}
	}
	return string(out[:5]) + "-" + string(out[5:])
}

func normaliseRecoveryCode(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(s)))
}

// secondFactor checks the security code (or a recovery code) posted for an
// account with two-factor authentication, counting failures against the
// same throttle as passwords. It answers http.StatusOK when the code was
// right, or the status to show the form again with, its problem in errs.
func (s *Server) secondFactor(c echo.Context, u store.User, purpose string, errs *FieldErrors) (int, error) {
	ctx := c.Request().Context()
	addr := c.RealIP()
	if wait, err := s.signInWait(ctx, u.Email, addr); err != nil {
		return 0, err
	} else if wait > 0 {
		errs.Add("code", "Too many failed attempts from here. Try again in "+waitMessage(wait))
		return http.StatusTooManyRequests, nil
	}
	code, recovery := strings.TrimSpace(c.FormValue("code")), normaliseRecoveryCode(c.FormValue("recovery-code"))
	if code == "" && recovery == "" {
		errs.Add("code", "Enter the security code")
		return http.StatusUnprocessableEntity, nil
	}
	ok, used := false, ""
	var problem FieldError
	if code != "" {
		t, err := s.db.TOTP(ctx, u.ID)
		if err != nil {
			return 0, err
		}
		step, right := totpStep(t.Secret, code, s.now())
		problem = FieldError{"code", "The security code is not right. Enter the code your authenticator app shows now"}
		if right {
			if err := s.db.Update(ctx, func(tx *store.Tx) error {
				ok, err = tx.UseTOTPStep(u.ID, step)
				return err
			}); err != nil {
				return 0, err
			}
			if !ok {
				problem.Message = "That security code has been used already. Wait for your authenticator app to show a new one"
			}
		}
	} else {
		problem = FieldError{"recovery-code", "The recovery code is not right, or has been used already"}
		list, err := s.db.UnusedRecoveryCodes(ctx, u.ID)
		if err != nil {
			return 0, err
		}
		for _, rc := range list {
			if auth.VerifyPassword(rc.Hash, recovery) != nil {
				continue
			}
			if err := s.db.Update(ctx, func(tx *store.Tx) error {
				ok, err = tx.UseRecoveryCode(u.ID, rc.ID)
				return err
			}); err != nil {
				return 0, err
			}
			used = "recovery code used"
			break
		}
	}
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		e := store.AuditEntry{UserID: u.ID, Actor: u.Email, Address: addr, Action: purpose + " security code failed"}
		if ok {
			if used == "" {
				return nil
			}
			e.Action = used
		} else if err := signInFailed(tx, u.Email, addr); err != nil {
			return err
		}
		return tx.Audit(e)
	})
	if err != nil || ok {
		return http.StatusOK, err
	}
	if wait, err := s.signInWait(ctx, u.Email, addr); err == nil && wait > 0 {
		problem.Message += ". Too many failed attempts: try again in " + waitMessage(wait)
	}
	errs.Add(problem.Field, problem.Message)
	return http.StatusUnauthorized, nil
}

// totpSetup is the page that sets up an authenticator app.
type totpSetup struct {
	Secret, URI string
	Errors      FieldErrors
}

// twoFactorPage starts setting up an authenticator app, or shows the set-up
// begun already, so that reloading the page keeps the key a phone has
// scanned.
func (s *Server) twoFactorPage(c echo.Context) error {
	u := currentUser(c)
	if u.TwoFactor {
		return c.Redirect(http.StatusSeeOther, "/account")
	}
	setup, err := s.totpSetup(c, u)
	if err != nil {
		return err
	}
	return s.pages.render(c, http.StatusOK, "account", s.page(c, "", accountView{Setup: setup}))
}

func (s *Server) totpSetup(c echo.Context, u *store.User) (*totpSetup, error) {
	ctx := c.Request().Context()
	t, err := s.db.TOTP(ctx, u.ID)
	switch {
	case store.ErrorCode(err) == store.ENOTFOUND:
		key, err := totp.Generate(totp.GenerateOpts{Issuer: s.council, AccountName: u.Email, Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err != nil {
			return nil, err
		}
		t.Secret = key.Secret()
		if err := s.db.Update(ctx, func(tx *store.Tx) error { return tx.StartTOTP(u.ID, t.Secret) }); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, err
	case t.Confirmed:
		return nil, store.Errorf(store.ECONFLICT, "Two-factor authentication is already set up for this account.")
	}
	key, err := s.totpKey(u, t.Secret)
	if err != nil {
		return nil, err
	}
	return &totpSetup{Secret: t.Secret, URI: key.URL()}, nil
}

// confirmTwoFactor turns two-factor authentication on once a code from the
// app is right, and shows the recovery codes, the only time they are shown.
func (s *Server) confirmTwoFactor(c echo.Context) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	if u.TwoFactor {
		return c.Redirect(http.StatusSeeOther, "/account")
	}
	setup, err := s.totpSetup(c, u)
	if err != nil {
		return err
	}
	code := strings.TrimSpace(c.FormValue("code"))
	step, ok := totpStep(setup.Secret, code, s.now())
	if !ok {
		if code == "" {
			setup.Errors.Add("code", "Enter the security code your authenticator app shows")
		} else {
			setup.Errors.Add("code", "The security code is not right. Check the key in your app and enter the code it shows now")
		}
		return s.pages.render(c, http.StatusUnprocessableEntity, "account", s.page(c, "", accountView{Setup: setup}))
	}
	codes := make([]string, recoveryCodes)
	hashes := make([]string, recoveryCodes)
	for i := range codes {
		codes[i] = newRecoveryCode()
		if hashes[i], err = auth.HashPassword(normaliseRecoveryCode(codes[i])); err != nil {
			return err
		}
	}
	if err := s.db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.ConfirmTOTP(u.ID, step, hashes); err != nil {
			return err
		}
		return audit(c, tx, "two-factor set up", u.Email, "")
	}); err != nil {
		return err
	}
	return s.pages.render(c, http.StatusOK, "account", s.page(c, "", accountView{RecoveryCodes: codes}))
}

// twoFactorQR is the set-up key as a QR code for a phone to scan.
func (s *Server) twoFactorQR(c echo.Context) error {
	u := currentUser(c)
	if u.TwoFactor {
		return echo.ErrNotFound
	}
	setup, err := s.totpSetup(c, u)
	if err != nil {
		return err
	}
	key, err := otp.NewKeyFromURL(setup.URI)
	if err != nil {
		return err
	}
	img, err := key.Image(240, 240)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return err
	}
	// The image is the secret: no cache may keep it.
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, "image/png", buf.Bytes())
}

// Grouped is the key in groups of four, easier to copy by hand; apps
// ignore the spaces.
func (t *totpSetup) Grouped() string {
	var b strings.Builder
	for i, r := range t.Secret {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}
