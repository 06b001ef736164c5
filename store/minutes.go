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

// MinuteSet is one version of a meeting's minutes.
type MinuteSet struct {
	ID        int64
	MeetingID int64
	Version   int
	Status    string
	SignedBy  *Person
	SignedAt  *time.Time
	SHA256    string
	Items     []MinuteItem
	// ApprovedOn is the day of the meeting that resolved the minutes were
	// a correct record, and ApprovedBy the minute of it that says so.
	ApprovedOn string
	ApprovedBy *MinuteRef
	// Corrects is when the version this one corrects was signed.
	Corrects *time.Time
}

// Editable is true while the clerk may still change the text.
func (s *MinuteSet) Editable() bool { return s.Status == "draft" || s.Status == "chair-review" }

// MinuteRef names a minute of some meeting.
type MinuteRef struct {
	ID        int64
	Number    int
	Series    string
	MeetingID int64
	MeetingAt time.Time
	Title     string
}

// Label is the minute's number as printed.
func (r MinuteRef) Label() string { return MinuteLabel(r.Number, r.Series) }

// Anchor is the minute's fragment id on its meeting's page.
func (r MinuteRef) Anchor() string { return MinuteAnchor(r.Number, r.Series) }

// MinuteAnchor is a minute's fragment id: minute-231, or minute-77-21.
func MinuteAnchor(number int, series string) string {
	return "minute-" + strings.ReplaceAll(MinuteLabel(number, series), "/", "-")
}

// MinuteLabel prints a minute number: 231 when the committee numbers its
// minutes continuously, 77/21 when it starts again each municipal year.
func MinuteLabel(number int, series string) string {
	if series == "" {
		return strconv.Itoa(number)
	}
	return strconv.Itoa(number) + "/" + series
}

// MinuteSeries is the run of numbers a meeting's minutes take: one for all
// time, or the municipal year (from May, when annual meetings are held)
// written as its first year's last two digits.
func MinuteSeries(numbering string, startsAt time.Time) string {
	if numbering != "municipal-year" {
		return ""
	}
	year := startsAt.Year()
	if startsAt.Month() < time.May {
		year--
	}
	return fmt.Sprintf("%02d", year%100)
}

// MinutesStatuses are the states of the record, as the public reads them.
var MinutesStatuses = map[string]string{
	"draft":        "Draft",
	"chair-review": "With the Chairman for comment",
	"unconfirmed":  "Unconfirmed",
	"approved":     "Approved as a correct record",
	"signed":       "Signed by the Chairman",
}

// MinuteItem is one numbered minute.
type MinuteItem struct {
	ID           int64
	Number       int
	Series       string
	AgendaItemID int64
	AgendaLabel  string
	Title        string
	Paragraphs   []Paragraph
	Actions      []Action
}

// Label is the minute's number as printed.
func (it MinuteItem) Label() string { return MinuteLabel(it.Number, it.Series) }

// Anchor is the minute's fragment id on its meeting's page.
func (it MinuteItem) Anchor() string { return MinuteAnchor(it.Number, it.Series) }

// Paragraph is a paragraph of a minute; numbered paragraphs carry their
// number, counted within the minute.
type Paragraph struct {
	ID       int64
	Kind     string
	Numbered bool
	Number   int
	Markdown string
	Votes    []Vote
}

// IsResolution is true for a RESOLVED paragraph.
func (p Paragraph) IsResolution() bool { return p.Kind == "resolution" }

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

// ApprovingMinutes lists the minutes of the committee's later meetings
// that could record the approval of a meeting's minutes, the likeliest
// first: the next meeting's minute on the minutes of the previous one.
func (db *DB) ApprovingMinutes(ctx context.Context, meetingID int64) ([]MinuteRef, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT mi.id, mi.number, mi.series, am.id, am.starts_at, mi.title
		FROM meetings m JOIN meetings am ON am.body_id = m.body_id AND am.starts_at > m.starts_at AND am.starts_at <= ?
			AND am.status NOT IN ('cancelled', 'postponed')
		JOIN minute_sets s ON s.meeting_id = am.id AND s.version = (SELECT max(version) FROM minute_sets WHERE meeting_id = am.id)
		JOIN minute_items mi ON mi.minute_set_id = s.id
		WHERE m.id = ?
		ORDER BY am.starts_at, lower(mi.title) NOT LIKE 'minutes%', mi.position LIMIT 200`, formatTime(db.Now()), meetingID)
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

// SetMinutesStatus moves a set of minutes to an unsigned status.
func (tx *Tx) SetMinutesStatus(setID int64, status string) error {
	_, err := tx.exec(`UPDATE minute_sets SET status = ? WHERE id = ?`, status, setID)
	return err
}

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
	m, err := tx.Meeting(meetingID)
	if err != nil {
		return 0, err
	}
	if m.StartsAt.After(tx.Now) {
		return 0, Errorf(ECONFLICT, "The meeting has not begun yet: its minutes can be started once it has, on %s.", m.StartsAt.Format("2 January 2006"))
	}
	if m.Status == "cancelled" || m.Status == "postponed" {
		return 0, Errorf(ECONFLICT, "The meeting was %s, so it has no minutes.", m.Status)
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
		if paras[i].Numbered {
			paras[i].Number = i + 1
		}
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

// MinuteText is a minute's new text, for SaveMinuteTexts.
type MinuteText struct {
	MinuteID int64
	Text     string
}

// SaveMinuteTexts saves several minutes of a meeting by SaveMinuteText's
// rules. It goes on past a minute it refuses, so that the clerk hears of
// every problem at once: each is a *FieldError for that minute's text
// ("text-<id>"), joined. The caller's transaction must then roll back, so
// that either every minute is saved or none is.
func (tx *Tx) SaveMinuteTexts(meetingID int64, texts []MinuteText) error {
	if _, err := tx.draftSet(meetingID); err != nil {
		return err
	}
	var problems []error
	for _, t := range texts {
		err := tx.SaveMinuteText(meetingID, t.MinuteID, t.Text)
		if code := ErrorCode(err); code == EINVALID || code == ENOTFOUND {
			var e *Error
			errors.As(err, &e)
			problems = append(problems, &FieldError{Field: "text-" + strconv.FormatInt(t.MinuteID, 10), Err: e})
			continue
		}
		if err != nil {
			return err
		}
	}
	return errors.Join(problems...)
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
	if _, err = tx.exec(`UPDATE minute_sets SET status = 'approved', approved_by_minute = ?, approved_on = ? WHERE id = ?`,
		approvingMinuteID, t.Format("2006-01-02"), setID); err != nil {
		return err
	}
	return tx.queueChairs(meetingID, "ready-to-sign")
}

// ApproveImportedMinutes records the approval of minutes brought in from
// paper, at a meeting on day whose own minutes minutebook does not hold.
func (tx *Tx) ApproveImportedMinutes(setID int64, day string) error {
	_, err := tx.exec(`UPDATE minute_sets SET status = 'approved', approved_on = ? WHERE id = ?`, day, setID)
	return err
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
	return tx.queueChairs(meetingID, "chair-review")
}

// queueChairs emails the Chairman and Vice-Chairman of the meeting's day
// about its minutes: for comment on the draft (chair-review), or to sign
// once the committee has approved them (ready-to-sign).
func (tx *Tx) queueChairs(meetingID int64, kind string) error {
	_, err := tx.exec(`INSERT INTO outbox (message_id, kind, meeting_id, recipient_email, recipient_name, entitled, next_attempt_at, created_at)
		SELECT '<' || ? || '-' || ? || '-' || p.id || '-' || strftime('%s', ?) || '@minutebook>', ?, ?, p.email,
			trim(p.title || ' ' || p.name), 1, ?, ?
		FROM memberships ms JOIN people p ON p.id = ms.person_id JOIN meetings m ON m.body_id = ms.body_id
		WHERE m.id = ? AND ms.role IN ('chairman', 'vice-chairman') AND `+memberOn("ms", "substr(m.starts_at, 1, 10)")+` AND p.email <> ''`,
		kind, meetingID, formatTime(tx.Now), kind, meetingID, formatTime(tx.Now), formatTime(tx.Now), meetingID)
	return err
}
