package server

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"minutebook/dates"
	"minutebook/store"
)

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
			if it.MissingPaper(len(reports[it.ID])) {
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
	awaiting, inProgress, err := s.minutesToDo(c)
	if err != nil {
		return err
	}
	bodies, err := s.clerkBodies(c)
	if err != nil {
		return err
	}
	keepsDecisions, _, err := s.mayKeepDecisions(ctx, u)
	if err != nil {
		return err
	}
	return s.pages.render(c, http.StatusOK, "clerk-dashboard", s.page(c, "/clerk", struct {
		Today dates.Date
		Rows  []dashboardRow
		// AwaitingMinutes are meetings held with no minutes or only a draft;
		// MinutesInProgress are minutes on their way to being signed.
		AwaitingMinutes, MinutesInProgress []minutesRow
		Bodies                             []store.Body
		KeepsDecisions                     bool
	}{s.today(), mine, awaiting, inProgress, bodies, keepsDecisions}))
}

// minutesRow is a meeting with its minutes, as the clerk's lists show it.
type minutesRow struct {
	store.MeetingMinutes
	// Held is true once the meeting's time has passed and it was not called
	// off: only then are there attendance and minutes to record.
	Held bool
	Next string
}

func (s *Server) newMinutesRow(m store.MeetingMinutes) minutesRow {
	r := minutesRow{MeetingMinutes: m, Held: !m.StartsAt.After(s.now()) && m.Status != "cancelled" && m.Status != "postponed"}
	switch m.MinutesStatus {
	case "":
		if !r.Held {
			break
		}
		r.Next = "Record the attendance and start the minutes"
	case "draft":
		r.Next = "Finish the draft and send it to the Chairman"
	case "chair-review":
		r.Next = "Wait for the Chairman's comments, then publish the minutes"
	case "unconfirmed":
		r.Next = "Put the minutes to the committee's next meeting for approval"
	case "approved":
		r.Next = "Ask the Chairman to sign the minutes"
	}
	return r
}

// minutesToDo finds the clerk's committees' meetings whose minutes are not
// yet signed: those held with none or only a draft, however long ago, and
// those further on. Newest first: the meeting just held comes first.
func (s *Server) minutesToDo(c echo.Context) (awaiting, inProgress []minutesRow, err error) {
	ctx := c.Request().Context()
	u := currentUser(c)
	held, err := s.db.MeetingsWithMinutes(ctx, store.MeetingFilter{To: s.now(), Newest: true,
		Statuses: []string{"scheduled", "agenda-published", "held"}}, "", "draft")
	if err != nil {
		return nil, nil, err
	}
	for _, m := range held {
		if store.ClerksBody(*u, m.BodyID) {
			awaiting = append(awaiting, s.newMinutesRow(m))
		}
	}
	later, err := s.db.MeetingsWithMinutes(ctx, store.MeetingFilter{Newest: true}, "chair-review", "unconfirmed", "approved")
	if err != nil {
		return nil, nil, err
	}
	for _, m := range later {
		if store.ClerksBody(*u, m.BodyID) {
			inProgress = append(inProgress, s.newMinutesRow(m))
		}
	}
	return awaiting, inProgress, nil
}

// ClerksBody lets a page offer a meeting's management to the clerks of its
// committee and to administrators, the only people who may use it.
func (p page) ClerksBody(bodyID int64) bool {
	return p.User != nil && store.ClerksBody(*p.User, bodyID)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
