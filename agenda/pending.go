package agenda

import (
	"bytes"
	"context"
	"errors"

	"minutebook/pack"
	"minutebook/store"
)

// HoldPaper keeps a paper for a published agenda out of view until the
// clerk has seen what it sends and sends it: a supplementary agenda or a
// re-issue goes to everyone who had the agenda, and cannot be unsent.
func (a *Agenda) HoldPaper(ctx context.Context, meetingID, itemID int64, report store.Report, by Actor) (int64, error) {
	var id int64
	err := a.db.Update(ctx, func(tx *store.Tx) error {
		m, err := tx.Meeting(meetingID)
		if err != nil {
			return err
		}
		if m.PublishedAt == nil {
			return store.Errorf(store.ECONFLICT, "The agenda is not published: add the paper to the agenda instead.")
		}
		item, err := agendaItem(tx, meetingID, itemID)
		if err != nil {
			return err
		}
		report.AgendaItemID = item.ID
		if id, err = tx.HoldPaper(meetingID, report, by.UserID); err != nil {
			return err
		}
		return by.audit(tx, "paper held to be sent", meetingID, "item "+item.Label()+": "+report.Document.Filename)
	})
	return id, err
}

// SendHeldPaper adds a held paper to the agenda and sends it out.
func (a *Agenda) SendHeldPaper(ctx context.Context, meetingID, pendingID int64, by Actor) error {
	issued := false
	err := a.db.Update(ctx, func(tx *store.Tx) error {
		p, err := tx.PendingPaper(meetingID, pendingID)
		if err != nil {
			return err
		}
		if err := tx.DropPendingPaper(meetingID, pendingID); err != nil {
			return err
		}
		issued, err = a.addPaper(tx, meetingID, p.Report.AgendaItemID, p.Report, by)
		return err
	})
	if err == nil && issued {
		a.keepIssue(ctx, meetingID)
	}
	return err
}

// DiscardHeldPaper forgets a held paper without sending it.
func (a *Agenda) DiscardHeldPaper(ctx context.Context, meetingID, pendingID int64, by Actor) error {
	return a.db.Update(ctx, func(tx *store.Tx) error {
		p, err := tx.PendingPaper(meetingID, pendingID)
		if err != nil {
			return err
		}
		if err := tx.DropPendingPaper(meetingID, pendingID); err != nil {
			return err
		}
		return by.audit(tx, "held paper discarded", meetingID, p.Report.Document.Filename)
	})
}

// HeldPaperIssue says how a held paper would go out.
type HeldPaperIssue struct {
	Paper store.PendingPaper
	Item  store.AgendaItem
	// Supplement is true when it goes as a supplementary agenda, false when
	// the whole agenda is re-issued with it.
	Supplement bool
}

// HeldPaper describes a held paper and how it would be sent.
func (a *Agenda) HeldPaper(ctx context.Context, meetingID, pendingID int64) (HeldPaperIssue, error) {
	var h HeldPaperIssue
	var err error
	if h.Paper, err = a.db.PendingPaper(ctx, meetingID, pendingID); err != nil {
		return h, err
	}
	items, err := a.db.AgendaItems(ctx, meetingID)
	if err != nil {
		return h, err
	}
	for _, it := range items {
		if it.ID == h.Paper.Report.AgendaItemID {
			h.Item, h.Supplement = it, it.ToFollow
			return h, nil
		}
	}
	return h, store.Errorf(store.ENOTFOUND, "The item of that paper is no longer on the agenda.")
}

// PreviewHeldPaper builds, without keeping it, the members' pack a held
// paper would send: the supplementary agenda, or the re-issued agenda.
func (a *Agenda) PreviewHeldPaper(ctx context.Context, meetingID, pendingID int64) ([]byte, error) {
	h, err := a.HeldPaper(ctx, meetingID, pendingID)
	if err != nil {
		return nil, err
	}
	in, items, err := a.packer.input(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	r := h.Paper.Report
	kind := pack.Members
	for i := range items {
		if items[i].ID != h.Item.ID {
			continue
		}
		in.Items[i].Papers = append(append([]pack.Paper(nil), in.Items[i].Papers...), pack.Paper{Title: r.Title, Path: a.files.Abs(r.Document.Path)})
		if h.Supplement {
			items[i].Supplement, in.Items[i].ToFollow = true, false
			kind = pack.MembersSupplementary
		}
	}
	if in, _, err = packContents(in, items, kind); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := pack.Build(ctx, in, pack.Options{Kind: kind}, &buf); err != nil {
		var be *pack.BuildError
		if errors.As(err, &be) {
			return nil, store.Errorf(store.EINVALID, "The pack cannot be built with this paper: %s. Discard it and upload another.", err.Error())
		}
		return nil, err
	}
	return buf.Bytes(), nil
}
