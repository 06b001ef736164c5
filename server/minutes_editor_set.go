package server

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"minutebook/markdown"
	"minutebook/store"
)

// textVersion identifies a minute's text as it would be saved, so that the
// editor can tell which minutes the clerk changed since the page loaded.
func textVersion(text string) string {
	sum := sha256.Sum256([]byte(store.JoinMinuteText(store.SplitMinuteText(text))))
	return hex.EncodeToString(sum[:16])
}

// saveMinutes saves every minute of the editor's one form in one
// transaction, or previews them without saving. The form is sent as
// multipart, which limitFormText leaves to the handler, so that a NUL or an
// over-long minute comes back to the editor with everything typed rather
// than to an error page; each text is checked here by the same rules.
func (s *Server) saveMinutes(c echo.Context) error {
	v, err := s.clerkMeeting(c)
	if err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return badRequest("The form could not be read.")
	}
	set, err := s.db.Minutes(c.Request().Context(), v.Meeting.ID)
	if err != nil {
		return err
	}
	if set == nil {
		return s.renderMinutesEditor(c, http.StatusUnprocessableEntity, v, fieldError("minutes", "The minutes of this meeting are not started."), nil)
	}
	st := editorState{Typed: map[int64]string{}, Loaded: map[int64]string{}, Preview: form.Has("preview")}
	var changed []store.MinuteText
	var labels []string
	for _, it := range set.Items {
		id := strconv.FormatInt(it.ID, 10)
		if !form.Has("text-" + id) {
			continue
		}
		text := form.Get("text-" + id)
		st.Typed[it.ID] = text
		loaded := form.Get("loaded-" + id)
		if loaded != "" {
			st.Loaded[it.ID] = loaded
		}
		// A minute the clerk left as it was is not written back: saving the
		// set must not undo someone else's change to another minute.
		if loaded != "" && loaded == textVersion(text) {
			continue
		}
		if problems := s.minuteProblems(text); len(problems) > 0 {
			st.Errors.Add("text-"+id, "Minute "+it.Label()+": "+strings.Join(problems, " "))
		}
		changed = append(changed, store.MinuteText{MinuteID: it.ID, Text: text})
		labels = append(labels, it.Label())
	}
	if st.Preview {
		return s.renderEditor(c, http.StatusOK, v, st)
	}
	if st.Errors.Any() {
		return s.renderEditor(c, http.StatusUnprocessableEntity, v, st)
	}
	if len(changed) > 0 {
		err = s.db.Update(c.Request().Context(), func(tx *store.Tx) error {
			if err := tx.SaveMinuteTexts(v.Meeting.ID, changed); err != nil {
				return err
			}
			return audit(c, tx, "minutes edited", "meeting "+strconv.FormatInt(v.Meeting.ID, 10), "minutes "+strings.Join(labels, ", "))
		})
	}
	if code := store.ErrorCode(err); code == store.EINVALID || code == store.ECONFLICT || code == store.ENOTFOUND {
		st.Errors = savingErrors(err)
		return s.renderEditor(c, http.StatusUnprocessableEntity, v, st)
	}
	if err != nil {
		return err
	}
	return s.doneThen(c, "/clerk/meetings/"+strconv.FormatInt(v.Meeting.ID, 10)+"/minutes", "Minutes saved")
}

// minuteProblems are the reasons a minute's text would be refused: the
// form-wide rules for text, then what Markdown cannot publish.
func (s *Server) minuteProblems(text string) []string {
	problems := s.markdown.Check(text)
	// Check already names a NUL, with its line, and text over MaxLength.
	if err := checkText(url.Values{"text": {text}}); err != nil && strings.IndexByte(text, 0) < 0 && utf8.RuneCountInString(text) <= markdown.MaxLength {
		problems = append(problems, store.ErrorMessage(err))
	}
	return problems
}

// savingErrors lists what the store refused, each against its minute's
// text where it names one, else against the minutes as a whole.
func savingErrors(err error) FieldErrors {
	all := []error{err}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		all = joined.Unwrap()
	}
	var errs FieldErrors
	for _, e := range all {
		field := store.ErrorField(e)
		if field == "" {
			field = "minutes"
		}
		errs.Add(field, store.ErrorMessage(e))
	}
	return errs
}
