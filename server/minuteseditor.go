package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"minutebook/store"
)

func (s *Server) minutesEditor(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	return s.renderEditor(c, http.StatusOK, v, editorState{})
}

// renderMinutesEditor shows the minutes; typed holds a minute's text as the
// clerk typed it when it could not be saved, so that nothing typed is lost.
func (s *Server) renderMinutesEditor(c echo.Context, status int, v *meetingView, errs FieldErrors, typed map[int64]string) error {
	return s.renderEditor(c, status, v, editorState{Errors: errs, Typed: typed})
}

// editorState is what the minutes editor shows beyond the stored minutes.
type editorState struct {
	Errors FieldErrors
	// Typed holds minutes' text as the clerk typed it, shown in place of
	// what is stored: a refused save or a preview loses nothing.
	Typed map[int64]string
	// Loaded holds the textVersion of each minute as the clerk's page
	// first showed it, carried through re-rendered pages.
	Loaded map[int64]string
	// Preview says nothing was saved.
	Preview bool
	// Due is an action's due date as typed, shown again when refused.
	Due dateInput
}

// minuteTyped is a minute's text as the clerk typed it.
type minuteTyped struct{ Label, Text string }

func (s *Server) renderEditor(c echo.Context, status int, v *meetingView, st editorState) error {
	ctx := c.Request().Context()
	set, err := s.db.Minutes(ctx, v.Meeting.ID)
	if err != nil {
		return err
	}
	data := struct {
		*meetingView
		editorState
		Set         *store.MinuteSet
		Voters      map[int64][]store.Voter
		Approving   []store.MinuteRef
		VoteChoices [][2]string
		Owners      []store.Person
		Statuses    [][2]string
		// Previews are each minute's paragraphs as the public page would
		// show them: the typed text's if there is any, else the stored.
		Previews map[int64][]store.Paragraph
		// Texts are what each minute's text area holds, and Versions the
		// textVersion of the minute as the page first showed it.
		Texts    map[int64]string
		Versions map[int64]string
		// Unsaved is true when a text area holds typing not yet saved.
		Unsaved bool
		// NotKept is typing sent after the minutes stopped being editable,
		// shown for the clerk to copy rather than lost.
		NotKept []minuteTyped
		// Empty are the minutes with nothing written yet.
		Empty []store.MinuteItem
	}{meetingView: v, editorState: st, Set: set, Voters: map[int64][]store.Voter{},
		Previews: map[int64][]store.Paragraph{}, Texts: map[int64]string{}, Versions: map[int64]string{},
		Statuses:    [][2]string{{"open", "Open"}, {"done", "Done"}, {"dropped", "Dropped"}},
		VoteChoices: [][2]string{{"for", "For"}, {"against", "Against"}, {"abstain", "Abstained"}, {"", "Did not vote"}}}
	if set != nil && set.Editable() {
		for _, it := range set.Items {
			if data.Voters[it.ID], err = s.db.Voters(ctx, v.Meeting.ID, it.AgendaItemID); err != nil {
				return err
			}
			data.Previews[it.ID], data.Texts[it.ID] = it.Paragraphs, minuteText(it)
			// Typed text, even emptied, stands in for the stored.
			if text, ok := st.Typed[it.ID]; ok {
				data.Previews[it.ID], data.Texts[it.ID] = store.SplitMinuteText(text), text
				data.Unsaved = data.Unsaved || textVersion(text) != textVersion(minuteText(it))
			}
			data.Versions[it.ID] = textVersion(minuteText(it))
			if loaded, ok := st.Loaded[it.ID]; ok {
				data.Versions[it.ID] = loaded
			}
		}
	}
	if set != nil {
		data.Empty = emptyMinutes(set)
	}
	if set != nil && !set.Editable() {
		for _, it := range set.Items {
			if text, ok := st.Typed[it.ID]; ok && textVersion(text) != textVersion(minuteText(it)) {
				data.NotKept = append(data.NotKept, minuteTyped{Label: it.Label(), Text: text})
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
	if c.FormValue("confirm_empty") != "yes" {
		v, err := s.clerkMeeting(c)
		if err != nil {
			return err
		}
		set, err := s.db.Minutes(c.Request().Context(), v.Meeting.ID)
		if err != nil {
			return err
		}
		if set != nil && len(emptyMinutes(set)) > 0 {
			return s.renderMinutesEditor(c, http.StatusUnprocessableEntity, v, fieldError("confirm-empty",
				"Write the empty minutes, or tick “Send them with these minutes empty” if nothing is to be recorded"), nil)
		}
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

func minuteText(it store.MinuteItem) string { return store.JoinMinuteText(it.Paragraphs) }

// emptyMinutes are the minutes of a set with nothing written.
func emptyMinutes(set *store.MinuteSet) []store.MinuteItem {
	var empty []store.MinuteItem
	for _, it := range set.Items {
		if len(it.Paragraphs) == 0 {
			empty = append(empty, it)
		}
	}
	return empty
}
