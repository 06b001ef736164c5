package server

import (
	"context"
	"net/http"
	"regexp"
	"strconv"

	"github.com/labstack/echo/v4"

	"minutebook/agenda"
	"minutebook/dates"
	"minutebook/store"
)

// apiDecisionsPerPage is how many decisions one page of the list holds:
// a register of twenty years has thousands.
const apiDecisionsPerPage = 100

// allDivisions stands in the divisions list for a decision affecting
// every electoral division.
const allDivisions = "All divisions"

// apiDecision is a decision as anyone may read it, always built from
// store.Decision.Public. status is a.DecisionStatus's wording; key_reason
// the notice's reasons a decision is key, empty when it is not; divisions
// the names of the divisions affected, or ["All divisions"]; dates are
// YYYY-MM-DD or null.
type apiDecision struct {
	Reference         string             `json:"reference"`
	Title             string             `json:"title"`
	DecisionMaker     string             `json:"decision_maker"`
	Status            string             `json:"status"`
	KeyDecision       bool               `json:"key_decision"`
	KeyReason         []string           `json:"key_reason"`
	Divisions         []string           `json:"divisions"`
	NoticePublishedOn *string            `json:"notice_published_on"`
	DecideFrom        *string            `json:"decide_from"`
	DecidedOn         *string            `json:"decided_on"`
	PublishedOn       *string            `json:"published_on"`
	SubjectToCallIn   bool               `json:"subject_to_call_in"`
	CallInEndsOn      *string            `json:"call_in_ends_on"`
	EffectiveFrom     *string            `json:"effective_from"`
	CalledIn          bool               `json:"called_in"`
	Consultations     []apiConsultation  `json:"consultations"`
	Documents         []apiDecisionPaper `json:"documents"`
}

// apiConsultation is a committee's consideration of a proposed decision;
// minute is the minute's printed label, null until its minutes are published.
type apiConsultation struct {
	CommitteeID int64   `json:"committee_id"`
	MeetingID   int64   `json:"meeting_id"`
	Minute      *string `json:"minute"`
}

// apiDecisionPaper is a public document of a decision; size is in bytes.
type apiDecisionPaper struct {
	Title string `json:"title"`
	URL   string `json:"url"`
	Pages *int   `json:"pages"`
	Size  int64  `json:"size"`
}

// apiForwardPlanEntry is an entry of the forward plan, in the plan's
// order: not_before is the first day it can be taken, and exception the
// heading it is under, "general", "special-urgency" or "" for its day.
type apiForwardPlanEntry struct {
	apiDecision
	NotBefore *string `json:"not_before"`
	New       bool    `json:"new"`
	Exception string  `json:"exception"`
}

func dateOrNull(d dates.Date) *string {
	if d.IsZero() {
		return nil
	}
	return optional(d.String())
}

// apiDecisionOf reads what the API shows of d: its public view only.
func (s *Server) apiDecisionOf(ctx context.Context, d store.Decision) (apiDecision, error) {
	d = d.Public()
	dd := s.agenda.DecisionDates(d)
	out := apiDecision{
		Reference: d.Reference, Title: d.Title, DecisionMaker: d.DecisionMaker, Status: s.agenda.DecisionStatus(d),
		KeyDecision: d.KeyDecision, KeyReason: []string{}, Divisions: []string{},
		NoticePublishedOn: optional(d.NoticePublishedOn), DecideFrom: dateOrNull(dd.DecideFrom),
		DecidedOn: optional(d.DecidedOn), PublishedOn: optional(d.PublishedOn), SubjectToCallIn: d.SubjectToCallIn,
		CallInEndsOn: dateOrNull(dd.CallInEnds), EffectiveFrom: dateOrNull(dd.EffectiveFrom),
		CalledIn: d.CalledInOn != "", Consultations: []apiConsultation{}, Documents: []apiDecisionPaper{},
	}
	reasons, err := s.agenda.KeyReasons(ctx, d)
	if err != nil {
		return out, err
	}
	out.KeyReason = append(out.KeyReason, reasons...)
	if d.AllDivisions {
		out.Divisions = append(out.Divisions, allDivisions)
	} else {
		out.Divisions = append(out.Divisions, d.Divisions...)
	}
	consultations, err := s.db.Consultations(ctx, d.ID)
	if err != nil {
		return out, err
	}
	for _, c := range consultations {
		ac := apiConsultation{CommitteeID: c.BodyID, MeetingID: c.MeetingID}
		if c.Minute.Number != 0 {
			ac.Minute = optional(c.Minute.Label())
		}
		out.Consultations = append(out.Consultations, ac)
	}
	docs, err := s.db.DecisionDocuments(ctx, d.ID)
	if err != nil {
		return out, err
	}
	for _, x := range store.PublicDocuments(docs) {
		out.Documents = append(out.Documents, apiDecisionPaper{Title: x.Title,
			URL:   "/decisions/" + d.URLReference() + "/documents/" + strconv.FormatInt(x.ID, 10),
			Pages: optional(x.Document.Pages), Size: x.Document.Size})
	}
	return out, nil
}

// apiDecisions lists published decision records, newest first, a page at
// a time; the Link header names the next and previous pages.
func (s *Server) apiDecisions(c echo.Context) error {
	ctx := c.Request().Context()
	f := store.DecisionFilter{States: []string{"published"}, Limit: apiDecisionsPerPage}
	from, hasFrom, err := queryDate(c, "from")
	if err != nil {
		return err
	}
	to, hasTo, err := queryDate(c, "to")
	if err != nil {
		return err
	}
	if hasFrom && hasTo && to.Before(from) {
		return badRequest("to (%s) is before from (%s): give the earlier date as from.", to, from)
	}
	if hasFrom {
		f.PublishedFrom = from.String()
	}
	if hasTo {
		f.PublishedTo = to.String()
	}
	switch raw := c.QueryParam("key"); raw {
	case "":
	case "true":
		f.KeyOnly = true
	default:
		return badRequest("key: %q is not understood; use key=true for key decisions only, or leave it out for all.", raw)
	}
	page := 1
	if raw := c.QueryParam("page"); raw != "" {
		if page, err = strconv.Atoi(raw); err != nil || page < 1 {
			return badRequest("page: %q is not a page number; use a whole number from 1.", raw)
		}
	}
	f.Offset = (page - 1) * apiDecisionsPerPage
	list, err := s.db.Decisions(ctx, f)
	if err != nil {
		return err
	}
	out := make([]apiDecision, 0, len(list.Decisions))
	for _, d := range list.Decisions {
		ad, err := s.apiDecisionOf(ctx, d)
		if err != nil {
			return err
		}
		out = append(out, ad)
	}
	setPageLinks(c, page, (list.Total+apiDecisionsPerPage-1)/apiDecisionsPerPage)
	c.Response().Header().Set("X-Total-Count", strconv.Itoa(list.Total))
	return c.JSON(http.StatusOK, out)
}

// setPageLinks writes an RFC 8288 Link header to the pages either side.
func setPageLinks(c echo.Context, page, pages int) {
	href := func(n int) string {
		q := c.Request().URL.Query()
		q.Set("page", strconv.Itoa(n))
		return c.Request().URL.Path + "?" + q.Encode()
	}
	var links []string
	if page < pages {
		links = append(links, "<"+href(page+1)+`>; rel="next"`)
	}
	if page > 1 {
		links = append(links, "<"+href(min(page-1, max(pages, 1)))+`>; rel="prev"`)
	}
	for _, l := range links {
		c.Response().Header().Add("Link", l)
	}
}

var decisionURLReference = regexp.MustCompile(`^[0-9]{2}-[0-9]{5}$`)

// apiDecisionByReference answers for any decision whose notice or record
// is public; a draft is as unknown as a reference never used.
func (s *Server) apiDecisionByReference(c echo.Context) error {
	ctx := c.Request().Context()
	raw := c.Param("reference")
	if !decisionURLReference.MatchString(raw) {
		return badRequest("%q is not a decision reference: write it as in 23-00097.", raw)
	}
	ref := store.ReferenceFromURL(raw)
	d, err := s.db.Decision(ctx, ref)
	if err != nil {
		return err
	}
	if !d.IsPublic() {
		return store.Errorf(store.ENOTFOUND, "There is no decision %s.", ref)
	}
	out, err := s.apiDecisionOf(ctx, d)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

// apiForwardPlan lists the entries of the forward plan as /forward-plan
// shows them: by not-before day, then the general exception, then special
// urgency.
func (s *Server) apiForwardPlan(c echo.Context) error {
	ctx := c.Request().Context()
	plan, err := s.agenda.ForwardPlan(ctx, agenda.ForwardPlanFilter{})
	if err != nil {
		return err
	}
	entries := plan.Entries()
	out := make([]apiForwardPlanEntry, 0, len(entries))
	for _, e := range entries {
		ad, err := s.apiDecisionOf(ctx, e.Decision)
		if err != nil {
			return err
		}
		out = append(out, apiForwardPlanEntry{apiDecision: ad, NotBefore: dateOrNull(e.NotBefore), New: e.New, Exception: e.Decision.Exception})
	}
	return c.JSON(http.StatusOK, out)
}
