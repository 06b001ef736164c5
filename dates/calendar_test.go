package dates

import (
	"sync"
	"testing"
	"time"
)

func closedDays(t testing.TB, ss ...string) []Date {
	var ds []Date
	for _, s := range ss {
		ds = append(ds, mustDate(t, s))
	}
	return ds
}

func TestPublishBy(t *testing.T) {
	closedNewYear := []string{"2025-12-29", "2025-12-30", "2025-12-31"}
	tests := []struct {
		name    string
		nation  Nation
		closed  []string
		reading Reading
		meeting string
		want    string
	}{
		// DOMAIN.md's worked examples.
		{"Wed meeting", EnglandAndWales, nil, WorkingDays, "2025-01-15", "2025-01-07"},
		{"Mon meeting", EnglandAndWales, nil, WorkingDays, "2025-01-13", "2025-01-03"},

		// Christmas and New Year.
		{"2025 New Year's Day on Wed", EnglandAndWales, nil, WorkingDays, "2025-01-08", "2024-12-30"},
		{"back to Christmas Eve 2024", EnglandAndWales, nil, WorkingDays, "2025-01-06", "2024-12-24"},
		{"2020 Boxing Day substitute Mon 28", EnglandAndWales, nil, WorkingDays, "2021-01-04", "2020-12-22"},
		{"2021-22 three substitute days", EnglandAndWales, nil, WorkingDays, "2022-01-04", "2021-12-22"},
		{"2021-22 E&W works 4 Jan", EnglandAndWales, nil, WorkingDays, "2022-01-05", "2021-12-23"},
		{"2021-22 Scotland has 4 Jan off", Scotland, nil, WorkingDays, "2022-01-05", "2021-12-22"},
		{"2022-23 Christmas on Sun", EnglandAndWales, nil, WorkingDays, "2023-01-05", "2022-12-23"},
		{"2024 New Year's Day on Mon", EnglandAndWales, nil, WorkingDays, "2024-01-10", "2024-01-02"},

		// Easter.
		{"Easter 2025", EnglandAndWales, nil, WorkingDays, "2025-04-23", "2025-04-11"},
		{"Easter 2025, Scotland works Easter Monday", Scotland, nil, WorkingDays, "2025-04-23", "2025-04-14"},
		{"Easter 2024", EnglandAndWales, nil, WorkingDays, "2024-04-02", "2024-03-21"},
		{"St Patrick's Day substitute 2024, E&W", EnglandAndWales, nil, WorkingDays, "2024-03-25", "2024-03-15"},
		{"St Patrick's Day substitute 2024, NI", NorthernIreland, nil, WorkingDays, "2024-03-25", "2024-03-14"},

		// One-off days.
		{"VE Day 2020; 4 May was a working day", EnglandAndWales, nil, WorkingDays, "2020-05-13", "2020-05-04"},
		{"Platinum Jubilee 2022; 30 May was a working day", EnglandAndWales, nil, WorkingDays, "2022-06-08", "2022-05-27"},
		{"State Funeral 2022", EnglandAndWales, nil, WorkingDays, "2022-09-22", "2022-09-13"},
		{"State Funeral 2022, NI", NorthernIreland, nil, WorkingDays, "2022-09-22", "2022-09-13"},
		{"Coronation 2023 after Early May", EnglandAndWales, nil, WorkingDays, "2023-05-10", "2023-04-28"},

		// Weekends.
		{"Mon meeting", EnglandAndWales, nil, WorkingDays, "2025-03-03", "2025-02-21"},
		{"Tue meeting", EnglandAndWales, nil, WorkingDays, "2025-03-04", "2025-02-24"},
		{"Fri meeting", EnglandAndWales, nil, WorkingDays, "2025-03-07", "2025-02-27"},
		{"Sat meeting", EnglandAndWales, nil, WorkingDays, "2025-03-08", "2025-02-28"},

		// Council closure days.
		{"no closure", EnglandAndWales, nil, WorkingDays, "2026-01-07", "2025-12-29"},
		{"closed 29-31 Dec", EnglandAndWales, closedNewYear, WorkingDays, "2026-01-07", "2025-12-22"},
		{"closure counts under s243", EnglandAndWales, closedNewYear, Section243, "2026-01-07", "2025-12-30"},

		// Section 243: Saturdays count, so the deadline is later.
		{"s243 Mon meeting", EnglandAndWales, nil, Section243, "2025-01-13", "2025-01-06"},
		{"s243 Wed meeting", EnglandAndWales, nil, Section243, "2025-01-15", "2025-01-08"},
		{"s243 before Christmas", EnglandAndWales, nil, Section243, "2025-12-29", "2025-12-19"},
		{"working days before Christmas", EnglandAndWales, nil, WorkingDays, "2025-12-29", "2025-12-17"},
		{"s243 Christmas Day on a Saturday is disregarded", EnglandAndWales, nil, Section243, "2027-12-31", "2027-12-21"},
		{"s243 Good Friday; a Saturday deadline", EnglandAndWales, nil, Section243, "2025-04-22", "2025-04-12"},
		{"working days over Easter", EnglandAndWales, nil, WorkingDays, "2025-04-22", "2025-04-10"},

		// An unset reading is the default one.
		{"empty reading", EnglandAndWales, nil, "", "2025-01-15", "2025-01-07"},
	}
	for _, tt := range tests {
		c := NewCalendar(tt.nation, closedDays(t, tt.closed...))
		got := c.PublishBy(mustDate(t, tt.meeting), tt.reading)
		if got.String() != tt.want {
			t.Errorf("%s: %s PublishBy(%s, %q) = %s (%s), want %s", tt.name, tt.nation, tt.meeting, tt.reading, got, got.Weekday(), tt.want)
		}
	}
}

func TestSection243IsLaterThanWorkingDays(t *testing.T) {
	c := NewCalendar(EnglandAndWales, nil)
	for m := NewDate(2018, 1, 1); m.Year <= 2030; m = m.AddDays(1) {
		wd, s := c.PublishBy(m, WorkingDays), c.PublishBy(m, Section243)
		if s.Before(wd) {
			t.Fatalf("meeting %s: Section243 PublishBy %s is earlier than WorkingDays %s", m, s, wd)
		}
	}
	m := mustDate(t, "2025-01-13")
	if wd, s := c.PublishBy(m, WorkingDays), c.PublishBy(m, Section243); !wd.Before(s) {
		t.Errorf("meeting %s: got WorkingDays %s, Section243 %s; want Section243 later", m, wd, s)
	}
}

// counts is the test's own statement of which days count under r, built
// only from the exported lookups.
func counts(c *Calendar, d Date, r Reading) bool {
	if r != Section243 {
		return c.IsWorkingDay(d)
	}
	_, hol := c.IsBankHoliday(d)
	christmas := d.Month == time.December && d.Day == 25
	return d.Weekday() != time.Sunday && !hol && !christmas
}

func refClearDays(c *Calendar, p, m Date, r Reading) int {
	k := 0
	for d := p.AddDays(1); d.Before(m); d = d.AddDays(1) {
		if counts(c, d, r) {
			k++
		}
	}
	return k
}

// For every meeting date 2018-2030, with p = PublishBy(m):
//   - p is before m and is itself a day that counts under r (a working day
//     under WorkingDays), so it is a day the agenda can go out;
//   - exactly five days strictly between p and m count (at least five is the
//     law; more would mean a later day would also do);
//   - every later day q before m either does not count under r or leaves
//     fewer than five clear days; in particular ClearDays(p+1, m) < 5 or p+1
//     does not count (a Friday p has p+1 a Saturday still giving five).
func TestPublishByProperty(t *testing.T) {
	closed := closedDays(t, "2019-12-23", "2019-12-24", "2019-12-27", "2019-12-30", "2019-12-31",
		"2024-08-27", "2024-08-28", "2029-03-20")
	for _, n := range allNations {
		for _, cal := range []*Calendar{NewCalendar(n, nil), NewCalendar(n, closed)} {
			for _, r := range []Reading{WorkingDays, Section243} {
				for m := NewDate(2018, 1, 1); m.Year <= 2030; m = m.AddDays(1) {
					p := cal.PublishBy(m, r)
					if !p.Before(m) || !counts(cal, p, r) {
						t.Fatalf("%s %s closed=%d: PublishBy(%s) = %s, not a counting day before the meeting", n, r, len(cal.closed), m, p)
					}
					if got, ref := cal.ClearDays(p, m, r), refClearDays(cal, p, m, r); got != ClearDaysRequired || ref != got {
						t.Fatalf("%s %s: ClearDays(%s, %s) = %d (reference %d), want %d", n, r, p, m, got, ref, ClearDaysRequired)
					}
					next := p.AddDays(1)
					if got := cal.ClearDays(next, m, r); got >= ClearDaysRequired && counts(cal, next, r) {
						t.Fatalf("%s %s: publishing on %s, the day after PublishBy(%s) = %s, gives %d clear days", n, r, next, m, p, got)
					}
					for q := next; q.Before(m); q = q.AddDays(1) {
						if counts(cal, q, r) {
							if got := cal.ClearDays(q, m, r); got != ClearDaysRequired-1 {
								t.Fatalf("%s %s: next counting day %s after %s gives %d clear days, want %d", n, r, q, p, got, ClearDaysRequired-1)
							}
							break
						}
					}
				}
			}
		}
	}
}

func TestClearDays(t *testing.T) {
	c := NewCalendar(EnglandAndWales, nil)
	tests := []struct {
		published, meeting string
		reading            Reading
		want               int
	}{
		{"2025-01-07", "2025-01-15", WorkingDays, 5},
		{"2025-01-08", "2025-01-15", WorkingDays, 4},
		{"2025-01-08", "2025-01-15", Section243, 5},
		{"2025-01-14", "2025-01-15", WorkingDays, 0},
		{"2025-01-15", "2025-01-15", WorkingDays, 0},
		{"2025-01-20", "2025-01-15", WorkingDays, 0},
		{"2024-12-20", "2025-01-06", WorkingDays, 7},
		{"2024-12-20", "2025-01-06", Section243, 10},
	}
	for _, tt := range tests {
		got := c.ClearDays(mustDate(t, tt.published), mustDate(t, tt.meeting), tt.reading)
		if got != tt.want {
			t.Errorf("ClearDays(%s, %s, %s) = %d, want %d", tt.published, tt.meeting, tt.reading, got, tt.want)
		}
	}
}

func TestWorkingDaysUntil(t *testing.T) {
	tests := []struct {
		name            string
		closed          []string
		today, deadline string
		want            int
	}{
		{"same week", nil, "2025-01-06", "2025-01-10", 4},
		{"due today", nil, "2025-01-10", "2025-01-10", 0},
		{"over Christmas", nil, "2024-12-20", "2025-01-03", 7},
		{"due Monday, seen on Saturday", nil, "2025-01-11", "2025-01-13", 1},
		{"Friday deadline on Saturday", nil, "2025-01-11", "2025-01-10", 0},
		{"one working day overdue", nil, "2025-01-13", "2025-01-10", -1},
		{"three working days overdue", nil, "2025-01-15", "2025-01-10", -3},
		{"overdue across Christmas", nil, "2024-12-27", "2024-12-24", -1},
		{"closure days skipped", []string{"2025-12-29", "2025-12-30", "2025-12-31"}, "2025-12-24", "2026-01-02", 1},
	}
	for _, tt := range tests {
		c := NewCalendar(EnglandAndWales, closedDays(t, tt.closed...))
		if got := c.WorkingDaysUntil(mustDate(t, tt.today), mustDate(t, tt.deadline)); got != tt.want {
			t.Errorf("%s: WorkingDaysUntil(%s, %s) = %d, want %d", tt.name, tt.today, tt.deadline, got, tt.want)
		}
	}
}

func TestEffectiveFrom(t *testing.T) {
	tests := []struct {
		name      string
		nation    Nation
		published string
		want      string
	}{
		{"DOMAIN.md example", EnglandAndWales, "2024-02-23", "2024-03-02"},
		{"Monday publication", EnglandAndWales, "2025-03-24", "2025-04-01"},
		{"Saturday publication", EnglandAndWales, "2025-03-01", "2025-03-08"},
		{"over Easter", EnglandAndWales, "2025-04-17", "2025-04-29"},
		{"over Easter, Scotland", Scotland, "2025-04-17", "2025-04-26"},
		{"over Christmas", EnglandAndWales, "2025-12-22", "2026-01-01"},
		{"over the State Funeral", EnglandAndWales, "2022-09-16", "2022-09-27"},
	}
	for _, tt := range tests {
		c := NewCalendar(tt.nation, nil)
		if got := c.EffectiveFrom(mustDate(t, tt.published)); got.String() != tt.want {
			t.Errorf("%s: %s EffectiveFrom(%s) = %s, want %s", tt.name, tt.nation, tt.published, got, tt.want)
		}
	}
}

func TestKeyDecisionFrom(t *testing.T) {
	tests := []struct{ notice, want string }{
		{"2023-11-01", "2023-11-30"},
		{"2024-02-01", "2024-03-01"},
		{"2025-02-01", "2025-03-02"},
		{"2025-12-15", "2026-01-13"},
	}
	for _, tt := range tests {
		n := mustDate(t, tt.notice)
		got := KeyDecisionFrom(n)
		if got.String() != tt.want {
			t.Errorf("KeyDecisionFrom(%s) = %s, want %s", tt.notice, got, tt.want)
		}
		if clear := DaysBetween(n, got) - 1; clear != 28 {
			t.Errorf("KeyDecisionFrom(%s) leaves %d clear days, want 28", tt.notice, clear)
		}
	}
}

func TestParseReading(t *testing.T) {
	tests := []struct {
		in      string
		want    Reading
		wantErr bool
	}{
		{"", WorkingDays, false},
		{"working-days", WorkingDays, false},
		{"section-243", Section243, false},
		{"Section-243", Section243, false},
		{"s243", "", true},
		{"calendar-days", "", true},
	}
	for _, tt := range tests {
		got, err := ParseReading(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("ParseReading(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err != nil && (!contains(err.Error(), "working-days") || !contains(err.Error(), "section-243")) {
			t.Errorf("ParseReading(%q) error %q does not list the accepted values", tt.in, err)
		}
	}
}

// Struct-literal dates that are out of range are read as NewDate would
// read them rather than panicking in the table lookups.
func TestUnnormalisedDates(t *testing.T) {
	c := NewCalendar(EnglandAndWales, []Date{{2025, time.April, 31}})
	c.IsWorkingDay(Date{})
	c.IsBankHoliday(Date{})
	if h, ok := c.IsBankHoliday(Date{2025, time.December, 32}); !ok || h.Date != NewDate(2026, 1, 1) {
		t.Errorf("IsBankHoliday(2025-12-32) = %v, %v; want New Year's Day 2026", h, ok)
	}
	if c.IsWorkingDay(NewDate(2025, time.May, 1)) {
		t.Errorf("IsWorkingDay(2025-05-01) = true with 2025-04-31 declared closed, want false")
	}
}

func TestCalendarConcurrentUse(t *testing.T) {
	c := NewCalendar(NorthernIreland, closedDays(t, "2025-12-29"))
	var wg sync.WaitGroup
	results := make([]Date, 8)
	for i := range results {
		wg.Go(func() {
			for m := NewDate(2025, 1, 1); m.Year == 2025; m = m.AddDays(1) {
				results[i] = c.PublishBy(m, WorkingDays)
			}
			c.Holidays(2400 + i)
		})
	}
	wg.Wait()
	for i, r := range results {
		if r != results[0] {
			t.Errorf("goroutine %d got %s, goroutine 0 got %s", i, r, results[0])
		}
	}
}

func BenchmarkPublishBy(b *testing.B) {
	c := NewCalendar(EnglandAndWales, closedDays(b, "2025-12-29", "2025-12-30", "2025-12-31"))
	start := NewDate(2018, 1, 1)
	const span = 13 * 365
	i := 0
	for b.Loop() {
		c.PublishBy(start.AddDays(i%span), WorkingDays)
		i++
	}
}
