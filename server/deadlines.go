package server

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"minutebook/dates"
	"minutebook/store"
)

// deadlineRules are the three statutory date rules a clerk can ask about,
// keyed by the query parameter that gives the starting date.
var deadlineRules = []struct {
	param, answer string
	apply         func(*dates.Calendar, dates.Date) dates.Date
}{
	{"meeting", "publish_by", func(c *dates.Calendar, d dates.Date) dates.Date { return c.PublishBy(d, dates.WorkingDays) }},
	{"decision_published", "effective_from", (*dates.Calendar).EffectiveFrom},
	{"key_decision_notice", "decide_from", func(_ *dates.Calendar, d dates.Date) dates.Date { return dates.KeyDecisionFrom(d) }},
}

// DeadlineAnswer applies the one rule named in params (meeting,
// decision_published or key_decision_notice, each YYYY-MM-DD) and returns
// the date given and the date it yields, as the deadlines API answers.
func DeadlineAnswer(cal *dates.Calendar, params map[string]string) (map[string]string, error) {
	var given []string
	for _, r := range deadlineRules {
		if params[r.param] != "" {
			given = append(given, r.param)
		}
	}
	if len(given) != 1 {
		names := make([]string, len(deadlineRules))
		for i, r := range deadlineRules {
			names[i] = r.param + "=YYYY-MM-DD"
		}
		return nil, store.Errorf(store.EINVALID, "Give exactly one of %s.", strings.Join(names, ", "))
	}
	for _, r := range deadlineRules {
		if r.param != given[0] {
			continue
		}
		d, err := dates.ParseDate(params[r.param])
		if err != nil {
			return nil, store.Errorf(store.EINVALID, "%s: %s", r.param, err.Error())
		}
		return map[string]string{r.param: d.String(), r.answer: r.apply(cal, d).String()}, nil
	}
	return nil, fmt.Errorf("unreachable")
}

func (s *Server) apiDeadlines(c echo.Context) error {
	params := map[string]string{}
	for _, r := range deadlineRules {
		if c.QueryParams().Has(r.param) {
			params[r.param] = c.QueryParam(r.param)
			if params[r.param] == "" {
				return badRequest("%s is empty: give a date as YYYY-MM-DD, for example 2025-01-15.", r.param)
			}
		}
	}
	answer, err := DeadlineAnswer(s.cal(), params)
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
		r := deadlineRow{Meeting: m, PublishBy: s.publishBy(m, b)}
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
