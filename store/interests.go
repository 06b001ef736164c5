package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
)

// InterestCategory is a heading of the register of interests.
type InterestCategory struct {
	Key, Label, Hint string
}

// InterestCategories are the register's headings in the order the
// Schedule to The Relevant Authorities (Disclosable Pecuniary Interests)
// Regulations 2012 gives them, then the other interests codes of conduct
// ask members to register.
var InterestCategories = []InterestCategory{
	{"employment", "Employment, office, trade, profession or vocation",
		"Any employment, office, trade, profession or vocation carried on for profit or gain."},
	{"sponsorship", "Sponsorship",
		"Any payment or other financial benefit, not from the council, towards the member's expenses in carrying out their duties or their election expenses in the last 12 months, including from a trade union."},
	{"contracts", "Contracts",
		"Any contract for goods, services or works with the council, not yet fully discharged, made with the member or a body in which they have a beneficial interest."},
	{"land", "Land",
		"Any beneficial interest in land within the council's area."},
	{"licences", "Licences",
		"Any licence, alone or jointly with others, to occupy land in the council's area for a month or longer."},
	{"corporate-tenancies", "Corporate tenancies",
		"Any tenancy where the landlord is the council and the tenant is a body in which the member has a beneficial interest."},
	{"securities", "Securities",
		"Any beneficial interest in securities of a body with a place of business or land in the council's area, above £25,000 nominal value or one hundredth of its issued share capital (or of any one class of it)."},
	{"other", "Other registrable interests",
		"Interests the council's code of conduct asks members to register, such as membership of an outside body, a charity or a trade union."},
}

// InterestCategoryLabel is the printed heading of a category.
func InterestCategoryLabel(key string) string {
	for _, c := range InterestCategories {
		if c.Key == key {
			return c.Label
		}
	}
	return key
}

// InterestHolders say whose an interest is. The published register does
// not: the regulations count a spouse's or partner's interest as the
// member's own.
var InterestHolders = map[string]string{
	"member":  "The member",
	"partner": "Their spouse or civil partner, or someone they live with as such",
}

// Interest is one entry of a member's register of interests.
type Interest struct {
	ID           int64
	PersonID     int64
	Category     string
	Description  string
	Whose        string
	RegisteredOn string
	// RemovedOn is the day the interest ended, "" while it is current.
	RemovedOn string
}

// RegisterSection is a category of the register with its current entries.
type RegisterSection struct {
	InterestCategory
	Entries []Interest
}

// Register is a member's register of interests.
type Register struct {
	// Sections are every category, in order, each with its current entries.
	Sections []RegisterSection
	// Removed are entries that have ended, the latest first.
	Removed []Interest
	// LastUpdated is the latest day an entry was registered or removed, ""
	// when nothing ever was.
	LastUpdated string
}

// Current counts the entries in force.
func (r Register) Current() int {
	n := 0
	for _, s := range r.Sections {
		n += len(s.Entries)
	}
	return n
}

const interestColumns = `id, person_id, category, description, whose, registered_on, coalesce(removed_on, '')`

func interestFields(i *Interest) []any {
	return []any{&i.ID, &i.PersonID, &i.Category, &i.Description, &i.Whose, &i.RegisteredOn, &i.RemovedOn}
}

// RegisterOfInterests reads a person's register, current and removed.
func (db *DB) RegisterOfInterests(ctx context.Context, personID int64) (Register, error) {
	r := Register{Sections: make([]RegisterSection, len(InterestCategories))}
	index := map[string]int{}
	for i, c := range InterestCategories {
		r.Sections[i].InterestCategory = c
		index[c.Key] = i
	}
	rows, err := db.reader.QueryContext(ctx, `SELECT `+interestColumns+` FROM registered_interests
		WHERE person_id = ? ORDER BY removed_on IS NOT NULL, removed_on DESC, registered_on, id`, personID)
	if err != nil {
		return r, err
	}
	defer rows.Close()
	for rows.Next() {
		var in Interest
		if err := rows.Scan(interestFields(&in)...); err != nil {
			return r, err
		}
		r.LastUpdated = max(r.LastUpdated, in.RegisteredOn, in.RemovedOn)
		if in.RemovedOn != "" {
			r.Removed = append(r.Removed, in)
			continue
		}
		s := &r.Sections[index[in.Category]]
		s.Entries = append(s.Entries, in)
	}
	return r, rows.Err()
}

// InterestProblems are the mistakes in an entry before it can go on the
// register, in the order the form asks: field errors on "category",
// "description", "whose" and "registered". The description is read as
// AddInterest tidies it.
func InterestProblems(in Interest) []error {
	var out []error
	description := strings.Join(strings.Fields(in.Description), " ")
	if InterestCategoryLabel(in.Category) == in.Category {
		out = append(out, fieldErrorf("category", "Choose the category of the interest"))
	}
	switch {
	case description == "":
		out = append(out, fieldErrorf("description", "Enter a description of the interest"))
	case len(description) > 1000:
		out = append(out, fieldErrorf("description", "Enter a description of 1,000 characters or fewer"))
	}
	if _, ok := InterestHolders[in.Whose]; !ok {
		out = append(out, fieldErrorf("whose", "Choose whose interest it is"))
	}
	if !isDay(in.RegisteredOn) {
		out = append(out, fieldErrorf("registered", "Enter the date the interest was registered"))
	}
	return out
}

// AddInterest puts an interest on a person's register; its description
// has its spacing tidied. Its mistakes are those of InterestProblems, the
// first of them, and a description already current under the category.
func (tx *Tx) AddInterest(in Interest) (Interest, error) {
	if problems := InterestProblems(in); len(problems) > 0 {
		return in, problems[0]
	}
	in.Description = strings.Join(strings.Fields(in.Description), " ")
	if _, err := person(tx.ctx, tx, in.PersonID); err != nil {
		return in, err
	}
	var existing string
	err := tx.QueryRowContext(tx.ctx, `SELECT registered_on FROM registered_interests
		WHERE person_id = ? AND category = ? AND description = ? COLLATE NOCASE AND removed_on IS NULL`,
		in.PersonID, in.Category, in.Description).Scan(&existing)
	if err == nil {
		return in, &FieldError{Field: "description", Err: Errorf(ECONFLICT,
			"This interest is already on the register, registered on %s. Describe a different interest, or remove the old entry first",
			longDay(existing))}
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return in, err
	}
	in.RemovedOn = ""
	in.ID, err = tx.insert(`INSERT INTO registered_interests (person_id, category, description, whose, registered_on)
		VALUES (?, ?, ?, ?, ?)`, in.PersonID, in.Category, in.Description, in.Whose, in.RegisteredOn)
	return in, constraintError(err, "This interest is already on the register.")
}

// RemoveInterest ends a current entry of a person's register on the day
// (YYYY-MM-DD) the interest ended; the entry is kept as history. A
// mistake in the day is a field error on "ended".
func (tx *Tx) RemoveInterest(personID, id int64, endedOn string) (Interest, error) {
	var in Interest
	err := tx.QueryRowContext(tx.ctx, `SELECT `+interestColumns+` FROM registered_interests WHERE id = ? AND person_id = ?`,
		id, personID).Scan(interestFields(&in)...)
	if errors.Is(err, sql.ErrNoRows) {
		return in, Errorf(ENOTFOUND, "That interest is not on this member's register.")
	}
	if err != nil {
		return in, err
	}
	if in.RemovedOn != "" {
		return in, Errorf(ECONFLICT, "That interest was already removed from the register, as ended on %s.", longDay(in.RemovedOn))
	}
	if !isDay(endedOn) {
		return in, fieldErrorf("ended", "Enter the date the interest ended")
	}
	if endedOn < in.RegisteredOn {
		return in, fieldErrorf("ended", "The date the interest ended must be on or after the day it was registered, %s", longDay(in.RegisteredOn))
	}
	if _, err := tx.exec(`UPDATE registered_interests SET removed_on = ? WHERE id = ?`, endedOn, id); err != nil {
		return in, err
	}
	in.RemovedOn = endedOn
	return in, nil
}

// PersonDeclaration is an interest a person declared at a meeting.
type PersonDeclaration struct {
	MeetingID int64
	StartsAt  time.Time
	Body      string
	ItemLabel string
	ItemTitle string
	Kind      string
	// Description is what the member said the interest is.
	Description string
}

// PersonDeclarations lists the interests a person declared at meetings,
// the latest meeting first. A meeting yet to come whose agenda is not
// published is left out, as its agenda is not public.
func (db *DB) PersonDeclarations(ctx context.Context, personID int64) ([]PersonDeclaration, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT m.id, m.starts_at, b.name,
		CASE WHEN a.code <> '' THEN a.code ELSE a.number END, a.title, d.kind, d.description
		FROM declarations d JOIN meetings m ON m.id = d.meeting_id JOIN bodies b ON b.id = m.body_id
		JOIN agenda_items a ON a.id = d.agenda_item_id
		WHERE d.person_id = ? AND (m.published_at IS NOT NULL OR m.starts_at <= ?)
		ORDER BY m.starts_at DESC, a.position, d.id`, personID, formatTime(db.Now()))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PersonDeclaration
	for rows.Next() {
		var d PersonDeclaration
		var startsAt string
		if err := rows.Scan(&d.MeetingID, &startsAt, &d.Body, &d.ItemLabel, &d.ItemTitle, &d.Kind, &d.Description); err != nil {
			return nil, err
		}
		if d.StartsAt, err = parseTime(startsAt); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// isDay is true for a real YYYY-MM-DD day.
func isDay(s string) bool {
	t, err := time.Parse("2006-01-02", s)
	return err == nil && t.Format("2006-01-02") == s
}

// longDay prints a YYYY-MM-DD day as "1 June 2021".
func longDay(s string) string {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return s
	}
	return t.Format("2 January 2006")
}
