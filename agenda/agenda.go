// Package agenda is the committee business every entry point calls: the web
// handlers, the command line, the scheduler and the dispatcher. It owns the
// agenda's life (publication, re-issue and supplements by the one on-time
// rule), the agenda packs, the minutes document and the calendar in force.
// It knows the store and the capabilities below it, and no HTTP.
package agenda

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"minutebook/dates"
	"minutebook/files"
	"minutebook/pack"
	"minutebook/store"
)

// Config is what the agenda runs with.
type Config struct {
	DB       *store.DB
	Files    *files.Store
	Location *time.Location
	Nation   dates.Nation
	// MailDomain ends the Message-IDs of the emails it queues.
	MailDomain string
	// Logger hears of work that failed after the change it follows was
	// committed; slog.Default when nil.
	Logger *slog.Logger
}

// Agenda holds the one calendar and the one pack builder of a process.
type Agenda struct {
	db         *store.DB
	files      *files.Store
	loc        *time.Location
	mailDomain string
	log        *slog.Logger
	packer     *packer
	mu         sync.RWMutex
	calendar   *dates.Calendar
}

// New reads the council's closure days and is ready to work.
func New(ctx context.Context, cfg Config) (*Agenda, error) {
	if cfg.MailDomain == "" {
		cfg.MailDomain = "localhost"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	a := &Agenda{db: cfg.DB, files: cfg.Files, loc: cfg.Location, mailDomain: cfg.MailDomain, log: cfg.Logger,
		calendar: dates.NewCalendar(cfg.Nation, nil)}
	a.packer = &packer{agenda: a}
	if err := a.ReloadCalendar(ctx); err != nil {
		return nil, err
	}
	return a, nil
}

// Location is the council's time zone.
func (a *Agenda) Location() *time.Location { return a.loc }

// Now is the store's clock, the one every rule reads.
func (a *Agenda) Now() time.Time { return a.db.Now() }

// Today is the council's date now.
func (a *Agenda) Today() dates.Date { return dates.DateOf(a.Now().In(a.loc)) }

// Calendar is the calendar in force: closure days change it while the
// program runs.
func (a *Agenda) Calendar() *dates.Calendar {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.calendar
}

// ReloadCalendar rebuilds the calendar from the declared closure days.
func (a *Agenda) ReloadCalendar(ctx context.Context) error {
	list, err := a.db.ClosedDayList(ctx)
	if err != nil {
		return err
	}
	days := make([]dates.Date, 0, len(list))
	for _, d := range list {
		day, err := dates.ParseDate(d.Day)
		if err != nil {
			return fmt.Errorf("closed day %q: %w", d.Day, err)
		}
		days = append(days, day)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.calendar = dates.NewCalendar(a.calendar.Nation(), days)
	return nil
}

// PublishBy is the last day the meeting's agenda can go out and still give
// five clear days, read the body's way.
func (a *Agenda) PublishBy(m store.Meeting, b store.Body) dates.Date {
	return a.Calendar().PublishBy(dates.DateOf(m.StartsAt.In(a.loc)), dates.Reading(b.ClearDaysReading))
}

// lateFrom is the first moment an agenda no longer gives five clear days:
// the start of the day after PublishBy.
func (a *Agenda) lateFrom(m store.Meeting, b store.Body) time.Time {
	return a.PublishBy(m, b).AddDays(1).Time(a.loc)
}

// OnTime says whether publishing the meeting's agenda at t gave five clear
// days; the demo's history is judged by it too.
func (a *Agenda) OnTime(m store.Meeting, b store.Body, t time.Time) bool {
	return t.Before(a.lateFrom(m, b))
}

// Actor is who does something, as the audit log records it.
type Actor struct {
	UserID  int64
	Name    string // an email address, "command line" or "minutebook"
	Address string
}

func (by Actor) audit(tx *store.Tx, action string, meetingID int64, detail string) error {
	return tx.Audit(store.AuditEntry{UserID: by.UserID, Actor: by.Name, Address: by.Address, Action: action,
		Subject: "meeting " + strconv.FormatInt(meetingID, 10), Detail: detail})
}

func (a *Agenda) meetingAndBody(tx *store.Tx, meetingID int64) (store.Meeting, store.Body, error) {
	m, err := tx.Meeting(meetingID)
	if err != nil {
		return m, store.Body{}, err
	}
	b, err := tx.Body(m.BodyID)
	return m, b, err
}

// Publish publishes a meeting's agenda by the statutory rule: on time if it
// still gives five clear days, otherwise only with a reason. Both packs are
// built first, so that no agenda goes out with a paper its pack cannot take;
// the public pack's page ranges go on the agenda, and the emails are queued
// in the same transaction.
func (a *Agenda) Publish(ctx context.Context, meetingID int64, by Actor, reason string) error {
	built, err := a.buildForPublication(ctx, meetingID)
	if err != nil {
		return err
	}
	err = a.db.Update(ctx, func(tx *store.Tx) error {
		m, b, err := a.meetingAndBody(tx, meetingID)
		if err != nil {
			return err
		}
		if err := tx.PublishAgenda(meetingID, by.UserID, a.lateFrom(m, b), reason); err != nil {
			return err
		}
		if err := writePageRanges(tx, meetingID, built); err != nil {
			return err
		}
		if _, err := tx.QueueAgendaEmails(meetingID, a.mailDomain); err != nil {
			return err
		}
		return by.audit(tx, "agenda published", meetingID, reason)
	})
	if err != nil {
		return err
	}
	a.keepIssue(ctx, meetingID)
	return nil
}

// keepIssue keeps the packs of the issue just committed. The issue stands
// if that fails: its packs are kept when they are first asked for.
func (a *Agenda) keepIssue(ctx context.Context, meetingID int64) {
	if err := a.issuePacks(ctx, meetingID); err != nil {
		a.log.Error("keeping the packs of an agenda issue", "meeting", meetingID, "err", err)
	}
}

// Change makes a change to a meeting's agenda with its audit line. A change
// to a published agenda is a re-issue: it records its reason and tells
// everyone who had the agenda.
func (a *Agenda) Change(ctx context.Context, meetingID int64, by Actor, action, reason string, fn func(tx *store.Tx) error) error {
	reissued := false
	err := a.db.Update(ctx, func(tx *store.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		var err error
		if reissued, err = a.reissueIfPublished(tx, meetingID, by, reason); err != nil {
			return err
		}
		return by.audit(tx, action, meetingID, reason)
	})
	if err == nil && reissued {
		a.keepIssue(ctx, meetingID)
	}
	return err
}

func (a *Agenda) reissueIfPublished(tx *store.Tx, meetingID int64, by Actor, reason string) (bool, error) {
	m, b, err := a.meetingAndBody(tx, meetingID)
	if err != nil || m.PublishedAt == nil {
		return false, err
	}
	if err := tx.ReissueAgenda(meetingID, by.UserID, a.lateFrom(m, b), reason); err != nil {
		return false, err
	}
	_, err = tx.QueueAgendaEmails(meetingID, a.mailDomain)
	return err == nil, err
}

// AddPaper adds a paper to an item. On a published agenda it goes out at
// once: as a supplementary agenda for an item whose report was to follow,
// or as a re-issue of the agenda.
func (a *Agenda) AddPaper(ctx context.Context, meetingID, itemID int64, report store.Report, by Actor) error {
	issued := false
	err := a.db.Update(ctx, func(tx *store.Tx) error {
		var err error
		issued, err = a.addPaper(tx, meetingID, itemID, report, by)
		return err
	})
	if err == nil && issued {
		a.keepIssue(ctx, meetingID)
	}
	return err
}

func (a *Agenda) addPaper(tx *store.Tx, meetingID, itemID int64, report store.Report, by Actor) (issued bool, err error) {
	m, b, err := a.meetingAndBody(tx, meetingID)
	if err != nil {
		return false, err
	}
	item, err := agendaItem(tx, meetingID, itemID)
	if err != nil {
		return false, err
	}
	report.AgendaItemID = item.ID
	if _, err := tx.AddReport(report); err != nil {
		return false, err
	}
	switch {
	case m.PublishedAt == nil && item.ToFollow:
		item.ToFollow = false
		if err := tx.UpdateAgendaItem(item); err != nil {
			return false, err
		}
	case m.PublishedAt != nil && item.ToFollow:
		if err := tx.PublishSupplement(m.ID, item.ID, by.UserID, a.lateFrom(m, b)); err != nil {
			return false, err
		}
	case m.PublishedAt != nil:
		if err := tx.ReissueAgenda(m.ID, by.UserID, a.lateFrom(m, b), paperAddedReason(item, report)); err != nil {
			return false, err
		}
	}
	if m.PublishedAt != nil {
		if _, err := tx.QueueAgendaEmails(m.ID, a.mailDomain); err != nil {
			return false, err
		}
		issued = true
	}
	return issued, tx.Audit(store.AuditEntry{UserID: by.UserID, Actor: by.Name, Address: by.Address, Action: "paper added",
		Subject: "item " + item.Label() + " of meeting " + strconv.FormatInt(m.ID, 10),
		Detail:  fmt.Sprintf("%s (%d pages, sha256 %s)", report.Document.Filename, report.Document.Pages, report.Document.SHA256)})
}

// agendaItem finds an item of the meeting's agenda.
func agendaItem(tx *store.Tx, meetingID, itemID int64) (store.AgendaItem, error) {
	items, err := tx.AgendaItems(meetingID)
	if err != nil {
		return store.AgendaItem{}, err
	}
	for _, it := range items {
		if it.ID == itemID {
			return it, nil
		}
	}
	return store.AgendaItem{}, store.Errorf(store.ENOTFOUND, "Item %d is not on this agenda.", itemID)
}

// paperAddedReason is what a re-issue tells everyone, the public included,
// when a paper joins a published agenda. A Part 2 paper's title may itself
// be exempt information, so only the item's agenda title is given.
func paperAddedReason(item store.AgendaItem, report store.Report) string {
	if item.Part == 2 {
		return "Paper added to item " + item.Label() + ", " + item.Title
	}
	return "Paper added: " + report.Title
}

// MarkReady marks an agenda ready for dispatch, or not: a ready agenda is
// published and sent by the scheduler on its last day.
func (a *Agenda) MarkReady(ctx context.Context, meetingID int64, by Actor, ready bool) error {
	return a.db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SetReadyForDispatch(meetingID, ready); err != nil {
			return err
		}
		action := "agenda marked ready for dispatch"
		if !ready {
			action = "agenda no longer ready for dispatch"
		}
		return by.audit(tx, action, meetingID, "")
	})
}

// Pack returns the meeting's agenda pack of the given kind, built only when
// something that goes into it changed.
func (a *Agenda) Pack(ctx context.Context, meetingID int64, kind pack.Kind, progress func(pack.Progress)) (*BuiltPack, error) {
	return a.packer.build(ctx, meetingID, kind, progress)
}
