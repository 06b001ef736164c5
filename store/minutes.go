package store

import (
	"context"
	"strings"
)

// NextMinuteNumber is the number the body's next minute takes: one more
// than the last it ever used, so that no number is used twice.
func (tx *Tx) NextMinuteNumber(bodyID int64, series string) (int, error) {
	var last int
	err := tx.QueryRowContext(tx.ctx, `SELECT coalesce(max(number), 0) FROM minute_numbers WHERE body_id = ? AND series = ?`, bodyID, series).Scan(&last)
	return last + 1, err
}

// StartMinutes drafts a meeting's minutes: one minute for each agenda item
// but the introduction, numbered in agenda order from the body's next
// number.
func (tx *Tx) StartMinutes(meetingID int64) (int64, error) {
	var existing int
	if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM minute_sets WHERE meeting_id = ?`, meetingID).Scan(&existing); err != nil {
		return 0, err
	}
	if existing > 0 {
		return 0, Errorf(ECONFLICT, "The minutes of this meeting are already started.")
	}
	m, err := tx.Meeting(meetingID)
	if err != nil {
		return 0, err
	}
	items, err := tx.AgendaItems(meetingID)
	if err != nil {
		return 0, err
	}
	setID, err := tx.CreateMinuteSet(meetingID, 1)
	if err != nil {
		return 0, err
	}
	next, err := tx.NextMinuteNumber(m.BodyID, "")
	if err != nil {
		return 0, err
	}
	pos := 0
	for _, a := range items {
		if strings.HasPrefix(strings.ToLower(a.Title), "introduction") {
			continue
		}
		pos++
		if _, err := tx.AddMinuteItem(setID, MinuteItem{Number: next, AgendaItemID: a.ID, Title: a.Title}, pos); err != nil {
			return 0, err
		}
		next++
	}
	return setID, nil
}

// draftSet finds a meeting's minutes that can still be edited.
func (tx *Tx) draftSet(meetingID int64) (int64, error) {
	var id int64
	var status string
	err := tx.QueryRowContext(tx.ctx, `SELECT id, status FROM minute_sets WHERE meeting_id = ? ORDER BY version DESC LIMIT 1`, meetingID).Scan(&id, &status)
	if err != nil {
		return 0, Errorf(ENOTFOUND, "The minutes of this meeting are not started.")
	}
	if status != "draft" && status != "chair-review" {
		return 0, Errorf(ECONFLICT, "The minutes are %s and can no longer be edited; a correction to signed minutes is a new version.", MinutesStatuses[status])
	}
	return id, nil
}

// SplitMinuteText turns a minute written in Markdown into paragraphs:
// blank lines separate them, a paragraph that starts "RESOLVED" is a
// resolution, and a minute of more than one paragraph numbers them.
func SplitMinuteText(text string) []Paragraph {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var paras []Paragraph
	for _, block := range strings.Split(text, "\n\n") {
		block = strings.TrimSpace(block)
		if block == "" {
			continue
		}
		p := Paragraph{Kind: "text", Markdown: block}
		if strings.HasPrefix(strings.TrimLeft(block, "*_ "), "RESOLVED") {
			p.Kind = "resolution"
		}
		paras = append(paras, p)
	}
	for i := range paras {
		paras[i].Numbered = len(paras) > 1
	}
	return paras
}

// JoinMinuteText is the inverse of SplitMinuteText, for the editor.
func JoinMinuteText(paras []Paragraph) string {
	blocks := make([]string, len(paras))
	for i, p := range paras {
		blocks[i] = p.Markdown
	}
	return strings.Join(blocks, "\n\n")
}

// SaveMinuteText replaces a draft minute's paragraphs with the text given.
func (tx *Tx) SaveMinuteText(meetingID, minuteID int64, text string) error {
	setID, err := tx.draftSet(meetingID)
	if err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM minute_items WHERE id = ? AND minute_set_id = ?`, minuteID, setID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return Errorf(ENOTFOUND, "That minute is not in these minutes.")
	}
	if _, err := tx.exec(`DELETE FROM minute_paragraphs WHERE minute_item_id = ?`, minuteID); err != nil {
		return err
	}
	for i, p := range SplitMinuteText(text) {
		if _, err := tx.AddParagraph(minuteID, p, i+1); err != nil {
			return err
		}
	}
	return nil
}

// AdvanceMinutes moves a meeting's minutes on in their life: from draft
// to the Chairman for comment, to published as unconfirmed, to approved as
// a correct record at the next meeting.
func (tx *Tx) AdvanceMinutes(meetingID int64, to string) error {
	var setID int64
	var status string
	if err := tx.QueryRowContext(tx.ctx, `SELECT id, status FROM minute_sets WHERE meeting_id = ? ORDER BY version DESC LIMIT 1`, meetingID).Scan(&setID, &status); err != nil {
		return Errorf(ENOTFOUND, "The minutes of this meeting are not started.")
	}
	allowed := map[string][]string{"chair-review": {"draft"}, "unconfirmed": {"draft", "chair-review"}, "approved": {"unconfirmed"}}
	ok := false
	for _, from := range allowed[to] {
		ok = ok || from == status
	}
	if !ok {
		return Errorf(ECONFLICT, "Minutes that are %s cannot become %s.", strings.ToLower(MinutesStatuses[status]), strings.ToLower(MinutesStatuses[to]))
	}
	if to == "approved" {
		_, err := tx.exec(`UPDATE minute_sets SET status = 'approved', approved_on = ? WHERE id = ?`, formatTime(tx.Now)[:10], setID)
		return err
	}
	if err := tx.SetMinutesStatus(setID, to); err != nil {
		return err
	}
	if to == "chair-review" {
		return tx.queueChairReview(meetingID)
	}
	return nil
}

// queueChairReview emails the draft minutes' link to the body's Chairman
// and Vice-Chairman for comment.
func (tx *Tx) queueChairReview(meetingID int64) error {
	_, err := tx.exec(`INSERT INTO outbox (message_id, kind, meeting_id, recipient_email, recipient_name, entitled, next_attempt_at, created_at)
		SELECT '<chair-review-' || ? || '-' || p.id || '-' || strftime('%s', ?) || '@minutebook>', 'chair-review', ?, p.email,
			trim(p.title || ' ' || p.name), 1, ?, ?
		FROM memberships ms JOIN people p ON p.id = ms.person_id JOIN meetings m ON m.body_id = ms.body_id
		WHERE m.id = ? AND ms.role IN ('chairman', 'vice-chairman') AND ms.ends_on IS NULL AND p.email <> ''`,
		meetingID, formatTime(tx.Now), meetingID, formatTime(tx.Now), formatTime(tx.Now), meetingID)
	return err
}

// SignApprovedMinutes seals approved minutes with the signer's name.
func (tx *Tx) SignApprovedMinutes(meetingID, personID int64) (string, error) {
	var setID int64
	var status string
	if err := tx.QueryRowContext(tx.ctx, `SELECT id, status FROM minute_sets WHERE meeting_id = ? ORDER BY version DESC LIMIT 1`, meetingID).Scan(&setID, &status); err != nil {
		return "", Errorf(ENOTFOUND, "The minutes of this meeting are not started.")
	}
	if status != "approved" {
		return "", Errorf(ECONFLICT, "Only minutes the committee has approved as a correct record can be signed; these are %s.", strings.ToLower(MinutesStatuses[status]))
	}
	return tx.SignMinutes(setID, personID, tx.Now)
}

// BodyAction is an action arising from one of a body's minutes.
type BodyAction struct {
	Action
	MinuteNumber int
	MeetingID    int64
	MeetingAt    string
	OwnerName    string
}

// BodyActions lists the actions arising from a body's minutes, open ones
// first, each with the minute it arose from.
func (db *DB) BodyActions(ctx context.Context, bodyID int64) ([]BodyAction, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT a.id, a.description, coalesce(a.due_on, ''), a.status, mi.number, m.id, m.starts_at,
		coalesce(trim(p.title || ' ' || p.name), '')
		FROM actions a JOIN minute_items mi ON mi.id = a.minute_item_id JOIN minute_sets s ON s.id = mi.minute_set_id
		JOIN meetings m ON m.id = s.meeting_id LEFT JOIN people p ON p.id = a.owner_person_id
		WHERE m.body_id = ? AND s.status NOT IN ('draft', 'chair-review')
		ORDER BY a.status <> 'open', a.due_on IS NULL, a.due_on, a.id`, bodyID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []BodyAction
	for rows.Next() {
		var a BodyAction
		if err := rows.Scan(&a.ID, &a.Description, &a.DueOn, &a.Status, &a.MinuteNumber, &a.MeetingID, &a.MeetingAt, &a.OwnerName); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
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

// AddDeclaration records a member's interest in an item of the meeting.
func (tx *Tx) AddDeclaration(meetingID, personID, itemID int64, kind, description string) error {
	if _, ok := DeclarationKinds[kind]; !ok {
		return Errorf(EINVALID, "Choose the kind of interest.")
	}
	var n int
	if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM agenda_items WHERE id = ? AND meeting_id = ?`, itemID, meetingID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return Errorf(EINVALID, "Choose the agenda item the interest is in.")
	}
	if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM memberships ms JOIN meetings m ON m.body_id = ms.body_id
		WHERE m.id = ? AND ms.person_id = ?`, meetingID, personID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return Errorf(EINVALID, "Choose a member of the committee.")
	}
	_, err := tx.exec(`INSERT INTO declarations (meeting_id, agenda_item_id, person_id, kind, description) VALUES (?, ?, ?, ?, ?)`,
		meetingID, itemID, personID, kind, strings.TrimSpace(description))
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

// Declarations lists a meeting's declarations in agenda order.
func (db *DB) Declarations(ctx context.Context, meetingID int64) ([]Declaration, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT d.id, trim(p.title || ' ' || p.name), CASE WHEN a.code <> '' THEN a.code ELSE a.number END,
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
