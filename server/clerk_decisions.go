package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"minutebook/agenda"
	"minutebook/dates"
	"minutebook/store"
)

// decisionBodyTypes are the bodies whose clerks keep executive decisions:
// the executive, the council and the committees that advise or scrutinise
// it. A clerk of a partnership or a planning committee alone does not.
var decisionBodyTypes = map[string]bool{"council": true, "cabinet": true, "cabinet-committee": true, "scrutiny": true}

// mayKeepDecisions says whether an account keeps executive decisions:
// administrators, clerks of every body, and the clerks of a body around the
// executive. Otherwise it names the bodies the clerk does keep.
func (s *Server) mayKeepDecisions(ctx context.Context, u *store.User) (bool, []string, error) {
	if u.Is(store.RoleAdmin) || (u.Is(store.RoleClerk) && len(u.BodyIDs) == 0) {
		return true, nil, nil
	}
	if !u.Is(store.RoleClerk) {
		return false, nil, nil
	}
	var names []string
	for _, id := range u.BodyIDs {
		b, err := s.db.Body(ctx, id)
		if err != nil {
			return false, nil, err
		}
		if decisionBodyTypes[b.Type] {
			return true, nil, nil
		}
		names = append(names, b.Name)
	}
	return false, names, nil
}

// keepsDecisions guards every decision route of the clerk's workspace.
func (s *Server) keepsDecisions(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ok, bodies, err := s.mayKeepDecisions(c.Request().Context(), currentUser(c))
		if err != nil || ok {
			if err != nil {
				return err
			}
			return next(c)
		}
		return store.Errorf(store.EFORBIDDEN, "Executive decisions are kept by the clerks of the council, the Cabinet, its committees and scrutiny; you clerk the %s. Ask an administrator if you need to keep decisions.", strings.Join(bodies, " and the "))
	}
}

// decisionsPath is the clerk's list of executive decisions.
const decisionsPath = "/clerk/decisions"

// clerkDecisionPath is the clerk's page of one decision.
func clerkDecisionPath(d store.Decision) string { return decisionsPath + "/" + d.URLReference() }

// decisionListPage is the clerk's list of decisions, filtered by state.
type decisionListPage struct {
	State  string
	States []choice
	Rows   []decisionRow
}

type decisionRow struct {
	Decision   store.Decision
	Status     string
	DecideFrom dates.Date
}

// clerkDecisionStates are the list's filter, in the order a decision moves.
var clerkDecisionStates = []choice{{Value: "", Text: "All decisions"}, {Value: "draft", Text: "Drafts"},
	{Value: "notice", Text: "Notice published"}, {Value: "deferred", Text: "Deferred"},
	{Value: "decided", Text: "Taken, record not yet published"}, {Value: "published", Text: "Record published"},
	{Value: "withdrawn", Text: "Withdrawn"}}

func (s *Server) clerkDecisions(c echo.Context) error {
	p := decisionListPage{State: c.QueryParam("state"), States: clerkDecisionStates}
	var f store.DecisionFilter
	if p.State != "" {
		known := false
		for _, st := range store.DecisionStates {
			known = known || st == p.State
		}
		if !known {
			return badRequest("%q is not a state of a decision: choose one from the list.", p.State)
		}
		f.States = []string{p.State}
	}
	list, err := s.db.Decisions(c.Request().Context(), f)
	if err != nil {
		return err
	}
	for _, d := range list.Decisions {
		p.Rows = append(p.Rows, decisionRow{Decision: d, Status: s.agenda.DecisionStatus(d), DecideFrom: s.agenda.DecisionDates(d).DecideFrom})
	}
	return s.pages.render(c, http.StatusOK, "clerk-decisions", s.page(c, "/clerk", p,
		link{Href: "/clerk", Label: "Clerk's workspace"}))
}

// decisionNoticePage is the form of a proposed decision's notice, new or
// changed: the decision as stored or as typed.
type decisionNoticePage struct {
	Decision  store.Decision
	Bodies    []choice
	Threshold string
	Errors    FieldErrors
}

// Action is where the form goes.
func (p *decisionNoticePage) Action() string {
	if p.Decision.Reference == "" {
		return decisionsPath
	}
	return clerkDecisionPath(p.Decision)
}

// Divisions are the divisions affected, one a line.
func (p *decisionNoticePage) Divisions() string { return strings.Join(p.Decision.Divisions, "\n") }

// KeyValue and DivisionsValue are the form's radios' values.
func (p *decisionNoticePage) KeyValue() string { return yesNo(p.Decision.KeyDecision) }

func (p *decisionNoticePage) DivisionsValue() string {
	if p.Decision.AllDivisions {
		return "all"
	}
	return "list"
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func (s *Server) renderDecisionNotice(c echo.Context, status int, p *decisionNoticePage) error {
	ctx := c.Request().Context()
	bodies, err := s.db.Bodies(ctx)
	if err != nil {
		return err
	}
	p.Bodies = []choice{{Value: "", Text: "Choose a body"}}
	for _, b := range bodies {
		if b.Type == "cabinet" || b.Type == "council" {
			p.Bodies = append(p.Bodies, newChoice(b.ID, b.Name))
		}
	}
	if p.Threshold, err = s.agenda.KeyDecisionThreshold(ctx); err != nil {
		return err
	}
	crumbs := []link{{Href: "/clerk", Label: "Clerk's workspace"}, {Href: decisionsPath, Label: "Executive decisions"}}
	if p.Decision.Reference != "" {
		crumbs = append(crumbs, link{Href: clerkDecisionPath(p.Decision), Label: "Decision " + p.Decision.Reference})
	}
	return s.pages.render(c, status, "clerk-decision-notice", s.page(c, "/clerk", p, crumbs...))
}

func (s *Server) newDecisionPage(c echo.Context) error {
	return s.renderDecisionNotice(c, http.StatusOK, &decisionNoticePage{Decision: store.Decision{DecisionMakerKind: "member", Restriction: "open"}})
}

// readNotice reads the notice form as a decision.
func readNotice(c echo.Context) store.Decision {
	v := func(name string) string { return strings.TrimSpace(c.FormValue(name)) }
	d := store.Decision{Title: v("title"), DecisionMaker: v("decision-maker"), DecisionMakerKind: v("decision-maker-kind"),
		KeyDecision: v("key-decision") == "yes", KeySpending: v("key-spending") == "yes", KeyDivisions: v("key-divisions") == "yes",
		AllDivisions: v("divisions-affected") == "all", LeadMember: v("lead-member"), LeadDirector: v("lead-director"),
		Contact:    store.Contact{Name: v("contact-name"), JobTitle: v("contact-job-title"), Telephone: v("contact-telephone"), Email: v("contact-email")},
		Consultees: v("consultees"), ProposedDecision: v("proposed-decision"), FurtherInformation: v("further-information"),
		FinancialImplications: v("financial-implications"), LegalImplications: v("legal-implications"),
		EqualitiesImplications: v("equalities-implications"), DataProtectionImplications: v("data-protection-implications"),
		Restriction: v("restriction"), ExemptInformation: v("exempt-information")}
	d.BodyID, _ = strconv.ParseInt(v("body"), 10, 64)
	d.ExemptParagraph, _ = strconv.Atoi(v("exempt-paragraph"))
	for _, line := range strings.Split(c.FormValue("divisions"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			d.Divisions = append(d.Divisions, line)
		}
	}
	return d
}

func (s *Server) createDecision(c echo.Context) error {
	d := readNotice(c)
	ref, err := s.agenda.CreateDecision(c.Request().Context(), d, actor(c))
	if errs, ok := formErrors(err, "title"); ok {
		return s.renderDecisionNotice(c, http.StatusUnprocessableEntity, &decisionNoticePage{Decision: d, Errors: errs})
	}
	if err != nil {
		return err
	}
	return s.doneThen(c, clerkDecisionPath(store.Decision{Reference: ref}), "Proposed decision "+ref+" recorded as a draft: publish its notice when it is ready")
}

// clerkDecision loads the decision the path names.
func (s *Server) clerkDecision(c echo.Context) (store.Decision, error) {
	return s.db.Decision(c.Request().Context(), store.ReferenceFromURL(c.Param("ref")))
}

func (s *Server) decisionNoticePage(c echo.Context) error {
	d, err := s.clerkDecision(c)
	if err != nil {
		return err
	}
	return s.renderDecisionNotice(c, http.StatusOK, &decisionNoticePage{Decision: d})
}

func (s *Server) updateDecision(c echo.Context) error {
	d, err := s.clerkDecision(c)
	if err != nil {
		return err
	}
	typed := readNotice(c)
	err = s.agenda.UpdateDecision(c.Request().Context(), d.Reference, typed, actor(c))
	if errs, ok := formErrors(err, "title"); ok {
		typed.ID, typed.Reference, typed.State = d.ID, d.Reference, d.State
		return s.renderDecisionNotice(c, http.StatusUnprocessableEntity, &decisionNoticePage{Decision: typed, Errors: errs})
	}
	if err != nil {
		return err
	}
	return s.doneThen(c, clerkDecisionPath(d), "Notice of decision "+d.Reference+" saved")
}

// clerkDecisionPage is one decision with the clerk's actions; a refused
// form comes back as Form, with what was typed.
type clerkDecisionPage struct {
	Decision      store.Decision
	Status        string
	Dates         agenda.DecisionDates
	KeyReasons    []string
	NoticeReason  string
	Consultations []store.Consultation
	Documents     []store.DecisionDocument
	Items         []choice
	Agreers       []choice
	Outcomes      []choice
	Form          string
	Typed         url.Values
	TypedDates    map[string]dateInput
	Errors        FieldErrors
}

// ErrorsOf are the problems of the form of that name, if it was refused.
func (p *clerkDecisionPage) ErrorsOf(form string) FieldErrors {
	if p.Form == form {
		return p.Errors
	}
	return nil
}

// Value is what was typed into a field of the refused form.
func (p *clerkDecisionPage) Value(name string) string { return p.Typed.Get(name) }

// Date is what was typed into a date input of the refused form.
func (p *clerkDecisionPage) Date(id string) any {
	if d, ok := p.TypedDates[id]; ok {
		return d
	}
	return nil
}

// Editable is true while the notice can change.
func (p *clerkDecisionPage) Editable() bool {
	switch p.Decision.State {
	case "draft", "notice", "deferred":
		return true
	}
	return false
}

// CanTake is true when the decision taken can be recorded: a key decision
// needs its notice first.
func (p *clerkDecisionPage) CanTake() bool {
	d := p.Decision
	return d.State == "notice" || d.State == "deferred" || (d.State == "draft" && !d.KeyDecision)
}

// DocumentURL is where the public side serves a decision's document.
func (p *clerkDecisionPage) DocumentURL(id int64) string {
	return "/decisions/" + p.Decision.URLReference() + "/documents/" + strconv.FormatInt(id, 10)
}

// MeetingDay is the day of a consultation's meeting.
func (p *clerkDecisionPage) MeetingDay(startsAt string) string {
	t, err := time.Parse(time.RFC3339, startsAt)
	if err != nil {
		if len(startsAt) >= 10 {
			return dates.LongDay(startsAt[:10])
		}
		return startsAt
	}
	return dates.LongDay(t.Format("2006-01-02"))
}

// summaryRow is a row of a summary list, left out when Value is empty.
type summaryRow struct{ Key, Value string }

// Row is a summary list's row.
func (p *clerkDecisionPage) Row(key, value string) summaryRow { return summaryRow{key, value} }

// OutcomeLabel is a call-in outcome as the public reads it.
func (p *clerkDecisionPage) OutcomeLabel(o string) string { return store.CallInOutcomes[o] }

// Lines are the names of a list kept one a line.
func (p *clerkDecisionPage) Lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// callInOutcomeOrder is the order the outcome radios list them in.
var callInOutcomeOrder = []string{"no-further-action", "referred-to-decision-maker", "referred-to-council"}

func (s *Server) decisionPage(c echo.Context) error {
	d, err := s.clerkDecision(c)
	if err != nil {
		return err
	}
	return s.renderDecision(c, http.StatusOK, d, &clerkDecisionPage{})
}

func (s *Server) renderDecision(c echo.Context, status int, d store.Decision, p *clerkDecisionPage) error {
	ctx := c.Request().Context()
	var err error
	p.Decision, p.Status, p.Dates, p.NoticeReason = d, s.agenda.DecisionStatus(d), s.agenda.DecisionDates(d), agenda.NoticeReason
	if p.KeyReasons, err = s.agenda.KeyReasons(ctx, d); err != nil {
		return err
	}
	if p.Consultations, err = s.db.Consultations(ctx, d.ID); err != nil {
		return err
	}
	if p.Documents, err = s.db.DecisionDocuments(ctx, d.ID); err != nil {
		return err
	}
	if p.Items, err = s.consultableItems(c); err != nil {
		return err
	}
	for _, a := range agenda.UrgencyAgreers {
		p.Agreers = append(p.Agreers, choice{Value: a, Text: a})
	}
	for _, o := range callInOutcomeOrder {
		p.Outcomes = append(p.Outcomes, choice{Value: o, Text: store.CallInOutcomes[o]})
	}
	return s.pages.render(c, status, "clerk-decision", s.page(c, "/clerk", p,
		link{Href: "/clerk", Label: "Clerk's workspace"}, link{Href: decisionsPath, Label: "Executive decisions"}))
}

// consultableItems are the agenda items of the meetings of the last year
// and the next six months, grouped by meeting, newest first, as
// "<meeting>-<item>".
func (s *Server) consultableItems(c echo.Context) ([]choice, error) {
	ctx := c.Request().Context()
	today := s.today()
	meetings, err := s.db.Meetings(ctx, store.MeetingFilter{From: s.startOfDay(today.AddDays(-366)), To: s.startOfDay(today.AddDays(183)), Newest: true})
	if err != nil {
		return nil, err
	}
	list := []choice{{Value: "", Text: "Choose an agenda item"}}
	for _, m := range meetings {
		items, err := s.db.AgendaItems(ctx, m.ID)
		if err != nil {
			return nil, err
		}
		group := m.Body + ", " + dates.LongDate(m.StartsAt.In(s.loc))
		for _, it := range items {
			list = append(list, choice{Value: strconv.FormatInt(m.ID, 10) + "-" + strconv.FormatInt(it.ID, 10),
				Text: it.Label() + ". " + it.Title, Group: group})
		}
	}
	return list, nil
}

// decisionForm is one of the decision page's forms: read reads the
// form into errs and returns the change to make, which is not run when
// errs has a problem. A refusal comes back on the page with what was
// typed; renames maps the agenda's field names to the form's ids, and
// field is where a refusal of the whole form points.
type decisionForm struct {
	form, field string
	renames     map[string]string
	dateIDs     []string
	read        func(c echo.Context, d store.Decision, errs *FieldErrors, typed map[string]dateInput) func() error
	done        func(d store.Decision) string
}

func (s *Server) decisionActionHandler(a decisionForm) echo.HandlerFunc {
	return func(c echo.Context) error {
		d, err := s.clerkDecision(c)
		if err != nil {
			return err
		}
		var errs FieldErrors
		typed := map[string]dateInput{}
		for _, id := range a.dateIDs {
			typed[id] = readDateInput(c, id, id)
		}
		run := a.read(c, d, &errs, typed)
		if !errs.Any() {
			err = run()
			if err == nil {
				d, err = s.db.Decision(c.Request().Context(), d.Reference)
				if err != nil {
					return err
				}
				return s.doneThen(c, clerkDecisionPath(d), a.done(d))
			}
			refused, ok := formErrors(err, a.field)
			if !ok {
				return err
			}
			for _, fe := range refused {
				if to, ok := a.renames[fe.Field]; ok {
					fe.Field = to
				}
				if in, ok := typed[fe.Field]; ok {
					in.refuse(&errs, fe.Message)
				} else {
					errs.Add(fe.Field, fe.Message)
				}
			}
		}
		form, _ := c.FormParams()
		return s.renderDecision(c, http.StatusUnprocessableEntity, d, &clerkDecisionPage{Form: a.form, Typed: form, TypedDates: typed, Errors: errs})
	}
}

// readDate reads a date input unless it was left empty, which the agenda
// refuses in its own words.
func readDate(in dateInput, what string, errs *FieldErrors) dates.Date {
	if in.empty() {
		return dates.Date{}
	}
	day, _ := in.date(what, errs)
	return day
}

func (s *Server) publishNotice(c echo.Context) error {
	d, err := s.clerkDecision(c)
	if err != nil {
		return err
	}
	err = s.agenda.PublishNotice(c.Request().Context(), d.Reference, actor(c))
	if err == nil {
		d, err = s.db.Decision(c.Request().Context(), d.Reference)
		if err != nil {
			return err
		}
		msg := "Notice of decision " + d.Reference + " published"
		if from := s.agenda.DecisionDates(d).DecideFrom; !from.IsZero() {
			msg += ": decision due not before " + dates.LongDay(from.String())
		}
		return s.doneThen(c, clerkDecisionPath(d), msg)
	}
	errs, ok := formErrors(err, "dates")
	if !ok {
		return err
	}
	// What the notice lacks is on the notice's form.
	if store.ErrorCode(err) == store.EINVALID {
		return s.renderDecisionNotice(c, http.StatusUnprocessableEntity, &decisionNoticePage{Decision: d, Errors: errs})
	}
	return s.renderDecision(c, http.StatusUnprocessableEntity, d, &clerkDecisionPage{Form: "publish-notice", Errors: errs})
}

// decisionAction is the handler of the decision page's form posted to
// /clerk/decisions/:ref/<path>.
func (s *Server) decisionAction(path string) echo.HandlerFunc {
	a, ok := s.decisionActions()[path]
	if !ok {
		panic("no decision action " + path)
	}
	return s.decisionActionHandler(a)
}

// decisionActions are the decision page's forms by the path they post to.
func (s *Server) decisionActions() map[string]decisionForm {
	ag := s.agenda
	return map[string]decisionForm{
		"exception": {form: "exception", field: "exception-kind", dateIDs: []string{"chairman-informed", "agreed-on"},
			renames: map[string]string{"kind": "exception-kind", "reasons": "exception-reasons"},
			read: func(c echo.Context, d store.Decision, errs *FieldErrors, typed map[string]dateInput) func() error {
				e := agenda.Exception{Kind: c.FormValue("exception-kind"), Reasons: c.FormValue("exception-reasons"),
					ExemptFromCallIn: c.FormValue("exempt-from-call-in") == "yes", NotCallInReason: c.FormValue("not-call-in-reason")}
				switch e.Kind {
				case "general":
					e.ChairmanInformedOn = readDate(typed["chairman-informed"], "the date the chairman was told", errs)
				case "special-urgency":
					e.AgreedOn = readDate(typed["agreed-on"], "the date the urgency was agreed", errs)
					role, name := c.FormValue("agreed-by"), strings.TrimSpace(c.FormValue("agreed-by-name"))
					known := false
					for _, a := range agenda.UrgencyAgreers {
						known = known || a == role
					}
					switch {
					case !known:
						errs.Add("agreed-by", "Choose who agreed that the decision is urgent.")
					case name == "":
						errs.Add("agreed-by-name", "Enter the name of the "+role+".")
					default:
						e.AgreedBy = name + ", " + role
					}
				}
				return func() error { return ag.RecordException(c.Request().Context(), d.Reference, e, actor(c)) }
			},
			done: func(d store.Decision) string {
				if d.Exception == "general" {
					return "General exception recorded and its notice published"
				}
				return "Special urgency recorded and its notice published"
			}},
		"consultations": {form: "consultation", field: "agenda-item",
			read: func(c echo.Context, d store.Decision, errs *FieldErrors, _ map[string]dateInput) func() error {
				meeting, item, ok := strings.Cut(c.FormValue("agenda-item"), "-")
				mID, err1 := strconv.ParseInt(meeting, 10, 64)
				iID, err2 := strconv.ParseInt(item, 10, 64)
				if !ok || err1 != nil || err2 != nil {
					errs.Add("agenda-item", "Choose the agenda item that considered the proposed decision.")
				}
				endorsed := c.FormValue("endorsed")
				if endorsed != "yes" && endorsed != "no" {
					errs.Add("endorsed", "Say whether the committee endorsed the proposed decision.")
				}
				return func() error {
					err := ag.LinkConsultation(c.Request().Context(), d.Reference, mID, iID, endorsed == "yes", actor(c))
					if store.ErrorCode(err) == store.ENOTFOUND {
						// The item chosen is gone: the choice is the form's to correct.
						return store.FieldErrorf("agenda-item", "%s", store.ErrorMessage(err))
					}
					return err
				}
			},
			done: func(d store.Decision) string { return "Committee consultation linked to decision " + d.Reference }},
		"taken": {form: "taken", field: "decision", dateIDs: []string{"decided-on"},
			read: func(c echo.Context, d store.Decision, errs *FieldErrors, typed map[string]dateInput) func() error {
				t := agenda.Taken{Decision: c.FormValue("decision"), Reasons: c.FormValue("reasons"), Alternatives: c.FormValue("alternatives"),
					ConflictsOfInterest: c.FormValue("conflicts-of-interest"), Dispensation: c.FormValue("dispensation"),
					DecidedOn: readDate(typed["decided-on"], "the date of the decision", errs)}
				return func() error { return ag.RecordDecisionTaken(c.Request().Context(), d.Reference, t, actor(c)) }
			},
			done: func(d store.Decision) string {
				return "Decision " + d.Reference + " recorded as taken on " + dates.LongDay(d.DecidedOn) + ": publish the record next"
			}},
		"publish": {form: "publish", field: "dates",
			read: func(c echo.Context, d store.Decision, _ *FieldErrors, _ map[string]dateInput) func() error {
				return func() error { return ag.PublishDecisionRecord(c.Request().Context(), d.Reference, actor(c)) }
			},
			done: func(d store.Decision) string {
				return "Record of decision " + d.Reference + " published: effective from " + dates.LongDay(d.EffectiveFrom)
			}},
		"call-in": {form: "call-in", field: "called-in-by", dateIDs: []string{"called-in-on"},
			read: func(c echo.Context, d store.Decision, errs *FieldErrors, typed map[string]dateInput) func() error {
				ci := agenda.CallIn{By: c.FormValue("called-in-by"), Reasons: c.FormValue("call-in-reasons"),
					On: readDate(typed["called-in-on"], "the date of the call-in", errs)}
				return func() error { return ag.RecordCallIn(c.Request().Context(), d.Reference, ci, actor(c)) }
			},
			done: func(d store.Decision) string {
				return "Call-in of decision " + d.Reference + " recorded: it does not take effect until the outcome"
			}},
		"call-in/outcome": {form: "outcome", field: "outcome", dateIDs: []string{"outcome-on", "effective-from"},
			read: func(c echo.Context, d store.Decision, errs *FieldErrors, typed map[string]dateInput) func() error {
				o := agenda.CallInOutcome{Outcome: c.FormValue("outcome"), ChangedDecision: c.FormValue("changed-decision"),
					On:            readDate(typed["outcome-on"], "the date of the outcome", errs),
					EffectiveFrom: readDate(typed["effective-from"], "the date the decision takes effect", errs)}
				return func() error { return ag.RecordCallInOutcome(c.Request().Context(), d.Reference, o, actor(c)) }
			},
			done: func(d store.Decision) string {
				return "Outcome of the call-in recorded: " + store.CallInOutcomes[d.CallInOutcome] + ", effective from " + dates.LongDay(d.EffectiveFrom)
			}},
		"defer": {form: "defer", field: "defer-reason", renames: map[string]string{"reason": "defer-reason"},
			read: func(c echo.Context, d store.Decision, _ *FieldErrors, _ map[string]dateInput) func() error {
				return func() error {
					return ag.DeferDecision(c.Request().Context(), d.Reference, c.FormValue("defer-reason"), actor(c))
				}
			},
			done: func(d store.Decision) string { return "Decision " + d.Reference + " deferred" }},
		"withdraw": {form: "withdraw", field: "withdraw-reason", renames: map[string]string{"reason": "withdraw-reason"},
			read: func(c echo.Context, d store.Decision, _ *FieldErrors, _ map[string]dateInput) func() error {
				return func() error {
					return ag.WithdrawDecision(c.Request().Context(), d.Reference, c.FormValue("withdraw-reason"), actor(c))
				}
			},
			done: func(d store.Decision) string { return "Decision " + d.Reference + " withdrawn" }},
	}
}

func (s *Server) unlinkConsultation(c echo.Context) error {
	d, err := s.clerkDecision(c)
	if err != nil {
		return err
	}
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	err = s.agenda.UnlinkConsultation(c.Request().Context(), d.Reference, id, actor(c))
	if errs, ok := formErrors(err, "consultations"); ok {
		return s.renderDecision(c, http.StatusUnprocessableEntity, d, &clerkDecisionPage{Form: "consultation", Errors: errs})
	}
	if err != nil {
		return err
	}
	return s.doneThen(c, clerkDecisionPath(d), "Committee consultation removed from decision "+d.Reference)
}

func (s *Server) addDecisionDocument(c echo.Context) error {
	d, err := s.clerkDecision(c)
	if err != nil {
		return err
	}
	refuse := func(errs FieldErrors) error {
		form, _ := c.FormParams()
		return s.renderDecision(c, http.StatusUnprocessableEntity, d, &clerkDecisionPage{Form: "document", Typed: form, Errors: errs})
	}
	doc, refusal, err := s.receivePDF(c)
	if err != nil {
		return err
	}
	if refusal != "" {
		return refuse(fieldError("paper", refusal))
	}
	paragraph, _ := strconv.Atoi(c.FormValue("exempt-paragraph"))
	_, err = s.agenda.AddDecisionDocument(c.Request().Context(), d.Reference, c.FormValue("title"), paragraph, doc, actor(c))
	if errs, ok := formErrors(err, "paper"); ok {
		if errs[0].Field == "exempt-paragraph" {
			errs[0].Field = "document-exempt-paragraph"
		}
		return refuse(errs)
	}
	if err != nil {
		return err
	}
	return s.doneThen(c, clerkDecisionPath(d)+"#documents", "Document added to decision "+d.Reference+": "+doc.Filename)
}

func (s *Server) removeDecisionDocument(c echo.Context) error {
	d, err := s.clerkDecision(c)
	if err != nil {
		return err
	}
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	err = s.agenda.RemoveDecisionDocument(c.Request().Context(), d.Reference, id, actor(c))
	if errs, ok := formErrors(err, "paper"); ok {
		return s.renderDecision(c, http.StatusUnprocessableEntity, d, &clerkDecisionPage{Form: "document", Errors: errs})
	}
	if err != nil {
		return err
	}
	return s.doneThen(c, clerkDecisionPath(d)+"#documents", "Document removed from decision "+d.Reference)
}
