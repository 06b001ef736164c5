package dates

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/gb"
)

// Nation is a UK jurisdiction with its own bank holidays.
type Nation string

const (
	EnglandAndWales Nation = "england-and-wales"
	Scotland        Nation = "scotland"
	NorthernIreland Nation = "northern-ireland"
)

// ParseNation reads a nation as spelled in GOV.UK's bank holiday data;
// empty means England and Wales, where most councils are.
func ParseNation(s string) (Nation, error) {
	switch n := Nation(strings.ToLower(strings.TrimSpace(s))); n {
	case "":
		return EnglandAndWales, nil
	case EnglandAndWales, Scotland, NorthernIreland:
		return n, nil
	}
	return "", fmt.Errorf("unknown nation %q: use %s, %s or %s", s, EnglandAndWales, Scotland, NorthernIreland)
}

// Holiday is one bank holiday as observed, so a substitute day carries the
// date it is taken on. Names are GOV.UK's titles.
type Holiday struct {
	Date Date
	Name string
}

// Corrections to rickar/cal v2.1.31 that are rules rather than one-off days.
var (
	// Christmas on a Sunday: GOV.UK keeps Boxing Day on Monday 26 and moves Christmas to Tuesday 27; the library names them the other way round.
	christmasDay = gb.ChristmasDay.Clone(&cal.Holiday{Observed: []cal.AltDay{
		{Day: time.Saturday, Offset: 2}, {Day: time.Sunday, Offset: 2}}})
	boxingDay = gb.BoxingDay.Clone(&cal.Holiday{Observed: []cal.AltDay{
		{Day: time.Saturday, Offset: 2}, {Day: time.Sunday, Offset: 2}}})
)

// Scotland's and Northern Ireland's own days, which the library lacks
// (it has only Scotland's August holiday).
var (
	toMonday = []cal.AltDay{{Day: time.Saturday, Offset: 2}, {Day: time.Sunday, Offset: 1}}

	// 2 January gives way to New Year's Day when that needs the Monday.
	secondJanuary = &cal.Holiday{Type: cal.ObservanceBank, Month: time.January, Day: 2, Func: cal.CalcDayOfMonth,
		Observed: []cal.AltDay{{Day: time.Saturday, Offset: 2}, {Day: time.Sunday, Offset: 2}, {Day: time.Monday, Offset: 1}}}
	stAndrewsDay  = &cal.Holiday{Type: cal.ObservanceBank, Month: time.November, Day: 30, Func: cal.CalcDayOfMonth, Observed: toMonday}
	stPatricksDay = &cal.Holiday{Type: cal.ObservanceBank, Month: time.March, Day: 17, Func: cal.CalcDayOfMonth, Observed: toMonday}
	boyne         = &cal.Holiday{Type: cal.ObservanceBank, Month: time.July, Day: 12, Func: cal.CalcDayOfMonth, Observed: toMonday}
)

type rule struct {
	h    *cal.Holiday
	name string
}

var (
	newYear      = rule{gb.NewYear, "New Year’s Day"}
	goodFriday   = rule{gb.GoodFriday, "Good Friday"}
	easterMonday = rule{gb.EasterMonday, "Easter Monday"}
	mayAndJune   = []rule{
		{gb.EarlyMay, "Early May bank holiday"},
		{gb.VEDay, "Early May bank holiday (VE day)"},
		{gb.CoronationDay, "Bank holiday for the coronation of King Charles III"},
		{gb.SpringHoliday, "Spring bank holiday"},
		{gb.SpringHoliday2022, "Spring bank holiday"},
		{gb.PlatinumJubilee, "Platinum Jubilee bank holiday"},
	}
	christmas = []rule{{christmasDay, "Christmas Day"}, {boxingDay, "Boxing Day"}}
)

var rules = map[Nation][]rule{
	EnglandAndWales: slices.Concat([]rule{newYear, goodFriday, easterMonday}, mayAndJune,
		[]rule{{gb.SummerHoliday, "Summer bank holiday"}}, christmas),
	Scotland: slices.Concat([]rule{newYear, {secondJanuary, "2nd January"}, goodFriday}, mayAndJune,
		[]rule{{gb.SummerHolidayScotland, "Summer bank holiday"}, {stAndrewsDay, "St Andrew’s Day"}}, christmas),
	NorthernIreland: slices.Concat([]rule{newYear, {stPatricksDay, "St Patrick’s Day"}, goodFriday, easterMonday}, mayAndJune,
		[]rule{{boyne, "Battle of the Boyne (Orangemen’s Day)"}, {gb.SummerHoliday, "Summer bank holiday"}}, christmas),
}

var allNations = []Nation{EnglandAndWales, Scotland, NorthernIreland}

// corrections adds the one-off bank holidays rickar/cal v2.1.31 lacks.
var corrections = []struct {
	holiday Holiday
	nations []Nation
}{
	// Proclaimed on 12 September 2022 for the whole UK.
	{Holiday{Date{2022, time.September, 19}, "Bank Holiday for the State Funeral of Queen Elizabeth II"}, allNations},
}

// yearTable is one year's bank holidays; mask has bit d of mask[m-1] set
// when day d of month m is one, so a lookup costs no hashing.
type yearTable struct {
	list []Holiday
	mask [12]uint32
}

func (t *yearTable) has(d Date) bool { return t.mask[d.Month-1]&(1<<d.Day) != 0 }

func buildYear(n Nation, y int) *yearTable {
	t := &yearTable{}
	add := func(h Holiday) {
		t.list = append(t.list, h)
		t.mask[h.Date.Month-1] |= 1 << h.Date.Day
	}
	for _, r := range rules[n] {
		if _, obs := r.h.Calc(y); !obs.IsZero() {
			add(Holiday{DateOf(obs), r.name})
		}
	}
	for _, c := range corrections {
		if c.holiday.Date.Year == y && slices.Contains(c.nations, n) {
			add(c.holiday)
		}
	}
	slices.SortFunc(t.list, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	return t
}

// Years in this range are built once per nation, on first use; others
// (only reachable through odd input) are built on demand and kept.
const firstYear, lastYear = 1900, 2199

var (
	firstDay = Date{firstYear, time.January, 1}.days()
	endDay   = Date{lastYear + 1, time.January, 1}.days()
)

type nationTables struct {
	common func() commonTables
	other  sync.Map // int -> *yearTable
}

// commonTables holds the common years twice: by year for names, and as a
// bitset by day number (bit i for day firstDay+i), which is what the
// counting loops test.
type commonTables struct {
	years []*yearTable
	bits  []uint64
}

var tables = func() map[Nation]*nationTables {
	m := make(map[Nation]*nationTables, len(allNations))
	for _, n := range allNations {
		m[n] = &nationTables{common: sync.OnceValue(func() commonTables {
			ct := commonTables{years: make([]*yearTable, lastYear-firstYear+1)}
			ct.bits = make([]uint64, (endDay-firstDay+63)/64)
			for i := range ct.years {
				ct.years[i] = buildYear(n, firstYear+i)
				for _, h := range ct.years[i].list {
					b := h.Date.days() - firstDay
					ct.bits[b/64] |= 1 << (b % 64)
				}
			}
			return ct
		})}
	}
	return m
}()

func (nt *nationTables) year(n Nation, y int) *yearTable {
	if t, ok := nt.other.Load(y); ok {
		return t.(*yearTable)
	}
	t, _ := nt.other.LoadOrStore(y, buildYear(n, y))
	return t.(*yearTable)
}
