package dates

import (
	"fmt"
	"strings"
	"time"
)

// ClearDaysRequired is the notice an agenda must give (LGA 1972 s100B).
const ClearDaysRequired = 5

// Reading is how a body counts "clear days" for agenda publication.
type Reading string

const (
	// WorkingDays is the default (Kent's): Saturdays, Sundays, bank
	// holidays and council closure days don't count.
	WorkingDays Reading = "working-days"
	// Section243 is the LGA 1972 s243(4) reading some parish councils use:
	// Saturdays count; Sundays, Christmas Day, Good Friday, bank holidays
	// and days of public thanksgiving or mourning are disregarded; council
	// closure days still count. The one day of mourning in the archive's
	// years, the 2022 State Funeral, was a bank holiday, so the bank
	// holidays cover it.
	Section243 Reading = "section-243"
)

// ParseReading reads a Reading; empty means WorkingDays.
func ParseReading(s string) (Reading, error) {
	switch r := Reading(strings.ToLower(strings.TrimSpace(s))); r {
	case "":
		return WorkingDays, nil
	case WorkingDays, Section243:
		return r, nil
	}
	return "", fmt.Errorf("unknown reading %q: use %s or %s", s, WorkingDays, Section243)
}

// Calendar knows which days a council works. It is read-only after
// NewCalendar, so one can be shared between goroutines.
type Calendar struct {
	nation Nation
	tables *nationTables
	common commonTables
	closed map[int]struct{} // by day number
}

// NewCalendar returns the calendar of a council in nation n, with closed
// the days it declared itself closed. An empty n means England and Wales;
// any other value not accepted by ParseNation panics.
func NewCalendar(n Nation, closed []Date) *Calendar {
	if n == "" {
		n = EnglandAndWales
	}
	nt, ok := tables[n]
	if !ok {
		panic(fmt.Sprintf("dates: unknown nation %q", string(n)))
	}
	c := &Calendar{nation: n, tables: nt, common: nt.common()}
	if len(closed) > 0 {
		c.closed = make(map[int]struct{}, len(closed))
		for _, d := range closed {
			c.closed[d.normal().days()] = struct{}{}
		}
	}
	return c
}

// Nation returns the nation whose bank holidays c uses.
func (c *Calendar) Nation() Nation { return c.nation }

func (c *Calendar) year(y int) *yearTable {
	if i := y - firstYear; i >= 0 && i < len(c.common.years) {
		return c.common.years[i]
	}
	return c.tables.year(c.nation, y)
}

// holiday reports whether day number n is a bank holiday.
func (c *Calendar) holiday(n int) bool {
	if n >= firstDay && n < endDay {
		i := n - firstDay
		return c.common.bits[i/64]&(1<<(i%64)) != 0
	}
	d := fromDays(n)
	return c.year(d.Year).has(d)
}

// Holidays returns the bank holidays of c's nation in year, sorted by date.
func (c *Calendar) Holidays(year int) []Holiday {
	return append([]Holiday(nil), c.year(year).list...)
}

// IsBankHoliday reports whether d is a bank holiday (as observed) in c's nation.
func (c *Calendar) IsBankHoliday(d Date) (Holiday, bool) {
	d = d.normal()
	t := c.year(d.Year)
	if !t.has(d) {
		return Holiday{}, false
	}
	for _, h := range t.list {
		if h.Date == d {
			return h, true
		}
	}
	return Holiday{}, false
}

// IsWorkingDay reports whether d is a weekday that is neither a bank
// holiday nor a day the council declared closed.
func (c *Calendar) IsWorkingDay(d Date) bool { return c.counts(d.normal().days(), WorkingDays) }

// counts reports whether day number n counts as a clear day under r. Any
// reading other than Section243 is taken as WorkingDays, the stricter one.
func (c *Calendar) counts(n int, r Reading) bool {
	switch weekdayOf(n) {
	case time.Sunday:
		return false
	case time.Saturday:
		if r != Section243 {
			return false
		}
	}
	if c.holiday(n) {
		return false
	}
	if r == Section243 {
		d := fromDays(n)
		return d.Month != time.December || d.Day != 25
	}
	if c.closed != nil {
		if _, shut := c.closed[n]; shut {
			return false
		}
	}
	return true
}

// PublishBy returns the latest date an agenda can be published for a
// meeting on meeting and still give five clear days under r: the last day
// that counts under r before the fifth such day preceding the meeting. So
// ClearDays(PublishBy(m, r), m, r) is exactly 5, and any later day that
// counts gives fewer. Under WorkingDays the result is a working day; under
// Section243 it may be a Saturday or a closure day, as those count there.
func (c *Calendar) PublishBy(meeting Date, r Reading) Date {
	n := meeting.days()
	for k := 0; k < ClearDaysRequired; {
		n--
		if c.counts(n, r) {
			k++
		}
	}
	for {
		n--
		if c.counts(n, r) {
			return fromDays(n)
		}
	}
}

// ClearDays returns how many days strictly between published and meeting
// count under r; 0 when published is not before meeting.
func (c *Calendar) ClearDays(published, meeting Date, r Reading) int {
	k := 0
	for n, end := published.days()+1, meeting.days(); n < end; n++ {
		if c.counts(n, r) {
			k++
		}
	}
	return k
}

// WorkingDaysUntil returns the working days after today up to and including
// deadline, for a countdown. When the deadline has passed it returns minus
// the working days after the deadline up to and including today, so a
// Friday deadline reads 0 on the Saturday and -1 on the Monday; use
// deadline.Before(today) to tell "overdue" from "due today".
func (c *Calendar) WorkingDaysUntil(today, deadline Date) int {
	a, b := today.days(), deadline.days()
	if b < a {
		return -c.workingIn(b, a)
	}
	return c.workingIn(a, b)
}

// workingIn counts the working days in (a, b].
func (c *Calendar) workingIn(a, b int) int {
	k := 0
	for n := a + 1; n <= b; n++ {
		if c.counts(n, WorkingDays) {
			k++
		}
	}
	return k
}

// callInWorkingDays is how long a published decision stays open to call-in.
const callInWorkingDays = 5

// EffectiveFrom returns the first day a decision subject to call-in and
// published on published can be implemented: the calendar day after the
// fifth working day following publication, whatever day that is.
func (c *Calendar) EffectiveFrom(published Date) Date {
	return c.afterWorkingDays(published, callInWorkingDays)
}

// CallInEnds is the last day a decision published on published can be
// called in: the fifth working day after it, the day before EffectiveFrom.
func (c *Calendar) CallInEnds(published Date) Date { return c.EffectiveFrom(published).AddDays(-1) }

// GeneralExceptionFrom returns the first day a key decision can be taken
// under the general exception (regulation 10 of the 2012 Regulations) after
// its notice on notice: five clear days, counted as agenda days are.
func (c *Calendar) GeneralExceptionFrom(notice Date) Date {
	return c.afterWorkingDays(notice, ClearDaysRequired)
}

// afterWorkingDays is the calendar day after the nth working day following
// from.
func (c *Calendar) afterWorkingDays(from Date, n int) Date {
	d := from.days()
	for k := 0; k < n; {
		d++
		if c.counts(d, WorkingDays) {
			k++
		}
	}
	return fromDays(d + 1)
}

// KeyDecisionFrom returns the first day a key decision can be taken after
// a notice on notice: 28 clear calendar days, so neither the notice day nor
// the decision day counts.
func KeyDecisionFrom(notice Date) Date { return notice.AddDays(keyDecisionClearDays + 1) }

const keyDecisionClearDays = 28
