package server

import (
	"errors"
	"fmt"
	"net/http"
	netmail "net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"minutebook/dates"
	"minutebook/files"
	"minutebook/pack"
	"minutebook/paths"
	"minutebook/store"
)

// MaxPaperSize is the largest paper a clerk may upload.
const MaxPaperSize = 50 << 20

func (s *Server) clerkRoutes(g *echo.Group) {
	small := middleware.BodyLimit("256K")
	g.GET("", s.clerkDashboard)
	g.GET("/meetings/new", s.newMeetingPage)
	g.POST("/meetings", s.createMeeting, small)
	g.GET(strings.TrimPrefix(paths.ClerkMeeting, "/clerk"), s.clerkMeetingPage)
	g.POST("/meetings/:id/items", s.addAgendaItem, small)
	g.POST("/meetings/:id/items/:item", s.editAgendaItem, small)
	g.POST("/meetings/:id/items/:item/move", s.moveAgendaItem, small)
	g.POST("/meetings/:id/items/:item/delete", s.deleteAgendaItem, small)
	g.POST("/meetings/:id/items/:item/papers", s.uploadPaper)
	g.POST("/meetings/:id/renumber", s.renumberAgenda, small)
	g.POST("/meetings/:id/publish", s.publishAgenda, small)
	g.POST("/meetings/:id/ready", s.markReady, small)
	g.GET("/meetings/:id/minutes", s.minutesEditor)
	g.POST("/meetings/:id/minutes/start", s.startMinutes, small)
	g.POST("/meetings/:id/minutes/advance", s.advanceMinutes, small)
	g.POST("/meetings/:id/minutes/correction", s.startCorrection, small)
	g.POST("/meetings/:id/minutes/votes/:paragraph", s.recordVotes, small)
	g.POST("/meetings/:id/minutes/:minute", s.saveMinute, small)
	g.POST("/meetings/:id/minutes/:minute/actions", s.recordAction, small)
	g.POST("/meetings/:id/actions/:action/status", s.setActionStatus, small)
	g.POST("/meetings/:id/actions/:action/delete", s.removeAction, small)
	g.GET("/meetings/:id/attendance", s.attendancePage)
	g.POST("/meetings/:id/attendance", s.recordAttendance, small)
	g.POST("/meetings/:id/attendance/substitutes", s.addSubstitute, small)
	g.POST("/meetings/:id/attendance/also-present", s.addAlsoPresent, small)
	g.POST("/meetings/:id/attendance/in-attendance", s.addInAttendance, small)
	g.POST("/meetings/:id/attendance/:person/delete", s.removeAttendee, small)
	g.POST("/meetings/:id/declarations", s.addDeclaration, small)
	g.POST("/meetings/:id/declarations/:declaration/delete", s.removeDeclaration, small)
	g.POST("/meetings/:id/status", s.changeMeetingStatus, small)
	g.POST("/meetings/:id/emails/:email/resend", s.resendEmail, small)
}

// clerkBodies are the committees the signed-in clerk looks after.
func (s *Server) clerkBodies(c echo.Context) ([]store.Body, error) {
	all, err := s.db.Bodies(c.Request().Context())
	if err != nil {
		return nil, err
	}
	u := currentUser(c)
	var mine []store.Body
	for _, b := range all {
		if store.ClerksBody(*u, b.ID) {
			mine = append(mine, b)
		}
	}
	return mine, nil
}

// dashboardRow is an upcoming meeting as a clerk sees it.
type dashboardRow struct {
	deadlineRow
	MissingPapers int
	Next          string
}

func (s *Server) clerkDashboard(c echo.Context) error {
	ctx := c.Request().Context()
	rows, err := s.upcomingDeadlines(c, 12)
	if err != nil {
		return err
	}
	u := currentUser(c)
	var mine []dashboardRow
	for _, r := range rows {
		if !store.ClerksBody(*u, r.Meeting.BodyID) {
			continue
		}
		items, err := s.db.AgendaItems(ctx, r.Meeting.ID)
		if err != nil {
			return err
		}
		reports, err := s.db.Reports(ctx, r.Meeting.ID)
		if err != nil {
			return err
		}
		d := dashboardRow{deadlineRow: r}
		for _, it := range items {
			if it.NeedsPaper() && !it.ToFollow && len(reports[it.ID]) == 0 {
				d.MissingPapers++
			}
		}
		switch {
		case r.Meeting.PublishedAt != nil:
			d.Next = "Published: add papers that were to follow"
		case d.MissingPapers > 0:
			d.Next = fmt.Sprintf("Collect %d missing %s", d.MissingPapers, plural(d.MissingPapers, "paper", "papers"))
		default:
			d.Next = "Check the agenda and publish it"
		}
		mine = append(mine, d)
	}
	return s.pages.render(c, http.StatusOK, "clerk-dashboard", s.page(c, "/clerk", struct {
		Today dates.Date
		Rows  []dashboardRow
	}{s.today(), mine}))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// meetingForm schedules or moves a meeting.
type meetingForm struct {
	BodyID       string
	Date         string
	Time         string
	Venue        string
	Reason       string
	Bodies       []store.Body
	Errors       FieldErrors
	startsAt     time.Time
	parsedBodyID int64
}

// BodyChoices are the committees the clerk may schedule a meeting of.
func (f *meetingForm) BodyChoices() []choice {
	list := make([]choice, len(f.Bodies))
	for i, b := range f.Bodies {
		list[i] = choice{Value: strconv.FormatInt(b.ID, 10), Text: b.Name}
	}
	return list
}

func (f *meetingForm) validate(loc *time.Location, needBody bool) bool {
	f.Errors = nil
	if needBody {
		id, err := strconv.ParseInt(f.BodyID, 10, 64)
		if err != nil || id < 1 {
			f.Errors.Add("body", "Choose the committee")
		}
		f.parsedBodyID = id
	}
	day, err := dates.ParseDate(strings.TrimSpace(f.Date))
	if err != nil {
		f.Errors.Add("date", "Enter the date as YYYY-MM-DD, for example 2025-01-15")
	}
	clock, err := time.Parse("15:04", strings.TrimSpace(f.Time))
	if err != nil {
		f.Errors.Add("time", "Enter the time on the 24-hour clock, for example 10:00 or 14:30")
	}
	if !f.Errors.Any() {
		f.startsAt = time.Date(day.Year, day.Month, day.Day, clock.Hour(), clock.Minute(), 0, 0, loc)
	}
	return !f.Errors.Any()
}

func (s *Server) newMeetingPage(c echo.Context) error {
	bodies, err := s.clerkBodies(c)
	if err != nil {
		return err
	}
	f := &meetingForm{Time: "10:00", Bodies: bodies, BodyID: c.QueryParam("committee")}
	return s.pages.render(c, http.StatusOK, "clerk-new-meeting", s.page(c, "/clerk", f, link{Href: "/clerk", Label: "Clerk's workspace"}))
}

func (s *Server) createMeeting(c echo.Context) error {
	bodies, err := s.clerkBodies(c)
	if err != nil {
		return err
	}
	f := &meetingForm{BodyID: c.FormValue("body"), Date: c.FormValue("date"), Time: c.FormValue("time"),
		Venue: strings.TrimSpace(c.FormValue("venue")), Bodies: bodies}
	if f.validate(s.loc, true) {
		if !store.ClerksBody(*currentUser(c), f.parsedBodyID) {
			f.Errors.Add("body", "You do not clerk that committee: choose one of yours")
		} else if !f.startsAt.After(s.now()) {
			f.Errors.Add("date", "The meeting must be in the future")
		}
	}
	if f.Errors.Any() {
		return s.pages.render(c, http.StatusUnprocessableEntity, "clerk-new-meeting", s.page(c, "/clerk", f, link{Href: "/clerk", Label: "Clerk's workspace"}))
	}
	var id int64
	err = s.db.Update(c.Request().Context(), func(tx *store.Tx) error {
		var err error
		if id, err = tx.CreateMeetingWithAgenda(store.Meeting{BodyID: f.parsedBodyID, StartsAt: f.startsAt, Venue: f.Venue}, s.loc); err != nil {
			return err
		}
		return audit(c, tx, "meeting scheduled", "meeting "+strconv.FormatInt(id, 10), f.startsAt.Format("2 January 2006 15:04"))
	})
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/clerk/meetings/"+strconv.FormatInt(id, 10))
}

// clerkMeeting loads a meeting the signed-in clerk looks after.
func (s *Server) clerkMeeting(c echo.Context) (*meetingView, error) {
	id, err := parseID(c, "id")
	if err != nil {
		return nil, err
	}
	v, err := s.loadMeeting(c.Request().Context(), id, currentUser(c))
	if err != nil {
		return nil, err
	}
	if !store.ClerksBody(*currentUser(c), v.Body.ID) {
		return nil, store.Errorf(store.EFORBIDDEN, "You do not clerk the %s.", v.Body.Name)
	}
	return v, nil
}

// agendaItemForm adds or edits an agenda item.
type agendaItemForm struct {
	ID        int64
	Number    string
	Code      string
	Title     string
	Part      string
	Paragraph string
	ToFollow  bool
	Reason    string
	Errors    FieldErrors
}

func parseItemForm(c echo.Context) *agendaItemForm {
	return &agendaItemForm{Number: strings.TrimSpace(c.FormValue("number")), Code: strings.ToUpper(strings.TrimSpace(c.FormValue("code"))),
		Title: strings.TrimSpace(c.FormValue("title")), Part: c.FormValue("part"), Paragraph: c.FormValue("paragraph"),
		ToFollow: c.FormValue("to_follow") == "yes", Reason: strings.TrimSpace(c.FormValue("reason"))}
}

// fieldID is the id of one of the form's fields on the page: the add form's
// ids are plain, an edit form's carry the item's id.
func (f *agendaItemForm) fieldID(name string) string {
	if f.ID == 0 {
		return name
	}
	return "item-" + strconv.FormatInt(f.ID, 10) + "-" + name
}

func (f *agendaItemForm) validate(published bool) (store.AgendaItem, bool) {
	f.Errors = nil
	item := store.AgendaItem{Number: f.Number, Code: f.Code, Title: f.Title, Part: 1, ToFollow: f.ToFollow}
	if len(f.Number) > 10 || len(f.Code) > 10 {
		f.Errors.Add(f.fieldID("number"), "Item numbers and codes are at most 10 characters, such as 7 or B1")
	}
	if f.Title == "" {
		f.Errors.Add(f.fieldID("title"), "Enter the item's title")
	} else if len(f.Title) > 500 {
		f.Errors.Add(f.fieldID("title"), "The title must be 500 characters or fewer")
	}
	if f.Part == "2" {
		item.Part = 2
		p, err := strconv.Atoi(f.Paragraph)
		if err != nil || p < 1 || p > 7 {
			f.Errors.Add(f.fieldID("paragraph"), "Choose the paragraph of Schedule 12A that makes the item exempt")
		}
		item.ExemptParagraph = p
	}
	if published && f.Reason == "" {
		f.Errors.Add(f.fieldID("reason"), "The agenda is published: give the reason for the change, which is shown to the public")
	}
	return item, !f.Errors.Any()
}

// renderClerkMeeting shows the agenda builder; item is the agenda item form
// to show again as it was typed, if it was refused.
func (s *Server) renderClerkMeeting(c echo.Context, status int, v *meetingView, errs FieldErrors, item *agendaItemForm) error {
	reports, err := s.db.Reports(c.Request().Context(), v.Meeting.ID)
	if err != nil {
		return err
	}
	pubs, err := s.db.Publications(c.Request().Context(), v.Meeting.ID)
	if err != nil {
		return err
	}
	emails, err := s.db.MeetingEmails(c.Request().Context(), v.Meeting.ID)
	if err != nil {
		return err
	}
	today := s.today()
	data := struct {
		*meetingView
		Reports      map[int64][]store.Report
		Publications []store.Publication
		Errors       FieldErrors
		ItemForm     *agendaItemForm
		Late         bool
		DaysLeft     int
		Emails       []store.OutboxMessage
		EmailCounts  map[string]int
	}{v, reports, pubs, errs, item, v.PublishBy.Before(today), s.cal().WorkingDaysUntil(today, v.PublishBy), emails, countEmails(emails)}
	return s.pages.render(c, status, "clerk-meeting", s.page(c, "/clerk", data, link{Href: "/clerk", Label: "Clerk's workspace"}))
}

func (s *Server) clerkMeetingPage(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	return s.renderClerkMeeting(c, http.StatusOK, v, nil, nil)
}

// changeAgenda runs a change to a meeting's agenda with its audit line; a
// change to a published agenda is a re-issue and records its reason.
func (s *Server) changeAgenda(c echo.Context, v *meetingView, action, reason string, fn func(tx *store.Tx) error) error {
	return s.agenda.Change(c.Request().Context(), v.Meeting.ID, actor(c), action, reason, fn)
}

func (s *Server) afterChange(c echo.Context, v *meetingView, err error, anchor string) error {
	if err == nil {
		return c.Redirect(http.StatusSeeOther, "/clerk/meetings/"+strconv.FormatInt(v.Meeting.ID, 10)+"#agenda")
	}
	code := store.ErrorCode(err)
	if code != store.EINVALID && code != store.ECONFLICT {
		return err
	}
	return s.renderClerkMeeting(c, http.StatusUnprocessableEntity, v, fieldError(anchor, store.ErrorMessage(err)), nil)
}

func (s *Server) addAgendaItem(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	f := parseItemForm(c)
	item, ok := f.validate(v.Meeting.PublishedAt != nil)
	if !ok {
		return s.renderClerkMeeting(c, http.StatusUnprocessableEntity, v, f.Errors, f)
	}
	item.MeetingID = v.Meeting.ID
	err = s.changeAgenda(c, v, "agenda item added", f.Reason, func(tx *store.Tx) error {
		_, err := tx.AppendAgendaItem(item)
		return err
	})
	return s.afterChange(c, v, err, "title")
}

// agendaItemOf finds an item of the meeting from the path.
func agendaItemOf(c echo.Context, v *meetingView) (store.AgendaItem, error) {
	id, err := parseID(c, "item")
	if err != nil {
		return store.AgendaItem{}, err
	}
	for _, it := range v.Agenda {
		if it.ID == id {
			return it, nil
		}
	}
	return store.AgendaItem{}, store.Errorf(store.ENOTFOUND, "Item %d is not on this agenda.", id)
}

func (s *Server) editAgendaItem(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	existing, err := agendaItemOf(c, v)
	if err != nil {
		return err
	}
	f := parseItemForm(c)
	f.ID = existing.ID
	if f.Number == "" {
		f.Number = existing.Number
	}
	item, ok := f.validate(v.Meeting.PublishedAt != nil)
	if !ok {
		return s.renderClerkMeeting(c, http.StatusUnprocessableEntity, v, f.Errors, f)
	}
	item.ID, item.MeetingID = existing.ID, v.Meeting.ID
	err = s.changeAgenda(c, v, "agenda item changed", f.Reason, func(tx *store.Tx) error { return tx.UpdateAgendaItem(item) })
	return s.afterChange(c, v, err, "item-"+strconv.FormatInt(item.ID, 10))
}

// changeItem runs a change to one item of the clerk's agenda: a move or a
// removal, with the reason a published agenda's change needs.
func (s *Server) changeItem(c echo.Context, action string, fn func(tx *store.Tx, meetingID, itemID int64) error) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	item, err := agendaItemOf(c, v)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(c.FormValue("reason"))
	err = s.changeAgenda(c, v, action, reason, func(tx *store.Tx) error { return fn(tx, v.Meeting.ID, item.ID) })
	return s.afterChange(c, v, err, "item-"+strconv.FormatInt(item.ID, 10))
}

func (s *Server) moveAgendaItem(c echo.Context) error {
	delta := 1
	if c.FormValue("direction") == "up" {
		delta = -1
	}
	return s.changeItem(c, "agenda item moved", func(tx *store.Tx, meetingID, itemID int64) error {
		return tx.MoveAgendaItem(meetingID, itemID, delta)
	})
}

func (s *Server) deleteAgendaItem(c echo.Context) error {
	return s.changeItem(c, "agenda item removed", (*store.Tx).DeleteAgendaItem)
}

func (s *Server) renumberAgenda(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(c.FormValue("reason"))
	err = s.changeAgenda(c, v, "agenda renumbered", reason, func(tx *store.Tx) error { return tx.RenumberAgenda(v.Meeting.ID) })
	return s.afterChange(c, v, err, "agenda")
}

func (s *Server) uploadPaper(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	item, err := agendaItemOf(c, v)
	if err != nil {
		return err
	}
	refuse := func(msg string) error {
		return s.renderClerkMeeting(c, http.StatusUnprocessableEntity, v, fieldError("paper-"+strconv.FormatInt(item.ID, 10), msg), nil)
	}
	req := c.Request()
	req.Body = http.MaxBytesReader(c.Response(), req.Body, MaxPaperSize+1<<20)
	fh, err := c.FormFile("paper")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return refuse(fmt.Sprintf("The file is larger than %d MB. Reduce its size (for example, save it with smaller images) and upload it again.", MaxPaperSize>>20))
		}
		return refuse("Choose a PDF file to upload.")
	}
	if fh.Size > MaxPaperSize {
		return refuse(fmt.Sprintf("The file is %.0f MB, more than the %d MB allowed. Reduce its size and upload it again.", float64(fh.Size)/(1<<20), MaxPaperSize>>20))
	}
	src, err := fh.Open()
	if err != nil {
		return err
	}
	defer src.Close()
	staged, err := (&files.Store{Dir: s.files}).Stage(src, MaxPaperSize)
	if errors.Is(err, files.ErrTooLarge) {
		return refuse(fmt.Sprintf("The file is larger than %d MB. Reduce its size and upload it again.", MaxPaperSize>>20))
	}
	if err != nil {
		return err
	}
	pages, err := pack.Check(staged.TempPath())
	if err != nil {
		staged.Discard()
		return refuse(fmt.Sprintf("%s was not added: %s", fh.Filename, err.Error()))
	}
	title := strings.TrimSpace(c.FormValue("title"))
	if title == "" {
		title = item.Title
	}
	authorEmail := strings.TrimSpace(c.FormValue("author_email"))
	if authorEmail != "" {
		a, err := netmail.ParseAddress(authorEmail)
		if err != nil || a.Name != "" {
			staged.Discard()
			return refuse("Enter the report author's email address in the correct format, like name@example.org, or leave it blank.")
		}
	}
	report := store.Report{AgendaItemID: item.ID, Title: title, Author: strings.TrimSpace(c.FormValue("author")), AuthorEmail: authorEmail,
		Summary: strings.TrimSpace(c.FormValue("summary")), Recommendation: strings.TrimSpace(c.FormValue("recommendation"))}
	saved, err := staged.Commit(".pdf")
	if err != nil {
		return err
	}
	report.Document = store.Document{SHA256: saved.SHA256, Filename: fh.Filename, ContentType: "application/pdf", Size: saved.Size, Pages: pages, Path: saved.Path}
	err = s.agenda.AddPaper(req.Context(), v.Meeting.ID, item.ID, report, actor(c))
	return s.afterChange(c, v, err, "paper-"+strconv.FormatInt(item.ID, 10))
}

func (s *Server) publishAgenda(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	err = s.agenda.Publish(c.Request().Context(), v.Meeting.ID, actor(c), strings.TrimSpace(c.FormValue("reason")))
	return s.afterChange(c, v, err, "reason")
}

func (s *Server) markReady(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	err = s.agenda.MarkReady(c.Request().Context(), v.Meeting.ID, actor(c), c.FormValue("ready") == "yes")
	return s.afterChange(c, v, err, "publish")
}

func (s *Server) changeMeetingStatus(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	action := c.FormValue("action")
	reason := strings.TrimSpace(c.FormValue("reason"))
	var fn func(tx *store.Tx) error
	switch action {
	case "cancelled", "postponed", "held":
		fn = func(tx *store.Tx) error { return tx.SetMeetingStatus(v.Meeting.ID, action, reason) }
	case "reschedule":
		f := &meetingForm{Date: c.FormValue("date"), Time: c.FormValue("time"), Venue: strings.TrimSpace(c.FormValue("venue"))}
		if !f.validate(s.loc, false) {
			// The form's fields are new-date and new-time on this page.
			var errs FieldErrors
			for _, e := range f.Errors {
				errs.Add("new-"+e.Field, e.Message)
			}
			return s.renderClerkMeeting(c, http.StatusUnprocessableEntity, v, errs, nil)
		}
		if reason == "" {
			return s.renderClerkMeeting(c, http.StatusUnprocessableEntity, v, fieldError("status-reason", "Give the reason the meeting is moving: it is shown to the public."), nil)
		}
		fn = func(tx *store.Tx) error { return tx.RescheduleMeeting(v.Meeting.ID, f.startsAt, f.Venue, reason) }
	default:
		return badRequest("%q is not something that can be done to a meeting.", action)
	}
	err = s.db.Update(c.Request().Context(), func(tx *store.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return audit(c, tx, "meeting "+action, "meeting "+strconv.FormatInt(v.Meeting.ID, 10), reason)
	})
	return s.afterChange(c, v, err, "status-reason")
}

// countEmails sums a meeting's messages by status, with the total.
func countEmails(emails []store.OutboxMessage) map[string]int {
	counts := map[string]int{"total": len(emails)}
	for _, e := range emails {
		counts[e.Status]++
	}
	return counts
}

func (s *Server) resendEmail(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	id, err := parseID(c, "email")
	if err != nil {
		return err
	}
	err = s.db.Update(c.Request().Context(), func(tx *store.Tx) error {
		if err := tx.Resend(v.Meeting.ID, id); err != nil {
			return err
		}
		return audit(c, tx, "email resent", "meeting "+strconv.FormatInt(v.Meeting.ID, 10), "message "+strconv.FormatInt(id, 10))
	})
	if err != nil {
		return s.afterChange(c, v, err, "emails")
	}
	return c.Redirect(http.StatusSeeOther, "/clerk/meetings/"+strconv.FormatInt(v.Meeting.ID, 10)+"#emails")
}
