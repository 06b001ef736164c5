package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
)

// NextMinuteNumber is the number the body's next minute in a series takes:
// one more than the last it ever used, so that no number is used twice.
func (tx *Tx) NextMinuteNumber(bodyID int64, series string) (int, error) {
	var last int
	err := tx.QueryRowContext(tx.ctx, `SELECT coalesce(max(number), 0) FROM minute_numbers WHERE body_id = ? AND series = ?`, bodyID, series).Scan(&last)
	return last + 1, err
}

// minuted says whether an agenda item gets a minute: all do but the
// introduction, which records nothing.
func minuted(a AgendaItem) bool {
	return !strings.HasPrefix(strings.ToLower(a.Title), "introduction")
}

// StartMinutes drafts a meeting's minutes: one minute for each agenda item
// but the introduction, numbered in agenda order from the body's next
// number in the meeting's series.
func (tx *Tx) StartMinutes(meetingID int64) (int64, error) {
	var existing int
	if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM minute_sets WHERE meeting_id = ?`, meetingID).Scan(&existing); err != nil {
		return 0, err
	}
	if existing > 0 {
		return 0, Errorf(ECONFLICT, "The minutes of this meeting are already started.")
	}
	setID, err := tx.CreateMinuteSet(meetingID, 1)
	if err != nil {
		return 0, err
	}
	return setID, tx.numberMinutes(setID, meetingID)
}

// followAgenda keeps a first draft of the minutes in step with its agenda
// as the clerk adds, moves and removes items. Published minutes, and
// corrections to signed ones, keep their numbers.
func (tx *Tx) followAgenda(meetingID int64) error {
	setID, version, status, err := tx.latestSet(meetingID)
	if ErrorCode(err) == ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	if version > 1 || (status != "draft" && status != "chair-review") {
		return nil
	}
	return tx.numberMinutes(setID, meetingID)
}

// numberMinutes gives each minuted agenda item a minute and numbers the
// minutes in agenda order. The numbers are the ones this meeting already
// holds, lowest first, then new ones from the body's series: a number
// once taken is never given to another meeting.
func (tx *Tx) numberMinutes(setID, meetingID int64) error {
	m, err := tx.Meeting(meetingID)
	if err != nil {
		return err
	}
	b, err := tx.Body(m.BodyID)
	if err != nil {
		return err
	}
	series := MinuteSeries(b.MinuteNumbering, m.StartsAt)
	agenda, err := tx.AgendaItems(meetingID)
	if err != nil {
		return err
	}
	byAgenda := map[int64]int64{}
	var loose []int64 // minutes recording no agenda item keep their order, last
	rows, err := tx.QueryContext(tx.ctx, `SELECT id, coalesce(agenda_item_id, 0) FROM minute_items WHERE minute_set_id = ? ORDER BY position`, setID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, agendaID int64
		if err := rows.Scan(&id, &agendaID); err != nil {
			rows.Close()
			return err
		}
		if agendaID == 0 {
			loose = append(loose, id)
		} else {
			byAgenda[agendaID] = id
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	type slot struct {
		minuteID int64
		agenda   AgendaItem
	}
	var order []slot
	for _, a := range agenda {
		if minuted(a) {
			order = append(order, slot{byAgenda[a.ID], a})
		}
	}
	for _, id := range loose {
		order = append(order, slot{minuteID: id})
	}
	var numbers []int
	held, err := tx.QueryContext(tx.ctx, `SELECT number FROM minute_numbers WHERE body_id = ? AND series = ? AND meeting_id = ? ORDER BY number`,
		b.ID, series, meetingID)
	if err != nil {
		return err
	}
	for held.Next() {
		var n int
		if err := held.Scan(&n); err != nil {
			held.Close()
			return err
		}
		numbers = append(numbers, n)
	}
	held.Close()
	for len(numbers) < len(order) {
		n, err := tx.NextMinuteNumber(b.ID, series)
		if err != nil {
			return err
		}
		if _, err := tx.exec(`INSERT INTO minute_numbers (body_id, series, number, meeting_id) VALUES (?, ?, ?, ?)`, b.ID, series, n, meetingID); err != nil {
			return err
		}
		numbers = append(numbers, n)
	}
	// Minutes swap numbers on the way, which the one-number-per-minute
	// constraint would refuse mid-step: they stand aside first, and the
	// foreign keys are checked when the transaction commits.
	if _, err := tx.exec(`PRAGMA defer_foreign_keys = ON`); err != nil {
		return err
	}
	if _, err := tx.exec(`UPDATE minute_items SET number = -number WHERE minute_set_id = ?`, setID); err != nil {
		return err
	}
	for i, sl := range order {
		if sl.minuteID == 0 {
			if _, err := tx.AddMinuteItem(setID, MinuteItem{Number: numbers[i], Series: series, AgendaItemID: sl.agenda.ID, Title: sl.agenda.Title}, i+1); err != nil {
				return err
			}
			continue
		}
		if sl.agenda.ID != 0 {
			_, err = tx.exec(`UPDATE minute_items SET number = ?, series = ?, position = ?, title = ? WHERE id = ?`, numbers[i], series, i+1, sl.agenda.Title, sl.minuteID)
		} else {
			_, err = tx.exec(`UPDATE minute_items SET number = ?, series = ?, position = ? WHERE id = ?`, numbers[i], series, i+1, sl.minuteID)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// unminute takes a minute off a first draft when its agenda item goes; a
// minute with text, or one that approves other minutes, stays, and so
// does the item.
func (tx *Tx) unminute(meetingID, agendaItemID int64) error {
	var minuteID int64
	var number, paragraphs, approves int
	var series, status string
	var version int
	err := tx.QueryRowContext(tx.ctx, `SELECT mi.id, mi.number, mi.series, s.status, s.version,
		(SELECT count(*) FROM minute_paragraphs WHERE minute_item_id = mi.id),
		(SELECT count(*) FROM minute_sets WHERE approved_by_minute = mi.id)
		FROM minute_items mi JOIN minute_sets s ON s.id = mi.minute_set_id
		WHERE mi.agenda_item_id = ? AND s.meeting_id = ? ORDER BY s.version DESC LIMIT 1`, agendaItemID, meetingID).
		Scan(&minuteID, &number, &series, &status, &version, &paragraphs, &approves)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	label := MinuteLabel(number, series)
	switch {
	case version > 1 || (status != "draft" && status != "chair-review"):
		return Errorf(ECONFLICT, "This item is recorded in minute %s, which is published, so it cannot be taken off the agenda.", label)
	case paragraphs > 0:
		return Errorf(ECONFLICT, "Minute %s records this item. Clear the minute's text in the minutes first, then take the item off the agenda.", label)
	case approves > 0:
		return Errorf(ECONFLICT, "Minute %s records the approval of earlier minutes, so its item cannot be taken off the agenda.", label)
	}
	_, err = tx.exec(`DELETE FROM minute_items WHERE id = ?`, minuteID)
	return err
}

// draftSet finds a meeting's minutes that can still be edited.
func (tx *Tx) draftSet(meetingID int64) (int64, error) {
	id, _, status, err := tx.latestSet(meetingID)
	if err != nil {
		return 0, err
	}
	if status != "draft" && status != "chair-review" {
		return 0, Errorf(ECONFLICT, "The minutes are %s and can no longer be edited; a correction to signed minutes is a new version.", strings.ToLower(MinutesStatuses[status]))
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
// Votes recorded on a resolution stay with it: the first resolution's votes
// with the first resolution, and so on.
func (tx *Tx) SaveMinuteText(meetingID, minuteID int64, text string) error {
	setID, err := tx.draftSet(meetingID)
	if err != nil {
		return err
	}
	var number int
	var series string
	err = tx.QueryRowContext(tx.ctx, `SELECT number, series FROM minute_items WHERE id = ? AND minute_set_id = ?`, minuteID, setID).Scan(&number, &series)
	if errors.Is(err, sql.ErrNoRows) {
		return Errorf(ENOTFOUND, "That minute is not in these minutes.")
	}
	if err != nil {
		return err
	}
	votes, err := tx.resolutionVotes(minuteID)
	if err != nil {
		return err
	}
	paras := SplitMinuteText(text)
	resolutions := 0
	for _, p := range paras {
		if p.IsResolution() {
			resolutions++
		}
	}
	for i := resolutions; i < len(votes); i++ {
		if len(votes[i]) > 0 {
			return Errorf(EINVALID, "Minute %s's resolution %d has a recorded vote. Keep the resolution, or clear its vote first.", MinuteLabel(number, series), i+1)
		}
	}
	if _, err := tx.exec(`DELETE FROM minute_paragraphs WHERE minute_item_id = ?`, minuteID); err != nil {
		return err
	}
	resolution := 0
	for i, p := range paras {
		id, err := tx.AddParagraph(minuteID, p, i+1)
		if err != nil {
			return err
		}
		if !p.IsResolution() {
			continue
		}
		if resolution < len(votes) {
			for _, v := range votes[resolution] {
				if err := tx.AddVote(id, v.PersonID, v.Vote, v.Dissent); err != nil {
					return err
				}
			}
		}
		resolution++
	}
	return nil
}

// VoteEntry is one member's recorded vote as the clerk enters it.
type VoteEntry struct {
	PersonID int64
	Vote     string // for, against or abstain
	Dissent  bool   // the member asked for their vote to be recorded
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

// Voter is someone who may vote on an item: a member or substitute in the
// room. Members attending remotely are not present in law, and a member
// with a disclosable pecuniary interest in the item takes no part.
type Voter struct {
	Person
	Remote    bool
	Pecuniary bool
}

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

// VoteChoices name the ways a member can vote, as the minutes say them.
var VoteChoices = map[string]string{"for": "For", "against": "Against", "abstain": "Abstained"}

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

// AdvanceMinutes moves a meeting's minutes on in their life: from draft
// to the Chairman for comment, and to published as unconfirmed.
func (tx *Tx) AdvanceMinutes(meetingID int64, to string) error {
	setID, _, status, err := tx.latestSet(meetingID)
	if err != nil {
		return err
	}
	allowed := map[string][]string{"chair-review": {"draft"}, "unconfirmed": {"draft", "chair-review"}}
	ok := false
	for _, from := range allowed[to] {
		ok = ok || from == status
	}
	if !ok {
		return Errorf(ECONFLICT, "Minutes that are %s cannot become %s.", strings.ToLower(MinutesStatuses[status]), strings.ToLower(MinutesStatuses[to]))
	}
	if err := tx.SetMinutesStatus(setID, to); err != nil {
		return err
	}
	if to == "chair-review" {
		return tx.queueChairReview(meetingID)
	}
	return nil
}

// latestSet finds the latest version of a meeting's minutes.
func (tx *Tx) latestSet(meetingID int64) (setID int64, version int, status string, err error) {
	err = tx.QueryRowContext(tx.ctx, `SELECT id, version, status FROM minute_sets WHERE meeting_id = ? ORDER BY version DESC LIMIT 1`,
		meetingID).Scan(&setID, &version, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, "", Errorf(ENOTFOUND, "The minutes of this meeting are not started.")
	}
	return setID, version, status, err
}

// ApproveMinutes records that unconfirmed minutes were resolved to be a
// correct record, by the minute of a later meeting of the committee that
// says so.
func (tx *Tx) ApproveMinutes(meetingID, approvingMinuteID int64) error {
	setID, _, status, err := tx.latestSet(meetingID)
	if err != nil {
		return err
	}
	if status != "unconfirmed" {
		return Errorf(ECONFLICT, "Only unconfirmed minutes can be approved; these are %s.", strings.ToLower(MinutesStatuses[status]))
	}
	if approvingMinuteID == 0 {
		return Errorf(EINVALID, "Choose the minute of the later meeting that resolved these minutes are a correct record.")
	}
	var approvingAt string
	err = tx.QueryRowContext(tx.ctx, `SELECT am.starts_at FROM minute_items mi JOIN minute_sets s ON s.id = mi.minute_set_id
		JOIN meetings am ON am.id = s.meeting_id JOIN meetings m ON m.id = ?
		WHERE mi.id = ? AND am.body_id = m.body_id AND am.starts_at > m.starts_at`, meetingID, approvingMinuteID).Scan(&approvingAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Errorf(EINVALID, "Choose a minute of a later meeting of this committee: minutes are approved at a meeting after the one they record.")
	}
	if err != nil {
		return err
	}
	t, err := parseTime(approvingAt)
	if err != nil {
		return err
	}
	if t.After(tx.Now) {
		return Errorf(EINVALID, "The meeting of %s has not taken place yet: record the approval after the committee has met.", t.In(tx.Now.Location()).Format("2 January 2006"))
	}
	_, err = tx.exec(`UPDATE minute_sets SET status = 'approved', approved_by_minute = ?, approved_on = ? WHERE id = ?`,
		approvingMinuteID, t.Format("2006-01-02"), setID)
	return err
}

// ApproveImportedMinutes records the approval of minutes brought in from
// paper, at a meeting on day whose own minutes minutebook does not hold.
func (tx *Tx) ApproveImportedMinutes(setID int64, day string) error {
	_, err := tx.exec(`UPDATE minute_sets SET status = 'approved', approved_on = ? WHERE id = ?`, day, setID)
	return err
}

// ApprovingMinutes lists the minutes of the committee's later meetings
// that could record the approval of a meeting's minutes, the likeliest
// first: the next meeting's minute on the minutes of the previous one.
func (db *DB) ApprovingMinutes(ctx context.Context, meetingID int64) ([]MinuteRef, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT mi.id, mi.number, mi.series, am.id, am.starts_at, mi.title
		FROM meetings m JOIN meetings am ON am.body_id = m.body_id AND am.starts_at > m.starts_at
		JOIN minute_sets s ON s.meeting_id = am.id AND s.version = (SELECT max(version) FROM minute_sets WHERE meeting_id = am.id)
		JOIN minute_items mi ON mi.minute_set_id = s.id
		WHERE m.id = ?
		ORDER BY am.starts_at, lower(mi.title) NOT LIKE 'minutes%', mi.position LIMIT 200`, meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []MinuteRef
	for rows.Next() {
		var r MinuteRef
		var at string
		if err := rows.Scan(&r.ID, &r.Number, &r.Series, &r.MeetingID, &at, &r.Title); err != nil {
			return nil, err
		}
		if r.MeetingAt, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// StartCorrection begins a new version of signed minutes, a copy of the
// signed text for the clerk to correct. It goes through the same life:
// published, approved by a later meeting, and signed, while the signed
// version stays the record until then.
func (tx *Tx) StartCorrection(meetingID int64) (int64, error) {
	oldID, version, status, err := tx.latestSet(meetingID)
	if err != nil {
		return 0, err
	}
	if status != "signed" {
		return 0, Errorf(ECONFLICT, "Only signed minutes are corrected by a new version; these are %s and can be changed as they are.", strings.ToLower(MinutesStatuses[status]))
	}
	setID, err := tx.CreateMinuteSet(meetingID, version+1)
	if err != nil {
		return 0, err
	}
	old, err := minuteItems(tx.ctx, tx, oldID)
	if err != nil {
		return 0, err
	}
	for i, it := range old {
		id, err := tx.AddMinuteItem(setID, MinuteItem{Number: it.Number, Series: it.Series, AgendaItemID: it.AgendaItemID, Title: it.Title}, i+1)
		if err != nil {
			return 0, err
		}
		for j, p := range it.Paragraphs {
			pid, err := tx.AddParagraph(id, p, j+1)
			if err != nil {
				return 0, err
			}
			for _, v := range p.Votes {
				if err := tx.AddVote(pid, v.ID, v.Vote, v.DissentRecorded); err != nil {
					return 0, err
				}
			}
		}
	}
	return setID, nil
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
	setID, _, status, err := tx.latestSet(meetingID)
	if err != nil {
		return "", err
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
	MinuteSeries string
	MeetingID    int64
	MeetingAt    string
	OwnerName    string
}

// Overdue is true for an open action whose due day (YYYY-MM-DD) is before
// today.
func (a BodyAction) Overdue(today string) bool {
	return a.Status == "open" && a.DueOn != "" && a.DueOn < today
}

// MinuteLabel is the number of the minute the action arose from.
func (a BodyAction) MinuteLabel() string { return MinuteLabel(a.MinuteNumber, a.MinuteSeries) }

// MinuteAnchor is that minute's fragment id on its meeting's page.
func (a BodyAction) MinuteAnchor() string { return MinuteAnchor(a.MinuteNumber, a.MinuteSeries) }

// BodyActions lists the actions arising from a body's minutes, open ones
// first, each with the minute it arose from.
func (db *DB) BodyActions(ctx context.Context, bodyID int64) ([]BodyAction, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT a.id, a.description, coalesce(a.due_on, ''), a.status, mi.number, mi.series, m.id, m.starts_at,
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
		if err := rows.Scan(&a.ID, &a.Description, &a.DueOn, &a.Status, &a.MinuteNumber, &a.MinuteSeries, &a.MeetingID, &a.MeetingAt, &a.OwnerName); err != nil {
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
	if err := tx.QueryRowContext(tx.ctx, `SELECT (SELECT count(*) FROM memberships ms JOIN meetings m ON m.body_id = ms.body_id
		WHERE m.id = ? AND ms.person_id = ?) + (SELECT count(*) FROM attendance WHERE meeting_id = ? AND person_id = ? AND kind = 'substitute')`,
		meetingID, personID, meetingID, personID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return Errorf(EINVALID, "Choose a member of the committee, or a substitute recorded at this meeting.")
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

// ActionStatuses name the states of an action arising.
var ActionStatuses = map[string]string{"open": "Open", "done": "Done", "dropped": "Dropped"}

// RecordAction records an action arising from a minute of minutes still
// being drafted: what was agreed, who will do it and by when.
func (tx *Tx) RecordAction(meetingID, minuteID, ownerID int64, description, dueOn string) error {
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
	description = strings.TrimSpace(description)
	if description == "" {
		return Errorf(EINVALID, "Enter what was agreed to be done.")
	}
	if len(description) > 1000 {
		return Errorf(EINVALID, "Enter the action in 1,000 characters or fewer.")
	}
	dueOn = strings.TrimSpace(dueOn)
	if dueOn != "" {
		if _, err := time.Parse("2006-01-02", dueOn); err != nil {
			return Errorf(EINVALID, "Enter the date the action is due as a real date, for example 2025-03-31, or leave it empty.")
		}
	}
	if ownerID != 0 {
		if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM people WHERE id = ?`, ownerID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return Errorf(EINVALID, "Choose who will do it from the list, or no one.")
		}
	}
	_, err = tx.AddAction(minuteID, ownerID, description, dueOn)
	return err
}

// meetingAction finds an action arising from any version of a meeting's
// minutes, with the status of those minutes.
func (tx *Tx) meetingAction(meetingID, actionID int64) (setStatus string, err error) {
	err = tx.QueryRowContext(tx.ctx, `SELECT s.status FROM actions a JOIN minute_items mi ON mi.id = a.minute_item_id
		JOIN minute_sets s ON s.id = mi.minute_set_id WHERE a.id = ? AND s.meeting_id = ?`, actionID, meetingID).Scan(&setStatus)
	if errors.Is(err, sql.ErrNoRows) {
		return "", Errorf(ENOTFOUND, "That action does not arise from this meeting's minutes.")
	}
	return setStatus, err
}

// SetActionStatus marks an action done, dropped, or open again. Actions are
// followed up after the minutes are signed: their status is not part of
// the signed record.
func (tx *Tx) SetActionStatus(meetingID, actionID int64, status string) error {
	if _, ok := ActionStatuses[status]; !ok {
		return Errorf(EINVALID, "Choose whether the action is open, done or dropped.")
	}
	if _, err := tx.meetingAction(meetingID, actionID); err != nil {
		return err
	}
	_, err := tx.exec(`UPDATE actions SET status = ? WHERE id = ?`, status, actionID)
	return err
}

// RemoveAction takes back an action recorded in error, while the minutes
// are still being drafted.
func (tx *Tx) RemoveAction(meetingID, actionID int64) error {
	status, err := tx.meetingAction(meetingID, actionID)
	if err != nil {
		return err
	}
	if status != "draft" && status != "chair-review" {
		return Errorf(ECONFLICT, "The minutes are published, so the action stays on record. Mark it dropped instead.")
	}
	_, err = tx.exec(`DELETE FROM actions WHERE id = ?`, actionID)
	return err
}
