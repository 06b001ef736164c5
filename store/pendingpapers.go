package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"
)

// PendingPaper is a paper for a published agenda that is not sent yet.
type PendingPaper struct {
	ID        int64
	MeetingID int64
	Report    Report
	CreatedAt time.Time
}

// HoldPaper keeps a paper for a published agenda until the clerk sends it.
func (tx *Tx) HoldPaper(meetingID int64, r Report, userID int64) (int64, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return 0, err
	}
	return tx.insert(`INSERT INTO pending_papers (meeting_id, agenda_item_id, report, created_by, created_at) VALUES (?, ?, ?, ?, ?)`,
		meetingID, r.AgendaItemID, string(b), nullID(userID), formatTime(tx.Now))
}

// PendingPaper finds a paper waiting to be sent with a meeting's agenda.
func (tx *Tx) PendingPaper(meetingID, id int64) (PendingPaper, error) {
	p, err := scanPendingPaper(tx.QueryRowContext(tx.ctx, `SELECT id, meeting_id, report, created_at FROM pending_papers
		WHERE id = ? AND meeting_id = ?`, id, meetingID))
	if errors.Is(err, sql.ErrNoRows) {
		return p, errPaperGone
	}
	return p, err
}

// PendingPaper finds a paper waiting to be sent with a meeting's agenda.
func (db *DB) PendingPaper(ctx context.Context, meetingID, id int64) (PendingPaper, error) {
	p, err := scanPendingPaper(db.reader.QueryRowContext(ctx, `SELECT id, meeting_id, report, created_at FROM pending_papers
		WHERE id = ? AND meeting_id = ?`, id, meetingID))
	if errors.Is(err, sql.ErrNoRows) {
		return p, errPaperGone
	}
	return p, err
}

var errPaperGone = Errorf(ENOTFOUND, "That paper is not waiting to be sent: it was sent or discarded already.")

// DropPendingPaper forgets a waiting paper, once sent or discarded.
func (tx *Tx) DropPendingPaper(meetingID, id int64) error {
	res, err := tx.exec(`DELETE FROM pending_papers WHERE id = ? AND meeting_id = ?`, id, meetingID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errPaperGone
	}
	return nil
}

// PendingPapers are the papers waiting to go out with a meeting's agenda,
// oldest first.
func (db *DB) PendingPapers(ctx context.Context, meetingID int64) ([]PendingPaper, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT id, meeting_id, report, created_at FROM pending_papers
		WHERE meeting_id = ? ORDER BY id`, meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PendingPaper
	for rows.Next() {
		p, err := scanPendingPaper(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func scanPendingPaper(row interface{ Scan(...any) error }) (PendingPaper, error) {
	var p PendingPaper
	var report, at string
	if err := row.Scan(&p.ID, &p.MeetingID, &report, &at); err != nil {
		return p, err
	}
	if err := json.Unmarshal([]byte(report), &p.Report); err != nil {
		return p, err
	}
	p.Report.ID = 0
	var err error
	p.CreatedAt, err = parseTime(at)
	return p, err
}
