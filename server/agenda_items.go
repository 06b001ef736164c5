package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"minutebook/store"
)

// agendaItemForm adds or edits an agenda item.
type agendaItemForm struct {
	ID        int64
	Number    string
	Code      string
	Title     string
	Part      string
	Paragraph string
	ToFollow  bool
	Reason    string
	// Position is the item a new item goes before; blank is the end.
	Position string
	Errors   FieldErrors
}

func parseItemForm(c echo.Context) *agendaItemForm {
	return &agendaItemForm{Number: strings.TrimSpace(c.FormValue("number")), Code: strings.ToUpper(strings.TrimSpace(c.FormValue("code"))),
		Title: strings.TrimSpace(c.FormValue("title")), Part: c.FormValue("part"), Paragraph: c.FormValue("paragraph"),
		ToFollow: c.FormValue("to_follow") == "yes", Reason: strings.TrimSpace(c.FormValue("reason")), Position: c.FormValue("position")}
}

// fieldID is the id of one of the form's fields on the page: the add form's
// ids are plain, an edit form's carry the item's id.
func (f *agendaItemForm) fieldID(name string) string {
	if f.ID == 0 {
		return name
	}
	return "item-" + strconv.FormatInt(f.ID, 10) + "-" + name
}

func (f *agendaItemForm) validate(published bool) (store.AgendaItem, bool) {
	f.Errors = nil
	item := store.AgendaItem{Number: f.Number, Code: f.Code, Title: f.Title, Part: 1, ToFollow: f.ToFollow}
	if len(f.Number) > 10 || len(f.Code) > 10 {
		f.Errors.Add(f.fieldID("number"), "Item numbers and codes are at most 10 characters, such as 7 or B1")
	}
	if f.Title == "" {
		f.Errors.Add(f.fieldID("title"), "Enter the item's title")
	} else if utf8.RuneCountInString(f.Title) > textLimits["title"] {
		f.Errors.Add(f.fieldID("title"), fmt.Sprintf("The title must be %d characters or fewer", textLimits["title"]))
	}
	if f.Part == "2" {
		item.Part = 2
		p, err := strconv.Atoi(f.Paragraph)
		if err != nil || p < 1 || p > 7 {
			f.Errors.Add(f.fieldID("paragraph"), "Choose the paragraph of Schedule 12A that makes the item exempt")
		}
		item.ExemptParagraph = p
	}
	if published && f.Reason == "" {
		f.Errors.Add(f.fieldID("reason"), "The agenda is published: give the reason for the change, which is shown to the public")
	}
	return item, !f.Errors.Any()
}

func (s *Server) addAgendaItem(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	f := parseItemForm(c)
	item, ok := f.validate(v.Meeting.PublishedAt != nil)
	if !ok {
		return s.renderClerkMeeting(c, http.StatusUnprocessableEntity, v, "agenda", f.Errors, f)
	}
	item.MeetingID = v.Meeting.ID
	var before int64
	if f.Position != "" {
		if before, err = strconv.ParseInt(f.Position, 10, 64); err != nil {
			return badRequest("%q is not a place on the agenda.", f.Position)
		}
	}
	err = s.changeAgenda(c, v, "agenda item added", f.Reason, func(tx *store.Tx) error {
		_, err := tx.InsertAgendaItem(item, before)
		return err
	})
	if field := store.ErrorField(err); field != "" {
		f.Errors.Add(field, store.ErrorMessage(err))
		return s.renderClerkMeeting(c, http.StatusUnprocessableEntity, v, "agenda", f.Errors, f)
	}
	done := "Item added: " + item.Title
	if before != 0 && f.Number == "" {
		done += ". Renumber the items to number it in order"
	}
	return s.afterChange(c, v, err, "agenda", "add-item", done)
}

// agendaItemOf finds an item of the meeting from the path.
func agendaItemOf(c echo.Context, v *meetingView) (store.AgendaItem, error) {
	id, err := parseID(c, "item")
	if err != nil {
		return store.AgendaItem{}, err
	}
	for _, it := range v.Agenda {
		if it.ID == id {
			return it, nil
		}
	}
	return store.AgendaItem{}, store.Errorf(store.ENOTFOUND, "Item %d is not on this agenda.", id)
}

func (s *Server) editAgendaItem(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	existing, err := agendaItemOf(c, v)
	if err != nil {
		return err
	}
	f := parseItemForm(c)
	f.ID = existing.ID
	if f.Number == "" {
		f.Number = existing.Number
	}
	item, ok := f.validate(v.Meeting.PublishedAt != nil)
	if !ok {
		return s.renderClerkMeeting(c, http.StatusUnprocessableEntity, v, "agenda", f.Errors, f)
	}
	item.ID, item.MeetingID = existing.ID, v.Meeting.ID
	err = s.changeAgenda(c, v, "agenda item changed", f.Reason, func(tx *store.Tx) error { return tx.UpdateAgendaItem(item) })
	return s.afterChange(c, v, err, "agenda", "item-"+strconv.FormatInt(item.ID, 10), "Item saved: "+item.Title)
}

// changeItem runs a change to one item of the clerk's agenda: a move or a
// removal, with the reason a published agenda's change needs.
func (s *Server) changeItem(c echo.Context, action, done string, fn func(tx *store.Tx, meetingID, itemID int64) error) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	item, err := agendaItemOf(c, v)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(c.FormValue("reason"))
	err = s.changeAgenda(c, v, action, reason, func(tx *store.Tx) error { return fn(tx, v.Meeting.ID, item.ID) })
	return s.afterChange(c, v, err, "agenda", "item-"+strconv.FormatInt(item.ID, 10), done+item.Title)
}

func (s *Server) moveAgendaItem(c echo.Context) error {
	delta := 1
	if c.FormValue("direction") == "up" {
		delta = -1
	}
	return s.changeItem(c, "agenda item moved", "Item moved: ", func(tx *store.Tx, meetingID, itemID int64) error {
		return tx.MoveAgendaItem(meetingID, itemID, delta)
	})
}

func (s *Server) deleteAgendaItem(c echo.Context) error {
	return s.changeItem(c, "agenda item removed", "Item removed: ", (*store.Tx).DeleteAgendaItem)
}

func (s *Server) renumberAgenda(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(c.FormValue("reason"))
	err = s.changeAgenda(c, v, "agenda renumbered", reason, func(tx *store.Tx) error { return tx.RenumberAgenda(v.Meeting.ID) })
	return s.afterChange(c, v, err, "agenda", "agenda", "Agenda renumbered")
}
