package agenda

import (
	"context"
	"strconv"
	"strings"

	"minutebook/dates"
	"minutebook/store"
)

// KeyDecisionThresholdSetting is the setting that holds the council's
// spending or savings threshold for a key decision, in pounds.
const KeyDecisionThresholdSetting = "key_decision_threshold"

// DefaultKeyDecisionThreshold is the threshold when the council has set
// none: Kent's £1,000,000.
const DefaultKeyDecisionThreshold = "1,000,000"

// NoticeReason is why a key decision waits, as the forward plan says it.
const NoticeReason = "To allow 28 day notice period required under Executive decision regulations"

// DecisionDates are the dates the rules give a decision, zero where they
// do not apply yet.
type DecisionDates struct {
	// DecideFrom is the first day a key decision can be taken, 28 clear
	// days after its notice: "Decision due: not before".
	DecideFrom dates.Date
	// ExceptionFrom is the first day a key decision under the general
	// exception can be taken, five clear days after that notice.
	ExceptionFrom dates.Date
	// CallInEnds is the last day of the call-in period, while the
	// decision is subject to call-in.
	CallInEnds dates.Date
	// EffectiveFrom is the first day the decision can be implemented.
	EffectiveFrom dates.Date
}

// DecisionDates computes a decision's dates by the calendar in force.
func (a *Agenda) DecisionDates(d store.Decision) DecisionDates {
	cal := a.Calendar()
	var out DecisionDates
	if notice, ok := day(d.NoticePublishedOn); ok && d.KeyDecision {
		out.DecideFrom = dates.KeyDecisionFrom(notice)
	}
	if notice, ok := day(d.ExceptionNoticePublishedOn); ok && d.Exception == "general" {
		out.ExceptionFrom = cal.GeneralExceptionFrom(notice)
	}
	if published, ok := day(d.PublishedOn); ok && d.SubjectToCallIn {
		out.CallInEnds = cal.CallInEnds(published)
	}
	out.EffectiveFrom, _ = day(d.EffectiveFrom)
	return out
}

// day reads a stored date; "" is no date.
func day(s string) (dates.Date, bool) {
	if s == "" {
		return dates.Date{}, false
	}
	d, err := dates.ParseDate(s)
	return d, err == nil
}

// DecisionStatus is a decision's status as the public reads it; "Recommendations
// Approved" is the seed record's word for a decision taken and published.
func (a *Agenda) DecisionStatus(d store.Decision) string {
	switch d.State {
	case "draft":
		return "Draft"
	case "notice":
		return "For determination"
	case "deferred":
		return "Deferred"
	case "withdrawn":
		return "Withdrawn"
	case "decided":
		return "Decision made, record not yet published"
	}
	switch {
	case d.CalledInOn != "" && d.CallInOutcome == "":
		return "Called in"
	case d.ChangedDecision != "":
		return "Decision changed after call-in"
	case d.EffectiveFrom != "" && d.EffectiveFrom > a.Today().String():
		return "Recommendations Approved (subject to call-in)"
	}
	return "Recommendations Approved"
}

// OnForwardPlan is true for a key decision whose notice is public and
// which is not yet taken.
func OnForwardPlan(d store.Decision) bool {
	return d.KeyDecision && (d.State == "notice" || d.State == "deferred")
}

// KeyReasons are the reasons a decision is key, in the notice's words.
func (a *Agenda) KeyReasons(ctx context.Context, d store.Decision) ([]string, error) {
	var out []string
	if d.KeySpending {
		threshold, err := a.KeyDecisionThreshold(ctx)
		if err != nil {
			return nil, err
		}
		out = append(out, "Expenditure or savings of more than £"+threshold)
	}
	if d.KeyDivisions {
		out = append(out, "Affects more than two Electoral Divisions")
	}
	return out, nil
}

// KeyDecisionThreshold is the council's spending or savings threshold in
// pounds, written as the notice shows it.
func (a *Agenda) KeyDecisionThreshold(ctx context.Context) (string, error) {
	v, err := a.db.Setting(ctx, KeyDecisionThresholdSetting)
	if v == "" {
		v = DefaultKeyDecisionThreshold
	}
	return v, err
}

func (by Actor) auditDecision(tx *store.Tx, action string, d store.Decision, detail string) error {
	return tx.Audit(store.AuditEntry{UserID: by.UserID, Actor: by.Name, Address: by.Address, Action: action,
		Subject: "decision " + d.Reference, Detail: detail})
}

// checkNotice lists what a decision lacks before its notice can be public;
// a draft may be saved with any of it missing but the title.
func checkNotice(d store.Decision, forPublication bool) error {
	var errs store.FieldErrorList
	if strings.TrimSpace(d.Title) == "" {
		errs.Add("title", "Enter the title of the decision.")
	}
	if strings.TrimSpace(d.DecisionMaker) == "" {
		errs.Add("decision-maker", "Enter the decision maker, such as Leader of the Council, Cabinet or an officer's job title.")
	}
	switch d.DecisionMakerKind {
	case "member", "officer", "":
	case "body":
		if d.BodyID == 0 {
			errs.Add("body", "Choose the body that takes the decision.")
		}
	default:
		errs.Add("decision-maker-kind", "Choose whether an executive member, a body or an officer takes the decision.")
	}
	if d.KeyDecision && !d.KeySpending && !d.KeyDivisions {
		errs.Add("key-reason", "Say why the decision is key: spending or savings above the threshold, or its effect on two or more electoral divisions.")
	}
	if d.KeyDivisions && !d.AllDivisions && len(d.Divisions) < 2 {
		errs.Add("divisions", "A decision is key for its effect on divisions only when it affects two or more: list them, or choose all divisions.")
	}
	switch d.Restriction {
	case "open", "":
		if d.ExemptParagraph != 0 || strings.TrimSpace(d.ExemptInformation) != "" {
			errs.Add("restriction", "An open decision has no exempt information: choose part exempt or fully exempt, or remove the exempt information.")
		}
	case "part-exempt", "fully-exempt":
		if d.ExemptParagraph < 1 || d.ExemptParagraph > 7 {
			errs.Add("exempt-paragraph", "Choose the paragraph of Schedule 12A that makes the decision exempt.")
		}
	default:
		errs.Add("restriction", "Choose open, part exempt or fully exempt.")
	}
	if e := strings.TrimSpace(d.Contact.Email); e != "" && !strings.Contains(e, "@") {
		errs.Add("contact-email", "Enter the contact's email address in the right format, like name@example.gov.uk.")
	}
	if forPublication {
		if strings.TrimSpace(d.ProposedDecision) == "" {
			errs.Add("proposed-decision", "Enter the proposed decision before publishing the notice.")
		}
		if strings.TrimSpace(d.Contact.Name) == "" {
			errs.Add("contact-name", "Enter who to contact about the decision before publishing the notice.")
		}
		if d.KeyDecision && !d.AllDivisions && len(d.Divisions) == 0 {
			errs.Add("divisions", "List the divisions the key decision affects, or choose all divisions, before publishing the notice.")
		}
	}
	return errs.Err()
}

// noticeFields copies what the clerk writes on a notice from edited to d.
func noticeFields(d *store.Decision, edited store.Decision) {
	d.Title = strings.TrimSpace(edited.Title)
	d.DecisionMaker = strings.TrimSpace(edited.DecisionMaker)
	d.DecisionMakerKind = edited.DecisionMakerKind
	d.BodyID = edited.BodyID
	if d.DecisionMakerKind != "body" {
		d.BodyID = 0
	}
	d.KeyDecision, d.KeySpending, d.KeyDivisions = edited.KeyDecision, edited.KeySpending, edited.KeyDivisions
	if !d.KeyDecision {
		d.KeySpending, d.KeyDivisions = false, false
	}
	d.AllDivisions = edited.AllDivisions
	d.Divisions = nil
	if !d.AllDivisions {
		d.Divisions = edited.Divisions
	}
	d.LeadMember, d.LeadDirector, d.Contact = edited.LeadMember, edited.LeadDirector, edited.Contact
	d.Consultees = edited.Consultees
	d.ProposedDecision, d.FurtherInformation = edited.ProposedDecision, edited.FurtherInformation
	d.FinancialImplications, d.LegalImplications = edited.FinancialImplications, edited.LegalImplications
	d.EqualitiesImplications, d.DataProtectionImplications = edited.EqualitiesImplications, edited.DataProtectionImplications
	d.Restriction, d.ExemptParagraph, d.ExemptInformation = edited.Restriction, edited.ExemptParagraph, edited.ExemptInformation
	if d.Restriction == "" {
		d.Restriction = "open"
	}
}

// CreateDecision records a proposed decision as a draft under the next
// free reference of the year, and returns the reference.
func (a *Agenda) CreateDecision(ctx context.Context, edited store.Decision, by Actor) (string, error) {
	var d store.Decision
	noticeFields(&d, edited)
	if err := checkNotice(d, false); err != nil {
		return "", err
	}
	d.State, d.SubjectToCallIn = "draft", true
	err := a.db.Update(ctx, func(tx *store.Tx) error {
		ref, err := tx.NextDecisionReference(a.Today().Year)
		if err != nil {
			return err
		}
		d.Reference = ref
		if d.ID, err = tx.CreateDecision(d); err != nil {
			return err
		}
		return by.auditDecision(tx, "decision drafted", d, d.Title)
	})
	return d.Reference, err
}

// change loads a decision, lets fn change it, and saves it with an audit
// line; fn refuses by returning an error.
func (a *Agenda) change(ctx context.Context, reference string, by Actor, action string, fn func(tx *store.Tx, d *store.Decision) (detail string, err error)) error {
	return a.db.Update(ctx, func(tx *store.Tx) error {
		d, err := tx.Decision(reference)
		if err != nil {
			return err
		}
		detail, err := fn(tx, &d)
		if err != nil {
			return err
		}
		if err := tx.SaveDecision(d); err != nil {
			return err
		}
		return by.auditDecision(tx, action, d, detail)
	})
}

// editable refuses a change to a decision already taken or withdrawn.
func editable(d store.Decision) error {
	switch d.State {
	case "draft", "notice", "deferred":
		return nil
	case "withdrawn":
		return store.Errorf(store.ECONFLICT, "Decision %s was withdrawn, so it cannot be changed.", d.Reference)
	}
	return store.Errorf(store.ECONFLICT, "Decision %s has been taken, so its notice cannot be changed: what was published stays as it was.", d.Reference)
}

// UpdateDecision saves the clerk's changes to a proposed decision; a
// published notice changes with it.
func (a *Agenda) UpdateDecision(ctx context.Context, reference string, edited store.Decision, by Actor) error {
	return a.change(ctx, reference, by, "decision notice changed", func(_ *store.Tx, d *store.Decision) (string, error) {
		if err := editable(*d); err != nil {
			return "", err
		}
		noticeFields(d, edited)
		return d.Title, checkNotice(*d, d.State != "draft")
	})
}

// PublishNotice puts a proposed decision on the forward plan from today.
func (a *Agenda) PublishNotice(ctx context.Context, reference string, by Actor) error {
	return a.change(ctx, reference, by, "decision notice published", func(tx *store.Tx, d *store.Decision) (string, error) {
		if d.State != "draft" {
			return "", store.Errorf(store.ECONFLICT, "The notice of decision %s is already published.", d.Reference)
		}
		if err := checkNotice(*d, true); err != nil {
			return "", err
		}
		d.State, d.NoticePublishedOn = "notice", a.Today().String()
		return d.NoticePublishedOn, a.queueForwardPlanEntry(tx, *d)
	})
}

// DeferDecision keeps a proposed decision on the forward plan, marked
// deferred, with the public reason.
func (a *Agenda) DeferDecision(ctx context.Context, reference, reason string, by Actor) error {
	return a.setAside(ctx, reference, reason, "deferred", by)
}

// WithdrawDecision takes a proposed decision off the forward plan for
// good, with the public reason.
func (a *Agenda) WithdrawDecision(ctx context.Context, reference, reason string, by Actor) error {
	return a.setAside(ctx, reference, reason, "withdrawn", by)
}

func (a *Agenda) setAside(ctx context.Context, reference, reason, state string, by Actor) error {
	return a.change(ctx, reference, by, "decision "+state, func(_ *store.Tx, d *store.Decision) (string, error) {
		if err := editable(*d); err != nil {
			return "", err
		}
		if d.State == state {
			return "", store.Errorf(store.ECONFLICT, "Decision %s is already %s.", d.Reference, state)
		}
		if d.State == "draft" && state == "deferred" {
			return "", store.Errorf(store.ECONFLICT, "Decision %s has no published notice to defer: it is still a draft.", d.Reference)
		}
		reason = strings.TrimSpace(reason)
		if reason == "" {
			return "", store.FieldErrorf("reason", "Enter the reason, which is published with the decision.")
		}
		d.State, d.StateReason, d.StateChangedOn = state, reason, a.Today().String()
		return reason, nil
	})
}

// Exception is what the clerk records to let a key decision be taken
// without 28 clear days' notice.
type Exception struct {
	// Kind is "general" or "special-urgency".
	Kind string
	// ChairmanInformedOn is when the chairman of the relevant overview and
	// scrutiny committee was told in writing (general exception).
	ChairmanInformedOn dates.Date
	// AgreedBy names who agreed the decision is urgent and cannot
	// reasonably be deferred, and in what role (special urgency).
	AgreedBy string
	AgreedOn dates.Date
	// Reasons are why 28 days' notice was impracticable, or why the
	// decision is urgent.
	Reasons string
	// ExemptFromCallIn, with NotCallInReason, takes an urgent decision
	// out of call-in.
	ExemptFromCallIn bool
	NotCallInReason  string
}

// UrgencyAgreers are who may agree a decision is urgent (regulation 11).
var UrgencyAgreers = []string{
	"Chairman of the relevant overview and scrutiny committee",
	"Chairman of the Council",
	"Vice-Chairman of the Council",
}

// RecordException records a general exception or special urgency for a
// key decision and publishes its notice today.
func (a *Agenda) RecordException(ctx context.Context, reference string, e Exception, by Actor) error {
	today := a.Today()
	return a.change(ctx, reference, by, "decision exception recorded", func(tx *store.Tx, d *store.Decision) (string, error) {
		if err := editable(*d); err != nil {
			return "", err
		}
		if !d.KeyDecision {
			return "", store.Errorf(store.ECONFLICT, "Decision %s is not a key decision, so it needs no exception to the 28 days' notice.", d.Reference)
		}
		if d.Exception != "" {
			return "", store.Errorf(store.ECONFLICT, "Decision %s already has an exception recorded.", d.Reference)
		}
		if err := checkNotice(*d, true); err != nil {
			return "", err
		}
		var errs store.FieldErrorList
		reasons := strings.TrimSpace(e.Reasons)
		switch e.Kind {
		case "general":
			if e.ChairmanInformedOn.IsZero() {
				errs.Add("chairman-informed", "Enter the date the chairman of the overview and scrutiny committee was told in writing.")
			} else if e.ChairmanInformedOn.After(today) {
				errs.Add("chairman-informed", "The date the chairman was told must be today or in the past.")
			}
			if reasons == "" {
				errs.Add("reasons", "Enter why giving 28 clear days' notice is impracticable; the notice publishes it.")
			}
			if e.ExemptFromCallIn {
				errs.Add("exempt-from-call-in", "Only a decision taken under special urgency can be exempt from call-in.")
			}
		case "special-urgency":
			if strings.TrimSpace(e.AgreedBy) == "" {
				errs.Add("agreed-by", "Enter who agreed that the decision is urgent: the chairman of the overview and scrutiny committee, or the Chairman or Vice-Chairman of the Council.")
			}
			if e.AgreedOn.IsZero() {
				errs.Add("agreed-on", "Enter the date the urgency was agreed.")
			} else if e.AgreedOn.After(today) {
				errs.Add("agreed-on", "The date the urgency was agreed must be today or in the past.")
			}
			if reasons == "" {
				errs.Add("reasons", "Enter why the decision is urgent and cannot reasonably be deferred; the notice publishes it.")
			}
			if e.ExemptFromCallIn && strings.TrimSpace(e.NotCallInReason) == "" {
				errs.Add("not-call-in-reason", "Enter why the decision is exempt from call-in; the record shows it.")
			}
		default:
			errs.Add("kind", "Choose general exception or special urgency.")
		}
		if err := errs.Err(); err != nil {
			return "", err
		}
		d.Exception, d.ExceptionReasons, d.ExceptionNoticePublishedOn = e.Kind, reasons, today.String()
		if e.Kind == "general" {
			d.ExceptionChairmanInformed = e.ChairmanInformedOn.String()
		} else {
			d.ExceptionAgreedBy, d.ExceptionAgreedOn = strings.TrimSpace(e.AgreedBy), e.AgreedOn.String()
			if e.ExemptFromCallIn {
				d.SubjectToCallIn, d.NotCallInReason = false, strings.TrimSpace(e.NotCallInReason)
			}
		}
		if d.State == "draft" {
			d.State, d.NoticePublishedOn = "notice", today.String()
		}
		return e.Kind, a.queueForwardPlanEntry(tx, *d)
	})
}

// Taken is the record of a decision taken (regulation 13).
type Taken struct {
	Decision            string
	DecidedOn           dates.Date
	Reasons             string
	Alternatives        string
	ConflictsOfInterest string
	Dispensation        string
}

// RecordDecisionTaken records the decision taken; a key decision is
// refused before its "not before" date unless an exception allows it.
func (a *Agenda) RecordDecisionTaken(ctx context.Context, reference string, t Taken, by Actor) error {
	today := a.Today()
	return a.change(ctx, reference, by, "decision taken", func(_ *store.Tx, d *store.Decision) (string, error) {
		switch d.State {
		case "notice", "deferred":
		case "draft":
			if d.KeyDecision {
				return "", store.Errorf(store.ECONFLICT, "Key decision %s cannot be taken before its notice is published: publish the notice, or record an exception.", d.Reference)
			}
		default:
			return "", editable(*d)
		}
		var errs store.FieldErrorList
		if strings.TrimSpace(t.Decision) == "" {
			errs.Add("decision", "Enter the decision as the decision maker took it.")
		}
		if t.DecidedOn.IsZero() {
			errs.Add("decided-on", "Enter the date of the decision.")
		} else if t.DecidedOn.After(today) {
			errs.Add("decided-on", "The date of the decision must be today or in the past: record a decision once it is taken.")
		} else if err := a.earliest(*d, t.DecidedOn); err != nil {
			errs = append(errs, err.(*store.FieldError))
		}
		if strings.TrimSpace(t.Reasons) == "" {
			errs.Add("reasons", "Enter the reasons for the decision; the record must give them.")
		}
		if err := errs.Err(); err != nil {
			return "", err
		}
		d.State = "decided"
		d.Decision, d.DecidedOn = strings.TrimSpace(t.Decision), t.DecidedOn.String()
		d.Reasons, d.Alternatives = strings.TrimSpace(t.Reasons), strings.TrimSpace(t.Alternatives)
		d.ConflictsOfInterest, d.Dispensation = strings.TrimSpace(t.ConflictsOfInterest), strings.TrimSpace(t.Dispensation)
		return d.DecidedOn, nil
	})
}

// earliest refuses a key decision taken too early for its notice.
func (a *Agenda) earliest(d store.Decision, on dates.Date) error {
	if !d.KeyDecision {
		return nil
	}
	dd := a.DecisionDates(d)
	long := func(x dates.Date) string { return dates.LongDay(x.String()) }
	switch d.Exception {
	case "special-urgency":
		if agreed, ok := day(d.ExceptionAgreedOn); ok && on.Before(agreed) {
			return store.FieldErrorf("decided-on", "The decision cannot be dated before the urgency was agreed on %s.", long(agreed))
		}
		return nil
	case "general":
		if on.Before(dd.ExceptionFrom) && (dd.DecideFrom.IsZero() || on.Before(dd.DecideFrom)) {
			return store.FieldErrorf("decided-on", "Under the general exception this key decision cannot be taken before %s, five clear days after its notice.", long(dd.ExceptionFrom))
		}
		return nil
	}
	if on.Before(dd.DecideFrom) {
		return store.FieldErrorf("decided-on", "This key decision cannot be taken before %s, 28 clear days after its notice of %s. To take it sooner, record a general exception or special urgency first.",
			long(dd.DecideFrom), dates.LongDay(d.NoticePublishedOn))
	}
	return nil
}

// PublishDecisionRecord publishes the record of a decision taken today:
// from today the call-in period runs, and the decision is effective from
// the day after its fifth working day, or today when it is not subject to
// call-in.
func (a *Agenda) PublishDecisionRecord(ctx context.Context, reference string, by Actor) error {
	today := a.Today()
	return a.change(ctx, reference, by, "decision published", func(tx *store.Tx, d *store.Decision) (string, error) {
		if d.State != "decided" {
			if d.State == "published" {
				return "", store.Errorf(store.ECONFLICT, "The record of decision %s is already published.", d.Reference)
			}
			return "", store.Errorf(store.ECONFLICT, "Record the decision taken before publishing its record.")
		}
		d.State, d.PublishedOn = "published", today.String()
		d.EffectiveFrom = today.String()
		if d.SubjectToCallIn {
			d.EffectiveFrom = a.Calendar().EffectiveFrom(today).String()
		}
		return "effective from " + d.EffectiveFrom, a.queueDecisionPublished(tx, *d)
	})
}

// CallIn is members' call-in of a published decision.
type CallIn struct {
	On      dates.Date
	By      string
	Reasons string
}

// RecordCallIn records a call-in made within the call-in period; the
// decision does not take effect until its outcome.
func (a *Agenda) RecordCallIn(ctx context.Context, reference string, ci CallIn, by Actor) error {
	today := a.Today()
	return a.change(ctx, reference, by, "decision called in", func(_ *store.Tx, d *store.Decision) (string, error) {
		if d.State != "published" {
			return "", store.Errorf(store.ECONFLICT, "Only a published decision can be called in.")
		}
		if !d.SubjectToCallIn {
			return "", store.Errorf(store.ECONFLICT, "Decision %s is not subject to call-in: %s", d.Reference, d.NotCallInReason)
		}
		if d.CalledInOn != "" {
			return "", store.Errorf(store.ECONFLICT, "Decision %s was already called in on %s.", d.Reference, dates.LongDay(d.CalledInOn))
		}
		published, _ := day(d.PublishedOn)
		ends := a.Calendar().CallInEnds(published)
		var errs store.FieldErrorList
		switch {
		case ci.On.IsZero():
			errs.Add("called-in-on", "Enter the date the decision was called in.")
		case ci.On.After(today):
			errs.Add("called-in-on", "The date of the call-in must be today or in the past.")
		case ci.On.Before(published):
			errs.Add("called-in-on", "A decision cannot be called in before its record was published on %s.", dates.LongDay(d.PublishedOn))
		case ci.On.After(ends):
			errs.Add("called-in-on", "The call-in period ended on %s, so the decision can no longer be called in.", dates.LongDay(ends.String()))
		}
		members := splitNames(ci.By)
		if len(members) == 0 {
			errs.Add("called-in-by", "Enter the members who called the decision in, one a line.")
		}
		if strings.TrimSpace(ci.Reasons) == "" {
			errs.Add("call-in-reasons", "Enter the reasons the members gave for the call-in.")
		}
		if err := errs.Err(); err != nil {
			return "", err
		}
		d.CalledInOn, d.CalledInBy, d.CallInReasons = ci.On.String(), strings.Join(members, "\n"), strings.TrimSpace(ci.Reasons)
		d.EffectiveFrom = ""
		return strings.Join(members, ", "), nil
	})
}

func splitNames(s string) []string {
	var out []string
	for _, l := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ';' }) {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// CallInOutcome is how a call-in ended and when the decision took effect.
type CallInOutcome struct {
	Outcome string
	On      dates.Date
	// EffectiveFrom is the day the decision, as it stands after the
	// call-in, took or takes effect.
	EffectiveFrom dates.Date
	// ChangedDecision is the decision as changed, when it was referred
	// back and changed.
	ChangedDecision string
}

// RecordCallInOutcome records the end of a call-in.
func (a *Agenda) RecordCallInOutcome(ctx context.Context, reference string, o CallInOutcome, by Actor) error {
	today := a.Today()
	return a.change(ctx, reference, by, "decision call-in outcome", func(_ *store.Tx, d *store.Decision) (string, error) {
		if d.CalledInOn == "" {
			return "", store.Errorf(store.ECONFLICT, "Decision %s has not been called in.", d.Reference)
		}
		if d.CallInOutcome != "" {
			return "", store.Errorf(store.ECONFLICT, "The outcome of the call-in of decision %s is already recorded.", d.Reference)
		}
		calledIn, _ := day(d.CalledInOn)
		var errs store.FieldErrorList
		if _, ok := store.CallInOutcomes[o.Outcome]; !ok {
			errs.Add("outcome", "Choose the outcome of the call-in.")
		}
		switch {
		case o.On.IsZero():
			errs.Add("outcome-on", "Enter the date of the outcome.")
		case o.On.Before(calledIn):
			errs.Add("outcome-on", "The outcome cannot be before the call-in on %s.", dates.LongDay(d.CalledInOn))
		case o.On.After(today):
			errs.Add("outcome-on", "The date of the outcome must be today or in the past.")
		}
		switch {
		case o.EffectiveFrom.IsZero():
			errs.Add("effective-from", "Enter the date the decision took, or takes, effect.")
		case !o.On.IsZero() && o.EffectiveFrom.Before(o.On):
			errs.Add("effective-from", "The decision cannot take effect before the outcome of its call-in.")
		}
		changed := strings.TrimSpace(o.ChangedDecision)
		if o.Outcome == "no-further-action" && changed != "" {
			errs.Add("changed-decision", "With no further action the decision stands as taken: leave the changed decision empty.")
		}
		if err := errs.Err(); err != nil {
			return "", err
		}
		d.CallInOutcome, d.CallInOutcomeOn = o.Outcome, o.On.String()
		d.EffectiveFrom, d.ChangedDecision = o.EffectiveFrom.String(), changed
		return store.CallInOutcomes[o.Outcome], nil
	})
}

// LinkConsultation records that a committee's agenda item considered a
// proposed decision.
func (a *Agenda) LinkConsultation(ctx context.Context, reference string, meetingID, agendaItemID int64, endorsed bool, by Actor) error {
	return a.db.Update(ctx, func(tx *store.Tx) error {
		d, err := tx.Decision(reference)
		if err != nil {
			return err
		}
		if d.State == "withdrawn" {
			return editable(d)
		}
		item, err := agendaItem(tx, meetingID, agendaItemID)
		if err != nil {
			return err
		}
		if _, err := tx.AddConsultation(d.ID, agendaItemID, endorsed); err != nil {
			return err
		}
		return by.auditDecision(tx, "decision consultation linked", d, "meeting "+strconv.FormatInt(meetingID, 10)+" item "+item.Label())
	})
}

// UnlinkConsultation removes a committee consultation from a decision.
func (a *Agenda) UnlinkConsultation(ctx context.Context, reference string, consultationID int64, by Actor) error {
	return a.db.Update(ctx, func(tx *store.Tx) error {
		d, err := tx.Decision(reference)
		if err != nil {
			return err
		}
		if err := tx.RemoveConsultation(d.ID, consultationID); err != nil {
			return err
		}
		return by.auditDecision(tx, "decision consultation removed", d, "consultation "+strconv.FormatInt(consultationID, 10))
	})
}

// AddDecisionDocument keeps a checked PDF with a decision; an exempt one
// names its paragraph and is never public.
func (a *Agenda) AddDecisionDocument(ctx context.Context, reference, title string, exemptParagraph int, doc store.Document, by Actor) (int64, error) {
	var id int64
	err := a.db.Update(ctx, func(tx *store.Tx) error {
		d, err := tx.Decision(reference)
		if err != nil {
			return err
		}
		if d.State == "published" || d.State == "withdrawn" {
			return store.Errorf(store.ECONFLICT, "Decision %s is %s, so its documents stay as they were.", d.Reference, d.State)
		}
		title = strings.TrimSpace(title)
		if title == "" {
			title = strings.TrimSuffix(doc.Filename, ".pdf")
		}
		if exemptParagraph != 0 && (exemptParagraph < 1 || exemptParagraph > 7) {
			return store.FieldErrorf("exempt-paragraph", "Choose the paragraph of Schedule 12A that makes the document exempt.")
		}
		if id, err = tx.AddDecisionDocument(d.ID, title, exemptParagraph, doc); err != nil {
			return err
		}
		return by.auditDecision(tx, "decision document added", d, doc.Filename)
	})
	return id, err
}

// RemoveDecisionDocument takes a document off a decision not yet published.
func (a *Agenda) RemoveDecisionDocument(ctx context.Context, reference string, documentID int64, by Actor) error {
	return a.db.Update(ctx, func(tx *store.Tx) error {
		d, err := tx.Decision(reference)
		if err != nil {
			return err
		}
		if d.State == "published" {
			return store.Errorf(store.ECONFLICT, "The record of decision %s is published, so its documents stay as they were.", d.Reference)
		}
		if err := tx.RemoveDecisionDocument(d.ID, documentID); err != nil {
			return err
		}
		return by.auditDecision(tx, "decision document removed", d, "document "+strconv.FormatInt(documentID, 10))
	})
}
