package dates

import (
	"fmt"
	"strings"
	"time"
)

// Clock is a time of day, as a meeting starts at it.
type Clock struct{ Hour, Minute int }

// ClockOf is the time of day of t in t's own location.
func ClockOf(t time.Time) Clock { return Clock{t.Hour(), t.Minute()} }

// String prints c in council style, short: "10am", "2.30pm", "12 noon".
func (c Clock) String() string {
	if c.Hour == 12 && c.Minute == 0 {
		return "12 noon"
	}
	h, suffix := twelveHour(c.Hour)
	if c.Minute == 0 {
		return fmt.Sprintf("%d%s", h, suffix)
	}
	return fmt.Sprintf("%d.%02d%s", h, c.Minute, suffix)
}

// twelveHour is an hour of the 24-hour clock on the 12-hour one.
func twelveHour(h int) (int, string) {
	suffix := "am"
	if h >= 12 {
		suffix = "pm"
	}
	if h %= 12; h == 0 {
		h = 12
	}
	return h, suffix
}

// ReadClock reads a time of day as a clerk types it: "10am", "10.30am",
// "2.30 pm", "2 p.m.", "14:00", "14.30", "noon" or "12 noon". A bare hour
// from 1 to 12 is refused, since it could be morning or evening. what
// names the time in messages, as "the time of the meeting". A refusal is
// an *InputError.
func ReadClock(what, s string) (Clock, error) {
	typed := strings.TrimSpace(s)
	s = strings.ToLower(strings.Join(strings.Fields(typed), ""))
	s = strings.NewReplacer("a.m.", "am", "p.m.", "pm").Replace(s)
	if s == "" {
		return Clock{}, clockError("Enter " + what)
	}
	switch s {
	case "noon", "12noon", "midday", "12midday":
		return Clock{12, 0}, nil
	case "midnight", "12midnight":
		return Clock{0, 0}, nil
	}
	example := sentence(what) + " must be a time, like 10am, 2.30pm or 14:00"
	suffix := ""
	if rest, ok := strings.CutSuffix(s, "am"); ok {
		s, suffix = rest, "am"
	} else if rest, ok := strings.CutSuffix(s, "pm"); ok {
		s, suffix = rest, "pm"
	}
	hours, minutes, sep := s, "", false
	if i := strings.IndexAny(s, ".:"); i >= 0 {
		hours, minutes, sep = s[:i], s[i+1:], true
	}
	h, ok := number(hours, 2)
	if !ok {
		return Clock{}, clockError(example)
	}
	m := 0
	if sep {
		if m, ok = number(minutes, 2); !ok || len(minutes) != 2 {
			return Clock{}, clockError(example)
		}
	}
	notReal := func(why string) error { return clockError(sentence(what) + " must be a real time: " + why) }
	if m > 59 {
		return Clock{}, notReal("the minutes of an hour go from 00 to 59")
	}
	if suffix == "" {
		switch {
		case h > 23:
			return Clock{}, notReal(fmt.Sprintf("%s does not exist, as the 24-hour clock goes up to 23:59", typed))
		case !sep && h >= 1 && h <= 12:
			return Clock{}, clockError(fmt.Sprintf("%s must say am or pm, for example %dam or %dpm", sentence(what), h, h))
		case !sep && h == 0:
			return Clock{}, clockError(example)
		}
		return Clock{h, m}, nil
	}
	if h < 1 || h > 12 {
		if h > 12 && h < 24 {
			return Clock{}, notReal(fmt.Sprintf("%s does not exist, enter %s or %02d:%02d", typed, Clock{h, m}, h, m))
		}
		return Clock{}, notReal(fmt.Sprintf("%s does not exist: with am or pm, the hour is from 1 to 12", typed))
	}
	h %= 12
	if suffix == "pm" {
		h += 12
	}
	return Clock{h, m}, nil
}

func clockError(msg string) error { return &InputError{Message: msg} }
