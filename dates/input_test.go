package dates

import (
	"errors"
	"testing"
	"time"
)

const meetingDate = "the date of the meeting"

func TestReadText(t *testing.T) {
	want := Date{2026, time.December, 29}
	for _, in := range []string{
		"29/12/2026", "29-12-2026", "29.12.2026", "29 12 2026", "29 December 2026", "29 Dec 2026",
		"29 DECEMBER 2026", "29 dec 2026", "2026-12-29", " 29 / 12 / 2026 ", "29/12/2026\t",
		"Tuesday 29 December 2026", "tue 29 dec 2026", "29th December 2026", "December 29, 2026", "2026/12/29",
	} {
		if got, err := ReadText(meetingDate, in); err != nil || got != want {
			t.Errorf("ReadText(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for in, want := range map[string]Date{
		"29/02/2028":       {2028, time.February, 29},
		"1/3/2027":         {2027, time.March, 1},
		"01 03 2027":       {2027, time.March, 1},
		"3 Sept 2027":      {2027, time.September, 3},
		"1 January 1900":   {1900, time.January, 1},
		"31 December 2199": {2199, time.December, 31},
	} {
		if got, err := ReadText(meetingDate, in); err != nil || got != want {
			t.Errorf("ReadText(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
}

func TestReadTextRefuses(t *testing.T) {
	tests := []struct {
		in    string
		parts Parts
		want  string
	}{
		{"", AllParts, "Enter the date of the meeting"},
		{"   ", AllParts, "Enter the date of the meeting"},
		{"29/02/2027", DayPart, "29 February 2027 does not exist: February 2027 has 28 days"},
		{"29/02/1900", DayPart, "29 February 1900 does not exist: February 1900 has 28 days"},
		{"31/04/2026", DayPart, "31 April 2026 does not exist: April 2026 has 30 days"},
		{"00/12/2026", DayPart, "The date of the meeting must be a real date: the days of a month start at 1"},
		{"32/01/2026", DayPart, "The date of the meeting must be a real date: no month has 32 days"},
		{"2026-13-01", MonthPart, "The date of the meeting must be a real date: there is no month 13"},
		{"29/00/2026", MonthPart, "The date of the meeting must be a real date: there is no month 0"},
		{"29/12/26", YearPart, "The date of the meeting must include the full year, for example 2026"},
		{"29 Dec 27", YearPart, "The date of the meeting must include the full year, for example 2027"},
		{"29/12/202", YearPart, "The date of the meeting must include the full year, in 4 numbers"},
		{"29/12", YearPart, "The date of the meeting must include a year"},
		{"29 December", YearPart, "The date of the meeting must include a year"},
		{"December 2026", DayPart, "The date of the meeting must include a day"},
		{"12/2026", DayPart, "The date of the meeting must include a day"},
		{"29", MonthPart | YearPart, "The date of the meeting must include a month and year"},
		{"2026", DayPart | MonthPart, "The date of the meeting must include a day and month"},
		{"29 Decembr 2026", AllParts, "The date of the meeting must be a real date"},
		{"29 December 2026 2027", AllParts, "The date of the meeting must be a real date"},
		{"29 December January", AllParts, "The date of the meeting must be a real date"},
		{"２９/12/2026", AllParts, "The date of the meeting must be a real date"},
		{"29122026", AllParts, "The date of the meeting must be a real date"},
		{"29/12/20266", YearPart, "The date of the meeting must be a real date"},
		{"029/12/2026", DayPart, "The date of the meeting must be a real date"},
		{"2026-12-29T10:00", AllParts, "The date of the meeting must be a real date"},
		{"29/12/2300", YearPart, "Enter a year from 1900 to 2199"},
		{"0000-01-01", YearPart, "Enter a year from 1900 to 2199"},
		{"Monday 29 December 2026", AllParts, "29 December 2026 is a Tuesday, not a Monday: check the date"},
		{"-/.", AllParts, "The date of the meeting must be a real date"},
	}
	for _, tt := range tests {
		got, err := ReadText(meetingDate, tt.in)
		checkRefusal(t, "ReadText("+quote(tt.in)+")", got, err, tt.parts, tt.want)
	}
}

func TestReadInput(t *testing.T) {
	tests := []struct {
		day, month, year string
		want             Date
	}{
		{"29", "12", "2026", Date{2026, time.December, 29}},
		{"01", "03", "2027", Date{2027, time.March, 1}},
		{" 1 ", " 3 ", " 2027 ", Date{2027, time.March, 1}},
		{"29", "Dec", "2026", Date{2026, time.December, 29}},
		{"29", "DECEMBER", "2026", Date{2026, time.December, 29}},
		{"29", "2", "2028", Date{2028, time.February, 29}},
		// A whole date typed into the day box.
		{"29/12/2026", "", "", Date{2026, time.December, 29}},
		{"2026-12-29", "", "", Date{2026, time.December, 29}},
		{"29 December 2026", "", "", Date{2026, time.December, 29}},
	}
	for _, tt := range tests {
		if got, err := ReadInput(meetingDate, tt.day, tt.month, tt.year); err != nil || got != tt.want {
			t.Errorf("ReadInput(%q, %q, %q) = %v, %v; want %v", tt.day, tt.month, tt.year, got, err, tt.want)
		}
	}
}

func TestReadInputRefuses(t *testing.T) {
	tests := []struct {
		day, month, year string
		parts            Parts
		want             string
	}{
		{"", "", "", AllParts, "Enter the date of the meeting"},
		{" ", "\t", " ", AllParts, "Enter the date of the meeting"},
		{"29", "", "2026", MonthPart, "The date of the meeting must include a month"},
		{"", "12", "2026", DayPart, "The date of the meeting must include a day"},
		{"29", "12", "", YearPart, "The date of the meeting must include a year"},
		{"29", "", "", MonthPart | YearPart, "The date of the meeting must include a month and year"},
		{"", "12", "", DayPart | YearPart, "The date of the meeting must include a day and year"},
		{"x", "12", "2026", DayPart, "The date of the meeting must be a real date"},
		{"29", "12", "twenty", YearPart, "The date of the meeting must be a real date"},
		{"x", "y", "z", AllParts, "The date of the meeting must be a real date"},
		{"29th", "12", "2026", DayPart, "The date of the meeting must be a real date"},
		{"29", "12", "26", YearPart, "The date of the meeting must include the full year, for example 2026"},
		{"30", "2", "2027", DayPart, "30 February 2027 does not exist: February 2027 has 28 days"},
		{"29", "13", "2026", MonthPart, "The date of the meeting must be a real date: there is no month 13"},
		{"0", "12", "2026", DayPart, "The date of the meeting must be a real date: the days of a month start at 1"},
		{"1", "1", "2200", YearPart, "Enter a year from 1900 to 2199"},
		// Typed all in the day box, it is the day box to fix.
		{"29/02/2027", "", "", DayPart, "29 February 2027 does not exist: February 2027 has 28 days"},
		{"29/12/26", "", "", DayPart, "The date of the meeting must include the full year, for example 2026"},
		{"29/12", "", "", DayPart, "The date of the meeting must include a year"},
	}
	for _, tt := range tests {
		got, err := ReadInput(meetingDate, tt.day, tt.month, tt.year)
		checkRefusal(t, "ReadInput("+quote(tt.day)+", "+quote(tt.month)+", "+quote(tt.year)+")", got, err, tt.parts, tt.want)
	}
}

// The caller names the date.
func TestReadInputNamesTheDateAsTold(t *testing.T) {
	_, err := ReadInput("the date the action is due", "", "3", "2027")
	if err == nil || err.Error() != "The date the action is due must include a day" {
		t.Errorf("error = %v", err)
	}
	_, err = ReadText("the date the action is due", "")
	if err == nil || err.Error() != "Enter the date the action is due" {
		t.Errorf("error = %v", err)
	}
}

// Every day of the recorded years reads back from the ways the service and
// people write it.
func TestReadTextReadsBackEveryDay(t *testing.T) {
	for d := (Date{FirstYear, time.January, 1}); d.Year <= LastYear; d = d.AddDays(1) {
		tm := d.Time(time.UTC)
		for _, layout := range []string{"2006-01-02", "2 January 2006", "Monday 2 January 2006", "02/01/2006", "2.1.2006", "2 Jan 2006"} {
			s := tm.Format(layout)
			if got, err := ReadText(meetingDate, s); err != nil || got != d {
				t.Fatalf("ReadText(%q) = %v, %v; want %v", s, got, err, d)
			}
		}
		if got, err := ReadInput(meetingDate, tm.Format("2"), tm.Format("1"), tm.Format("2006")); err != nil || got != d {
			t.Fatalf("ReadInput of %v = %v, %v", d, got, err)
		}
	}
}

func checkRefusal(t *testing.T, call string, got Date, err error, parts Parts, want string) {
	t.Helper()
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Errorf("%s = %v, %v; want an *InputError", call, got, err)
		return
	}
	if got != (Date{}) {
		t.Errorf("%s returned %v with its error, want the zero Date", call, got)
	}
	if ie.Message != want || ie.Parts != parts {
		t.Errorf("%s: %q on parts %03b; want %q on %03b", call, ie.Message, ie.Parts, want, parts)
	}
}

func quote(s string) string { return `"` + s + `"` }
