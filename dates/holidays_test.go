package dates

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The test data is in the shape of GOV.UK's bank-holidays.json:
// bank-holidays.json is the official list for 2018-2027, and
// bank-holidays-2028-2030.json extends it by the statutory rules.
type govukDivision struct {
	Division string `json:"division"`
	Events   []struct {
		Title string `json:"title"`
		Date  string `json:"date"`
		Notes string `json:"notes"`
	} `json:"events"`
}

func loadHolidays(t *testing.T) map[Nation]map[Date]string {
	t.Helper()
	want := map[Nation]map[Date]string{}
	files, err := filepath.Glob(filepath.Join("testdata", "bank-holidays*.json"))
	if err != nil || len(files) != 2 {
		t.Fatalf("test data: got files %v (err %v), want 2", files, err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var divs map[string]govukDivision
		if err := json.Unmarshal(b, &divs); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for key, div := range divs {
			n, err := ParseNation(key)
			if err != nil || div.Division != key {
				t.Fatalf("%s: division %q/%q: %v", f, key, div.Division, err)
			}
			if want[n] == nil {
				want[n] = map[Date]string{}
			}
			for _, e := range div.Events {
				d, err := ParseDate(e.Date)
				if err != nil {
					t.Fatalf("%s: %v", f, err)
				}
				if _, dup := want[n][d]; dup {
					t.Fatalf("%s: %s listed twice for %s", f, d, n)
				}
				want[n][d] = e.Title
			}
		}
	}
	return want
}

func TestHolidayTestData(t *testing.T) {
	want := loadHolidays(t)
	for _, n := range allNations {
		perYear := map[int]int{}
		for d, name := range want[n] {
			perYear[d.Year]++
			if wd := d.Time(time.UTC).Weekday(); wd == time.Saturday || wd == time.Sunday {
				t.Errorf("%s %s %q falls on a %s; bank holidays are taken on weekdays", n, d, name, wd)
			}
		}
		for y := 2018; y <= 2030; y++ {
			if perYear[y] < 8 {
				t.Errorf("%s %d: got %d holidays in test data, want at least 8", n, y, perYear[y])
			}
		}
	}
}

func TestHolidaysMatchOfficialList(t *testing.T) {
	want := loadHolidays(t)
	for _, n := range allNations {
		c := NewCalendar(n, nil)
		got := map[Date]string{}
		for y := 2018; y <= 2030; y++ {
			hs := c.Holidays(y)
			for i, h := range hs {
				if h.Date.Year != y {
					t.Errorf("%s Holidays(%d) has %s from another year", n, y, h.Date)
				}
				if i > 0 && !hs[i-1].Date.Before(h.Date) {
					t.Errorf("%s Holidays(%d) not sorted: %s then %s", n, y, hs[i-1].Date, h.Date)
				}
				got[h.Date] = h.Name
			}
		}
		for d, name := range want[n] {
			if g, ok := got[d]; !ok {
				t.Errorf("%s: missing %s %q", n, d, name)
			} else if g != name {
				t.Errorf("%s %s: got name %q, want %q", n, d, g, name)
			}
		}
		for d, name := range got {
			if _, ok := want[n][d]; !ok {
				t.Errorf("%s: extra %s %q", n, d, name)
			}
		}
	}
}

// Every day of 2018-2030 agrees with the list, through the lookups the
// rules use rather than through Holidays.
func TestIsBankHolidayEveryDay(t *testing.T) {
	want := loadHolidays(t)
	for _, n := range allNations {
		c := NewCalendar(n, nil)
		for d := NewDate(2018, 1, 1); d.Year <= 2030; d = d.AddDays(1) {
			h, got := c.IsBankHoliday(d)
			name, ok := want[n][d]
			if got != ok || h.Name != name || (got && h.Date != d) {
				t.Errorf("%s IsBankHoliday(%s) = %v, %v; want %q, %v", n, d, h, got, name, ok)
			}
			wd := d.Weekday()
			wantWorking := !ok && wd != time.Saturday && wd != time.Sunday
			if g := c.IsWorkingDay(d); g != wantWorking {
				t.Errorf("%s IsWorkingDay(%s) = %v, want %v", n, d, g, wantWorking)
			}
		}
	}
}

func TestNationsDiffer(t *testing.T) {
	tests := []struct {
		nation Nation
		date   string
		want   bool // working day
	}{
		{EnglandAndWales, "2024-04-01", false}, // Easter Monday
		{Scotland, "2024-04-01", true},
		{NorthernIreland, "2024-04-01", false},
		{EnglandAndWales, "2024-08-05", true}, // Scotland's summer holiday is the first Monday
		{Scotland, "2024-08-05", false},
		{EnglandAndWales, "2024-08-26", false},
		{Scotland, "2024-08-26", true},
		{EnglandAndWales, "2025-01-02", true},
		{Scotland, "2025-01-02", false},
		{Scotland, "2025-12-01", false}, // St Andrew's Day substitute
		{EnglandAndWales, "2025-12-01", true},
		{NorthernIreland, "2024-03-18", false}, // St Patrick's Day substitute
		{EnglandAndWales, "2024-03-18", true},
		{NorthernIreland, "2025-07-14", false}, // Boyne substitute
		{EnglandAndWales, "2025-07-14", true},
		{Scotland, "2025-07-14", true},
	}
	for _, tt := range tests {
		c := NewCalendar(tt.nation, nil)
		if got := c.IsWorkingDay(mustDate(t, tt.date)); got != tt.want {
			t.Errorf("%s IsWorkingDay(%s) = %v, want %v", tt.nation, tt.date, got, tt.want)
		}
	}
}

func TestHolidaysReturnsCopy(t *testing.T) {
	c := NewCalendar(EnglandAndWales, nil)
	hs := c.Holidays(2025)
	hs[0].Name = "changed"
	if got := c.Holidays(2025)[0].Name; got != "New Year’s Day" {
		t.Errorf("Holidays(2025)[0].Name = %q after a caller's edit, want %q", got, "New Year’s Day")
	}
}

func TestHolidaysOutsideTableRange(t *testing.T) {
	c := NewCalendar(Scotland, nil)
	// 2300-01-01 is a Monday, so 2 January is a Tuesday.
	if _, ok := c.IsBankHoliday(NewDate(2300, 1, 2)); !ok {
		t.Errorf("IsBankHoliday(2300-01-02) = false, want true")
	}
	if got := len(c.Holidays(1800)); got == 0 {
		t.Errorf("Holidays(1800): got none, want the rules applied")
	}
	// Across the end of the precomputed years: Wed 1 Jan 2200 is a holiday.
	ew := NewCalendar(EnglandAndWales, nil)
	if got, want := ew.PublishBy(NewDate(2200, 1, 8), WorkingDays), NewDate(2199, 12, 30); got != want {
		t.Errorf("PublishBy(2200-01-08) = %s, want %s", got, want)
	}
}

func TestParseNation(t *testing.T) {
	tests := []struct {
		in      string
		want    Nation
		wantErr bool
	}{
		{"", EnglandAndWales, false},
		{"england-and-wales", EnglandAndWales, false},
		{"scotland", Scotland, false},
		{" Northern-Ireland ", NorthernIreland, false},
		{"wales", "", true},
		{"uk", "", true},
	}
	for _, tt := range tests {
		got, err := ParseNation(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("ParseNation(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err != nil {
			for _, s := range []string{"england-and-wales", "scotland", "northern-ireland"} {
				if !contains(err.Error(), s) {
					t.Errorf("ParseNation(%q) error %q does not list %q", tt.in, err, s)
				}
			}
		}
	}
}

func TestNewCalendarUnknownNationPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Errorf("NewCalendar(\"wales\") did not panic")
		}
	}()
	NewCalendar("wales", nil)
}

func TestNewCalendarEmptyNation(t *testing.T) {
	if got := NewCalendar("", nil).Nation(); got != EnglandAndWales {
		t.Errorf("NewCalendar(\"\").Nation() = %q, want %q", got, EnglandAndWales)
	}
}
