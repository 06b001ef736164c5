package store

// Decision is an executive decision record.
type Decision struct {
	ID                         int64
	Reference                  string
	Title                      string
	DecisionMaker              string
	Status                     string
	KeyDecision                bool
	KeyReason                  string
	Divisions                  string
	NoticePublishedOn          string
	DecisionDue                string
	LeadMember                 string
	LeadDirector               string
	Contact                    string
	Consultees                 string
	FinancialImplications      string
	LegalImplications          string
	EqualitiesImplications     string
	DataProtectionImplications string
	ProposedDecision           string
	FurtherInformation         string
	Decision                   string
	PublishedOn                string
	DecidedOn                  string
	SubjectToCallIn            bool
	EffectiveFrom              string
	BodyID                     int64
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
