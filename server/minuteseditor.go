package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"minutebook/auth"
	"minutebook/store"
)

func (s *Server) minutesEditor(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	return s.renderMinutesEditor(c, http.StatusOK, v, nil, nil)
}

// renderMinutesEditor shows the minutes; typed holds a minute's text as the
// clerk typed it when it could not be saved, so that nothing typed is lost.
func (s *Server) renderMinutesEditor(c echo.Context, status int, v *meetingView, errs FieldErrors, typed map[int64]string) error {
	ctx := c.Request().Context()
	set, err := s.db.Minutes(ctx, v.Meeting.ID)
	if err != nil {
		return err
	}
	data := struct {
		*meetingView
		Set         *store.MinuteSet
		Errors      FieldErrors
		Voters      map[int64][]store.Voter
		Approving   []store.MinuteRef
		VoteChoices [][2]string
		Typed       map[int64]string
		Owners      []store.Person
		Statuses    [][2]string
	}{meetingView: v, Set: set, Errors: errs, Voters: map[int64][]store.Voter{}, Typed: typed,
		Statuses:    [][2]string{{"open", "Open"}, {"done", "Done"}, {"dropped", "Dropped"}},
		VoteChoices: [][2]string{{"for", "For"}, {"against", "Against"}, {"abstain", "Abstained"}, {"", "Did not vote"}}}
	if set != nil && set.Editable() {
		for _, it := range set.Items {
			if data.Voters[it.ID], err = s.db.Voters(ctx, v.Meeting.ID, it.AgendaItemID); err != nil {
				return err
			}
		}
	}
	if set != nil && set.Editable() {
		if data.Owners, err = s.actionOwners(c, v); err != nil {
			return err
		}
	}
	if set != nil && set.Status == "unconfirmed" {
		if data.Approving, err = s.db.ApprovingMinutes(ctx, v.Meeting.ID); err != nil {
			return err
		}
	}
	return s.pages.render(c, status, "clerk-minutes", s.page(c, "/clerk", data, link{Href: "/clerk", Label: "Clerk's workspace"},
		link{Href: "/clerk/meetings/" + strconv.FormatInt(v.Meeting.ID, 10), Label: "Agenda"}))
}

// changeMinutes runs a change to a meeting's minutes and shows the editor
// again, with the problem if there was one.
func (s *Server) changeMinutes(c echo.Context, action string, fn func(tx *store.Tx, v *meetingView) error) error {
	return s.changeMinutesKeeping(c, action, nil, fn)
}

// changeMinutesKeeping is changeMinutes for a change that carries typed
// text, shown again if the change is refused.
func (s *Server) changeMinutesKeeping(c echo.Context, action string, typed map[int64]string, fn func(tx *store.Tx, v *meetingView) error) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	err = s.db.Update(c.Request().Context(), func(tx *store.Tx) error {
		if err := fn(tx, v); err != nil {
			return err
		}
		return audit(c, tx, action, "meeting "+strconv.FormatInt(v.Meeting.ID, 10), "")
	})
	if code := store.ErrorCode(err); code == store.EINVALID || code == store.ECONFLICT || code == store.ENOTFOUND {
		// A refused minute's problem is about its text; any other is about
		// the minutes as a whole.
		field := "minutes"
		for id := range typed {
			field = "text-" + strconv.FormatInt(id, 10)
		}
		return s.renderMinutesEditor(c, http.StatusUnprocessableEntity, v, fieldError(field, store.ErrorMessage(err)), typed)
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/clerk/meetings/"+strconv.FormatInt(v.Meeting.ID, 10)+"/minutes")
}

func (s *Server) startMinutes(c echo.Context) error {
	return s.changeMinutes(c, "minutes started", func(tx *store.Tx, v *meetingView) error {
		_, err := tx.StartMinutes(v.Meeting.ID)
		return err
	})
}

func (s *Server) saveMinute(c echo.Context) error {
	id, err := parseID(c, "minute")
	if err != nil {
		return err
	}
	text := c.FormValue("text")
	return s.changeMinutesKeeping(c, "minute edited", map[int64]string{id: text}, func(tx *store.Tx, v *meetingView) error {
		if problems := s.markdown.Check(text); len(problems) > 0 {
			return store.Errorf(store.EINVALID, "%s", strings.Join(problems, " "))
		}
		return tx.SaveMinuteText(v.Meeting.ID, id, text)
	})
}

func (s *Server) advanceMinutes(c echo.Context) error {
	to := c.FormValue("to")
	if to == "approved" {
		minute, _ := strconv.ParseInt(c.FormValue("minute"), 10, 64)
		return s.changeMinutes(c, "minutes approved", func(tx *store.Tx, v *meetingView) error {
			return tx.ApproveMinutes(v.Meeting.ID, minute)
		})
	}
	if to != "chair-review" && to != "unconfirmed" {
		return badRequest("%q is not a step the clerk can take.", to)
	}
	return s.changeMinutes(c, "minutes "+to, func(tx *store.Tx, v *meetingView) error {
		return tx.AdvanceMinutes(v.Meeting.ID, to)
	})
}

func (s *Server) startCorrection(c echo.Context) error {
	return s.changeMinutes(c, "correction started", func(tx *store.Tx, v *meetingView) error {
		_, err := tx.StartCorrection(v.Meeting.ID)
		return err
	})
}

// recordVotes records how each member in the room voted on a resolution,
// from one radio group per member and a box for recording their dissent.
func (s *Server) recordVotes(c echo.Context) error {
	paragraph, err := parseID(c, "paragraph")
	if err != nil {
		return err
	}
	var votes []store.VoteEntry
	form, err := c.FormParams()
	if err != nil {
		return badRequest("The form could not be read.")
	}
	for field, values := range form {
		person, ok := strings.CutPrefix(field, "vote-")
		if !ok || len(values) == 0 || values[0] == "" {
			continue
		}
		id, err := strconv.ParseInt(person, 10, 64)
		if err != nil {
			return badRequest("%q is not a member.", person)
		}
		votes = append(votes, store.VoteEntry{PersonID: id, Vote: values[0], Dissent: form.Get("dissent-"+person) != ""})
	}
	for field := range form {
		if person, ok := strings.CutPrefix(field, "dissent-"); ok && form.Get("vote-"+person) == "" {
			return s.changeMinutes(c, "votes recorded", func(*store.Tx, *meetingView) error {
				return store.Errorf(store.EINVALID, "A member who asks for their dissent to be recorded must have voted against or abstained: choose how they voted.")
			})
		}
	}
	return s.changeMinutes(c, "votes recorded", func(tx *store.Tx, v *meetingView) error {
		return tx.RecordVotes(v.Meeting.ID, paragraph, votes)
	})
}

// signMinutes is the Chairman's signature: it asks for the password again,
// so that a session left open cannot sign.
func (s *Server) signMinutes(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := parseID(c, "id")
	if err != nil {
		return err
	}
	u := currentUser(c)
	m, err := s.db.Meeting(ctx, id)
	if err != nil {
		return err
	}
	if !s.chairs(ctx, *u, m.BodyID) {
		return store.Errorf(store.EFORBIDDEN, "Only the Chairman or Vice-Chairman of the %s can sign its minutes.", m.Body)
	}
	page := "/meetings/" + strconv.FormatInt(id, 10)
	if ok, _ := s.throttle.Allowed(u.Email, c.RealIP()); !ok || auth.VerifyPassword(u.PasswordHash, c.FormValue("password")) != nil {
		s.throttle.Fail(u.Email, c.RealIP())
		return c.Redirect(http.StatusSeeOther, page+"?sign=wrong-password#minutes")
	}
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		digest, err := tx.SignApprovedMinutes(id, u.PersonID)
		if err != nil {
			return err
		}
		return audit(c, tx, "minutes signed", "meeting "+strconv.FormatInt(id, 10), "sha256 "+digest)
	})
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, page+"#minutes")
}

// chairs reports whether the account is the body's Chairman or
// Vice-Chairman now.
func (s *Server) chairs(ctx context.Context, u store.User, bodyID int64) bool {
	if u.PersonID == 0 || !u.Is(store.RoleChair, store.RoleAdmin) {
		return false
	}
	members, err := s.db.Members(ctx, bodyID, s.now().In(s.loc))
	if err != nil {
		return false
	}
	for _, m := range members {
		if m.ID == u.PersonID && (m.Role == "chairman" || m.Role == "vice-chairman") {
			return true
		}
	}
	return false
}

func minuteText(it store.MinuteItem) string { return store.JoinMinuteText(it.Paragraphs) }

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
	return s.changeMinutes(c, "action recorded", func(tx *store.Tx, v *meetingView) error {
		return tx.RecordAction(v.Meeting.ID, minute, owner, c.FormValue("description"), c.FormValue("due"))
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
