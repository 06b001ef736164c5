package server

// FieldError is one problem with a form: the id of the field to fix, which
// the error summary links to, and what to do about it.
type FieldError struct {
	Field, Message string
}

// FieldErrors are a form's problems in the order they were found, which is
// the order of the form, so that the error summary lists them as the page
// asks its questions. The zero value, or nil, has no problems.
type FieldErrors []FieldError

// fieldError is a single problem.
func fieldError(field, message string) FieldErrors {
	return FieldErrors{{field, message}}
}

// Add records a problem with the field of that id.
func (e *FieldErrors) Add(field, message string) {
	*e = append(*e, FieldError{field, message})
}

// Get is the first problem with the field, or "".
func (e FieldErrors) Get(field string) string {
	for _, fe := range e {
		if fe.Field == field {
			return fe.Message
		}
	}
	return ""
}

// Any is true when there is a problem.
func (e FieldErrors) Any() bool { return len(e) > 0 }
