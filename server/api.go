package server

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"minutebook/dates"
	"minutebook/store"
)

type apiCommitteeSummary struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Type  string `json:"type"`
	Seats int    `json:"seats"`
}

func (s *Server) apiCommittees(c echo.Context) error {
	bodies, err := s.db.Bodies(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]apiCommitteeSummary, 0, len(bodies))
	for _, b := range bodies {
		out = append(out, apiCommitteeSummary{b.ID, b.Name, b.Type, b.Seats})
	}
	return c.JSON(http.StatusOK, out)
}

type apiMember struct {
	PersonID     int64  `json:"person_id"`
	Name         string `json:"name"`
	Title        string `json:"title"`
	Role         string `json:"role"`
	Group        string `json:"group"`
	Organisation string `json:"organisation"`
}

type apiMeetingRef struct {
	ID       int64  `json:"id"`
	StartsAt string `json:"starts_at"`
	Status   string `json:"status"`
}

func (s *Server) apiCommittee(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	body, err := s.db.Body(ctx, id)
	if err != nil {
		return err
	}
	members, err := s.db.Members(ctx, id, s.now().In(s.loc))
	if err != nil {
		return err
	}
	meetings, err := s.db.Meetings(ctx, store.MeetingFilter{BodyID: id})
	if err != nil {
		return err
	}
	out := struct {
		ID       int64           `json:"id"`
		Name     string          `json:"name"`
		Type     string          `json:"type"`
		Seats    int             `json:"seats"`
		Members  []apiMember     `json:"members"`
		Meetings []apiMeetingRef `json:"meetings"`
	}{ID: body.ID, Name: body.Name, Type: body.Type, Seats: body.Seats, Members: []apiMember{}, Meetings: []apiMeetingRef{}}
	for _, m := range members {
		out.Members = append(out.Members, apiMember{m.ID, m.Name, m.Title, m.Role, m.Group, m.Organisation})
	}
	for _, m := range meetings {
		out.Meetings = append(out.Meetings, apiMeetingRef{m.ID, s.rfc3339(m.StartsAt), m.Status})
	}
	return c.JSON(http.StatusOK, out)
}

type apiMeetingSummary struct {
	ID          int64  `json:"id"`
	CommitteeID int64  `json:"committee_id"`
	Committee   string `json:"committee"`
	StartsAt    string `json:"starts_at"`
	Status      string `json:"status"`
}

func (s *Server) rfc3339(t time.Time) string { return t.In(s.loc).Format(time.RFC3339) }

// queryDate reads an optional YYYY-MM-DD query parameter.
func queryDate(c echo.Context, name string) (dates.Date, bool, error) {
	raw := c.QueryParam(name)
	if raw == "" {
		return dates.Date{}, false, nil
	}
	d, err := dates.ParseDate(raw)
	if err != nil {
		return d, false, badRequest("%s: %s", name, err.Error())
	}
	return d, true, nil
}

func (s *Server) apiMeetings(c echo.Context) error {
	ctx := c.Request().Context()
	var f store.MeetingFilter
	if raw := c.QueryParam("committee"); raw != "" {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id < 1 {
			return badRequest("committee: %q is not a committee id; use a whole number such as 1.", raw)
		}
		if _, err := s.db.Body(ctx, id); err != nil {
			return err
		}
		f.BodyID = id
	}
	from, ok, err := queryDate(c, "from")
	if err != nil {
		return err
	}
	if ok {
		f.From = s.startOfDay(from)
	}
	to, ok, err := queryDate(c, "to")
	if err != nil {
		return err
	}
	if ok {
		f.To = s.startOfDay(to.AddDays(1))
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return badRequest("to (%s) is before from (%s): give the earlier date as from.", to, from)
	}
	meetings, err := s.db.Meetings(ctx, f)
	if err != nil {
		return err
	}
	out := make([]apiMeetingSummary, 0, len(meetings))
	for _, m := range meetings {
		out = append(out, apiMeetingSummary{m.ID, m.BodyID, m.Body, s.rfc3339(m.StartsAt), m.Status})
	}
	return c.JSON(http.StatusOK, out)
}

type apiPages struct {
	From int `json:"from"`
	To   int `json:"to"`
}

type apiAgendaItem struct {
	Number          string    `json:"number"`
	Code            *string   `json:"code"`
	Title           string    `json:"title"`
	Part            int       `json:"part"`
	ExemptParagraph *int      `json:"exempt_paragraph"`
	ToFollow        bool      `json:"to_follow"`
	Pages           *apiPages `json:"pages"`
}

type apiMinute struct {
	Number     int      `json:"number"`
	Label      string   `json:"label"` // as printed: "231", or "77/21" where numbers restart each municipal year
	Title      string   `json:"title"`
	AgendaItem *string  `json:"agenda_item"`
	Paragraphs []string `json:"paragraphs"`
	Resolution string   `json:"resolution"`
}

type apiMeetingDetail struct {
	ID              int64           `json:"id"`
	CommitteeID     int64           `json:"committee_id"`
	Committee       string          `json:"committee"`
	StartsAt        string          `json:"starts_at"`
	Venue           string          `json:"venue"`
	Status          string          `json:"status"`
	StatusReason    string          `json:"status_reason,omitempty"`
	PublishBy       string          `json:"publish_by"`
	PublishedAt     *string         `json:"published_at"`
	PublishedOnTime *bool           `json:"published_on_time"`
	Agenda          []apiAgendaItem `json:"agenda"`
	MinutesStatus   string          `json:"minutes_status"`
	SignedBy        *string         `json:"signed_by,omitempty"`
	SignedAt        *string         `json:"signed_at,omitempty"`
	SHA256          *string         `json:"sha256,omitempty"`
	MinutesVersion  int             `json:"minutes_version,omitempty"`
	ApprovedOn      *string         `json:"approved_on,omitempty"`
	Minutes         []apiMinute     `json:"minutes"`
}

func optional[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}

func (s *Server) apiMeeting(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	v, err := s.loadMeeting(c.Request().Context(), id, currentUser(c))
	if err != nil {
		return err
	}
	m := v.Meeting
	out := apiMeetingDetail{
		ID: m.ID, CommitteeID: m.BodyID, Committee: m.Body, StartsAt: s.rfc3339(m.StartsAt), Venue: m.Venue,
		Status: m.Status, StatusReason: m.StatusReason, PublishBy: v.PublishBy.String(), PublishedOnTime: m.PublishedOnTime,
		Agenda: []apiAgendaItem{}, Minutes: []apiMinute{}, MinutesStatus: "none",
	}
	if m.PublishedAt != nil {
		out.PublishedAt = optional(s.rfc3339(*m.PublishedAt))
	}
	for _, a := range v.Agenda {
		item := apiAgendaItem{Number: a.Number, Code: optional(a.Code), Title: a.Title, Part: a.Part,
			ExemptParagraph: optional(a.ExemptParagraph), ToFollow: a.ToFollow}
		if a.HasPages() {
			item.Pages = &apiPages{a.PageFrom, a.PageTo}
		}
		out.Agenda = append(out.Agenda, item)
	}
	if set := v.Minutes; set != nil {
		out.MinutesStatus = set.Status
		out.MinutesVersion = set.Version
		out.ApprovedOn = optional(set.ApprovedOn)
		if set.Status == "chair-review" {
			out.MinutesStatus = "draft"
		}
		if set.Status == "signed" {
			if set.SignedBy != nil {
				out.SignedBy = optional(set.SignedBy.DisplayName())
			}
			if set.SignedAt != nil {
				out.SignedAt = optional(s.rfc3339(*set.SignedAt))
			}
			out.SHA256 = optional(set.SHA256)
		}
		for _, it := range set.Items {
			am := apiMinute{Number: it.Number, Label: it.Label(), Title: it.Title, AgendaItem: optional(it.AgendaLabel), Paragraphs: []string{}}
			var resolutions []string
			for _, p := range it.Paragraphs {
				if p.IsResolution() {
					resolutions = append(resolutions, p.Markdown)
				} else {
					am.Paragraphs = append(am.Paragraphs, p.Markdown)
				}
			}
			am.Resolution = strings.Join(resolutions, "\n\n")
			out.Minutes = append(out.Minutes, am)
		}
	}
	return c.JSON(http.StatusOK, out)
}
