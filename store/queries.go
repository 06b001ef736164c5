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

const personColumns = `p.id, p.title, p.name, p.surname, p.honours, coalesce(p.party_group_id, 0),
	coalesce(g.name, ''), coalesce(o.name, ''), p.job_title, p.division, p.email`

const personJoins = ` LEFT JOIN party_groups g ON g.id = p.party_group_id
	LEFT JOIN organisations o ON o.id = p.organisation_id`

func personFields(p *Person) []any {
	return []any{&p.ID, &p.Title, &p.Name, &p.Surname, &p.Honours, &p.GroupID, &p.Group, &p.Organisation, &p.JobTitle, &p.Division, &p.Email}
}

const bodyColumns = `id, name, type, seats, quorum, section_codes, clear_days_reading, minute_numbering,
	venue, contact_name, contact_phone, contact_email, signatory_name, signatory_title, signatory_phone`

func scanBody(row interface{ Scan(...any) error }) (Body, error) {
	var b Body
	err := row.Scan(&b.ID, &b.Name, &b.Type, &b.Seats, &b.Quorum, &b.SectionCodes, &b.ClearDaysReading,
		&b.MinuteNumbering, &b.Venue, &b.ContactName, &b.ContactPhone, &b.ContactEmail,
		&b.SignatoryName, &b.SignatoryTitle, &b.SignatoryPhone)
	return b, err
}

// Bodies lists every body by name.
func (db *DB) Bodies(ctx context.Context) ([]Body, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT `+bodyColumns+` FROM bodies ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Body
	for rows.Next() {
		b, err := scanBody(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Body finds one body.
func (db *DB) Body(ctx context.Context, id int64) (Body, error) {
	b, err := scanBody(db.reader.QueryRowContext(ctx, `SELECT `+bodyColumns+` FROM bodies WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return b, Errorf(ENOTFOUND, "There is no committee %d.", id)
	}
	return b, err
}

// GroupSeat is the number of a body's seats a party group holds.
type GroupSeat struct {
	Group string
	Seats int
}

// GroupSeats lists a body's seats by party group, in the groups' order.
func (db *DB) GroupSeats(ctx context.Context, bodyID int64) ([]GroupSeat, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT g.name, s.seats FROM body_group_seats s
		JOIN party_groups g ON g.id = s.party_group_id WHERE s.body_id = ? ORDER BY g.position, g.name`, bodyID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []GroupSeat
	for rows.Next() {
		var s GroupSeat
		if err := rows.Scan(&s.Group, &s.Seats); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

const roleOrder = `CASE m.role WHEN 'chairman' THEN 0 WHEN 'vice-chairman' THEN 1 WHEN 'member' THEN 2
	WHEN 'co-opted' THEN 3 WHEN 'adviser' THEN 4 ELSE 5 END`

// Members lists who sits on a body on a given day, Chairman first, then in
// the order the body lists them.
func (db *DB) Members(ctx context.Context, bodyID int64, on time.Time) ([]Member, error) {
	day := on.Format("2006-01-02")
	rows, err := db.reader.QueryContext(ctx, `SELECT `+personColumns+`, m.id, m.role, m.starts_on, coalesce(m.ends_on, '')
		FROM memberships m JOIN people p ON p.id = m.person_id`+personJoins+`
		WHERE m.body_id = ? AND m.starts_on <= ? AND (m.ends_on IS NULL OR m.ends_on >= ?)
		ORDER BY `+roleOrder+`, m.position, p.surname`, bodyID, day, day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		var m Member
		if err := rows.Scan(append(personFields(&m.Person), &m.MembershipID, &m.Role, &m.StartsOn, &m.EndsOn)...); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Person finds one person.
func (db *DB) Person(ctx context.Context, id int64) (Person, error) {
	var p Person
	err := db.reader.QueryRowContext(ctx, `SELECT `+personColumns+` FROM people p`+personJoins+` WHERE p.id = ?`, id).Scan(personFields(&p)...)
	if errors.Is(err, sql.ErrNoRows) {
		return p, Errorf(ENOTFOUND, "There is no person %d.", id)
	}
	return p, err
}

// PersonMembership is a seat a person holds or held.
type PersonMembership struct {
	BodyID   int64
	Body     string
	Role     string
	StartsOn string
	EndsOn   string
}

// PersonMemberships lists a person's seats, current ones first.
func (db *DB) PersonMemberships(ctx context.Context, personID int64) ([]PersonMembership, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT b.id, b.name, m.role, m.starts_on, coalesce(m.ends_on, '')
		FROM memberships m JOIN bodies b ON b.id = m.body_id WHERE m.person_id = ?
		ORDER BY m.ends_on IS NOT NULL, m.ends_on DESC, b.name`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PersonMembership
	for rows.Next() {
		var m PersonMembership
		if err := rows.Scan(&m.BodyID, &m.Body, &m.Role, &m.StartsOn, &m.EndsOn); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// PersonAttendance counts a person's attendance at meetings of the bodies
// they sit on: how often they were present and how often they sent apologies.
type PersonAttendance struct {
	Present   int
	Apologies int
}

// AttendanceRecord sums a person's recorded attendance.
func (db *DB) AttendanceRecord(ctx context.Context, personID int64) (PersonAttendance, error) {
	var a PersonAttendance
	err := db.reader.QueryRowContext(ctx, `SELECT
		count(*) FILTER (WHERE kind IN ('present', 'substitute')),
		count(*) FILTER (WHERE kind = 'apologies')
		FROM attendance WHERE person_id = ?`, personID).Scan(&a.Present, &a.Apologies)
	return a, err
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

// Meetings lists meetings in date order.
func (db *DB) Meetings(ctx context.Context, f MeetingFilter) ([]Meeting, error) {
	var where []string
	var args []any
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
	m, err := scanMeeting(db.reader.QueryRowContext(ctx, `SELECT `+meetingColumns+`
		FROM meetings m JOIN bodies b ON b.id = m.body_id WHERE m.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return m, Errorf(ENOTFOUND, "There is no meeting %d.", id)
	}
	return m, err
}

// AgendaItems lists a meeting's agenda in order.
func (db *DB) AgendaItems(ctx context.Context, meetingID int64) ([]AgendaItem, error) {
	return agendaItems(ctx, db.reader, meetingID)
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

// Attendance lists who attended a meeting and how, in the order recorded.
func (db *DB) Attendance(ctx context.Context, meetingID int64) ([]Attendee, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT `+personColumns+`, a.kind, coalesce(a.substitute_for, 0), a.capacity, a.remote,
		coalesce((SELECT ms.role FROM memberships ms JOIN meetings mt ON mt.id = a.meeting_id
			WHERE ms.person_id = a.person_id AND ms.body_id = mt.body_id
			AND ms.starts_on <= substr(mt.starts_at, 1, 10)
			AND (ms.ends_on IS NULL OR ms.ends_on >= substr(mt.starts_at, 1, 10)) LIMIT 1), '')
		FROM attendance a JOIN people p ON p.id = a.person_id`+personJoins+`
		WHERE a.meeting_id = ? ORDER BY a.position, a.id`, meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Attendee
	var subFor []int64
	for rows.Next() {
		var a Attendee
		var sf int64
		if err := rows.Scan(append(personFields(&a.Person), &a.Kind, &sf, &a.Capacity, &a.Remote, &a.Role)...); err != nil {
			return nil, err
		}
		out = append(out, a)
		subFor = append(subFor, sf)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	for i, id := range subFor {
		if id == 0 {
			continue
		}
		p, err := db.Person(ctx, id)
		if err != nil {
			return nil, err
		}
		out[i].SubstituteFor = &p
	}
	return out, nil
}

// Minutes returns the latest version of a meeting's minutes, whatever its
// status, or nil when there are none: what the clerk works on.
func (db *DB) Minutes(ctx context.Context, meetingID int64) (*MinuteSet, error) {
	return minutes(ctx, db.reader, meetingID, anyVersion)
}

// PublishedMinutes returns the latest version of a meeting's minutes that
// has been published, or nil: a correction being drafted leaves the signed
// record in place until it is published in its turn.
func (db *DB) PublishedMinutes(ctx context.Context, meetingID int64) (*MinuteSet, error) {
	return minutes(ctx, db.reader, meetingID, publishedVersion)
}

// Versions of a meeting's minutes that minutes can pick.
const (
	anyVersion       = ``
	publishedVersion = ` AND s.status IN ('unconfirmed', 'approved', 'signed')`
	signedVersion    = ` AND s.status = 'signed'`
)

func minutes(ctx context.Context, q queryer, meetingID int64, version string) (*MinuteSet, error) {
	var set MinuteSet
	var signedBy int64
	var signedAt, approvingAt, corrects string
	var approving MinuteRef
	err := q.QueryRowContext(ctx, `SELECT s.id, s.meeting_id, s.version, s.status, coalesce(s.signed_by, 0), coalesce(s.signed_at, ''), s.sha256,
		coalesce(s.approved_on, ''), coalesce(ai.id, 0), coalesce(ai.number, 0), coalesce(ai.series, ''), coalesce(aset.meeting_id, 0),
		coalesce(am.starts_at, ''), coalesce(ai.title, ''),
		coalesce((SELECT o.signed_at FROM minute_sets o WHERE o.meeting_id = s.meeting_id AND o.version < s.version AND o.status = 'signed'
			ORDER BY o.version DESC LIMIT 1), '')
		FROM minute_sets s LEFT JOIN minute_items ai ON ai.id = s.approved_by_minute
		LEFT JOIN minute_sets aset ON aset.id = ai.minute_set_id LEFT JOIN meetings am ON am.id = aset.meeting_id
		WHERE s.meeting_id = ?`+version+` ORDER BY s.version DESC LIMIT 1`, meetingID).
		Scan(&set.ID, &set.MeetingID, &set.Version, &set.Status, &signedBy, &signedAt, &set.SHA256,
			&set.ApprovedOn, &approving.ID, &approving.Number, &approving.Series, &approving.MeetingID, &approvingAt, &approving.Title, &corrects)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if signedAt != "" {
		t, err := parseTime(signedAt)
		if err != nil {
			return nil, err
		}
		set.SignedAt = &t
	}
	if corrects != "" {
		t, err := parseTime(corrects)
		if err != nil {
			return nil, err
		}
		set.Corrects = &t
	}
	if approving.ID != 0 {
		if approving.MeetingAt, err = parseTime(approvingAt); err != nil {
			return nil, err
		}
		set.ApprovedBy = &approving
	}
	if signedBy != 0 {
		var p Person
		if err := q.QueryRowContext(ctx, `SELECT `+personColumns+` FROM people p`+personJoins+` WHERE p.id = ?`, signedBy).Scan(personFields(&p)...); err != nil {
			return nil, err
		}
		set.SignedBy = &p
	}
	if set.Items, err = minuteItems(ctx, q, set.ID); err != nil {
		return nil, err
	}
	return &set, nil
}

func minuteItems(ctx context.Context, q queryer, setID int64) ([]MinuteItem, error) {
	rows, err := q.QueryContext(ctx, `SELECT mi.id, mi.number, mi.series, coalesce(mi.agenda_item_id, 0),
		coalesce(CASE WHEN ai.code <> '' THEN ai.code ELSE ai.number END, ''), mi.title
		FROM minute_items mi LEFT JOIN agenda_items ai ON ai.id = mi.agenda_item_id
		WHERE mi.minute_set_id = ? ORDER BY mi.position`, setID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var items []MinuteItem
	index := map[int64]int{}
	for rows.Next() {
		var it MinuteItem
		if err := rows.Scan(&it.ID, &it.Number, &it.Series, &it.AgendaItemID, &it.AgendaLabel, &it.Title); err != nil {
			return nil, err
		}
		index[it.ID] = len(items)
		items = append(items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()

	paras, err := q.QueryContext(ctx, `SELECT p.id, p.minute_item_id, p.kind, p.numbered, p.markdown
		FROM minute_paragraphs p JOIN minute_items mi ON mi.id = p.minute_item_id
		WHERE mi.minute_set_id = ? ORDER BY p.minute_item_id, p.position`, setID)
	if err != nil {
		return nil, err
	}
	defer paras.Close()
	paraIndex := map[int64][2]int{}
	for paras.Next() {
		var p Paragraph
		var itemID int64
		if err := paras.Scan(&p.ID, &itemID, &p.Kind, &p.Numbered, &p.Markdown); err != nil {
			return nil, err
		}
		it := &items[index[itemID]]
		if p.Numbered {
			n := 1
			for _, prev := range it.Paragraphs {
				if prev.Numbered {
					n++
				}
			}
			p.Number = n
		}
		paraIndex[p.ID] = [2]int{index[itemID], len(it.Paragraphs)}
		it.Paragraphs = append(it.Paragraphs, p)
	}
	if err := paras.Err(); err != nil {
		return nil, err
	}
	paras.Close()

	votes, err := q.QueryContext(ctx, `SELECT v.paragraph_id, v.vote, v.dissent_recorded, `+personColumns+`
		FROM recorded_votes v JOIN people p ON p.id = v.person_id`+personJoins+`
		JOIN minute_paragraphs mp ON mp.id = v.paragraph_id JOIN minute_items mi ON mi.id = mp.minute_item_id
		WHERE mi.minute_set_id = ? ORDER BY v.paragraph_id, v.vote, p.surname`, setID)
	if err != nil {
		return nil, err
	}
	defer votes.Close()
	for votes.Next() {
		var v Vote
		var paraID int64
		if err := votes.Scan(append([]any{&paraID, &v.Vote, &v.DissentRecorded}, personFields(&v.Person)...)...); err != nil {
			return nil, err
		}
		at := paraIndex[paraID]
		items[at[0]].Paragraphs[at[1]].Votes = append(items[at[0]].Paragraphs[at[1]].Votes, v)
	}
	if err := votes.Err(); err != nil {
		return nil, err
	}
	votes.Close()

	actions, err := q.QueryContext(ctx, `SELECT a.id, a.minute_item_id, a.description, coalesce(a.due_on, ''), a.status, coalesce(a.owner_person_id, 0),
		coalesce(p.title, ''), coalesce(p.name, '')
		FROM actions a JOIN minute_items mi ON mi.id = a.minute_item_id LEFT JOIN people p ON p.id = a.owner_person_id
		WHERE mi.minute_set_id = ? ORDER BY a.id`, setID)
	if err != nil {
		return nil, err
	}
	defer actions.Close()
	for actions.Next() {
		var a Action
		var owner Person
		if err := actions.Scan(&a.ID, &a.MinuteID, &a.Description, &a.DueOn, &a.Status, &owner.ID, &owner.Title, &owner.Name); err != nil {
			return nil, err
		}
		if owner.ID != 0 {
			a.Owner = &owner
		}
		items[index[a.MinuteID]].Actions = append(items[index[a.MinuteID]].Actions, a)
	}
	return items, actions.Err()
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

// Setting reads a configuration value, "" when unset.
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := db.reader.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// ClosedDays lists the days (YYYY-MM-DD) the council has declared closed.
func (db *DB) ClosedDays(ctx context.Context) ([]string, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT day FROM closed_days ORDER BY day`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// ClosedDay is a day the council declared closed.
type ClosedDay struct {
	Day    string
	Reason string
}

// ClosedDayList lists the declared closure days with their reasons.
func (db *DB) ClosedDayList(ctx context.Context) ([]ClosedDay, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT day, reason FROM closed_days ORDER BY day`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ClosedDay
	for rows.Next() {
		var d ClosedDay
		if err := rows.Scan(&d.Day, &d.Reason); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
