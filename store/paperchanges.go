package store

import "strings"

// reportOfMeeting checks that a paper belongs to the meeting's agenda.
func (tx *Tx) reportOfMeeting(meetingID, reportID int64) (itemID int64, err error) {
	err = tx.QueryRowContext(tx.ctx, `SELECT r.agenda_item_id FROM reports r JOIN agenda_items a ON a.id = r.agenda_item_id
		WHERE r.id = ? AND a.meeting_id = ?`, reportID, meetingID).Scan(&itemID)
	if err != nil {
		return 0, Errorf(ENOTFOUND, "That paper is not on this agenda: it may have been removed already.")
	}
	return itemID, nil
}

// RenameReport changes the title a paper goes by on the agenda and in the
// pack.
func (tx *Tx) RenameReport(meetingID, reportID int64, title string) error {
	if title == "" {
		return fieldErrorf("title", "Enter the paper's title, as the agenda and the pack show it")
	}
	if _, err := tx.reportOfMeeting(meetingID, reportID); err != nil {
		return err
	}
	_, err := tx.exec(`UPDATE reports SET title = ? WHERE id = ?`, title, reportID)
	return err
}

// ReplaceReportDocument puts a new file in place of a paper's, keeping its
// title and place; the old file stays, as documents are never deleted.
func (tx *Tx) ReplaceReportDocument(meetingID, reportID int64, d Document) error {
	if _, err := tx.reportOfMeeting(meetingID, reportID); err != nil {
		return err
	}
	docID, err := tx.insert(`INSERT INTO documents (sha256, filename, content_type, size, pages, path, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, d.SHA256, d.Filename, d.ContentType, d.Size, nullInt(d.Pages), d.Path, formatTime(tx.Now))
	if err != nil {
		return err
	}
	_, err = tx.exec(`UPDATE reports SET document_id = ? WHERE id = ?`, docID, reportID)
	return err
}

// RemoveReport takes a paper off the meeting's agenda.
func (tx *Tx) RemoveReport(meetingID, reportID int64) error {
	itemID, err := tx.reportOfMeeting(meetingID, reportID)
	if err != nil {
		return err
	}
	return tx.DeleteReport(itemID, reportID)
}

// IsPreviousMinutes is true for the item that carries the minutes of the
// meeting before, which the pack adds itself.
func (a AgendaItem) IsPreviousMinutes() bool {
	t := strings.ToLower(a.Title)
	return strings.HasPrefix(t, "minutes of the") || strings.HasPrefix(t, "notes of the")
}

// MissingPaper is true for an item, with this many papers, still waiting
// for the paper it should have.
func (a AgendaItem) MissingPaper(papers int) bool {
	return papers == 0 && a.NeedsPaper() && !a.ToFollow && !a.IsPreviousMinutes()
}
