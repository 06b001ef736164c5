package agenda

import (
	"encoding/json"

	"minutebook/dates"
	"minutebook/store"
)

// DecisionMail is what an email about a decision says, fixed when it is
// queued: a record published, or a key decision put on the forward plan.
// It is made from the decision's public view only, so that no exempt
// information can reach anyone's inbox.
type DecisionMail struct {
	Reference     string `json:"reference"`
	Title         string `json:"title"`
	DecisionMaker string `json:"decision_maker"`

	// A published record.
	Decision    string `json:"decision,omitempty"`
	DecidedOn   string `json:"decided_on,omitempty"`
	PublishedOn string `json:"published_on,omitempty"`
	// CallIn is "Call-in: until the end of 1 March 2024", or why the
	// decision is not subject to call-in.
	CallIn        string `json:"call_in,omitempty"`
	EffectiveFrom string `json:"effective_from,omitempty"`

	// A forward plan entry.
	ProposedDecision string `json:"proposed_decision,omitempty"`
	// Due is "Decision due: not before 30 November 2023", or when the
	// decision can be taken under its exception.
	Due string `json:"due,omitempty"`
	// Exception is the heading the entry has on the forward plan
	// ("General exception", "Special urgency"), and ExceptionReasons
	// what its notice gives.
	Exception         string `json:"exception,omitempty"`
	ExceptionReasons  string `json:"exception_reasons,omitempty"`
	NoticePublishedOn string `json:"notice_published_on,omitempty"`
}

// ReadDecisionMail reads the words an outbox message about a decision
// carries.
func ReadDecisionMail(detail string) (DecisionMail, error) {
	var m DecisionMail
	err := json.Unmarshal([]byte(detail), &m)
	return m, err
}

func longDay(d dates.Date) string {
	if d.IsZero() {
		return ""
	}
	return dates.LongDay(d.String())
}

// queueDecisionPublished emails the councillors, who may call the decision
// in, and the subscribers to decisions, that its record is published.
func (a *Agenda) queueDecisionPublished(tx *store.Tx, d store.Decision) error {
	d = d.Public()
	dd := a.DecisionDates(d)
	m := DecisionMail{Reference: d.Reference, Title: d.Title, DecisionMaker: d.DecisionMaker, Decision: d.Decision,
		DecidedOn: dates.LongDay(d.DecidedOn), PublishedOn: dates.LongDay(d.PublishedOn), EffectiveFrom: dates.LongDay(d.EffectiveFrom)}
	if d.SubjectToCallIn {
		m.CallIn = "Call-in: until the end of " + longDay(dd.CallInEnds)
	} else {
		m.CallIn = "Not subject to call-in: " + d.NotCallInReason
	}
	detail, err := json.Marshal(m)
	if err != nil {
		return err
	}
	_, err = tx.QueueDecisionEmails(store.KindDecisionPublished, d.ID, true, store.TopicDecisions, string(detail), a.mailDomain)
	return err
}

// queueForwardPlanEntry emails the subscribers to the forward plan a key
// decision's notice, or the notice of its exception.
func (a *Agenda) queueForwardPlanEntry(tx *store.Tx, d store.Decision) error {
	if !OnForwardPlan(d) {
		return nil
	}
	d = d.Public()
	dd := a.DecisionDates(d)
	m := DecisionMail{Reference: d.Reference, Title: d.Title, DecisionMaker: d.DecisionMaker, ProposedDecision: d.ProposedDecision,
		NoticePublishedOn: dates.LongDay(d.NoticePublishedOn), Due: "Decision due: not before " + longDay(dd.DecideFrom)}
	switch d.Exception {
	case "general":
		m.Exception, m.ExceptionReasons = "General exception", d.ExceptionReasons
		m.NoticePublishedOn = dates.LongDay(d.ExceptionNoticePublishedOn)
		m.Due = "Decision due: not before " + longDay(dd.ExceptionFrom) + ", five clear days after this notice under the general exception (regulation 10)"
	case "special-urgency":
		m.Exception, m.ExceptionReasons = "Special urgency", d.ExceptionReasons
		m.NoticePublishedOn = dates.LongDay(d.ExceptionNoticePublishedOn)
		m.Due = "Decision due: from " + dates.LongDay(d.ExceptionNoticePublishedOn) + " under special urgency (regulation 11), agreed by " +
			d.ExceptionAgreedBy + " on " + dates.LongDay(d.ExceptionAgreedOn)
	}
	detail, err := json.Marshal(m)
	if err != nil {
		return err
	}
	_, err = tx.QueueDecisionEmails(store.KindForwardPlanEntry, d.ID, false, store.TopicForwardPlan, string(detail), a.mailDomain)
	return err
}
