package server

import (
	"fmt"
	"strconv"
	"strings"
)

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
