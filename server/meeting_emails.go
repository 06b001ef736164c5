package server

import (
	"strconv"

	"github.com/labstack/echo/v4"

	"minutebook/store"
)

// countEmails sums a meeting's messages by status, with the total.
func countEmails(emails []store.OutboxMessage) map[string]int {
	counts := map[string]int{"total": len(emails)}
	for _, e := range emails {
		counts[e.Status]++
	}
	return counts
}

func (s *Server) resendEmail(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	id, err := parseID(c, "email")
	if err != nil {
		return err
	}
	err = s.db.Update(c.Request().Context(), func(tx *store.Tx) error {
		if err := tx.Resend(v.Meeting.ID, id); err != nil {
			return err
		}
		return audit(c, tx, "email resent", "meeting "+strconv.FormatInt(v.Meeting.ID, 10), "message "+strconv.FormatInt(id, 10))
	})
	if err != nil {
		return s.afterChange(c, v, err, "publication", "emails", "")
	}
	return s.doneThen(c, clerkMeetingPath(v.Meeting.ID, "publication", "emails"), "Email queued to be sent again")
}
