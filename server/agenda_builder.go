package server

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"minutebook/store"
)

// clerkMeetingPage is what each of a clerk's pages for one meeting shows.
type clerkMeetingPage struct {
	*meetingView
	Nav          meetingNav
	Reports      map[int64][]store.Report
	Publications []store.Publication
	Errors       FieldErrors
	ItemForm     *agendaItemForm
	Late         bool
	DaysLeft     int
	Emails       []store.OutboxMessage
	EmailCounts  map[string]int
	// Missing are the items still waiting for a paper that is not marked
	// to follow: publishing without them is a choice the clerk confirms.
	Missing []store.AgendaItem
	// Held are papers for the published agenda waiting to be sent.
	Held []heldPaper
	// Recipients is how many people had the agenda by email.
	Recipients int
	// Begun is true once the meeting's start time has passed.
	Begun bool
	// Decisions link to the decisions each item considered.
	Decisions map[int64][]link
	// NewDate and NewTime are a refused reschedule, as typed.
	NewDate any
	NewTime string
}

// heldPaper is a paper waiting to be sent, with its item.
type heldPaper struct {
	store.PendingPaper
	Item store.AgendaItem
}

// missingPapers are the items that should have a paper, have none and are
// not marked to follow.
func missingPapers(items []store.AgendaItem, reports map[int64][]store.Report) []store.AgendaItem {
	var missing []store.AgendaItem
	for _, a := range items {
		if a.MissingPaper(len(reports[a.ID])) {
			missing = append(missing, a)
		}
	}
	return missing
}

// clerkMeetingTemplates are the templates of the tabs this file renders;
// attendance and minutes have their own handlers.
var clerkMeetingTemplates = map[string]string{"agenda": "clerk-meeting", "papers": "clerk-papers",
	"publication": "clerk-publication", "change": "clerk-change"}

// renderClerkMeeting shows one tab of the agenda builder; item is the
// agenda item form to show again as it was typed, if it was refused.
func (s *Server) renderClerkMeeting(c echo.Context, status int, v *meetingView, tab string, errs FieldErrors, item *agendaItemForm) error {
	data, err := s.clerkMeetingData(c, v, tab, errs, item)
	if err != nil {
		return err
	}
	return s.pages.render(c, status, clerkMeetingTemplates[tab], s.page(c, "/clerk", data, link{Href: "/clerk", Label: "Clerk's workspace"}))
}

// clerkMeetingData is what the agenda builder's tabs show.
func (s *Server) clerkMeetingData(c echo.Context, v *meetingView, tab string, errs FieldErrors, item *agendaItemForm) (clerkMeetingPage, error) {
	ctx := c.Request().Context()
	reports, err := s.db.Reports(ctx, v.Meeting.ID)
	if err != nil {
		return clerkMeetingPage{}, err
	}
	pubs, err := s.db.Publications(ctx, v.Meeting.ID)
	if err != nil {
		return clerkMeetingPage{}, err
	}
	emails, err := s.db.MeetingEmails(ctx, v.Meeting.ID)
	if err != nil {
		return clerkMeetingPage{}, err
	}
	today := s.today()
	data := clerkMeetingPage{meetingView: v, Nav: clerkMeetingNav(v.Meeting, tab), Reports: reports, Publications: pubs, Errors: errs,
		ItemForm: item, Late: v.PublishBy.Before(today), DaysLeft: s.cal().WorkingDaysUntil(today, v.PublishBy),
		Emails: emails, EmailCounts: countEmails(emails), Begun: !v.Meeting.StartsAt.After(s.now())}
	held, err := s.db.PendingPapers(ctx, v.Meeting.ID)
	if err != nil {
		return clerkMeetingPage{}, err
	}
	data.Missing = missingPapers(v.Agenda, reports)
	consulted, err := s.db.ConsultedDecisions(ctx, v.Meeting.ID)
	if err != nil {
		return clerkMeetingPage{}, err
	}
	data.Decisions = map[int64][]link{}
	for item, refs := range consulted {
		for _, ref := range refs {
			data.Decisions[item] = append(data.Decisions[item], link{Href: clerkDecisionPath(store.Decision{Reference: ref}), Label: ref})
		}
	}
	for _, a := range v.Agenda {
		for _, h := range held {
			if h.Report.AgendaItemID == a.ID {
				data.Held = append(data.Held, heldPaper{h, a})
			}
		}
	}
	for _, e := range emails {
		if e.Kind == "agenda" {
			data.Recipients++
		}
	}
	return data, nil
}

// clerkMeetingTab serves one tab of the agenda builder.
func (s *Server) clerkMeetingTab(tab string) echo.HandlerFunc {
	return func(c echo.Context) error {
		v, err := s.clerkMeeting(c)
		if err != nil {
			return err
		}
		return s.renderClerkMeeting(c, http.StatusOK, v, tab, nil, nil)
	}
}

// changeAgenda runs a change to a meeting's agenda with its audit line; a
// change to a published agenda is a re-issue and records its reason.
func (s *Server) changeAgenda(c echo.Context, v *meetingView, action, reason string, fn func(tx *store.Tx) error) error {
	return s.agenda.Change(c.Request().Context(), v.Meeting.ID, actor(c), action, reason, fn)
}

// afterChange sends the clerk back to the meeting with a word on what was
// done, or shows the page again with the refusal against its field.
func (s *Server) afterChange(c echo.Context, v *meetingView, err error, tab, anchor, done string) error {
	if err == nil {
		return s.doneThen(c, clerkMeetingPath(v.Meeting.ID, tab, anchor), done)
	}
	code := store.ErrorCode(err)
	if code != store.EINVALID && code != store.ECONFLICT {
		return err
	}
	return s.renderClerkMeeting(c, http.StatusUnprocessableEntity, v, tab, fieldError(anchor, store.ErrorMessage(err)), nil)
}

func (s *Server) publishAgenda(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	republish := v.Meeting.PublishedAt != nil
	if !republish && c.FormValue("confirm_missing") != "yes" {
		reports, err := s.db.Reports(c.Request().Context(), v.Meeting.ID)
		if err != nil {
			return err
		}
		if len(missingPapers(v.Agenda, reports)) > 0 {
			return s.renderClerkMeeting(c, http.StatusUnprocessableEntity, v, "publication", fieldError("confirm-missing",
				"Add the missing papers or mark them “report to follow”, or tick “Publish without” to publish the agenda as it is"), nil)
		}
	}
	err = s.agenda.Publish(c.Request().Context(), v.Meeting.ID, actor(c), strings.TrimSpace(c.FormValue("reason")))
	done := "Agenda published: the emails to members are being sent"
	if republish {
		done = "Agenda re-issued: the emails to members are being sent"
	}
	return s.afterChange(c, v, err, "publication", "reason", done)
}

func (s *Server) markReady(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	ready := c.FormValue("ready") == "yes"
	err = s.agenda.MarkReady(c.Request().Context(), v.Meeting.ID, actor(c), ready)
	done := "Agenda marked ready: it will be published on its publication day"
	if !ready {
		done = "Agenda no longer marked ready: it will not be published until it is"
	}
	return s.afterChange(c, v, err, "publication", "publish", done)
}
