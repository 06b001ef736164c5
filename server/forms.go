package server

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"minutebook/dates"
	"minutebook/store"
)

// FieldError is one problem with a form: the id of the field to fix, which
// the error summary links to, and what to do about it.
type FieldError struct {
	Field, Message string
}

// FieldErrors are a form's problems in the order they were found, which is
// the order of the form, so that the error summary lists them as the page
// asks its questions. A problem shared by several fields, as a date's day
// and month, is listed under the first; the others follow it with no
// message, marked but not listed again. The zero value, or nil, has no
// problems.
type FieldErrors []FieldError

// fieldError is a single problem.
func fieldError(field, message string) FieldErrors {
	return FieldErrors{{field, message}}
}

// Add records a problem with the field of that id.
func (e *FieldErrors) Add(field, message string) {
	*e = append(*e, FieldError{field, message})
}

// addShared records a problem shared by the fields of those ids, listed
// under the first.
func (e *FieldErrors) addShared(message string, fields ...string) {
	for i, f := range fields {
		if i > 0 {
			message = ""
		}
		e.Add(f, message)
	}
}

// Get is the first problem with the field, or "".
func (e FieldErrors) Get(field string) string {
	for _, fe := range e {
		if fe.Field == field && fe.Message != "" {
			return fe.Message
		}
	}
	return ""
}

// Marked is true when the field has a problem, its own or shared.
func (e FieldErrors) Marked(field string) bool {
	for _, fe := range e {
		if fe.Field == field {
			return true
		}
	}
	return false
}

// Any is true when there is a problem.
func (e FieldErrors) Any() bool { return len(e) > 0 }

// formField describes one GOV.UK form field for the partials in _form.html
// ("input", "textarea", "select", "radios", "checkbox", "file"), so that
// every field carries its label, hint, error and their ids the same way.
type formField struct {
	ID, Name, Label, Hint, Error string
	Value                        string
	// Checked is a single checkbox's state.
	Checked bool
	// Type is an input's type: text unless told.
	Type string
	// Class adds classes to the control (input, select, radios, checkboxes)
	// and LabelClass to its label or legend.
	Class, LabelClass string
	// Heading puts a fieldset's legend in an h2, for a question that heads
	// its section.
	Heading                         bool
	Autocomplete, Inputmode, Accept string
	NoSpellcheck                    bool
	Rows                            int
	Choices                         []choice
	// SuffixAll gives every radio the id <id>-<value>; by default the first
	// has the field's own id, which the error summary links to.
	SuffixAll bool
}

// choice is an option of a select or radios; a select puts consecutive
// choices of the same Group in an optgroup.
type choice struct {
	Value, Text, Hint, Group string
}

func newChoice(value any, text string, hint ...string) choice {
	v, _ := fieldValue(value)
	return choice{Value: v, Text: text, Hint: strings.Join(hint, " ")}
}

// field is the template func that describes a field: its id, label, value
// and the form's errors, then options as "key=value" strings, and choices.
func field(id, label string, value any, errs FieldErrors, opts ...any) (formField, error) {
	f := formField{ID: id, Name: id, Label: label, Error: errs.Get(id), Type: "text", Rows: 5}
	f.Value, f.Checked = fieldValue(value)
	for _, o := range opts {
		switch o := o.(type) {
		case choice:
			f.Choices = append(f.Choices, o)
		case []choice:
			f.Choices = append(f.Choices, o...)
		case string:
			k, v, ok := strings.Cut(o, "=")
			if !ok {
				return f, fmt.Errorf("field %s: option %q is not key=value", id, o)
			}
			switch k {
			case "hint":
				f.Hint = v
			case "name":
				f.Name = v
			case "type":
				f.Type = v
			case "class":
				f.Class = v
			case "label-class":
				f.LabelClass = v
			case "heading":
				f.Heading = v == "true"
			case "autocomplete":
				f.Autocomplete = v
			case "inputmode":
				f.Inputmode = v
			case "accept":
				f.Accept = v
			case "spellcheck":
				f.NoSpellcheck = v == "false"
			case "ids":
				f.SuffixAll = v == "suffixed"
			case "rows":
				n, err := strconv.Atoi(v)
				if err != nil {
					return f, fmt.Errorf("field %s: rows=%q", id, v)
				}
				f.Rows = n
			default:
				return f, fmt.Errorf("field %s: no option %q", id, k)
			}
		default:
			return f, fmt.Errorf("field %s: option %v (%T) is not key=value or a choice", id, o, o)
		}
	}
	return f, nil
}

// fieldValue is a value as a form shows it; a zero id is no choice.
func fieldValue(v any) (string, bool) {
	switch v := v.(type) {
	case nil:
		return "", false
	case string:
		return v, false
	case bool:
		return "", v
	case int:
		if v == 0 {
			return "", false
		}
		return strconv.Itoa(v), false
	case int64:
		if v == 0 {
			return "", false
		}
		return strconv.FormatInt(v, 10), false
	}
	return fmt.Sprint(v), false
}

// DescribedBy lists the ids of the field's hint and error message.
func (f formField) DescribedBy() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.ID+"-error")
	}
	return strings.Join(ids, " ")
}

// fieldItem is a choice as a radio or an option shows it.
type fieldItem struct {
	ID, Value, Text, Hint, HintID string
	Checked                       bool
}

// Items are the field's choices as radios.
func (f formField) Items() []fieldItem {
	items := make([]fieldItem, len(f.Choices))
	for i, c := range f.Choices {
		it := fieldItem{ID: f.ID + "-" + c.Value, Value: c.Value, Text: c.Text, Hint: c.Hint, Checked: c.Value == f.Value}
		if i == 0 && !f.SuffixAll {
			it.ID = f.ID
		}
		if c.Hint != "" {
			it.HintID = f.ID + "-" + c.Value + "-hint"
		}
		items[i] = it
	}
	return items
}

// optionGroup is a run of a select's options, in an optgroup if it has a
// label.
type optionGroup struct {
	Label   string
	Options []fieldItem
}

// OptionGroups are the field's choices as a select's options.
func (f formField) OptionGroups() []optionGroup {
	var groups []optionGroup
	for i, c := range f.Choices {
		if i == 0 || c.Group != f.Choices[i-1].Group {
			groups = append(groups, optionGroup{Label: c.Group})
		}
		g := &groups[len(groups)-1]
		g.Options = append(g.Options, fieldItem{Value: c.Value, Text: c.Text, Checked: c.Value == f.Value})
	}
	return groups
}

// dateInput is what was typed into a GOV.UK date input, kept to be shown
// again: ID is the input's id, whose boxes have the ids and the names
// <ID>-day, <Name>-day and so on for month and year.
type dateInput struct {
	ID, Name         string
	Day, Month, Year string
}

// readDateInput reads the boxes of a date input from the form.
func readDateInput(c echo.Context, id, name string) dateInput {
	return dateInput{ID: id, Name: name, Day: c.FormValue(name + "-day"), Month: c.FormValue(name + "-month"), Year: c.FormValue(name + "-year")}
}

// empty is true when nothing was typed into the boxes.
func (d dateInput) empty() bool {
	return strings.TrimSpace(d.Day+d.Month+d.Year) == ""
}

// date reads the date; what names it in messages ("the date of the
// meeting"). A problem goes into errs, linked to the first box at fault
// and marking every box at fault.
func (d dateInput) date(what string, errs *FieldErrors) (dates.Date, bool) {
	day, err := dates.ReadInput(what, d.Day, d.Month, d.Year)
	var ie *dates.InputError
	if errors.As(err, &ie) {
		var boxes []string
		for _, b := range []struct {
			part dates.Parts
			box  string
		}{{dates.DayPart, "-day"}, {dates.MonthPart, "-month"}, {dates.YearPart, "-year"}} {
			if ie.Parts&b.part != 0 {
				boxes = append(boxes, d.ID+b.box)
			}
		}
		errs.addShared(ie.Message, boxes...)
		return dates.Date{}, false
	}
	return day, err == nil
}

// refuse records a problem with the date as a whole, such as a day in the
// past, marking all three boxes.
func (d dateInput) refuse(errs *FieldErrors, message string) {
	errs.addShared(message, d.ID+"-day", d.ID+"-month", d.ID+"-year")
}

// readDateText reads a whole date typed into the one field of that id, as
// dates.ReadText reads it; a problem goes into errs against the field.
func readDateText(id, what, text string, errs *FieldErrors) (dates.Date, bool) {
	day, err := dates.ReadText(what, text)
	if err != nil {
		errs.Add(id, err.Error())
		return dates.Date{}, false
	}
	return day, true
}

// readClock reads a time of day typed into the field of that id, as
// dates.ReadClock reads it; a problem goes into errs against the field.
func readClock(id, what, text string, errs *FieldErrors) (dates.Clock, bool) {
	clock, err := dates.ReadClock(what, text)
	if err != nil {
		errs.Add(id, err.Error())
		return dates.Clock{}, false
	}
	return clock, true
}

// dateFormField describes a GOV.UK date input for the "date-input"
// partial: the fieldset as a formField, and its three boxes.
type dateFormField struct {
	formField
	Boxes []dateBox
}

// dateBox is one box of a date input.
type dateBox struct {
	ID, Name, Label, Value, Width string
	Error                         bool
}

// dateField is the template func that describes a date input: its id, its
// legend, what it holds (a dateInput as typed, shown if it is this input's,
// or a dates.Date, or nil) and the form's errors, then the field func's
// options ("hint=", "name=", "label-class=", "heading=true"). The hint is
// the GOV.UK example unless told.
func dateField(id, legend string, value any, errs FieldErrors, opts ...any) (dateFormField, error) {
	f, err := field(id, legend, "", errs, append([]any{"hint=For example, 29 12 2026"}, opts...)...)
	if err != nil {
		return dateFormField{}, err
	}
	var typed dateInput
	switch v := value.(type) {
	case nil:
	case dateInput:
		if v.ID == id {
			typed = v
		}
	case dates.Date:
		if !v.IsZero() {
			typed = dateInput{Day: strconv.Itoa(v.Day), Month: strconv.Itoa(int(v.Month)), Year: strconv.Itoa(v.Year)}
		}
	default:
		return dateFormField{}, fmt.Errorf("date field %s: value %v (%T) is not a dateInput or dates.Date", id, value, value)
	}
	d := dateFormField{formField: f, Boxes: []dateBox{
		{ID: id + "-day", Name: f.Name + "-day", Label: "Day", Value: typed.Day, Width: "2"},
		{ID: id + "-month", Name: f.Name + "-month", Label: "Month", Value: typed.Month, Width: "2"},
		{ID: id + "-year", Name: f.Name + "-year", Label: "Year", Value: typed.Year, Width: "4"},
	}}
	whole := errs.Marked(id)
	for i := range d.Boxes {
		b := &d.Boxes[i]
		b.Error = whole || errs.Marked(b.ID)
		if d.Error == "" {
			d.Error = errs.Get(b.ID)
		}
	}
	return d, nil
}

// formErrors are a refusal as a form's problems: each field of a
// store.FieldErrorList, or the one field of a store.FieldError, or, for
// any other refusal (a conflict), the message against field. It is false
// for an error that is no refusal, which is not the form's to show.
func formErrors(err error, field string) (FieldErrors, bool) {
	var list store.FieldErrorList
	if errors.As(err, &list) {
		var out FieldErrors
		for _, fe := range list {
			out.Add(fe.Field, fe.Error())
		}
		return out, true
	}
	switch store.ErrorCode(err) {
	case store.EINVALID, store.ECONFLICT:
		if f := store.ErrorField(err); f != "" {
			field = f
		}
		return fieldError(field, store.ErrorMessage(err)), true
	}
	return nil, false
}
