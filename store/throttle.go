package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
)

// SignInFailures are the failed sign-ins counted for an account from one
// client address: how many since the count began again, and the latest.
type SignInFailures struct {
	Count      int
	LastFailed time.Time
}

func throttleAccount(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// SignInFailures reads the count for an account from an address; account
// "" is every account tried from the address.
func (db *DB) SignInFailures(ctx context.Context, account, address string) (SignInFailures, error) {
	var f SignInFailures
	var last string
	err := db.reader.QueryRowContext(ctx, `SELECT failures, last_failed_at FROM sign_in_failures WHERE account = ? AND address = ?`,
		throttleAccount(account), address).Scan(&f.Count, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return SignInFailures{}, nil
	}
	if err != nil {
		return f, err
	}
	f.LastFailed, err = parseTime(last)
	return f, err
}

// SignInFailed counts a failure for the account from the address; a count
// whose latest failure is older than forget begins again.
func (tx *Tx) SignInFailed(account, address string, forget time.Duration) (SignInFailures, error) {
	now := formatTime(tx.Now)
	var f SignInFailures
	var last string
	err := tx.QueryRowContext(tx.ctx, `INSERT INTO sign_in_failures (account, address, failures, last_failed_at) VALUES (?, ?, 1, ?)
		ON CONFLICT (account, address) DO UPDATE SET
			failures = CASE WHEN last_failed_at < ? THEN 1 ELSE failures + 1 END, last_failed_at = excluded.last_failed_at
		RETURNING failures, last_failed_at`,
		throttleAccount(account), address, now, formatTime(tx.Now.Add(-forget))).Scan(&f.Count, &last)
	if err != nil {
		return f, err
	}
	f.LastFailed, err = parseTime(last)
	return f, err
}

// SignInSucceeded forgets the account's failures from the address. Those
// counted for every account from it stay: one good password must not
// reset a count of guesses at others.
func (tx *Tx) SignInSucceeded(account, address string) error {
	if throttleAccount(account) == "" {
		return nil
	}
	_, err := tx.exec(`DELETE FROM sign_in_failures WHERE account = ? AND address = ?`, throttleAccount(account), address)
	return err
}
