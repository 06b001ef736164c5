package server

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"minutebook/markdown"
	"minutebook/store"
)

// textLimits are the most characters each free-text field may hold; a
// field not named here may hold defaultTextLimit. Characters, not bytes,
// so that a name in Welsh or Polish gets the room one in English does.
var textLimits = map[string]int{
	"text":           markdown.MaxLength,
	"summary":        5000,
	"recommendation": 5000,
	"description":    2000,
	"reason":         500,
	"title":          500,
	"venue":          200,
	"name":           200,
	"job_title":      200,
	"author":         200,
	"email":          254,
	"author_email":   254,
}

const defaultTextLimit = 1000

// maxFormBytes is the most a form of text fields may send.
const maxFormBytes = 1 << 20

// unchecked fields are not kept as text: a password is only hashed, and a
// sign-in's next address falls back to a safe page when it is not one.
var unchecked = map[string]bool{"password": true, "next": true}

// fieldNames say which field a refusal is about, as the form labels it.
var fieldNames = map[string]string{
	"text": "The minute", "summary": "The summary", "recommendation": "The recommendation", "description": "The description",
	"reason": "The reason", "title": "The title", "venue": "The venue", "name": "The name", "job_title": "The job title",
	"author": "The author", "email": "The email address", "author_email": "The author's email address",
}

// checkText refuses a form with a value too long to keep, or holding a
// character no record should: NUL and the other control characters, bar
// the line breaks and tabs that text areas send.
func checkText(form url.Values) error {
	for name, values := range form {
		if unchecked[name] {
			continue
		}
		label := fieldNames[name]
		if label == "" {
			label = "A field (" + name + ")"
		}
		limit := textLimits[name]
		if limit == 0 {
			limit = defaultTextLimit
		}
		for _, v := range values {
			if !utf8.ValidString(v) {
				return unprocessable("%s is not valid text. Retype it, or paste it as plain text, and send the form again.", label)
			}
			if i := strings.IndexFunc(v, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }); i >= 0 {
				return unprocessable("%s contains a character that cannot be saved (U+%04X). Retype it, or paste it as plain text, and send the form again.", label, []rune(v[i:])[0])
			}
			if n := utf8.RuneCountInString(v); n > limit {
				return unprocessable("%s is %d characters long; it can have at most %d. Shorten it and send the form again.", label, n, limit)
			}
		}
	}
	return nil
}

func unprocessable(format string, args ...any) error {
	return &httpError{status: http.StatusUnprocessableEntity, err: store.Errorf(store.EINVALID, format, args...)}
}

// limitFormText checks every form sent as application/x-www-form-urlencoded
// before its handler reads it. Uploads check their text fields themselves,
// once the size of the file is known to be within bounds.
func limitFormText(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.Method != http.MethodPost || !strings.HasPrefix(r.Header.Get(echo.HeaderContentType), echo.MIMEApplicationForm) {
			return next(c)
		}
		// Read before any route's own limit applies, so this check keeps
		// its own: no form of free text is near a megabyte.
		r.Body = http.MaxBytesReader(c.Response(), r.Body, maxFormBytes)
		form, err := c.FormParams()
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return &httpError{status: http.StatusRequestEntityTooLarge, err: store.Errorf(store.EINVALID,
				"The form is larger than %d KB. Shorten the text and send it again.", maxFormBytes>>10)}
		}
		if err != nil {
			return badRequest("The form could not be read: %s", fmt.Sprint(err))
		}
		if err := checkText(form); err != nil {
			return err
		}
		return next(c)
	}
}
