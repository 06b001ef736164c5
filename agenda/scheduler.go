package agenda

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"minutebook/dates"
	"minutebook/store"
)

// dispatchHour is when, on the last day that gives five clear days, an
// agenda marked ready is published and sent.
const dispatchHour = 7

// SchedulePass marks as held the meetings whose time has come, publishes
// the agendas marked ready whose last day has come, and reminds the clerks
// of agendas not ready two working days before it.
// A failure to publish one agenda is logged and does not stop the others.
func (a *Agenda) SchedulePass(ctx context.Context, log *slog.Logger) (published, reminded int, err error) {
	// A meeting whose time has come is held: its minutes can be started.
	if err := a.db.Update(ctx, func(tx *store.Tx) error {
		n, err := tx.MarkHeld()
		if n > 0 {
			log.Info("meetings held", "count", n)
		}
		return err
	}); err != nil {
		return 0, 0, err
	}
	now := a.Now()
	meetings, err := a.db.Meetings(ctx, store.MeetingFilter{From: now, Statuses: []string{"scheduled"}})
	if err != nil {
		return 0, 0, err
	}
	local := now.In(a.loc)
	today := dates.DateOf(local)
	for _, m := range meetings {
		if m.PublishedAt != nil {
			continue
		}
		b, err := a.db.Body(ctx, m.BodyID)
		if err != nil {
			return published, reminded, err
		}
		publishBy := a.PublishBy(m, b)
		switch {
		case m.ReadyForDispatch && today == publishBy && local.Hour() >= dispatchHour:
			if err := a.Publish(ctx, m.ID, Actor{Name: "minutebook"}, ""); err != nil {
				log.Error("publishing an agenda marked ready", "meeting", m.ID, "err", err)
				continue
			}
			published++
		case !m.ReadyForDispatch && !m.Reminded && !publishBy.Before(today) && a.Calendar().WorkingDaysUntil(today, publishBy) <= 2:
			err := a.db.Update(ctx, func(tx *store.Tx) error {
				n, err := tx.QueueReminder(m.ID, a.mailDomain)
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

// Scheduler runs SchedulePass on a ticker. Its state is in the database, so
// a restart resumes where it stopped.
type Scheduler struct {
	Agenda   *Agenda
	Interval time.Duration
	Logger   *slog.Logger
	once     sync.Once
	quit     chan struct{}
	closing  sync.Once
}

func (s *Scheduler) stopped() chan struct{} {
	s.once.Do(func() { s.quit = make(chan struct{}) })
	return s.quit
}

// Run passes every Interval until ctx ends or Close is called; a pass under
// way finishes first.
func (s *Scheduler) Run(ctx context.Context) {
	tick := time.NewTicker(s.Interval)
	defer tick.Stop()
	quit := s.stopped()
	for {
		if p, r, err := s.Agenda.SchedulePass(ctx, s.Logger); err != nil && ctx.Err() == nil {
			s.Logger.Error("scheduled publication", "err", err)
		} else if p+r > 0 {
			s.Logger.Info("scheduled publication", "published", p, "reminded", r)
		}
		select {
		case <-ctx.Done():
			return
		case <-quit:
			return
		case <-tick.C:
		}
	}
}

// Close asks Run to return after the pass under way.
func (s *Scheduler) Close() {
	s.closing.Do(func() { close(s.stopped()) })
}
