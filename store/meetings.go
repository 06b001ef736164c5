package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Meeting is one sitting of a body.
type Meeting struct {
	ID                  int64
	BodyID              int64
	Body                string
	StartsAt            time.Time
	Venue               string
	Status              string
	StatusReason        string
	WebcastURL          string
	ExclusionParagraphs []int
	PublishedAt         *time.Time
	PublishedOnTime     *bool
	LateReason          string
	// ReadyForDispatch: publish and send on the morning of the deadline.
	ReadyForDispatch bool
	// Reminded is true once the clerk was reminded the agenda is not ready.
	Reminded bool
}

// MeetingStatuses are the states a meeting passes through, as the public
// reads them.
var MeetingStatuses = map[string]string{
	"scheduled":        "Scheduled",
	"agenda-published": "Agenda published",
	"held":             "Held",
	"cancelled":        "Cancelled",
	"postponed":        "Postponed",
}

// MeetingFilter narrows a list of meetings; zero fields do not filter.
type MeetingFilter struct {
	BodyID int64
	From   time.Time // inclusive
	To     time.Time // exclusive
	Newest bool      // newest first
	Limit  int
	// Statuses keeps only meetings in these states.
	Statuses []string
}

const meetingColumns = `m.id, m.body_id, b.name, m.starts_at, m.venue, m.status, m.status_reason, m.webcast_url,
	m.exclusion_paragraphs, coalesce(m.published_at, ''), m.published_on_time, m.late_reason, m.ready_for_dispatch, m.reminded_at IS NOT NULL`

func scanMeeting(row interface{ Scan(...any) error }) (Meeting, error) {
	var m Meeting
	var startsAt, excl, publishedAt string
	var onTime sql.NullBool
	if err := row.Scan(&m.ID, &m.BodyID, &m.Body, &startsAt, &m.Venue, &m.Status, &m.StatusReason, &m.WebcastURL,
		&excl, &publishedAt, &onTime, &m.LateReason, &m.ReadyForDispatch, &m.Reminded); err != nil {
		return m, err
	}
	var err error
	if m.StartsAt, err = parseTime(startsAt); err != nil {
		return m, fmt.Errorf("meeting %d starts_at: %w", m.ID, err)
	}
	if publishedAt != "" {
		t, err := parseTime(publishedAt)
		if err != nil {
			return m, fmt.Errorf("meeting %d published_at: %w", m.ID, err)
		}
		m.PublishedAt = &t
	}
	if onTime.Valid {
		v := onTime.Bool
		m.PublishedOnTime = &v
	}
	m.ExclusionParagraphs = parseParagraphList(excl)
	return m, nil
}

func parseParagraphList(s string) []int {
	var out []int
	for _, f := range strings.Split(s, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil {
			out = append(out, n)
		}
	}
	return out
}

func formatParagraphList(ps []int) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = strconv.Itoa(p)
	}
	return strings.Join(parts, ",")
}

// conditions are the filter as SQL over meetings m, with their arguments.
func (f MeetingFilter) conditions() (where []string, args []any) {
	if f.BodyID != 0 {
		where = append(where, "m.body_id = ?")
		args = append(args, f.BodyID)
	}
	if !f.From.IsZero() {
		where = append(where, "m.starts_at >= ?")
		args = append(args, formatTime(f.From))
	}
	if !f.To.IsZero() {
		where = append(where, "m.starts_at < ?")
		args = append(args, formatTime(f.To))
	}
	if len(f.Statuses) > 0 {
		where = append(where, "m.status IN ("+placeholders(len(f.Statuses))+")")
		for _, s := range f.Statuses {
			args = append(args, s)
		}
	}
	return where, args
}

// Meetings lists meetings in date order.
func (db *DB) Meetings(ctx context.Context, f MeetingFilter) ([]Meeting, error) {
	where, args := f.conditions()
	q := `SELECT ` + meetingColumns + ` FROM meetings m JOIN bodies b ON b.id = m.body_id`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY m.starts_at"
	if f.Newest {
		q += " DESC"
	}
	q += ", m.id"
	if f.Limit > 0 {
		q += " LIMIT " + strconv.Itoa(f.Limit)
	}
	rows, err := db.reader.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Meeting
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Meeting finds one meeting.
func (db *DB) Meeting(ctx context.Context, id int64) (Meeting, error) {
	return meeting(ctx, db.reader, id)
}

// Meeting reads a meeting inside a write transaction.
func (tx *Tx) Meeting(id int64) (Meeting, error) {
	return meeting(tx.ctx, tx, id)
}

func meeting(ctx context.Context, q queryer, id int64) (Meeting, error) {
	m, err := scanMeeting(q.QueryRowContext(ctx, `SELECT `+meetingColumns+`
		FROM meetings m JOIN bodies b ON b.id = m.body_id WHERE m.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return m, Errorf(ENOTFOUND, "There is no meeting %d.", id)
	}
	return m, err
}

// MeetingYears is the first and last year that have meetings, zero when
// there are none.
func (db *DB) MeetingYears(ctx context.Context) (first, last int, err error) {
	var lo, hi sql.NullString
	if err := db.reader.QueryRowContext(ctx, `SELECT min(starts_at), max(starts_at) FROM meetings`).Scan(&lo, &hi); err != nil {
		return 0, 0, err
	}
	if !lo.Valid {
		return 0, 0, nil
	}
	first, _ = strconv.Atoi(lo.String[:4])
	last, _ = strconv.Atoi(hi.String[:4])
	return first, last, nil
}

// CreateMeeting adds a meeting.
func (tx *Tx) CreateMeeting(m Meeting) (int64, error) {
	if m.Status == "" {
		m.Status = "scheduled"
	}
	var publishedAt any
	if m.PublishedAt != nil {
		publishedAt = formatTime(*m.PublishedAt)
	}
	var onTime any
	if m.PublishedOnTime != nil {
		onTime = *m.PublishedOnTime
	}
	return tx.insert(`INSERT INTO meetings (body_id, starts_at, venue, status, status_reason, webcast_url,
		exclusion_paragraphs, published_at, published_on_time, late_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.BodyID, formatTime(m.StartsAt), m.Venue, m.Status, m.StatusReason, m.WebcastURL,
		formatParagraphList(m.ExclusionParagraphs), publishedAt, onTime, m.LateReason)
}

// SetMeetingStatus cancels or postpones a meeting, or marks it held; the
// reason is shown to the public.
func (tx *Tx) SetMeetingStatus(meetingID int64, status, reason string) error {
	if _, ok := MeetingStatuses[status]; !ok {
		return Errorf(EINVALID, "%q is not a meeting status.", status)
	}
	reason = strings.TrimSpace(reason)
	if (status == "cancelled" || status == "postponed") && reason == "" {
		return Errorf(EINVALID, "Give the reason the meeting is %s: it is shown to the public.", status)
	}
	_, err := tx.exec(`UPDATE meetings SET status = ?, status_reason = ? WHERE id = ?`, status, reason, meetingID)
	return err
}

// MarkHeld records as held every meeting whose agenda went out and whose
// time has come; it returns how many. A meeting whose minutes are already
// signed keeps the status it was signed with: it is part of the sealed
// record, which no change may touch.
func (tx *Tx) MarkHeld() (int, error) {
	res, err := tx.exec(`UPDATE meetings SET status = 'held' WHERE status = 'agenda-published' AND starts_at <= ?
		AND coalesce((SELECT status FROM minute_sets WHERE meeting_id = meetings.id ORDER BY version DESC LIMIT 1), '') <> 'signed'`,
		formatTime(tx.Now))
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// RescheduleMeeting moves a meeting; the reason is shown to the public.
func (tx *Tx) RescheduleMeeting(meetingID int64, startsAt time.Time, venue, reason string) error {
	m, err := tx.Meeting(meetingID)
	if err != nil {
		return err
	}
	status := m.Status
	if status == "postponed" || status == "cancelled" {
		status = "scheduled"
		if m.PublishedAt != nil {
			status = "agenda-published"
		}
	}
	if venue == "" {
		venue = m.Venue
	}
	_, err = tx.exec(`UPDATE meetings SET starts_at = ?, venue = ?, status = ?, status_reason = ? WHERE id = ?`,
		formatTime(startsAt), venue, status, strings.TrimSpace(reason), meetingID)
	return err
}

// MeetingMinutes is a meeting with the state of the latest version of its
// minutes: MinutesStatus is "" before any are started.
type MeetingMinutes struct {
	Meeting
	MinutesStatus  string
	MinutesVersion int
}

// MeetingsWithMinutes lists meetings as Meetings does, each with the state of
// its latest minutes. Given minutes statuses, it keeps only the meetings
// whose latest minutes are in one of them, "" standing for none started:
// the clerk's lists of what is still to do.
func (db *DB) MeetingsWithMinutes(ctx context.Context, f MeetingFilter, minutes ...string) ([]MeetingMinutes, error) {
	where, args := f.conditions()
	if len(minutes) > 0 {
		where = append(where, "coalesce(s.status, '') IN ("+placeholders(len(minutes))+")")
		for _, s := range minutes {
			args = append(args, s)
		}
	}
	q := `SELECT ` + meetingColumns + `, coalesce(s.status, ''), coalesce(s.version, 0)
		FROM meetings m JOIN bodies b ON b.id = m.body_id
		LEFT JOIN minute_sets s ON s.meeting_id = m.id AND s.version = (SELECT max(o.version) FROM minute_sets o WHERE o.meeting_id = m.id)`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY m.starts_at"
	if f.Newest {
		q += " DESC"
	}
	q += ", m.id"
	if f.Limit > 0 {
		q += " LIMIT " + strconv.Itoa(f.Limit)
	}
	rows, err := db.reader.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []MeetingMinutes
	for rows.Next() {
		var mm MeetingMinutes
		m, err := scanMeeting(withColumns{rows, []any{&mm.MinutesStatus, &mm.MinutesVersion}})
		if err != nil {
			return nil, err
		}
		mm.Meeting = m
		out = append(out, mm)
	}
	return out, rows.Err()
}

// withColumns scans a row's extra columns after a meeting's.
type withColumns struct {
	row   interface{ Scan(...any) error }
	extra []any
}

func (w withColumns) Scan(dest ...any) error { return w.row.Scan(append(dest, w.extra...)...) }
