package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
)

// Subscription is one address's request for a body's agendas.
type Subscription struct {
	ID           int64
	BodyID       int64
	Body         string
	Email        string
	Confirmed    bool
	Unsubscribed bool
}

// SubscriptionByToken finds a subscription from the token its emails carry.
func (db *DB) SubscriptionByToken(ctx context.Context, token string) (Subscription, error) {
	var s Subscription
	err := db.reader.QueryRowContext(ctx, `SELECT s.id, s.body_id, b.name, s.email, s.confirmed_at IS NOT NULL, s.unsubscribed_at IS NOT NULL
		FROM subscriptions s JOIN bodies b ON b.id = s.body_id WHERE s.token = ?`, token).
		Scan(&s.ID, &s.BodyID, &s.Body, &s.Email, &s.Confirmed, &s.Unsubscribed)
	if err != nil {
		return s, Errorf(ENOTFOUND, "This link is not valid: it may have been copied only in part. Subscribe again from the committee's page.")
	}
	return s, nil
}

// Subscribe records a request to receive a body's agendas and queues the
// message that confirms it. Asking again re-sends the confirmation; an
// unsubscribed address starts again.
func (tx *Tx) Subscribe(bodyID int64, email, domain string) error {
	email = strings.TrimSpace(email)
	token := make([]byte, 24)
	_, _ = rand.Read(token)
	if _, err := tx.exec(`INSERT INTO subscriptions (body_id, email, token, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (body_id, email) DO UPDATE SET unsubscribed_at = NULL,
			confirmed_at = CASE WHEN unsubscribed_at IS NULL THEN confirmed_at ELSE NULL END`,
		bodyID, email, hex.EncodeToString(token), formatTime(tx.Now)); err != nil {
		return err
	}
	var subID int64
	var confirmed bool
	if err := tx.QueryRowContext(tx.ctx, `SELECT id, confirmed_at IS NOT NULL FROM subscriptions WHERE body_id = ? AND email = ?`,
		bodyID, email).Scan(&subID, &confirmed); err != nil {
		return err
	}
	if confirmed {
		return nil
	}
	_, err := tx.exec(`INSERT INTO outbox (message_id, kind, subscription_id, recipient_email, entitled, next_attempt_at, created_at)
		VALUES (?, 'confirm-subscription', ?, ?, 0, ?, ?)`, newMessageID(domain), subID, email, formatTime(tx.Now), formatTime(tx.Now))
	return err
}

// ConfirmSubscription starts sending agendas to a subscriber.
func (tx *Tx) ConfirmSubscription(token string) error {
	return tx.updateSubscription(`UPDATE subscriptions SET confirmed_at = coalesce(confirmed_at, ?), unsubscribed_at = NULL WHERE token = ?`, token)
}

// Unsubscribe stops a subscriber's agendas.
func (tx *Tx) Unsubscribe(token string) error {
	return tx.updateSubscription(`UPDATE subscriptions SET unsubscribed_at = coalesce(unsubscribed_at, ?) WHERE token = ?`, token)
}

func (tx *Tx) updateSubscription(query, token string) error {
	res, err := tx.exec(query, formatTime(tx.Now), token)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Errorf(ENOTFOUND, "This link is not valid: it may have been copied only in part. Subscribe again from the committee's page.")
	}
	return nil
}
