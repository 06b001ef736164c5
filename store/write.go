package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
)

// IsEmpty is true while the database holds no bodies: the demo loads only
// into an empty record.
func (tx *Tx) IsEmpty() (bool, error) {
	var n int
	err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM bodies`).Scan(&n)
	return n == 0, err
}

// SetSetting records a configuration value.
func (tx *Tx) SetSetting(key, value string) error {
	_, err := tx.exec(`INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

// CreatePartyGroup adds a party group.
func (tx *Tx) CreatePartyGroup(name string, position int) (int64, error) {
	return tx.insert(`INSERT INTO party_groups (name, position) VALUES (?, ?)`, name, position)
}

// CreateOrganisation adds an organisation.
func (tx *Tx) CreateOrganisation(name string) (int64, error) {
	return tx.insert(`INSERT INTO organisations (name) VALUES (?)`, name)
}

// CreatePerson adds a person; organisationID and the person's GroupID may be 0.
func (tx *Tx) CreatePerson(p Person, organisationID int64) (int64, error) {
	if strings.TrimSpace(p.Name) == "" || strings.TrimSpace(p.Surname) == "" {
		return 0, Errorf(EINVALID, "A person needs a name and a surname.")
	}
	return tx.insert(`INSERT INTO people (title, name, surname, honours, party_group_id, organisation_id, job_title, division, email)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.Title, p.Name, p.Surname, p.Honours, nullID(p.GroupID), nullID(organisationID), p.JobTitle, p.Division, p.Email)
}

// CreateBody adds a body.
func (tx *Tx) CreateBody(b Body) (int64, error) {
	if b.ClearDaysReading == "" {
		b.ClearDaysReading = "working-days"
	}
	if b.MinuteNumbering == "" {
		b.MinuteNumbering = "continuous"
	}
	id, err := tx.insert(`INSERT INTO bodies (name, type, seats, quorum, section_codes, clear_days_reading, minute_numbering,
		venue, contact_name, contact_phone, contact_email, signatory_name, signatory_title, signatory_phone)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		b.Name, b.Type, b.Seats, b.Quorum, b.SectionCodes, b.ClearDaysReading, b.MinuteNumbering,
		b.Venue, b.ContactName, b.ContactPhone, b.ContactEmail, b.SignatoryName, b.SignatoryTitle, b.SignatoryPhone)
	return id, constraintError(err, "A committee called %q already exists.", b.Name)
}

// SetGroupSeats records how many of a body's seats a group holds.
func (tx *Tx) SetGroupSeats(bodyID, groupID int64, seats int) error {
	_, err := tx.exec(`INSERT INTO body_group_seats (body_id, party_group_id, seats) VALUES (?, ?, ?)`, bodyID, groupID, seats)
	return err
}

// AddMembership seats a person on a body from startsOn (YYYY-MM-DD).
func (tx *Tx) AddMembership(bodyID, personID int64, role string, position int, startsOn string) (int64, error) {
	return tx.insert(`INSERT INTO memberships (body_id, person_id, role, position, starts_on) VALUES (?, ?, ?, ?, ?)`,
		bodyID, personID, role, position, startsOn)
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

// CreateMinuteSet starts a version of a meeting's minutes.
func (tx *Tx) CreateMinuteSet(meetingID int64, version int) (int64, error) {
	return tx.insert(`INSERT INTO minute_sets (meeting_id, version) VALUES (?, ?)`, meetingID, version)
}

// AddMinuteItem adds a numbered minute, allocating its number for the body.
func (tx *Tx) AddMinuteItem(setID int64, it MinuteItem, position int) (int64, error) {
	var bodyID, meetingID int64
	if err := tx.QueryRowContext(tx.ctx, `SELECT m.body_id, m.id FROM minute_sets s JOIN meetings m ON m.id = s.meeting_id
		WHERE s.id = ?`, setID).Scan(&bodyID, &meetingID); err != nil {
		return 0, err
	}
	_, err := tx.exec(`INSERT INTO minute_numbers (body_id, series, number, meeting_id) VALUES (?, ?, ?, ?)
		ON CONFLICT DO NOTHING`, bodyID, it.Series, it.Number, meetingID)
	if err != nil {
		return 0, err
	}
	var owner int64
	if err := tx.QueryRowContext(tx.ctx, `SELECT meeting_id FROM minute_numbers WHERE body_id = ? AND series = ? AND number = ?`,
		bodyID, it.Series, it.Number).Scan(&owner); err != nil {
		return 0, err
	}
	if owner != meetingID {
		return 0, Errorf(ECONFLICT, "Minute %d is already used by another meeting of this committee; minute numbers are never reused.", it.Number)
	}
	id, err := tx.insert(`INSERT INTO minute_items (minute_set_id, body_id, series, number, agenda_item_id, title, position)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, setID, bodyID, it.Series, it.Number, nullID(it.AgendaItemID), it.Title, position)
	return id, constraintError(err, "These minutes already have a minute %d.", it.Number)
}

// AddParagraph adds a paragraph to a minute.
func (tx *Tx) AddParagraph(minuteID int64, p Paragraph, position int) (int64, error) {
	if p.Kind == "" {
		p.Kind = "text"
	}
	return tx.insert(`INSERT INTO minute_paragraphs (minute_item_id, position, kind, numbered, markdown) VALUES (?, ?, ?, ?, ?)`,
		minuteID, position, p.Kind, p.Numbered, p.Markdown)
}

// AddVote records a member's vote on a resolution.
func (tx *Tx) AddVote(paragraphID, personID int64, vote string, dissent bool) error {
	_, err := tx.exec(`INSERT INTO recorded_votes (paragraph_id, person_id, vote, dissent_recorded) VALUES (?, ?, ?, ?)`,
		paragraphID, personID, vote, dissent)
	return err
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

// SetMinutesStatus moves a set of minutes to an unsigned status.
func (tx *Tx) SetMinutesStatus(setID int64, status string) error {
	_, err := tx.exec(`UPDATE minute_sets SET status = ? WHERE id = ?`, status, setID)
	return err
}

// SignMinutes seals a set of minutes: it records the signer, the time and
// the SHA-256 of the record's canonical content.
func (tx *Tx) SignMinutes(setID, signerID int64, at time.Time) (string, error) {
	var meetingID int64
	if err := tx.QueryRowContext(tx.ctx, `SELECT meeting_id FROM minute_sets WHERE id = ?`, setID).Scan(&meetingID); err != nil {
		return "", err
	}
	set, err := minutes(tx.ctx, tx, meetingID, anyVersion)
	if err != nil {
		return "", err
	}
	digest, err := MinutesDigest(set)
	if err != nil {
		return "", err
	}
	_, err = tx.exec(`UPDATE minute_sets SET status = 'signed', signed_by = ?, signed_at = ?, sha256 = ? WHERE id = ?`,
		signerID, formatTime(at), digest, setID)
	return digest, err
}

// MinutesDigest is the SHA-256 of a set's canonical content: its numbered
// minutes, their titles, the agenda items they record and every paragraph
// with its kind and recorded votes, as JSON in record order.
func MinutesDigest(set *MinuteSet) (string, error) {
	type vote struct {
		Person  int64  `json:"person"`
		Vote    string `json:"vote"`
		Dissent bool   `json:"dissent"`
	}
	type para struct {
		Kind     string `json:"kind"`
		Numbered bool   `json:"numbered"`
		Markdown string `json:"markdown"`
		Votes    []vote `json:"votes"`
	}
	type item struct {
		Number int    `json:"number"`
		Series string `json:"series"`
		Agenda string `json:"agenda_item"`
		Title  string `json:"title"`
		Paras  []para `json:"paragraphs"`
	}
	canon := struct {
		Meeting int64  `json:"meeting"`
		Version int    `json:"version"`
		Items   []item `json:"items"`
	}{Meeting: set.MeetingID, Version: set.Version}
	for _, it := range set.Items {
		ci := item{Number: it.Number, Series: it.Series, Agenda: it.AgendaLabel, Title: it.Title}
		for _, p := range it.Paragraphs {
			cp := para{Kind: p.Kind, Numbered: p.Numbered, Markdown: p.Markdown}
			for _, v := range p.Votes {
				cp.Votes = append(cp.Votes, vote{Person: v.ID, Vote: v.Vote, Dissent: v.DissentRecorded})
			}
			ci.Paras = append(ci.Paras, cp)
		}
		canon.Items = append(canon.Items, ci)
	}
	b, err := json.Marshal(canon)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// CreateDecision records an executive decision.
func (tx *Tx) CreateDecision(d Decision) (int64, error) {
	id, err := tx.insert(`INSERT INTO decisions (reference, title, decision_maker, status, key_decision, key_reason, divisions,
		notice_published_on, decision_due, lead_member, lead_director, contact, consultees, financial_implications,
		legal_implications, equalities_implications, data_protection_implications, proposed_decision,
		further_information, decision, published_on, decided_on, subject_to_call_in, effective_from, body_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.Reference, d.Title, d.DecisionMaker, d.Status, d.KeyDecision, d.KeyReason, d.Divisions,
		nullString(d.NoticePublishedOn), d.DecisionDue, d.LeadMember, d.LeadDirector, d.Contact, d.Consultees,
		d.FinancialImplications, d.LegalImplications, d.EqualitiesImplications, d.DataProtectionImplications,
		d.ProposedDecision, d.FurtherInformation, d.Decision, nullString(d.PublishedOn), nullString(d.DecidedOn),
		d.SubjectToCallIn, nullString(d.EffectiveFrom), nullID(d.BodyID))
	return id, constraintError(err, "Decision %s is already recorded.", d.Reference)
}

// AddWorkProgrammeItem adds an item to a body's work programme.
func (tx *Tx) AddWorkProgrammeItem(w WorkProgrammeItem, position int) error {
	_, err := tx.exec(`INSERT INTO work_programme_items (body_id, meeting_on, title, officers, note, position)
		VALUES (?, ?, ?, ?, ?, ?)`, w.BodyID, nullString(w.MeetingOn), w.Title, w.Officers, w.Note, position)
	return err
}

// constraintError turns a uniqueness failure into a conflict a person can
// act on; other errors pass through.
func constraintError(err error, format string, args ...any) error {
	var se sqlite3.Error
	if errors.As(err, &se) && (se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey) {
		return Errorf(ECONFLICT, format, args...)
	}
	return err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

func nullString(s string) any {
	if s == "" {
		return sql.NullString{}
	}
	return s
}

// AddClosedDay declares a day (YYYY-MM-DD) on which the council is closed.
func (tx *Tx) AddClosedDay(day, reason string) error {
	_, err := tx.exec(`INSERT INTO closed_days (day, reason) VALUES (?, ?)`, day, reason)
	return constraintError(err, "%s is already a closure day.", day)
}

// RemoveClosedDay makes a day a working day again.
func (tx *Tx) RemoveClosedDay(day string) error {
	res, err := tx.exec(`DELETE FROM closed_days WHERE day = ?`, day)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Errorf(ENOTFOUND, "%s is not a closure day.", day)
	}
	return nil
}

// Verification is a signed record checked against its seal.
type Verification struct {
	SHA256     string // as sealed when signed
	Recomputed string
	Set        *MinuteSet
}

// OK is true when the record is as it was signed.
func (v Verification) OK() bool { return v.SHA256 != "" && v.SHA256 == v.Recomputed }

// VerifyMinutes recomputes the digest of a meeting's signed minutes.
func (db *DB) VerifyMinutes(ctx context.Context, meetingID int64) (Verification, error) {
	set, err := minutes(ctx, db.reader, meetingID, signedVersion)
	if err != nil {
		return Verification{}, err
	}
	if set == nil {
		return Verification{}, Errorf(ENOTFOUND, "Meeting %d has no signed minutes to verify.", meetingID)
	}
	digest, err := MinutesDigest(set)
	if err != nil {
		return Verification{}, err
	}
	return Verification{SHA256: set.SHA256, Recomputed: digest, Set: set}, nil
}

// SetBodyRules changes how a body numbers its minutes and reads "clear
// days". A new numbering applies to minutes started from now on; minutes
// already numbered keep their numbers.
func (tx *Tx) SetBodyRules(bodyID int64, numbering, clearDaysReading string) error {
	if numbering != "continuous" && numbering != "municipal-year" {
		return Errorf(EINVALID, "Choose how the committee numbers its minutes.")
	}
	if clearDaysReading != "working-days" && clearDaysReading != "section-243" {
		return Errorf(EINVALID, "Choose how the committee counts clear days.")
	}
	res, err := tx.exec(`UPDATE bodies SET minute_numbering = ?, clear_days_reading = ? WHERE id = ?`, numbering, clearDaysReading, bodyID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Errorf(ENOTFOUND, "There is no committee %d.", bodyID)
	}
	return nil
}
