package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"minutebook/store"
)

// attendanceFigure is one way a person attended: the figure, its label,
// and its part of the bar, from and wide in per cent of it.
type attendanceFigure struct {
	Label, Colour string
	Count         int
	From, Width   int
}

// attendanceBar is a person's attendance as labelled figures, whose parts
// of the bar meet and fill it.
type attendanceBar struct {
	Total   int
	Figures []attendanceFigure
}

func newAttendanceBar(a store.PersonAttendance) attendanceBar {
	b := attendanceBar{Total: a.Present + a.Apologies + a.Absent}
	// Rounded at each edge, so that the parts add up to the whole bar.
	edge := func(n int) int {
		if b.Total == 0 {
			return 0
		}
		return (n*200 + b.Total) / (2 * b.Total)
	}
	counted := 0
	for _, f := range []attendanceFigure{{"Present", "#00703c", a.Present, 0, 0},
		{"Apologies", "#505a5f", a.Apologies, 0, 0}, {"Absent", "#d4351c", a.Absent, 0, 0}} {
		f.From = edge(counted)
		counted += f.Count
		f.Width = edge(counted) - f.From
		b.Figures = append(b.Figures, f)
	}
	return b
}

func (s *Server) personPage(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	p, err := s.db.Person(ctx, id)
	if err != nil {
		return err
	}
	memberships, err := s.db.PersonMemberships(ctx, id)
	if err != nil {
		return err
	}
	attendance, err := s.db.AttendanceRecord(ctx, id)
	if err != nil {
		return err
	}
	register, err := s.db.RegisterOfInterests(ctx, id)
	if err != nil {
		return err
	}
	declarations, err := s.db.PersonDeclarations(ctx, id)
	if err != nil {
		return err
	}
	data := struct {
		Person      store.Person
		Memberships []store.PersonMembership
		Attendance  attendanceBar
		// HasRegister is true for councillors and anyone who sits or sat on
		// a committee: those the code of conduct asks to register interests.
		HasRegister      bool
		Register         store.Register
		Declarations     []store.PersonDeclaration
		DeclarationKinds map[string]string
		CanEdit          bool
	}{p, memberships, newAttendanceBar(attendance),
		p.GroupID != 0 || len(memberships) > 0 || register.LastUpdated != "", register, declarations, store.DeclarationKinds,
		currentUser(c).Is(store.RoleClerk, store.RoleAdmin)}
	return s.pages.render(c, http.StatusOK, "person", s.page(c, "/committees", data, link{Href: "/committees", Label: "Committees"}))
}
