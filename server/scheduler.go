package server

import (
	"context"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"minutebook/dates"
	"minutebook/store"
)

// dispatchHour is when, on the last day that gives five clear days, an
// agenda marked ready is published and sent.
const dispatchHour = 7

// SchedulePass publishes the agendas marked ready whose last day has come,
// and reminds the clerks of agendas not ready two working days before it.
func (s *Server) SchedulePass(ctx context.Context) (published, reminded int, err error) {
	now := s.now()
	meetings, err := s.db.Meetings(ctx, store.MeetingFilter{From: now, Statuses: []string{"scheduled"}})
	if err != nil {
		return 0, 0, err
	}
	local := now.In(s.loc)
	today := dates.DateOf(local)
	for _, m := range meetings {
		if m.PublishedAt != nil {
			continue
		}
		b, err := s.db.Body(ctx, m.BodyID)
		if err != nil {
			return published, reminded, err
		}
		publishBy := s.publishBy(m, b)
		switch {
		case m.ReadyForDispatch && today == publishBy && local.Hour() >= dispatchHour:
			if err := s.publishReady(ctx, m.ID); err != nil {
				s.log.Error("publishing an agenda marked ready", "meeting", m.ID, "err", err)
				continue
			}
			published++
		case !m.ReadyForDispatch && !m.Reminded && !publishBy.Before(today) && s.cal().WorkingDaysUntil(today, publishBy) <= 2:
			err := s.db.Update(ctx, func(tx *store.Tx) error {
				n, err := tx.QueueReminder(m.ID, s.mailDomain)
				if n > 0 {
					reminded++
				}
				return err
			})
			if err != nil {
				return published, reminded, err
			}
		}
	}
	return published, reminded, nil
}

func (s *Server) publishReady(ctx context.Context, meetingID int64) error {
	built, err := s.packer.BuildForPublication(ctx, meetingID)
	if err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *store.Tx) error {
		if err := PublishMeeting(tx, s.cal(), s.loc, meetingID, 0, "", built, s.mailDomain); err != nil {
			return err
		}
		return tx.Audit(store.AuditEntry{Actor: "minutebook", Action: "agenda published", Subject: "meeting " + strconv.FormatInt(meetingID, 10),
			Detail: "marked ready for dispatch"})
	})
}

// RunScheduler runs SchedulePass every interval until ctx ends.
func (s *Server) RunScheduler(ctx context.Context, interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		if p, r, err := s.SchedulePass(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("scheduled publication", "err", err)
		} else if p+r > 0 {
			s.log.Info("scheduled publication", "published", p, "reminded", r)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func (s *Server) markReady(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	ready := c.FormValue("ready") == "yes"
	err = s.db.Update(c.Request().Context(), func(tx *store.Tx) error {
		if err := tx.SetReadyForDispatch(v.Meeting.ID, ready); err != nil {
			return err
		}
		action := "agenda marked ready for dispatch"
		if !ready {
			action = "agenda no longer ready for dispatch"
		}
		return audit(c, tx, action, "meeting "+strconv.FormatInt(v.Meeting.ID, 10), "")
	})
	return s.afterChange(c, v, err, "publish")
}
