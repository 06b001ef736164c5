package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
)

// Document is a stored file: uploaded papers are kept by their SHA-256.
type Document struct {
	ID          int64
	SHA256      string
	Filename    string
	ContentType string
	Size        int64
	Pages       int
	Path        string
	CreatedAt   time.Time
}

// Report is a paper for an agenda item.
type Report struct {
	ID             int64
	AgendaItemID   int64
	Title          string
	Author         string
	AuthorEmail    string
	Summary        string
	Recommendation string
	Document       Document
}

// noPaperTitles open or close agendas without a paper of their own.
var noPaperTitles = []string{"introduction", "apologies", "declarations of interest", "date of the next meeting", "date of next meeting"}

// NeedsPaper is true for an item that should have a report: everything but
// the procedural items that open an agenda.
func (a AgendaItem) NeedsPaper() bool {
	t := strings.ToLower(a.Title)
	for _, p := range noPaperTitles {
		if strings.HasPrefix(t, p) {
			return false
		}
	}
	return true
}

const reportColumns = `r.id, r.agenda_item_id, r.title, r.from_text, r.summary, r.recommendation,
	coalesce(d.id, 0), coalesce(d.sha256, ''), coalesce(d.filename, ''), coalesce(d.content_type, ''),
	coalesce(d.size, 0), coalesce(d.pages, 0), coalesce(d.path, '')`

func scanReport(row interface{ Scan(...any) error }) (Report, error) {
	var r Report
	d := &r.Document
	err := row.Scan(&r.ID, &r.AgendaItemID, &r.Title, &r.Author, &r.Summary, &r.Recommendation,
		&d.ID, &d.SHA256, &d.Filename, &d.ContentType, &d.Size, &d.Pages, &d.Path)
	return r, err
}

// Reports lists a meeting's papers by agenda item, each item's in order.
func (db *DB) Reports(ctx context.Context, meetingID int64) (map[int64][]Report, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT `+reportColumns+` FROM reports r
		JOIN agenda_items a ON a.id = r.agenda_item_id LEFT JOIN documents d ON d.id = r.document_id
		WHERE a.meeting_id = ? ORDER BY a.position, r.position`, meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]Report{}
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, err
		}
		out[r.AgendaItemID] = append(out[r.AgendaItemID], r)
	}
	return out, rows.Err()
}

// Report finds a paper with the item and meeting it belongs to.
func (db *DB) Report(ctx context.Context, id int64) (Report, AgendaItem, Meeting, error) {
	r, err := scanReport(db.reader.QueryRowContext(ctx, `SELECT `+reportColumns+` FROM reports r
		LEFT JOIN documents d ON d.id = r.document_id WHERE r.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, AgendaItem{}, Meeting{}, Errorf(ENOTFOUND, "There is no paper %d.", id)
	}
	if err != nil {
		return r, AgendaItem{}, Meeting{}, err
	}
	var a AgendaItem
	err = db.reader.QueryRowContext(ctx, `SELECT id, meeting_id, position, number, code, title, part,
		coalesce(exempt_paragraph, 0), to_follow, coalesce(page_from, 0), coalesce(page_to, 0)
		FROM agenda_items WHERE id = ?`, r.AgendaItemID).Scan(&a.ID, &a.MeetingID, &a.Position, &a.Number, &a.Code, &a.Title,
		&a.Part, &a.ExemptParagraph, &a.ToFollow, &a.PageFrom, &a.PageTo)
	if err != nil {
		return r, a, Meeting{}, err
	}
	m, err := db.Meeting(ctx, a.MeetingID)
	return r, a, m, err
}

// AddReport stores a paper for an agenda item with its file.
func (tx *Tx) AddReport(r Report) (int64, error) {
	d := r.Document
	docID, err := tx.insert(`INSERT INTO documents (sha256, filename, content_type, size, pages, path, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, d.SHA256, d.Filename, d.ContentType, d.Size, nullInt(d.Pages), d.Path, formatTime(tx.Now))
	if err != nil {
		return 0, err
	}
	var pos int
	if err := tx.QueryRowContext(tx.ctx, `SELECT coalesce(max(position), 0) + 1 FROM reports WHERE agenda_item_id = ?`, r.AgendaItemID).Scan(&pos); err != nil {
		return 0, err
	}
	return tx.insert(`INSERT INTO reports (agenda_item_id, position, title, from_text, author_email, summary, recommendation, document_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.AgendaItemID, pos, r.Title, r.Author, r.AuthorEmail, r.Summary, r.Recommendation, docID, formatTime(tx.Now))
}

// DeleteReport takes a paper off an item; the file stays, as a published
// paper may still be cited.
func (tx *Tx) DeleteReport(itemID, reportID int64) error {
	res, err := tx.exec(`DELETE FROM reports WHERE id = ? AND agenda_item_id = ?`, reportID, itemID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Errorf(ENOTFOUND, "That paper is not on this item.")
	}
	return nil
}

// SetPageRanges writes the pack's page ranges back to the agenda; a zero
// range clears an item's pages.
func (tx *Tx) SetPageRanges(meetingID int64, ranges map[int64][2]int) error {
	for itemID, r := range ranges {
		if _, err := tx.exec(`UPDATE agenda_items SET page_from = ?, page_to = ? WHERE id = ? AND meeting_id = ?`,
			nullInt(r[0]), nullInt(r[1]), itemID, meetingID); err != nil {
			return err
		}
	}
	return nil
}
