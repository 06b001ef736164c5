package store

import (
	"context"
	"database/sql"
	"errors"
)

// TOTP is an account's authenticator app: its shared secret (base32),
// whether its set-up was confirmed with a code, and the newest time step a
// code was accepted for.
type TOTP struct {
	Secret    string
	Confirmed bool
	LastStep  int64
}

// TOTP reads an account's authenticator; ENOTFOUND when none is set up or
// being set up.
func (db *DB) TOTP(ctx context.Context, userID int64) (TOTP, error) {
	var t TOTP
	err := db.reader.QueryRowContext(ctx, `SELECT secret, confirmed_at IS NOT NULL, last_step FROM user_totp WHERE user_id = ?`, userID).
		Scan(&t.Secret, &t.Confirmed, &t.LastStep)
	if errors.Is(err, sql.ErrNoRows) {
		return t, Errorf(ENOTFOUND, "No authenticator app is set up for this account.")
	}
	return t, err
}

// StartTOTP keeps a new secret for an account setting up its authenticator,
// replacing one whose set-up was never confirmed; a confirmed one stays.
func (tx *Tx) StartTOTP(userID int64, secret string) error {
	res, err := tx.exec(`INSERT INTO user_totp (user_id, secret, created_at) VALUES (?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at WHERE confirmed_at IS NULL`,
		userID, secret, formatTime(tx.Now))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Errorf(ECONFLICT, "Two-factor authentication is already set up for this account.")
	}
	return nil
}

// ConfirmTOTP turns two-factor authentication on once the account has
// entered a code of the given time step, and keeps the hashes of its
// recovery codes in place of any earlier ones.
func (tx *Tx) ConfirmTOTP(userID, step int64, recoveryHashes []string) error {
	res, err := tx.exec(`UPDATE user_totp SET confirmed_at = ?, last_step = ? WHERE user_id = ? AND confirmed_at IS NULL`,
		formatTime(tx.Now), step, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Errorf(ECONFLICT, "Two-factor authentication is already set up for this account, or its set-up has not started.")
	}
	if _, err := tx.exec(`DELETE FROM recovery_codes WHERE user_id = ?`, userID); err != nil {
		return err
	}
	for _, h := range recoveryHashes {
		if _, err := tx.exec(`INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)`, userID, h); err != nil {
			return err
		}
	}
	return nil
}

// UseTOTPStep records that a code of the time step was accepted; it is
// false when a code of that step or a later one was accepted already, so
// that a code seen over someone's shoulder cannot be used again.
func (tx *Tx) UseTOTPStep(userID, step int64) (bool, error) {
	res, err := tx.exec(`UPDATE user_totp SET last_step = ? WHERE user_id = ? AND confirmed_at IS NOT NULL AND last_step < ?`, step, userID, step)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// RecoveryCode is the hash of one of an account's unused recovery codes.
type RecoveryCode struct {
	ID   int64
	Hash string
}

// UnusedRecoveryCodes lists an account's recovery codes not used yet.
func (db *DB) UnusedRecoveryCodes(ctx context.Context, userID int64) ([]RecoveryCode, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT id, code_hash FROM recovery_codes WHERE user_id = ? AND used_at IS NULL ORDER BY id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RecoveryCode
	for rows.Next() {
		var c RecoveryCode
		if err := rows.Scan(&c.ID, &c.Hash); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// UseRecoveryCode spends a recovery code; it is false when the code was
// spent already, by a request that got there first.
func (tx *Tx) UseRecoveryCode(userID, id int64) (bool, error) {
	res, err := tx.exec(`UPDATE recovery_codes SET used_at = ? WHERE id = ? AND user_id = ? AND used_at IS NULL`, formatTime(tx.Now), id, userID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ResetTOTP turns two-factor authentication off for an account that lost
// its authenticator and its recovery codes, so that it can set up again.
func (tx *Tx) ResetTOTP(userID int64) error {
	if _, err := tx.exec(`DELETE FROM recovery_codes WHERE user_id = ?`, userID); err != nil {
		return err
	}
	_, err := tx.exec(`DELETE FROM user_totp WHERE user_id = ?`, userID)
	return err
}
