package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// Vote is a member's recorded vote on a resolution.
type Vote struct {
	Person
	Vote            string
	DissentRecorded bool
}

// VoteGroup is who voted one way on a resolution, as the minutes name them.
type VoteGroup struct {
	Label string // For, Against, Abstained
	Names []string
}

// VoteOf is how a person's vote on the paragraph was recorded, if it was.
func (p Paragraph) VoteOf(personID int64) Vote {
	for _, v := range p.Votes {
		if v.ID == personID {
			return v
		}
	}
	return Vote{}
}

// VoteGroups sorts a resolution's recorded votes into for, against and
// abstained; a member who asked for their vote to be recorded is marked.
func (p Paragraph) VoteGroups() []VoteGroup {
	var groups []VoteGroup
	for _, way := range []string{"for", "against", "abstain"} {
		g := VoteGroup{Label: VoteChoices[way]}
		for _, v := range p.Votes {
			if v.Vote != way {
				continue
			}
			name := v.ShortName()
			if v.DissentRecorded {
				name += " (recorded at their request)"
			}
			g.Names = append(g.Names, name)
		}
		if len(g.Names) > 0 {
			groups = append(groups, g)
		}
	}
	return groups
}

// VoteSummary is the recorded vote as the minutes print it, or "":
// "Recorded vote. For (2): Mr Bond, Mr Kite. Against (1): Mr Hook."
func (p Paragraph) VoteSummary() string {
	groups := p.VoteGroups()
	if len(groups) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("Recorded vote.")
	for _, g := range groups {
		fmt.Fprintf(&b, " %s (%d): %s.", g.Label, len(g.Names), strings.Join(g.Names, ", "))
	}
	return b.String()
}

// VoteEntry is one member's recorded vote as the clerk enters it.
type VoteEntry struct {
	PersonID int64
	Vote     string // for, against or abstain
	Dissent  bool   // the member asked for their vote to be recorded
}

// Voter is someone who may vote on an item: a member or substitute in the
// room. Members attending remotely are not present in law, and a member
// with a disclosable pecuniary interest in the item takes no part.
type Voter struct {
	Person
	Remote    bool
	Pecuniary bool
}

// VoteChoices name the ways a member can vote, as the minutes say them.
var VoteChoices = map[string]string{"for": "For", "against": "Against", "abstain": "Abstained"}

// Voters lists who was recorded at a meeting as able to vote, with those
// who may not on an agenda item marked.
func (db *DB) Voters(ctx context.Context, meetingID, agendaItemID int64) ([]Voter, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT `+personColumns+`, a.remote,
		EXISTS (SELECT 1 FROM declarations d WHERE d.meeting_id = a.meeting_id AND d.person_id = a.person_id
			AND d.agenda_item_id = ? AND d.kind = 'disclosable-pecuniary')
		FROM attendance a JOIN people p ON p.id = a.person_id`+personJoins+`
		WHERE a.meeting_id = ? AND a.kind IN ('present', 'substitute') ORDER BY p.surname, p.name`, agendaItemID, meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Voter
	for rows.Next() {
		var v Voter
		if err := rows.Scan(append(personFields(&v.Person), &v.Remote, &v.Pecuniary)...); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// resolutionVotes reads a minute's recorded votes, by resolution in order.
func (tx *Tx) resolutionVotes(minuteID int64) ([][]VoteEntry, error) {
	rows, err := tx.QueryContext(tx.ctx, `SELECT p.id, coalesce(v.person_id, 0), coalesce(v.vote, ''), coalesce(v.dissent_recorded, 0)
		FROM minute_paragraphs p LEFT JOIN recorded_votes v ON v.paragraph_id = p.id
		WHERE p.minute_item_id = ? AND p.kind = 'resolution' ORDER BY p.position, v.id`, minuteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]VoteEntry
	var last int64
	for rows.Next() {
		var paraID int64
		var v VoteEntry
		if err := rows.Scan(&paraID, &v.PersonID, &v.Vote, &v.Dissent); err != nil {
			return nil, err
		}
		if paraID != last {
			out = append(out, nil)
			last = paraID
		}
		if v.PersonID != 0 {
			out[len(out)-1] = append(out[len(out)-1], v)
		}
	}
	return out, rows.Err()
}

// AddVote records a member's vote on a resolution.
func (tx *Tx) AddVote(paragraphID, personID int64, vote string, dissent bool) error {
	_, err := tx.exec(`INSERT INTO recorded_votes (paragraph_id, person_id, vote, dissent_recorded) VALUES (?, ?, ?, ?)`,
		paragraphID, personID, vote, dissent)
	return err
}

// RecordVotes replaces the recorded vote on a resolution of draft minutes.
func (tx *Tx) RecordVotes(meetingID, paragraphID int64, votes []VoteEntry) error {
	setID, err := tx.draftSet(meetingID)
	if err != nil {
		return err
	}
	var agendaItemID int64
	var kind string
	err = tx.QueryRowContext(tx.ctx, `SELECT coalesce(mi.agenda_item_id, 0), p.kind FROM minute_paragraphs p
		JOIN minute_items mi ON mi.id = p.minute_item_id WHERE p.id = ? AND mi.minute_set_id = ?`, paragraphID, setID).Scan(&agendaItemID, &kind)
	if errors.Is(err, sql.ErrNoRows) {
		return Errorf(ENOTFOUND, "That resolution is not in these minutes.")
	}
	if err != nil {
		return err
	}
	if kind != "resolution" {
		return Errorf(EINVALID, "Votes are recorded on a resolution: a paragraph that starts \"RESOLVED\".")
	}
	for _, v := range votes {
		if _, ok := VoteChoices[v.Vote]; !ok {
			return Errorf(EINVALID, "%q is not a way to vote: choose for, against or abstained.", v.Vote)
		}
		if v.Dissent && v.Vote == "for" {
			return Errorf(EINVALID, "Only a member who voted against or abstained can ask for their dissent to be recorded.")
		}
		var name string
		var remote, pecuniary bool
		err := tx.QueryRowContext(tx.ctx, `SELECT trim(p.title || ' ' || p.name), a.remote,
			EXISTS (SELECT 1 FROM declarations d WHERE d.meeting_id = a.meeting_id AND d.person_id = a.person_id
				AND d.agenda_item_id = ? AND d.kind = 'disclosable-pecuniary')
			FROM attendance a JOIN people p ON p.id = a.person_id
			WHERE a.meeting_id = ? AND a.person_id = ? AND a.kind IN ('present', 'substitute')`, agendaItemID, meetingID, v.PersonID).
			Scan(&name, &remote, &pecuniary)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return Errorf(EINVALID, "Only members recorded as present can vote. Record the attendance first.")
		case err != nil:
			return err
		case remote:
			return Errorf(EINVALID, "%s attended remotely, so cannot vote: remote attendance is not attendance in law.", name)
		case pecuniary:
			return Errorf(EINVALID, "%s declared a disclosable pecuniary interest in this item, so takes no part in the vote.", name)
		}
	}
	if _, err := tx.exec(`DELETE FROM recorded_votes WHERE paragraph_id = ?`, paragraphID); err != nil {
		return err
	}
	for _, v := range votes {
		if err := tx.AddVote(paragraphID, v.PersonID, v.Vote, v.Dissent); err != nil {
			return err
		}
	}
	return nil
}
