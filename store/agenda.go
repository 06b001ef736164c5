package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"
)

// AgendaItem is one item of a meeting's agenda.
type AgendaItem struct {
	ID              int64
	MeetingID       int64
	Position        int
	Number          string
	Code            string
	Title           string
	Part            int
	ExemptParagraph int
	ToFollow        bool
	PageFrom        int
	PageTo          int
	// Supplement is true for an item whose paper went out in a
	// supplementary agenda.
	Supplement bool
}

// Label is how minutes cite the item: its section code where it has one.
func (a AgendaItem) Label() string {
	if a.Code != "" {
		return a.Code
	}
	return a.Number
}

// HasPages is true once the item's pages in the pack are known.
func (a AgendaItem) HasPages() bool { return a.PageFrom > 0 }

// AgendaItems lists a meeting's agenda in order.
func (db *DB) AgendaItems(ctx context.Context, meetingID int64) ([]AgendaItem, error) {
	return agendaItems(ctx, db.reader, meetingID)
}

// AgendaItems reads a meeting's agenda inside a write transaction.
func (tx *Tx) AgendaItems(meetingID int64) ([]AgendaItem, error) {
	return agendaItems(tx.ctx, tx, meetingID)
}

func agendaItems(ctx context.Context, q queryer, meetingID int64) ([]AgendaItem, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, meeting_id, position, number, code, title, part,
		coalesce(exempt_paragraph, 0), to_follow, coalesce(page_from, 0), coalesce(page_to, 0), supplement
		FROM agenda_items WHERE meeting_id = ? ORDER BY position`, meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AgendaItem
	for rows.Next() {
		var a AgendaItem
		if err := rows.Scan(&a.ID, &a.MeetingID, &a.Position, &a.Number, &a.Code, &a.Title, &a.Part,
			&a.ExemptParagraph, &a.ToFollow, &a.PageFrom, &a.PageTo, &a.Supplement); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Standard items open and close most agendas; a partnership numbers them
// in its sections.
func standardItems(b Body, previous *Meeting, loc *time.Location) (opening, closing []AgendaItem) {
	minutesTitle := "Minutes of the previous meeting"
	if previous != nil {
		minutesTitle = "Minutes of the meeting held on " + previous.StartsAt.In(loc).Format("2 January 2006")
	}
	opening = []AgendaItem{
		{Title: "Introduction/Webcast announcement"},
		{Title: "Apologies and Substitutes"},
		{Title: "Declarations of Interest by Members in items on the Agenda"},
		{Title: minutesTitle},
	}
	if b.SectionCodes {
		for i := range opening {
			opening[i].Code = "A" + strconv.Itoa(i+1)
		}
		return opening, nil
	}
	return opening, []AgendaItem{{Title: "Work Programme"}}
}

// CreateMeetingWithAgenda schedules a meeting and puts the body's standard
// opening and closing items on its agenda.
func (tx *Tx) CreateMeetingWithAgenda(m Meeting, loc *time.Location) (int64, error) {
	b, err := body(tx.ctx, tx, m.BodyID)
	if err != nil {
		return 0, err
	}
	if m.Venue == "" {
		m.Venue = b.Venue
	}
	var previous *Meeting
	prev, err := scanMeeting(tx.QueryRowContext(tx.ctx, `SELECT `+meetingColumns+` FROM meetings m JOIN bodies b ON b.id = m.body_id
		WHERE m.body_id = ? AND m.starts_at < ? AND m.status NOT IN ('cancelled', 'postponed') ORDER BY m.starts_at DESC LIMIT 1`,
		m.BodyID, formatTime(m.StartsAt)))
	if err == nil {
		previous = &prev
	} else if !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	id, err := tx.CreateMeeting(m)
	if err != nil {
		return 0, err
	}
	opening, closing := standardItems(b, previous, loc)
	for _, it := range append(opening, closing...) {
		it.MeetingID = id
		if _, err := tx.AppendAgendaItem(it); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// AddAgendaItem adds an item to a meeting's agenda.
func (tx *Tx) AddAgendaItem(a AgendaItem) (int64, error) {
	if a.Part == 0 {
		a.Part = 1
	}
	if a.Part == 2 && (a.ExemptParagraph < 1 || a.ExemptParagraph > 7) {
		return 0, Errorf(EINVALID, "Item %s is exempt (Part 2), so it needs the paragraph of Schedule 12A that applies: a number from 1 to 7.", a.Number)
	}
	if a.Part == 1 && a.ExemptParagraph != 0 {
		return 0, Errorf(EINVALID, "Item %s is open to the public (Part 1), so it cannot name an exempt paragraph.", a.Number)
	}
	id, err := tx.insert(`INSERT INTO agenda_items (meeting_id, position, number, code, title, part, exempt_paragraph,
		to_follow, page_from, page_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.MeetingID, a.Position, a.Number, a.Code, a.Title, a.Part, nullInt(a.ExemptParagraph), a.ToFollow,
		nullInt(a.PageFrom), nullInt(a.PageTo))
	return id, constraintError(err, "The agenda already has an item numbered %s.", a.Number)
}

// AppendAgendaItem adds an item after the last one, numbered next when no
// number is given.
func (tx *Tx) AppendAgendaItem(a AgendaItem) (int64, error) {
	var maxPos, count int
	if err := tx.QueryRowContext(tx.ctx, `SELECT coalesce(max(position), 0), count(*) FROM agenda_items WHERE meeting_id = ?`,
		a.MeetingID).Scan(&maxPos, &count); err != nil {
		return 0, err
	}
	a.Position = maxPos + 1
	if strings.TrimSpace(a.Number) == "" {
		n := count + 1
		for {
			var taken int
			if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM agenda_items WHERE meeting_id = ? AND number = ?`,
				a.MeetingID, strconv.Itoa(n)).Scan(&taken); err != nil {
				return 0, err
			}
			if taken == 0 {
				break
			}
			n++
		}
		a.Number = strconv.Itoa(n)
	}
	id, err := tx.AddAgendaItem(a)
	if err != nil {
		return 0, err
	}
	return id, tx.followAgenda(a.MeetingID)
}

// InsertAgendaItem adds an item just before another item of the agenda,
// or at the end when before is 0.
func (tx *Tx) InsertAgendaItem(a AgendaItem, before int64) (int64, error) {
	id, err := tx.AppendAgendaItem(a)
	if err != nil || before == 0 {
		return id, err
	}
	items, err := tx.AgendaItems(a.MeetingID)
	if err != nil {
		return 0, err
	}
	order := make([]int64, 0, len(items))
	found := false
	for _, it := range items {
		if it.ID == id {
			continue
		}
		if it.ID == before {
			order, found = append(order, id), true
		}
		order = append(order, it.ID)
	}
	if !found {
		return 0, fieldErrorf("position", "The item to add it before is no longer on this agenda: choose where it goes again.")
	}
	// Positions are unique, so every item steps aside before taking its place.
	if _, err := tx.exec(`UPDATE agenda_items SET position = -position WHERE meeting_id = ?`, a.MeetingID); err != nil {
		return 0, err
	}
	for i, itemID := range order {
		if _, err := tx.exec(`UPDATE agenda_items SET position = ? WHERE id = ?`, i+1, itemID); err != nil {
			return 0, err
		}
	}
	return id, tx.followAgenda(a.MeetingID)
}

// UpdateAgendaItem changes an item's number, code, title, part and "to
// follow".
func (tx *Tx) UpdateAgendaItem(a AgendaItem) error {
	if a.Part == 2 && (a.ExemptParagraph < 1 || a.ExemptParagraph > 7) {
		return Errorf(EINVALID, "Item %s is exempt (Part 2), so it needs the paragraph of Schedule 12A that applies: a number from 1 to 7.", a.Number)
	}
	if a.Part != 2 {
		a.Part, a.ExemptParagraph = 1, 0
	}
	res, err := tx.exec(`UPDATE agenda_items SET number = ?, code = ?, title = ?, part = ?, exempt_paragraph = ?, to_follow = ?
		WHERE id = ? AND meeting_id = ?`, a.Number, a.Code, a.Title, a.Part, nullInt(a.ExemptParagraph), a.ToFollow, a.ID, a.MeetingID)
	if err != nil {
		return constraintError(err, "The agenda already has an item numbered %s.", a.Number)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Errorf(ENOTFOUND, "That item is not on this agenda.")
	}
	return tx.followAgenda(a.MeetingID)
}

// MoveAgendaItem swaps an item with its neighbour above (delta -1) or
// below (+1).
func (tx *Tx) MoveAgendaItem(meetingID, itemID int64, delta int) error {
	items, err := tx.AgendaItems(meetingID)
	if err != nil {
		return err
	}
	for i, it := range items {
		if it.ID != itemID {
			continue
		}
		j := i + delta
		if j < 0 || j >= len(items) {
			return nil
		}
		other := items[j]
		// Positions are unique, so one item steps aside first.
		if _, err := tx.exec(`UPDATE agenda_items SET position = -1 WHERE id = ?`, it.ID); err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE agenda_items SET position = ? WHERE id = ?`, it.Position, other.ID); err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE agenda_items SET position = ? WHERE id = ?`, other.Position, it.ID); err != nil {
			return err
		}
		return tx.followAgenda(meetingID)
	}
	return Errorf(ENOTFOUND, "That item is not on this agenda.")
}

// DeleteAgendaItem takes an item and its papers off the agenda, and its
// minute off a first draft of the minutes.
func (tx *Tx) DeleteAgendaItem(meetingID, itemID int64) error {
	if err := tx.unminute(meetingID, itemID); err != nil {
		return err
	}
	res, err := tx.exec(`DELETE FROM agenda_items WHERE id = ? AND meeting_id = ?`, itemID, meetingID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Errorf(ENOTFOUND, "That item is not on this agenda.")
	}
	return tx.followAgenda(meetingID)
}

// RenumberAgenda numbers the items 1, 2, 3 ... in their order; section
// codes stay as they are.
func (tx *Tx) RenumberAgenda(meetingID int64) error {
	if _, err := tx.exec(`UPDATE agenda_items SET number = '#' || id WHERE meeting_id = ?`, meetingID); err != nil {
		return err
	}
	_, err := tx.exec(`UPDATE agenda_items SET number = (
		SELECT count(*) FROM agenda_items o WHERE o.meeting_id = agenda_items.meeting_id AND o.position <= agenda_items.position)
		WHERE meeting_id = ?`, meetingID)
	return err
}

// Publication is one issue of an agenda.
type Publication struct {
	ID          int64
	MeetingID   int64
	Kind        string
	PublishedAt time.Time
	OnTime      bool
	Reason      string
}

// Publications lists every issue of a meeting's agenda, oldest first.
func (db *DB) Publications(ctx context.Context, meetingID int64) ([]Publication, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT id, meeting_id, kind, published_at, on_time, reason
		FROM agenda_publications WHERE meeting_id = ? ORDER BY published_at, id`, meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Publication
	for rows.Next() {
		var p Publication
		var at string
		if err := rows.Scan(&p.ID, &p.MeetingID, &p.Kind, &at, &p.OnTime, &p.Reason); err != nil {
			return nil, err
		}
		if p.PublishedAt, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// PublishAgenda publishes a meeting's agenda and locks it. lateFrom is the
// first moment that no longer gives five clear days; publishing from then on
// needs the reason, which is recorded.
func (tx *Tx) PublishAgenda(meetingID, userID int64, lateFrom time.Time, reason string) error {
	m, err := tx.Meeting(meetingID)
	if err != nil {
		return err
	}
	if m.PublishedAt != nil {
		return Errorf(ECONFLICT, "The agenda was already published on %s. Change it with a re-issue, or add papers that were to follow as a supplementary agenda.",
			m.PublishedAt.Format("2 January 2006"))
	}
	if m.Status == "cancelled" {
		return Errorf(ECONFLICT, "The meeting is cancelled, so its agenda cannot be published.")
	}
	reason = strings.TrimSpace(reason)
	onTime := tx.Now.Before(lateFrom)
	if !onTime && reason == "" {
		return Errorf(EINVALID, "It is too late to give five clear days' notice: give the reason the agenda is late, and it will be recorded.")
	}
	items, err := tx.AgendaItems(meetingID)
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return Errorf(EINVALID, "The agenda has no items: add them before publishing.")
	}
	if _, err := tx.exec(`UPDATE meetings SET status = 'agenda-published', published_at = ?, published_on_time = ?, late_reason = ?
		WHERE id = ?`, formatTime(tx.Now), onTime, reason, meetingID); err != nil {
		return err
	}
	return tx.recordPublication(meetingID, userID, "agenda", onTime, reason)
}

func (tx *Tx) recordPublication(meetingID, userID int64, kind string, onTime bool, reason string) error {
	_, err := tx.exec(`INSERT INTO agenda_publications (meeting_id, kind, published_at, user_id, on_time, reason) VALUES (?, ?, ?, ?, ?, ?)`,
		meetingID, kind, formatTime(tx.Now), nullID(userID), onTime, reason)
	return err
}

// ReissueAgenda records that a published agenda changed, and why; lateFrom
// is as for PublishAgenda.
func (tx *Tx) ReissueAgenda(meetingID, userID int64, lateFrom time.Time, reason string) error {
	if strings.TrimSpace(reason) == "" {
		return Errorf(EINVALID, "The agenda has been published: give the reason for changing it, which will be shown to the public.")
	}
	return tx.recordPublication(meetingID, userID, "reissue", tx.Now.Before(lateFrom), strings.TrimSpace(reason))
}

// PublishSupplement records a supplementary agenda for an item whose paper
// was to follow.
func (tx *Tx) PublishSupplement(meetingID, itemID, userID int64, lateFrom time.Time) error {
	if _, err := tx.exec(`UPDATE agenda_items SET supplement = 1, to_follow = 0 WHERE id = ? AND meeting_id = ?`, itemID, meetingID); err != nil {
		return err
	}
	return tx.recordPublication(meetingID, userID, "supplementary", tx.Now.Before(lateFrom), "")
}
