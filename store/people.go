package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
)

// Person is a councillor, partnership member or officer.
type Person struct {
	ID           int64
	Title        string
	Name         string
	Surname      string
	Honours      string
	GroupID      int64
	Group        string
	Organisation string
	JobTitle     string
	Division     string
	Email        string
}

// DisplayName is the name as the papers print it: "Mr J A Kite, MBE".
func (p Person) DisplayName() string {
	name := strings.TrimSpace(p.Title + " " + p.Name)
	if p.Honours != "" {
		name += ", " + p.Honours
	}
	return name
}

// ShortName is how the minutes refer to someone: "Mr Kite".
func (p Person) ShortName() string {
	if p.Title == "" {
		return p.Name
	}
	return p.Title + " " + p.Surname
}

// Member is a person's seat on a body.
type Member struct {
	Person
	MembershipID int64
	Role         string
	StartsOn     string
	EndsOn       string
}

// Roles in the order the papers list them, with the words they use.
var Roles = []struct{ Key, Label string }{
	{"chairman", "Chairman"},
	{"vice-chairman", "Vice-Chairman"},
	{"member", "Member"},
	{"co-opted", "Co-opted member"},
	{"adviser", "Non-voting adviser"},
	{"substitute", "Substitute"},
}

// RoleLabel is the printed name of a membership role.
func RoleLabel(role string) string {
	for _, r := range Roles {
		if r.Key == role {
			return r.Label
		}
	}
	return role
}

const personColumns = `p.id, p.title, p.name, p.surname, p.honours, coalesce(p.party_group_id, 0),
	coalesce(g.name, ''), coalesce(o.name, ''), p.job_title, p.division, p.email`

const personJoins = ` LEFT JOIN party_groups g ON g.id = p.party_group_id
	LEFT JOIN organisations o ON o.id = p.organisation_id`

func personFields(p *Person) []any {
	return []any{&p.ID, &p.Title, &p.Name, &p.Surname, &p.Honours, &p.GroupID, &p.Group, &p.Organisation, &p.JobTitle, &p.Division, &p.Email}
}

const roleOrder = `CASE m.role WHEN 'chairman' THEN 0 WHEN 'vice-chairman' THEN 1 WHEN 'member' THEN 2
	WHEN 'co-opted' THEN 3 WHEN 'adviser' THEN 4 ELSE 5 END`

// Members lists who sits on a body on a given day, Chairman first, then in
// the order the body lists them.
func (db *DB) Members(ctx context.Context, bodyID int64, on time.Time) ([]Member, error) {
	day := on.Format("2006-01-02")
	rows, err := db.reader.QueryContext(ctx, `SELECT `+personColumns+`, m.id, m.role, m.starts_on, coalesce(m.ends_on, '')
		FROM memberships m JOIN people p ON p.id = m.person_id`+personJoins+`
		WHERE m.body_id = ? AND `+memberOn("m", "?")+`
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
	return person(ctx, db.reader, id)
}

func person(ctx context.Context, q queryer, id int64) (Person, error) {
	var p Person
	err := q.QueryRowContext(ctx, `SELECT `+personColumns+` FROM people p`+personJoins+` WHERE p.id = ?`, id).Scan(personFields(&p)...)
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

// personTitles are the titles a typed name may begin with.
var personTitles = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "dr": true, "prof": true, "professor": true,
	"sir": true, "dame": true, "lord": true, "lady": true, "cllr": true, "councillor": true, "rev": true, "revd": true,
	"dci": true, "di": true, "ds": true, "supt": true,
}

// ParsePersonName reads a name as typed, "Mrs A Beer, MBE": a known title
// first, honours after a comma, and the last word of the name as surname.
func ParsePersonName(typed string) Person {
	var p Person
	name := strings.Join(strings.Fields(typed), " ")
	if before, after, ok := strings.Cut(name, ","); ok {
		name, p.Honours = strings.TrimSpace(before), strings.TrimSpace(after)
	}
	words := strings.Fields(name)
	if len(words) > 1 && personTitles[strings.ToLower(strings.TrimSuffix(words[0], "."))] {
		p.Title = strings.TrimSuffix(words[0], ".")
		words = words[1:]
	}
	p.Name = strings.Join(words, " ")
	if len(words) > 0 {
		p.Surname = words[len(words)-1]
	}
	return p
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

// AddMembership seats a person on a body from startsOn (YYYY-MM-DD).
func (tx *Tx) AddMembership(bodyID, personID int64, role string, position int, startsOn string) (int64, error) {
	return tx.insert(`INSERT INTO memberships (body_id, person_id, role, position, starts_on) VALUES (?, ?, ?, ?, ?)`,
		bodyID, personID, role, position, startsOn)
}

// memberOn is the one test of membership on a day: the membership alias
// started on or before day (an SQL expression, often "?", given twice in
// the arguments) and had not ended before it.
func memberOn(alias, day string) string {
	return alias + ".starts_on <= " + day + " AND (" + alias + ".ends_on IS NULL OR " + alias + ".ends_on >= " + day + ")"
}
