package dates

import (
	"errors"
	"testing"
)

const meetingTime = "the time of the meeting"

func TestReadClock(t *testing.T) {
	for in, want := range map[string]Clock{
		"10am": {10, 0}, "10.30am": {10, 30}, "10:30am": {10, 30}, "2pm": {14, 0}, "2 pm": {14, 0}, "2.30 pm": {14, 30},
		"2.30 PM": {14, 30}, "2 p.m.": {14, 0}, "10.30 a.m.": {10, 30}, "14:00": {14, 0}, "14.30": {14, 30}, "9:05": {9, 5},
		"00:00": {0, 0}, "23:59": {23, 59}, "14": {14, 0}, "noon": {12, 0}, "12 noon": {12, 0}, "Noon": {12, 0},
		"midday": {12, 0}, "12pm": {12, 0}, "12.30pm": {12, 30}, "12am": {0, 0}, "midnight": {0, 0}, " 7pm ": {19, 0},
	} {
		if got, err := ReadClock(meetingTime, in); err != nil || got != want {
			t.Errorf("ReadClock(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
}

func TestReadClockRefuses(t *testing.T) {
	for in, want := range map[string]string{
		"":        "Enter the time of the meeting",
		"25:00":   "The time of the meeting must be a real time: 25:00 does not exist, as the 24-hour clock goes up to 23:59",
		"24:00":   "The time of the meeting must be a real time: 24:00 does not exist, as the 24-hour clock goes up to 23:59",
		"13pm":    "The time of the meeting must be a real time: 13pm does not exist, enter 1pm or 13:00",
		"14.30pm": "The time of the meeting must be a real time: 14.30pm does not exist, enter 2.30pm or 14:30",
		"0am":     "The time of the meeting must be a real time: 0am does not exist: with am or pm, the hour is from 1 to 12",
		"10.75am": "The time of the meeting must be a real time: the minutes of an hour go from 00 to 59",
		"14:60":   "The time of the meeting must be a real time: the minutes of an hour go from 00 to 59",
		"10":      "The time of the meeting must say am or pm, for example 10am or 10pm",
		"10.5am":  "The time of the meeting must be a time, like 10am, 2.30pm or 14:00",
		"ten":     "The time of the meeting must be a time, like 10am, 2.30pm or 14:00",
		"10-30":   "The time of the meeting must be a time, like 10am, 2.30pm or 14:00",
		"am":      "The time of the meeting must be a time, like 10am, 2.30pm or 14:00",
		"１０am":    "The time of the meeting must be a time, like 10am, 2.30pm or 14:00",
	} {
		got, err := ReadClock(meetingTime, in)
		var ie *InputError
		if !errors.As(err, &ie) || ie.Message != want || got != (Clock{}) {
			t.Errorf("ReadClock(%q) = %v, %v; want %q", in, got, err, want)
		}
	}
}

func TestClockString(t *testing.T) {
	for c, want := range map[Clock]string{
		{10, 0}: "10am", {14, 30}: "2.30pm", {12, 0}: "12 noon", {12, 30}: "12.30pm", {0, 0}: "12am", {0, 5}: "12.05am", {9, 5}: "9.05am", {23, 59}: "11.59pm",
	} {
		if got := c.String(); got != want {
			t.Errorf("%#v.String() = %q, want %q", c, got, want)
		}
	}
	// Every time of day reads back as printed.
	for h := 0; h < 24; h++ {
		for m := 0; m < 60; m++ {
			c := Clock{h, m}
			if got, err := ReadClock(meetingTime, c.String()); err != nil || got != c {
				t.Fatalf("ReadClock(%q) = %v, %v; want %v", c.String(), got, err, c)
			}
		}
	}
}
