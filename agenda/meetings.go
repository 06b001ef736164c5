package agenda

import (
	"context"
	"time"

	"minutebook/store"
)

// Reschedule moves a meeting to a new time, and place if one is given.
// Everyone who was sent its agenda is told, with the reason and an updated
// calendar event, in the same transaction.
func (a *Agenda) Reschedule(ctx context.Context, meetingID int64, by Actor, startsAt time.Time, venue, reason string) error {
	return a.db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.RescheduleMeeting(meetingID, startsAt, venue, reason); err != nil {
			return err
		}
		if _, err := tx.QueueMeetingChanged(meetingID, reason, a.mailDomain); err != nil {
			return err
		}
		return by.audit(tx, "meeting reschedule", meetingID, reason)
	})
}

// SetStatus cancels or postpones a meeting, or marks it held. Calling a
// meeting off tells everyone who was sent its agenda, as Reschedule does.
func (a *Agenda) SetStatus(ctx context.Context, meetingID int64, by Actor, status, reason string) error {
	return a.db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SetMeetingStatus(meetingID, status, reason); err != nil {
			return err
		}
		if status == "cancelled" || status == "postponed" {
			if _, err := tx.QueueMeetingChanged(meetingID, reason, a.mailDomain); err != nil {
				return err
			}
		}
		return by.audit(tx, "meeting "+status, meetingID, reason)
	})
}
