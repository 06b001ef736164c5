package dates

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func mustDate(t testing.TB, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want Date
	}{
		{"2025-01-15", Date{2025, time.January, 15}},
		{"2024-02-29", Date{2024, time.February, 29}},
		{"2000-02-29", Date{2000, time.February, 29}},
		{"0001-01-01", Date{1, time.January, 1}},
		{"9999-12-31", Date{9999, time.December, 31}},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, nil", tt.in, got, err, tt.want)
		}
	}
}

func TestParseDateErrors(t *testing.T) {
	for _, in := range []string{
		"",
		"2025-13-01",
		"2025-00-10",
		"2025-02-30",
		"2025-02-29", // not a leap year
		"1900-02-29", // nor is 1900
		"2025-04-31",
		"2025-01-00",
		"2025-01-32",
		"0000-01-01",
		"2025-1-15",
		"2025-01-5",
		"25-01-15",
		"15/01/2025",
		"2025/01/15",
		"20250115",
		"2025-01-15T00:00:00Z",
		" 2025-01-15",
		"2025-01-15 ",
		"+025-01-15",
		"2025-0a-15",
		"２０２５-01-15",
	} {
		got, err := ParseDate(in)
		if err == nil {
			t.Errorf("ParseDate(%q) = %v, nil; want an error", in, got)
			continue
		}
		if got != (Date{}) {
			t.Errorf("ParseDate(%q) returned %v with its error, want the zero Date", in, got)
		}
		msg := err.Error()
		if !contains(msg, "YYYY-MM-DD") || !contains(msg, "2025-01-15") {
			t.Errorf("ParseDate(%q) error %q does not name the expected form", in, msg)
		}
	}
	_, err := ParseDate("2025-13-01")
	want := `"2025-13-01" is not a date: use YYYY-MM-DD, for example 2025-01-15`
	if err == nil || err.Error() != want {
		t.Errorf("ParseDate(\"2025-13-01\") error = %v, want %s", err, want)
	}
}

func TestNewDateNormalises(t *testing.T) {
	tests := []struct {
		y    int
		m    time.Month
		d    int
		want string
	}{
		{2025, time.January, 15, "2025-01-15"},
		{2025, time.February, 30, "2025-03-02"},
		{2024, time.February, 30, "2024-03-01"},
		{2025, time.December, 32, "2026-01-01"},
		{2025, 13, 1, "2026-01-01"},
		{2025, time.January, 0, "2024-12-31"},
	}
	for _, tt := range tests {
		if got := NewDate(tt.y, tt.m, tt.d).String(); got != tt.want {
			t.Errorf("NewDate(%d, %d, %d) = %s, want %s", tt.y, tt.m, tt.d, got, tt.want)
		}
	}
}

func TestString(t *testing.T) {
	tests := []struct {
		d    Date
		want string
	}{
		{NewDate(2025, time.January, 15), "2025-01-15"},
		{NewDate(987, time.November, 3), "0987-11-03"},
		{Date{}, "0000-00-00"},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.d, got, tt.want)
		}
	}
}

// The day-count arithmetic must agree with the time package on every day
// across several centuries, leap years included.
func TestDayArithmeticAgreesWithTime(t *testing.T) {
	start := time.Date(1890, time.January, 1, 12, 0, 0, 0, time.UTC)
	d0 := NewDate(1890, time.January, 1)
	for i := 0; i < 200*366; i++ {
		tm := start.AddDate(0, 0, i)
		want := DateOf(tm)
		if got := d0.AddDays(i); got != want {
			t.Fatalf("%s.AddDays(%d) = %s, want %s", d0, i, got, want)
		}
		if got := want.Weekday(); got != tm.Weekday() {
			t.Fatalf("%s.Weekday() = %s, want %s", want, got, tm.Weekday())
		}
		if got := DaysBetween(d0, want); got != i {
			t.Fatalf("DaysBetween(%s, %s) = %d, want %d", d0, want, got, i)
		}
		if got := want.AddDays(-i); got != d0 {
			t.Fatalf("%s.AddDays(%d) = %s, want %s", want, -i, got, d0)
		}
	}
}

func TestAddDays(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2024-02-28", 1, "2024-02-29"},
		{"2024-02-28", 2, "2024-03-01"},
		{"2025-02-28", 1, "2025-03-01"},
		{"2024-12-31", 1, "2025-01-01"},
		{"2025-01-01", -1, "2024-12-31"},
		{"2025-01-15", 0, "2025-01-15"},
		{"2025-03-30", -365, "2024-03-30"},
	}
	for _, tt := range tests {
		if got := mustDate(t, tt.from).AddDays(tt.n).String(); got != tt.want {
			t.Errorf("%s.AddDays(%d) = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}

func TestDaysBetween(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"2025-01-01", "2025-01-01", 0},
		{"2025-01-01", "2025-01-15", 14},
		{"2025-01-15", "2025-01-01", -14},
		{"2024-01-01", "2025-01-01", 366},
		{"2023-11-01", "2023-11-30", 29},
	}
	for _, tt := range tests {
		if got := DaysBetween(mustDate(t, tt.a), mustDate(t, tt.b)); got != tt.want {
			t.Errorf("DaysBetween(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestCompare(t *testing.T) {
	a, b := mustDate(t, "2024-12-31"), mustDate(t, "2025-01-01")
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"a.Before(b)", a.Before(b), true},
		{"b.Before(a)", b.Before(a), false},
		{"a.Before(a)", a.Before(a), false},
		{"b.After(a)", b.After(a), true},
		{"a.After(b)", a.After(b), false},
		{"a.After(a)", a.After(a), false},
		{"Date{}.IsZero()", Date{}.IsZero(), true},
		{"a.IsZero()", a.IsZero(), false},
		{"Nov before Dec", mustDate(t, "2025-11-30").Before(mustDate(t, "2025-12-01")), true},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

func TestDateOfAndTime(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	// 23:30 UTC on 30 June is already 1 July in London (BST).
	tm := time.Date(2025, time.June, 30, 23, 30, 0, 0, time.UTC)
	if got, want := DateOf(tm), NewDate(2025, time.June, 30); got != want {
		t.Errorf("DateOf(%v) = %s, want %s", tm, got, want)
	}
	if got, want := DateOf(tm.In(london)), NewDate(2025, time.July, 1); got != want {
		t.Errorf("DateOf(%v) = %s, want %s", tm.In(london), got, want)
	}
	d := NewDate(2025, time.March, 30) // the day the clocks go forward
	m := d.Time(london)
	if m.Hour() != 0 || m.Minute() != 0 || DateOf(m) != d || m.Location() != london {
		t.Errorf("%s.Time(London) = %v, want midnight of that day in London", d, m)
	}
	if got := d.Time(nil); got.Location() != time.UTC || DateOf(got) != d {
		t.Errorf("%s.Time(nil) = %v, want midnight UTC", d, got)
	}
}

func TestDateJSON(t *testing.T) {
	type doc struct {
		When Date `json:"when"`
	}
	tests := []struct {
		d    Date
		json string
	}{
		{NewDate(2025, time.January, 15), `{"when":"2025-01-15"}`},
		{Date{}, `{"when":""}`},
	}
	for _, tt := range tests {
		b, err := json.Marshal(doc{tt.d})
		if err != nil || string(b) != tt.json {
			t.Errorf("Marshal(%v) = %s, %v; want %s", tt.d, b, err, tt.json)
		}
		var back doc
		if err := json.Unmarshal([]byte(tt.json), &back); err != nil || back.When != tt.d {
			t.Errorf("Unmarshal(%s) = %v, %v; want %v", tt.json, back.When, err, tt.d)
		}
	}
	var back doc
	if err := json.Unmarshal([]byte(`{"when":"2025-02-30"}`), &back); err == nil {
		t.Errorf("Unmarshal of 2025-02-30: got no error")
	}
}

func TestClockTime(t *testing.T) {
	tests := map[string]string{"10:00": "10.00 am", "14:30": "2.30 pm", "00:05": "12.05 am", "12:00": "12 noon", "12:30": "12.30 pm"}
	for in, want := range tests {
		at, _ := time.Parse("15:04", in)
		if got := ClockTime(at); got != want {
			t.Errorf("ClockTime(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestCouncilDates(t *testing.T) {
	at := time.Date(2025, 1, 15, 12, 0, 0, 0, time.UTC)
	if got := When(at); got != "Wednesday 15 January 2025, 12 noon" {
		t.Errorf("When = %q", got)
	}
	if got := LongDay("2025-01-15"); got != "15 January 2025" {
		t.Errorf("LongDay = %q", got)
	}
	if got := LongDay("not a day"); got != "not a day" {
		t.Errorf("LongDay of text = %q", got)
	}
}

// FuzzParseDate: whatever is typed, a date is either refused or read back
// exactly as written, and agrees with the standard library's calendar. The
// forms' readers, of a whole date, of a date input's three boxes (the text
// cut at "|") and of a time, either refuse it with a message and the parts
// at fault or give a real date or time that reads back as printed.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025-01-15", "2024-02-29", "2023-02-29", "0000-01-01", "9999-12-31", "2025-1-15", "15/01/2025", "2025-13-01", "２０２５-01-15", "-025-01-15",
		" 29 / 12 / 2026 ", "29 December 2026", "Tuesday 29 Dec 2026", "29th Dec 2026", "29/02/2027", "29|12|2026", "|12|26", "29/12/2026||", "10.30am", "13pm", "25:00", "noon"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkTyped(t, "ReadText", s)(ReadText("the date", s))
		day, rest, _ := strings.Cut(s, "|")
		month, year, _ := strings.Cut(rest, "|")
		checkTyped(t, "ReadInput", s)(ReadInput("the date", day, month, year))
		if c, err := ReadClock("the time", s); err != nil {
			if ie, ok := err.(*InputError); !ok || ie.Message == "" || c != (Clock{}) {
				t.Fatalf("ReadClock(%q) = %v, %v", s, c, err)
			}
		} else if c.Hour < 0 || c.Hour > 23 || c.Minute < 0 || c.Minute > 59 {
			t.Fatalf("ReadClock(%q) = %v", s, c)
		} else if back, err := ReadClock("the time", c.String()); err != nil || back != c {
			t.Fatalf("ReadClock(%q) = %v, which reads back as %v, %v", s, c, back, err)
		}

		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q) reads back as %q", s, d.String())
		}
		std, err := time.Parse("2006-01-02", s)
		if err != nil || std.Year() != d.Year || std.Month() != d.Month || std.Day() != d.Day {
			t.Fatalf("ParseDate(%q) = %v, but the standard library says %v (%v)", s, d, std, err)
		}
		if got := d.AddDays(1).AddDays(-1); got != d {
			t.Fatalf("%v + 1 day - 1 day = %v", d, got)
		}
		// What the API and links write, the forms read the same way.
		if got, err := ReadText("the date", s); InRecordedYears(d.Year) && (err != nil || got != d) {
			t.Fatalf("ParseDate(%q) = %v but ReadText gives %v, %v", s, d, got, err)
		}
	})
}

// checkTyped checks a form reader's answer to s.
func checkTyped(t *testing.T, reader, s string) func(Date, error) {
	return func(d Date, err error) {
		t.Helper()
		if err != nil {
			ie, ok := err.(*InputError)
			if !ok || ie.Message == "" || strings.Contains(ie.Message, "%!") || ie.Parts == 0 || ie.Parts&^AllParts != 0 || d != (Date{}) {
				t.Fatalf("%s(%q) = %v, %#v", reader, s, d, err)
			}
			return
		}
		if !d.valid() || !InRecordedYears(d.Year) {
			t.Fatalf("%s(%q) = %v, not a date of the record", reader, s, d)
		}
		std := d.Time(time.UTC)
		if DateOf(std) != d {
			t.Fatalf("%s(%q) = %v, but the standard library says %v", reader, s, d, std)
		}
		for _, layout := range []string{"2006-01-02", "2 January 2006", "02/01/2006"} {
			if back, err := ReadText("the date", std.Format(layout)); err != nil || back != d {
				t.Fatalf("%s(%q) = %v, which reads back from %q as %v, %v", reader, s, d, std.Format(layout), back, err)
			}
		}
	}
}
