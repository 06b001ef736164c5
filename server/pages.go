package server

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"minutebook/dates"
	"minutebook/store"
)

func (s *Server) homePage(c echo.Context) error {
	ctx := c.Request().Context()
	now := s.now()
	upcoming, err := s.db.Meetings(ctx, store.MeetingFilter{From: now, Limit: 10})
	if err != nil {
		return err
	}
	recent, err := s.db.Meetings(ctx, store.MeetingFilter{To: now, Newest: true, Limit: 5})
	if err != nil {
		return err
	}
	return s.pages.render(c, http.StatusOK, "home", s.page(c, "/", struct{ Upcoming, Recent []store.Meeting }{upcoming, recent}))
}

func (s *Server) committeesPage(c echo.Context) error {
	bodies, err := s.db.Bodies(c.Request().Context())
	if err != nil {
		return err
	}
	return s.pages.render(c, http.StatusOK, "committees", s.page(c, "/committees", struct{ Bodies []store.Body }{bodies}))
}

func (s *Server) committeePage(c echo.Context) error {
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
	seats, err := s.db.GroupSeats(ctx, id)
	if err != nil {
		return err
	}
	now := s.now()
	upcoming, err := s.db.Meetings(ctx, store.MeetingFilter{BodyID: id, From: now})
	if err != nil {
		return err
	}
	past, err := s.db.Meetings(ctx, store.MeetingFilter{BodyID: id, To: now, Newest: true, Limit: 50})
	if err != nil {
		return err
	}
	programme, err := s.db.WorkProgramme(ctx, id)
	if err != nil {
		return err
	}
	actions, err := s.db.BodyActions(ctx, id)
	if err != nil {
		return err
	}
	hasGroups := false
	for _, m := range members {
		hasGroups = hasGroups || m.Group != ""
	}
	seated := memberGroup{Caption: "Members of the " + body.Name, HasGroups: hasGroups}
	// Substitutes and non-voting advisers sit with the committee without
	// holding one of its seats, so they are listed apart and not counted.
	substitutes := memberGroup{Heading: "Substitutes", Caption: "Substitutes for members of the " + body.Name, HasGroups: hasGroups}
	advisers := memberGroup{Heading: "Non-voting advisers", Caption: "Non-voting advisers to the " + body.Name, HasGroups: hasGroups}
	for _, m := range members {
		switch m.Role {
		case "substitute":
			substitutes.Members = append(substitutes.Members, m)
		case "adviser":
			advisers.Members = append(advisers.Members, m)
		default:
			seated.Members = append(seated.Members, m)
		}
	}
	data := struct {
		Body           store.Body
		Membership     string
		Members        memberGroup
		Others         []memberGroup
		GroupSeats     []store.GroupSeat
		Upcoming, Past []store.Meeting
		WorkProgramme  []store.WorkProgrammeItem
		Actions        []store.BodyAction
		Today          string
	}{body, membershipText(len(seated.Members), body.Seats), seated, []memberGroup{substitutes, advisers}, seats, upcoming, past,
		programme, actions, now.In(s.loc).Format("2006-01-02")}
	return s.pages.render(c, http.StatusOK, "committee", s.page(c, "/committees", data, link{Href: "/committees", Label: "Committees"}))
}

// memberGroup is a table of the people who sit with a committee in one
// capacity; HasGroups shows their political groups, else their organisations.
type memberGroup struct {
	Heading, Caption string
	HasGroups        bool
	Members          []store.Member
}

// membershipText counts the members who hold a committee's seats today
// (not its substitutes or non-voting advisers) against the seats it has,
// saying so when the two differ rather than letting one stand for the other.
func membershipText(members, seats int) string {
	count := fmt.Sprintf("%d %s", members, plural(members, "member", "members"))
	switch {
	case seats <= 0 || members == seats:
		return count
	case members < seats:
		return fmt.Sprintf("%s, with %d of its %d seats vacant", count, seats-members, seats)
	default:
		return fmt.Sprintf("%s, though the committee has %d %s", count, seats, plural(seats, "seat", "seats"))
	}
}

func (s *Server) meetingsPage(c echo.Context) error {
	ctx := c.Request().Context()
	year := s.now().In(s.loc).Year()
	if y := c.QueryParam("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || !dates.InRecordedYears(n) {
			return badRequest("%q is not a year: use four digits, for example ?year=2024.", y)
		}
		year = n
	}
	first, last, err := s.db.MeetingYears(ctx)
	if err != nil {
		return err
	}
	from := s.startOfDay(dates.NewDate(year, 1, 1))
	to := s.startOfDay(dates.NewDate(year+1, 1, 1))
	meetings, err := s.db.Meetings(ctx, store.MeetingFilter{From: from, To: to})
	if err != nil {
		return err
	}
	data := struct {
		Year, Earlier, Later int
		Meetings             []store.Meeting
	}{Year: year, Meetings: meetings}
	if first != 0 && year > first {
		data.Earlier = year - 1
	}
	if last != 0 && year < last {
		data.Later = year + 1
	}
	return s.pages.render(c, http.StatusOK, "meetings", s.page(c, "/meetings", data))
}

func (s *Server) meetingPage(c echo.Context) error {
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	u := currentUser(c)
	v, err := s.loadMeeting(c.Request().Context(), id, u)
	if err != nil {
		return err
	}
	if u != nil && v.Minutes != nil && v.Minutes.Status == "approved" && s.chairs(c.Request().Context(), *u, v.Body.ID) {
		v.CanSign = true
		if c.QueryParam("sign") == "wrong-password" {
			v.SignErrors.Add("sign-password", "The password is not right. Enter the password you sign in with.")
		}
	}
	return s.pages.render(c, http.StatusOK, "meeting", s.page(c, "/meetings", v,
		link{Href: "/committees", Label: "Committees"},
		link{Href: "/committees/" + strconv.FormatInt(v.Body.ID, 10), Label: v.Body.Name}))
}
