package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"minutebook/store"
)

// attendanceRow is a member and how they attended.
type attendanceRow struct {
	store.Member
	Kind   string
	Remote bool
}

// quorum counts who is there in the way the law counts: in England a
// member attending remotely is not present.
type quorum struct {
	InPerson, Remote, Needed int
}

func (q quorum) Quorate() bool { return q.InPerson >= q.Needed }

func (s *Server) attendanceData(c echo.Context, v *meetingView) ([]attendanceRow, quorum, error) {
	ctx := c.Request().Context()
	members, err := s.db.Members(ctx, v.Body.ID, v.Meeting.StartsAt.In(s.loc))
	if err != nil {
		return nil, quorum{}, err
	}
	recorded, err := s.db.Attendance(ctx, v.Meeting.ID)
	if err != nil {
		return nil, quorum{}, err
	}
	byPerson := map[int64]store.Attendee{}
	for _, a := range recorded {
		byPerson[a.ID] = a
	}
	q := quorum{Needed: v.Body.Quorum}
	rows := make([]attendanceRow, 0, len(members))
	for _, m := range members {
		r := attendanceRow{Member: m}
		if a, ok := byPerson[m.ID]; ok {
			r.Kind, r.Remote = a.Kind, a.Remote
		}
		if r.Kind == "present" || r.Kind == "substitute" {
			if r.Remote {
				q.Remote++
			} else {
				q.InPerson++
			}
		}
		rows = append(rows, r)
	}
	return rows, q, nil
}

func (s *Server) attendancePage(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	return s.renderAttendance(c, http.StatusOK, v, "")
}

func (s *Server) renderAttendance(c echo.Context, status int, v *meetingView, problem string) error {
	rows, q, err := s.attendanceData(c, v)
	if err != nil {
		return err
	}
	declarations, err := s.db.Declarations(c.Request().Context(), v.Meeting.ID)
	if err != nil {
		return err
	}
	data := struct {
		*meetingView
		Rows         []attendanceRow
		Quorum       quorum
		Problem      string
		Declarations []store.Declaration
		Kinds        map[string]string
	}{v, rows, q, problem, declarations, store.DeclarationKinds}
	return s.pages.render(c, status, "clerk-attendance", s.page(c, "/clerk", data, link{Href: "/clerk", Label: "Clerk's workspace"},
		link{Href: "/clerk/meetings/" + strconv.FormatInt(v.Meeting.ID, 10), Label: "Agenda"}))
}

func (s *Server) recordAttendance(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	rows, _, err := s.attendanceData(c, v)
	if err != nil {
		return err
	}
	var list []store.MemberAttendance
	for _, r := range rows {
		field := "person-" + strconv.FormatInt(r.ID, 10)
		switch value := c.FormValue(field); value {
		case "":
			continue
		case "present", "apologies", "absent":
			list = append(list, store.MemberAttendance{PersonID: r.ID, Kind: value})
		case "remote":
			list = append(list, store.MemberAttendance{PersonID: r.ID, Kind: "present", Remote: true})
		default:
			return badRequest("%q is not a way to attend.", value)
		}
	}
	err = s.db.Update(c.Request().Context(), func(tx *store.Tx) error {
		if err := tx.RecordMemberAttendance(v.Meeting.ID, list); err != nil {
			return err
		}
		return audit(c, tx, "attendance recorded", "meeting "+strconv.FormatInt(v.Meeting.ID, 10), strconv.Itoa(len(list))+" members")
	})
	if store.ErrorCode(err) == store.EINVALID {
		return s.renderAttendance(c, http.StatusUnprocessableEntity, v, store.ErrorMessage(err))
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/clerk/meetings/"+strconv.FormatInt(v.Meeting.ID, 10)+"/attendance")
}

func (s *Server) addDeclaration(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	person, _ := strconv.ParseInt(c.FormValue("person"), 10, 64)
	item, _ := strconv.ParseInt(c.FormValue("item"), 10, 64)
	err = s.db.Update(c.Request().Context(), func(tx *store.Tx) error {
		if err := tx.AddDeclaration(v.Meeting.ID, person, item, c.FormValue("kind"), c.FormValue("description")); err != nil {
			return err
		}
		return audit(c, tx, "interest declared", "meeting "+strconv.FormatInt(v.Meeting.ID, 10), c.FormValue("kind"))
	})
	if store.ErrorCode(err) == store.EINVALID {
		return s.renderAttendance(c, http.StatusUnprocessableEntity, v, store.ErrorMessage(err))
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/clerk/meetings/"+strconv.FormatInt(v.Meeting.ID, 10)+"/attendance#declarations")
}

func (s *Server) removeDeclaration(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	id, err := parseID(c, "declaration")
	if err != nil {
		return err
	}
	err = s.db.Update(c.Request().Context(), func(tx *store.Tx) error {
		if err := tx.RemoveDeclaration(v.Meeting.ID, id); err != nil {
			return err
		}
		return audit(c, tx, "declaration removed", "meeting "+strconv.FormatInt(v.Meeting.ID, 10), "")
	})
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/clerk/meetings/"+strconv.FormatInt(v.Meeting.ID, 10)+"/attendance#declarations")
}
