package store

import (
	"context"
	"database/sql"
	"errors"
)

// Body is a committee, board or partnership.
type Body struct {
	ID               int64
	Name             string
	Type             string
	Seats            int
	Quorum           int
	SectionCodes     bool
	ClearDaysReading string
	MinuteNumbering  string
	Venue            string
	ContactName      string
	ContactPhone     string
	ContactEmail     string
	SignatoryName    string
	SignatoryTitle   string
	SignatoryPhone   string
}

// BodyTypes names each kind of body as the public reads it.
var BodyTypes = map[string]string{
	"council":           "Council",
	"cabinet":           "Cabinet",
	"cabinet-committee": "Cabinet Committee",
	"scrutiny":          "Scrutiny",
	"regulatory":        "Regulatory committee",
	"partnership":       "Partnership",
	"sub-committee":     "Sub-committee",
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
	return body(ctx, db.reader, id)
}

// Body reads a body inside a write transaction.
func (tx *Tx) Body(id int64) (Body, error) {
	return body(tx.ctx, tx, id)
}

func body(ctx context.Context, q queryer, id int64) (Body, error) {
	b, err := scanBody(q.QueryRowContext(ctx, `SELECT `+bodyColumns+` FROM bodies WHERE id = ?`, id))
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

// CreatePartyGroup adds a party group.
func (tx *Tx) CreatePartyGroup(name string, position int) (int64, error) {
	return tx.insert(`INSERT INTO party_groups (name, position) VALUES (?, ?)`, name, position)
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
