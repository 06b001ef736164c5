package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"minutebook/dates"
	"minutebook/store"
)

// myMeetingsNav is the service navigation's link to the page, for anyone
// signed in.
func myMeetingsNav(u *store.User) []link {
	if u == nil {
		return nil
	}
	return []link{{Href: "/my-meetings", Label: "My meetings"}}
}

// myMeetingsAhead is how far ahead the page looks: committees meet every
// few months, so the next meeting of each is in view.
const myMeetingsAhead = 26 * 7

// myMeeting is an upcoming meeting of one of the member's committees.
type myMeeting struct {
	store.Meeting
	PublishBy dates.Date
}

// myMeetingsPage is where members and Chairmen land: their committees'
// coming meetings with the agenda and the packs they may read, and for a
// Chairman the minutes waiting for a signature.
func (s *Server) myMeetingsPage(c echo.Context) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	bodies, err := s.db.Bodies(ctx)
	if err != nil {
		return err
	}
	// A member's committees are those whose exempt papers they may read, as
	// the members' pack decides: current members and substitutes, accounts
	// assigned to them, their clerks; so each may have its members' pack.
	mine := map[int64]store.Body{}
	var chaired []store.Body
	for _, b := range bodies {
		ok, err := s.entitled(ctx, u, b.ID)
		if err != nil {
			return err
		}
		if ok {
			mine[b.ID] = b
		}
		if s.chairs(ctx, *u, b.ID) {
			chaired = append(chaired, b)
		}
	}
	today := s.today()
	meetings, err := s.db.Meetings(ctx, store.MeetingFilter{From: s.startOfDay(today), To: s.startOfDay(today.AddDays(myMeetingsAhead))})
	if err != nil {
		return err
	}
	var upcoming []myMeeting
	for _, m := range meetings {
		b, ok := mine[m.BodyID]
		if !ok {
			continue
		}
		upcoming = append(upcoming, myMeeting{Meeting: m, PublishBy: s.agenda.PublishBy(m, b)})
	}
	var toSign []store.MeetingMinutes
	for _, b := range chaired {
		approved, err := s.db.MeetingsWithMinutes(ctx, store.MeetingFilter{BodyID: b.ID}, "approved")
		if err != nil {
			return err
		}
		toSign = append(toSign, approved...)
	}
	return s.pages.render(c, http.StatusOK, "my-meetings", s.page(c, "/my-meetings", struct {
		Today    dates.Date
		Meetings []myMeeting
		// Chairman is true for the Chairman of any committee, who sees the
		// minutes to sign, if any.
		Chairman   bool
		ToSign     []store.MeetingMinutes
		Committees int
	}{today, upcoming, len(chaired) > 0, toSign, len(mine)}))
}
