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
