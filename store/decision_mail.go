package store

import (
	"fmt"
	"strings"
)

// Kinds of the emails about executive decisions.
const (
	KindDecisionPublished = "decision-published"
	KindForwardPlanEntry  = "forward-plan-entry"
)

// councillors are the elected members: everyone in a political group with
// an email address. Call-in is theirs, whatever committees they sit on.
func (tx *Tx) councillors() ([]Recipient, error) {
	rows, err := tx.QueryContext(tx.ctx, `SELECT email, trim(title || ' ' || name) FROM people
		WHERE party_group_id IS NOT NULL AND email <> '' ORDER BY surname, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Recipient
	for rows.Next() {
		var r Recipient
		if err := rows.Scan(&r.Email, &r.Name); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// topicSubscribers are the confirmed subscribers to a topic.
func (tx *Tx) topicSubscribers(topic string) ([]Recipient, error) {
	rows, err := tx.QueryContext(tx.ctx, `SELECT id, email FROM subscriptions
		WHERE topic = ? AND body_id IS NULL AND confirmed_at IS NOT NULL AND unsubscribed_at IS NULL ORDER BY id`, topic)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Recipient
	for rows.Next() {
		var r Recipient
		if err := rows.Scan(&r.SubscriptionID, &r.Email); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// QueueDecisionEmails writes an email of a kind about a decision, in the
// caller's transaction, to the councillors when toMembers is set and to the
// confirmed subscribers of topic when it is not empty, each address once
// (a councillor who also subscribed gets the members' copy). detail is the
// email's public words; nobody is entitled to more.
func (tx *Tx) QueueDecisionEmails(kind string, decisionID int64, toMembers bool, topic, detail, domain string) (int, error) {
	if kind != KindDecisionPublished && kind != KindForwardPlanEntry {
		return 0, fmt.Errorf("no decision email of kind %q", kind)
	}
	var to []Recipient
	if toMembers {
		list, err := tx.councillors()
		if err != nil {
			return 0, err
		}
		to = append(to, list...)
	}
	if topic != "" {
		list, err := tx.topicSubscribers(topic)
		if err != nil {
			return 0, err
		}
		to = append(to, list...)
	}
	seen := map[string]bool{}
	n := 0
	for _, r := range to {
		key := strings.ToLower(r.Email)
		if seen[key] {
			continue
		}
		seen[key] = true
		if _, err := tx.exec(`INSERT INTO outbox (message_id, kind, decision_id, subscription_id, recipient_email, recipient_name,
			entitled, next_attempt_at, created_at, detail) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
			newMessageID(domain), kind, decisionID, nullID(r.SubscriptionID), r.Email, r.Name, formatTime(tx.Now), formatTime(tx.Now), detail); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
