package store

import "context"

// QueueMeetingChanged tells everyone who was sent the meeting's agenda
// (members, clerks, report authors and subscribers alike) that the meeting
// has moved or been called off, with the reason. It counts a new revision
// of the meeting's calendar event. Nothing is sent for a meeting whose
// agenda never went out.
func (tx *Tx) QueueMeetingChanged(meetingID int64, reason, domain string) (int, error) {
	if _, err := tx.exec(`UPDATE meetings SET revision = revision + 1 WHERE id = ?`, meetingID); err != nil {
		return 0, err
	}
	rows, err := tx.QueryContext(tx.ctx, `SELECT recipient_email, max(recipient_name), max(coalesce(subscription_id, 0)) FROM outbox
		WHERE meeting_id = ? AND kind = 'agenda' GROUP BY lower(recipient_email) ORDER BY min(id)`, meetingID)
	if err != nil {
		return 0, err
	}
	type recipient struct {
		email, name  string
		subscription int64
	}
	var list []recipient
	for rows.Next() {
		var r recipient
		if err := rows.Scan(&r.email, &r.name, &r.subscription); err != nil {
			rows.Close()
			return 0, err
		}
		list = append(list, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, r := range list {
		if _, err := tx.exec(`INSERT INTO outbox (message_id, kind, meeting_id, subscription_id, recipient_email, recipient_name,
			entitled, next_attempt_at, created_at, detail) VALUES (?, 'meeting-changed', ?, ?, ?, ?, 0, ?, ?, ?)`,
			newMessageID(domain), meetingID, nullID(r.subscription), r.email, r.name, formatTime(tx.Now), formatTime(tx.Now), reason); err != nil {
			return 0, err
		}
	}
	return len(list), nil
}

// MeetingRevision is how many times a meeting has moved or been called
// off: its calendar event's SEQUENCE.
func (db *DB) MeetingRevision(ctx context.Context, meetingID int64) (int, error) {
	var n int
	err := db.reader.QueryRowContext(ctx, `SELECT revision FROM meetings WHERE id = ?`, meetingID).Scan(&n)
	return n, err
}
