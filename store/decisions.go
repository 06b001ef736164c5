package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Decision is an executive decision, from the notice of the proposed
// decision to its published record. Dates are "2006-01-02", "" when not
// yet reached; the rules that compute them live in package agenda.
type Decision struct {
	ID        int64
	Reference string
	Title     string
	// State is one of DecisionStates; StateReason is the public reason a
	// decision was deferred or withdrawn, on StateChangedOn.
	State          string
	StateReason    string
	StateChangedOn string

	DecisionMaker string
	// DecisionMakerKind is "member" (an executive member's role), "body"
	// (BodyID, such as Cabinet) or "officer".
	DecisionMakerKind string
	BodyID            int64

	KeyDecision  bool
	KeySpending  bool
	KeyDivisions bool
	AllDivisions bool
	// Divisions are the electoral divisions affected, unless AllDivisions.
	Divisions []string

	NoticePublishedOn string
	LeadMember        string
	LeadDirector      string
	Contact           Contact
	Consultees        string

	ProposedDecision           string
	FurtherInformation         string
	FinancialImplications      string
	LegalImplications          string
	EqualitiesImplications     string
	DataProtectionImplications string

	// Restriction is "open", "part-exempt" or "fully-exempt"; an exempt
	// decision names its paragraph of Schedule 12A, and ExemptInformation
	// is for those entitled to it only.
	Restriction       string
	ExemptParagraph   int
	ExemptInformation string

	// Exception is "", "general" (regulation 10) or "special-urgency"
	// (regulation 11).
	Exception                  string
	ExceptionChairmanInformed  string
	ExceptionAgreedBy          string
	ExceptionAgreedOn          string
	ExceptionReasons           string
	ExceptionNoticePublishedOn string

	Decision            string
	DecidedOn           string
	Reasons             string
	Alternatives        string
	ConflictsOfInterest string
	Dispensation        string
	PublishedOn         string
	SubjectToCallIn     bool
	NotCallInReason     string
	EffectiveFrom       string

	CalledInOn      string
	CalledInBy      string
	CallInReasons   string
	CallInOutcome   string
	CallInOutcomeOn string
	ChangedDecision string
}

// Contact is the officer to contact about a decision.
type Contact struct {
	Name, JobTitle, Telephone, Email string
}

// DecisionStates are the stored states of a decision.
var DecisionStates = []string{"draft", "notice", "deferred", "withdrawn", "decided", "published"}

// CallInOutcomes are what a call-in can end in, as the public reads them.
var CallInOutcomes = map[string]string{
	"no-further-action":          "No further action",
	"referred-to-decision-maker": "Referred back to the decision maker",
	"referred-to-council":        "Referred to full council",
}

// IsExempt is true for a decision with a part only some may read.
func (d Decision) IsExempt() bool { return d.Restriction != "" && d.Restriction != "open" }

// URLReference is the reference as a path segment: 23/00097 is 23-00097.
func (d Decision) URLReference() string { return strings.Replace(d.Reference, "/", "-", 1) }

// ReferenceFromURL turns "23-00097" back into "23/00097".
func ReferenceFromURL(s string) string { return strings.Replace(s, "-", "/", 1) }

const decisionColumns = `id, reference, title, state, state_reason, coalesce(state_changed_on, ''),
	decision_maker, decision_maker_kind, coalesce(body_id, 0),
	key_decision, key_spending, key_divisions, all_divisions, divisions,
	coalesce(notice_published_on, ''), lead_member, lead_director,
	contact_name, contact_job_title, contact_telephone, contact_email, consultees,
	proposed_decision, further_information, financial_implications, legal_implications,
	equalities_implications, data_protection_implications,
	restriction, coalesce(exempt_paragraph, 0), exempt_information,
	exception, coalesce(exception_chairman_informed_on, ''), exception_agreed_by,
	coalesce(exception_agreed_on, ''), exception_reasons, coalesce(exception_notice_published_on, ''),
	decision, coalesce(decided_on, ''), reasons, alternatives, conflicts_of_interest, dispensation,
	coalesce(published_on, ''), subject_to_call_in, not_call_in_reason, coalesce(effective_from, ''),
	coalesce(called_in_on, ''), called_in_by, call_in_reasons, call_in_outcome,
	coalesce(call_in_outcome_on, ''), changed_decision`

func scanDecision(row interface{ Scan(...any) error }) (Decision, error) {
	var d Decision
	var divisions string
	c := &d.Contact
	err := row.Scan(&d.ID, &d.Reference, &d.Title, &d.State, &d.StateReason, &d.StateChangedOn,
		&d.DecisionMaker, &d.DecisionMakerKind, &d.BodyID,
		&d.KeyDecision, &d.KeySpending, &d.KeyDivisions, &d.AllDivisions, &divisions,
		&d.NoticePublishedOn, &d.LeadMember, &d.LeadDirector,
		&c.Name, &c.JobTitle, &c.Telephone, &c.Email, &d.Consultees,
		&d.ProposedDecision, &d.FurtherInformation, &d.FinancialImplications, &d.LegalImplications,
		&d.EqualitiesImplications, &d.DataProtectionImplications,
		&d.Restriction, &d.ExemptParagraph, &d.ExemptInformation,
		&d.Exception, &d.ExceptionChairmanInformed, &d.ExceptionAgreedBy,
		&d.ExceptionAgreedOn, &d.ExceptionReasons, &d.ExceptionNoticePublishedOn,
		&d.Decision, &d.DecidedOn, &d.Reasons, &d.Alternatives, &d.ConflictsOfInterest, &d.Dispensation,
		&d.PublishedOn, &d.SubjectToCallIn, &d.NotCallInReason, &d.EffectiveFrom,
		&d.CalledInOn, &d.CalledInBy, &d.CallInReasons, &d.CallInOutcome,
		&d.CallInOutcomeOn, &d.ChangedDecision)
	d.Divisions = splitLines(divisions)
	return d, err
}

func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// decisionValues are the stored columns after id and reference, in
// decisionColumns' order, as CreateDecision and SaveDecision write them.
func decisionValues(d Decision) []any {
	c := d.Contact
	return []any{d.Title, d.State, d.StateReason, nullString(d.StateChangedOn),
		d.DecisionMaker, d.DecisionMakerKind, nullID(d.BodyID),
		d.KeyDecision, d.KeySpending, d.KeyDivisions, d.AllDivisions, strings.Join(d.Divisions, "\n"),
		nullString(d.NoticePublishedOn), d.LeadMember, d.LeadDirector,
		c.Name, c.JobTitle, c.Telephone, c.Email, d.Consultees,
		d.ProposedDecision, d.FurtherInformation, d.FinancialImplications, d.LegalImplications,
		d.EqualitiesImplications, d.DataProtectionImplications,
		d.Restriction, nullInt(d.ExemptParagraph), d.ExemptInformation,
		d.Exception, nullString(d.ExceptionChairmanInformed), d.ExceptionAgreedBy,
		nullString(d.ExceptionAgreedOn), d.ExceptionReasons, nullString(d.ExceptionNoticePublishedOn),
		d.Decision, nullString(d.DecidedOn), d.Reasons, d.Alternatives, d.ConflictsOfInterest, d.Dispensation,
		nullString(d.PublishedOn), d.SubjectToCallIn, d.NotCallInReason, nullString(d.EffectiveFrom),
		nullString(d.CalledInOn), d.CalledInBy, d.CallInReasons, d.CallInOutcome,
		nullString(d.CallInOutcomeOn), d.ChangedDecision}
}

// decisionWritable are the columns decisionValues fills, in its order.
var decisionWritable = strings.Fields(`title state state_reason state_changed_on
	decision_maker decision_maker_kind body_id
	key_decision key_spending key_divisions all_divisions divisions
	notice_published_on lead_member lead_director
	contact_name contact_job_title contact_telephone contact_email consultees
	proposed_decision further_information financial_implications legal_implications
	equalities_implications data_protection_implications
	restriction exempt_paragraph exempt_information
	exception exception_chairman_informed_on exception_agreed_by
	exception_agreed_on exception_reasons exception_notice_published_on
	decision decided_on reasons alternatives conflicts_of_interest dispensation
	published_on subject_to_call_in not_call_in_reason effective_from
	called_in_on called_in_by call_in_reasons call_in_outcome
	call_in_outcome_on changed_decision`)

func (d *Decision) defaults() {
	if d.State == "" {
		d.State = "draft"
	}
	if d.DecisionMakerKind == "" {
		d.DecisionMakerKind = "member"
	}
	if d.Restriction == "" {
		d.Restriction = "open"
	}
}

// CreateDecision records a decision under its reference.
func (tx *Tx) CreateDecision(d Decision) (int64, error) {
	d.defaults()
	cols := append([]string{"reference"}, decisionWritable...)
	args := append([]any{d.Reference}, decisionValues(d)...)
	id, err := tx.insert(`INSERT INTO decisions (`+strings.Join(cols, ", ")+`) VALUES (`+placeholders(len(cols))+`)`, args...)
	return id, constraintError(err, "Decision %s is already recorded.", d.Reference)
}

// SaveDecision writes every field of a decision but its reference.
func (tx *Tx) SaveDecision(d Decision) error {
	d.defaults()
	sets := make([]string, len(decisionWritable))
	for i, c := range decisionWritable {
		sets[i] = c + " = ?"
	}
	args := append(decisionValues(d), d.ID)
	res, err := tx.exec(`UPDATE decisions SET `+strings.Join(sets, ", ")+` WHERE id = ?`, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Errorf(ENOTFOUND, "There is no decision %s.", d.Reference)
	}
	return nil
}

// Decision reads one decision by its reference, such as "23/00097".
func (db *DB) Decision(ctx context.Context, reference string) (Decision, error) {
	return decisionByReference(ctx, db.reader, reference)
}

// Decision reads one decision inside a write.
func (tx *Tx) Decision(reference string) (Decision, error) {
	return decisionByReference(tx.ctx, tx, reference)
}

func decisionByReference(ctx context.Context, q queryer, reference string) (Decision, error) {
	d, err := scanDecision(q.QueryRowContext(ctx, `SELECT `+decisionColumns+` FROM decisions WHERE reference = ?`, reference))
	if errors.Is(err, sql.ErrNoRows) {
		return d, Errorf(ENOTFOUND, "There is no decision %s.", reference)
	}
	return d, err
}

// NextDecisionReference is the next free reference of a year: 23/00097
// follows 23/00096.
func (tx *Tx) NextDecisionReference(year int) (string, error) {
	prefix := fmt.Sprintf("%02d/", year%100)
	var last sql.NullString
	if err := tx.QueryRowContext(tx.ctx, `SELECT max(reference) FROM decisions WHERE reference LIKE ?`, prefix+"%").Scan(&last); err != nil {
		return "", err
	}
	n := 0
	if last.Valid {
		n, _ = strconv.Atoi(strings.TrimPrefix(last.String, prefix))
	}
	if n >= 99999 {
		return "", Errorf(ECONFLICT, "Every decision number of 20%02d is used.", year%100)
	}
	return fmt.Sprintf("%s%05d", prefix, n+1), nil
}

// DecisionFilter narrows a list of decisions; the zero value is all.
type DecisionFilter struct {
	States []string
	// PublishedFrom and PublishedTo bound the record's publication date,
	// both included.
	PublishedFrom, PublishedTo string
	KeyOnly                    bool
	DecisionMaker              string
	// Division matches a decision affecting it, or all divisions.
	Division string
	// Status is a published record's place in its call-in, on Today:
	// one of DecisionRecordStatuses.
	Status, Today string
	Offset, Limit int
}

// DecisionRecordStatuses are where a published record stands in its
// call-in, as a list can be filtered by.
var DecisionRecordStatuses = map[string]string{
	"call-in-period": `NOT (called_in_on IS NOT NULL AND call_in_outcome = '') AND effective_from > ?`,
	"called-in":      `called_in_on IS NOT NULL AND call_in_outcome = ''`,
	"changed":        `changed_decision <> ''`,
	"effective":      `NOT (called_in_on IS NOT NULL AND call_in_outcome = '') AND effective_from <= ?`,
}

// DecisionList is a page of decisions with how many the filter lets through.
type DecisionList struct {
	Decisions []Decision
	Total     int
}

// Decisions lists decisions, published records first, each newest first.
func (db *DB) Decisions(ctx context.Context, f DecisionFilter) (DecisionList, error) {
	var where []string
	var args []any
	if len(f.States) > 0 {
		where = append(where, `state IN (`+placeholders(len(f.States))+`)`)
		for _, s := range f.States {
			args = append(args, s)
		}
	}
	if f.PublishedFrom != "" {
		where, args = append(where, `published_on >= ?`), append(args, f.PublishedFrom)
	}
	if f.PublishedTo != "" {
		where, args = append(where, `published_on <= ?`), append(args, f.PublishedTo)
	}
	if f.KeyOnly {
		where = append(where, `key_decision = 1`)
	}
	if f.DecisionMaker != "" {
		where, args = append(where, `decision_maker = ?`), append(args, f.DecisionMaker)
	}
	if f.Division != "" {
		where = append(where, `(all_divisions = 1 OR (char(10) || divisions || char(10)) LIKE ?)`)
		args = append(args, "%\n"+f.Division+"\n%")
	}
	if f.Status != "" {
		cond, ok := DecisionRecordStatuses[f.Status]
		if !ok {
			return DecisionList{}, Errorf(EINVALID, "There is no decision status %q.", f.Status)
		}
		where = append(where, `state = 'published' AND `+cond)
		if strings.Contains(cond, "?") {
			args = append(args, f.Today)
		}
	}
	cond := ""
	if len(where) > 0 {
		cond = ` WHERE ` + strings.Join(where, " AND ")
	}
	var out DecisionList
	if err := db.reader.QueryRowContext(ctx, `SELECT count(*) FROM decisions`+cond, args...).Scan(&out.Total); err != nil {
		return out, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = -1
	}
	rows, err := db.reader.QueryContext(ctx, `SELECT `+decisionColumns+` FROM decisions`+cond+`
		ORDER BY published_on DESC, notice_published_on DESC, reference DESC
		LIMIT ? OFFSET ?`, append(args, limit, f.Offset)...)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		d, err := scanDecision(rows)
		if err != nil {
			return out, err
		}
		out.Decisions = append(out.Decisions, d)
	}
	return out, rows.Err()
}

// DecisionMakers are the decision makers named on any notice, for a filter.
func (db *DB) DecisionMakers(ctx context.Context) ([]string, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT DISTINCT decision_maker FROM decisions WHERE state <> 'draft' ORDER BY decision_maker`)
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

// Consultation is a committee's consideration of a proposed decision: the
// agenda item and, once its minutes are published, the minute and its
// resolution.
type Consultation struct {
	ID           int64
	AgendaItemID int64
	MeetingID    int64
	BodyID       int64
	Body         string
	MeetingStart string // the meeting's starts_at as stored
	ItemNumber   string
	ItemTitle    string
	Endorsed     bool
	// Minute is the published minute of the item, its number 0 when
	// there is none yet.
	Minute     MinuteRef
	Resolution []string
}

// AddConsultation links a decision to the agenda item that considered it.
func (tx *Tx) AddConsultation(decisionID, agendaItemID int64, endorsed bool) (int64, error) {
	id, err := tx.insert(`INSERT INTO decision_consultations (decision_id, agenda_item_id, endorsed) VALUES (?, ?, ?)`,
		decisionID, agendaItemID, endorsed)
	return id, constraintError(err, "The decision is already linked to that agenda item.")
}

// RemoveConsultation unlinks a decision from an agenda item.
func (tx *Tx) RemoveConsultation(decisionID, consultationID int64) error {
	res, err := tx.exec(`DELETE FROM decision_consultations WHERE id = ? AND decision_id = ?`, consultationID, decisionID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Errorf(ENOTFOUND, "That committee consultation is not on this decision.")
	}
	return nil
}

// Consultations lists the committees that considered a decision, in
// meeting order.
func (db *DB) Consultations(ctx context.Context, decisionID int64) ([]Consultation, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT c.id, c.agenda_item_id, m.id, b.id, b.name, m.starts_at,
			a.number, a.title, c.endorsed
		FROM decision_consultations c JOIN agenda_items a ON a.id = c.agenda_item_id
		JOIN meetings m ON m.id = a.meeting_id JOIN bodies b ON b.id = m.body_id
		WHERE c.decision_id = ? ORDER BY m.starts_at, a.position`, decisionID)
	if err != nil {
		return nil, err
	}
	var out []Consultation
	for rows.Next() {
		var c Consultation
		if err := rows.Scan(&c.ID, &c.AgendaItemID, &c.MeetingID, &c.BodyID, &c.Body, &c.MeetingStart,
			&c.ItemNumber, &c.ItemTitle, &c.Endorsed); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if err := db.consultationMinute(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// consultationMinute finds the item's minute in the newest published
// minutes of its meeting and the minute's resolution.
func (db *DB) consultationMinute(ctx context.Context, c *Consultation) error {
	var minuteID int64
	err := db.reader.QueryRowContext(ctx, `SELECT i.id, i.number, i.series FROM minute_items i
		JOIN minute_sets s ON s.id = i.minute_set_id
		WHERE i.agenda_item_id = ? AND s.status IN ('unconfirmed', 'approved', 'signed')
		ORDER BY s.version DESC LIMIT 1`, c.AgendaItemID).Scan(&minuteID, &c.Minute.Number, &c.Minute.Series)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	rows, err := db.reader.QueryContext(ctx, `SELECT markdown FROM minute_paragraphs
		WHERE minute_item_id = ? AND kind = 'resolution' ORDER BY position`, minuteID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		c.Resolution = append(c.Resolution, s)
	}
	return rows.Err()
}

// ConsultedDecisions are the references of the decisions each agenda item
// of a meeting considered, for the agenda to show.
func (db *DB) ConsultedDecisions(ctx context.Context, meetingID int64) (map[int64][]string, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT c.agenda_item_id, d.reference
		FROM decision_consultations c JOIN decisions d ON d.id = c.decision_id
		JOIN agenda_items a ON a.id = c.agenda_item_id
		WHERE a.meeting_id = ? AND d.state <> 'draft' ORDER BY d.reference`, meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]string{}
	for rows.Next() {
		var item int64
		var ref string
		if err := rows.Scan(&item, &ref); err != nil {
			return nil, err
		}
		out[item] = append(out[item], ref)
	}
	return out, rows.Err()
}

// DecisionDocument is a paper that goes with a decision; an exempt one
// names its paragraph of Schedule 12A.
type DecisionDocument struct {
	ID              int64
	Title           string
	ExemptParagraph int
	Document        Document
}

// AddDecisionDocument keeps a checked file as a document of a decision.
func (tx *Tx) AddDecisionDocument(decisionID int64, title string, exemptParagraph int, d Document) (int64, error) {
	docID, err := tx.insert(`INSERT INTO documents (sha256, filename, content_type, size, pages, path, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, d.SHA256, d.Filename, d.ContentType, d.Size, nullInt(d.Pages), d.Path, formatTime(tx.Now))
	if err != nil {
		return 0, err
	}
	return tx.insert(`INSERT INTO decision_documents (decision_id, document_id, title, exempt_paragraph, position)
		VALUES (?, ?, ?, ?, (SELECT coalesce(max(position), 0) + 1 FROM decision_documents WHERE decision_id = ?))`,
		decisionID, docID, title, nullInt(exemptParagraph), decisionID)
}

// RemoveDecisionDocument takes a document off a decision; the file stays.
func (tx *Tx) RemoveDecisionDocument(decisionID, id int64) error {
	res, err := tx.exec(`DELETE FROM decision_documents WHERE id = ? AND decision_id = ?`, id, decisionID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Errorf(ENOTFOUND, "That document is not on this decision.")
	}
	return nil
}

// DecisionDocuments lists a decision's documents in the order added.
func (db *DB) DecisionDocuments(ctx context.Context, decisionID int64) ([]DecisionDocument, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT x.id, x.title, coalesce(x.exempt_paragraph, 0),
			d.id, d.sha256, d.filename, d.content_type, d.size, coalesce(d.pages, 0), d.path
		FROM decision_documents x JOIN documents d ON d.id = x.document_id
		WHERE x.decision_id = ? ORDER BY x.position`, decisionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DecisionDocument
	for rows.Next() {
		var x DecisionDocument
		d := &x.Document
		if err := rows.Scan(&x.ID, &x.Title, &x.ExemptParagraph, &d.ID, &d.SHA256, &d.Filename, &d.ContentType,
			&d.Size, &d.Pages, &d.Path); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// IsPublic is true once a decision's notice or record is published; a
// decision withdrawn or taken before any notice stays unseen.
func (d Decision) IsPublic() bool {
	return d.State == "published" || (d.State != "draft" && d.NoticePublishedOn != "")
}

// Public is the decision as anyone may read it: without its exempt
// information. Every public page, feed and email reads this view.
func (d Decision) Public() Decision {
	d.ExemptInformation = ""
	return d
}

// PublicDocuments are the documents anyone may read: the exempt ones left out.
func PublicDocuments(docs []DecisionDocument) []DecisionDocument {
	var out []DecisionDocument
	for _, x := range docs {
		if x.ExemptParagraph == 0 {
			out = append(out, x)
		}
	}
	return out
}
