package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
)

// Action is something a minute records that someone agreed to do.
type Action struct {
	ID          int64
	MinuteID    int64
	Description string
	Owner       *Person
	DueOn       string
	Status      string
}

// BodyAction is an action arising from one of a body's minutes.
type BodyAction struct {
	Action
	MinuteNumber int
	MinuteSeries string
	MeetingID    int64
	MeetingAt    string
	OwnerName    string
}

// Overdue is true for an open action whose due day (YYYY-MM-DD) is before
// today.
func (a BodyAction) Overdue(today string) bool {
	return a.Status == "open" && a.DueOn != "" && a.DueOn < today
}

// MinuteLabel is the number of the minute the action arose from.
func (a BodyAction) MinuteLabel() string { return MinuteLabel(a.MinuteNumber, a.MinuteSeries) }

// MinuteAnchor is that minute's fragment id on its meeting's page.
func (a BodyAction) MinuteAnchor() string { return MinuteAnchor(a.MinuteNumber, a.MinuteSeries) }

// ActionStatuses name the states of an action arising.
var ActionStatuses = map[string]string{"open": "Open", "done": "Done", "dropped": "Dropped"}

// BodyActions lists the actions arising from a body's minutes, open ones
// first, each with the minute it arose from.
func (db *DB) BodyActions(ctx context.Context, bodyID int64) ([]BodyAction, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT a.id, a.description, coalesce(a.due_on, ''), a.status, mi.number, mi.series, m.id, m.starts_at,
		coalesce(trim(p.title || ' ' || p.name), '')
		FROM actions a JOIN minute_items mi ON mi.id = a.minute_item_id JOIN minute_sets s ON s.id = mi.minute_set_id
		JOIN meetings m ON m.id = s.meeting_id LEFT JOIN people p ON p.id = a.owner_person_id
		WHERE m.body_id = ? AND s.status NOT IN ('draft', 'chair-review')
		ORDER BY a.status <> 'open', a.due_on IS NULL, a.due_on, a.id`, bodyID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []BodyAction
	for rows.Next() {
		var a BodyAction
		if err := rows.Scan(&a.ID, &a.Description, &a.DueOn, &a.Status, &a.MinuteNumber, &a.MinuteSeries, &a.MeetingID, &a.MeetingAt, &a.OwnerName); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AddAction records an action arising from a minute.
func (tx *Tx) AddAction(minuteID, ownerID int64, description, dueOn string) (int64, error) {
	var due any
	if dueOn != "" {
		due = dueOn
	}
	return tx.insert(`INSERT INTO actions (minute_item_id, owner_person_id, description, due_on) VALUES (?, ?, ?, ?)`,
		minuteID, nullID(ownerID), description, due)
}

// RecordAction records an action arising from a minute of minutes still
// being drafted: what was agreed, who will do it and by when.
func (tx *Tx) RecordAction(meetingID, minuteID, ownerID int64, description, dueOn string) error {
	setID, err := tx.draftSet(meetingID)
	if err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM minute_items WHERE id = ? AND minute_set_id = ?`, minuteID, setID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return Errorf(ENOTFOUND, "That minute is not in these minutes.")
	}
	description = strings.TrimSpace(description)
	if description == "" {
		return Errorf(EINVALID, "Enter what was agreed to be done.")
	}
	if len(description) > 1000 {
		return Errorf(EINVALID, "Enter the action in 1,000 characters or fewer.")
	}
	dueOn = strings.TrimSpace(dueOn)
	if dueOn != "" {
		if _, err := time.Parse("2006-01-02", dueOn); err != nil {
			return Errorf(EINVALID, "Enter the date the action is due as a real date, for example 2025-03-31, or leave it empty.")
		}
	}
	if ownerID != 0 {
		if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM people WHERE id = ?`, ownerID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return Errorf(EINVALID, "Choose who will do it from the list, or no one.")
		}
	}
	_, err = tx.AddAction(minuteID, ownerID, description, dueOn)
	return err
}

// meetingAction finds an action arising from any version of a meeting's
// minutes, with the status of those minutes.
func (tx *Tx) meetingAction(meetingID, actionID int64) (setStatus string, err error) {
	err = tx.QueryRowContext(tx.ctx, `SELECT s.status FROM actions a JOIN minute_items mi ON mi.id = a.minute_item_id
		JOIN minute_sets s ON s.id = mi.minute_set_id WHERE a.id = ? AND s.meeting_id = ?`, actionID, meetingID).Scan(&setStatus)
	if errors.Is(err, sql.ErrNoRows) {
		return "", Errorf(ENOTFOUND, "That action does not arise from this meeting's minutes.")
	}
	return setStatus, err
}

// SetActionStatus marks an action done, dropped, or open again. Actions are
// followed up after the minutes are signed: their status is not part of
// the signed record.
func (tx *Tx) SetActionStatus(meetingID, actionID int64, status string) error {
	if _, ok := ActionStatuses[status]; !ok {
		return Errorf(EINVALID, "Choose whether the action is open, done or dropped.")
	}
	if _, err := tx.meetingAction(meetingID, actionID); err != nil {
		return err
	}
	_, err := tx.exec(`UPDATE actions SET status = ? WHERE id = ?`, status, actionID)
	return err
}

// RemoveAction takes back an action recorded in error, while the minutes
// are still being drafted.
func (tx *Tx) RemoveAction(meetingID, actionID int64) error {
	status, err := tx.meetingAction(meetingID, actionID)
	if err != nil {
		return err
	}
	if status != "draft" && status != "chair-review" {
		return Errorf(ECONFLICT, "The minutes are published, so the action stays on record. Mark it dropped instead.")
	}
	_, err = tx.exec(`DELETE FROM actions WHERE id = ?`, actionID)
	return err
}
