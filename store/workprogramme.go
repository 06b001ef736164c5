package store

import (
	"context"
)

// WorkProgrammeItem is an item a committee expects at a future meeting.
type WorkProgrammeItem struct {
	ID        int64
	BodyID    int64
	MeetingOn string
	Title     string
	Officers  string
	Note      string
}

// WorkProgramme lists a body's expected items, by meeting date, unallocated
// items last.
func (db *DB) WorkProgramme(ctx context.Context, bodyID int64) ([]WorkProgrammeItem, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT id, body_id, coalesce(meeting_on, ''), title, officers, note
		FROM work_programme_items WHERE body_id = ? ORDER BY meeting_on IS NULL, meeting_on, position, id`, bodyID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []WorkProgrammeItem
	for rows.Next() {
		var w WorkProgrammeItem
		if err := rows.Scan(&w.ID, &w.BodyID, &w.MeetingOn, &w.Title, &w.Officers, &w.Note); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// AddWorkProgrammeItem adds an item to a body's work programme.
func (tx *Tx) AddWorkProgrammeItem(w WorkProgrammeItem, position int) error {
	_, err := tx.exec(`INSERT INTO work_programme_items (body_id, meeting_on, title, officers, note, position)
		VALUES (?, ?, ?, ?, ?, ?)`, w.BodyID, nullString(w.MeetingOn), w.Title, w.Officers, w.Note, position)
	return err
}
