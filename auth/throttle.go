package auth

import (
	"strings"
	"sync"
	"time"
)

// Throttle limits failed sign-ins per account and per client address over
// a sliding window, so that guessing passwords is slow whichever one an
// attacker varies.
type Throttle struct {
	mu         sync.Mutex
	window     time.Duration
	perAccount int
	perAddress int
	failures   map[string][]time.Time
	now        func() time.Time
}

// NewThrottle allows perAccount failures for one account and perAddress
// failures from one address within window.
func NewThrottle(window time.Duration, perAccount, perAddress int, now func() time.Time) *Throttle {
	if now == nil {
		now = time.Now
	}
	return &Throttle{window: window, perAccount: perAccount, perAddress: perAddress, failures: map[string][]time.Time{}, now: now}
}

func accountKey(email string) string { return "a:" + strings.ToLower(strings.TrimSpace(email)) }
func addressKey(addr string) string  { return "i:" + addr }

// Allowed reports whether another attempt may be made now, and if not, how
// long until one may.
func (t *Throttle) Allowed(email, addr string) (bool, time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	wait := time.Duration(0)
	for key, limit := range map[string]int{accountKey(email): t.perAccount, addressKey(addr): t.perAddress} {
		recent := t.recent(key, now)
		if len(recent) >= limit {
			if w := recent[len(recent)-limit].Add(t.window).Sub(now); w > wait {
				wait = w
			}
		}
	}
	return wait == 0, wait
}

// Fail records a failed attempt.
func (t *Throttle) Fail(email, addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	for _, key := range []string{accountKey(email), addressKey(addr)} {
		t.failures[key] = append(t.recent(key, now), now)
	}
}

// Succeed forgets an account's failures once its owner signs in.
func (t *Throttle) Succeed(email string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.failures, accountKey(email))
}

func (t *Throttle) recent(key string, now time.Time) []time.Time {
	all := t.failures[key]
	i := 0
	for i < len(all) && now.Sub(all[i]) >= t.window {
		i++
	}
	if i == len(all) {
		delete(t.failures, key)
		return nil
	}
	t.failures[key] = all[i:]
	return all[i:]
}
