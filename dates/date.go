// Package dates holds the statutory date rules of committee business:
// working days, five clear days for agendas, call-in and key decision
// notices, over the bank holidays of each UK nation.
package dates

import (
	"fmt"
	"time"
)

// Date is a civil date (no time, no zone).
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date y-m-d, normalising out-of-range values the way
// time.Date does (2025-02-30 becomes 2025-03-02).
func NewDate(y int, m time.Month, d int) Date {
	if v := (Date{y, m, d}); v.valid() {
		return v
	}
	return DateOf(time.Date(y, m, d, 12, 0, 0, 0, time.UTC))
}

// FirstYear and LastYear bound the years a council's record holds: a
// meeting can be made only in a year that its listing by year can show.
const FirstYear, LastYear = firstYear, lastYear

// InRecordedYears is true for a year from FirstYear to LastYear.
func InRecordedYears(year int) bool { return year >= FirstYear && year <= LastYear }

// ParseDate reads a date in the form YYYY-MM-DD and nothing else, so that
// a form field or URL cannot be read two ways.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, notADate(s)
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 || y == 0 || !(Date{y, time.Month(m), d}).valid() {
		return Date{}, notADate(s)
	}
	return Date{y, time.Month(m), d}, nil
}

func notADate(s string) error {
	return fmt.Errorf("%q is not a date: use YYYY-MM-DD, for example 2025-01-15", s)
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if isLeap(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// DateOf returns the civil date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// String formats d as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// MarshalText writes YYYY-MM-DD, and nothing for the zero Date, so that
// JSON and form encodings round-trip through ParseDate.
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	return []byte(d.String()), nil
}

// UnmarshalText reads YYYY-MM-DD; empty text gives the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// AddDays returns the date n days after d (before it when n is negative).
func (d Date) AddDays(n int) Date { return fromDays(d.days() + n) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return weekdayOf(d.days()) }

// Before reports whether d is earlier than o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is later than o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// Compare returns -1, 0 or +1 as d is before, equal to or after o, for
// slices.SortFunc.
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return cmpInt(d.Year, o.Year)
	case d.Month != o.Month:
		return cmpInt(int(d.Month), int(o.Month))
	}
	return cmpInt(d.Day, o.Day)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// IsZero reports whether d is the zero Date, which stands for "no date".
func (d Date) IsZero() bool { return d == Date{} }

// Time returns midnight at the start of d in loc (UTC when loc is nil).
func (d Date) Time(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// DaysBetween returns b - a in calendar days.
func DaysBetween(a, b Date) int { return b.days() - a.days() }

// days and fromDays convert to and from a day count (0 = 1970-01-01) by
// H. Hinnant's civil-calendar algorithms, which avoid time.Date on the hot
// paths of the calendar rules.
func (d Date) days() int {
	y, m := d.Year, int(d.Month)
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := m + 9
	if m > 2 {
		mp = m - 3
	}
	doy := (153*mp+2)/5 + d.Day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func fromDays(n int) Date {
	n += 719468
	era := floorDiv(n, 146097)
	doe := n - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if mp >= 10 {
		m = mp - 9
	}
	y := yoe + era*400
	if m <= 2 {
		y++
	}
	return Date{y, time.Month(m), day}
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// weekdayOf gives the weekday of day count n; day 0 was a Thursday.
func weekdayOf(n int) time.Weekday {
	w := (n + 4) % 7
	if w < 0 {
		w += 7
	}
	return time.Weekday(w)
}

// normal returns d with out-of-range fields carried over, so a Date built
// as a struct literal indexes the holiday tables safely.
func (d Date) normal() Date { return NewDate(d.Year, d.Month, d.Day) }

func (d Date) valid() bool {
	return d.Month >= time.January && d.Month <= time.December && d.Day >= 1 && d.Day <= daysIn(d.Year, d.Month)
}

// ClockTime is a time of day as councils print it in full: "10.00 am",
// "2.30 pm", or "12 noon".
func ClockTime(t time.Time) string {
	if c := ClockOf(t); c.Hour == 12 && c.Minute == 0 {
		return c.String()
	}
	h, suffix := twelveHour(t.Hour())
	return fmt.Sprintf("%d.%02d %s", h, t.Minute(), suffix)
}

// LongDate is a day as councils print it: "Wednesday 15 January 2025".
func LongDate(t time.Time) string { return t.Format("Monday 2 January 2006") }

// LongDay prints a YYYY-MM-DD day as "15 January 2025", or as it is when
// it is not such a day.
func LongDay(day string) string {
	d, err := ParseDate(day)
	if err != nil {
		return day
	}
	return d.Time(time.UTC).Format("2 January 2006")
}

// When is a meeting's date and time: "Wednesday 15 January 2025, 10.00 am".
func When(t time.Time) string { return LongDate(t) + ", " + ClockTime(t) }
