package server

import (
	"context"
	"time"

	"minutebook/store"
)

// Failed sign-ins are counted for an account and a client address
// together: after throttleFree failures from one address for one account,
// that address waits throttleFirstWait before its next try, doubling with
// each further failure up to throttleMaxWait. A correct password from
// anywhere else still works, so that nobody can lock the Chairman out
// before a signing by failing on purpose.
const (
	throttleFree      = 5
	throttleFirstWait = time.Minute
	throttleMaxWait   = time.Hour
	// throttleAddressFree failures from one address, whatever the accounts,
	// slow down one password tried on every account.
	throttleAddressFree = 20
	// throttleForget is how long after its latest failure a count begins
	// again.
	throttleForget = 24 * time.Hour
)

// backoff is how long the address waits after its latest failure.
func backoff(f store.SignInFailures, free int) time.Duration {
	if f.Count < free {
		return 0
	}
	wait := throttleFirstWait
	for i := free; i < f.Count && wait < throttleMaxWait; i++ {
		wait *= 2
	}
	return min(wait, throttleMaxWait)
}

// signInWait is how long the address must wait before trying the account
// again; zero when it may try now.
func (s *Server) signInWait(ctx context.Context, email, addr string) (time.Duration, error) {
	now := s.now()
	var wait time.Duration
	for _, k := range []struct {
		account string
		free    int
	}{{email, throttleFree}, {"", throttleAddressFree}} {
		f, err := s.db.SignInFailures(ctx, k.account, addr)
		if err != nil {
			return 0, err
		}
		if w := f.LastFailed.Add(backoff(f, k.free)).Sub(now); f.Count >= k.free && w > wait {
			wait = w
		}
	}
	return wait, nil
}

// signInFailed counts a failure, in the caller's transaction.
func signInFailed(tx *store.Tx, email, addr string) error {
	for _, account := range []string{email, ""} {
		if _, err := tx.SignInFailed(account, addr, throttleForget); err != nil {
			return err
		}
	}
	return nil
}

// waitMessage says how long to wait, rounded up, as people say it.
func waitMessage(d time.Duration) string {
	if d > 59*time.Minute {
		return "an hour"
	}
	return roundUpMinutes(d)
}
