package store

import (
	"errors"
	"fmt"
)

// Error codes say what kind of failure an error is, independent of HTTP.
const (
	ECONFLICT  = "conflict"
	EINTERNAL  = "internal"
	EINVALID   = "invalid"
	ENOTFOUND  = "not_found"
	EFORBIDDEN = "forbidden"
)

// Error is a failure whose Message may be shown to the person who caused it.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with a formatted public message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode is the code of err, EINTERNAL for anything that is not an *Error.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EINTERNAL
}

// ErrorMessage is the public message of err; internal errors never show
// their text.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Something went wrong on our side. Please try again; if it keeps happening, tell Democratic Services."
}

// FieldError is a mistake in one field of a form: Field names the input
// ("person", "for", "name", "job-title") so that the page can point at it.
// It unwraps to the *Error that ErrorCode and ErrorMessage read.
type FieldError struct {
	Field string
	Err   *Error
}

func (e *FieldError) Error() string { return e.Err.Message }

func (e *FieldError) Unwrap() error { return e.Err }

func fieldErrorf(field, format string, args ...any) error {
	return &FieldError{Field: field, Err: Errorf(EINVALID, format, args...)}
}

// ErrorField is the form field err is about, or "" when it is about none.
func ErrorField(err error) string {
	var fe *FieldError
	if errors.As(err, &fe) {
		return fe.Field
	}
	return ""
}

// FieldErrorf is a mistake in one field of a form.
func FieldErrorf(field, format string, args ...any) error { return fieldErrorf(field, format, args...) }

// FieldErrorList is several mistakes in one form, in the form's order; it
// reads as its first.
type FieldErrorList []*FieldError

func (l FieldErrorList) Error() string { return l[0].Error() }

func (l FieldErrorList) Unwrap() error { return l[0] }

// Add records a mistake in a field.
func (l *FieldErrorList) Add(field, format string, args ...any) {
	*l = append(*l, &FieldError{Field: field, Err: Errorf(EINVALID, format, args...)})
}

// Err is the list as an error, nil when it is empty.
func (l FieldErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}
