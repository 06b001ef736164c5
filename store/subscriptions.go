package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/mail"
	"strings"
	"unicode/utf8"
)

// Subscription is one address's request for a body's agendas, or for a
// topic without a body: the forward plan or executive decisions.
type Subscription struct {
	ID int64
	// Topic is one of the Topic constants.
	Topic        string
	BodyID       int64
	Body         string
	Email        string
	Confirmed    bool
	Unsubscribed bool
}

// The topics a subscription can be to.
const (
	TopicAgendas     = "agendas"
	TopicForwardPlan = "forward-plan"
	TopicDecisions   = "decisions"
)

const badSubscriptionLink = "This link is not valid: it may have been copied only in part, or it has been used to unsubscribe. Subscribe again from the committee's page, the forward plan or the decisions page."

// SubscriberAddress checks an address someone asks agendas to be sent to,
// and answers it as it will be kept. It refuses what a mail server would
// not take from a public form: a display name, angle brackets or comments,
// a quoted local part, an IP-literal or dotless domain.
func SubscriberAddress(raw string) (string, error) {
	bad := Errorf(EINVALID, "Enter an email address in the correct format, like name@example.org")
	raw = strings.TrimSpace(raw)
	addr, err := mail.ParseAddress(raw)
	if err != nil || len(raw) > 254 || addr.Name != "" || addr.Address != raw {
		return "", bad
	}
	at := strings.LastIndexByte(raw, '@')
	local, domain := raw[:at], raw[at+1:]
	if !dotAtom(local, "!#$%&'*+-/=?^_`{|}~") || len(local) > 64 || !strings.Contains(domain, ".") || !dotAtom(domain, "-") {
		return "", bad
	}
	labels := strings.Split(domain, ".")
	for _, l := range labels {
		if len(l) > 63 || strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") {
			return "", bad
		}
	}
	// A top-level domain is never all digits: that is an IP address.
	if strings.Trim(labels[len(labels)-1], "0123456789") == "" {
		return "", bad
	}
	return raw, nil
}

// dotAtom is true for dot-separated runs of letters, digits (any script,
// as SMTPUTF8 allows) and the extra characters.
func dotAtom(s, extra string) bool {
	if s == "" || !utf8.ValidString(s) {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if part == "" {
			return false
		}
		for _, r := range part {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r >= 0x80 || strings.ContainsRune(extra, r)) {
				return false
			}
		}
	}
	return true
}

func (db *DB) subscriptionBy(ctx context.Context, column, token string) (Subscription, error) {
	var s Subscription
	if token == "" {
		return s, Errorf(ENOTFOUND, badSubscriptionLink)
	}
	err := db.reader.QueryRowContext(ctx, `SELECT s.id, s.topic, coalesce(s.body_id, 0), coalesce(b.name, ''), s.email,
		s.confirmed_at IS NOT NULL, s.unsubscribed_at IS NOT NULL
		FROM subscriptions s LEFT JOIN bodies b ON b.id = s.body_id WHERE s.`+column+` = ?`, token).
		Scan(&s.ID, &s.Topic, &s.BodyID, &s.Body, &s.Email, &s.Confirmed, &s.Unsubscribed)
	if err != nil {
		return s, Errorf(ENOTFOUND, badSubscriptionLink)
	}
	return s, nil
}

// SubscriptionByToken finds a subscription from the unsubscribe token its
// agenda emails carry.
func (db *DB) SubscriptionByToken(ctx context.Context, token string) (Subscription, error) {
	return db.subscriptionBy(ctx, "token", token)
}

// SubscriptionByConfirmToken finds a subscription still to be confirmed, or
// confirmed, from the token of its confirmation email; once unsubscribed,
// that token is gone.
func (db *DB) SubscriptionByConfirmToken(ctx context.Context, token string) (Subscription, error) {
	return db.subscriptionBy(ctx, "confirm_token", token)
}

func newToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Subscribe records a request to receive a body's agendas and queues the
// message that confirms it. Asking again re-sends the confirmation with the
// same link; an unsubscribed address starts again with new tokens, so that
// its old links stay dead.
func (tx *Tx) Subscribe(bodyID int64, email, domain string) error {
	return tx.subscribe(TopicAgendas, bodyID, email, domain)
}

// SubscribeTo is Subscribe for a topic without a body: the forward plan or
// executive decisions.
func (tx *Tx) SubscribeTo(topic, email, domain string) error {
	if topic != TopicForwardPlan && topic != TopicDecisions {
		return Errorf(EINVALID, "There is no subscription to %q: choose the forward plan or executive decisions.", topic)
	}
	return tx.subscribe(topic, 0, email, domain)
}

func (tx *Tx) subscribe(topic string, bodyID int64, email, domain string) error {
	email, err := SubscriberAddress(email)
	if err != nil {
		return err
	}
	target, find := `(body_id, email)`, `body_id = ?`
	if bodyID == 0 {
		target, find = `(topic, email) WHERE body_id IS NULL`, `body_id IS NULL AND topic = ?`
	}
	if _, err := tx.exec(`INSERT INTO subscriptions (topic, body_id, email, token, confirm_token, created_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT `+target+` DO UPDATE SET
			token = CASE WHEN unsubscribed_at IS NULL THEN token ELSE excluded.token END,
			confirm_token = CASE WHEN unsubscribed_at IS NULL AND confirm_token IS NOT NULL THEN confirm_token ELSE excluded.confirm_token END,
			confirmed_at = CASE WHEN unsubscribed_at IS NULL THEN confirmed_at ELSE NULL END,
			unsubscribed_at = NULL`,
		topic, nullID(bodyID), email, newToken(), newToken(), formatTime(tx.Now)); err != nil {
		return err
	}
	var subID int64
	var confirmed bool
	key := any(topic)
	if bodyID != 0 {
		key = bodyID
	}
	if err := tx.QueryRowContext(tx.ctx, `SELECT id, confirmed_at IS NOT NULL FROM subscriptions WHERE `+find+` AND email = ?`,
		key, email).Scan(&subID, &confirmed); err != nil {
		return err
	}
	if confirmed {
		return nil
	}
	_, err = tx.exec(`INSERT INTO outbox (message_id, kind, subscription_id, recipient_email, entitled, next_attempt_at, created_at)
		VALUES (?, 'confirm-subscription', ?, ?, 0, ?, ?)`, newMessageID(domain), subID, email, formatTime(tx.Now), formatTime(tx.Now))
	return err
}

// ConfirmSubscription starts sending agendas to a subscriber, from the
// token of the confirmation email; it cannot undo an unsubscription.
func (tx *Tx) ConfirmSubscription(confirmToken string) error {
	return tx.updateSubscription(`UPDATE subscriptions SET confirmed_at = coalesce(confirmed_at, ?)
		WHERE confirm_token = ? AND unsubscribed_at IS NULL`, confirmToken)
}

// Unsubscribe stops a subscriber's agendas, from the token of their emails,
// and forgets the confirm token, so that no link sent before can start
// them again.
func (tx *Tx) Unsubscribe(token string) error {
	return tx.updateSubscription(`UPDATE subscriptions SET unsubscribed_at = coalesce(unsubscribed_at, ?), confirm_token = NULL WHERE token = ?`, token)
}

func (tx *Tx) updateSubscription(query, token string) error {
	if token == "" {
		return Errorf(ENOTFOUND, badSubscriptionLink)
	}
	res, err := tx.exec(query, formatTime(tx.Now), token)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Errorf(ENOTFOUND, badSubscriptionLink)
	}
	return nil
}
