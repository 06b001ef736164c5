package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
)

// Attendee is a person's attendance at a meeting.
type Attendee struct {
	Person
	Kind          string
	SubstituteFor *Person
	Capacity      string
	Remote        bool
	Role          string
}

// MemberAttendance is how one member attended.
type MemberAttendance struct {
	PersonID int64
	Kind     string // present, apologies, absent
	Remote   bool
}

// PersonAttendance counts a person's attendance at meetings of the bodies
// they sit on: how often they were present, sent apologies or were absent.
type PersonAttendance struct {
	Present   int
	Apologies int
	Absent    int
}

// Attendance lists who attended a meeting and how, in the order recorded.
func (db *DB) Attendance(ctx context.Context, meetingID int64) ([]Attendee, error) {
	return attendance(ctx, db.reader, meetingID)
}

func attendance(ctx context.Context, q queryer, meetingID int64) ([]Attendee, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+personColumns+`, a.kind, coalesce(a.substitute_for, 0), a.capacity, a.remote,
		coalesce((SELECT ms.role FROM memberships ms JOIN meetings mt ON mt.id = a.meeting_id
			WHERE ms.person_id = a.person_id AND ms.body_id = mt.body_id
			AND `+memberOn("ms", "substr(mt.starts_at, 1, 10)")+` LIMIT 1), '')
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
		p, err := person(ctx, q, id)
		if err != nil {
			return nil, err
		}
		out[i].SubstituteFor = &p
	}
	return out, nil
}

// AttendanceRecord sums a person's recorded attendance.
func (db *DB) AttendanceRecord(ctx context.Context, personID int64) (PersonAttendance, error) {
	var a PersonAttendance
	err := db.reader.QueryRowContext(ctx, `SELECT
		count(*) FILTER (WHERE kind IN ('present', 'substitute')),
		count(*) FILTER (WHERE kind = 'apologies'),
		count(*) FILTER (WHERE kind = 'absent')
		FROM attendance WHERE person_id = ?`, personID).Scan(&a.Present, &a.Apologies, &a.Absent)
	return a, err
}

// AttendanceCandidates are the people the clerk may record at a meeting
// besides its members; nobody already recorded is among them.
type AttendanceCandidates struct {
	// NamedSubstitutes hold the committee's substitute seats.
	NamedSubstitutes []Person
	// Councillors are those with a party group who do not sit on the
	// committee (named substitutes aside).
	Councillors []Person
	// Officers have a job title and no party group.
	Officers []Person
}

// AttendanceCandidates lists who else may attend a meeting of bodyID held
// on the day of on.
func (db *DB) AttendanceCandidates(ctx context.Context, meetingID, bodyID int64, on time.Time) (AttendanceCandidates, error) {
	day := on.Format("2006-01-02")
	seat := `SELECT 1 FROM memberships m WHERE m.body_id = ? AND m.person_id = p.id
		AND ` + memberOn("m", "?") + ` AND m.role `
	rows, err := db.reader.QueryContext(ctx, `SELECT `+personColumns+`,
		EXISTS (`+seat+`<> 'substitute'), EXISTS (`+seat+`= 'substitute')
		FROM people p`+personJoins+`
		WHERE p.id NOT IN (SELECT person_id FROM attendance WHERE meeting_id = ?)
		ORDER BY p.surname, p.name, p.id`, bodyID, day, day, bodyID, day, day, meetingID)
	if err != nil {
		return AttendanceCandidates{}, err
	}
	defer rows.Close()
	var out AttendanceCandidates
	for rows.Next() {
		var p Person
		var member, named bool
		if err := rows.Scan(append(personFields(&p), &member, &named)...); err != nil {
			return out, err
		}
		switch {
		case member:
		case named:
			out.NamedSubstitutes = append(out.NamedSubstitutes, p)
		case p.GroupID != 0:
			out.Councillors = append(out.Councillors, p)
		case p.JobTitle != "":
			out.Officers = append(out.Officers, p)
		}
	}
	return out, rows.Err()
}

// attendanceKinds say how someone is recorded, as a sentence ends.
var attendanceKinds = map[string]string{
	"present":       "as present",
	"apologies":     "as having sent apologies",
	"absent":        "as absent",
	"substitute":    "as a substitute",
	"also-present":  "as also present",
	"in-attendance": "as in attendance",
}

// AddAttendance records one person's attendance at a meeting.
func (tx *Tx) AddAttendance(meetingID int64, a Attendee, position int) error {
	var subFor any
	if a.SubstituteFor != nil {
		subFor = a.SubstituteFor.ID
	}
	_, err := tx.exec(`INSERT INTO attendance (meeting_id, person_id, kind, substitute_for, capacity, remote, position)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, meetingID, a.ID, a.Kind, subFor, a.Capacity, a.Remote, position)
	return constraintError(err, "%s is already recorded for this meeting.", a.DisplayName())
}

// RecordMemberAttendance replaces the attendance of the given members of a
// meeting; officers and others recorded as also present or in attendance
// stay as they are. A member whose substitute is recorded cannot also be
// present.
func (tx *Tx) RecordMemberAttendance(meetingID int64, list []MemberAttendance) error {
	for i, a := range list {
		switch a.Kind {
		case "present", "apologies", "absent":
		default:
			return Errorf(EINVALID, "%q is not a way to attend.", a.Kind)
		}
		if a.Remote && a.Kind != "present" {
			return Errorf(EINVALID, "Only a member who is present can be recorded as attending remotely.")
		}
		if a.Kind == "present" {
			sub, err := tx.substituteFor(meetingID, a.PersonID)
			if err != nil {
				return err
			}
			if sub != nil {
				member, err := tx.attendancePerson(a.PersonID)
				if err != nil {
					return err
				}
				return Errorf(EINVALID, "%s cannot be recorded as present: %s is recorded as their substitute. Remove the substitute first.",
					member.DisplayName(), sub.DisplayName())
			}
		}
		if _, err := tx.exec(`DELETE FROM attendance WHERE meeting_id = ? AND person_id = ?`, meetingID, a.PersonID); err != nil {
			return err
		}
		if _, err := tx.exec(`INSERT INTO attendance (meeting_id, person_id, kind, remote, position) VALUES (?, ?, ?, ?, ?)`,
			meetingID, a.PersonID, a.Kind, a.Remote, i+1); err != nil {
			return err
		}
	}
	return nil
}

// AddSubstitute records that personID attends a meeting as the substitute
// for forID, a member of the committee on the day (on). The member must not
// be recorded as present; with no record yet they are recorded as having
// sent apologies.
func (tx *Tx) AddSubstitute(meetingID int64, on time.Time, personID, forID int64, remote bool) error {
	if personID == 0 {
		return fieldErrorf("person", "Choose the substitute.")
	}
	if forID == 0 {
		return fieldErrorf("for", "Choose the member they substitute for.")
	}
	sub, err := tx.attendancePerson(personID)
	if ErrorCode(err) == ENOTFOUND {
		return fieldErrorf("person", "Choose the substitute.")
	}
	if err != nil {
		return err
	}
	member, err := tx.attendancePerson(forID)
	if ErrorCode(err) == ENOTFOUND {
		return fieldErrorf("for", "Choose the member they substitute for.")
	}
	if err != nil {
		return err
	}
	if personID == forID {
		return fieldErrorf("person", "%s cannot substitute for themselves.", sub.DisplayName())
	}
	forSeat, _, err := tx.seats(meetingID, forID, on)
	if err != nil {
		return err
	}
	if !forSeat {
		return fieldErrorf("for", "%s is not a member of the committee, so cannot have a substitute. Choose the member they substitute for.", member.DisplayName())
	}
	subSeat, named, err := tx.seats(meetingID, personID, on)
	if err != nil {
		return err
	}
	if subSeat {
		return fieldErrorf("person", "%s is a member of the committee, so cannot substitute for another member.", sub.DisplayName())
	}
	if sub.GroupID == 0 && !named {
		return fieldErrorf("person", "%s is not a councillor, so cannot substitute for a member.", sub.DisplayName())
	}
	if err := tx.notYetRecorded(meetingID, sub); err != nil {
		return err
	}
	existing, err := tx.substituteFor(meetingID, forID)
	if err != nil {
		return err
	}
	if existing != nil {
		return fieldErrorf("for", "%s already has a substitute at this meeting: %s.", member.DisplayName(), existing.DisplayName())
	}
	kind, err := tx.attendanceKind(meetingID, forID)
	if err != nil {
		return err
	}
	if kind == "present" {
		return fieldErrorf("for", "%s is recorded as present, so cannot have a substitute. Record them as having sent apologies first.", member.DisplayName())
	}
	pos, err := tx.nextAttendancePosition(meetingID)
	if err != nil {
		return err
	}
	if kind == "" {
		if err := tx.AddAttendance(meetingID, Attendee{Person: member, Kind: "apologies"}, pos); err != nil {
			return err
		}
		pos++
	}
	return tx.addAttendee(meetingID, Attendee{Person: sub, Kind: "substitute", SubstituteFor: &member, Remote: remote}, pos)
}

// AddAlsoPresent records a councillor who is not a member of the committee
// attending its meeting.
func (tx *Tx) AddAlsoPresent(meetingID int64, on time.Time, personID int64) error {
	if personID == 0 {
		return fieldErrorf("person", "Choose the councillor.")
	}
	p, err := tx.attendancePerson(personID)
	if ErrorCode(err) == ENOTFOUND {
		return fieldErrorf("person", "Choose the councillor.")
	}
	if err != nil {
		return err
	}
	if p.GroupID == 0 {
		return fieldErrorf("person", "%s is not a councillor. Record officers as in attendance.", p.DisplayName())
	}
	seat, _, err := tx.seats(meetingID, personID, on)
	if err != nil {
		return err
	}
	if seat {
		return fieldErrorf("person", "%s is a member of the committee: record their attendance in the list of members.", p.DisplayName())
	}
	if err := tx.notYetRecorded(meetingID, p); err != nil {
		return err
	}
	pos, err := tx.nextAttendancePosition(meetingID)
	if err != nil {
		return err
	}
	return tx.addAttendee(meetingID, Attendee{Person: p, Kind: "also-present"}, pos)
}

// Officer is someone in attendance: a person already known (PersonID) or a
// new one by name, with the job title the minutes print after the name.
type Officer struct {
	PersonID int64
	Name     string
	JobTitle string
}

// AddInAttendance records an officer in attendance, creating the person
// when the name is new. An officer chosen from those known keeps the job
// title recorded for them unless another is given.
func (tx *Tx) AddInAttendance(meetingID int64, o Officer) (Person, error) {
	name := strings.Join(strings.Fields(o.Name), " ")
	jobTitle := strings.Join(strings.Fields(o.JobTitle), " ")
	var p Person
	switch {
	case o.PersonID != 0 && name != "":
		return p, fieldErrorf("person", "Either choose an officer from the list or enter the name of someone else, not both.")
	case o.PersonID != 0:
		var err error
		p, err = tx.attendancePerson(o.PersonID)
		if ErrorCode(err) == ENOTFOUND {
			return p, fieldErrorf("person", "Choose an officer from the list.")
		}
		if err != nil {
			return p, err
		}
		if p.GroupID != 0 {
			return p, fieldErrorf("person", "%s is a councillor: record them as also present.", p.DisplayName())
		}
		if jobTitle == "" {
			jobTitle = p.JobTitle
		}
	case name == "":
		return p, fieldErrorf("name", "Enter the officer's name.")
	}
	if jobTitle == "" {
		return p, fieldErrorf("job-title", "Enter the officer's job title.")
	}
	if len(name) > 200 {
		return p, fieldErrorf("name", "Enter a name of 200 characters or fewer.")
	}
	if len(jobTitle) > 300 {
		return p, fieldErrorf("job-title", "Enter a job title of 300 characters or fewer.")
	}
	if o.PersonID == 0 {
		known, err := tx.officerNamed(name)
		if err != nil {
			return p, err
		}
		if known != nil {
			p = *known
		} else {
			p = ParsePersonName(name)
			p.JobTitle = jobTitle
			if p.ID, err = tx.CreatePerson(p, 0); err != nil {
				return p, err
			}
		}
	}
	if err := tx.notYetRecorded(meetingID, p); err != nil {
		return p, err
	}
	pos, err := tx.nextAttendancePosition(meetingID)
	if err != nil {
		return p, err
	}
	return p, tx.addAttendee(meetingID, Attendee{Person: p, Kind: "in-attendance", Capacity: jobTitle}, pos)
}

// RemoveAttendee takes back the record of a substitute, a councillor also
// present or an officer in attendance; members' own attendance is recorded
// with RecordMemberAttendance. It returns what was removed.
func (tx *Tx) RemoveAttendee(meetingID, personID int64) (Attendee, error) {
	var a Attendee
	err := tx.QueryRowContext(tx.ctx, `SELECT kind, capacity, remote FROM attendance
		WHERE meeting_id = ? AND person_id = ? AND kind IN ('substitute', 'also-present', 'in-attendance')`,
		meetingID, personID).Scan(&a.Kind, &a.Capacity, &a.Remote)
	if errors.Is(err, sql.ErrNoRows) {
		return a, Errorf(ENOTFOUND, "That person is not recorded as a substitute, also present or in attendance at this meeting.")
	}
	if err != nil {
		return a, err
	}
	if a.Person, err = tx.attendancePerson(personID); err != nil {
		return a, err
	}
	_, err = tx.exec(`DELETE FROM attendance WHERE meeting_id = ? AND person_id = ?`, meetingID, personID)
	return a, err
}

// officerNamed finds the officer (someone with no party group) whose name
// is exactly as typed, or nil.
func (tx *Tx) officerNamed(typed string) (*Person, error) {
	want := ParsePersonName(typed)
	rows, err := tx.QueryContext(tx.ctx, `SELECT `+personColumns+` FROM people p`+personJoins+`
		WHERE p.party_group_id IS NULL AND p.surname = ? COLLATE NOCASE ORDER BY p.id`, want.Surname)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var p Person
		if err := rows.Scan(personFields(&p)...); err != nil {
			return nil, err
		}
		if strings.EqualFold(p.DisplayName(), want.DisplayName()) {
			return &p, nil
		}
	}
	return nil, rows.Err()
}

// attendancePerson reads a person inside the transaction.
func (tx *Tx) attendancePerson(id int64) (Person, error) {
	return person(tx.ctx, tx, id)
}

// seats says whether a person sits on the meeting's committee on the day:
// as a member (any role but substitute), and as a named substitute.
func (tx *Tx) seats(meetingID, personID int64, on time.Time) (member, substitute bool, err error) {
	day := on.Format("2006-01-02")
	err = tx.QueryRowContext(tx.ctx, `SELECT
		coalesce(sum(ms.role <> 'substitute'), 0) > 0, coalesce(sum(ms.role = 'substitute'), 0) > 0
		FROM memberships ms JOIN meetings mt ON mt.body_id = ms.body_id
		WHERE mt.id = ? AND ms.person_id = ? AND `+memberOn("ms", "?"),
		meetingID, personID, day, day).Scan(&member, &substitute)
	return member, substitute, err
}

// attendanceKind is how a person is recorded at a meeting, "" if not at all.
func (tx *Tx) attendanceKind(meetingID, personID int64) (string, error) {
	var kind string
	err := tx.QueryRowContext(tx.ctx, `SELECT kind FROM attendance WHERE meeting_id = ? AND person_id = ?`,
		meetingID, personID).Scan(&kind)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return kind, err
}

// notYetRecorded refuses a second record of someone at a meeting.
func (tx *Tx) notYetRecorded(meetingID int64, p Person) error {
	kind, err := tx.attendanceKind(meetingID, p.ID)
	if err != nil || kind == "" {
		return err
	}
	return fieldErrorf("person", "%s is already recorded for this meeting, %s. Remove that record first.", p.DisplayName(), attendanceKinds[kind])
}

// substituteFor is the substitute recorded for a member, or nil.
func (tx *Tx) substituteFor(meetingID, memberID int64) (*Person, error) {
	var id int64
	err := tx.QueryRowContext(tx.ctx, `SELECT person_id FROM attendance WHERE meeting_id = ? AND kind = 'substitute' AND substitute_for = ?`,
		meetingID, memberID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	p, err := tx.attendancePerson(id)
	return &p, err
}

func (tx *Tx) nextAttendancePosition(meetingID int64) (int, error) {
	var n int
	err := tx.QueryRowContext(tx.ctx, `SELECT coalesce(max(position), 0) + 1 FROM attendance WHERE meeting_id = ?`, meetingID).Scan(&n)
	return n, err
}

// addAttendee is AddAttendance whose duplicate is a mistake in the person
// field.
func (tx *Tx) addAttendee(meetingID int64, a Attendee, position int) error {
	err := tx.AddAttendance(meetingID, a, position)
	var e *Error
	if errors.As(err, &e) && e.Code == ECONFLICT {
		return &FieldError{Field: "person", Err: Errorf(EINVALID, "%s", e.Message)}
	}
	return err
}

// Declaration is a member's declared interest in an agenda item.
type Declaration struct {
	ID          int64
	Person      string
	ItemLabel   string
	ItemTitle   string
	Kind        string
	Description string
}

// DeclarationKinds name the kinds of interest as members read them.
var DeclarationKinds = map[string]string{
	"disclosable-pecuniary": "Disclosable pecuniary interest",
	"other-significant":     "Other significant interest",
	"voluntary":             "Voluntary announcement",
}

// Declarations lists a meeting's declarations in agenda order.
func (db *DB) Declarations(ctx context.Context, meetingID int64) ([]Declaration, error) {
	return declarations(ctx, db.reader, meetingID)
}

func declarations(ctx context.Context, q queryer, meetingID int64) ([]Declaration, error) {
	rows, err := q.QueryContext(ctx, `SELECT d.id, trim(p.title || ' ' || p.name), CASE WHEN a.code <> '' THEN a.code ELSE a.number END,
		a.title, d.kind, d.description FROM declarations d JOIN people p ON p.id = d.person_id JOIN agenda_items a ON a.id = d.agenda_item_id
		WHERE d.meeting_id = ? ORDER BY a.position, p.surname`, meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Declaration
	for rows.Next() {
		var d Declaration
		if err := rows.Scan(&d.ID, &d.Person, &d.ItemLabel, &d.ItemTitle, &d.Kind, &d.Description); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// AddDeclaration records a member's interest in an item of the meeting.
// Each problem is a *FieldError naming the form's field: "person", "item",
// "kind" or "description".
func (tx *Tx) AddDeclaration(meetingID, personID, itemID int64, kind, description string) error {
	if _, ok := DeclarationKinds[kind]; !ok {
		return fieldErrorf("kind", "Choose the kind of interest.")
	}
	var n int
	if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM agenda_items WHERE id = ? AND meeting_id = ?`, itemID, meetingID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fieldErrorf("item", "Choose the agenda item the interest is in.")
	}
	if err := tx.QueryRowContext(tx.ctx, `SELECT (SELECT count(*) FROM memberships ms JOIN meetings m ON m.body_id = ms.body_id
		WHERE m.id = ? AND ms.person_id = ?) + (SELECT count(*) FROM attendance WHERE meeting_id = ? AND person_id = ? AND kind = 'substitute')`,
		meetingID, personID, meetingID, personID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fieldErrorf("person", "Choose a member of the committee, or a substitute recorded at this meeting.")
	}
	description = strings.TrimSpace(description)
	if description == "" {
		return fieldErrorf("description", "Enter the nature of the interest, for example 'Owns land next to the application site'.")
	}
	// The same interest twice would be minuted twice.
	var who, item string
	err := tx.QueryRowContext(tx.ctx, `SELECT trim(p.title || ' ' || p.name), CASE WHEN a.code <> '' THEN a.code ELSE a.number END
		FROM declarations d JOIN people p ON p.id = d.person_id JOIN agenda_items a ON a.id = d.agenda_item_id
		WHERE d.meeting_id = ? AND d.person_id = ? AND d.agenda_item_id = ? AND d.kind = ? LIMIT 1`,
		meetingID, personID, itemID, kind).Scan(&who, &item)
	if err == nil {
		return fieldErrorf("person", "%s has already declared this interest on item %s. To change what it says, remove that declaration and record it again.", who, item)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	_, err = tx.exec(`INSERT INTO declarations (meeting_id, agenda_item_id, person_id, kind, description) VALUES (?, ?, ?, ?, ?)`,
		meetingID, itemID, personID, kind, description)
	return err
}

// RemoveDeclaration takes back a declaration recorded in error.
func (tx *Tx) RemoveDeclaration(meetingID, id int64) error {
	res, err := tx.exec(`DELETE FROM declarations WHERE id = ? AND meeting_id = ?`, id, meetingID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Errorf(ENOTFOUND, "That declaration is not one of this meeting's.")
	}
	return nil
}
