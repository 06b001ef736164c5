package server

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"minutebook/agenda"
	"minutebook/dates"
	"minutebook/store"
)

func (s *Server) apiDeadlines(c echo.Context) error {
	params := map[string]string{}
	for _, r := range agenda.DeadlineRules {
		if c.QueryParams().Has(r.Param) {
			params[r.Param] = c.QueryParam(r.Param)
			if params[r.Param] == "" {
				return badRequest("%s is empty: give a date as YYYY-MM-DD, for example 2025-01-15.", r.Param)
			}
		}
	}
	answer, err := agenda.Deadline(s.cal(), params)
	if err != nil {
		return &httpError{status: http.StatusBadRequest, err: err}
	}
	return c.JSON(http.StatusOK, answer)
}

// deadlineRow is one upcoming meeting with its publication countdown.
type deadlineRow struct {
	Meeting   store.Meeting
	PublishBy dates.Date
	DaysLeft  int
	RAG       string
	Status    string
}

// upcomingDeadlines counts down to each upcoming meeting's publication
// deadline. Red: due today or overdue; amber: two working days or fewer.
func (s *Server) upcomingDeadlines(c echo.Context, weeks int) ([]deadlineRow, error) {
	ctx := c.Request().Context()
	now := s.now()
	meetings, err := s.db.Meetings(ctx, store.MeetingFilter{From: now, To: now.Add(time.Duration(weeks) * 7 * 24 * time.Hour),
		Statuses: []string{"scheduled", "agenda-published", "postponed"}})
	if err != nil {
		return nil, err
	}
	bodies := map[int64]store.Body{}
	today := s.today()
	rows := make([]deadlineRow, 0, len(meetings))
	for _, m := range meetings {
		b, ok := bodies[m.BodyID]
		if !ok {
			if b, err = s.db.Body(ctx, m.BodyID); err != nil {
				return nil, err
			}
			bodies[m.BodyID] = b
		}
		r := deadlineRow{Meeting: m, PublishBy: s.agenda.PublishBy(m, b)}
		r.DaysLeft = s.cal().WorkingDaysUntil(today, r.PublishBy)
		switch {
		case m.PublishedAt != nil && m.PublishedOnTime != nil && !*m.PublishedOnTime:
			r.RAG, r.Status = "red", "Published late"
		case m.PublishedAt != nil:
			r.RAG, r.Status = "green", "Published"
		case r.PublishBy.Before(today):
			r.RAG, r.Status = "red", "Overdue"
		case r.DaysLeft <= 0:
			r.RAG, r.Status = "red", "Due today"
		case r.DaysLeft <= 2:
			r.RAG, r.Status = "amber", "Due soon"
		default:
			r.RAG, r.Status = "green", "On track"
		}
		rows = append(rows, r)
	}
	return rows, nil
}

func (s *Server) deadlinesPage(c echo.Context) error {
	rows, err := s.upcomingDeadlines(c, 12)
	if err != nil {
		return err
	}
	data := struct {
		Today dates.Date
		Rows  []deadlineRow
	}{s.today(), rows}
	return s.pages.render(c, http.StatusOK, "deadlines", s.page(c, "/deadlines", data))
}
