package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// OutboxMessage is an email owed to one recipient for one issue of an
// agenda.
type OutboxMessage struct {
	ID            int64
	MessageID     string
	PublicationID int64
	MeetingID     int64
	Kind          string
	Reason        string
	Email         string
	Name          string
	Entitled      bool
	// Token unsubscribes a subscriber; empty for members and clerks.
	Token string
	// ConfirmToken is what a subscription's confirmation link carries:
	// never Token, which only unsubscribes.
	ConfirmToken string
	// Topic is what a subscriber subscribed to; empty for others.
	Topic  string
	BodyID int64
	// DecisionID is the decision a decision's email is about.
	DecisionID    int64
	Status        string
	Attempts      int
	NextAttemptAt time.Time
	LastError     string
	SentAt        *time.Time
}

// Recipient is someone an agenda goes to.
type Recipient struct {
	Email, Name string
	// Entitled recipients get the members' pack, with its exempt papers.
	Entitled bool
	// SubscriptionID is set for a public subscriber.
	SubscriptionID int64
}

// AgendaRecipients lists who receives a meeting's agenda: the body's
// current members and substitutes, its clerks and its contact address, the
// authors of the meeting's reports, and its confirmed public subscribers,
// each once.
func (tx *Tx) AgendaRecipients(bodyID, meetingID int64, on string) ([]Recipient, error) {
	return agendaRecipients(tx.ctx, tx, bodyID, meetingID, on)
}

func agendaRecipients(ctx context.Context, q queryer, bodyID, meetingID int64, on string) ([]Recipient, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT p.email, trim(p.title || ' ' || p.name) FROM memberships m JOIN people p ON p.id = m.person_id
		WHERE m.body_id = ? AND `+memberOn("m", "?")+` AND p.email <> ''
		UNION ALL
		SELECT u.email, u.name FROM users u JOIN user_bodies ub ON ub.user_id = u.id
		WHERE ub.body_id = ? AND u.role = 'clerk' AND u.disabled_at IS NULL
		UNION ALL
		SELECT contact_email, contact_name FROM bodies WHERE id = ? AND contact_email <> ''`,
		bodyID, on, on, bodyID, bodyID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	seen := map[string]bool{}
	var out []Recipient
	for rows.Next() {
		var r Recipient
		if err := rows.Scan(&r.Email, &r.Name); err != nil {
			return nil, err
		}
		key := strings.ToLower(r.Email)
		if seen[key] {
			continue
		}
		seen[key] = true
		r.Entitled = true
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	// Report authors get the agenda their reports are on, without the
	// exempt papers unless they are entitled to them anyway.
	if meetingID != 0 {
		authors, err := q.QueryContext(ctx, `SELECT DISTINCT r.author_email, r.from_text FROM reports r
			JOIN agenda_items a ON a.id = r.agenda_item_id WHERE a.meeting_id = ? AND r.author_email <> ''`, meetingID)
		if err != nil {
			return nil, err
		}
		for authors.Next() {
			var r Recipient
			if err := authors.Scan(&r.Email, &r.Name); err != nil {
				authors.Close()
				return nil, err
			}
			if !seen[strings.ToLower(r.Email)] {
				seen[strings.ToLower(r.Email)] = true
				out = append(out, r)
			}
		}
		authors.Close()
		if err := authors.Err(); err != nil {
			return nil, err
		}
	}
	subs, err := q.QueryContext(ctx, `SELECT id, email FROM subscriptions
		WHERE body_id = ? AND confirmed_at IS NOT NULL AND unsubscribed_at IS NULL ORDER BY id`, bodyID)
	if err != nil {
		return nil, err
	}
	defer subs.Close()
	for subs.Next() {
		var r Recipient
		if err := subs.Scan(&r.SubscriptionID, &r.Email); err != nil {
			return nil, err
		}
		if !seen[strings.ToLower(r.Email)] {
			seen[strings.ToLower(r.Email)] = true
			out = append(out, r)
		}
	}
	return out, subs.Err()
}

// EntitledToday is true while an address is still entitled to a meeting's
// exempt papers: a member or substitute of the body today, one of its
// clerks or its contact address. Entitlement is read again when a message
// is built, so that someone who left the committee after it was queued, or
// before a clerk resends it, gets the public pack.
func (db *DB) EntitledToday(ctx context.Context, meetingID int64, email string) (bool, error) {
	m, err := meeting(ctx, db.reader, meetingID)
	if err != nil {
		return false, err
	}
	list, err := agendaRecipients(ctx, db.reader, m.BodyID, 0, formatTime(db.Now())[:10])
	if err != nil {
		return false, err
	}
	for _, r := range list {
		if r.Entitled && strings.EqualFold(r.Email, email) {
			return true, nil
		}
	}
	return false, nil
}

// QueueAgendaEmails writes a message for each recipient of the meeting's
// latest publication, in the caller's transaction, so that a publication
// and the emails it owes stand or fall together.
func (tx *Tx) QueueAgendaEmails(meetingID int64, domain string) (int, error) {
	var pubID, bodyID int64
	var startsAt string
	if err := tx.QueryRowContext(tx.ctx, `SELECT p.id, m.body_id, m.starts_at FROM agenda_publications p JOIN meetings m ON m.id = p.meeting_id
		WHERE p.meeting_id = ? ORDER BY p.id DESC LIMIT 1`, meetingID).Scan(&pubID, &bodyID, &startsAt); err != nil {
		return 0, fmt.Errorf("latest publication of meeting %d: %w", meetingID, err)
	}
	recipients, err := tx.AgendaRecipients(bodyID, meetingID, formatTime(tx.Now)[:10])
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range recipients {
		res, err := tx.exec(`INSERT INTO outbox (message_id, publication_id, meeting_id, subscription_id, recipient_email, recipient_name,
			entitled, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (publication_id, recipient_email) DO NOTHING`,
			newMessageID(domain), pubID, meetingID, nullID(r.SubscriptionID), r.Email, r.Name, r.Entitled, formatTime(tx.Now), formatTime(tx.Now))
		if err != nil {
			return n, err
		}
		if k, _ := res.RowsAffected(); k > 0 {
			n++
		}
	}
	return n, nil
}

func newMessageID(domain string) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return "<" + hex.EncodeToString(b) + "@" + domain + ">"
}

const outboxColumns = `o.id, o.message_id, coalesce(o.publication_id, 0), coalesce(o.meeting_id, 0), coalesce(p.kind, o.kind),
	coalesce(p.reason, o.detail), o.recipient_email, o.recipient_name, o.entitled, coalesce(s.token, ''), coalesce(s.confirm_token, ''), coalesce(s.topic, ''),
	coalesce(s.body_id, 0), coalesce(o.decision_id, 0),
	o.status, o.attempts, o.next_attempt_at, o.last_error, coalesce(o.sent_at, '')`

const outboxJoins = ` LEFT JOIN agenda_publications p ON p.id = o.publication_id LEFT JOIN subscriptions s ON s.id = o.subscription_id`

func scanOutbox(row interface{ Scan(...any) error }) (OutboxMessage, error) {
	var m OutboxMessage
	var next, sent string
	if err := row.Scan(&m.ID, &m.MessageID, &m.PublicationID, &m.MeetingID, &m.Kind, &m.Reason, &m.Email, &m.Name,
		&m.Entitled, &m.Token, &m.ConfirmToken, &m.Topic, &m.BodyID, &m.DecisionID, &m.Status, &m.Attempts, &next, &m.LastError, &sent); err != nil {
		return m, err
	}
	var err error
	if m.NextAttemptAt, err = parseTime(next); err != nil {
		return m, err
	}
	if sent != "" {
		t, err := parseTime(sent)
		if err != nil {
			return m, err
		}
		m.SentAt = &t
	}
	return m, nil
}

// ClaimDue takes up to limit messages that are due, or were left sending
// by a crash, and leases them to the caller until lease ends.
func (db *DB) ClaimDue(ctx context.Context, limit int, lease time.Duration) ([]OutboxMessage, error) {
	var out []OutboxMessage
	err := db.Update(ctx, func(tx *Tx) error {
		now := formatTime(tx.Now)
		rows, err := tx.QueryContext(ctx, `UPDATE outbox SET status = 'sending', attempts = attempts + 1, lease_until = ?
			WHERE id IN (SELECT id FROM outbox WHERE (status IN ('queued', 'retrying') AND next_attempt_at <= ?)
				OR (status = 'sending' AND lease_until <= ?) ORDER BY id LIMIT ?)
			RETURNING id`, formatTime(tx.Now.Add(lease)), now, now, limit)
		if err != nil {
			return err
		}
		var ids []any
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(ids) == 0 {
			return err
		}
		list, err := tx.QueryContext(ctx, `SELECT `+outboxColumns+` FROM outbox o`+outboxJoins+`
			WHERE o.id IN (`+placeholders(len(ids))+`) ORDER BY o.id`, ids...)
		if err != nil {
			return err
		}
		defer list.Close()
		for list.Next() {
			m, err := scanOutbox(list)
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		return list.Err()
	})
	return out, err
}

// MarkSent records that the server accepted a message.
func (db *DB) MarkSent(ctx context.Context, id int64) error {
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.exec(`UPDATE outbox SET status = 'sent', sent_at = ?, lease_until = NULL, last_error = '' WHERE id = ?`, formatTime(tx.Now), id)
		return err
	})
}

// MarkRetry schedules another attempt after a temporary failure.
func (db *DB) MarkRetry(ctx context.Context, id int64, at time.Time, reason string) error {
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.exec(`UPDATE outbox SET status = 'retrying', next_attempt_at = ?, lease_until = NULL, last_error = ? WHERE id = ? AND status = 'sending'`,
			formatTime(at), reason, id)
		return err
	})
}

// MarkFailed stops a message after a permanent failure, keeping the
// server's answer for the clerk.
func (db *DB) MarkFailed(ctx context.Context, id int64, reason string) error {
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.exec(`UPDATE outbox SET status = 'failed', lease_until = NULL, last_error = ? WHERE id = ? AND status = 'sending'`, reason, id)
		return err
	})
}

// Resend queues a message to one recipient again, at once.
func (tx *Tx) Resend(meetingID, id int64) error {
	res, err := tx.exec(`UPDATE outbox SET status = 'queued', next_attempt_at = ?, attempts = 0, last_error = '', lease_until = NULL
		WHERE id = ? AND meeting_id = ? AND status <> 'sending'`, formatTime(tx.Now), id, meetingID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Errorf(ECONFLICT, "That message is being sent now, or is not one of this meeting's.")
	}
	return nil
}

// MeetingEmails lists the messages of a meeting's publications, newest
// issue first.
func (db *DB) MeetingEmails(ctx context.Context, meetingID int64) ([]OutboxMessage, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT `+outboxColumns+` FROM outbox o`+outboxJoins+`
		WHERE o.meeting_id = ? ORDER BY o.publication_id DESC, o.recipient_name`, meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OutboxMessage
	for rows.Next() {
		m, err := scanOutbox(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// OutboxCounts sums messages by status.
func (db *DB) OutboxCounts(ctx context.Context) (map[string]int, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT status, count(*) FROM outbox GROUP BY status`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[s] = n
	}
	return out, rows.Err()
}

// SetReadyForDispatch marks an agenda ready to publish and send on its
// deadline, or takes the mark off.
func (tx *Tx) SetReadyForDispatch(meetingID int64, ready bool) error {
	res, err := tx.exec(`UPDATE meetings SET ready_for_dispatch = ? WHERE id = ? AND published_at IS NULL`, ready, meetingID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Errorf(ECONFLICT, "The agenda is already published.")
	}
	return nil
}

// QueueReminder emails the body's clerks, once, that a meeting's agenda is
// not ready for dispatch.
func (tx *Tx) QueueReminder(meetingID int64, domain string) (int, error) {
	res, err := tx.exec(`UPDATE meetings SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL`, formatTime(tx.Now), meetingID)
	if err != nil {
		return 0, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, nil
	}
	rows, err := tx.QueryContext(tx.ctx, `SELECT u.email, u.name FROM users u JOIN user_bodies ub ON ub.user_id = u.id
		JOIN meetings m ON m.body_id = ub.body_id WHERE m.id = ? AND u.role = 'clerk' AND u.disabled_at IS NULL
		UNION SELECT b.contact_email, b.contact_name FROM bodies b JOIN meetings m ON m.body_id = b.id WHERE m.id = ? AND b.contact_email <> ''`,
		meetingID, meetingID)
	if err != nil {
		return 0, err
	}
	var to []Recipient
	for rows.Next() {
		var r Recipient
		if err := rows.Scan(&r.Email, &r.Name); err != nil {
			rows.Close()
			return 0, err
		}
		to = append(to, r)
	}
	rows.Close()
	for _, r := range to {
		if _, err := tx.exec(`INSERT INTO outbox (message_id, kind, meeting_id, recipient_email, recipient_name, entitled, next_attempt_at, created_at)
			VALUES (?, 'reminder', ?, ?, ?, 1, ?, ?)`, newMessageID(domain), meetingID, r.Email, r.Name, formatTime(tx.Now), formatTime(tx.Now)); err != nil {
			return 0, err
		}
	}
	return len(to), nil
}
