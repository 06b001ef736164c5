package dates

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Parts are the boxes of a date input, day, month and year, as a set: the
// ones an InputError is about.
type Parts uint8

// The parts of a date.
const (
	DayPart Parts = 1 << iota
	MonthPart
	YearPart
	AllParts = DayPart | MonthPart | YearPart
)

// InputError is a date or time a person typed that cannot be read, worded
// for them as the GOV.UK Design System words date errors.
type InputError struct {
	// Parts are the parts of a date at fault, for marking the boxes of a
	// date input.
	Parts   Parts
	Message string
}

func (e *InputError) Error() string { return e.Message }

// ReadInput reads a GOV.UK date input's three boxes. A whole date typed
// into the day box with the others left empty is read as ReadText reads it.
// what names the date in messages, as "the date of the meeting" in "Enter
// the date of the meeting". A refusal is an *InputError.
func ReadInput(what, day, month, year string) (Date, error) {
	day, month, year = strings.TrimSpace(day), strings.TrimSpace(month), strings.TrimSpace(year)
	if month == "" && year == "" && strings.ContainsFunc(day, isSeparatorOrLetter) {
		d, err := ReadText(what, day)
		if err != nil {
			// It was all typed in the day box, so that is the box to fix.
			err.(*InputError).Parts = DayPart
		}
		return d, err
	}
	return readParts(what, day, month, year)
}

// ReadText reads a whole date typed into one box: 29/12/2026, 29-12-2026,
// 29.12.2026, 29 12 2026, 29 December 2026, 29 Dec 2026, Tuesday 29
// December 2026 or 2026-12-29. A refusal is an *InputError.
func ReadText(what, s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return readParts(what, "", "", "")
	}
	words, ok := splitDate(s)
	if !ok {
		return Date{}, notReal(what, AllParts, "")
	}
	weekday := -1
	if len(words) > 0 {
		if w, ok := weekdayNamed(words[0]); ok {
			weekday, words = int(w), words[1:]
		}
	}
	// 29th December: the ordinal ending goes with its number.
	for i := 1; i < len(words); i++ {
		if isOrdinal(words[i]) && isNumber(words[i-1]) {
			words = append(words[:i:i], words[i+1:]...)
		}
	}
	named := -1
	for i, w := range words {
		if !isNumber(w) {
			if _, ok := monthNamed(w); !ok || named >= 0 {
				return Date{}, notReal(what, AllParts, "")
			}
			named = i
		}
	}
	var day, month, year string
	switch {
	case len(words) == 0 || len(words) > 3:
		return Date{}, notReal(what, AllParts, "")
	case named >= 0:
		month = words[named]
		before, after := words[:named], words[named+1:]
		switch {
		case len(before) == 0 && len(after) == 2: // December 29, 2026
			day, year = after[0], after[1]
		case len(before) <= 1 && len(after) <= 1:
			if len(before) == 1 {
				day = before[0]
			}
			if len(after) == 1 {
				year = after[0]
			}
		default:
			return Date{}, notReal(what, AllParts, "")
		}
	case len(words) == 3 && len(words[0]) == 4:
		year, month, day = words[0], words[1], words[2]
	case len(words) == 3:
		day, month, year = words[0], words[1], words[2]
	case len(words) == 2 && len(words[1]) > 2:
		month, year = words[0], words[1]
	case len(words) == 2:
		day, month = words[0], words[1]
	case len(words[0]) <= 2:
		day = words[0]
	case len(words[0]) == 4:
		year = words[0]
	default:
		return Date{}, notReal(what, AllParts, "")
	}
	d, err := readParts(what, day, month, year)
	if err != nil {
		return Date{}, err
	}
	if weekday >= 0 && d.Weekday() != time.Weekday(weekday) {
		return Date{}, &InputError{AllParts, fmt.Sprintf("%s is a %s, not a %s: check the date", d.Time(time.UTC).Format("2 January 2006"), d.Weekday(), time.Weekday(weekday))}
	}
	return d, nil
}

// readParts checks the parts of a date in the order, and with the words,
// of the GOV.UK date input's error messages.
func readParts(what, day, month, year string) (Date, error) {
	var missing Parts
	for p, s := range map[Parts]string{DayPart: day, MonthPart: month, YearPart: year} {
		if s == "" {
			missing |= p
		}
	}
	switch missing {
	case AllParts:
		return Date{}, &InputError{AllParts, "Enter " + what}
	case 0:
	default:
		return Date{}, &InputError{missing, sentence(what) + " must include " + partNames(missing)}
	}
	var wrong Parts
	d, ok := number(day, 2)
	if !ok {
		wrong |= DayPart
	}
	m, ok := number(month, 2)
	if named, isName := monthNamed(month); isName {
		m, ok = int(named), true
	}
	if !ok {
		wrong |= MonthPart
	}
	y, ok := number(year, 4)
	if !ok {
		wrong |= YearPart
	}
	if wrong != 0 {
		return Date{}, notReal(what, wrong, "")
	}
	switch len(year) {
	case 2:
		return Date{}, &InputError{YearPart, fmt.Sprintf("%s must include the full year, for example %d", sentence(what), 2000+y)}
	case 1, 3:
		return Date{}, &InputError{YearPart, sentence(what) + " must include the full year, in 4 numbers"}
	}
	switch {
	case m < 1 || m > 12:
		return Date{}, notReal(what, MonthPart, fmt.Sprintf("there is no month %d", m))
	case d < 1:
		return Date{}, notReal(what, DayPart, "the days of a month start at 1")
	case d > 31:
		return Date{}, notReal(what, DayPart, fmt.Sprintf("no month has %d days", d))
	case !InRecordedYears(y):
		return Date{}, &InputError{YearPart, fmt.Sprintf("Enter a year from %d to %d", FirstYear, LastYear)}
	}
	if n := daysIn(y, time.Month(m)); d > n {
		return Date{}, &InputError{DayPart, fmt.Sprintf("%d %s %d does not exist: %s %d has %d days", d, time.Month(m), y, time.Month(m), y, n)}
	}
	return Date{y, time.Month(m), d}, nil
}

func notReal(what string, parts Parts, why string) *InputError {
	msg := sentence(what) + " must be a real date"
	if why != "" {
		msg += ": " + why
	}
	return &InputError{parts, msg}
}

// partNames names missing parts as the messages do: "a day", "a month and
// year".
func partNames(p Parts) string {
	var names []string
	for _, n := range []struct {
		p    Parts
		name string
	}{{DayPart, "day"}, {MonthPart, "month"}, {YearPart, "year"}} {
		if p&n.p != 0 {
			names = append(names, n.name)
		}
	}
	return "a " + strings.Join(names, " and ")
}

// sentence starts a message with what: "the date" becomes "The date".
func sentence(what string) string {
	r, n := utf8.DecodeRuneInString(what)
	if n == 0 {
		return what
	}
	return strings.ToUpper(string(r)) + what[n:]
}

// splitDate splits typed text into runs of ASCII digits and of letters,
// at spaces and the separators people put in dates. Anything else, such
// as a digit of another script, is not part of a date.
func splitDate(s string) ([]string, bool) {
	var words []string
	start := -1
	kind := 0
	for i := 0; i <= len(s); i++ {
		k := 0
		if i < len(s) {
			switch c := s[i]; {
			case c >= '0' && c <= '9':
				k = 1
			case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
				k = 2
			case isSeparator(rune(c)):
			default:
				return nil, false
			}
		}
		if k != kind && start >= 0 {
			words = append(words, s[start:i])
			start = -1
		}
		if k != 0 && start < 0 {
			start = i
		}
		kind = k
	}
	return words, true
}

func isSeparator(r rune) bool {
	return r == ' ' || r == '\t' || r == '/' || r == '-' || r == '.' || r == ','
}

func isSeparatorOrLetter(r rune) bool {
	return isSeparator(r) || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}

func isNumber(s string) bool {
	_, ok := digits(s)
	return ok && s != ""
}

// number reads a run of at most max ASCII digits.
func number(s string, max int) (int, bool) {
	if s == "" || len(s) > max {
		return 0, false
	}
	return digits(s)
}

func isOrdinal(s string) bool {
	switch strings.ToLower(s) {
	case "st", "nd", "rd", "th":
		return true
	}
	return false
}

// monthNamed reads a month's name in any case, in full or cut to its
// first three letters, or "Sept".
func monthNamed(s string) (time.Month, bool) {
	if len(s) < 3 {
		return 0, false
	}
	s = strings.ToLower(s)
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		if s == name || s == name[:3] || (m == time.September && s == "sept") {
			return m, true
		}
	}
	return 0, false
}

func weekdayNamed(s string) (time.Weekday, bool) {
	if len(s) < 3 {
		return 0, false
	}
	s = strings.ToLower(s)
	for w := time.Sunday; w <= time.Saturday; w++ {
		name := strings.ToLower(w.String())
		if s == name || s == name[:3] {
			return w, true
		}
	}
	return 0, false
}
