package server

import (
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"minutebook/agenda"
	"minutebook/dates"
	"minutebook/files"
	"minutebook/mail"
	"minutebook/paths"
	"minutebook/store"
)

// decisionsPerPage is how many decisions a page of the register shows.
const decisionsPerPage = 20

// urlReference is a decision's reference as a path segment: 23-00097.
var urlReference = regexp.MustCompile(`^[0-9]{2}-[0-9]{5}$`)

// shortDay writes a stored day as the seed record does: 23/02/2024.
func shortDay(s string) string {
	d, err := dates.ParseDate(s)
	if err != nil {
		return s
	}
	return d.Time(time.UTC).Format("02/01/2006")
}

func longDay(d dates.Date) string {
	if d.IsZero() {
		return ""
	}
	return dates.LongDay(d.String())
}

func decisionHref(d store.Decision) string { return "/decisions/" + d.URLReference() }

// divisionsText is the divisions affected as the notice prints them.
func divisionsText(d store.Decision) string {
	if d.AllDivisions {
		return "(All Division)"
	}
	return strings.Join(d.Divisions, "; ")
}

// forwardPlanForm is the forward plan's filters as chosen.
type forwardPlanForm struct {
	DecisionMaker, Division string
	Errors                  FieldErrors
}

// planEntry is a forward plan entry as the page shows it.
type planEntry struct {
	Reference, Href, Title                  string
	DecisionMaker, LeadMember, LeadDirector string
	Contact                                 store.Contact
	Status                                  string
	// Deferred is the public reason a deferred decision waits.
	Deferred        string
	NoticePublished string
	NotBefore       string
	New             bool
	Divisions       string
	// Exception's fields, for an entry under an exception.
	ExceptionReasons   string
	ChairmanInformed   string
	AgreedBy, AgreedOn string
}

type planGroup struct {
	NotBefore string
	Entries   []planEntry
}

type forwardPlanView struct {
	Form             forwardPlanForm
	MakerChoices     []choice
	DivisionChoices  []choice
	Filtered         bool
	Groups           []planGroup
	GeneralException []planEntry
	SpecialUrgency   []planEntry
	Count            int
}

func newPlanEntry(e agenda.ForwardPlanEntry) planEntry {
	d := e.Decision
	p := planEntry{Reference: d.Reference, Href: decisionHref(d), Title: d.Title, DecisionMaker: d.DecisionMaker,
		LeadMember: d.LeadMember, LeadDirector: d.LeadDirector, Contact: d.Contact, Status: e.Status,
		NoticePublished: longDay(e.NoticePublishedOn), NotBefore: longDay(e.NotBefore), New: e.New,
		Divisions: divisionsText(d), ExceptionReasons: d.ExceptionReasons, AgreedBy: d.ExceptionAgreedBy}
	if d.State == "deferred" {
		p.Deferred = d.StateReason
	}
	if d.ExceptionChairmanInformed != "" {
		p.ChairmanInformed = dates.LongDay(d.ExceptionChairmanInformed)
	}
	if d.ExceptionAgreedOn != "" {
		p.AgreedOn = dates.LongDay(d.ExceptionAgreedOn)
	}
	return p
}

func (s *Server) forwardPlanPage(c echo.Context) error {
	ctx := c.Request().Context()
	q := c.QueryParams()
	form := forwardPlanForm{DecisionMaker: strings.TrimSpace(q.Get("decision-maker")), Division: strings.TrimSpace(q.Get("division"))}
	v := forwardPlanView{Form: form, Filtered: form.DecisionMaker+form.Division != ""}
	plan, err := s.agenda.ForwardPlan(ctx, agenda.ForwardPlanFilter{DecisionMaker: form.DecisionMaker, Division: form.Division})
	if err != nil {
		return err
	}
	makers, err := s.db.DecisionMakers(ctx)
	if err != nil {
		return err
	}
	v.MakerChoices = []choice{{Value: "", Text: "Any decision maker"}}
	for _, m := range makers {
		v.MakerChoices = append(v.MakerChoices, choice{Value: m, Text: m})
	}
	// The divisions to choose from are those the whole plan names.
	all := plan
	if v.Filtered {
		if all, err = s.agenda.ForwardPlan(ctx, agenda.ForwardPlanFilter{}); err != nil {
			return err
		}
	}
	seen := map[string]bool{}
	var divisions []string
	for _, e := range all.Entries() {
		for _, d := range e.Decision.Divisions {
			if !seen[d] {
				seen[d] = true
				divisions = append(divisions, d)
			}
		}
	}
	if form.Division != "" && !seen[form.Division] {
		divisions = append(divisions, form.Division)
	}
	sort.Strings(divisions)
	v.DivisionChoices = []choice{{Value: "", Text: "Any division"}}
	for _, d := range divisions {
		v.DivisionChoices = append(v.DivisionChoices, choice{Value: d, Text: d})
	}

	for _, g := range plan.Groups {
		pg := planGroup{NotBefore: longDay(g.NotBefore)}
		for _, e := range g.Entries {
			pg.Entries = append(pg.Entries, newPlanEntry(e))
		}
		v.Groups = append(v.Groups, pg)
	}
	for _, e := range plan.GeneralException {
		v.GeneralException = append(v.GeneralException, newPlanEntry(e))
	}
	for _, e := range plan.SpecialUrgency {
		v.SpecialUrgency = append(v.SpecialUrgency, newPlanEntry(e))
	}
	v.Count = len(plan.Entries())
	return s.pages.render(c, http.StatusOK, "forward-plan", s.page(c, "/forward-plan", v))
}

// decisionStatuses are the register's status filter: the statuses of a
// published record as the public reads them.
var decisionStatuses = []choice{
	{Value: "", Text: "Any status"},
	{Value: "call-in-period", Text: "Subject to call-in"},
	{Value: "called-in", Text: "Called in"},
	{Value: "changed", Text: "Changed after call-in"},
	{Value: "effective", Text: "Effective"},
}

// decisionsForm is the register's filters as typed.
type decisionsForm struct {
	From, To, DecisionMaker, Status string
	KeyOnly                         bool
	Errors                          FieldErrors
}

// publicDecisionRow is a published decision in the register.
type publicDecisionRow struct {
	Reference, Href, Title, DecisionMaker, Status string
	Key                                           bool
	Published                                     string
}

type decisionsView struct {
	Form          decisionsForm
	MakerChoices  []choice
	StatusChoices []choice
	Filtered      bool
	Rows          []publicDecisionRow
	Total         string
	First, Last   int
	Page          int
	PageCount     int
	Pages         auditPages
}

func (s *Server) decisionsPage(c echo.Context) error {
	ctx := c.Request().Context()
	q := c.QueryParams()
	form := decisionsForm{From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")),
		DecisionMaker: strings.TrimSpace(q.Get("decision-maker")), Status: strings.TrimSpace(q.Get("status")),
		KeyOnly: q.Get("key") != ""}
	v := decisionsView{Form: form, StatusChoices: decisionStatuses}
	v.Filtered = form.From+form.To+form.DecisionMaker+form.Status != "" || form.KeyOnly
	makers, err := s.db.DecisionMakers(ctx)
	if err != nil {
		return err
	}
	v.MakerChoices = []choice{{Value: "", Text: "Any decision maker"}}
	for _, m := range makers {
		v.MakerChoices = append(v.MakerChoices, choice{Value: m, Text: m})
	}

	filter := store.DecisionFilter{States: []string{"published"}, KeyOnly: form.KeyOnly, DecisionMaker: form.DecisionMaker}
	var from, to dates.Date
	fromOK, toOK := true, true
	if form.From != "" {
		from, fromOK = readDateText("from", "the from date", form.From, &v.Form.Errors)
	}
	if form.To != "" {
		to, toOK = readDateText("to", "the to date", form.To, &v.Form.Errors)
	}
	if fromOK && toOK && !from.IsZero() && !to.IsZero() && to.Before(from) {
		v.Form.Errors.Add("to", "The to date must be the same as or after the from date")
	}
	known := false
	for _, st := range decisionStatuses {
		known = known || st.Value == form.Status
	}
	if !known {
		v.Form.Errors.Add("status", "Choose a status from the list")
	}
	if v.Form.Errors.Any() {
		return s.pages.render(c, http.StatusUnprocessableEntity, "decisions", s.page(c, "/decisions", v))
	}
	if !from.IsZero() {
		filter.PublishedFrom = from.String()
	}
	if !to.IsZero() {
		filter.PublishedTo = to.String()
	}

	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	var list store.DecisionList
	today := s.today()
	filter.Status, filter.Today = form.Status, today.String()
	filter.Offset, filter.Limit = (page-1)*decisionsPerPage, decisionsPerPage
	if list, err = s.db.Decisions(ctx, filter); err != nil {
		return err
	}
	if pages := max((list.Total+decisionsPerPage-1)/decisionsPerPage, 1); page > pages {
		page = pages
		filter.Offset = (page - 1) * decisionsPerPage
		if list, err = s.db.Decisions(ctx, filter); err != nil {
			return err
		}
	}
	filter.Offset = (page - 1) * decisionsPerPage
	for _, d := range list.Decisions {
		d = d.Public()
		v.Rows = append(v.Rows, publicDecisionRow{Reference: d.Reference, Href: decisionHref(d), Title: d.Title,
			DecisionMaker: d.DecisionMaker, Status: s.agenda.DecisionStatus(d), Key: d.KeyDecision,
			Published: dates.LongDay(d.PublishedOn)})
	}
	v.Total = thousands(list.Total)
	if len(v.Rows) > 0 {
		v.First, v.Last = filter.Offset+1, filter.Offset+len(v.Rows)
	}
	keep := url.Values{}
	for name, value := range map[string]string{"from": form.From, "to": form.To, "decision-maker": form.DecisionMaker, "status": form.Status} {
		if value != "" {
			keep.Set(name, value)
		}
	}
	if form.KeyOnly {
		keep.Set("key", "yes")
	}
	v.PageCount = max((list.Total+decisionsPerPage-1)/decisionsPerPage, 1)
	v.Page = page
	v.Pages = pagination("/decisions", keep, page, v.PageCount)
	return s.pages.render(c, http.StatusOK, "decisions", s.page(c, "/decisions", v))
}

// pagination is the GOV.UK pagination of a list at base: the previous and
// next pages, and the numbered pages with a Gap for each ellipsis.
func pagination(base string, keep url.Values, page, pages int) auditPages {
	href := func(n int) string {
		q := url.Values{}
		for k, v := range keep {
			q[k] = v
		}
		if n > 1 {
			q.Set("page", strconv.Itoa(n))
		}
		if len(q) == 0 {
			return base
		}
		return base + "?" + q.Encode()
	}
	var p auditPages
	if pages <= 1 {
		return p
	}
	if page > 1 {
		p.Prev = href(page - 1)
	}
	if page < pages {
		p.Next = href(page + 1)
	}
	last := 0
	for n := 1; n <= pages; n++ {
		if n != 1 && n != pages && (n < page-1 || n > page+1) {
			continue
		}
		if last != 0 && n > last+1 {
			p.Items = append(p.Items, auditPageItem{Gap: true})
		}
		p.Items = append(p.Items, auditPageItem{Number: n, Href: href(n), Current: n == page})
		last = n
	}
	return p
}

// consultationView is a committee's consideration of the decision, with
// the minute it is recorded in.
type consultationView struct {
	Body, On, Href string
	Endorsed       bool
	Minute         string
	Resolution     []string
}

// historyEvent is a step of a decision's history.
type historyEvent struct {
	Day, On, What string
}

type decisionView struct {
	Decision  store.Decision
	Href      string
	Status    string
	Documents []store.DecisionDocument
	// Entitled is true when the asker may read the exempt parts.
	Entitled        bool
	ExemptParagraph string
	KeyReasons      string
	Divisions       string
	Published       string
	Decided         string
	EffectiveFrom   string
	// CallInUntil is the last day of a call-in period still running.
	CallInUntil string
	CalledIn    bool
	NotBefore   string
	NoticeOn    string
	Consulted   []consultationView
	// Exception's dates, written out.
	ChairmanInformed, AgreedOn, ExceptionNoticeOn, ExceptionFrom string
	CalledInOn, OutcomeOn, Outcome, StateChangedOn               string
	NoticeReason                                                 string
	History                                                      []historyEvent
}

// publicDecision reads a decision the public may see: one never made
// public is as unknown as a reference never used.
func (s *Server) publicDecision(c echo.Context) (store.Decision, error) {
	ref := c.Param("ref")
	notFound := store.Errorf(store.ENOTFOUND, "There is no decision %s.", store.ReferenceFromURL(ref))
	if !urlReference.MatchString(ref) {
		return store.Decision{}, notFound
	}
	d, err := s.db.Decision(c.Request().Context(), store.ReferenceFromURL(ref))
	if store.ErrorCode(err) == store.ENOTFOUND || (err == nil && !d.IsPublic()) {
		return store.Decision{}, notFound
	}
	return d, err
}

func (s *Server) publicDecisionPage(c echo.Context) error {
	ctx := c.Request().Context()
	d, err := s.publicDecision(c)
	if err != nil {
		return err
	}
	entitled, err := s.mayReadExemptDecision(ctx, currentUser(c), d)
	if err != nil {
		return err
	}
	docs, err := s.db.DecisionDocuments(ctx, d.ID)
	if err != nil {
		return err
	}
	if !entitled {
		d, docs = d.Public(), store.PublicDocuments(docs)
	}
	dd := s.agenda.DecisionDates(d)
	v := decisionView{Decision: d, Href: decisionHref(d), Status: s.agenda.DecisionStatus(d), Documents: docs, Entitled: entitled,
		Divisions: divisionsText(d), Published: shortDay(d.PublishedOn), Decided: shortDay(d.DecidedOn),
		EffectiveFrom: shortDay(d.EffectiveFrom), NotBefore: longDay(dd.DecideFrom), NoticeOn: shortDay(d.NoticePublishedOn),
		NoticeReason: agenda.NoticeReason, ExceptionFrom: longDay(dd.ExceptionFrom)}
	if d.IsExempt() {
		v.ExemptParagraph = strconv.Itoa(d.ExemptParagraph)
	}
	reasons, err := s.agenda.KeyReasons(ctx, d)
	if err != nil {
		return err
	}
	if len(reasons) > 0 {
		v.KeyReasons = strings.Join(reasons, "; ") + ";"
	}
	v.CalledIn = d.CalledInOn != "" && d.CallInOutcome == ""
	today := s.today()
	if d.State == "published" && !v.CalledIn && !dd.CallInEnds.IsZero() && !dd.CallInEnds.Before(today) && d.CalledInOn == "" {
		v.CallInUntil = longDay(dd.CallInEnds)
	}
	long := func(s string) string {
		if s == "" {
			return ""
		}
		return dates.LongDay(s)
	}
	v.ChairmanInformed, v.AgreedOn = long(d.ExceptionChairmanInformed), long(d.ExceptionAgreedOn)
	v.ExceptionNoticeOn, v.CalledInOn, v.OutcomeOn = long(d.ExceptionNoticePublishedOn), long(d.CalledInOn), long(d.CallInOutcomeOn)
	v.StateChangedOn, v.Outcome = long(d.StateChangedOn), store.CallInOutcomes[d.CallInOutcome]

	consultations, err := s.db.Consultations(ctx, d.ID)
	if err != nil {
		return err
	}
	var history []historyEvent
	add := func(day, what string) {
		if day != "" {
			history = append(history, historyEvent{Day: day, On: dates.LongDay(day), What: what})
		}
	}
	for _, cn := range consultations {
		cv := consultationView{Body: cn.Body, Endorsed: cn.Endorsed, Resolution: cn.Resolution,
			Href: paths.For(paths.Meeting, cn.MeetingID)}
		day := ""
		if t, err := time.Parse("2006-01-02T15:04:05Z", cn.MeetingStart); err == nil {
			day = dates.DateOf(t.In(s.loc)).String()
			cv.On = dates.LongDay(day)
		}
		if cn.Minute.Number != 0 {
			cv.Minute = cn.Minute.Label()
			cv.Href += "#" + cn.Minute.Anchor()
		}
		v.Consulted = append(v.Consulted, cv)
		what := "Considered by the " + cn.Body
		if cn.Endorsed {
			what = "Considered and endorsed by the " + cn.Body
		}
		add(day, what)
	}
	add(d.NoticePublishedOn, "Notice of proposed decision published")
	if d.Exception == "general" {
		add(d.ExceptionNoticePublishedOn, "General exception notice published")
	} else if d.Exception == "special-urgency" {
		add(d.ExceptionNoticePublishedOn, "Special urgency notice published")
	}
	switch d.State {
	case "deferred":
		add(d.StateChangedOn, "Deferred")
	case "withdrawn":
		add(d.StateChangedOn, "Withdrawn")
	}
	add(d.DecidedOn, "Decision taken by "+d.DecisionMaker)
	add(d.PublishedOn, "Record of decision published")
	if !dd.CallInEnds.IsZero() {
		add(dd.CallInEnds.String(), "Call-in period ends")
	}
	add(d.CalledInOn, "Called in")
	if d.CallInOutcome != "" {
		add(d.CallInOutcomeOn, "Call-in outcome: "+v.Outcome)
	}
	if !v.CalledIn {
		add(d.EffectiveFrom, "Effective")
	}
	sort.SliceStable(history, func(i, j int) bool { return history[i].Day < history[j].Day })
	v.History = history

	h := c.Response().Header()
	if entitled && (d.IsExempt() || len(docs) != len(store.PublicDocuments(docs))) {
		h.Set("Cache-Control", "no-store")
	}
	return s.pages.render(c, http.StatusOK, "decision", s.page(c, "/decisions", v,
		link{Href: "/decisions", Label: "Decisions"}))
}

// decisionDocument serves a document of a decision to those who may read
// it; an exempt one is, to anyone else, as unknown as one never added.
func (s *Server) decisionDocument(c echo.Context) error {
	ctx := c.Request().Context()
	d, err := s.publicDecision(c)
	if err != nil {
		return err
	}
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	notFound := store.Errorf(store.ENOTFOUND, "There is no document %d of decision %s.", id, d.Reference)
	docs, err := s.db.DecisionDocuments(ctx, d.ID)
	if err != nil {
		return err
	}
	var doc *store.DecisionDocument
	for i := range docs {
		if docs[i].ID == id {
			doc = &docs[i]
		}
	}
	if doc == nil {
		return notFound
	}
	if doc.ExemptParagraph != 0 {
		entitled, err := s.mayReadExemptDecision(ctx, currentUser(c), d)
		if err != nil {
			return err
		}
		if !entitled {
			return notFound
		}
	}
	f, err := (&files.Store{Dir: s.files}).Open(doc.Document.Path)
	if err != nil {
		return err
	}
	defer f.Close()
	h := c.Response().Header()
	if doc.ExemptParagraph != 0 {
		h.Set("Cache-Control", "no-store")
	} else {
		h.Set("Cache-Control", "private, max-age=300")
	}
	h.Set("Content-Disposition", mail.ContentDisposition("inline", doc.Document.Filename))
	h.Set("Content-Length", strconv.FormatInt(doc.Document.Size, 10))
	return c.Stream(http.StatusOK, "application/pdf", f)
}
