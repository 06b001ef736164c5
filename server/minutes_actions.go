package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"minutebook/store"
)

// actionOwners are who an action can be given to: the committee's members
// and anyone recorded at the meeting, officers included.
func (s *Server) actionOwners(c echo.Context, v *meetingView) ([]store.Person, error) {
	ctx := c.Request().Context()
	members, err := s.db.Members(ctx, v.Body.ID, v.Meeting.StartsAt.In(s.loc))
	if err != nil {
		return nil, err
	}
	attendance, err := s.db.Attendance(ctx, v.Meeting.ID)
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	var out []store.Person
	for _, m := range members {
		if !seen[m.ID] {
			seen[m.ID] = true
			out = append(out, m.Person)
		}
	}
	for _, a := range attendance {
		if !seen[a.ID] {
			seen[a.ID] = true
			out = append(out, a.Person)
		}
	}
	return out, nil
}

func (s *Server) recordAction(c echo.Context) error {
	minute, err := parseID(c, "minute")
	if err != nil {
		return err
	}
	owner, _ := strconv.ParseInt(c.FormValue("owner"), 10, 64)
	// Each minute has its own action form, so its due date's id says whose.
	due := readDateInput(c, "action-"+strconv.FormatInt(minute, 10)+"-due", "due")
	dueOn := ""
	if !due.empty() {
		var errs FieldErrors
		day, ok := due.date("the date the action is due", &errs)
		if !ok {
			v, err := s.clerkMeeting(c)
			if err != nil {
				return err
			}
			return s.renderEditor(c, http.StatusUnprocessableEntity, v, editorState{Errors: errs, Due: due})
		}
		dueOn = day.String()
	}
	return s.changeMinutes(c, "action recorded", func(tx *store.Tx, v *meetingView) error {
		return tx.RecordAction(v.Meeting.ID, minute, owner, c.FormValue("description"), dueOn)
	})
}

func (s *Server) setActionStatus(c echo.Context) error {
	action, err := parseID(c, "action")
	if err != nil {
		return err
	}
	return s.changeMinutes(c, "action "+c.FormValue("status"), func(tx *store.Tx, v *meetingView) error {
		return tx.SetActionStatus(v.Meeting.ID, action, c.FormValue("status"))
	})
}

func (s *Server) removeAction(c echo.Context) error {
	action, err := parseID(c, "action")
	if err != nil {
		return err
	}
	return s.changeMinutes(c, "action removed", func(tx *store.Tx, v *meetingView) error {
		return tx.RemoveAction(v.Meeting.ID, action)
	})
}

// ownerChoices are who may own an action.
func ownerChoices(people []store.Person) []choice {
	list := []choice{{Value: "", Text: "No one named"}}
	for _, p := range people {
		text := p.DisplayName()
		if p.JobTitle != "" {
			text += ", " + p.JobTitle
		}
		list = append(list, choice{Value: strconv.FormatInt(p.ID, 10), Text: text})
	}
	return list
}
